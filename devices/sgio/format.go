package sgio

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// FORMAT UNIT and what goes with it on a SCSI/SAS disk (SBC-4 5.3, 6.4.2; SPC-5
// 7.5.5): change the logical block length with a MODE SELECT block descriptor,
// format, follow the progress with REQUEST SENSE and read the new geometry back
// with READ CAPACITY(16). Drives from storage arrays arrive with 520- or 528-byte
// blocks or with protection information; Linux cannot use them (the sd driver
// gives a 520-byte disk a capacity of 0) until they are reformatted to 512/4096.
//
// Security initialize (SI): there is no INQUIRY or VPD bit that says a device
// server supports the SI bit (the Extended INQUIRY Data VPD page 86h reports
// protection and task attributes, not SI; REPORT SUPPORTED OPERATION CODES covers
// only CDB bits, and SI is in the parameter list). SBC-4 says a device server that
// does not support SI terminates FORMAT UNIT with ILLEGAL REQUEST, INVALID FIELD
// IN PARAMETER LIST (26h/00h) before it formats anything; that answer is how SI
// support is learnt (ParameterListRejected).

// Operation codes of the format sequence.
const (
	OpFormatUnit = 0x04
	OpRead16     = 0x88
)

// The logical block lengths a host can use; anything else needs a reformat.
const (
	BlockBytes512  = 512
	BlockBytes4096 = 4096
)

// FormatUnit is the CDB of FORMAT UNIT (SBC-4 table 36) with FMTDATA set: a
// parameter list follows (the header carries IMMED, IP and the protection field
// usage). CMPLST is set and no defect list is sent: the drive keeps its primary
// (factory) list and discards the grown list, as sg_format does by default.
type FormatUnit struct {
	// FMTPINFO (byte 1 bits 7:6) and ProtectionFieldUsage (parameter list header
	// byte 0 bits 2:0) together choose the protection type (SBC-4 table 38).
	FMTPINFO             uint8
	ProtectionFieldUsage uint8
	// LongList sends the 8-byte long parameter list header (LONGLIST, byte 1 bit 5).
	LongList bool
	// Immed returns at once; progress is then polled with REQUEST SENSE.
	Immed bool
	// SecurityInitialize is the SI bit of the initialization pattern descriptor:
	// the drive writes the pattern to every area that may hold user data,
	// reassigned (grown-defect) blocks included, not only the addressable LBAs.
	SecurityInitialize bool
	// Pattern is the initialization pattern (type 01h: repeated to fill each block).
	// Empty: no initialization pattern descriptor (IP clear), the drive's default.
	Pattern []byte
}

// ProtectionFields returns FMTPINFO and PROTECTION FIELD USAGE that format to
// protection type t (0: none, 1-3: types 1-3), per SBC-4 table 38.
func ProtectionFields(t uint8) (fmtpinfo, pfu uint8, err error) {
	switch t {
	case 0:
		return 0, 0, nil
	case 1:
		return 2, 0, nil
	case 2:
		return 3, 0, nil
	case 3:
		return 3, 1, nil
	}
	return 0, 0, fmt.Errorf("protection type %d does not exist (0-3)", t)
}

// CDB is the 6-byte FORMAT UNIT command.
func (f FormatUnit) CDB() []byte {
	c := make([]byte, 6)
	c[0] = OpFormatUnit
	c[1] = f.FMTPINFO<<6 | 0x10 | 0x08 // FMTDATA, CMPLST; DEFECT LIST FORMAT 000b
	if f.LongList {
		c[1] |= 0x20
	}
	return c
}

// Params is the parameter list: the short (4-byte) or long (8-byte) header with
// FOV set (so that IP and IMMED count) and, with a pattern, the initialization
// pattern descriptor (SBC-4 5.3.2.2, 5.3.2.3).
func (f FormatUnit) Params() []byte {
	h := make([]byte, 4)
	if f.LongList {
		h = make([]byte, 8)
	}
	h[0] = f.ProtectionFieldUsage & 0x07
	h[1] = 0x80 // FOV
	if f.Immed {
		h[1] |= 0x02
	}
	if len(f.Pattern) == 0 {
		return h
	}
	h[1] |= 0x08 // IP
	d := make([]byte, 4, 4+len(f.Pattern))
	if f.SecurityInitialize {
		d[0] = 0x20
	}
	d[1] = 0x01 // repeat the pattern to fill each logical block
	binary.BigEndian.PutUint16(d[2:4], uint16(len(f.Pattern)))
	return append(h, append(d, f.Pattern...)...)
}

// ErrBadFormatParams says a FORMAT UNIT parameter list is malformed.
var ErrBadFormatParams = errors.New("malformed FORMAT UNIT parameter list")

// ParseFormatUnit decodes a FORMAT UNIT CDB and its parameter list (what a
// device server does; simulated drives use it). A CDB without FMTDATA has no
// parameter list.
func ParseFormatUnit(cdb, params []byte) (FormatUnit, error) {
	if len(cdb) != 6 || cdb[0] != OpFormatUnit {
		return FormatUnit{}, fmt.Errorf("not a FORMAT UNIT CDB: %w", ErrBadFormatParams)
	}
	f := FormatUnit{FMTPINFO: cdb[1] >> 6, LongList: cdb[1]&0x20 != 0}
	if cdb[1]&0x10 == 0 {
		return f, nil
	}
	hl := 4
	if f.LongList {
		hl = 8
	}
	if len(params) < hl {
		return f, fmt.Errorf("header of %d bytes, %d sent: %w", hl, len(params), ErrBadFormatParams)
	}
	f.ProtectionFieldUsage = params[0] & 0x07
	fov := params[1]&0x80 != 0
	f.Immed = params[1]&0x02 != 0
	ip := params[1]&0x08 != 0
	if ip && !fov {
		return f, fmt.Errorf("IP set without FOV: %w", ErrBadFormatParams)
	}
	if !ip {
		return f, nil
	}
	d := params[hl:]
	if len(d) < 4 {
		return f, fmt.Errorf("initialization pattern descriptor missing: %w", ErrBadFormatParams)
	}
	n := int(binary.BigEndian.Uint16(d[2:4]))
	if len(d) < 4+n {
		return f, fmt.Errorf("pattern of %d bytes, %d sent: %w", n, len(d)-4, ErrBadFormatParams)
	}
	f.SecurityInitialize = d[0]&0x20 != 0
	if d[1] != 0x00 && d[1] != 0x01 {
		return f, fmt.Errorf("initialization pattern type %02Xh: %w", d[1], ErrBadFormatParams)
	}
	f.Pattern = append([]byte(nil), d[4:4+n]...)
	return f, nil
}

// ModeSenseBlockDescriptor is MODE SENSE(10) of the read-write error recovery
// page (01h, present on every disk) with block descriptors (DBD clear) and
// LLBAA set, so that a disk beyond 2^32 blocks answers the 16-byte descriptor.
func ModeSenseBlockDescriptor(allocLen uint16) []byte {
	c := make([]byte, 10)
	c[0] = OpModeSense10
	c[1] = 0x10 // LLBAA
	c[2] = 0x01
	binary.BigEndian.PutUint16(c[7:9], allocLen)
	return c
}

// BlockDescriptor is the first mode parameter block descriptor (SPC-5 7.5.5).
type BlockDescriptor struct {
	Blocks     uint64
	BlockBytes uint32
	Long       bool
}

// ParseBlockDescriptor reads the block descriptor out of a MODE SENSE(10) answer.
func ParseBlockDescriptor(b []byte) (BlockDescriptor, bool) {
	if len(b) < 8 {
		return BlockDescriptor{}, false
	}
	long := b[4]&0x01 != 0
	bdl := int(binary.BigEndian.Uint16(b[6:8]))
	switch {
	case long && bdl >= 16 && len(b) >= 24:
		return BlockDescriptor{Blocks: binary.BigEndian.Uint64(b[8:16]), BlockBytes: binary.BigEndian.Uint32(b[20:24]), Long: true}, true
	case !long && bdl >= 8 && len(b) >= 16:
		return BlockDescriptor{Blocks: uint64(binary.BigEndian.Uint32(b[8:12])), BlockBytes: uint32(b[13])<<16 | uint32(b[14])<<8 | uint32(b[15])}, true
	}
	return BlockDescriptor{}, false
}

// BlockLengthParams is a MODE SELECT(10) parameter list of a header and one block
// descriptor that asks for blockBytes per logical block and the most blocks the
// medium holds at that length (NUMBER OF LOGICAL BLOCKS all ones, SBC-4 6.4.2).
// The change takes effect with the next FORMAT UNIT. long sends the 16-byte
// descriptor (LONGLBA).
func BlockLengthParams(blockBytes uint32, long bool) []byte {
	if long {
		p := make([]byte, 8+16)
		p[4] = 0x01 // LONGLBA
		binary.BigEndian.PutUint16(p[6:8], 16)
		binary.BigEndian.PutUint64(p[8:16], ^uint64(0))
		binary.BigEndian.PutUint32(p[20:24], blockBytes)
		return p
	}
	p := make([]byte, 8+8)
	binary.BigEndian.PutUint16(p[6:8], 8)
	binary.BigEndian.PutUint32(p[8:12], ^uint32(0))
	p[13], p[14], p[15] = byte(blockBytes>>16), byte(blockBytes>>8), byte(blockBytes)
	return p
}

// ParseModeSelectBlockLength reads the block length a MODE SELECT(10) parameter
// list asks for (simulated drives use it); ok is false without a block descriptor.
func ParseModeSelectBlockLength(p []byte) (uint32, bool) {
	bd, ok := ParseBlockDescriptor(p)
	return bd.BlockBytes, ok
}

// Capacity is the READ CAPACITY(16) answer (SBC-4 table 63).
type Capacity struct {
	LogicalBlocks uint64
	BlockBytes    uint32
	// ProtectionType is 0 (PROT_EN clear) or P_TYPE+1 (types 1-3).
	ProtectionType uint8
	// PhysicalExponent is LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT.
	PhysicalExponent uint8
}

// ParseReadCapacity16 decodes READ CAPACITY(16) parameter data.
func ParseReadCapacity16(b []byte) (Capacity, error) {
	if len(b) < 14 {
		return Capacity{}, fmt.Errorf("read capacity(16): %d bytes, need 14", len(b))
	}
	c := Capacity{
		LogicalBlocks:    binary.BigEndian.Uint64(b[0:8]) + 1,
		BlockBytes:       binary.BigEndian.Uint32(b[8:12]),
		PhysicalExponent: b[13] & 0x0F,
	}
	if b[12]&0x01 != 0 {
		c.ProtectionType = (b[12]>>1)&0x07 + 1
	}
	if c.BlockBytes == 0 {
		return Capacity{}, errors.New("read capacity(16): logical block length 0")
	}
	return c, nil
}

// Bytes is the addressable capacity.
func (c Capacity) Bytes() uint64 { return c.LogicalBlocks * uint64(c.BlockBytes) }

// NeedsReformat reports whether the host cannot use the disk as it is: a logical
// block length other than 512 or 4096, or protection information enabled.
func (c Capacity) NeedsReformat() bool {
	return c.BlockBytes != BlockBytes512 && c.BlockBytes != BlockBytes4096 || c.ProtectionType != 0
}

// Read16 is READ(16) (SBC-4 5.16) of blocks logical blocks at lba, without
// protection checking (RDPROTECT 000b).
func Read16(lba uint64, blocks uint32) []byte {
	c := make([]byte, 16)
	c[0] = OpRead16
	binary.BigEndian.PutUint64(c[2:10], lba)
	binary.BigEndian.PutUint32(c[10:14], blocks)
	return c
}

// FormatInProgress reports NOT READY, LOGICAL UNIT NOT READY, FORMAT IN PROGRESS
// (04h/04h), the answer while a FORMAT UNIT with IMMED runs.
func (s Sense) FormatInProgress() bool { return s.ASC == 0x04 && s.ASCQ == 0x04 }

// FormatFailed reports MEDIUM FORMAT CORRUPTED (31h/00h) or FORMAT COMMAND FAILED
// (31h/01h): the format did not complete and the medium is unusable until formatted again.
func (s Sense) FormatFailed() bool { return s.ASC == 0x31 && (s.ASCQ == 0x00 || s.ASCQ == 0x01) }

// ParameterListRejected reports ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST
// (26h/00h): the device server refused a field of the parameter list (for FORMAT
// UNIT, the SI bit of a drive without security initialize) and did nothing.
func (e *SenseError) ParameterListRejected() bool {
	return e.Sense.Key == KeyIllegalRequest && e.Sense.ASC == 0x26 && e.Sense.ASCQ == 0x00
}
