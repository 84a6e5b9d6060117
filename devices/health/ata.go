package health

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices/ata"
)

// The SMART command (ACS-3 7.44): one opcode, the operation in FEATURES, and the
// signature 4Fh/C2h in LBA 15:8 and 23:16.
const (
	smartSignature = 0xC24F00

	FeatureReadData     = 0xD0
	FeatureReadThresh   = 0xD1 // obsolete in ACS, still answered by drives and smartctl reads it
	FeatureReadLog      = 0xD5
	FeatureReturnStatus = 0xDA

	// LogSelfTest is the SMART self-test log address (ACS-3 A.19).
	LogSelfTest = 0x06
)

// RETURN STATUS answers in LBA 15:8 / 23:16: C24Fh below threshold, 2CF4h a
// threshold exceeded (ACS-3 7.44.8).
const (
	StatusPassed  = 0xC24F
	StatusFailing = 0x2CF4
)

// smartCommandTimeout bounds one SMART command: they read drive memory, not media.
const smartCommandTimeout = 5 * time.Second

func smart(feature uint16, lbaLow uint8, protocol ata.Protocol) ata.Command {
	c := ata.Command{Command: ata.OpSMART, Features: feature, LBA: smartSignature | uint64(lbaLow),
		Protocol: protocol, Timeout: smartCommandTimeout}
	if protocol == ata.ProtocolPIOIn {
		c.Count = 1
		c.Data = make([]byte, ata.SectorBytes)
	}
	return c
}

// SMARTReadData is SMART READ DATA: the 512-byte attribute table.
func SMARTReadData() ata.Command { return smart(FeatureReadData, 0, ata.ProtocolPIOIn) }

// SMARTReadThresholds is SMART READ ATTRIBUTE THRESHOLDS.
func SMARTReadThresholds() ata.Command { return smart(FeatureReadThresh, 0, ata.ProtocolPIOIn) }

// SMARTReadSelfTestLog is SMART READ LOG of the self-test log (06h).
func SMARTReadSelfTestLog() ata.Command { return smart(FeatureReadLog, LogSelfTest, ata.ProtocolPIOIn) }

// SMARTReturnStatus is SMART RETURN STATUS: the verdict is in the result registers.
func SMARTReturnStatus() ata.Command { return smart(FeatureReturnStatus, 0, ata.ProtocolNonData) }

// ParseReturnStatus reads the verdict from the result registers (LBA 23:8).
func ParseReturnStatus(r ata.Registers) Assessment {
	switch r.LBA >> 8 & 0xFFFF {
	case StatusPassed:
		return Passed
	case StatusFailing:
		return Failing
	}
	return Unknown
}

// ATAAttribute is one SMART attribute: its normalized value, worst value and raw
// bytes (48 bits, little-endian as the drive sends them), with its threshold.
type ATAAttribute struct {
	ID    uint8  `json:"id"`
	Flags uint16 `json:"flags"`
	Value uint8  `json:"value"`
	Worst uint8  `json:"worst"`
	Raw   uint64 `json:"raw"`
	// Threshold is nil when the thresholds could not be read.
	Threshold *uint8 `json:"threshold,omitempty"`
	// Prefailure is flag bit 0: crossing the threshold predicts failure.
	Prefailure bool `json:"prefailure"`
	// FailingNow is a value at or below a non-zero threshold.
	FailingNow bool `json:"failing_now"`
}

// The attribute IDs this package decodes (conventional meanings, as smartctl's
// default table has them).
const (
	AttrReallocated     = 5
	AttrPowerOnHours    = 9
	AttrWearLeveling173 = 173
	AttrWearLeveling177 = 177
	AttrAirflowTemp     = 190
	AttrTemperature     = 194
	AttrPending         = 197
	AttrUncorrectable   = 198
	AttrPercentLife202  = 202
	AttrSSDLifeLeft231  = 231
	AttrMediaWearout233 = 233
)

// wearAttributes are the wear indicators in the order they are preferred.
var wearAttributes = []uint8{AttrWearLeveling177, AttrMediaWearout233, AttrSSDLifeLeft231, AttrWearLeveling173, AttrPercentLife202}

// smartTableEntries is the number of 12-byte entries in SMART data and thresholds
// (bytes 2-361).
const smartTableEntries = 30

// checkBlock checks a 512-byte SMART answer: all its bytes sum to 0 (the
// checksum), and it is not all zeros, which is what a bridge that completes the
// command without passing data leaves in the buffer (and sums to 0 too).
func checkBlock(b []byte) error {
	var s byte
	for _, c := range b[:ata.SectorBytes] {
		s += c
	}
	switch {
	case allZero(b[:ata.SectorBytes]):
		return errors.New("empty answer (all zeros)")
	case s != 0:
		return errors.New("checksum mismatch")
	}
	return nil
}

// ParseAttributes decodes SMART READ DATA and, when thresholds is not nil, SMART
// READ ATTRIBUTE THRESHOLDS.
func ParseAttributes(data, thresholds []byte) ([]ATAAttribute, error) {
	if len(data) < ata.SectorBytes {
		return nil, fmt.Errorf("smart data: %d bytes, want %d", len(data), ata.SectorBytes)
	}
	if err := checkBlock(data); err != nil {
		return nil, fmt.Errorf("smart data: %w", err)
	}
	limits := map[uint8]uint8{}
	if len(thresholds) >= ata.SectorBytes && checkBlock(thresholds) == nil {
		for i := 0; i < smartTableEntries; i++ {
			e := thresholds[2+12*i:]
			if e[0] != 0 {
				limits[e[0]] = e[1]
			}
		}
	} else {
		thresholds = nil
	}
	var out []ATAAttribute
	for i := 0; i < smartTableEntries; i++ {
		e := data[2+12*i : 2+12*i+12]
		if e[0] == 0 {
			continue
		}
		a := ATAAttribute{
			ID: e[0], Flags: binary.LittleEndian.Uint16(e[1:3]), Value: e[3], Worst: e[4],
			Raw: uint64(e[5]) | uint64(e[6])<<8 | uint64(e[7])<<16 | uint64(e[8])<<24 | uint64(e[9])<<32 | uint64(e[10])<<40,
		}
		a.Prefailure = a.Flags&1 != 0
		if t, ok := limits[a.ID]; ok && thresholds != nil {
			a.Threshold = ptr(t)
			a.FailingNow = t != 0 && a.Value <= t
		}
		out = append(out, a)
	}
	return out, nil
}

// SelfTest is one entry of the SMART self-test log (ACS-3 A.19), newest first.
type SelfTest struct {
	// Type is the LBA 7:0 of the SMART EXECUTE OFF-LINE that started it (1 short,
	// 2 extended, 3 conveyance; 81h-83h the same in captive mode).
	Type uint8 `json:"type"`
	// Status is the execution status, bits 7:4 (0 completed without error, 1
	// aborted by the host, 2 interrupted by a reset, 3-8 failures, 15 in progress).
	Status uint8 `json:"status"`
	// PowerOnHours is the drive's life timestamp when the test ended.
	PowerOnHours uint16 `json:"power_on_hours"`
	// FirstErrorLBA is the LBA of the first failure (failed tests only).
	FirstErrorLBA uint32 `json:"first_error_lba,omitempty"`
}

// Passed reports a test that completed without error.
func (t SelfTest) Passed() bool { return t.Status == 0 }

// Failed reports a test that ended with a failure the drive found (status 3-8).
func (t SelfTest) Failed() bool { return t.Status >= 3 && t.Status <= 8 }

// selfTestEntries is the number of 24-byte descriptors of the self-test log.
const selfTestEntries = 21

// ParseSelfTestLog decodes the SMART self-test log, newest entry first.
func ParseSelfTestLog(b []byte) ([]SelfTest, error) {
	if len(b) < ata.SectorBytes {
		return nil, fmt.Errorf("smart self-test log: %d bytes, want %d", len(b), ata.SectorBytes)
	}
	if err := checkBlock(b); err != nil {
		return nil, fmt.Errorf("smart self-test log: %w", err)
	}
	newest := int(b[508]) // 1-based index of the most recent descriptor, 0 = none
	if newest == 0 || newest > selfTestEntries {
		return nil, nil
	}
	var out []SelfTest
	for n := 0; n < selfTestEntries; n++ {
		i := (newest - 1 - n + selfTestEntries) % selfTestEntries
		e := b[2+24*i : 2+24*i+24]
		if allZero(e) {
			break
		}
		t := SelfTest{Type: e[0], Status: e[1] >> 4, PowerOnHours: binary.LittleEndian.Uint16(e[2:4])}
		if t.Failed() {
			t.FirstErrorLBA = binary.LittleEndian.Uint32(e[5:9])
		}
		out = append(out, t)
	}
	return out, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// ATAHealth is what ATA SMART answered, part by part.
type ATAHealth struct {
	// Enabled is IDENTIFY word 85 bit 0; a drive with SMART disabled answers nothing.
	Enabled bool `json:"enabled"`

	StatusState State      `json:"status_state"`
	Status      Assessment `json:"status"`

	AttributesState State          `json:"attributes_state"`
	ThresholdsState State          `json:"thresholds_state"`
	Attributes      []ATAAttribute `json:"attributes,omitempty"`

	// The decoded raw values (nil when the attribute is absent): the reallocated
	// sector count is the low 16 bits of attribute 5, power-on hours the low 24 bits
	// of attribute 9, the temperature the low byte of 194 (or 190), as smartctl's
	// default table reads them; pending (197) and uncorrectable (198) are 48 bits.
	ReallocatedSectors   *uint64 `json:"reallocated_sectors,omitempty"`
	PendingSectors       *uint64 `json:"pending_sectors,omitempty"`
	UncorrectableSectors *uint64 `json:"uncorrectable_sectors,omitempty"`

	SelfTestState State      `json:"self_test_state"`
	SelfTests     []SelfTest `json:"self_tests,omitempty"`
}

// Attribute returns the attribute with id, if the drive reported it.
func (h *ATAHealth) Attribute(id uint8) (ATAAttribute, bool) {
	for _, a := range h.Attributes {
		if a.ID == id {
			return a, true
		}
	}
	return ATAAttribute{}, false
}

// decodeATA fills the report's summary and the decoded raw values from the
// attribute table and the verdict.
func decodeATA(r *Report, h *ATAHealth) {
	raw := func(id uint8, mask uint64) *uint64 {
		if a, ok := h.Attribute(id); ok {
			return ptr(a.Raw & mask)
		}
		return nil
	}
	const all48 = 1<<48 - 1
	h.ReallocatedSectors = raw(AttrReallocated, 0xFFFF)
	h.PendingSectors = raw(AttrPending, all48)
	h.UncorrectableSectors = raw(AttrUncorrectable, all48)
	r.PowerOnHours = raw(AttrPowerOnHours, 0xFFFFFF)
	for _, id := range []uint8{AttrTemperature, AttrAirflowTemp} {
		// The low byte is the current temperature; 0 and values above 127 are not
		// a plausible reading (smartctl ignores them too).
		if a, ok := h.Attribute(id); ok && a.Raw&0xFF > 0 && a.Raw&0xFF < 128 {
			r.TemperatureCelsius = ptr(int(a.Raw & 0xFF))
			break
		}
	}
	for _, id := range wearAttributes {
		if a, ok := h.Attribute(id); ok {
			r.WearLevelling = ptr(a)
			break
		}
	}
	r.Overall = h.Status
	if h.StatusState != Available {
		r.Overall = Unknown
		for _, a := range h.Attributes {
			if a.Prefailure && a.FailingNow {
				r.Overall = Failing
			}
		}
	}
}
