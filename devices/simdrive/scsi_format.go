package simdrive

import (
	"encoding/binary"
	"errors"

	"github.com/wipestation/wipestation/devices/sgio"
)

// The FORMAT UNIT side of the simulated SCSI disk (SBC-4 5.3): MODE SENSE/SELECT
// of the block descriptor, FORMAT UNIT with IMMED and its progress, READ(16), and
// READ CAPACITY(16) with the protection type.

// ScsiFormat is what the simulated disk supports and how it is formatted now.
type ScsiFormat struct {
	// Supported makes the disk accept FORMAT UNIT (otherwise ILLEGAL REQUEST 20h/00h).
	Supported bool
	// NoSecurityInitialize rejects the SI bit with INVALID FIELD IN PARAMETER LIST
	// (26h/00h), as SBC-4 says a device server without security initialize does.
	NoSecurityInitialize bool
	// ProtectionType is the protection information the disk is formatted with (0-3).
	ProtectionType uint8
	// BlockLengths lists the logical block lengths MODE SELECT accepts; nil: 512,
	// 520, 528 and 4096.
	BlockLengths []uint32
}

// formatState is a format in progress or done.
type formatState struct {
	pendingBlock uint32 // block length set by MODE SELECT, applied by the next format
	running      bool
	polls        int
	req          sgio.FormatUnit
	corrupted    bool
	// Formats records every FORMAT UNIT the disk accepted.
	formats []sgio.FormatUnit
}

// Formats returns the FORMAT UNIT commands the disk accepted, in order.
func (d *SCSI) Formats() []sgio.FormatUnit {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]sgio.FormatUnit(nil), d.fmt.formats...)
}

func (d *SCSI) blockLengthAllowed(n uint32) bool {
	allowed := d.Format.BlockLengths
	if allowed == nil {
		allowed = []uint32{512, 520, 528, 4096}
	}
	for _, a := range allowed {
		if a == n {
			return true
		}
	}
	return false
}

func invalidParamList() sgio.Response { return check(descSense(sgio.KeyIllegalRequest, 0x26, 0)) }

// formatProgressSense is NOT READY 04h/04h (format in progress) with the progress indication.
func formatProgressSense(fraction float64) []byte {
	p := uint16(fraction * 65536)
	return descSense(sgio.KeyNotReady, 0x04, 0x04, []byte{0x02, 0x06, 0, 0, 0x80, byte(p >> 8), byte(p), 0})
}

// doFormat answers the commands of the format sequence; handled is false for others.
func (d *SCSI) doFormat(req sgio.Request) (resp sgio.Response, handled bool) {
	switch req.CDB[0] {
	case sgio.OpModeSense10:
		if req.CDB[1]&0x08 != 0 {
			return illegalRequest(), true
		}
		b := make([]byte, 8+8+12)
		binary.BigEndian.PutUint16(b[0:2], uint16(len(b)-2))
		binary.BigEndian.PutUint16(b[6:8], 8)
		blocks := uint64(d.Medium.Size() / int64(d.Medium.SectorBytes()))
		binary.BigEndian.PutUint32(b[8:12], uint32(min(blocks, 0xFFFFFFFF)))
		n := d.Medium.SectorBytes()
		b[13], b[14], b[15] = byte(n>>16), byte(n>>8), byte(n)
		b[16], b[17] = 0x01, 0x0A // read-write error recovery page
		copy(req.Data, b)
		return good(), true
	case sgio.OpModeSelect10:
		n, ok := sgio.ParseModeSelectBlockLength(req.Data)
		if !ok {
			return good(), true // pages only: nothing this disk keeps
		}
		if !d.blockLengthAllowed(n) {
			return invalidParamList(), true
		}
		d.fmt.pendingBlock = n
		return good(), true
	case sgio.OpFormatUnit:
		if !d.Format.Supported {
			return illegalRequest(), true
		}
		f, err := sgio.ParseFormatUnit(req.CDB, req.Data)
		if err != nil {
			return invalidParamList(), true
		}
		if f.SecurityInitialize && d.Format.NoSecurityInitialize {
			return invalidParamList(), true
		}
		if f.FMTPINFO == 1 || f.FMTPINFO < 3 && f.ProtectionFieldUsage != 0 || f.ProtectionFieldUsage > 1 {
			return invalidField(), true
		}
		d.fmt.req, d.fmt.corrupted = f, false
		d.fmt.formats = append(d.fmt.formats, f)
		if !f.Immed {
			d.finishFormat()
			if d.fmt.corrupted {
				return check(descSense(sgio.KeyMediumError, 0x31, 0x00)), true
			}
			return good(), true
		}
		d.fmt.running, d.fmt.polls = true, d.Behavior.Polls
		return good(), true
	case sgio.OpRead16:
		if d.fmt.corrupted {
			return check(descSense(sgio.KeyMediumError, 0x31, 0x00)), true
		}
		lba := binary.BigEndian.Uint64(req.CDB[2:10])
		blocks := binary.BigEndian.Uint32(req.CDB[10:14])
		sb := int64(d.Medium.SectorBytes())
		if int64(len(req.Data)) < int64(blocks)*sb || int64(lba+uint64(blocks))*sb > d.Medium.Size() {
			return check(descSense(sgio.KeyIllegalRequest, 0x21, 0)), true // LBA out of range
		}
		if _, err := d.Medium.ReadAt(req.Data[:int64(blocks)*sb], int64(lba)*sb); err != nil {
			if errors.Is(err, ErrMediumError) {
				return check(descSense(sgio.KeyMediumError, 0x11, 0)), true
			}
			return check(descSense(sgio.KeyHardwareError, 0x44, 0)), true
		}
		return good(), true
	case sgio.OpServiceActionIn16:
		r := readCapacity16(req.Data, d.Medium)
		if t := d.Format.ProtectionType; t > 0 && len(req.Data) > 12 {
			req.Data[12] = (t-1)<<1 | 0x01
		}
		return r, true
	}
	return sgio.Response{}, false
}

// formatPoll answers REQUEST SENSE while a format runs, and finishes it on the
// last poll; ok is false when no format is running or failed.
func (d *SCSI) formatPoll() ([]byte, bool) {
	switch {
	case d.fmt.running && d.fmt.polls > 0:
		d.fmt.polls--
		return formatProgressSense(1 - float64(d.fmt.polls+1)/float64(d.Behavior.Polls+1)), true
	case d.fmt.running:
		d.finishFormat()
	}
	if d.fmt.corrupted {
		return descSense(sgio.KeyMediumError, 0x31, 0x00), true
	}
	return nil, false
}

// finishFormat applies the format: the pending block length, the protection
// type, and the medium rewritten with the pattern (zeros without one), per Behavior.
func (d *SCSI) finishFormat() {
	d.fmt.running = false
	f := d.fmt.req
	block := d.Medium.SectorBytes()
	if d.fmt.pendingBlock != 0 {
		block = int(d.fmt.pendingBlock)
	}
	switch {
	case f.FMTPINFO == 3 && f.ProtectionFieldUsage == 1:
		d.Format.ProtectionType = 3
	case f.FMTPINFO == 3:
		d.Format.ProtectionType = 2
	case f.FMTPINFO == 2:
		d.Format.ProtectionType = 1
	default:
		d.Format.ProtectionType = 0
	}
	fraction := 1.0
	if d.Behavior.FailMidway {
		fraction = 0.5
	}
	d.Medium.Reformat(block, !d.Behavior.Lie, f.Pattern, fraction)
	if d.Behavior.FailMidway {
		d.fmt.corrupted = true
	}
}
