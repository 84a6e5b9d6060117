package firmware

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
)

// ataCmd sends one ATA command through ATA PASS-THROUGH(16). A bridge that
// completes the command with GOOD but returns no registers is taken at its word.
func (r *run) ataCmd(ctx context.Context, cmd ata.Command) (ata.Registers, error) {
	resp, err := r.drv.SCSI.Do(ctx, sgio.ATARequest(cmd))
	if err != nil {
		return ata.Registers{}, fmt.Errorf("ata command %02Xh on %s: %w", cmd.Command, r.deviceName(), err)
	}
	regs, err := sgio.ATAResult(cmd, resp)
	if errors.Is(err, sgio.ErrNoRegisters) {
		return regs, nil
	}
	return regs, err
}

func (r *run) identify(ctx context.Context) (ata.IdentifyData, error) {
	cmd := ata.Identify()
	if _, err := r.ataCmd(ctx, cmd); err != nil {
		return ata.IdentifyData{}, err
	}
	return ata.ParseIdentify(cmd.Data)
}

// eraseTimeout is the SG_IO timeout for ERASE UNIT: twice the drive's estimate plus
// half an hour, or 24 hours when the drive gives none.
func eraseTimeout(minutes int) time.Duration {
	if minutes <= 0 {
		return 24 * time.Hour
	}
	return time.Duration(2*minutes+30) * time.Minute
}

func (r *run) prepareATA(ctx context.Context) (func(context.Context) error, error) {
	if r.drv.SCSI == nil {
		return nil, r.fail(msg.FirmwareNoSGIOATA, r.deviceName())
	}
	id, err := r.identify(ctx)
	if err != nil {
		return nil, r.fail(msg.FirmwareIdentifyFailed, err)
	}
	sec := id.Security()
	ha := r.x.Job.Device.Capabilities.HiddenArea
	r.hiddenCovered = ha == nil || !ha.DCO // ACS: the erase reaches LBA 0 to the native max, not DCO-removed sectors
	if err := r.recheck(devices.Capabilities{ATA: devices.ATACapabilitiesOf(id)}); err != nil {
		return nil, err
	}

	switch r.s.act {
	case actSecureErase, actSecureEraseEnhanced:
		enhanced := r.s.act == actSecureEraseEnhanced
		minutes := sec.NormalEraseMinutes
		if enhanced {
			minutes = sec.EnhancedEraseMinutes
			// ACS leaves the enhanced patterns to the vendor: only a change can be shown.
			r.expect = Expectation{Changed: true}
		} else {
			r.expect = Expectation{Values: []byte{0x00}}
		}
		if t := r.x.Job.Device.Transport; t == devices.TransportUSB || t == devices.TransportUAS {
			r.exception(msg.FirmwareUSBBridgeErase, strconv.Quote(Password), Password)
		}
		return func(ctx context.Context) error { return r.secureErase(ctx, enhanced, minutes) }, nil
	}

	var cmd ata.Command
	var what string
	switch r.s.act {
	case actSanitizeCrypto:
		cmd, what = ata.SanitizeCryptoScramble(), "CRYPTO SCRAMBLE EXT: FEATURE 0011h, LBA 43727970h (\"Cryp\")"
		r.expect = Expectation{Changed: true}
	case actSanitizeBlock:
		cmd, what = ata.SanitizeBlockErase(), "BLOCK ERASE EXT: FEATURE 0012h, LBA 426B4572h (\"BkEr\")"
		r.expect = Expectation{Values: []byte{0x00, 0xFF}}
	case actSanitizeOverwrite:
		cmd, what = ata.SanitizeOverwrite(0, 1, false), "OVERWRITE EXT: FEATURE 0014h, LBA 00004F5700000000h (pattern 00000000h), COUNT 0001h (1 pass, no inversion)"
		r.expect = Expectation{Values: []byte{0x00}}
	}
	if err := r.ensureDescriptorSense(ctx); err != nil {
		return nil, r.refuse(ErrUnfollowable, msg.FirmwareUnfollowable, err)
	}
	return func(ctx context.Context) error {
		r.detail(msg.FirmwareATASanitizeCmd, what)
		if _, err := r.ataCmd(ctx, cmd); err != nil {
			return r.fail(msg.FirmwareRejected, "ATA SANITIZE", err)
		}
		polls := 0
		err := r.poll(ctx, func() (bool, error) {
			polls++
			regs, err := r.ataCmd(ctx, ata.SanitizeStatus())
			if err != nil {
				return false, r.fail(msg.FirmwareATAStatusFailed, err)
			}
			st := ata.ParseSanitizeStatus(regs)
			switch {
			case st.Unknown:
				return false, r.fail(msg.FirmwareATAStatusTruncated)
			case st.InProgress:
				r.commandProgress(st.Progress)
				return false, nil
			case st.Completed:
				r.commandProgress(1)
				return true, nil
			}
			return false, r.fail(msg.FirmwareATANoSanitize)
		})
		if err == nil {
			r.detail(msg.FirmwareATAStatusPolled, polls)
		}
		return err
	}, nil
}

// ensureDescriptorSense makes the SAT layer return descriptor-format sense (D_SENSE
// in the control mode page), the only format that carries COUNT 15:8, where
// SANITIZE STATUS EXT reports progress and completion.
func (r *run) ensureDescriptorSense(ctx context.Context) error {
	regs, err := r.ataCmd(ctx, ata.SanitizeStatus())
	if err == nil && !regs.Truncated {
		return nil
	}
	ms := make([]byte, 64)
	req := sgio.Request{CDB: sgio.ModeSense10(0x0A, 64), Dir: sgio.DirFromDevice, Data: ms, Timeout: 10 * time.Second}
	resp, err := r.drv.SCSI.Do(ctx, req)
	if err == nil {
		err = resp.Err(req.CDB)
	}
	if err != nil {
		return fmt.Errorf("mode sense control page: %w", err)
	}
	params, ok := sgio.ControlPageDSense(ms)
	if !ok {
		return msg.Errorf(msg.FirmwareNoControlPage)
	}
	sel := sgio.Request{CDB: sgio.ModeSelect10(uint16(len(params))), Dir: sgio.DirToDevice, Data: params, Timeout: 10 * time.Second}
	resp, err = r.drv.SCSI.Do(ctx, sel)
	if err == nil {
		err = resp.Err(sel.CDB)
	}
	if err != nil {
		return fmt.Errorf("mode select D_SENSE: %w", err)
	}
	regs, err = r.ataCmd(ctx, ata.SanitizeStatus())
	if err != nil {
		return err
	}
	if regs.Truncated {
		return msg.Errorf(msg.FirmwareFixedSense)
	}
	r.detail(msg.FirmwareModeSelectDSense)
	return nil
}

// secureErase runs SET PASSWORD, ERASE PREPARE, ERASE UNIT and makes sure the drive
// ends without a password whatever fails.
func (r *run) secureErase(ctx context.Context, enhanced bool, minutes int) error {
	// Once a password is set, clearing it must not depend on the job's context.
	cleanupCtx := context.WithoutCancel(ctx)
	mode := "normal"
	if enhanced {
		mode = "enhanced"
	}
	r.detail(msg.FirmwareSetPassword, strconv.Quote(Password))
	if _, err := r.ataCmd(ctx, ata.SecuritySetPassword(Password)); err != nil {
		r.clearPassword(cleanupCtx, msg.New(msg.FirmwareStepFailed, "SECURITY SET PASSWORD"))
		return r.fail(msg.FirmwareFailed, "ATA SECURITY SET PASSWORD", err)
	}
	r.detail(msg.FirmwareErasePrepare)
	if _, err := r.ataCmd(ctx, ata.SecurityErasePrepare()); err != nil {
		r.clearPassword(cleanupCtx, msg.New(msg.FirmwareStepFailed, "SECURITY ERASE PREPARE"))
		return r.fail(msg.FirmwareFailed, "ATA SECURITY ERASE PREPARE", err)
	}
	timeout := eraseTimeout(minutes)
	r.detail(msg.FirmwareEraseUnit, mode, fmt.Sprintf("%04X", map[bool]int{false: 0, true: 2}[enhanced]), timeout.String(), minutes)
	stop := r.estimateProgress(minutes)
	// ERASE UNIT runs to the end once started: it gets the uncancellable context.
	_, err := r.ataCmd(cleanupCtx, ata.SecurityEraseUnit(Password, enhanced, timeout))
	stop()
	if err != nil {
		r.clearPassword(cleanupCtx, msg.New(msg.FirmwareStepFailed, "SECURITY ERASE UNIT"))
		return r.fail(msg.FirmwareFailed, "ATA SECURITY ERASE UNIT", err)
	}
	if !r.clearPassword(cleanupCtx, msg.Message{}) {
		return r.fail(msg.FirmwarePasswordStillSet)
	}
	r.commandProgress(1)
	return nil
}

// estimateProgress reports elapsed time against the drive's estimate while a
// synchronous command runs; the returned func stops it.
func (r *run) estimateProgress(minutes int) func() {
	if minutes <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r.commandProgress(min(0.99, time.Since(start).Minutes()/float64(minutes)))
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// clearPassword verifies through IDENTIFY word 128 that security is not enabled,
// and if it is, unlocks and disables the password this job set. It reports whether
// the drive ends without a password; when not, the record says so loudly.
func (r *run) clearPassword(ctx context.Context, after msg.Message) bool {
	pw := strconv.Quote(Password)
	id, err := r.identify(ctx)
	if err != nil {
		r.exception(msg.FirmwareSecurityUnreadable, err, pw, Password, r.deviceName())
		return false
	}
	sec := id.Security()
	if !sec.Enabled {
		return true
	}
	if sec.Locked {
		r.detail(msg.FirmwareUnlock, pw)
		if _, err := r.ataCmd(ctx, ata.SecurityUnlock(Password)); err != nil {
			r.exception(msg.FirmwareFailed, "SECURITY UNLOCK", err)
		}
	}
	r.detail(msg.FirmwareDisablePassword, pw)
	if _, err := r.ataCmd(ctx, ata.SecurityDisablePassword(Password)); err != nil {
		r.exception(msg.FirmwareFailed, "SECURITY DISABLE PASSWORD", err)
	}
	id, err = r.identify(ctx)
	if err != nil || id.Security().Enabled {
		if after.IsZero() {
			r.exception(msg.FirmwarePasswordLeft, pw, Password, r.deviceName())
		} else {
			r.exception(msg.FirmwarePasswordLeftAfter, pw, after, Password, r.deviceName())
		}
		return false
	}
	if !after.IsZero() {
		r.exception(msg.FirmwarePasswordCleared, after)
	}
	return true
}
