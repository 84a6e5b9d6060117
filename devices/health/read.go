package health

import (
	"context"
	"errors"
	"fmt"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
)

// NVMePort sends one NVMe admin command.
type NVMePort interface {
	Admin(ctx context.Context, cmd nvme.Command) (uint32, error)
}

// logSenseBytes is the allocation length of LOG SENSE: every page read here fits.
const logSenseBytes = 1024

// refused reports an error that is the drive (or bridge) saying "not supported":
// an aborted ATA command, ILLEGAL REQUEST, an NVMe invalid opcode or field.
func refused(err error) bool {
	var ae *ata.Error
	var se *sgio.SenseError
	var ne *nvme.StatusError
	switch {
	case errors.As(err, &ae):
		return ae.Aborted()
	case errors.As(err, &se):
		return se.Sense.Key == sgio.KeyIllegalRequest
	case errors.As(err, &ne):
		return ne.Unsupported()
	}
	return false
}

func stateOf(err error) State {
	if refused(err) {
		return Unsupported
	}
	return NoAnswer
}

func (r *Report) fail(what string, err error) State {
	r.Errors = append(r.Errors, fmt.Sprintf("%s: %v", what, err))
	return stateOf(err)
}

// SMART feature set bits of IDENTIFY DEVICE: word 82 bit 0 supported, word 85
// bit 0 enabled.
func smartBits(id ata.IdentifyData) (supported, enabled bool) {
	return id.Words[82]&1 != 0, id.Words[85]&1 != 0
}

// selfTestSupported is IDENTIFY word 84 or 87 bit 1 (each valid when bits 15:14
// are 01b), or SMART data byte 367 bit 4 ("self-test implemented").
func selfTestSupported(id ata.IdentifyData, smartData []byte) bool {
	for _, w := range []uint16{id.Words[84], id.Words[87]} {
		if w&0xC000 == 0x4000 && w&0x0002 != 0 {
			return true
		}
	}
	return len(smartData) > 367 && smartData[367]&0x10 != 0
}

// ReadATA reads ATA SMART from a drive whose IDENTIFY DEVICE data is id, through
// ATA PASS-THROUGH(16). It changes nothing on the drive: a drive with SMART
// disabled is reported as such, not switched on.
func ReadATA(ctx context.Context, p sgio.Port, id ata.IdentifyData) *Report {
	r := &Report{Source: SourceATA, State: Unsupported, Overall: Unknown}
	supported, enabled := smartBits(id)
	if !supported {
		return r
	}
	h := &ATAHealth{Enabled: enabled, StatusState: Unsupported, AttributesState: Unsupported,
		ThresholdsState: Unsupported, SelfTestState: Unsupported, Status: Unknown}
	r.ATA = h
	if !enabled {
		return r
	}
	regs, err := sgio.SendATA(ctx, p, SMARTReturnStatus())
	switch {
	case err != nil:
		h.StatusState = r.fail("ata smart return status", err)
	case ParseReturnStatus(regs) == Unknown:
		h.StatusState = r.fail("ata smart return status", fmt.Errorf("no verdict in the result registers (LBA %06Xh)", regs.LBA&0xFFFFFF))
	default:
		h.StatusState, h.Status = Available, ParseReturnStatus(regs)
	}
	data, thresh := SMARTReadData(), SMARTReadThresholds()
	if _, err := sgio.SendATA(ctx, p, data); err != nil {
		h.AttributesState = r.fail("ata smart read data", err)
	} else {
		var tb []byte
		if _, err := sgio.SendATA(ctx, p, thresh); err != nil {
			h.ThresholdsState = r.fail("ata smart read thresholds", err)
		} else if err := checkBlock(thresh.Data); err != nil {
			h.ThresholdsState = r.fail("ata smart read thresholds", err)
		} else {
			h.ThresholdsState, tb = Available, thresh.Data
		}
		if attrs, err := ParseAttributes(data.Data, tb); err != nil {
			h.AttributesState = r.fail("ata smart read data", err)
		} else {
			h.AttributesState, h.Attributes = Available, attrs
		}
	}
	if selfTestSupported(id, data.Data) {
		st := SMARTReadSelfTestLog()
		if _, err := sgio.SendATA(ctx, p, st); err != nil {
			h.SelfTestState = r.fail("ata smart read log (self-test)", err)
		} else if tests, err := ParseSelfTestLog(st.Data); err != nil {
			h.SelfTestState = r.fail("ata smart read log (self-test)", err)
		} else {
			h.SelfTestState, h.SelfTests = Available, tests
		}
	}
	if h.StatusState == Available || h.AttributesState == Available {
		r.State = Available
	} else if h.StatusState == NoAnswer || h.AttributesState == NoAnswer {
		r.State = NoAnswer
	}
	decodeATA(r, h)
	return r
}

// ReadNVMe reads the SMART / Health Information log of an NVMe controller.
func ReadNVMe(ctx context.Context, p NVMePort) *Report {
	r := &Report{Source: SourceNVMe, Overall: Unknown}
	cmd := SMARTHealthLog()
	if _, err := p.Admin(ctx, cmd); err != nil {
		r.State = r.fail("nvme get log page 02h (smart/health)", err)
		return r
	}
	h, err := ParseSMARTHealthLog(cmd.Data)
	if err != nil {
		r.State = r.fail("nvme get log page 02h (smart/health)", err)
		return r
	}
	r.State, r.NVMe = Available, &h
	decodeNVMe(r, h)
	return r
}

// ReadSCSI reads the SCSI log pages that describe a drive's health: those the
// device lists in page 00h.
func ReadSCSI(ctx context.Context, p sgio.Port) *Report {
	r := &Report{Source: SourceSCSI, State: Unsupported, Overall: Unknown}
	logSense := func(page uint8) ([]byte, error) {
		b := make([]byte, logSenseBytes)
		cdb := sgio.LogSense(page, 0, uint16(len(b)))
		resp, err := p.Do(ctx, sgio.Request{CDB: cdb, Dir: sgio.DirFromDevice, Data: b, Timeout: smartCommandTimeout})
		if err != nil {
			return nil, err
		}
		if err := resp.Err(cdb); err != nil {
			return nil, err
		}
		if n := len(b) - int(resp.Resid); resp.Resid > 0 && n >= 0 {
			b = b[:n]
		}
		return b, nil
	}
	b, err := logSense(PageSupported)
	if err != nil {
		r.State = r.fail("scsi log sense page 00h (supported pages)", err)
		return r
	}
	pages, err := ParseSupportedPages(b)
	if err != nil {
		r.State = r.fail("scsi log sense page 00h (supported pages)", err)
		return r
	}
	h := &SCSIHealth{SupportedPages: pages}
	r.SCSI = h
	listed := map[uint8]bool{}
	for _, pg := range pages {
		listed[pg] = true
	}
	// read asks for one page and decodes it; its state is Unsupported when the
	// page is not listed.
	read := func(page uint8, name string, decode func([]byte) error) State {
		if !listed[page] {
			return Unsupported
		}
		what := fmt.Sprintf("scsi log sense page %02Xh (%s)", page, name)
		b, err := logSense(page)
		if err == nil {
			err = decode(b)
		}
		if err != nil {
			return r.fail(what, err)
		}
		return Available
	}
	h.InformationalExceptionsState = read(PageInformationalException, "informational exceptions", func(b []byte) error {
		ie, err := ParseInformationalExceptions(b)
		h.InformationalExceptions = &ie
		return err
	})
	h.TemperatureState = read(PageTemperature, "temperature", func(b []byte) error {
		cur, ref, err := ParseTemperature(b)
		r.TemperatureCelsius, h.ReferenceCelsius = cur, ref
		return err
	})
	h.WriteErrorsState = read(PageWriteErrors, "write error counters", func(b []byte) error {
		c, err := ParseErrorCounters(b)
		h.WriteErrors = &c
		return err
	})
	h.ReadErrorsState = read(PageReadErrors, "read error counters", func(b []byte) error {
		c, err := ParseErrorCounters(b)
		h.ReadErrors = &c
		return err
	})
	h.SolidStateState = read(PageSolidState, "solid state media", func(b []byte) error {
		used, err := ParsePercentageUsed(b)
		if err == nil {
			r.PercentageUsed = ptr(used)
		}
		return err
	})
	h.BackgroundScanState = read(PageBackgroundScan, "background scan results", func(b []byte) error {
		min, err := ParsePowerOnMinutes(b)
		if err == nil {
			h.PowerOnMinutes = ptr(min)
			r.PowerOnHours = ptr(min / 60)
		}
		return err
	})
	decodeSCSI(r, h)
	return r
}

// decodeSCSI fills the report's verdict and state from the pages read.
func decodeSCSI(r *Report, h *SCSIHealth) {
	if h.InformationalExceptionsState == Available {
		ie := h.InformationalExceptions
		r.Overall = Passed
		if ie.ASC != 0 {
			r.Overall = Failing
		}
		if r.TemperatureCelsius == nil {
			r.TemperatureCelsius = ie.TemperatureCelsius
		}
	} else {
		h.InformationalExceptions = nil
	}
	for _, s := range []State{h.InformationalExceptionsState, h.TemperatureState, h.WriteErrorsState,
		h.ReadErrorsState, h.SolidStateState, h.BackgroundScanState} {
		switch {
		case s == Available:
			r.State = Available
		case s == NoAnswer && r.State != Available:
			r.State = NoAnswer
		}
	}
}
