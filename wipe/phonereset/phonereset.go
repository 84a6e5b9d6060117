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
	"fmt"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/wipe"
)

// ErrNoAttestation refuses a phone-reset without the technician's attestation.
var ErrNoAttestation = errors.New("phone-reset needs the technician's attestation (wipe --attest \"I performed the factory reset on this phone\")")

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
func Steps(d devices.Device) []string {
	if Platform(d) == "iOS" {
		return []string{
			"Remove any SIM card; a memory card is separate media: wipe or destroy it on its own.",
			"Settings > [your name] > Sign Out (turns off Find My and Activation Lock, which would block the next user).",
			"Settings > General > Transfer or Reset iPhone > Erase All Content and Settings; enter the passcode and the Apple ID password.",
			"Keep the USB cable connected: the workstation watches the phone restart and come back to the Hello screen.",
			"Do not set the phone up again. Confirm with your attestation.",
		}
	}
	return []string{
		"Remove the SIM card and any SD card (a memory card is separate media: wipe or destroy it on its own).",
		"Settings > Accounts: remove every Google account, or Factory Reset Protection will lock the next user out.",
		"Settings > Security > Encryption: check that the phone is encrypted (Android 7 and later with file-based encryption are).",
		"Settings > System > Reset options > Erase all data (factory reset); confirm with the PIN. The phone restarts.",
		"Keep the USB cable connected: the workstation watches the phone restart and come back.",
		"Do not set the phone up again (leave it at the welcome screen). Confirm with your attestation.",
	}
}

// StepsMessage is the message of the phase event that starts the wait for the
// phone: the platform's steps, numbered, one per line, and how long the
// workstation waits for the phone to restart.
func StepsMessage(d devices.Device, wait time.Duration) string {
	within := wait.String()
	if wait >= time.Minute && wait%time.Minute == 0 {
		within = fmt.Sprintf("%d minutes", int(wait.Minutes()))
	}
	lines := []string{fmt.Sprintf("Factory reset (%s): do these steps on the phone now; the workstation waits up to %s for it to restart and come back.", Platform(d), within)}
	for i, step := range Steps(d) {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, step))
	}
	return strings.Join(lines, "\n")
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
	var notes []string

	// Pre-checks, while the phone is still as selected.
	if attest == "" {
		out.Reason = ErrNoAttestation.Error()
		return e.finish(out, dev, encrypted, attest, nil, nil), &devices.RefusalError{Path: dev.Path, Reason: ErrNoAttestation.Error(), Err: ErrNoAttestation}
	}
	if obs.ADB {
		if states, err := ac.Devices(ctx); err == nil {
			obs.ADBBefore = states[dev.Serial]
		}
		if obs.ADBBefore == adb.StateDevice {
			if props, err := ac.Props(ctx, dev.Serial); err == nil {
				encrypted = devices.AndroidEncryption(props)
				notes = append(notes, fmt.Sprintf("Before the reset, ADB reported ro.crypto.state=%q ro.crypto.type=%q.", props["ro.crypto.state"], props["ro.crypto.type"]))
			}
			if n, err := ac.GoogleAccounts(ctx, dev.Serial); err == nil && n > 0 {
				out.Exceptions = append(out.Exceptions, fmt.Sprintf("%d Google account(s) were signed in before the reset: Factory Reset Protection will ask for that account unless it was removed first.", n))
			}
			obs.SetupBefore = readSetup(ctx, ac, dev.Serial)
		}
	}
	startNode, present, err := e.System.FindUSB(dev.USBVendorID, dev.Serial)
	if err != nil {
		out.Reason = err.Error()
		return e.finish(out, dev, encrypted, attest, notes, nil), err
	}
	if !present {
		notes = append(notes, "The phone was not connected when the job started.")
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
	// message before the wait starts, so that every front end shows them.
	if x.Progress != nil {
		x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1, Message: StepsMessage(dev, wait)})
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
			out.Reason = "cancelled while waiting for the phone to restart"
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
				obs.ADBAfterErr = err.Error()
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
		out.Reason = v.Reason
	default:
		out.Inconclusive = v.Reason
	}
	return e.finish(out, dev, encrypted, attest, notes, &v), nil
}

// readSetup reads Android's setup state over ADB.
func readSetup(ctx context.Context, ac adb.Client, serial string) Setup {
	var s Setup
	var err error
	if s.UserSetupComplete, err = ac.Setting(ctx, serial, "secure", "user_setup_complete"); err != nil {
		return Setup{Err: err.Error()}
	}
	if s.DeviceProvisioned, err = ac.Setting(ctx, serial, "global", "device_provisioned"); err != nil {
		return Setup{Err: err.Error()}
	}
	if s.UserSetupComplete == "" || s.DeviceProvisioned == "" {
		return Setup{Err: "empty answer to settings get"}
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
		return Listing{Err: err.Error()}
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
func (e *Executor) finish(out wipe.Outcome, dev devices.Device, encrypted devices.Tristate, attest string, notes []string, v *Verdict) wipe.Outcome {
	s := &out.Sanitization
	platform := Platform(dev)
	verified := v != nil && v.Verified
	s.Class, s.Technique = Class(verified, encrypted)
	switch {
	case s.Class == devices.ClassPurge:
		s.Details = append(s.Details, fmt.Sprintf("%s factory reset on a phone known to be encrypted before the reset: the reset destroys the storage keys (cryptographic erase).", platform))
	case !verified:
		s.Details = append(s.Details, fmt.Sprintf("%s factory reset recorded as Clear at most, not Purge: the reset was not verified, so neither the reset nor the destruction of the storage keys is established.", platform))
		if v != nil {
			out.Exceptions = append(out.Exceptions, "Not verified: nothing the workstation observed over USB proves that the phone was factory reset. Recorded as Clear at most, resting on the technician's attestation.")
		}
	default:
		why := "the workstation could not confirm that the phone was encrypted (no authorized ADB, or an iPhone, whose encryption cannot be queried over USB)"
		if encrypted == devices.No {
			why = "the phone reported that it was not encrypted (ro.crypto.state=unencrypted)"
		}
		s.Details = append(s.Details, fmt.Sprintf("%s factory reset recorded as Clear, not Purge: %s.", platform, why))
		out.Exceptions = append(out.Exceptions, "Recorded as Clear: a factory reset is a cryptographic erase (Purge) only on an encrypted phone, and encryption was not confirmed.")
	}
	for i, step := range Steps(dev) {
		s.Details = append(s.Details, fmt.Sprintf("Step %d: %s", i+1, step))
	}
	if attest != "" {
		s.Details = append(s.Details, fmt.Sprintf("Technician's attestation: %q", attest))
	}
	s.Details = append(s.Details, notes...)
	var observed []string
	if v != nil {
		for _, f := range v.Facts {
			s.Details = append(s.Details, f.Detail())
			observed = append(observed, f.Observed)
			if f.Sign == SignAgainst {
				out.Exceptions = append(out.Exceptions, f.Observed)
			}
		}
	}
	out.Verification = wipe.Verification{
		Mode:     "other",
		Method:   "the phone was watched over USB (sysfs, ADB, MTP); observations: " + joinOr(observed, "none"),
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

func joinOr(s []string, empty string) string {
	if len(s) == 0 {
		return empty
	}
	return strings.Join(s, "; ")
}
