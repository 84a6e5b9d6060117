// Package phonereset is the executor of Engine "phone" (method phone-reset): a
// factory reset that the phone performs itself, guided by the workstation and
// resting on the technician's attestation and on what the workstation can
// observe over USB.
//
// The phone's own reset is the only route to the app data and system areas
// (sanitization.md 9): on an encrypted phone it destroys the keys, a
// cryptographic erase (Purge). The workstation cannot see the reset happen;
// the record says verified only on positive evidence of a freshly reset phone
// (evidence.go: the rules in one table), and Purge only when the reset is
// verified and the phone was known to be encrypted before it; otherwise Clear
// at most, with the reason.
package phonereset

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// ErrNoAttestation refuses a phone-reset without the technician's attestation.
var ErrNoAttestation = msg.Errorf(msg.PhoneNoAttestation)

// Executor guides and records a phone's factory reset.
type Executor struct {
	// System is where the phone is watched (sysfs) and its adb server found.
	System devices.System
	// Open opens MTP after the reset to look at the storage; nil means
	// devices.OpenMTP.
	Open devices.MTPOpener
	// Wait bounds how long the phone may take to restart and come back after
	// the job starts (0: 30 min); Poll is the interval of the sysfs check (0: 1 s).
	Wait time.Duration
	Poll time.Duration
}

var _ wipe.Executor = (*Executor)(nil)

// Platform names the phone's platform for the steps shown to the technician.
func Platform(d devices.Device) string {
	if d.Transport == devices.TransportApple || d.USBVendorID == "05ac" {
		return "iOS"
	}
	return "Android"
}

// Steps are the platform's factory-reset steps, as the TUI and CLI show them
// before the job starts and the record repeats.
func Steps(d devices.Device) []msg.Message {
	var ids []msg.ID
	if Platform(d) == "iOS" {
		ids = []msg.ID{msg.PhoneIOSRemoveSIM, msg.PhoneIOSSignOut, msg.PhoneIOSErase, msg.PhoneIOSKeepConnected, msg.PhoneIOSDoNotSetUp}
	} else {
		ids = []msg.ID{msg.PhoneAndroidRemoveCards, msg.PhoneAndroidRemoveAccounts, msg.PhoneAndroidCheckEncryption,
			msg.PhoneAndroidErase, msg.PhoneAndroidKeepConnected, msg.PhoneAndroidDoNotSetUp}
	}
	steps := make([]msg.Message, len(ids))
	for i, id := range ids {
		steps[i] = msg.New(id)
	}
	return steps
}

// Instructions are the lines of the phase event that starts the wait for the
// phone: how long the workstation waits for the phone to restart, then the
// platform's steps, numbered.
func Instructions(d devices.Device, wait time.Duration) []msg.Message {
	intro := msg.New(msg.PhoneStepsIntro, Platform(d), wait.String())
	if wait >= time.Minute && wait%time.Minute == 0 {
		intro = msg.New(msg.PhoneStepsIntro, Platform(d), msg.New(msg.PhoneMinutes, int(wait.Minutes())))
	}
	lines := []msg.Message{intro}
	for i, step := range Steps(d) {
		lines = append(lines, msg.New(msg.PhoneStepNumbered, i+1, step))
	}
	return lines
}

// StepsMessage is Instructions rendered in lang (English when the catalogue
// does not speak it), one per line, as a phase event's Message carries them.
func StepsMessage(d devices.Device, wait time.Duration, lang string) string {
	lines := Instructions(d, wait)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.In(lang)
	}
	return strings.Join(out, "\n")
}

// Execute runs the pre-checks, waits for the phone to restart and come back,
// looks at what it shows after the reset, and records the outcome. The job is
// erased and verified only when the evidence rules (Judge) find positive
// evidence of a freshly reset phone and none against it; otherwise the outcome
// says why, with a nil error: what was observed is a result, not a failure to
// run. Errors are for a job that could not run (no attestation, sysfs
// unreadable, cancelled).
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	dev := x.Job.Device
	out := wipe.Outcome{Sanitization: wipe.Sanitization{MethodID: x.Method.ID, MethodName: x.Method.Name}}
	attest := strings.TrimSpace(x.Job.Options.Attestation)
	encrypted := devices.Unknown
	if dev.Capabilities.Phone != nil {
		encrypted = dev.Capabilities.Phone.Encrypted
	}
	ac := adb.Client{Addr: e.System.ADBServer, Timeout: 5 * time.Second}
	var obs Observations
	obs.IOS = Platform(dev) == "iOS"
	obs.ADB = !obs.IOS && e.System.ADBServer != "-" && dev.Serial != ""
	var notes []msg.Message

	// Pre-checks, while the phone is still as selected.
	if attest == "" {
		out.Reason = ErrNoAttestation.Message().Ptr()
		return e.finish(out, dev, encrypted, attest, nil, nil), &devices.RefusalError{Path: dev.Path, Reason: ErrNoAttestation.Message(), Err: ErrNoAttestation}
	}
	if obs.ADB {
		if states, err := ac.Devices(ctx); err == nil {
			obs.ADBBefore = states[dev.Serial]
		}
		if obs.ADBBefore == adb.StateDevice {
			if props, err := ac.Props(ctx, dev.Serial); err == nil {
				encrypted = devices.AndroidEncryption(props)
				notes = append(notes, msg.New(msg.PhoneCryptoProps, strconv.Quote(props["ro.crypto.state"]), strconv.Quote(props["ro.crypto.type"])))
			}
			if n, err := ac.GoogleAccounts(ctx, dev.Serial); err == nil && n > 0 {
				out.Exceptions = append(out.Exceptions, msg.New(msg.PhoneGoogleAccounts, n))
			}
			obs.SetupBefore = readSetup(ctx, ac, dev.Serial)
		}
	}
	startNode, present, err := e.System.FindUSB(dev.USBVendorID, dev.Serial)
	if err != nil {
		out.Reason = msg.Of(err).Ptr()
		return e.finish(out, dev, encrypted, attest, notes, nil), err
	}
	if !present {
		notes = append(notes, msg.New(msg.PhoneNotConnected))
	} else if dev.Transport == devices.TransportMTP {
		obs.MTPBefore = e.listFiles(ctx, startNode)
	}

	// Watch the phone restart: it leaves the bus and comes back with the same
	// vendor ID and USB serial.
	wait := e.Wait
	if wait <= 0 {
		wait = 30 * time.Minute
	}
	poll := e.Poll
	if poll <= 0 {
		poll = time.Second
	}
	obs.Wait = wait
	// The technician performs the reset now: the steps go out as the phase's
	// message before the wait starts, so that every front end shows them, in
	// the job's language.
	if x.Progress != nil {
		x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1, Message: StepsMessage(dev, wait, x.Job.Details.Language)})
	}
	deadline := time.Now().Add(wait)
	obs.Left = !present
	for !obs.Back {
		if x.Progress != nil {
			x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1})
		}
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			out.Reason = msg.New(msg.PhoneCancelledWaiting).Ptr()
			return e.finish(out, dev, encrypted, attest, notes, nil), ctx.Err()
		case <-time.After(poll):
		}
		node, found, err := e.System.FindUSB(dev.USBVendorID, dev.Serial)
		if err != nil {
			continue
		}
		switch {
		case !found:
			obs.Left = true
		case obs.Left || node != startNode:
			obs.Back, obs.BackNode = true, node
		}
	}

	// After the restart.
	if obs.Back {
		if x.Progress != nil {
			x.Progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1})
		}
		if obs.ADB {
			states, err := ac.Devices(ctx)
			if err != nil {
				obs.ADBAfterErr = msg.Of(err)
			} else {
				obs.ADBAfter = states[dev.Serial]
			}
			if obs.ADBAfter == adb.StateDevice {
				obs.SetupAfter = readSetup(ctx, ac, dev.Serial)
			}
		}
		obs.MTPAfter = e.listFiles(ctx, obs.BackNode)
	}
	v := Judge(obs)
	// The attested reset is the action; what the phone showed decides whether it
	// is proven (verified), disproven (a failure) or neither (unverified).
	out.Completed = true
	switch {
	case v.Verified:
	case v.Against():
		out.Reason = v.Reason.Ptr()
	default:
		out.Inconclusive = v.Reason.Ptr()
	}
	return e.finish(out, dev, encrypted, attest, notes, &v), nil
}

// readSetup reads Android's setup state over ADB.
func readSetup(ctx context.Context, ac adb.Client, serial string) Setup {
	var s Setup
	var err error
	if s.UserSetupComplete, err = ac.Setting(ctx, serial, "secure", "user_setup_complete"); err != nil {
		return Setup{Err: msg.Of(err)}
	}
	if s.DeviceProvisioned, err = ac.Setting(ctx, serial, "global", "device_provisioned"); err != nil {
		return Setup{Err: msg.Of(err)}
	}
	if s.UserSetupComplete == "" || s.DeviceProvisioned == "" {
		return Setup{Err: msg.New(msg.PhoneSetupEmptyAnswer)}
	}
	return s
}

// maxListed bounds the files counted over MTP: enough to tell "some" from
// "none", without walking a phone of a hundred thousand photos.
const maxListed = 10000

// listFiles lists every storage over MTP and counts files (folders, which a
// fresh system creates, are not counted), up to maxListed.
func (e *Executor) listFiles(ctx context.Context, node string) Listing {
	n, capped, err := e.countFiles(ctx, node)
	if err != nil {
		return Listing{Err: msg.Of(err)}
	}
	return Listing{Read: true, Files: n, Capped: capped}
}

func (e *Executor) countFiles(ctx context.Context, node string) (int, bool, error) {
	open := e.Open
	if open == nil {
		open = devices.OpenMTP
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, closeFn, err := open(ctx, node)
	if err != nil {
		return 0, false, err
	}
	defer closeFn()
	if err := c.OpenSession(ctx, 1); err != nil {
		return 0, false, err
	}
	defer c.CloseSession(ctx) //nolint:errcheck // closing the node ends it
	ids, err := c.StorageIDs(ctx)
	if err != nil {
		return 0, false, err
	}
	files := 0
	errCapped := errors.New("capped")
	var walk func(storage, parent uint32, depth int) error
	walk = func(storage, parent uint32, depth int) error {
		hs, err := c.ObjectHandles(ctx, storage, 0, parent)
		if err != nil {
			return err
		}
		for _, h := range hs {
			info, err := c.ObjectInfo(ctx, h)
			if err != nil {
				return err
			}
			if !info.IsFolder() {
				if files++; files >= maxListed {
					return errCapped
				}
			} else if depth < 32 {
				if err := walk(storage, h, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, id := range ids {
		if err := walk(id, mtp.ParentRoot, 0); err == errCapped {
			return files, true, nil
		} else if err != nil {
			return files, false, err
		}
	}
	return files, false, nil
}

// finish writes the record's sanitization and verification sections from the
// verdict (nil when the job stopped before one).
func (e *Executor) finish(out wipe.Outcome, dev devices.Device, encrypted devices.Tristate, attest string, notes []msg.Message, v *Verdict) wipe.Outcome {
	s := &out.Sanitization
	platform := Platform(dev)
	verified := v != nil && v.Verified
	s.Class, s.Technique = Class(verified, encrypted)
	switch {
	case s.Class == devices.ClassPurge:
		s.Details = append(s.Details, msg.New(msg.PhonePurge, platform))
	case !verified:
		s.Details = append(s.Details, msg.New(msg.PhoneClearAtMost, platform))
		if v != nil {
			out.Exceptions = append(out.Exceptions, msg.New(msg.PhoneNotVerified))
		}
	default:
		why := msg.New(msg.PhoneEncryptionUnknown)
		if encrypted == devices.No {
			why = msg.New(msg.PhoneUnencrypted)
		}
		s.Details = append(s.Details, msg.New(msg.PhoneClearNotPurge, platform, why))
		out.Exceptions = append(out.Exceptions, msg.New(msg.PhoneRecordedAsClear))
	}
	for i, step := range Steps(dev) {
		s.Details = append(s.Details, msg.New(msg.PhoneStep, i+1, step))
	}
	if attest != "" {
		// The technician's own words are data: quoted as given, never translated.
		s.Details = append(s.Details, msg.New(msg.PhoneAttestation, strconv.Quote(attest)))
	}
	s.Details = append(s.Details, notes...)
	observed := msg.New(msg.PhoneNone)
	if v != nil {
		var seen []msg.Message
		for _, f := range v.Facts {
			s.Details = append(s.Details, f.Detail())
			seen = append(seen, f.Observed)
			if f.Sign == SignAgainst {
				out.Exceptions = append(out.Exceptions, f.Observed)
			}
		}
		if len(seen) > 0 {
			observed = list(seen)
		}
	}
	out.Verification = wipe.Verification{
		Mode:     "other",
		Method:   msg.New(msg.PhoneWatched, observed),
		Verified: verified,
	}
	return out
}

// Class is the class and technique a phone reset earns: Purge (crypto erase)
// only when the reset is verified and the phone was known to be encrypted
// before it; otherwise Clear at most (docs/phones.md argues why).
func Class(verified bool, encrypted devices.Tristate) (devices.Class, string) {
	if verified && encrypted == devices.Yes {
		return devices.ClassPurge, "Crypto Erase"
	}
	return devices.ClassClear, "Other"
}
