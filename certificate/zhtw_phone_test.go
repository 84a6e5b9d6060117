package certificate

import (
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/wipe/phonereset"
)

// TestZHPhoneEvidence: every fact the phone-reset evidence rules can write into
// a record, and every reason they give, has a zh-TW rendering.
func TestZHPhoneEvidence(t *testing.T) {
	back := phonereset.Observations{Wait: 30 * time.Minute, Left: true, Back: true, BackNode: "/dev/bus/usb/001/009"}
	with := func(f func(o *phonereset.Observations)) phonereset.Observations { o := back; f(&o); return o }
	setup := func(usc, dp string) phonereset.Setup {
		return phonereset.Setup{UserSetupComplete: usc, DeviceProvisioned: dp}
	}
	read := func(files int) phonereset.Listing { return phonereset.Listing{Read: true, Files: files} }
	observations := []phonereset.Observations{
		back,
		with(func(o *phonereset.Observations) { o.Back = false }),
		with(func(o *phonereset.Observations) { o.Back, o.Left = false, false }),
		with(func(o *phonereset.Observations) { o.IOS = true }),
		with(func(o *phonereset.Observations) { o.ADB, o.ADBAfterErr = true, "connection refused" }),
		with(func(o *phonereset.Observations) { o.ADB = true }),
		with(func(o *phonereset.Observations) { o.ADB, o.ADBAfter = true, adb.StateUnauthorized }),
		with(func(o *phonereset.Observations) { o.ADB, o.ADBAfter = true, "recovery" }),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, phonereset.Setup{Err: "closed"}
		}),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBBefore, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, adb.StateDevice, phonereset.Setup{Err: "closed"}
		}),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("1", "1")
		}),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("0", "1")
		}),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBAfter, o.SetupBefore, o.SetupAfter = true, adb.StateDevice, setup("0", "0"), setup("0", "0")
		}),
		with(func(o *phonereset.Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, setup("0", "0")
		}),
		with(func(o *phonereset.Observations) { o.MTPAfter = phonereset.Listing{Err: "no MTP interface"} }),
		with(func(o *phonereset.Observations) { o.MTPAfter = read(3) }),
		with(func(o *phonereset.Observations) {
			o.MTPAfter = phonereset.Listing{Read: true, Files: 10000, Capped: true}
		}),
		with(func(o *phonereset.Observations) { o.MTPBefore, o.MTPAfter = read(3), read(0) }),
		with(func(o *phonereset.Observations) {
			o.MTPBefore, o.MTPAfter = phonereset.Listing{Read: true, Files: 10000, Capped: true}, read(0)
		}),
		with(func(o *phonereset.Observations) { o.MTPBefore, o.MTPAfter = read(0), read(0) }),
		with(func(o *phonereset.Observations) { o.MTPAfter = read(0) }),
	}
	for _, o := range observations {
		v := phonereset.Judge(o)
		sentences := []string{v.Reason}
		for _, f := range v.Facts {
			sentences = append(sentences, f.Detail(), f.Observed)
		}
		for _, s := range sentences {
			if s == "" {
				continue
			}
			if got := zhTranslate(s); got == s || untranslated(got) != "" {
				t.Errorf("no zh-TW rendering of %q (got %q)", s, got)
			}
		}
	}
}
