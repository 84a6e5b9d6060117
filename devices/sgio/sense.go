package sgio

import (
	"context"
	"errors"
	"fmt"

	"github.com/wipestation/wipestation/devices/ata"
)

// Sense keys (SPC-5 table 51).
const (
	KeyNoSense        = 0x0
	KeyRecoveredError = 0x1
	KeyNotReady       = 0x2
	KeyMediumError    = 0x3
	KeyHardwareError  = 0x4
	KeyIllegalRequest = 0x5
	KeyUnitAttention  = 0x6
	KeyDataProtect    = 0x7
	KeyAbortedCommand = 0xB
)

var keyNames = map[uint8]string{
	KeyNoSense: "NO SENSE", KeyRecoveredError: "RECOVERED ERROR", KeyNotReady: "NOT READY",
	KeyMediumError: "MEDIUM ERROR", KeyHardwareError: "HARDWARE ERROR",
	KeyIllegalRequest: "ILLEGAL REQUEST", KeyUnitAttention: "UNIT ATTENTION",
	KeyDataProtect: "DATA PROTECT", KeyAbortedCommand: "ABORTED COMMAND",
}

// Sense is decoded sense data (SPC-5 4.4), from either format.
type Sense struct {
	Descriptor bool // response code 72h/73h
	// Valid is the VALID bit of fixed format (INFORMATION field is meaningful).
	Valid          bool
	Key, ASC, ASCQ uint8
	// SKSV says SenseKeySpecific holds meaningful bytes (e.g. progress).
	SKSV             bool
	SenseKeySpecific [3]byte
	Raw              []byte
}

// ErrNoSense says a sense buffer was empty or not sense data.
var ErrNoSense = errors.New("no sense data")

// ParseSense decodes fixed (70h/71h) or descriptor (72h/73h) sense data.
func ParseSense(b []byte) (Sense, error) {
	if len(b) < 8 {
		return Sense{}, ErrNoSense
	}
	s := Sense{Raw: b}
	switch b[0] & 0x7F {
	case 0x70, 0x71:
		s.Valid = b[0]&0x80 != 0
		s.Key = b[2] & 0x0F
		if len(b) >= 14 {
			s.ASC, s.ASCQ = b[12], b[13]
		}
		if len(b) >= 18 && b[15]&0x80 != 0 {
			s.SKSV = true
			copy(s.SenseKeySpecific[:], b[15:18])
		}
	case 0x72, 0x73:
		s.Descriptor = true
		s.Key = b[1] & 0x0F
		s.ASC, s.ASCQ = b[2], b[3]
		if d := findDescriptor(b, 0x02); d != nil && len(d) >= 7 && d[4]&0x80 != 0 {
			s.SKSV = true
			copy(s.SenseKeySpecific[:], d[4:7])
		}
	default:
		return Sense{}, fmt.Errorf("sense response code %02Xh: %w", b[0]&0x7F, ErrNoSense)
	}
	return s, nil
}

// findDescriptor returns the descriptor of type typ in descriptor-format sense.
func findDescriptor(b []byte, typ uint8) []byte {
	end := 8 + int(b[7])
	if end > len(b) {
		end = len(b)
	}
	for i := 8; i+2 <= end; {
		l := int(b[i+1]) + 2
		if i+l > end {
			return nil
		}
		if b[i] == typ {
			return b[i : i+l]
		}
		i += l
	}
	return nil
}

// Progress returns the progress indication of the sense-key-specific bytes (SPC-5
// 4.4.2.4.4: bytes 1-2 / 65536) for NO SENSE and NOT READY.
func (s Sense) Progress() (float64, bool) {
	if !s.SKSV || (s.Key != KeyNoSense && s.Key != KeyNotReady) {
		return 0, false
	}
	return float64(uint16(s.SenseKeySpecific[1])<<8|uint16(s.SenseKeySpecific[2])) / 65536, true
}

// String is "KEY ASC/ASCQ".
func (s Sense) String() string {
	name := keyNames[s.Key]
	if name == "" {
		name = fmt.Sprintf("key %Xh", s.Key)
	}
	return fmt.Sprintf("%s, ASC/ASCQ %02Xh/%02Xh%s", name, s.ASC, s.ASCQ, ascText(s.ASC, s.ASCQ))
}

func ascText(asc, ascq uint8) string {
	switch uint16(asc)<<8 | uint16(ascq) {
	case 0x2000:
		return " (invalid command operation code)"
	case 0x2400:
		return " (invalid field in CDB)"
	case 0x041B:
		return " (sanitize in progress)"
	case 0x3103:
		return " (sanitize command failed)"
	case 0x0404:
		return " (format in progress)"
	case 0x3100:
		return " (medium format corrupted)"
	case 0x3101:
		return " (format command failed)"
	case 0x2600:
		return " (invalid field in parameter list)"
	case 0x3A00:
		return " (medium not present)"
	case 0x1100:
		return " (unrecovered read error)"
	}
	return ""
}

// SenseError is a command the device completed with CHECK CONDITION.
type SenseError struct {
	Opcode uint8
	Sense  Sense
}

func (e *SenseError) Error() string {
	return fmt.Sprintf("scsi command %02Xh: %s", e.Opcode, e.Sense)
}

// Unsupported reports whether the device rejected the command as unknown or
// malformed (ILLEGAL REQUEST, 20h/00h or 24h/00h).
func (e *SenseError) Unsupported() bool {
	return e.Sense.Key == KeyIllegalRequest && (e.Sense.ASC == 0x20 || e.Sense.ASC == 0x24)
}

// ATARegisters extracts the ATA result registers that an ATA PASS-THROUGH command
// returned in its sense data (SAT-4 12.2.2.6): the ATA Status Return descriptor
// (09h) of descriptor format; SAT's fixed format (VALID set: INFORMATION bytes 3..6,
// COMMAND-SPECIFIC bytes 8..11); or the layout of Linux libata before 6.10 (VALID
// clear: error, status, device, count in bytes 8..11, flags and LBA in 16..19).
func ATARegisters(sense []byte) (ata.Registers, bool) {
	if len(sense) < 8 {
		return ata.Registers{}, false
	}
	switch sense[0] & 0x7F {
	case 0x72, 0x73:
		d := findDescriptor(sense, 0x09)
		if d == nil || len(d) < 14 {
			return ata.Registers{}, false
		}
		r := ata.Registers{
			Error:  d[3],
			Count:  uint16(d[5]),
			LBA:    uint64(d[7]) | uint64(d[9])<<8 | uint64(d[11])<<16,
			Device: d[12],
			Status: d[13],
		}
		if d[2]&0x01 != 0 {
			r.Count |= uint16(d[4]) << 8
			r.LBA |= uint64(d[6])<<24 | uint64(d[8])<<32 | uint64(d[10])<<40
		}
		return r, true
	case 0x70, 0x71:
		if len(sense) < 14 {
			return ata.Registers{}, false
		}
		// Fixed format carries registers only for "ATA pass-through information
		// available" or an ATA error that libata mapped to ABORTED COMMAND; any
		// other sense (ILLEGAL REQUEST from a bridge without SAT) is not registers.
		info := sense[12] == 0 && sense[13] == 0x1D
		if !info && sense[2]&0x0F != KeyAbortedCommand {
			return ata.Registers{}, false
		}
		if sense[0]&0x80 != 0 {
			if len(sense) < 12 {
				return ata.Registers{}, false
			}
			r := fixedRegisters(sense[3], sense[4], sense[5], sense[6], sense[8], sense[9:12])
			if !info && r.Status&ata.StatusERR == 0 {
				return ata.Registers{}, false
			}
			return r, true
		}
		flags := uint8(0)
		lba := []byte{0, 0, 0}
		if len(sense) > 16 {
			flags = sense[16]
		}
		if len(sense) >= 20 {
			lba = sense[17:20]
		}
		r := fixedRegisters(sense[8], sense[9], sense[10], sense[11], flags, lba)
		if !info && r.Status&ata.StatusERR == 0 {
			return ata.Registers{}, false
		}
		return r, true
	}
	return ata.Registers{}, false
}

func fixedRegisters(errReg, status, device, count, flags uint8, lba []byte) ata.Registers {
	return ata.Registers{
		Error: errReg, Status: status, Device: device, Count: uint16(count),
		LBA:               uint64(lba[0]) | uint64(lba[1])<<8 | uint64(lba[2])<<16,
		Truncated:         true,
		CountUpperNonZero: flags&0x40 != 0,
		LBAUpperNonZero:   flags&0x20 != 0,
	}
}

// ATAResult interprets the response to an ATA PASS-THROUGH command: the result
// registers, or an *ata.Error when the drive set ERR, or the SCSI error.
func ATAResult(cmd ata.Command, resp Response) (ata.Registers, error) {
	regs, ok := ATARegisters(resp.Sense)
	if resp.HostStatus != 0 {
		return regs, resp.Err(ATAPassThrough16(cmd))
	}
	if ok {
		if regs.Status&(ata.StatusERR|ata.StatusDF) != 0 {
			return regs, &ata.Error{Command: cmd.Command, Status: regs.Status, Err: regs.Error}
		}
		return regs, nil
	}
	if err := resp.Err(ATAPassThrough16(cmd)); err != nil {
		return regs, err
	}
	return regs, ErrNoRegisters
}

// Port sends one SCSI command: SG_IO (Device) or a simulated drive.
type Port interface {
	Do(ctx context.Context, req Request) (Response, error)
}

// SendATA sends cmd in ATA PASS-THROUGH(16) and returns its result registers. A
// PIO data command that completes without registers succeeded (libata answers it
// GOOD, as it is sent without CK_COND): its answer is its data.
func SendATA(ctx context.Context, p Port, cmd ata.Command) (ata.Registers, error) {
	resp, err := p.Do(ctx, ATARequest(cmd))
	if err != nil {
		return ata.Registers{}, err
	}
	regs, err := ATAResult(cmd, resp)
	if errors.Is(err, ErrNoRegisters) && cmd.Protocol != ata.ProtocolNonData {
		return regs, nil
	}
	return regs, err
}
