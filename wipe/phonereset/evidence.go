package phonereset

import (
	"fmt"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices/adb"
)

// Sign says which way one observation points.
type Sign string

// The signs. Only SignFresh counts towards a verified reset; a single
// SignAgainst rules it out.
const (
	// SignFresh: positive evidence of a freshly reset phone, something a plain
	// restart does not produce.
	SignFresh Sign = "fresh"
	// SignAgainst: evidence that the phone was not reset.
	SignAgainst Sign = "against"
	// SignUnknown: nothing was seen, or what was seen fits a reset and a plain
	// restart alike.
	SignUnknown Sign = "unknown"
)

// Fact is the result of one evidence check: what was observed, which way it
// points and why.
type Fact struct {
	Check    string
	Observed string
	Sign     Sign
	Why      string
}

// Setup is Android's setup state as `settings get` reports it: "1" once the
// setup wizard finished, "0" before, "null" when the key is not set. The zero
// Setup was not asked; Err says why one could not be read.
type Setup struct {
	UserSetupComplete string // settings get secure user_setup_complete
	DeviceProvisioned string // settings get global device_provisioned
	Err               string
}

func (s Setup) read() bool {
	return s.Err == "" && s.UserSetupComplete != "" && s.DeviceProvisioned != ""
}

// why says why a Setup was not read.
func (s Setup) why() string {
	if s.Err == "" {
		return "not asked"
	}
	return s.Err
}

func (s Setup) String() string {
	return fmt.Sprintf("user_setup_complete=%s device_provisioned=%s", s.UserSetupComplete, s.DeviceProvisioned)
}

// fresh: the setup wizard has not run; done: it has run.
func (s Setup) fresh() bool { return s.UserSetupComplete == "0" && s.DeviceProvisioned == "0" }
func (s Setup) done() bool  { return s.UserSetupComplete == "1" && s.DeviceProvisioned == "1" }

// Listing is what the shared storage listed over MTP. Read is false when MTP
// could not be reached (Err says why).
type Listing struct {
	Read  bool
	Files int
	// Capped: the count stopped at maxListed.
	Capped bool
	Err    string
}

// why says why a Listing was not read.
func (l Listing) why() string {
	if l.Err == "" {
		return "not asked"
	}
	return l.Err
}

func (l Listing) files() string {
	if l.Capped {
		return fmt.Sprintf("at least %d files", l.Files)
	}
	return fmt.Sprintf("%d files", l.Files)
}

// Observations is everything the workstation saw of the phone around the
// reset, before any judgement.
type Observations struct {
	// Wait is how long the phone was given to restart.
	Wait time.Duration
	// Left: the phone left the USB bus (or was absent at the start); Back: it
	// came back afterwards with the same USB vendor ID and serial, at BackNode.
	Left, Back bool
	BackNode   string

	// IOS: the phone is an iPhone or iPad (no ADB, no MTP storage).
	IOS bool
	// ADB: the adb server was asked (it is configured and the phone has a USB
	// serial). ADBBefore and ADBAfter are the phone's states ("" when the
	// server does not list it); ADBAfterErr says why the server could not be
	// asked after the restart.
	ADB                     bool
	ADBBefore, ADBAfter     adb.State
	ADBAfterErr             string
	SetupBefore, SetupAfter Setup

	MTPBefore, MTPAfter Listing
}

// checks are the evidence rules, in the order the record lists them. Each looks
// at the observations and returns one fact; Judge derives the verdict from the
// facts alone.
var checks = []struct {
	name string
	eval func(o Observations) (observed string, sign Sign, why string)
}{
	{"restart", checkRestart},
	{"setup-state", checkSetup},
	{"mtp-storage", checkStorage},
}

// goneWhy is why nothing was asked of a phone that did not come back.
const goneWhy = "nothing can be observed of a phone that is gone"

// checkRestart: a reset restarts the phone. Necessary, never sufficient.
func checkRestart(o Observations) (string, Sign, string) {
	switch {
	case o.Back:
		return fmt.Sprintf("the phone left the USB bus and came back with the same USB serial (now %s)", o.BackNode),
			SignUnknown, "a factory reset restarts the phone, and so does a plain reboot"
	case o.Left:
		return fmt.Sprintf("the phone left the USB bus and did not come back within %v", o.Wait),
			SignAgainst, "the phone comes back after a factory reset; " + goneWhy
	default:
		return fmt.Sprintf("the phone did not leave the USB bus within %v", o.Wait),
			SignAgainst, "a factory reset restarts the phone"
	}
}

// checkSetup: over ADB, a phone whose setup wizard has not run since the restart
// was reset (the settings live in /data, which the reset erases). ADB is off
// after a real reset unless someone turned it on again, so this is the rare
// case; a workstation still authorized with the phone set up is the common
// sign of a plain reboot.
func checkSetup(o Observations) (string, Sign, string) {
	if !o.Back {
		return "the setup state was not read: the phone did not come back", SignUnknown, goneWhy
	}
	if o.IOS {
		return "the setup state of an iPhone was not read: the workstation has no lockdown (usbmux) client",
			SignUnknown, "an erased iPhone reports its activation state as Unactivated over lockdown, which this workstation cannot ask"
	}
	if !o.ADB {
		return "ADB was not asked (no adb server configured, or the phone has no USB serial)",
			SignUnknown, "the setup state can only be read over ADB"
	}
	if o.ADBAfterErr != "" {
		return fmt.Sprintf("the adb server could not be asked after the restart: %s", o.ADBAfterErr),
			SignUnknown, "the setup state can only be read over ADB"
	}
	switch o.ADBAfter {
	case "":
		return "ADB is off after the restart",
			SignUnknown, "a factory reset turns USB debugging off, and so can the user; the setup state cannot be read"
	case adb.StateUnauthorized:
		return "ADB answers but does not authorize this workstation after the restart",
			SignUnknown, "a factory reset clears the authorized keys, and so does revoking them; the setup state cannot be read"
	case adb.StateDevice:
	default:
		return fmt.Sprintf("ADB reports the phone as %s after the restart", o.ADBAfter),
			SignUnknown, "the setup state can only be read from a phone in the device state"
	}
	after := o.SetupAfter
	switch {
	case !after.read():
		if o.ADBBefore != adb.StateDevice {
			return fmt.Sprintf("ADB authorizes this workstation after the restart, but the setup state could not be read (%s)", after.why()),
				SignUnknown, "only the setup state tells a reset phone from a restarted one"
		}
		return fmt.Sprintf("ADB still accepts this workstation after the restart, and the setup state could not be read (%s)", after.why()),
			SignAgainst, "a factory reset clears the authorized keys"
	case after.done():
		return fmt.Sprintf("ADB reports the phone as set up after the restart (%s)", after),
			SignAgainst, "a freshly reset phone has not been through its setup wizard"
	case !after.fresh():
		return fmt.Sprintf("ADB reports a contradictory setup state after the restart (%s)", after),
			SignUnknown, "a freshly reset phone reports 0 for both, a phone in use 1 for both"
	case o.SetupBefore.read() && o.SetupBefore.fresh():
		return fmt.Sprintf("ADB reports the setup wizard not completed (%s), as it was before the reset", after),
			SignUnknown, "a phone that was never set up reports the same after a plain reboot"
	default:
		return fmt.Sprintf("ADB reports the setup wizard not completed and the phone not provisioned after the restart (%s)", after),
			SignFresh, "Android sets both when its setup wizard finishes and keeps them in /data, which a factory reset erases and a reboot keeps"
	}
}

// checkStorage: over MTP, a shared storage that listed files before the reset
// and lists none after the restart was emptied by the phone (the workstation
// deleted nothing). An empty storage alone shows nothing: a phone without
// files, or emptied by mtp-clear, lists the same after a reboot. Android
// exposes no MTP identity that a reset renews (the USB and MTP serials are the
// hardware serial), so there is no "new identity" to check.
func checkStorage(o Observations) (string, Sign, string) {
	before, after := o.MTPBefore, o.MTPAfter
	switch {
	case !o.Back:
		return "the shared storage was not listed: the phone did not come back", SignUnknown, goneWhy
	case !after.Read:
		return fmt.Sprintf("MTP was not reachable after the restart (%s)", after.why()),
			SignUnknown, "Android starts with file transfer off after a reset; nothing was listed"
	case after.Files > 0:
		return fmt.Sprintf("the phone's storage still lists %s over MTP", after.files()),
			SignAgainst, "a factory reset empties the shared storage"
	case before.Read && before.Files > 0:
		return fmt.Sprintf("the shared storage listed %s over MTP before the reset and lists none after the restart", before.files()),
			SignFresh, "the shared storage lies in /data, which a factory reset erases and a reboot keeps; the workstation deleted nothing"
	case before.Read:
		return "the shared storage lists no files over MTP, and listed none before the reset",
			SignUnknown, "an empty storage that was empty before shows nothing about a reset"
	default:
		return "the shared storage lists no files over MTP, and could not be listed before the reset",
			SignUnknown, "an empty storage is what a reset leaves, and also what a phone without files shows after a reboot"
	}
}

// Verdict is what the facts establish.
type Verdict struct {
	Facts []Fact
	// Verified: at least one fact is positive evidence of a fresh reset and
	// none points against it.
	Verified bool
	// Reason says why not, when not verified.
	Reason string
}

// Judge runs every check on the observations and derives the verdict.
func Judge(o Observations) Verdict {
	var v Verdict
	var fresh, against []string
	for _, c := range checks {
		observed, sign, why := c.eval(o)
		v.Facts = append(v.Facts, Fact{Check: c.name, Observed: observed, Sign: sign, Why: why})
		switch sign {
		case SignFresh:
			fresh = append(fresh, observed)
		case SignAgainst:
			against = append(against, observed)
		}
	}
	switch {
	case len(against) > 0:
		v.Reason = "the factory reset is not verified: evidence against it: " + strings.Join(against, "; ")
	case len(fresh) == 0:
		v.Reason = "the factory reset is not verified: nothing observed over USB shows a freshly reset phone (a plain restart looks the same)"
	default:
		v.Verified = true
	}
	return v
}

// Against reports whether any fact speaks against a fresh reset (as opposed to
// nothing showing either way).
func (v Verdict) Against() bool {
	for _, f := range v.Facts {
		if f.Sign == SignAgainst {
			return true
		}
	}
	return false
}

// Detail is the record's line for one fact.
func (f Fact) Detail() string {
	switch f.Sign {
	case SignFresh:
		return fmt.Sprintf("Evidence of a fresh reset (%s): %s; %s.", f.Check, f.Observed, f.Why)
	case SignAgainst:
		return fmt.Sprintf("Evidence against a reset (%s): %s; %s.", f.Check, f.Observed, f.Why)
	default:
		return fmt.Sprintf("Not evidence of a reset (%s): %s; %s.", f.Check, f.Observed, f.Why)
	}
}
