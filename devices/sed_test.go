package devices_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/devices/tcg"
)

// TestSEDDiscoveryAndPolicy probes simulated drives in every TCG state through
// each bus, and checks what the device says and what the policy offers.
func TestSEDDiscoveryAndPolicy(t *testing.T) {
	type state struct {
		name            string
		sed             func(m *simdrive.Medium) *simdrive.SED
		ssc             string
		enabled, locked bool
		psid            bool   // tcg-psid-revert offered
		first           string // first recommendation
		overwrite       bool   // nist-clear offered
		note            string // in the first reason
		refusal         string // devices.Supports says
	}
	opal := func(enabled, locked bool) func(m *simdrive.Medium) *simdrive.SED {
		return func(m *simdrive.Medium) *simdrive.SED {
			s := &simdrive.SED{Medium: m, PSID: "0123456789ABCDEFGHIJKLMNOPQRSTUV"}
			s.SetLocking(enabled, locked)
			return s
		}
	}
	states := []state{
		{name: "not an SED", sed: func(*simdrive.Medium) *simdrive.SED { return nil }, overwrite: true,
			refusal: "not a self-encrypting drive"},
		{name: "SED, locking off", sed: opal(false, false), ssc: "Opal 2", psid: true, overwrite: true},
		{name: "SED unlocked", sed: opal(true, false), ssc: "Opal 2", enabled: true, psid: true, overwrite: true},
		{name: "SED locked", sed: opal(true, true), ssc: "Opal 2", enabled: true, locked: true, psid: true,
			first: "tcg-psid-revert", note: "locked self-encrypting drive"},
		{name: "enterprise locked", sed: func(m *simdrive.Medium) *simdrive.SED {
			s := &simdrive.SED{Medium: m, Feature: tcg.FeatureEnterprise}
			s.SetLocking(true, true)
			return s
		}, ssc: "Enterprise", enabled: true, locked: true, note: "offers no PSID revert", refusal: "defines no PSID"},
		{name: "pyrite", sed: func(m *simdrive.Medium) *simdrive.SED {
			return &simdrive.SED{Medium: m, Feature: tcg.FeaturePyrite2, NoMediaEncryption: true}
		}, ssc: "Pyrite 2", overwrite: true, refusal: "no cryptographic erase"},
	}
	buses := []struct {
		name  string
		probe func(sed *simdrive.SED, m *simdrive.Medium, d *devices.Device) (trusted bool)
	}{
		{"sata", func(sed *simdrive.SED, m *simdrive.Medium, d *devices.Device) bool {
			a := &simdrive.ATA{Medium: m, Model: "SIM", Serial: "S1", SED: sed, NonRotating: true}
			d.Transport = devices.TransportSATA
			devices.ProbeSCSI(context.Background(), a, d)
			return slices.Contains(a.Commands, ata.OpTrustedReceive)
		}},
		{"usb bridge", func(sed *simdrive.SED, m *simdrive.Medium, d *devices.Device) bool {
			a := &simdrive.ATA{Medium: m, Model: "SIM", Serial: "S1", SED: sed, NonRotating: true}
			d.Transport = devices.TransportUSB
			devices.ProbeSCSI(context.Background(), a, d)
			return slices.Contains(a.Commands, ata.OpTrustedReceive)
		}},
		{"sas", func(sed *simdrive.SED, m *simdrive.Medium, d *devices.Device) bool {
			s := &simdrive.SCSI{Medium: m, Vendor: "SIM", Product: "SAS", Serial: "S2", SED: sed}
			d.Transport = devices.TransportSAS
			devices.ProbeSCSI(context.Background(), s, d)
			return false
		}},
		{"nvme", func(sed *simdrive.SED, m *simdrive.Medium, d *devices.Device) bool {
			n := &simdrive.NVMe{Medium: m, Model: "SIM", Serial: "S3", NSID: 1, SED: sed}
			d.Transport = devices.TransportNVMe
			devices.ProbeNVMe(context.Background(), n, 1, d)
			return false
		}},
	}
	for _, b := range buses {
		for _, s := range states {
			t.Run(b.name+"/"+s.name, func(t *testing.T) {
				m := simdrive.NewMedium(1<<20, 512, 3)
				d := devices.Device{Path: "/dev/sim", Kind: devices.KindDisk, Eligible: true}
				sed := s.sed(m)
				trusted := b.probe(sed, m, &d)
				for _, e := range d.Capabilities.ProbeErrors {
					if strings.Contains(e, "tcg") {
						t.Errorf("probe error: %q", e)
					}
				}
				if want := b.name == "usb bridge" && sed != nil; trusted != want {
					t.Errorf("TRUSTED RECEIVE sent through ATA PASS-THROUGH: %v, want %v (only behind a USB bridge)", trusted, want)
				}
				c := d.Capabilities.SED
				if s.ssc == "" {
					if c != nil {
						t.Fatalf("not an SED, but %+v", c)
					}
				} else if c == nil || c.SSC != s.ssc || c.LockingEnabled != s.enabled || c.Locked != s.locked || c.BaseComID != 0x07FE {
					t.Fatalf("sed %+v, want %s enabled %v locked %v", c, s.ssc, s.enabled, s.locked)
				}
				recs := devices.Recommend(d)
				has := func(m string) bool {
					return slices.ContainsFunc(recs, func(r devices.Recommendation) bool { return r.Method == m })
				}
				if has("tcg-psid-revert") != s.psid {
					t.Errorf("psid revert offered %v, want %v: %+v", !s.psid, s.psid, recs)
				}
				if has("nist-clear") != s.overwrite {
					t.Errorf("host overwrite offered %v, want %v: %+v", !s.overwrite, s.overwrite, recs)
				}
				if s.first != "" && recs[0].Method != s.first {
					t.Errorf("first %s, want %s", recs[0].Method, s.first)
				}
				if s.note != "" && !strings.Contains(recs[0].Reason.String(), s.note) {
					t.Errorf("first reason %q lacks %q", recs[0].Reason, s.note)
				}
				for _, r := range recs {
					if r.Method == "tcg-psid-revert" && (r.Class != devices.ClassPurge || !strings.Contains(r.Reason.String(), "TCG "+s.ssc)) {
						t.Errorf("psid revert %+v", r)
					}
				}
				err := devices.Supports(d, "tcg-psid-revert")
				if (err == nil) != s.psid || (s.refusal != "" && (err == nil || !strings.Contains(err.Error(), s.refusal))) {
					t.Errorf("Supports: %v, want refusal %q", err, s.refusal)
				}
			})
		}
	}
}
