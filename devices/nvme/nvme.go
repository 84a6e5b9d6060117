// Package nvme builds NVMe admin commands (NVMe Base 2.0) and parses what the
// controller answers: Identify Controller and Namespace, the Sanitize Status log.
// The builders are pure; the one ioctl (NVME_IOCTL_ADMIN_CMD) is in nvme_linux.go.
package nvme

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// Admin opcodes (NVMe Base 2.0 figure 28).
const (
	OpGetLogPage = 0x02
	OpIdentify   = 0x06
	OpFormatNVM  = 0x80
	OpSanitize   = 0x84
)

// Identify CNS values.
const (
	CNSNamespace       = 0x00
	CNSController      = 0x01
	CNSActiveNamespace = 0x02
)

// LogSanitizeStatus is the Sanitize Status log page identifier.
const LogSanitizeStatus = 0x81

// Secure Erase Settings of Format NVM (CDW10 bits 11:9).
const (
	SESNone       = 0
	SESUserData   = 1
	SESCryptoKeys = 2
)

// Sanitize actions (CDW10 SANACT bits 2:0).
const (
	SanitizeExitFailure = 1
	SanitizeBlockErase  = 2
	SanitizeOverwrite   = 3
	SanitizeCryptoErase = 4
)

// Command is one admin command. Data is the buffer the controller reads
// (ToDevice) or fills.
type Command struct {
	Opcode uint8
	NSID   uint32
	CDW10  uint32
	CDW11  uint32
	CDW12  uint32
	CDW13  uint32
	CDW14  uint32
	CDW15  uint32
	Data   []byte
	// ToDevice marks Data as sent to the controller.
	ToDevice bool
	// Timeout bounds the command; the transport refuses zero.
	Timeout time.Duration
}

// IdentifyController is Identify CNS 01h (4096 bytes).
func IdentifyController() Command {
	return Command{Opcode: OpIdentify, CDW10: CNSController, Data: make([]byte, 4096), Timeout: 10 * time.Second}
}

// IdentifyNamespace is Identify CNS 00h for nsid (4096 bytes).
func IdentifyNamespace(nsid uint32) Command {
	return Command{Opcode: OpIdentify, NSID: nsid, CDW10: CNSNamespace, Data: make([]byte, 4096), Timeout: 10 * time.Second}
}

// ActiveNamespaces is Identify CNS 02h: the active namespace IDs above 0.
func ActiveNamespaces() Command {
	return Command{Opcode: OpIdentify, CDW10: CNSActiveNamespace, Data: make([]byte, 4096), Timeout: 10 * time.Second}
}

// FormatNVM is Format NVM (figure 317): CDW10 LBAF bits 3:0 (and 13:12 for the
// upper bits), SES bits 11:9; no protection information, metadata unchanged.
// The command is synchronous: timeout must cover the whole erase.
func FormatNVM(nsid uint32, lbaf uint8, ses uint8, timeout time.Duration) Command {
	cdw10 := uint32(lbaf&0x0F) | uint32(ses&0x07)<<9 | uint32(lbaf>>4&0x03)<<12
	return Command{Opcode: OpFormatNVM, NSID: nsid, CDW10: cdw10, Timeout: timeout}
}

// Sanitize is Sanitize (figure 372): SANACT bits 2:0, AUSE bit 3, OWPASS bits 7:4,
// OIPBP bit 8, NDAS bit 9; CDW11 is the overwrite pattern. It returns at once; the
// Sanitize Status log tells progress.
func Sanitize(action uint8, ause bool, owPasses uint8, pattern uint32) Command {
	cdw10 := uint32(action & 0x07)
	if ause {
		cdw10 |= 1 << 3
	}
	if action == SanitizeOverwrite {
		cdw10 |= uint32(owPasses&0x0F) << 4
	}
	c := Command{Opcode: OpSanitize, CDW10: cdw10, Timeout: 60 * time.Second}
	if action == SanitizeOverwrite {
		c.CDW11 = pattern
	}
	return c
}

// GetLogPage reads n bytes (a multiple of 4) of log page lid (figure 197): CDW10
// LID bits 7:0, NUMDL bits 31:16 (dwords - 1, lower half); CDW11 NUMDU.
func GetLogPage(lid uint8, nsid uint32, n int) Command {
	numd := uint32(n/4 - 1)
	return Command{Opcode: OpGetLogPage, NSID: nsid, CDW10: uint32(lid) | (numd&0xFFFF)<<16,
		CDW11: numd >> 16, Data: make([]byte, n), Timeout: 10 * time.Second}
}

// SanitizeStatusLog reads the 512-byte Sanitize Status log.
func SanitizeStatusLog() Command { return GetLogPage(LogSanitizeStatus, 0xFFFFFFFF, 512) }

// StatusError is a command the controller completed with a non-zero status: the
// 15-bit status field of the completion without the phase bit, as Linux returns it.
type StatusError struct {
	Opcode uint8
	Status uint16
}

// SCT is the status code type; SC the status code.
func (e *StatusError) SCT() uint8 { return uint8(e.Status >> 8 & 0x07) }

// SC is the status code.
func (e *StatusError) SC() uint8 { return uint8(e.Status) }

// DNR is "do not retry".
func (e *StatusError) DNR() bool { return e.Status&0x4000 != 0 }

// Unsupported reports Invalid Command Opcode or Invalid Field in Command.
func (e *StatusError) Unsupported() bool {
	return e.SCT() == 0 && (e.SC() == 0x01 || e.SC() == 0x02)
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("nvme admin command %02Xh: status %04Xh (SCT %d SC %02Xh)", e.Opcode, e.Status, e.SCT(), e.SC())
	switch {
	case e.SCT() == 0 && e.SC() == 0x01:
		s += " invalid command opcode"
	case e.SCT() == 0 && e.SC() == 0x02:
		s += " invalid field in command"
	case e.SCT() == 0 && e.SC() == 0x1D:
		s += " sanitize in progress"
	case e.SCT() == 1 && e.SC() == 0x0A:
		s += " invalid format"
	case e.SCT() == 1 && e.SC() == 0x23:
		s += " sanitize prohibited while persistent memory region is enabled"
	}
	return s
}

// Controller is what Identify Controller says (NVMe Base 2.0 figure 275).
type Controller struct {
	VID          uint16
	Serial       string // SN bytes 23:4
	Model        string // MN bytes 63:24
	Firmware     string // FR bytes 71:64
	OACS         uint16 // bytes 257:256
	FNA          uint8  // byte 524
	SANICAP      uint32 // bytes 331:328
	NN           uint32 // bytes 519:516
	Security     bool   // OACS bit 0: Security Send/Receive
	FormatNVM    bool   // OACS bit 1
	FormatAllNS  bool   // FNA bit 0
	EraseAllNS   bool   // FNA bit 1
	CryptoFormat bool   // FNA bit 2
	SanCrypto    bool   // SANICAP bit 0
	SanBlock     bool   // SANICAP bit 1
	SanOverwrite bool   // SANICAP bit 2
}

func ascii(b []byte) string { return strings.TrimSpace(strings.Trim(string(b), "\x00")) }

// ParseController decodes Identify Controller data.
func ParseController(b []byte) (Controller, error) {
	if len(b) < 4096 {
		return Controller{}, fmt.Errorf("identify controller: %d bytes, want 4096", len(b))
	}
	c := Controller{
		VID:      binary.LittleEndian.Uint16(b[0:2]),
		Serial:   ascii(b[4:24]),
		Model:    ascii(b[24:64]),
		Firmware: ascii(b[64:72]),
		OACS:     binary.LittleEndian.Uint16(b[256:258]),
		SANICAP:  binary.LittleEndian.Uint32(b[328:332]),
		NN:       binary.LittleEndian.Uint32(b[516:520]),
		FNA:      b[524],
	}
	c.Security = c.OACS&(1<<0) != 0
	c.FormatNVM = c.OACS&(1<<1) != 0
	c.FormatAllNS = c.FNA&(1<<0) != 0
	c.EraseAllNS = c.FNA&(1<<1) != 0
	c.CryptoFormat = c.FNA&(1<<2) != 0
	c.SanCrypto = c.SANICAP&(1<<0) != 0
	c.SanBlock = c.SANICAP&(1<<1) != 0
	c.SanOverwrite = c.SANICAP&(1<<2) != 0
	return c, nil
}

// Namespace is what Identify Namespace says (figure 276).
type Namespace struct {
	Size     uint64 // NSZE, in logical blocks
	Capacity uint64 // NCAP
	// FormatIndex is the current LBA format (FLBAS bits 3:0, and 6:5 above 16 formats).
	FormatIndex uint8
	// LBABytes is the current format's logical block size (2^LBADS).
	LBABytes uint32
	// DeallocReads is DLFEAT bits 2:0: 1 deallocated blocks read 00h, 2 read FFh, 0 not reported.
	DeallocReads uint8
}

// ParseNamespace decodes Identify Namespace data.
func ParseNamespace(b []byte) (Namespace, error) {
	if len(b) < 4096 {
		return Namespace{}, fmt.Errorf("identify namespace: %d bytes, want 4096", len(b))
	}
	flbas := b[26]
	n := Namespace{
		Size:         binary.LittleEndian.Uint64(b[0:8]),
		Capacity:     binary.LittleEndian.Uint64(b[8:16]),
		FormatIndex:  flbas&0x0F | (flbas>>5&0x03)<<4,
		DeallocReads: b[33] & 0x07,
	}
	lbaf := b[128+4*int(n.FormatIndex) : 128+4*int(n.FormatIndex)+4]
	if lbads := lbaf[2]; lbads >= 9 && lbads < 32 {
		n.LBABytes = 1 << lbads
	}
	return n, nil
}

// ParseNamespaceList decodes a CNS 02h list: up to 1024 IDs, ending at the first 0.
func ParseNamespaceList(b []byte) []uint32 {
	var ids []uint32
	for i := 0; i+4 <= len(b); i += 4 {
		id := binary.LittleEndian.Uint32(b[i:])
		if id == 0 {
			break
		}
		ids = append(ids, id)
	}
	return ids
}

// Sanitize states of SSTAT bits 2:0.
const (
	SanitizeNever              = 0
	SanitizeSucceeded          = 1
	SanitizeInProgress         = 2
	SanitizeFailed             = 3
	SanitizeSucceededNoDealloc = 4
)

// SanitizeState is the Sanitize Status log (figure 289).
type SanitizeState struct {
	Progress float64 // SPROG / 65536
	State    uint8   // SSTAT bits 2:0
	Passes   uint8   // SSTAT bits 7:3: overwrite passes completed
	// GlobalDataErased is SSTAT bit 8.
	GlobalDataErased bool
	// CDW10 is the SCDW10 of the last sanitize started.
	CDW10 uint32
}

// ParseSanitizeStatus decodes the log.
func ParseSanitizeStatus(b []byte) (SanitizeState, error) {
	if len(b) < 8 {
		return SanitizeState{}, fmt.Errorf("sanitize status log: %d bytes", len(b))
	}
	sstat := binary.LittleEndian.Uint16(b[2:4])
	return SanitizeState{
		Progress:         float64(binary.LittleEndian.Uint16(b[0:2])) / 65536,
		State:            uint8(sstat & 0x07),
		Passes:           uint8(sstat >> 3 & 0x1F),
		GlobalDataErased: sstat&(1<<8) != 0,
		CDW10:            binary.LittleEndian.Uint32(b[4:8]),
	}, nil
}

// Security commands (NVMe Base 2.0 5.25 and 5.26).
const (
	OpSecuritySend    = 0x81
	OpSecurityReceive = 0x82
)

// security is Security Send/Receive: CDW10 SECP bits 31:24, SPSP bits 23:8
// (the protocol-specific field, a TCG ComID), NSSF 0; CDW11 the length in bytes.
func security(op uint8, protocol uint8, specific uint16, data []byte) Command {
	return Command{Opcode: op, CDW10: uint32(protocol)<<24 | uint32(specific)<<8,
		CDW11: uint32(len(data)), Data: data, ToDevice: op == OpSecuritySend, Timeout: 30 * time.Second}
}

// SecurityReceive reads len(data) bytes of a security protocol.
func SecurityReceive(protocol uint8, specific uint16, data []byte) Command {
	return security(OpSecurityReceive, protocol, specific, data)
}

// SecuritySend sends data to a security protocol.
func SecuritySend(protocol uint8, specific uint16, data []byte) Command {
	return security(OpSecuritySend, protocol, specific, data)
}
