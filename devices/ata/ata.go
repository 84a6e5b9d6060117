// Package ata builds ATA commands (ACS-3) and parses what the drive answers: IDENTIFY
// DEVICE words, the security and sanitize feature sets, and the result registers.
// It is pure: the commands travel to the drive inside SCSI ATA PASS-THROUGH(16)
// (package sgio), natively through libata or through a SAT-capable USB bridge.
package ata

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Protocol is the SAT PROTOCOL field (SAT-4 table 143) of ATA PASS-THROUGH.
type Protocol uint8

// The protocols this package uses.
const (
	ProtocolNonData Protocol = 3
	ProtocolPIOIn   Protocol = 4
	ProtocolPIOOut  Protocol = 5
)

// ATA command opcodes (ACS-3 table 205).
const (
	OpReadNativeMaxExt   = 0x27
	OpSetMaxAddressExt   = 0x37
	OpSanitize           = 0xB4
	OpDCO                = 0xB1
	OpSMART              = 0xB0
	OpIdentifyDevice     = 0xEC
	OpIdentifyPacket     = 0xA1 // IDENTIFY PACKET DEVICE (ATAPI), inside ATA PASS-THROUGH(16)
	OpSecuritySetPasswd  = 0xF1
	OpSecurityUnlock     = 0xF2
	OpSecurityErasePrep  = 0xF3
	OpSecurityEraseUnit  = 0xF4
	OpSecurityFreezeLock = 0xF5
	OpSecurityDisable    = 0xF6
)

// SANITIZE feature codes (ACS-3 7.31) and the LBA signatures that must accompany them.
const (
	SanitizeStatusExt         = 0x0000
	SanitizeCryptoScrambleExt = 0x0011
	SanitizeBlockEraseExt     = 0x0012
	SanitizeOverwriteExt      = 0x0014
	SanitizeFreezeLockExt     = 0x0020

	SignatureCrypto     = 0x43727970 // "Cryp"
	SignatureBlockErase = 0x426B4572 // "BkEr"
	SignatureOverwrite  = 0x4F57     // "OW", LBA 47:32
)

// DCO feature codes (ACS-2 7.10).
const (
	DCOIdentifyFeature = 0xC2
)

// Status register bits.
const (
	StatusERR  = 0x01
	StatusDRQ  = 0x08
	StatusDF   = 0x20
	StatusDRDY = 0x40
	StatusBSY  = 0x80
)

// ErrorABRT is the ABORT bit of the error register: the drive refused the command.
const ErrorABRT = 0x04

// SectorBytes is the size of one ATA data block for PIO transfers of these commands.
const SectorBytes = 512

// Command is one ATA command: its registers, the protocol and, for PIO commands, the
// data (sent for PIO-out; for PIO-in its length is how much is read back into it).
type Command struct {
	Command  uint8
	Features uint16
	Count    uint16
	LBA      uint64 // 48 bits
	Device   uint8
	// Extended marks a 48-bit command (the EXTEND bit of ATA PASS-THROUGH).
	Extended bool
	Protocol Protocol
	Data     []byte
	// Timeout bounds the command; the transport refuses a zero timeout.
	Timeout time.Duration
}

// Registers are the result registers the drive returned (ACS-3 "Normal Outputs").
type Registers struct {
	Error  uint8
	Status uint8
	Device uint8
	Count  uint16
	LBA    uint64
	// Truncated is set when the transport returned only the low bytes of Count and
	// LBA (fixed-format sense): CountUpperNonZero and LBAUpperNonZero say whether
	// the missing bytes held anything.
	Truncated         bool
	CountUpperNonZero bool
	LBAUpperNonZero   bool
}

// Error is an ATA command the drive completed with ERR set in its status.
type Error struct {
	Command uint8
	Status  uint8
	Err     uint8 // the error register
}

func (e *Error) Error() string {
	s := fmt.Sprintf("ata command %02Xh: status %02Xh error %02Xh", e.Command, e.Status, e.Err)
	if e.Err&ErrorABRT != 0 {
		s += " (aborted: not supported or not allowed in this state)"
	}
	return s
}

// Aborted reports whether the drive aborted the command (ABRT).
func (e *Error) Aborted() bool { return e.Err&ErrorABRT != 0 }

// Identify is IDENTIFY DEVICE: 256 little-endian words.
func Identify() Command {
	return Command{Command: OpIdentifyDevice, Count: 1, Protocol: ProtocolPIOIn,
		Data: make([]byte, SectorBytes), Timeout: 10 * time.Second}
}

// IdentifyPacket is IDENTIFY PACKET DEVICE for ATAPI drives (SATA optical
// drives): the same string words as IDENTIFY DEVICE.
func IdentifyPacket() Command {
	return Command{Command: OpIdentifyPacket, Count: 1, Protocol: ProtocolPIOIn,
		Data: make([]byte, SectorBytes), Timeout: 10 * time.Second}
}

// passwordBlock is the 512-byte data block of the security commands: word 0 is the
// control word, words 1-16 the 32-byte password (sent as bytes, not swapped).
func passwordBlock(control uint16, password string) []byte {
	b := make([]byte, SectorBytes)
	binary.LittleEndian.PutUint16(b[0:2], control)
	copy(b[2:34], password)
	return b
}

// SecuritySetPassword sets the user password at security level High (word 0 = 0).
func SecuritySetPassword(password string) Command {
	return Command{Command: OpSecuritySetPasswd, Count: 1, Protocol: ProtocolPIOOut,
		Data: passwordBlock(0, password), Timeout: 30 * time.Second}
}

// SecurityUnlock unlocks a locked drive with the user password.
func SecurityUnlock(password string) Command {
	return Command{Command: OpSecurityUnlock, Count: 1, Protocol: ProtocolPIOOut,
		Data: passwordBlock(0, password), Timeout: 30 * time.Second}
}

// SecurityDisablePassword clears the user password.
func SecurityDisablePassword(password string) Command {
	return Command{Command: OpSecurityDisable, Count: 1, Protocol: ProtocolPIOOut,
		Data: passwordBlock(0, password), Timeout: 30 * time.Second}
}

// SecurityErasePrepare must immediately precede SecurityEraseUnit.
func SecurityErasePrepare() Command {
	return Command{Command: OpSecurityErasePrep, Protocol: ProtocolNonData, Timeout: 30 * time.Second}
}

// SecurityEraseUnit erases with the user password; enhanced sets word 0 bit 1.
// timeout should come from the drive's estimate (IDENTIFY words 89/90).
func SecurityEraseUnit(password string, enhanced bool, timeout time.Duration) Command {
	var control uint16
	if enhanced {
		control |= 1 << 1
	}
	return Command{Command: OpSecurityEraseUnit, Count: 1, Protocol: ProtocolPIOOut,
		Data: passwordBlock(control, password), Timeout: timeout}
}

func sanitize(feature uint16, count uint16, lba uint64) Command {
	return Command{Command: OpSanitize, Features: feature, Count: count, LBA: lba,
		Device: 0x40, Extended: true, Protocol: ProtocolNonData, Timeout: 60 * time.Second}
}

// SanitizeStatus is SANITIZE STATUS EXT: the answer is in Count and LBA (ParseSanitizeStatus).
func SanitizeStatus() Command { return sanitize(SanitizeStatusExt, 0, 0) }

// SanitizeCryptoScramble is CRYPTO SCRAMBLE EXT.
func SanitizeCryptoScramble() Command {
	return sanitize(SanitizeCryptoScrambleExt, 0, SignatureCrypto)
}

// SanitizeBlockErase is BLOCK ERASE EXT.
func SanitizeBlockErase() Command { return sanitize(SanitizeBlockEraseExt, 0, SignatureBlockErase) }

// SanitizeOverwrite is OVERWRITE EXT writing pattern for passes (1-16) passes;
// invert alternates the pattern and its complement between passes.
func SanitizeOverwrite(pattern uint32, passes int, invert bool) Command {
	count := uint16(passes & 0x0F) // 0 means 16 passes
	if invert {
		count |= 1 << 7
	}
	return sanitize(SanitizeOverwriteExt, count, uint64(SignatureOverwrite)<<32|uint64(pattern))
}

// ReadNativeMaxExt is READ NATIVE MAX ADDRESS EXT: LBA returns the native max LBA.
func ReadNativeMaxExt() Command {
	return Command{Command: OpReadNativeMaxExt, Device: 0x40, Extended: true,
		Protocol: ProtocolNonData, Timeout: 10 * time.Second}
}

// SetMaxAddressExt is SET MAX ADDRESS EXT (ATA8-ACS 7.51): the accessible maximum
// becomes maxLBA; with volatile (COUNT bit 0) the drive returns to its previous
// maximum at the next power cycle. It must immediately follow READ NATIVE MAX
// ADDRESS EXT.
func SetMaxAddressExt(maxLBA uint64, volatile bool) Command {
	c := Command{Command: OpSetMaxAddressExt, LBA: maxLBA, Device: 0x40, Extended: true,
		Protocol: ProtocolNonData, Timeout: 30 * time.Second}
	if volatile {
		c.Count = 1
	}
	return c
}

// DCOIdentify is DEVICE CONFIGURATION IDENTIFY: words 3-6 are the max LBA the
// DCO allows (ACS-2 7.10.5).
func DCOIdentify() Command {
	return Command{Command: OpDCO, Features: DCOIdentifyFeature, Count: 1, Protocol: ProtocolPIOIn,
		Data: make([]byte, SectorBytes), Timeout: 10 * time.Second}
}

// SanitizeState is the answer to SANITIZE STATUS EXT.
type SanitizeState struct {
	InProgress bool
	// Completed is "sanitize operation completed without error" (COUNT bit 15).
	Completed bool
	// Progress is 0..1 while in progress (LBA 15:0 / 65536).
	Progress float64
	// Unknown is set when the transport dropped the COUNT 15:8 byte (fixed-format sense).
	Unknown bool
}

// ParseSanitizeStatus decodes SANITIZE STATUS EXT result registers (ACS-3 7.31.9).
func ParseSanitizeStatus(r Registers) SanitizeState {
	s := SanitizeState{Progress: float64(r.LBA&0xFFFF) / 65536}
	if r.Truncated {
		s.Unknown = true
		return s
	}
	s.Completed = r.Count&(1<<15) != 0
	s.InProgress = r.Count&(1<<14) != 0
	return s
}

// IdentifyData is a parsed IDENTIFY DEVICE block.
type IdentifyData struct{ Words [256]uint16 }

// ErrChecksum says the integrity word (255) of an IDENTIFY block is wrong.
var ErrChecksum = errors.New("identify data checksum mismatch")

// ParseIdentify reads 512 bytes of IDENTIFY DEVICE (or DCO IDENTIFY) data.
func ParseIdentify(b []byte) (IdentifyData, error) {
	var id IdentifyData
	if len(b) < SectorBytes {
		return id, fmt.Errorf("identify data: %d bytes, want %d", len(b), SectorBytes)
	}
	for i := range id.Words {
		id.Words[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	if id.Words[255]&0xFF == 0xA5 { // ACS-3 7.12.7.94: signature, then checksum
		var sum byte
		for _, c := range b[:SectorBytes] {
			sum += c
		}
		if sum != 0 {
			return id, ErrChecksum
		}
	}
	allSame := true
	for _, w := range id.Words {
		if w != id.Words[0] {
			allSame = false
			break
		}
	}
	if allSame {
		return id, errors.New("identify data: empty answer")
	}
	return id, nil
}

// str reads an ATA string: two characters per word, the first in the high byte.
func (id IdentifyData) str(first, last int) string {
	var sb strings.Builder
	for w := first; w <= last; w++ {
		sb.WriteByte(byte(id.Words[w] >> 8))
		sb.WriteByte(byte(id.Words[w]))
	}
	return strings.TrimSpace(strings.Trim(sb.String(), "\x00"))
}

// Serial is words 10-19.
func (id IdentifyData) Serial() string { return id.str(10, 19) }

// Firmware is words 23-26.
func (id IdentifyData) Firmware() string { return id.str(23, 26) }

// Model is words 27-46.
func (id IdentifyData) Model() string { return id.str(27, 46) }

func (id IdentifyData) bit(word, bit int) bool { return id.Words[word]&(1<<bit) != 0 }

// LBA48 is word 83 bit 10.
func (id IdentifyData) LBA48() bool { return id.bit(83, 10) }

// Sectors is the accessible capacity: words 100-103 with 48-bit addressing, else 60-61.
func (id IdentifyData) Sectors() uint64 {
	if id.LBA48() {
		return uint64(id.Words[100]) | uint64(id.Words[101])<<16 | uint64(id.Words[102])<<32 | uint64(id.Words[103])<<48
	}
	return uint64(id.Words[60]) | uint64(id.Words[61])<<16
}

// HPASupported is word 82 bit 10; DCOSupported word 83 bit 11.
func (id IdentifyData) HPASupported() bool { return id.bit(82, 10) }

// DCOSupported is word 83 bit 11.
func (id IdentifyData) DCOSupported() bool { return id.bit(83, 11) }

// Security is the security feature set state (word 82 bit 1, word 128).
type Security struct {
	Supported, Enabled, Locked, Frozen, CountExpired, EnhancedSupported bool
	// NormalEraseMinutes / EnhancedEraseMinutes are words 89/90; 0 = not reported.
	NormalEraseMinutes, EnhancedEraseMinutes int
}

// Security decodes the security words.
func (id IdentifyData) Security() Security {
	return Security{
		Supported:            id.bit(82, 1) || id.bit(128, 0),
		Enabled:              id.bit(128, 1),
		Locked:               id.bit(128, 2),
		Frozen:               id.bit(128, 3),
		CountExpired:         id.bit(128, 4),
		EnhancedSupported:    id.bit(128, 5),
		NormalEraseMinutes:   eraseMinutes(id.Words[89]),
		EnhancedEraseMinutes: eraseMinutes(id.Words[90]),
	}
}

// eraseMinutes decodes word 89/90: with bit 15 set (ACS-3) bits 14:0 count 2-minute
// units; otherwise bits 7:0 do, and 255 means "more than 508 minutes".
func eraseMinutes(w uint16) int {
	if w&0x8000 != 0 {
		return int(w&0x7FFF) * 2
	}
	return int(w&0xFF) * 2
}

// Sanitize is the SANITIZE feature set (word 59 bits 12-15).
type Sanitize struct{ Supported, Crypto, Overwrite, BlockErase bool }

// Sanitize decodes word 59.
func (id IdentifyData) Sanitize() Sanitize {
	return Sanitize{Supported: id.bit(59, 12), Crypto: id.bit(59, 13),
		Overwrite: id.bit(59, 14), BlockErase: id.bit(59, 15)}
}

// TrustedComputing is word 48 bit 0 (with bits 15:14 = 01b, the word is valid):
// TRUSTED SEND/RECEIVE are supported.
func (id IdentifyData) TrustedComputing() bool {
	return id.Words[48]&0xC000 == 0x4000 && id.bit(48, 0)
}

// NonRotating is word 217 == 1.
func (id IdentifyData) NonRotating() bool { return id.Words[217] == 1 }

// DCOMaxLBA is words 3-6 of DEVICE CONFIGURATION IDENTIFY data.
func DCOMaxLBA(d IdentifyData) uint64 {
	return uint64(d.Words[3]) | uint64(d.Words[4])<<16 | uint64(d.Words[5])<<32 | uint64(d.Words[6])<<48
}

// Trusted computing opcodes (ACS-3 7.57, 7.59).
const (
	OpTrustedReceive = 0x5C
	OpTrustedSend    = 0x5E
)

// trusted is TRUSTED SEND/RECEIVE (PIO, ACS-3 7.57.1): FEATURE 7:0 is the
// security protocol, the transfer length in 512-byte blocks is COUNT 7:0 (low)
// and LBA 7:0 (high), and LBA 23:8 is the protocol-specific field (a TCG ComID).
func trusted(op uint8, protocol uint8, specific uint16, data []byte, p Protocol) Command {
	blocks := len(data) / SectorBytes
	return Command{Command: op, Features: uint16(protocol), Count: uint16(blocks & 0xFF),
		LBA: uint64(specific)<<8 | uint64(blocks>>8&0xFF), Protocol: p, Data: data, Timeout: 30 * time.Second}
}

// TrustedReceive reads len(data) bytes (a multiple of 512) of a security protocol.
func TrustedReceive(protocol uint8, specific uint16, data []byte) Command {
	return trusted(OpTrustedReceive, protocol, specific, data, ProtocolPIOIn)
}

// TrustedSend sends data (a multiple of 512 bytes) to a security protocol.
func TrustedSend(protocol uint8, specific uint16, data []byte) Command {
	return trusted(OpTrustedSend, protocol, specific, data, ProtocolPIOOut)
}
