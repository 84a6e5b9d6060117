package firmware

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/sgio"
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
		return nil, r.fail("no SG_IO access to %s: ATA commands cannot be sent", r.deviceName())
	}
	id, err := r.identify(ctx)
	if err != nil {
		return nil, r.fail("ATA IDENTIFY DEVICE before the command: %v; nothing was sent", err)
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
			r.exception("security erase through a USB bridge: a bridge that gives up during ERASE UNIT can leave the drive locked; "+
				"its user password is %q (hdparm --user-master u --security-unlock / --security-disable %s)", Password, Password)
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
		return nil, r.refuse(ErrUnfollowable, "the SANITIZE STATUS EXT result cannot be read through this SAT layer (%v), so the sanitize could not be followed", err)
	}
	return func(ctx context.Context) error {
		r.detail("ATA SANITIZE (B4h) %s, 48-bit non-data, via SCSI ATA PASS-THROUGH(16) (85h)", what)
		if _, err := r.ataCmd(ctx, cmd); err != nil {
			return r.fail("ATA SANITIZE was rejected: %v", err)
		}
		polls := 0
		err := r.poll(ctx, func() (bool, error) {
			polls++
			regs, err := r.ataCmd(ctx, ata.SanitizeStatus())
			if err != nil {
				return false, r.fail("the sanitize failed: SANITIZE STATUS EXT: %v", err)
			}
			st := ata.ParseSanitizeStatus(regs)
			switch {
			case st.Unknown:
				return false, r.fail("SANITIZE STATUS EXT returned truncated registers")
			case st.InProgress:
				r.commandProgress(st.Progress)
				return false, nil
			case st.Completed:
				r.commandProgress(1)
				return true, nil
			}
			return false, r.fail("after SANITIZE the drive reports no sanitize in progress and none completed without error")
		})
		if err == nil {
			r.detail("SANITIZE STATUS EXT (B4h, FEATURE 0000h) polled %d time(s) until \"sanitize operation completed without error\"", polls)
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
		return errors.New("no control mode page")
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
		return errors.New("fixed-format sense even with D_SENSE set")
	}
	r.detail("SCSI MODE SELECT(10) (55h): control mode page D_SENSE=1, so that ATA result registers return in descriptor-format sense")
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
	r.detail("ATA SECURITY SET PASSWORD (F1h), PIO-out, via SCSI ATA PASS-THROUGH(16): user password %q, security level High", Password)
	if _, err := r.ataCmd(ctx, ata.SecuritySetPassword(Password)); err != nil {
		r.clearPassword(cleanupCtx, "SECURITY SET PASSWORD failed")
		return r.fail("ATA SECURITY SET PASSWORD failed: %v", err)
	}
	r.detail("ATA SECURITY ERASE PREPARE (F3h), non-data")
	if _, err := r.ataCmd(ctx, ata.SecurityErasePrepare()); err != nil {
		r.clearPassword(cleanupCtx, "SECURITY ERASE PREPARE failed")
		return r.fail("ATA SECURITY ERASE PREPARE failed: %v", err)
	}
	timeout := eraseTimeout(minutes)
	r.detail("ATA SECURITY ERASE UNIT (F4h), PIO-out: %s erase (word 0 = %04Xh), user password, timeout %s (drive estimate %d min)",
		mode, map[bool]int{false: 0, true: 2}[enhanced], timeout, minutes)
	stop := r.estimateProgress(minutes)
	// ERASE UNIT runs to the end once started: it gets the uncancellable context.
	_, err := r.ataCmd(cleanupCtx, ata.SecurityEraseUnit(Password, enhanced, timeout))
	stop()
	if err != nil {
		r.clearPassword(cleanupCtx, "SECURITY ERASE UNIT failed")
		return r.fail("ATA SECURITY ERASE UNIT failed: %v", err)
	}
	if !r.clearPassword(cleanupCtx, "") {
		return r.fail("the erase reported success, but the drive still has the user password set")
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
func (r *run) clearPassword(ctx context.Context, after string) bool {
	id, err := r.identify(ctx)
	if err != nil {
		r.exception("could not read the drive's security state (IDENTIFY: %v): it may still have the user password %q set; "+
			"clear it with: hdparm --user-master u --security-disable %s %s", err, Password, Password, r.deviceName())
		return false
	}
	sec := id.Security()
	if !sec.Enabled {
		return true
	}
	if sec.Locked {
		r.detail("ATA SECURITY UNLOCK (F2h), PIO-out: user password %q", Password)
		if _, err := r.ataCmd(ctx, ata.SecurityUnlock(Password)); err != nil {
			r.exception("SECURITY UNLOCK failed: %v", err)
		}
	}
	r.detail("ATA SECURITY DISABLE PASSWORD (F6h), PIO-out: user password %q", Password)
	if _, err := r.ataCmd(ctx, ata.SecurityDisablePassword(Password)); err != nil {
		r.exception("SECURITY DISABLE PASSWORD failed: %v", err)
	}
	id, err = r.identify(ctx)
	if err != nil || id.Security().Enabled {
		r.exception("THE DRIVE IS LEFT WITH THE USER PASSWORD %q SET%s; clear it with: hdparm --user-master u --security-disable %s %s",
			Password, map[bool]string{true: " (" + after + ")", false: ""}[after != ""], Password, r.deviceName())
		return false
	}
	if after != "" {
		r.exception("%s; the user password this job set was cleared again (IDENTIFY word 128: security not enabled)", after)
	}
	return true
}
