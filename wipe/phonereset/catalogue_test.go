package phonereset

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// placeholderLeft finds a {n} that a rendering failed to fill.
var placeholderLeft = regexp.MustCompile(`\{[1-9]\}`)

// han finds a Chinese character.
var han = regexp.MustCompile(`\p{Han}`)

// ids collects m's identifier and those of the sentences nested in its arguments.
func ids(m msg.Message, into map[msg.ID]bool) {
	into[m.ID] = true
	for _, a := range m.Args {
		if a.Msg != nil {
			ids(*a.Msg, into)
		}
	}
}

// TestSentencesInBothLanguages: every sentence this package states (the steps,
// the evidence rules' facts and verdicts, the record's details, exceptions and
// verification) renders in English and Traditional Chinese with every
// placeholder filled, and every phone.* identifier of the catalogue is stated by
// one of them.
func TestSentencesInBothLanguages(t *testing.T) {
	back := Observations{Wait: 30 * time.Minute, Left: true, Back: true, BackNode: "/dev/bus/usb/001/009"}
	with := func(f func(o *Observations)) Observations { o := back; f(&o); return o }
	setup := func(usc, dp string) Setup { return Setup{UserSetupComplete: usc, DeviceProvisioned: dp} }
	read := func(files int) Listing { return Listing{Read: true, Files: files} }
	observations := []Observations{
		back,
		with(func(o *Observations) { o.Back = false }),
		with(func(o *Observations) { o.Back, o.Left = false, false }),
		with(func(o *Observations) { o.IOS = true }),
		with(func(o *Observations) { o.ADB, o.ADBAfterErr = true, msg.Verbatim("connection refused") }),
		with(func(o *Observations) { o.ADB = true }),
		with(func(o *Observations) { o.ADB, o.ADBAfter = true, adb.StateUnauthorized }),
		with(func(o *Observations) { o.ADB, o.ADBAfter = true, "recovery" }),
		with(func(o *Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, Setup{Err: msg.New(msg.PhoneSetupEmptyAnswer)}
		}),
		with(func(o *Observations) {
			o.ADB, o.ADBBefore, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, adb.StateDevice, Setup{}
		}),
		with(func(o *Observations) { o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("1", "1") }),
		with(func(o *Observations) { o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("0", "1") }),
		with(func(o *Observations) {
			o.ADB, o.ADBAfter, o.SetupBefore, o.SetupAfter = true, adb.StateDevice, setup("0", "0"), setup("0", "0")
		}),
		with(func(o *Observations) { o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("0", "0") }),
		with(func(o *Observations) { o.MTPAfter = Listing{Err: msg.Verbatim("no MTP interface")} }),
		with(func(o *Observations) { o.MTPAfter = read(3) }),
		with(func(o *Observations) { o.MTPAfter = Listing{Read: true, Files: maxListed, Capped: true} }),
		with(func(o *Observations) { o.MTPBefore, o.MTPAfter = read(3), read(0) }),
		with(func(o *Observations) { o.MTPBefore, o.MTPAfter = read(0), read(0) }),
		with(func(o *Observations) { o.MTPAfter = read(0) }),
	}
	var sentences []msg.Message
	for _, o := range observations {
		v := Judge(o)
		sentences = append(sentences, v.Reason)
		for _, f := range v.Facts {
			sentences = append(sentences, f.Detail())
		}
	}
	// The record's sections for every class and verdict the job can end with.
	e := &Executor{}
	verified := Judge(with(func(o *Observations) { o.MTPBefore, o.MTPAfter = read(3), read(0) }))
	against := Judge(with(func(o *Observations) { o.MTPAfter = read(3) }))
	for _, dev := range []devices.Device{{USBVendorID: "05ac"}, {USBVendorID: "04e8"}} {
		for _, enc := range []devices.Tristate{devices.Yes, devices.No, devices.Unknown} {
			for _, v := range []*Verdict{nil, &verified, &against} {
				notes := []msg.Message{msg.New(msg.PhoneNotConnected), msg.New(msg.PhoneCryptoProps, `"encrypted"`, `"file"`)}
				out := e.finish(wipe.Outcome{}, dev, enc, "I performed the factory reset on this phone", notes, v)
				sentences = append(sentences, out.Sanitization.Details...)
				sentences = append(sentences, out.Exceptions...)
				sentences = append(sentences, out.Verification.Method)
			}
		}
		for _, wait := range []time.Duration{30 * time.Minute, 90 * time.Second} {
			sentences = append(sentences, Instructions(dev, wait)...)
		}
	}
	// What Execute states on its own.
	sentences = append(sentences, ErrNoAttestation.Message(), msg.New(msg.PhoneGoogleAccounts, 1), msg.New(msg.PhoneCancelledWaiting))
	// What devices states of a phone path, which mtp-clear and backups record.
	if _, err := devices.PhoneNode("adb:R58M123"); err != nil {
		sentences = append(sentences, msg.Of(err))
	} else {
		t.Error("PhoneNode accepted an adb: path")
	}

	seen := map[msg.ID]bool{}
	for _, m := range sentences {
		if m.IsZero() {
			continue
		}
		ids(m, seen)
		en, zh := m.In(msg.English), m.In(msg.TraditionalChinese)
		for lang, s := range map[string]string{msg.English: en, msg.TraditionalChinese: zh} {
			if placeholderLeft.MatchString(s) || strings.HasPrefix(s, "[") {
				t.Errorf("%s in %s: %q", m.ID, lang, s)
			}
		}
		if !han.MatchString(zh) {
			t.Errorf("%s has no Chinese rendering: %q", m.ID, zh)
		}
	}
	for _, id := range msg.IDs() {
		if strings.HasPrefix(string(id), "phone.") && !seen[id] {
			t.Errorf("%s is declared but this package never states it", id)
		}
	}
}

// TestNoAttestationStated: the refusal states its sentence in both languages
// and is still ErrNoAttestation to errors.Is.
func TestNoAttestationStated(t *testing.T) {
	err := error(ErrNoAttestation)
	if !errors.Is(err, ErrNoAttestation) {
		t.Fatal("not ErrNoAttestation")
	}
	if m := msg.Of(err); m.ID != msg.PhoneNoAttestation || !strings.Contains(m.In(msg.TraditionalChinese), "技術人員的聲明") {
		t.Errorf("states %v", m)
	}
}
