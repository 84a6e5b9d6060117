// Package mmc is the MMC (SCSI Multi-Media Commands) side of optical drives: CDB
// builders and answer parsers as pure functions, the profile table, sense
// decoding, and a Drive that probes the disc, blanks or formats it, and reads it
// back, over any Transport that can send a CDB and return data and sense (SG_IO
// on Linux; a simulated drive in tests).
//
// It imports none of wipestation's packages, so that devices can use it to fill
// Capabilities.Optical.
package mmc

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"
)

// Direction is the data direction of a command.
type Direction int

// The directions.
const (
	DirNone Direction = iota
	DirFromDevice
	DirToDevice
)

// SCSI status values.
const (
	StatusGood           = 0x00
	StatusCheckCondition = 0x02
)

// Result is what the drive answered to one command.
type Result struct {
	// N is the number of data bytes moved (len(data) minus the residue).
	N int
	// Status is the SCSI status byte; Sense the sense data when it is CHECK
	// CONDITION (autosense).
	Status byte
	Sense  []byte
}

// Transport sends one CDB and returns the drive's answer. err is for failures
// below SCSI (the ioctl failed, the transport timed out, the host adapter or
// driver reported an error); a command the drive rejected is Status CHECK
// CONDITION with Sense, and err nil. Each call must return within timeout.
type Transport interface {
	Do(ctx context.Context, cdb []byte, dir Direction, data []byte, timeout time.Duration) (Result, error)
}

// Opcodes used here (MMC-6, SPC-4).
const (
	opTestUnitReady        = 0x00
	opRequestSense         = 0x03
	opFormatUnit           = 0x04
	opInquiry              = 0x12
	opReadFormatCapacities = 0x23
	opReadCapacity         = 0x25
	opRead10               = 0x28
	opWrite10              = 0x2A
	opSynchronizeCache     = 0x35
	opReadTOC              = 0x43
	opGetConfiguration     = 0x46
	opReadDiscInformation  = 0x51
	opBlank                = 0xA1
)

// TestUnitReadyCDB is TEST UNIT READY.
func TestUnitReadyCDB() []byte { return make([]byte, 6) }

// RequestSenseCDB is REQUEST SENSE for alloc bytes (fixed format).
func RequestSenseCDB(alloc byte) []byte { return []byte{opRequestSense, 0, 0, 0, alloc, 0} }

// GetConfigurationCDB is GET CONFIGURATION (46h) with request type rt (0 all
// features, 1 current ones, 2 the one at start) from feature start.
func GetConfigurationCDB(rt byte, start uint16, alloc uint16) []byte {
	c := make([]byte, 10)
	c[0] = opGetConfiguration
	c[1] = rt & 3
	binary.BigEndian.PutUint16(c[2:], start)
	binary.BigEndian.PutUint16(c[7:], alloc)
	return c
}

// ReadDiscInformationCDB is READ DISC INFORMATION (51h), standard disc information.
func ReadDiscInformationCDB(alloc uint16) []byte {
	c := make([]byte, 10)
	c[0] = opReadDiscInformation
	binary.BigEndian.PutUint16(c[7:], alloc)
	return c
}

// ReadCapacityCDB is READ CAPACITY (10).
func ReadCapacityCDB() []byte {
	c := make([]byte, 10)
	c[0] = opReadCapacity
	return c
}

// Read10CDB is READ (10) of blocks from lba.
func Read10CDB(lba uint32, blocks uint16) []byte {
	c := make([]byte, 10)
	c[0] = opRead10
	binary.BigEndian.PutUint32(c[2:], lba)
	binary.BigEndian.PutUint16(c[7:], blocks)
	return c
}

// Write10CDB is WRITE (10) of blocks at lba.
func Write10CDB(lba uint32, blocks uint16) []byte {
	c := Read10CDB(lba, blocks)
	c[0] = opWrite10
	return c
}

// SynchronizeCacheCDB is SYNCHRONIZE CACHE (10) of the whole medium.
func SynchronizeCacheCDB() []byte {
	c := make([]byte, 10)
	c[0] = opSynchronizeCache
	return c
}

// Blank types (MMC-6 table 462).
const (
	BlankFull    byte = 0 // the whole disc: every sector
	BlankMinimal byte = 1 // PMA, TOC and pregap only: the data remains readable by forensic means
)

// BlankCDB is BLANK (A1h), 12 bytes, with IMMED set so the drive answers at once
// and the progress is polled.
func BlankCDB(blankType byte, immed bool) []byte {
	c := make([]byte, 12)
	c[0] = opBlank
	c[1] = blankType & 7
	if immed {
		c[1] |= 0x10
	}
	return c
}

// ReadFormatCapacitiesCDB is READ FORMAT CAPACITIES (23h).
func ReadFormatCapacitiesCDB(alloc uint16) []byte {
	c := make([]byte, 10)
	c[0] = opReadFormatCapacities
	binary.BigEndian.PutUint16(c[7:], alloc)
	return c
}

// FormatUnitCDB is FORMAT UNIT (04h) with FmtData set and format code 001b (a
// parameter list follows).
func FormatUnitCDB() []byte { return []byte{opFormatUnit, 0x11, 0, 0, 0, 0} }

// FormatParams is the FORMAT UNIT parameter list: a 4-byte header with IMMED
// set and one format descriptor (blocks, format type in bits 7:2 of byte 4,
// type-dependent parameter in bytes 5-7).
func FormatParams(blocks uint32, formatType byte, param uint32) []byte {
	p := make([]byte, 12)
	p[1] = 0x82 // FOV=1, IMMED=1
	binary.BigEndian.PutUint16(p[2:], 8)
	binary.BigEndian.PutUint32(p[4:], blocks)
	p[8] = formatType << 2
	p[9] = byte(param >> 16)
	p[10] = byte(param >> 8)
	p[11] = byte(param)
	return p
}

// ParseCurrentProfile reads the current profile from a GET CONFIGURATION answer
// (feature header bytes 6-7).
func ParseCurrentProfile(b []byte) (uint16, error) {
	if len(b) < 8 {
		return 0, fmt.Errorf("parse GET CONFIGURATION: %d bytes, the header is 8", len(b))
	}
	return binary.BigEndian.Uint16(b[6:]), nil
}

// Disc status values from READ DISC INFORMATION byte 2 bits 1:0.
const (
	DiscEmpty      = 0
	DiscIncomplete = 1
	DiscComplete   = 2
	DiscOther      = 3 // random-access media, or status not applicable
)

// DiscInfo is the part of READ DISC INFORMATION used here.
type DiscInfo struct {
	Erasable bool // byte 2 bit 4
	Status   int  // byte 2 bits 1:0
}

// ParseDiscInformation decodes a READ DISC INFORMATION answer.
func ParseDiscInformation(b []byte) (DiscInfo, error) {
	if len(b) < 3 {
		return DiscInfo{}, fmt.Errorf("parse READ DISC INFORMATION: %d bytes", len(b))
	}
	return DiscInfo{Erasable: b[2]&0x10 != 0, Status: int(b[2] & 3)}, nil
}

// ParseReadCapacity decodes READ CAPACITY (10): the number of blocks and the
// block size.
func ParseReadCapacity(b []byte) (blocks uint64, blockSize uint32, err error) {
	if len(b) < 8 {
		return 0, 0, fmt.Errorf("parse READ CAPACITY: %d bytes", len(b))
	}
	last := binary.BigEndian.Uint32(b)
	return uint64(last) + 1, binary.BigEndian.Uint32(b[4:]), nil
}

// FormatCapacity is one descriptor of READ FORMAT CAPACITIES.
type FormatCapacity struct {
	Blocks uint32
	Type   byte // format type (bits 7:2 of byte 4); for the first (current) descriptor, the descriptor type
	Param  uint32
}

// ParseFormatCapacities decodes READ FORMAT CAPACITIES: the current/maximum
// capacity descriptor first, then the formattable descriptors.
func ParseFormatCapacities(b []byte) ([]FormatCapacity, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("parse READ FORMAT CAPACITIES: %d bytes", len(b))
	}
	n := int(b[3])
	if n%8 != 0 || 4+n > len(b) {
		return nil, fmt.Errorf("parse READ FORMAT CAPACITIES: list of %d bytes in %d", n, len(b))
	}
	var out []FormatCapacity
	for i := 4; i < 4+n; i += 8 {
		d := b[i : i+8]
		out = append(out, FormatCapacity{
			Blocks: binary.BigEndian.Uint32(d),
			Type:   d[4] >> 2,
			Param:  uint32(d[5])<<16 | uint32(d[6])<<8 | uint32(d[7]),
		})
	}
	return out, nil
}

// ParseVolumeLabel reads the volume identifier from an ISO 9660 primary volume
// descriptor (the 2048-byte sector 16): type 1, "CD001", identifier at 40-71.
func ParseVolumeLabel(sector []byte) (string, bool) {
	if len(sector) < 72 || sector[0] != 1 || string(sector[1:6]) != "CD001" {
		return "", false
	}
	label := sector[40:72]
	end := len(label)
	for end > 0 && (label[end-1] == ' ' || label[end-1] == 0) {
		end--
	}
	return string(label[:end]), true
}
