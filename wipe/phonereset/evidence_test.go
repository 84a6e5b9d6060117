package phonereset

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices/adb"
	"github.com/wipestation/wipestation/msg"
)

// TestJudge: the rules on observations that the end-to-end scenarios do not
// reach. Verified needs one fresh sign and no sign against.
func TestJudge(t *testing.T) {
	back := Observations{Left: true, Back: true, BackNode: "/dev/bus/usb/001/009"}
	with := func(f func(o *Observations)) Observations { o := back; f(&o); return o }
	tests := []struct {
		name     string
		obs      Observations
		verified bool
		signs    map[string]Sign
		observed string
	}{
		{"nothing seen", back, false,
			map[string]Sign{"restart": SignUnknown, "setup-state": SignUnknown, "mtp-storage": SignUnknown}, "ADB was not asked"},
		{"adb server down after the restart", with(func(o *Observations) { o.ADB, o.ADBAfterErr = true, msg.Verbatim("connection refused") }), false,
			map[string]Sign{"setup-state": SignUnknown}, "could not be asked after the restart: connection refused"},
		{"phone in recovery", with(func(o *Observations) { o.ADB, o.ADBAfter = true, "recovery" }), false,
			map[string]Sign{"setup-state": SignUnknown}, "ADB reports the phone as recovery"},
		{"settings key absent (null)", with(func(o *Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, Setup{UserSetupComplete: "null", DeviceProvisioned: "0"}
		}), false, map[string]Sign{"setup-state": SignUnknown}, "contradictory"},
		{"more files than counted", with(func(o *Observations) { o.MTPAfter = Listing{Read: true, Files: maxListed, Capped: true} }), false,
			map[string]Sign{"mtp-storage": SignAgainst}, "at least 10000 files"},
		{"phone gone: nothing asked after", with(func(o *Observations) {
			o.Back, o.MTPBefore, o.MTPAfter = false, Listing{Read: true, Files: 2}, Listing{Read: true}
		}), false, map[string]Sign{"restart": SignAgainst, "setup-state": SignUnknown, "mtp-storage": SignUnknown}, "the shared storage was not listed: the phone did not come back"},
		{"fresh over ADB and MTP", with(func(o *Observations) {
			o.ADB, o.ADBAfter, o.SetupAfter = true, adb.StateDevice, Setup{UserSetupComplete: "0", DeviceProvisioned: "0"}
			o.MTPBefore, o.MTPAfter = Listing{Read: true, Files: 2}, Listing{Read: true}
		}), true, map[string]Sign{"setup-state": SignFresh, "mtp-storage": SignFresh}, "not provisioned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.obs)
			if v.Verified != tt.verified || v.Reason.IsZero() != tt.verified {
				t.Errorf("verified %v reason %q, want %v", v.Verified, v.Reason, tt.verified)
			}
			if len(v.Facts) != len(checks) {
				t.Fatalf("%d facts for %d checks", len(v.Facts), len(checks))
			}
			var all []string
			for _, f := range v.Facts {
				all = append(all, f.Observed.String())
				if want, ok := tt.signs[f.Check]; ok && f.Sign != want {
					t.Errorf("%s: %s (%s), want %s", f.Check, f.Sign, f.Observed, want)
				}
				if f.Observed.IsZero() || f.Why.IsZero() || strings.Contains(f.Observed.String(), "; ") {
					t.Errorf("%s: observed %q why %q (one sentence each, no \"; \")", f.Check, f.Observed, f.Why)
				}
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.observed) {
				t.Errorf("observations %q lack %q", all, tt.observed)
			}
		})
	}
}
