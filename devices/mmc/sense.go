package mmc

import "fmt"

// Sense keys used here (SPC-4 table 51).
const (
	SenseNoSense        = 0x0
	SenseRecovered      = 0x1
	SenseNotReady       = 0x2
	SenseMediumError    = 0x3
	SenseHardwareError  = 0x4
	SenseIllegalRequest = 0x5
	SenseUnitAttention  = 0x6
)

// Sense is decoded sense data (fixed or descriptor format).
type Sense struct {
	Key, ASC, ASCQ byte
	// Progress is the sense-key specific progress indication (0-65535 of 65536),
	// valid when HasProgress.
	Progress    uint16
	HasProgress bool
}

// ParseSense decodes sense data in fixed (70h/71h) or descriptor (72h/73h) format.
func ParseSense(b []byte) (Sense, bool) {
	if len(b) < 1 {
		return Sense{}, false
	}
	switch b[0] & 0x7f {
	case 0x70, 0x71:
		if len(b) < 14 {
			if len(b) >= 3 {
				return Sense{Key: b[2] & 0xf}, true
			}
			return Sense{}, false
		}
		s := Sense{Key: b[2] & 0xf, ASC: b[12], ASCQ: b[13]}
		if len(b) >= 18 && b[15]&0x80 != 0 && (s.Key == SenseNotReady || s.Key == SenseNoSense) {
			s.Progress, s.HasProgress = uint16(b[16])<<8|uint16(b[17]), true
		}
		return s, true
	case 0x72, 0x73:
		if len(b) < 4 {
			return Sense{}, false
		}
		s := Sense{Key: b[1] & 0xf, ASC: b[2], ASCQ: b[3]}
		for i := 8; i+2 <= len(b); {
			typ, l := b[i], int(b[i+1])
			if i+2+l > len(b) {
				break
			}
			if typ == 0x02 && l >= 6 && b[i+4]&0x80 != 0 {
				s.Progress, s.HasProgress = uint16(b[i+5])<<8|uint16(b[i+6]), true
			}
			i += 2 + l
		}
		return s, true
	}
	return Sense{}, false
}

// NoMedium reports "MEDIUM NOT PRESENT" (02/3A).
func (s Sense) NoMedium() bool { return s.Key == SenseNotReady && s.ASC == 0x3A }

// InProgress reports NOT READY while an operation runs: 04/04 format, 04/07
// operation in progress, 04/08 long write in progress, 04/01 becoming ready.
func (s Sense) InProgress() bool {
	return s.Key == SenseNotReady && s.ASC == 0x04 && (s.ASCQ == 0x01 || s.ASCQ == 0x04 || s.ASCQ == 0x07 || s.ASCQ == 0x08)
}

// CheckError is a command the drive answered with CHECK CONDITION.
type CheckError struct {
	Command string
	Sense   Sense
}

func (e *CheckError) Error() string {
	return fmt.Sprintf("%s: drive answered CHECK CONDITION, sense %s (%x/%02x/%02x)", e.Command, senseKeyName(e.Sense.Key), e.Sense.Key, e.Sense.ASC, e.Sense.ASCQ)
}

func senseKeyName(k byte) string {
	names := []string{"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK"}
	if int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("sense key %x", k)
}
