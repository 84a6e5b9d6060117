package simdrive

import (
	"context"
	"encoding/binary"
	"sync"

	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/nvme"
)

// NVMe is an NVMe controller with one namespace on Medium (plus, optionally, other
// active namespaces that a controller-wide command would also erase). Admin answers
// Identify (CNS 00h/01h/02h), Format NVM, Sanitize and the Sanitize Status log with
// the status codes a controller returns. Set the fields before use; Admin is safe
// for concurrent use.
type NVMe struct {
	Medium                        *Medium
	Serial, Model, Firmware       string
	NSID                          uint32
	OtherNamespaces               []uint32
	FormatSupported               bool
	CryptoFormat                  bool // FNA bit 2
	FormatAllNamespaces           bool // FNA bit 0
	SanitizeCrypto, SanitizeBlock bool
	SanitizeOverwrite             bool
	DeallocReads                  uint8 // DLFEAT bits 2:0
	Behavior                      Behavior
	// HealthLog is the SMART / Health Information log (02h) the controller
	// answers; nil answers Invalid Field.
	HealthLog []byte
	// SED makes the controller self-encrypting (Security Send/Receive reach it).
	SED *SED

	mu        sync.Mutex
	sanAction uint8
	sanPolls  int
	sstat     uint8
	// Commands records the admin opcodes received.
	Commands []uint8
}

var (
	statusInvalidOpcode = &nvme.StatusError{Status: 0x4001}
	statusInvalidField  = &nvme.StatusError{Status: 0x4002}
	statusSanInProgress = &nvme.StatusError{Status: 0x001D}
	statusInvalidFormat = &nvme.StatusError{Status: 0x410A}
	statusInvalidNS     = &nvme.StatusError{Status: 0x400B}
)

func nvmeErr(op uint8, e *nvme.StatusError) error {
	return &nvme.StatusError{Opcode: op, Status: e.Status}
}

// Admin answers one admin command.
func (d *NVMe) Admin(ctx context.Context, c nvme.Command) (uint32, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.Commands = append(d.Commands, c.Opcode)
	if d.sanAction != 0 && c.Opcode != nvme.OpGetLogPage && c.Opcode != nvme.OpIdentify {
		return 0, nvmeErr(c.Opcode, statusSanInProgress)
	}
	switch c.Opcode {
	case nvme.OpIdentify:
		switch c.CDW10 & 0xFF {
		case nvme.CNSController:
			copy(c.Data, d.identifyController())
		case nvme.CNSNamespace:
			if c.NSID != d.NSID {
				return 0, nvmeErr(c.Opcode, statusInvalidNS)
			}
			copy(c.Data, d.identifyNamespace())
		case nvme.CNSActiveNamespace:
			ids := append([]uint32{d.NSID}, d.OtherNamespaces...)
			for i, id := range ids {
				binary.LittleEndian.PutUint32(c.Data[4*i:], id)
			}
		default:
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		return 0, nil
	case nvme.OpFormatNVM:
		if !d.FormatSupported {
			return 0, nvmeErr(c.Opcode, statusInvalidOpcode)
		}
		ses := uint8(c.CDW10 >> 9 & 7)
		if ses == nvme.SESCryptoKeys && !d.CryptoFormat || ses > 2 {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		if c.CDW10&0x0F != 0 {
			return 0, nvmeErr(c.Opcode, statusInvalidFormat)
		}
		kind := "zero"
		if ses == nvme.SESCryptoKeys {
			kind = "crypto"
		}
		d.Behavior.effect(d.Medium, kind, 0)
		if d.Behavior.FailMidway {
			return 0, nvmeErr(c.Opcode, &nvme.StatusError{Status: 0x0006}) // internal error
		}
		return 0, nil
	case nvme.OpSanitize:
		action := uint8(c.CDW10 & 7)
		ok := action == nvme.SanitizeCryptoErase && d.SanitizeCrypto ||
			action == nvme.SanitizeBlockErase && d.SanitizeBlock ||
			action == nvme.SanitizeOverwrite && d.SanitizeOverwrite
		if !(d.SanitizeCrypto || d.SanitizeBlock || d.SanitizeOverwrite) {
			return 0, nvmeErr(c.Opcode, statusInvalidOpcode)
		}
		if !ok {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		d.sanAction, d.sanPolls, d.sstat = action, d.Behavior.Polls, nvme.SanitizeInProgress
		return 0, nil
	case nvme.OpSecuritySend, nvme.OpSecurityReceive:
		if d.SED == nil {
			return 0, nvmeErr(c.Opcode, statusInvalidOpcode)
		}
		protocol, comID := uint8(c.CDW10>>24), uint16(c.CDW10>>8)
		if c.CDW11 != uint32(len(c.Data)) || c.CDW10&0xFF != 0 {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		ok := false
		if c.Opcode == nvme.OpSecurityReceive {
			ok = d.SED.IFRecv(protocol, comID, c.Data)
		} else {
			ok = d.SED.IFSend(protocol, comID, c.Data)
		}
		if !ok {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		return 0, nil
	case nvme.OpGetLogPage:
		if c.CDW10&0xFF == health.LogSMARTHealth && d.HealthLog != nil {
			copy(c.Data, d.HealthLog)
			return 0, nil
		}
		if c.CDW10&0xFF != nvme.LogSanitizeStatus {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		if !(d.SanitizeCrypto || d.SanitizeBlock || d.SanitizeOverwrite) {
			return 0, nvmeErr(c.Opcode, statusInvalidField)
		}
		var sprog uint16 = 0xFFFF
		if d.sanAction != 0 {
			if d.sanPolls > 0 {
				sprog = uint16(65535 * (1 - float64(d.sanPolls)/float64(d.Behavior.Polls+1)))
				d.sanPolls--
			} else {
				kind := map[uint8]string{nvme.SanitizeCryptoErase: "crypto", nvme.SanitizeBlockErase: "block", nvme.SanitizeOverwrite: "overwrite"}[d.sanAction]
				pattern := byte(c.CDW11)
				d.Behavior.effect(d.Medium, kind, pattern)
				d.sstat = nvme.SanitizeSucceeded
				if d.Behavior.FailMidway {
					d.sstat = nvme.SanitizeFailed
				}
				d.sanAction = 0
			}
		}
		b := make([]byte, 512)
		binary.LittleEndian.PutUint16(b[0:2], sprog)
		binary.LittleEndian.PutUint16(b[2:4], uint16(d.sstat))
		copy(c.Data, b)
		return 0, nil
	}
	return 0, nvmeErr(c.Opcode, statusInvalidOpcode)
}

func (d *NVMe) identifyController() []byte {
	b := make([]byte, 4096)
	binary.LittleEndian.PutUint16(b[0:2], 0x1B36)
	copy(b[4:24], pad(d.Serial, 20))
	copy(b[24:64], pad(d.Model, 40))
	copy(b[64:72], pad(d.Firmware, 8))
	if d.FormatSupported {
		b[256] |= 1 << 1
	}
	if d.SED != nil {
		b[256] |= 1 << 0
	}
	var sanicap uint32
	if d.SanitizeCrypto {
		sanicap |= 1
	}
	if d.SanitizeBlock {
		sanicap |= 2
	}
	if d.SanitizeOverwrite {
		sanicap |= 4
	}
	binary.LittleEndian.PutUint32(b[328:332], sanicap)
	binary.LittleEndian.PutUint32(b[516:520], 256)
	if d.FormatAllNamespaces {
		b[524] |= 1
	}
	if d.CryptoFormat {
		b[524] |= 4
	}
	return b
}

func (d *NVMe) identifyNamespace() []byte {
	b := make([]byte, 4096)
	n := uint64(d.Medium.Size() / int64(d.Medium.SectorBytes()))
	binary.LittleEndian.PutUint64(b[0:8], n)
	binary.LittleEndian.PutUint64(b[8:16], n)
	b[25] = 0 // NLBAF: one format
	b[26] = 0 // FLBAS: format 0
	b[33] = d.DeallocReads
	lbads := uint8(0)
	for s := d.Medium.SectorBytes(); s > 1; s >>= 1 {
		lbads++
	}
	b[128+2] = lbads
	return b
}
