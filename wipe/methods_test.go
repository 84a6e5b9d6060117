package wipe

import (
	"errors"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

func TestCatalogue(t *testing.T) {
	want := map[string]int{ // overwrite and verify methods: pass counts
		"zero": 1, "one": 1, "random": 1, "nist-clear": 1, "nist-usb": 2, "dod-3pass": 3, "dod-7pass": 7,
		"gutmann": 35, "schneier": 7, "hmg-is5-baseline": 1, "hmg-is5-enhanced": 3, "vsitr": 7, "ops-ii": 7,
		"verify-zero": 1, "verify-one": 1,
	}
	external := map[string]Engine{
		"ata-secure-erase": EngineFirmware, "ata-secure-erase-enhanced": EngineFirmware, "ata-sanitize-crypto": EngineFirmware,
		"ata-sanitize-block": EngineFirmware, "ata-sanitize-overwrite": EngineFirmware, "nvme-format": EngineFirmware,
		"nvme-format-crypto": EngineFirmware, "nvme-sanitize-crypto": EngineFirmware, "nvme-sanitize-block": EngineFirmware,
		"nvme-sanitize-overwrite": EngineFirmware, "scsi-sanitize-crypto": EngineFirmware, "scsi-sanitize-block": EngineFirmware,
		"scsi-sanitize-overwrite": EngineFirmware, "mtp-clear": EngineMTP, "phone-reset": EnginePhone, "optical-blank": EngineOptical,
	}
	seen := map[string]bool{}
	for _, m := range Methods() {
		t.Run(m.ID, func(t *testing.T) {
			if seen[m.ID] {
				t.Fatal("duplicate ID")
			}
			seen[m.ID] = true
			if m.Name == "" || m.Description == "" || m.Class == "" {
				t.Error("missing name, description or class")
			}
			if n, ok := want[m.ID]; ok {
				if len(m.Passes) != n {
					t.Errorf("%d passes, want %d", len(m.Passes), n)
				}
				if m.Class == devices.ClassPurge {
					t.Error("a host overwrite is never Purge")
				}
				return
			}
			if e, ok := external[m.ID]; !ok || e != m.Engine || len(m.Passes) != 0 {
				t.Errorf("engine %s with %d passes; want %s", m.Engine, len(m.Passes), e)
			}
		})
	}
	if len(seen) != len(want)+len(external) {
		t.Errorf("%d methods, want %d", len(seen), len(want)+len(external))
	}
}

func TestGutmannPatterns(t *testing.T) {
	m, _ := LookupMethod("gutmann")
	var fixed []string
	for i, p := range m.Passes {
		if (i < 4 || i >= 31) != p.Random {
			t.Errorf("pass %d random=%v", i+1, p.Random)
		}
		if !p.Random {
			fixed = append(fixed, p.String())
		}
	}
	got := strings.Join(fixed, ",")
	want := "0x55,0xAA,0x92 0x49 0x24,0x49 0x24 0x92,0x24 0x92 0x49,0x00,0x11,0x22,0x33,0x44,0x55,0x66,0x77,0x88,0x99,0xAA,0xBB,0xCC,0xDD,0xEE,0xFF," +
		"0x92 0x49 0x24,0x49 0x24 0x92,0x24 0x92 0x49,0x6D 0xB6 0xDB,0xB6 0xDB 0x6D,0xDB 0x6D 0xB6"
	if got != want {
		t.Errorf("fixed patterns\n%s\nwant\n%s", got, want)
	}
}

func TestResolve(t *testing.T) {
	stick := devices.Device{Path: "/dev/sdc", Transport: devices.TransportUSB, Removable: true}
	nvme := devices.Device{Path: "/dev/nvme0n1", Transport: devices.TransportNVMe}
	stickRecs := []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: msg.Verbatim("flash stick")}}
	nvmeRecs := []devices.Recommendation{
		{Method: "nvme-sanitize-crypto", Class: devices.ClassPurge, Reason: msg.Verbatim("SANICAP crypto")},
		{Method: "nvme-format", Class: devices.ClassClear, Reason: msg.Verbatim("format")},
		{Method: "nist-clear", Class: devices.ClassClear, Reason: msg.Verbatim("overwrite")},
	}
	cases := []struct {
		name      string
		d         devices.Device
		recs      []devices.Recommendation
		requested string
		fallback  string
		method    string
		class     devices.Class
		fallsBack bool
		refused   string
	}{
		{name: "purge picks the first Purge", d: nvme, recs: nvmeRecs, requested: "purge", method: "nvme-sanitize-crypto", class: devices.ClassPurge},
		{name: "clear picks the first Clear", d: nvme, recs: nvmeRecs, requested: "clear", method: "nvme-format", class: devices.ClassClear},
		{name: "a stick cannot be purged", d: stick, recs: stickRecs, requested: "purge", refused: "refused /dev/sdc: cannot be purged"},
		{name: "explicit fallback to clear", d: stick, recs: stickRecs, requested: "purge", fallback: "clear", method: "nist-usb", class: devices.ClassClear, fallsBack: true},
		{name: "nothing recommended", d: stick, requested: "clear", refused: "no method is recommended"},
		{name: "explicit method takes the device's class", d: nvme, recs: nvmeRecs, requested: "nvme-format", method: "nvme-format", class: devices.ClassClear},
		{name: "explicit method without recommendation keeps its nominal class", d: nvme, recs: nvmeRecs, requested: "gutmann", method: "gutmann", class: devices.ClassClear},
		{name: "an overwrite is never recorded as Purge", d: stick, recs: []devices.Recommendation{{Method: "random", Class: devices.ClassPurge}}, requested: "random", method: "random", class: devices.ClassClear},
		{name: "a policy claiming Purge by overwrite does not satisfy purge", d: stick, recs: []devices.Recommendation{{Method: "random", Class: devices.ClassPurge}}, requested: "purge", refused: "cannot be purged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := resolveFrom(c.recs, c.d, c.requested, c.fallback)
			if c.refused != "" {
				if !errors.Is(err, ErrNoMethod) || !strings.Contains(err.Error(), c.refused) {
					t.Fatalf("got %v, %v; want a refusal saying %q", res.Method.ID, err, c.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Method.ID != c.method || res.Class != c.class || (res.Fallback != nil) != c.fallsBack {
				t.Errorf("got %s (%s), fallback %q", res.Method.ID, res.Class, res.Fallback)
			}
		})
	}
	if _, err := Resolve(nvme, "no-such-method", ""); err == nil || !strings.Contains(err.Error(), "valid: purge, clear, zero") {
		t.Errorf("unknown method: %v", err)
	}
}
