package phonereset

import (
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/msg"
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
// points and why. Check names the rule (an identifier, not prose).
type Fact struct {
	Check    string
	Observed msg.Message
	Sign     Sign
	Why      msg.Message
}

// Setup is Android's setup state as `settings get` reports it: "1" once the
// setup wizard finished, "0" before, "null" when the key is not set. The zero
// Setup was not asked; Err says why one could not be read.
type Setup struct {
	UserSetupComplete string // settings get secure user_setup_complete
	DeviceProvisioned string // settings get global device_provisioned
	Err               msg.Message
}

func (s Setup) read() bool {
	return s.Err.IsZero() && s.UserSetupComplete != "" && s.DeviceProvisioned != ""
}

// why says why a Setup was not read.
func (s Setup) why() msg.Message {
	if s.Err.IsZero() {
		return msg.New(msg.PhoneNotAsked)
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
	Err    msg.Message
}

// why says why a Listing was not read.
func (l Listing) why() msg.Message {
	if l.Err.IsZero() {
		return msg.New(msg.PhoneNotAsked)
	}
	return l.Err
}

func (l Listing) files() msg.Message {
	if l.Capped {
		return msg.New(msg.PhoneFilesAtLeast, l.Files)
	}
	return msg.New(msg.PhoneFiles, l.Files)
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
	ADBAfterErr             msg.Message
	SetupBefore, SetupAfter Setup

	MTPBefore, MTPAfter Listing
}

// checks are the evidence rules, in the order the record lists them. Each looks
// at the observations and returns one fact; Judge derives the verdict from the
// facts alone.
var checks = []struct {
	name string
	eval func(o Observations) (observed msg.Message, sign Sign, why msg.Message)
}{
	{"restart", checkRestart},
	{"setup-state", checkSetup},
	{"mtp-storage", checkStorage},
}

// gone is why nothing was asked of a phone that did not come back.
func gone() msg.Message { return msg.New(msg.PhoneGone) }

// checkRestart: a reset restarts the phone. Necessary, never sufficient.
func checkRestart(o Observations) (msg.Message, Sign, msg.Message) {
	switch {
	case o.Back:
		return msg.New(msg.PhoneCameBack, o.BackNode), SignUnknown, msg.New(msg.PhoneCameBackWhy)
	case o.Left:
		return msg.New(msg.PhoneDidNotComeBack, o.Wait.String()), SignAgainst, msg.New(msg.PhoneComesBackWhy, gone())
	default:
		return msg.New(msg.PhoneDidNotLeave, o.Wait.String()), SignAgainst, msg.New(msg.PhoneRestartsWhy)
	}
}

// checkSetup: over ADB, a phone whose setup wizard has not run since the restart
// was reset (the settings live in /data, which the reset erases). ADB is off
// after a real reset unless someone turned it on again, so this is the rare
// case; a workstation still authorized with the phone set up is the common
// sign of a plain reboot.
func checkSetup(o Observations) (msg.Message, Sign, msg.Message) {
	if !o.Back {
		return msg.New(msg.PhoneSetupGone), SignUnknown, gone()
	}
	if o.IOS {
		return msg.New(msg.PhoneSetupIOS), SignUnknown, msg.New(msg.PhoneSetupIOSWhy)
	}
	if !o.ADB {
		return msg.New(msg.PhoneADBNotAsked), SignUnknown, msg.New(msg.PhoneSetupOnlyADBWhy)
	}
	if !o.ADBAfterErr.IsZero() {
		return msg.New(msg.PhoneADBServerFailed, o.ADBAfterErr), SignUnknown, msg.New(msg.PhoneSetupOnlyADBWhy)
	}
	switch o.ADBAfter {
	case "":
		return msg.New(msg.PhoneADBOff), SignUnknown, msg.New(msg.PhoneADBOffWhy)
	case adb.StateUnauthorized:
		return msg.New(msg.PhoneADBUnauthorized), SignUnknown, msg.New(msg.PhoneADBUnauthorizedWhy)
	case adb.StateDevice:
	default:
		return msg.New(msg.PhoneADBState, string(o.ADBAfter)), SignUnknown, msg.New(msg.PhoneADBStateWhy)
	}
	after := o.SetupAfter
	switch {
	case !after.read():
		if o.ADBBefore != adb.StateDevice {
			return msg.New(msg.PhoneSetupUnreadable, after.why()), SignUnknown, msg.New(msg.PhoneSetupUnreadableWhy)
		}
		return msg.New(msg.PhoneADBStillAccepts, after.why()), SignAgainst, msg.New(msg.PhoneADBStillAcceptsWhy)
	case after.done():
		return msg.New(msg.PhoneSetUp, after.String()), SignAgainst, msg.New(msg.PhoneSetUpWhy)
	case !after.fresh():
		return msg.New(msg.PhoneSetupContradictory, after.String()), SignUnknown, msg.New(msg.PhoneSetupContradictWhy)
	case o.SetupBefore.read() && o.SetupBefore.fresh():
		return msg.New(msg.PhoneSetupAsBefore, after.String()), SignUnknown, msg.New(msg.PhoneSetupAsBeforeWhy)
	default:
		return msg.New(msg.PhoneSetupFresh, after.String()), SignFresh, msg.New(msg.PhoneSetupFreshWhy)
	}
}

// checkStorage: over MTP, a shared storage that listed files before the reset
// and lists none after the restart was emptied by the phone (the workstation
// deleted nothing). An empty storage alone shows nothing: a phone without
// files, or emptied by mtp-clear, lists the same after a reboot. Android
// exposes no MTP identity that a reset renews (the USB and MTP serials are the
// hardware serial), so there is no "new identity" to check.
func checkStorage(o Observations) (msg.Message, Sign, msg.Message) {
	before, after := o.MTPBefore, o.MTPAfter
	switch {
	case !o.Back:
		return msg.New(msg.PhoneStorageGone), SignUnknown, gone()
	case !after.Read:
		return msg.New(msg.PhoneMTPUnreachable, after.why()), SignUnknown, msg.New(msg.PhoneMTPUnreachableWhy)
	case after.Files > 0:
		return msg.New(msg.PhoneStorageFiles, after.files()), SignAgainst, msg.New(msg.PhoneStorageFilesWhy)
	case before.Read && before.Files > 0:
		return msg.New(msg.PhoneStorageEmptied, before.files()), SignFresh, msg.New(msg.PhoneStorageEmptiedWhy)
	case before.Read:
		return msg.New(msg.PhoneStorageWasEmpty), SignUnknown, msg.New(msg.PhoneStorageWasEmptyWhy)
	default:
		return msg.New(msg.PhoneStorageEmpty), SignUnknown, msg.New(msg.PhoneStorageEmptyWhy)
	}
}

// Verdict is what the facts establish.
type Verdict struct {
	Facts []Fact
	// Verified: at least one fact is positive evidence of a fresh reset and
	// none points against it.
	Verified bool
	// Reason says why not, when not verified (zero when verified).
	Reason msg.Message
}

// Judge runs every check on the observations and derives the verdict.
func Judge(o Observations) Verdict {
	var v Verdict
	var fresh, against []msg.Message
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
		v.Reason = msg.New(msg.PhoneNotVerifiedAgainst, list(against))
	case len(fresh) == 0:
		v.Reason = msg.New(msg.PhoneNotVerifiedNothing)
	default:
		v.Verified = true
	}
	return v
}

// list states ms one after another, separated as the reader's language
// separates clauses ("; " in English). ms is not empty.
func list(ms []msg.Message) msg.Message {
	if len(ms) == 1 {
		return ms[0]
	}
	return msg.New(msg.Join, ms[0], list(ms[1:]))
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
func (f Fact) Detail() msg.Message {
	switch f.Sign {
	case SignFresh:
		return msg.New(msg.PhoneEvidenceFresh, f.Check, f.Observed, f.Why)
	case SignAgainst:
		return msg.New(msg.PhoneEvidenceAgainst, f.Check, f.Observed, f.Why)
	default:
		return msg.New(msg.PhoneEvidenceNone, f.Check, f.Observed, f.Why)
	}
}
