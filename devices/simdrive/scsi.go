package simdrive

import (
	"context"
	"encoding/binary"
	"sync"

	"github.com/wipestation/wipestation/devices/sgio"
)

// SCSI is a SCSI/SAS disk: INQUIRY, VPD 80h, READ CAPACITY(16), REPORT SUPPORTED
// OPERATION CODES, SANITIZE (IMMED), FORMAT UNIT with MODE SELECT of the block
// length (scsi_format.go), READ(16) and REQUEST SENSE with the progress
// indication. Set the fields before use; Do is safe for concurrent use.
type SCSI struct {
	Medium                        *Medium
	Vendor, Product, Serial       string
	SanitizeCrypto, SanitizeBlock bool
	SanitizeOverwrite             bool
	// NoReportOpcodes makes REPORT SUPPORTED OPERATION CODES itself unsupported.
	NoReportOpcodes bool
	// Format is FORMAT UNIT support and the disk's protection type.
	Format   ScsiFormat
	Behavior Behavior
	// LogPages are the pages LOG SENSE answers, by page code (page 00h lists
	// them); without any, LOG SENSE is an ILLEGAL REQUEST.
	LogPages map[uint8][]byte
	// SED makes the disk self-encrypting (SECURITY PROTOCOL IN/OUT reach it).
	SED *SED

	mu        sync.Mutex
	sanAction uint8
	sanPolls  int
	failed    bool
	pattern   byte
	fmt       formatState
	// Commands records the SCSI opcodes received.
	Commands []uint8
}

// Do answers one SCSI command.
func (d *SCSI) Do(ctx context.Context, req sgio.Request) (sgio.Response, error) {
	if err := ctx.Err(); err != nil {
		return sgio.Response{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	op := req.CDB[0]
	d.Commands = append(d.Commands, op)
	if d.sanAction != 0 && op != sgio.OpRequestSense && op != sgio.OpInquiry {
		return check(progressSense(sgio.KeyNotReady, 0)), nil
	}
	if d.fmt.running && op != sgio.OpRequestSense && op != sgio.OpInquiry {
		return check(formatProgressSense(0)), nil
	}
	if r, ok := d.doFormat(req); ok {
		return r, nil
	}
	switch op {
	case sgio.OpLogSense:
		return d.logSense(req), nil
	case sgio.OpInquiry:
		r, _ := inquiry(req.CDB, req.Data, d.Vendor, d.Product, "1.0", d.Serial)
		return r, nil
	case sgio.OpTestUnitReady:
		return good(), nil
	case sgio.OpMaintenanceIn:
		if d.NoReportOpcodes || req.CDB[1]&0x1F != sgio.SAReportSupportedOpcodes {
			return illegalRequest(), nil
		}
		support := uint8(sgio.OpcodeNotSupported)
		sa := binary.BigEndian.Uint16(req.CDB[4:6])
		if req.CDB[3] == sgio.OpSanitize && (sa == sgio.SanitizeCryptoErase && d.SanitizeCrypto ||
			sa == sgio.SanitizeBlockErase && d.SanitizeBlock || sa == sgio.SanitizeOverwrite && d.SanitizeOverwrite) {
			support = uint8(sgio.OpcodeSupported)
		}
		if req.CDB[3] == sgio.OpFormatUnit && d.Format.Supported {
			support = uint8(sgio.OpcodeSupported)
		}
		copy(req.Data, []byte{0, support, 0, 10, sgio.OpSanitize, 0xBF, 0, 0, 0, 0, 0, 0, 0, 0xFF})
		return good(), nil
	case sgio.OpSanitize:
		sa := req.CDB[1] & 0x1F
		ok := sa == sgio.SanitizeCryptoErase && d.SanitizeCrypto ||
			sa == sgio.SanitizeBlockErase && d.SanitizeBlock ||
			sa == sgio.SanitizeOverwrite && d.SanitizeOverwrite
		if !(d.SanitizeCrypto || d.SanitizeBlock || d.SanitizeOverwrite) {
			return illegalRequest(), nil
		}
		if !ok {
			return invalidField(), nil
		}
		if sa == sgio.SanitizeOverwrite {
			if len(req.Data) < 5 || binary.BigEndian.Uint16(req.Data[2:4]) == 0 {
				return check(descSense(sgio.KeyIllegalRequest, 0x26, 0)), nil
			}
			d.pattern = req.Data[4]
		}
		d.sanAction, d.sanPolls, d.failed = sa, d.Behavior.Polls, false
		return good(), nil
	case sgio.OpSecurityProtocolIn, sgio.OpSecurityProtocolOut:
		return securityProtocol(d.SED, req), nil
	case sgio.OpRequestSense:
		if sense, ok := d.formatPoll(); ok {
			copy(req.Data, sense)
			return good(), nil
		}
		var sense []byte
		switch {
		case d.sanAction != 0 && d.sanPolls > 0:
			d.sanPolls--
			sense = progressSense(sgio.KeyNotReady, 1-float64(d.sanPolls+1)/float64(d.Behavior.Polls+1))
		case d.sanAction != 0:
			kind := map[uint8]string{sgio.SanitizeCryptoErase: "crypto", sgio.SanitizeBlockErase: "block", sgio.SanitizeOverwrite: "overwrite"}[d.sanAction]
			d.Behavior.effect(d.Medium, kind, d.pattern)
			d.failed = d.Behavior.FailMidway
			d.sanAction = 0
			fallthrough
		default:
			if d.failed {
				sense = descSense(sgio.KeyMediumError, 0x31, 0x03)
			} else {
				sense = descSense(sgio.KeyNoSense, 0, 0)
			}
		}
		copy(req.Data, sense)
		return good(), nil
	}
	return illegalRequest(), nil
}

// logSense answers LOG SENSE from LogPages; page 00h lists them.
func (d *SCSI) logSense(req sgio.Request) sgio.Response {
	page := req.CDB[2] & 0x3F
	if len(d.LogPages) == 0 {
		return illegalRequest()
	}
	if page == 0 {
		b := []byte{0, 0, 0, 0}
		for p := 0; p < 64; p++ {
			if _, ok := d.LogPages[uint8(p)]; ok {
				b = append(b, uint8(p))
			}
		}
		binary.BigEndian.PutUint16(b[2:4], uint16(len(b)-4))
		copy(req.Data, b)
		return good()
	}
	b, ok := d.LogPages[page]
	if !ok {
		return invalidField()
	}
	copy(req.Data, b)
	return good()
}
