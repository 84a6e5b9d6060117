// Package phonereset is the executor of Engine "phone" (method phone-reset): a
// factory reset that the phone performs itself, guided by the workstation and
// resting on the technician's attestation and on what the workstation can
// observe over USB.
//
// The phone's own reset is the only route to the app data and system areas
// (sanitization.md 9): on an encrypted phone it destroys the keys, a
// cryptographic erase (Purge). The record says Purge only when the phone was
// known to be encrypted before the reset; otherwise Clear, with the reason.
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
// looks at what it shows after the reset, and records the outcome.
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	dev := x.Job.Device
	out := wipe.Outcome{Sanitization: wipe.Sanitization{MethodID: x.Method.ID, MethodName: x.Method.Name}}
	attest := strings.TrimSpace(x.Job.Options.Attestation)
	encrypted := devices.Unknown
	if dev.Capabilities.Phone != nil {
		encrypted = dev.Capabilities.Phone.Encrypted
	}
	ac := adb.Client{Addr: e.System.ADBServer, Timeout: 5 * time.Second}
	useADB := e.System.ADBServer != "-"
	var observed, contrary []string
	var notes []string

	// Pre-checks, while the phone is still as selected.
	if attest == "" {
		out.Reason = ErrNoAttestation.Error()
		return e.finish(out, dev, encrypted, attest, nil, nil, nil), &devices.RefusalError{Path: dev.Path, Reason: ErrNoAttestation.Error(), Err: ErrNoAttestation}
	}
	if useADB && dev.Serial != "" {
		if states, err := ac.Devices(ctx); err == nil && states[dev.Serial] == adb.StateDevice {
			if props, err := ac.Props(ctx, dev.Serial); err == nil {
				encrypted = devices.AndroidEncryption(props)
				notes = append(notes, fmt.Sprintf("Before the reset, ADB reported ro.crypto.state=%q ro.crypto.type=%q.", props["ro.crypto.state"], props["ro.crypto.type"]))
			}
			if n, err := ac.GoogleAccounts(ctx, dev.Serial); err == nil && n > 0 {
				out.Exceptions = append(out.Exceptions, fmt.Sprintf("%d Google account(s) were signed in before the reset: Factory Reset Protection will ask for that account unless it was removed first.", n))
			}
		}
	}
	startNode, present, err := e.System.FindUSB(dev.USBVendorID, dev.Serial)
	if err != nil {
		out.Reason = err.Error()
		return e.finish(out, dev, encrypted, attest, notes, observed, contrary), err
	}
	if !present {
		notes = append(notes, "The phone was not connected when the job started.")
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
	// The technician performs the reset now: the steps go out as the phase's
	// message before the wait starts, so that every front end shows them.
	if x.Progress != nil {
		x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1, Message: StepsMessage(dev, wait)})
	}
	deadline := time.Now().Add(wait)
	left, back := !present, false
	backNode := ""
	for !back {
		if x.Progress != nil {
			x.Progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1})
		}
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			out.Reason = "cancelled while waiting for the phone to restart"
			return e.finish(out, dev, encrypted, attest, notes, observed, contrary), ctx.Err()
		case <-time.After(poll):
		}
		node, found, err := e.System.FindUSB(dev.USBVendorID, dev.Serial)
		if err != nil {
			continue
		}
		switch {
		case !found:
			left = true
		case left || node != startNode:
			back, backNode = true, node
		}
	}
	if !back {
		out.Reason = fmt.Sprintf("the reset was not observed: the phone did not restart and come back on USB within %v", wait)
		return e.finish(out, dev, encrypted, attest, notes, observed, contrary), errors.New("phone-reset " + dev.Path + ": " + out.Reason)
	}
	observed = append(observed, fmt.Sprintf("the phone left the USB bus and came back with the same USB serial (now %s)", backNode))

	// After the reset.
	if x.Progress != nil {
		x.Progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1})
	}
	if useADB && dev.Serial != "" {
		states, err := ac.Devices(ctx)
		switch {
		case err != nil:
			notes = append(notes, fmt.Sprintf("After the reset, the adb server could not be asked: %v.", err))
		case states[dev.Serial] == adb.StateDevice:
			contrary = append(contrary, "ADB still accepts this workstation after the reset: a factory reset clears the authorized keys")
		case states[dev.Serial] == adb.StateUnauthorized:
			observed = append(observed, "ADB answers but no longer authorizes this workstation (keys cleared)")
		default:
			observed = append(observed, "ADB is off (USB debugging is disabled after a reset)")
		}
	}
	if files, err := e.countFiles(ctx, backNode); err == nil {
		if files > 0 {
			contrary = append(contrary, fmt.Sprintf("the phone's storage still lists %d files over MTP", files))
		} else {
			observed = append(observed, "the shared storage lists no files over MTP")
		}
	} else {
		notes = append(notes, fmt.Sprintf("After the reset, MTP was not reachable (%v); phones start with file transfer off.", err))
	}
	if len(contrary) > 0 {
		out.Reason = "the phone does not look reset: " + strings.Join(contrary, "; ")
		return e.finish(out, dev, encrypted, attest, notes, observed, contrary), errors.New("phone-reset " + dev.Path + ": " + out.Reason)
	}
	out.Completed = true
	return e.finish(out, dev, encrypted, attest, notes, observed, contrary), nil
}

// countFiles lists every storage over MTP after the reset and counts files
// (folders the fresh system creates are not counted).
func (e *Executor) countFiles(ctx context.Context, node string) (int, error) {
	open := e.Open
	if open == nil {
		open = devices.OpenMTP
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, closeFn, err := open(ctx, node)
	if err != nil {
		return 0, err
	}
	defer closeFn()
	if err := c.OpenSession(ctx, 1); err != nil {
		return 0, err
	}
	defer c.CloseSession(ctx) //nolint:errcheck // closing the node ends it
	ids, err := c.StorageIDs(ctx)
	if err != nil {
		return 0, err
	}
	files := 0
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
				files++
			} else if depth < 32 {
				if err := walk(storage, h, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, id := range ids {
		if err := walk(id, mtp.ParentRoot, 0); err != nil {
			return files, err
		}
	}
	return files, nil
}

// finish writes the record's sanitization and verification sections.
func (e *Executor) finish(out wipe.Outcome, dev devices.Device, encrypted devices.Tristate, attest string, notes, observed, contrary []string) wipe.Outcome {
	s := &out.Sanitization
	platform := Platform(dev)
	if encrypted == devices.Yes {
		s.Class, s.Technique = devices.ClassPurge, "Crypto Erase"
		s.Details = append(s.Details, fmt.Sprintf("%s factory reset on a phone known to be encrypted before the reset: the reset destroys the storage keys (cryptographic erase).", platform))
	} else {
		s.Class, s.Technique = devices.ClassClear, "Other"
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
	out.Verification = wipe.Verification{
		Mode:     "other",
		Method:   "the phone was watched over USB (sysfs, ADB, MTP); observations: " + joinOr(observed, "none"),
		Verified: out.Completed && len(observed) > 0 && len(contrary) == 0,
	}
	if len(contrary) > 0 {
		out.Exceptions = append(out.Exceptions, contrary...)
	}
	return out
}

func joinOr(s []string, empty string) string {
	if len(s) == 0 {
		return empty
	}
	return strings.Join(s, "; ")
}
