package sgio

import (
	"encoding/binary"

	"github.com/wipestation/wipestation/devices/ata"
)

// SCSI operation codes (SPC-5, SBC-4, MMC-6, SAT-4).
const (
	OpTestUnitReady          = 0x00
	OpRequestSense           = 0x03
	OpInquiry                = 0x12
	OpLogSense               = 0x4D
	OpModeSelect10           = 0x55
	OpModeSense10            = 0x5A
	OpGetConfiguration       = 0x46
	OpSanitize               = 0x48
	OpReadDiscInformation    = 0x51
	OpRead10                 = 0x28
	OpATAPassThrough16       = 0x85
	OpServiceActionIn16      = 0x9E // READ CAPACITY(16) is service action 10h
	OpMaintenanceIn          = 0xA3 // REPORT SUPPORTED OPERATION CODES is service action 0Ch
	SAReadCapacity16         = 0x10
	SAReportSupportedOpcodes = 0x0C
)

// SANITIZE service actions (SBC-4 5.30).
const (
	SanitizeOverwrite       = 0x01
	SanitizeBlockErase      = 0x02
	SanitizeCryptoErase     = 0x03
	SanitizeExitFailureMode = 0x1F
)

// Inquiry is INQUIRY (SPC-5 6.7): the standard data, or VPD page when evpd is set.
func Inquiry(evpd bool, page uint8, allocLen uint16) []byte {
	c := make([]byte, 6)
	c[0] = OpInquiry
	if evpd {
		c[1] = 0x01
		c[2] = page
	}
	binary.BigEndian.PutUint16(c[3:5], allocLen)
	return c
}

// LogSense is LOG SENSE (SPC-5 6.8) of one page and subpage, cumulative values
// (PC 01b).
func LogSense(page, subpage uint8, allocLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpLogSense
	c[2] = 0x40 | page&0x3F
	c[3] = subpage
	binary.BigEndian.PutUint16(c[7:9], allocLen)
	return c
}

// ReadCapacity16 is READ CAPACITY(16) (SBC-4 5.20).
func ReadCapacity16(allocLen uint32) []byte {
	c := make([]byte, 16)
	c[0] = OpServiceActionIn16
	c[1] = SAReadCapacity16
	binary.BigEndian.PutUint32(c[10:14], allocLen)
	return c
}

// ReportSupportedOpcode is REPORT SUPPORTED OPERATION CODES for one command
// (SPC-5 6.35, REPORTING OPTIONS 010b: opcode and service action).
func ReportSupportedOpcode(opcode uint8, serviceAction uint16, allocLen uint32) []byte {
	c := make([]byte, 12)
	c[0] = OpMaintenanceIn
	c[1] = SAReportSupportedOpcodes
	c[2] = 0x02
	c[3] = opcode
	binary.BigEndian.PutUint16(c[4:6], serviceAction)
	binary.BigEndian.PutUint32(c[6:10], allocLen)
	return c
}

// OpcodeSupport decodes the one-command answer: SUPPORT field of byte 1 bits 2:0
// (011b supported as in the standard, 101b vendor-specific support, 001b not supported).
type OpcodeSupport uint8

// The SUPPORT values that matter.
const (
	OpcodeNotSupported OpcodeSupport = 1
	OpcodeSupported    OpcodeSupport = 3
	OpcodeVendor       OpcodeSupport = 5
)

// ParseOpcodeSupport reads byte 1 of a one-command REPORT SUPPORTED OPERATION CODES answer.
func ParseOpcodeSupport(b []byte) (OpcodeSupport, bool) {
	if len(b) < 2 {
		return 0, false
	}
	return OpcodeSupport(b[1] & 0x07), true
}

// Sanitize is SANITIZE (SBC-4 5.30) with IMMED set, so that the command returns at
// once and progress is polled with REQUEST SENSE. paramLen is 0 except for overwrite.
func Sanitize(serviceAction uint8, ause bool, paramLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpSanitize
	c[1] = 0x80 | serviceAction&0x1F // IMMED
	if ause {
		c[1] |= 0x20
	}
	binary.BigEndian.PutUint16(c[7:9], paramLen)
	return c
}

// SanitizeOverwriteParams is the overwrite parameter list (SBC-4 table 92): passes
// 1-31 of pattern, without inversion and without a test pattern.
func SanitizeOverwriteParams(passes uint8, pattern []byte) []byte {
	p := make([]byte, 4+len(pattern))
	p[0] = passes & 0x1F
	binary.BigEndian.PutUint16(p[2:4], uint16(len(pattern)))
	copy(p[4:], pattern)
	return p
}

// RequestSense is REQUEST SENSE (SPC-5 6.39), asking for descriptor format.
func RequestSense(allocLen uint8) []byte {
	return []byte{OpRequestSense, 0x01, 0, 0, allocLen, 0}
}

// TestUnitReady is TEST UNIT READY.
func TestUnitReady() []byte { return make([]byte, 6) }

// ModeSense10 reads one mode page (current values).
func ModeSense10(page uint8, allocLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpModeSense10
	c[1] = 0x08 // DBD: no block descriptors
	c[2] = page & 0x3F
	binary.BigEndian.PutUint16(c[7:9], allocLen)
	return c
}

// ModeSelect10 writes a mode parameter list of paramLen bytes (PF set).
func ModeSelect10(paramLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpModeSelect10
	c[1] = 0x10 // PF
	binary.BigEndian.PutUint16(c[7:9], paramLen)
	return c
}

// ControlPageDSense turns a MODE SENSE(10) answer for the control mode page (0Ah)
// into a MODE SELECT(10) parameter list with D_SENSE set (descriptor-format sense,
// which carries every ATA result register). ok is false when the answer is not
// the control page.
func ControlPageDSense(modeSense []byte) (params []byte, ok bool) {
	if len(modeSense) < 8 {
		return nil, false
	}
	bdl := int(binary.BigEndian.Uint16(modeSense[6:8]))
	off := 8 + bdl
	if len(modeSense) < off+12 || modeSense[off]&0x3F != 0x0A {
		return nil, false
	}
	pageLen := int(modeSense[off+1]) + 2
	if len(modeSense) < off+pageLen {
		return nil, false
	}
	p := make([]byte, 8+pageLen)
	copy(p[8:], modeSense[off:off+pageLen])
	p[8] &= 0x3F   // PS must be zero in MODE SELECT
	p[8+2] |= 0x04 // D_SENSE
	return p, true
}

// GetConfiguration is GET CONFIGURATION (MMC-6 6.6), RT=01b from feature 0: the
// header carries the current profile.
func GetConfiguration(allocLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpGetConfiguration
	c[1] = 0x01
	binary.BigEndian.PutUint16(c[7:9], allocLen)
	return c
}

// ReadDiscInformation is READ DISC INFORMATION (MMC-6 6.22), standard data type.
func ReadDiscInformation(allocLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpReadDiscInformation
	binary.BigEndian.PutUint16(c[7:9], allocLen)
	return c
}

// Read10 is READ(10) (SBC-4 5.11) of blocks logical blocks at lba.
func Read10(lba uint32, blocks uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpRead10
	binary.BigEndian.PutUint32(c[2:6], lba)
	binary.BigEndian.PutUint16(c[7:9], blocks)
	return c
}

// ATAPassThrough16 wraps an ATA command in ATA PASS-THROUGH(16) (SAT-4 12.2.2).
// Non-data commands set CK_COND so that their result registers (the answer of
// READ NATIVE MAX, SANITIZE STATUS) come back in the sense data. Data commands do
// not: Linux libata on AHCI then reports the PIO status with DRQ set as ABORTED
// COMMAND although the data arrived (seen in QEMU); without CK_COND it answers
// GOOD, and an ATA error still returns the registers. This is also what smartctl
// and hdparm send. The 12-byte A1h form is never used: A1h is also MMC BLANK.
func ATAPassThrough16(cmd ata.Command) []byte {
	c := make([]byte, 16)
	c[0] = OpATAPassThrough16
	c[1] = uint8(cmd.Protocol) << 1
	if cmd.Extended {
		c[1] |= 0x01
	}
	switch cmd.Protocol {
	case ata.ProtocolPIOIn:
		c[2] = 0x08 | 0x04 | 0x02 // T_DIR in, BYT_BLOK blocks, T_LENGTH in COUNT
	case ata.ProtocolPIOOut:
		c[2] = 0x04 | 0x02
	default:
		c[2] = 0x20 // CK_COND
	}
	c[3] = uint8(cmd.Features >> 8)
	c[4] = uint8(cmd.Features)
	c[5] = uint8(cmd.Count >> 8)
	c[6] = uint8(cmd.Count)
	c[7] = uint8(cmd.LBA >> 24)
	c[8] = uint8(cmd.LBA)
	c[9] = uint8(cmd.LBA >> 32)
	c[10] = uint8(cmd.LBA >> 8)
	c[11] = uint8(cmd.LBA >> 40)
	c[12] = uint8(cmd.LBA >> 16)
	c[13] = cmd.Device
	c[14] = cmd.Command
	return c
}

// ParseATAPassThrough16 decodes the CDB back into an ATA command (what a SAT layer
// does); simulated drives use it.
func ParseATAPassThrough16(c []byte) (ata.Command, bool) {
	if len(c) != 16 || c[0] != OpATAPassThrough16 {
		return ata.Command{}, false
	}
	return ata.Command{
		Protocol: ata.Protocol(c[1] >> 1 & 0x0F),
		Extended: c[1]&1 != 0,
		Features: uint16(c[3])<<8 | uint16(c[4]),
		Count:    uint16(c[5])<<8 | uint16(c[6]),
		LBA: uint64(c[8]) | uint64(c[10])<<8 | uint64(c[12])<<16 | uint64(c[7])<<24 |
			uint64(c[9])<<32 | uint64(c[11])<<40,
		Device:  c[13],
		Command: c[14],
	}, true
}

// ATARequest is the SG_IO request carrying cmd.
func ATARequest(cmd ata.Command) Request {
	r := Request{CDB: ATAPassThrough16(cmd), Dir: DirNone, Data: cmd.Data, Timeout: cmd.Timeout}
	switch cmd.Protocol {
	case ata.ProtocolPIOIn:
		r.Dir = DirFromDevice
	case ata.ProtocolPIOOut:
		r.Dir = DirToDevice
	default:
		r.Data = nil
	}
	return r
}

// Security protocol commands (SPC-5 6.40 and 6.41).
const (
	OpSecurityProtocolIn  = 0xA2
	OpSecurityProtocolOut = 0xB5
)

// SecurityProtocolIn is SECURITY PROTOCOL IN of allocLen bytes (INC_512 clear):
// protocol and its protocol-specific field (a TCG ComID).
func SecurityProtocolIn(protocol uint8, specific uint16, allocLen uint32) []byte {
	c := make([]byte, 12)
	c[0] = OpSecurityProtocolIn
	c[1] = protocol
	binary.BigEndian.PutUint16(c[2:4], specific)
	binary.BigEndian.PutUint32(c[6:10], allocLen)
	return c
}

// SecurityProtocolOut is SECURITY PROTOCOL OUT of length bytes (INC_512 clear).
func SecurityProtocolOut(protocol uint8, specific uint16, length uint32) []byte {
	c := SecurityProtocolIn(protocol, specific, length)
	c[0] = OpSecurityProtocolOut
	return c
}
