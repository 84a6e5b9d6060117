package simdrive

import (
	"bytes"
	"encoding/binary"
	"sync"

	"github.com/wipestation/wipestation/devices/tcg"
)

// SED is the TCG Storage side of a self-encrypting drive: it answers Level 0
// Discovery and, on its SSC's base ComID, the PSID session and the Admin SP's
// Revert, at the byte level of IF-SEND/IF-RECV payloads. Attach it to an ATA,
// SCSI or NVMe simulated drive (their SED field); a drive without one refuses the
// security protocol commands, as a drive that is not an SED does.
//
// While locked, its Medium reads fail (DATA PROTECT). A successful PSID revert
// disables locking and replaces the media key: the medium then reads as fresh
// pseudo-random data (unless Behavior.Lie, which reports success and changes
// nothing but the locking state).
type SED struct {
	Medium *Medium
	// Feature is the SSC's feature code (tcg.FeatureOpal2 when 0).
	Feature uint16
	// PSID is the 32-character PSID printed on the label.
	PSID string
	// TryLimit is how many wrong PSIDs the PSID authority takes per power cycle
	// before it answers AUTHORITY_LOCKED_OUT (5 when 0).
	TryLimit int
	// NoMediaEncryption clears the Locking feature's Media Encryption bit (Pyrite).
	NoMediaEncryption bool
	// BusyPolls is how many IF-RECVs answer "nothing yet" before each response.
	BusyPolls int
	Behavior  Behavior

	mu       sync.Mutex
	enabled  bool
	locked   bool
	tries    int
	tsn      uint32 // the open session; 0: none
	hsn      uint32
	psidAuth bool
	nextTSN  uint32
	pending  []byte
	busy     int
	// Calls records the methods received, by name ("StartSession", "Revert", "EndOfSession").
	Calls []string
	// Reverts counts the successful reverts.
	Reverts int
}

const simBaseComID = 0x07FE

func (s *SED) feature() uint16 {
	if s.Feature == 0 {
		return tcg.FeatureOpal2
	}
	return s.Feature
}

func (s *SED) tryLimit() int {
	if s.TryLimit == 0 {
		return 5
	}
	return s.TryLimit
}

// SetLocking puts the drive in the state its owner left it: locking enabled
// (a Locking SP activated with a range set up), and locked or not.
func (s *SED) SetLocking(enabled, locked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enabled, s.locked = enabled, enabled && locked
	s.Medium.setLocked(s.locked)
}

// State reports locking enabled and locked.
func (s *SED) State() (enabled, locked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enabled, s.locked
}

// PowerCycle resets the PSID try counter and closes any session; a drive whose
// locking is enabled comes back locked.
func (s *SED) PowerCycle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries, s.tsn, s.psidAuth, s.pending = 0, 0, false, nil
	s.locked = s.enabled
	s.Medium.setLocked(s.locked)
}

// discovery is the Level 0 Discovery answer.
func (s *SED) discovery() []byte {
	b := make([]byte, 48)
	binary.BigEndian.PutUint32(b[4:8], 1)
	desc := func(code uint16, version byte, data []byte) {
		h := []byte{byte(code >> 8), byte(code), version << 4, byte(len(data))}
		b = append(b, h...)
		b = append(b, data...)
	}
	desc(tcg.FeatureTPer, 1, []byte{0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	lf := byte(0x01)
	if s.enabled {
		lf |= 0x02
	}
	if s.locked {
		lf |= 0x04
	}
	if !s.NoMediaEncryption {
		lf |= 0x08
	}
	desc(tcg.FeatureLocking, 1, []byte{lf, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	ssc := make([]byte, 16)
	binary.BigEndian.PutUint16(ssc[0:2], simBaseComID)
	binary.BigEndian.PutUint16(ssc[2:4], 1)
	desc(s.feature(), 1, ssc)
	binary.BigEndian.PutUint32(b[0:4], uint32(len(b)-4))
	return b
}

// IFRecv answers IF-RECV; ok false means the protocol or ComID is not supported.
func (s *SED) IFRecv(protocol uint8, comID uint16, buf []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(buf)
	if protocol != tcg.ProtocolTCG {
		return false
	}
	if comID == tcg.ComIDDiscovery {
		copy(buf, s.discovery())
		return true
	}
	if comID != simBaseComID {
		return false
	}
	binary.BigEndian.PutUint16(buf[4:6], comID)
	if s.pending == nil {
		return true // an empty ComPacket: nothing outstanding
	}
	if s.busy > 0 {
		s.busy--
		binary.BigEndian.PutUint32(buf[8:12], 1) // OutstandingData: not ready yet
		return true
	}
	copy(buf, s.pending)
	s.pending = nil
	return true
}

// IFSend takes IF-SEND; ok false means the protocol or ComID is not supported.
func (s *SED) IFSend(protocol uint8, comID uint16, data []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if protocol != tcg.ProtocolTCG || comID != simBaseComID || len(data) < 56 {
		return false
	}
	// ComPacket, Packet, SubPacket headers (Core tables 18-20), read by hand.
	tsn := binary.BigEndian.Uint32(data[20:24])
	hsn := binary.BigEndian.Uint32(data[24:28])
	n := int(binary.BigEndian.Uint32(data[52:56]))
	if 56+n > len(data) {
		return false
	}
	s.pending = s.answer(tsn, hsn, data[56:56+n])
	s.busy = s.BusyPolls
	return true
}

func (s *SED) packet(tsn, hsn uint32, payload []byte) []byte {
	return tcg.EncodeComPacket(simBaseComID, tsn, hsn, payload)
}

// status list after end of data.
func statusList(st tcg.Status) []byte { return []byte{0xF9, 0xF0, byte(st), 0x00, 0x00, 0xF1} }

var (
	smUID       = []byte{0xA8, 0, 0, 0, 0, 0, 0, 0, 0xFF}
	syncSession = []byte{0xA8, 0, 0, 0, 0, 0, 0, 0xFF, 0x03}
)

func (s *SED) answer(tsn, hsn uint32, p []byte) []byte {
	if bytes.Equal(p, []byte{0xFA}) {
		s.Calls = append(s.Calls, "EndOfSession")
		s.tsn, s.psidAuth = 0, false
		return s.packet(tsn, hsn, []byte{0xFA})
	}
	toks, err := tcg.Decode(p)
	if err != nil || len(toks) < 4 || !toks[0].IsControl(tcg.TokCall) {
		return s.packet(tsn, hsn, append([]byte{0xF0, 0xF1}, statusList(tcg.InvalidParameter)...))
	}
	switch {
	case tsn == 0 && toks[1].IsUID(tcg.UIDSessionManager) && toks[2].IsUID(tcg.UIDStartSession):
		s.Calls = append(s.Calls, "StartSession")
		return s.packet(0, 0, s.startSession(toks))
	case tsn != 0 && tsn == s.tsn && hsn == s.hsn && toks[1].IsUID(tcg.UIDAdminSP) && toks[2].IsUID(tcg.UIDRevert):
		s.Calls = append(s.Calls, "Revert")
		if !s.psidAuth {
			return s.packet(tsn, hsn, append([]byte{0xF0, 0xF1}, statusList(tcg.NotAuthorized)...))
		}
		s.enabled, s.locked, s.tsn, s.psidAuth = false, false, 0, false
		s.Medium.setLocked(false)
		if !s.Behavior.Lie {
			s.Medium.Scramble(1)
		}
		s.Reverts++
		return s.packet(tsn, hsn, append([]byte{0xF0, 0xF1}, statusList(tcg.Success)...))
	}
	s.Calls = append(s.Calls, "other")
	return s.packet(tsn, hsn, append([]byte{0xF0, 0xF1}, statusList(tcg.InvalidParameter)...))
}

// startSession checks SMUID.StartSession[HSN, SPID, Write, 0 = challenge, 3 = authority].
func (s *SED) startSession(t []tcg.Token) []byte {
	fail := func(st tcg.Status) []byte {
		b := append([]byte{0xF8}, smUID...)
		b = append(b, syncSession...)
		b = append(b, 0xF0, 0xF1)
		return append(b, statusList(st)...)
	}
	if len(t) < 7 || !t[3].IsControl(tcg.TokStartList) || t[4].Kind != tcg.KindUint || !t[5].IsUID(tcg.UIDAdminSP) {
		return fail(tcg.InvalidParameter)
	}
	hsn := uint32(t[4].Uint)
	var challenge []byte
	var psid bool
	for i := 7; i+3 < len(t); i++ {
		if !t[i].IsControl(tcg.TokStartName) || t[i+1].Kind != tcg.KindUint {
			continue
		}
		switch t[i+1].Uint {
		case 0:
			challenge = t[i+2].Bytes
		case 3:
			psid = t[i+2].IsUID(tcg.UIDPSIDAuthority)
		}
	}
	if !psid {
		return fail(tcg.NotAuthorized)
	}
	if s.tries >= s.tryLimit() {
		return fail(tcg.AuthorityLockedOut)
	}
	if string(challenge) != s.PSID {
		s.tries++
		return fail(tcg.NotAuthorized)
	}
	s.tries = 0
	s.nextTSN++
	s.tsn, s.hsn, s.psidAuth = 0x1000+s.nextTSN, hsn, true
	b := append([]byte{0xF8}, smUID...)
	b = append(b, syncSession...)
	b = append(b, 0xF0)
	e := &tcg.Encoder{}
	b = append(b, e.Uint(uint64(hsn)).Uint(uint64(s.tsn)).Bytes()...)
	b = append(b, 0xF1)
	return append(b, statusList(tcg.Success)...)
}
