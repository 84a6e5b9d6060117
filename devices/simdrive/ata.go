package simdrive

import (
	"context"
	"encoding/binary"
	"strings"
	"sync"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/sgio"
)

// ATA is an ATA drive behind a SAT layer (libata or a USB bridge): it answers SCSI
// INQUIRY, VPD 80h, READ CAPACITY(16), MODE SENSE/SELECT of the control page and
// ATA PASS-THROUGH(16) carrying IDENTIFY, the security commands, SANITIZE, READ
// NATIVE MAX ADDRESS EXT and DCO IDENTIFY. Set the fields before use; Do is safe
// for concurrent use.
type ATA struct {
	Medium                    *Medium
	Model, Serial, Firmware   string
	SecuritySupported         bool
	EnhancedSupported         bool
	Frozen                    bool
	SanitizeCrypto            bool
	SanitizeBlock             bool
	SanitizeOverwrite         bool
	NonRotating               bool
	NormalMinutes, EnhMinutes int
	HPA, DCO                  bool
	NativeSectors, DCOSectors uint64 // 0: the accessible capacity
	// HPASectors, when set with HPA, puts the Host Protected Area inside the
	// medium: the drive powers on with this many accessible sectors, and its native
	// maximum is the medium's size (unless NativeSectors says otherwise).
	HPASectors uint64
	// FixedSense starts the SAT layer in fixed-format sense (libata's default,
	// until D_SENSE is set); LegacyFixed uses the pre-6.10 libata layout.
	FixedSense, LegacyFixed bool
	// NoSAT is a USB bridge without SAT: ATA PASS-THROUGH is an ILLEGAL REQUEST.
	NoSAT bool
	// FailOpcode makes the ATA command with this opcode abort (after any partial
	// effect Behavior.FailMidway describes, for ERASE UNIT and SANITIZE).
	FailOpcode uint8
	// LockOnFail leaves the drive locked when ERASE UNIT fails, as after a power
	// loss midway.
	LockOnFail bool
	Behavior   Behavior
	// SMART, when set, is the drive's SMART feature set.
	SMART *SMART
	// SED makes the drive self-encrypting: TRUSTED SEND/RECEIVE (and SCSI
	// SECURITY PROTOCOL IN/OUT, which libata translates into them) reach it.
	SED *SED

	mu         sync.Mutex
	password   string
	enabled    bool
	locked     bool
	prepared   bool
	dsense     bool
	sanPending string
	sanPolls   int
	sanFailed  bool
	sanDone    bool
	setMax     uint64 // accessible sectors after SET MAX ADDRESS; 0: the medium's
	lastOp     uint8
	// Commands records the ATA opcodes received, in order.
	Commands []uint8
}

// SMART is what a drive answers to SMART commands: SMART READ DATA, READ
// ATTRIBUTE THRESHOLDS and READ LOG 06h (512 bytes each; nil aborts the command)
// and RETURN STATUS.
type SMART struct {
	Data, Thresholds, SelfTestLog []byte
	// ThresholdExceeded makes RETURN STATUS answer 2CF4h.
	ThresholdExceeded bool
	// Disabled clears IDENTIFY word 85 bit 0: every SMART command aborts.
	Disabled bool
}

func (s *SMART) answer(c ata.Command) (ata.Registers, bool) {
	if s == nil || s.Disabled || c.LBA>>8&0xFFFF != health.StatusPassed {
		return ata.Registers{}, false
	}
	var src []byte
	switch {
	case c.Features == health.FeatureReturnStatus:
		if s.ThresholdExceeded {
			return ata.Registers{LBA: health.StatusFailing << 8}, true
		}
		return ata.Registers{LBA: health.StatusPassed << 8}, true
	case c.Features == health.FeatureReadData:
		src = s.Data
	case c.Features == health.FeatureReadThresh:
		src = s.Thresholds
	case c.Features == health.FeatureReadLog && c.LBA&0xFF == health.LogSelfTest:
		src = s.SelfTestLog
	}
	if src == nil {
		return ata.Registers{}, false
	}
	copy(c.Data, src)
	return ata.Registers{}, true
}

// SetPassword puts the drive in the enabled (and optionally locked) state with
// password, as someone else left it.
func (d *ATA) SetPassword(password string, locked bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.password, d.enabled, d.locked = password, true, locked
}

// SecurityState reports whether a password is set and whether the drive is locked.
func (d *ATA) SecurityState() (enabled, locked bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.enabled, d.locked
}

// Do answers one SCSI command.
func (d *ATA) Do(ctx context.Context, req sgio.Request) (sgio.Response, error) {
	if err := ctx.Err(); err != nil {
		return sgio.Response{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch req.CDB[0] {
	case sgio.OpInquiry:
		r, _ := inquiry(req.CDB, req.Data, "ATA", d.Model, d.Firmware, d.Serial)
		return r, nil
	case sgio.OpServiceActionIn16:
		return readCapacity(req.Data, d.accessible(), 512), nil
	case sgio.OpTestUnitReady:
		return good(), nil
	case sgio.OpModeSense10:
		if req.CDB[2]&0x3F != 0x0A {
			return invalidField(), nil
		}
		page := []byte{0x0A, 0x0A, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		if d.dsense || !d.FixedSense {
			page[2] |= 0x04
		}
		b := append([]byte{0, byte(6 + len(page)), 0, 0, 0, 0, 0, 0}, page...)
		copy(req.Data, b)
		return good(), nil
	case sgio.OpModeSelect10:
		if len(req.Data) >= 11 && req.Data[8]&0x3F == 0x0A {
			d.dsense = req.Data[10]&0x04 != 0
			return good(), nil
		}
		return invalidField(), nil
	case sgio.OpMaintenanceIn:
		// Linux libata answers REPORTING OPTIONS 001b and 011b only, and
		// "not currently available" (000b) for commands it does not translate.
		if req.CDB[1]&0x1F != sgio.SAReportSupportedOpcodes || (req.CDB[2]&7 != 1 && req.CDB[2]&7 != 3) {
			return invalidField(), nil
		}
		copy(req.Data, []byte{0, 0, 0, 0})
		return good(), nil
	case sgio.OpSecurityProtocolIn, sgio.OpSecurityProtocolOut:
		return securityProtocol(d.SED, req), nil
	case sgio.OpATAPassThrough16:
		if d.NoSAT {
			return check(fixedSense(sgio.KeyIllegalRequest, 0x20, 0)), nil
		}
		cmd, _ := sgio.ParseATAPassThrough16(req.CDB)
		cmd.Data = req.Data
		d.Commands = append(d.Commands, cmd.Command)
		regs, ok := d.ata(cmd)
		format := formatDescriptor
		if d.FixedSense && !d.dsense {
			format = formatFixedSAT
			if d.LegacyFixed {
				format = formatFixedLegacy
			}
		}
		if !ok {
			regs.Status = ata.StatusDRDY | ata.StatusERR
			regs.Error = ata.ErrorABRT
			return check(ataSense(format, sgio.KeyAbortedCommand, 0, 0, regs)), nil
		}
		regs.Status = ata.StatusDRDY
		if req.CDB[2]&0x20 == 0 {
			// Without CK_COND, libata answers a successful command with GOOD.
			return good(), nil
		}
		return check(ataSense(format, sgio.KeyRecoveredError, 0, 0x1D, regs)), nil
	}
	return illegalRequest(), nil
}

func (d *ATA) accessible() uint64 {
	if d.setMax != 0 {
		return d.setMax
	}
	if d.HPA && d.HPASectors != 0 {
		return d.HPASectors
	}
	return uint64(d.Medium.Size() / 512)
}

func (d *ATA) native() uint64 {
	if d.NativeSectors != 0 {
		return d.NativeSectors
	}
	if d.HPA && d.HPASectors != 0 {
		return uint64(d.Medium.Size() / 512)
	}
	return d.accessible()
}

// PowerCycle drops what a power cycle drops: a volatile SET MAX ADDRESS (the HPA
// is back) and descriptor sense.
func (d *ATA) PowerCycle() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.setMax, d.dsense, d.lastOp = 0, false, 0
}

// ata carries out one ATA command; ok false means abort.
func (d *ATA) ata(c ata.Command) (ata.Registers, bool) {
	pw := func() string {
		if len(c.Data) < 34 {
			return ""
		}
		return strings.TrimRight(string(c.Data[2:34]), "\x00")
	}
	fail := c.Command == d.FailOpcode && d.FailOpcode != 0
	last := d.lastOp
	d.lastOp = c.Command
	if c.Command != ata.OpSecurityEraseUnit && c.Command != ata.OpSecurityErasePrep {
		defer func() { d.prepared = false }()
	}
	switch c.Command {
	case ata.OpIdentifyDevice:
		copy(c.Data, d.identify())
		return ata.Registers{}, true
	case ata.OpSMART:
		return d.SMART.answer(c)
	case ata.OpReadNativeMaxExt:
		if !d.HPA || fail {
			return ata.Registers{}, false
		}
		return ata.Registers{LBA: d.native() - 1}, true
	case ata.OpSetMaxAddressExt:
		if !d.HPA || last != ata.OpReadNativeMaxExt || c.LBA+1 > d.native() || fail {
			return ata.Registers{}, false
		}
		d.setMax = c.LBA + 1
		return ata.Registers{}, true
	case ata.OpDCO:
		if !d.DCO || c.Features != ata.DCOIdentifyFeature {
			return ata.Registers{}, false
		}
		b := make([]byte, 512)
		n := d.DCOSectors
		if n == 0 {
			n = d.native()
		}
		for i := 0; i < 4; i++ {
			binary.LittleEndian.PutUint16(b[6+2*i:], uint16((n-1)>>(16*i)))
		}
		copy(c.Data, b)
		return ata.Registers{}, true
	case ata.OpSecuritySetPasswd:
		if !d.SecuritySupported || d.Frozen || d.locked || fail {
			return ata.Registers{}, false
		}
		if len(c.Data) >= 2 && c.Data[0]&1 == 0 { // user password
			d.password, d.enabled = pw(), true
		}
		return ata.Registers{}, true
	case ata.OpSecurityUnlock:
		if !d.SecuritySupported || d.Frozen || !d.enabled || pw() != d.password || fail {
			return ata.Registers{}, false
		}
		d.locked = false
		return ata.Registers{}, true
	case ata.OpSecurityDisable:
		if !d.SecuritySupported || d.Frozen || d.locked || (d.enabled && pw() != d.password) || fail {
			return ata.Registers{}, false
		}
		d.enabled, d.password = false, ""
		return ata.Registers{}, true
	case ata.OpSecurityErasePrep:
		if !d.SecuritySupported || d.Frozen || fail {
			return ata.Registers{}, false
		}
		d.prepared = true
		return ata.Registers{}, true
	case ata.OpSecurityEraseUnit:
		prepared := d.prepared
		d.prepared = false
		if !d.SecuritySupported || d.Frozen || !prepared || !d.enabled || pw() != d.password {
			return ata.Registers{}, false
		}
		enhanced := len(c.Data) > 0 && c.Data[0]&2 != 0
		if enhanced && !d.EnhancedSupported {
			return ata.Registers{}, false
		}
		if fail {
			b := d.Behavior
			b.FailMidway = true
			b.effect(d.Medium, "zero", 0)
			if d.LockOnFail {
				d.locked = true
			}
			return ata.Registers{}, false
		}
		if enhanced {
			d.Behavior.effect(d.Medium, "crypto", 0) // a vendor pattern: not predictable
		} else {
			d.Behavior.effect(d.Medium, "zero", 0)
		}
		d.enabled, d.locked, d.password = false, false, "" // ACS: a successful erase disables the password
		return ata.Registers{}, true
	case ata.OpSanitize:
		return d.sanitize(c, fail)
	case ata.OpTrustedReceive, ata.OpTrustedSend:
		if d.SED == nil {
			return ata.Registers{}, false
		}
		comID := uint16(c.LBA >> 8)
		if (int(c.LBA&0xFF)<<8|int(c.Count&0xFF))*512 != len(c.Data) {
			return ata.Registers{}, false
		}
		if c.Command == ata.OpTrustedReceive {
			return ata.Registers{}, d.SED.IFRecv(uint8(c.Features), comID, c.Data)
		}
		return ata.Registers{}, d.SED.IFSend(uint8(c.Features), comID, c.Data)
	}
	return ata.Registers{}, false
}

func (d *ATA) sanitize(c ata.Command, fail bool) (ata.Registers, bool) {
	if !(d.SanitizeCrypto || d.SanitizeBlock || d.SanitizeOverwrite) || d.locked {
		return ata.Registers{}, false
	}
	kind := ""
	switch c.Features {
	case ata.SanitizeStatusExt:
		if d.sanPending != "" {
			if d.sanPolls > 0 {
				d.sanPolls--
				p := 1 - float64(d.sanPolls+1)/float64(d.Behavior.Polls+1)
				return ata.Registers{Count: 1 << 14, LBA: uint64(p * 65535)}, true
			}
			b := d.Behavior
			b.FailMidway = b.FailMidway || fail
			b.effect(d.Medium, d.sanPending, 0)
			d.sanFailed = b.FailMidway
			d.sanDone = !d.sanFailed
			d.sanPending = ""
		}
		if d.sanFailed {
			return ata.Registers{}, false
		}
		if d.sanDone {
			return ata.Registers{Count: 1 << 15, LBA: 0xFFFF}, true
		}
		return ata.Registers{}, true
	case ata.SanitizeCryptoScrambleExt:
		if !d.SanitizeCrypto || c.LBA != ata.SignatureCrypto {
			return ata.Registers{}, false
		}
		kind = "crypto"
	case ata.SanitizeBlockEraseExt:
		if !d.SanitizeBlock || c.LBA != ata.SignatureBlockErase {
			return ata.Registers{}, false
		}
		kind = "block"
	case ata.SanitizeOverwriteExt:
		if !d.SanitizeOverwrite || c.LBA>>32 != ata.SignatureOverwrite {
			return ata.Registers{}, false
		}
		kind = "overwrite"
	default:
		return ata.Registers{}, false
	}
	d.sanPending, d.sanPolls, d.sanFailed, d.sanDone = kind, d.Behavior.Polls, false, false
	if fail {
		d.Behavior.FailMidway = true
	}
	return ata.Registers{}, true
}

func (d *ATA) identify() []byte {
	var w [256]uint16
	putStr := func(first, last int, s string) {
		b := pad(s, 2*(last-first+1))
		for i := first; i <= last; i++ {
			w[i] = uint16(b[2*(i-first)])<<8 | uint16(b[2*(i-first)+1])
		}
	}
	putStr(10, 19, d.Serial)
	putStr(23, 26, d.Firmware)
	putStr(27, 46, d.Model)
	n := d.accessible()
	w[60], w[61] = uint16(min(n, 0x0FFFFFFF)), uint16(min(n, 0x0FFFFFFF)>>16)
	for i := 0; i < 4; i++ {
		w[100+i] = uint16(n >> (16 * i))
	}
	w[83] = 1 << 10
	if d.DCO {
		w[83] |= 1 << 11
	}
	if d.HPA {
		w[82] |= 1 << 10
	}
	if d.SecuritySupported {
		w[82] |= 1 << 1
		w[128] = 1
		if d.enabled {
			w[128] |= 1 << 1
		}
		if d.locked {
			w[128] |= 1 << 2
		}
		if d.Frozen {
			w[128] |= 1 << 3
		}
		if d.EnhancedSupported {
			w[128] |= 1 << 5
		}
		w[89] = 0x8000 | uint16(d.NormalMinutes/2)
		w[90] = 0x8000 | uint16(d.EnhMinutes/2)
	}
	if d.SanitizeCrypto || d.SanitizeBlock || d.SanitizeOverwrite {
		w[59] |= 1 << 12
	}
	if d.SanitizeCrypto {
		w[59] |= 1 << 13
	}
	if d.SanitizeOverwrite {
		w[59] |= 1 << 14
	}
	if d.SanitizeBlock {
		w[59] |= 1 << 15
	}
	if d.NonRotating {
		w[217] = 1
	}
	if d.SMART != nil {
		w[82] |= 1
		if !d.SMART.Disabled {
			w[85] |= 1
		}
		if d.SMART.SelfTestLog != nil {
			w[84] = 0x4000 | 1<<1
		}
	}
	if d.SED != nil {
		w[48] = 0x4001
	}
	b := make([]byte, 512)
	for i, v := range w {
		binary.LittleEndian.PutUint16(b[2*i:], v)
	}
	b[510] = 0xA5
	var sum byte
	for _, c := range b[:511] {
		sum += c
	}
	b[511] = -sum
	return b
}

// DescriptorSense reports whether the host switched the drive's SAT layer to
// descriptor-format sense (MODE SELECT of the control page, D_SENSE).
func (d *ATA) DescriptorSense() bool { return d.dsense }
