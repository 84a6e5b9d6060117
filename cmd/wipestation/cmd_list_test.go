package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
)

// deskSystem is the fake sysfs desk of the devices package's tests. Device
// nodes point nowhere, so probes and safety checks fail harmlessly.
func deskSystem(t *testing.T) devices.System {
	t.Helper()
	root := filepath.Join("..", "..", "devices", "testdata", "desk")
	if _, err := os.Stat(filepath.Join(root, "sys", "block")); err != nil {
		t.Fatalf("fake sysfs tree missing: %v", err)
	}
	return devices.System{
		Sys:    os.DirFS(filepath.Join(root, "sys")),
		Proc:   os.DirFS(filepath.Join(root, "proc")),
		DevDir: "/nonexistent-wipestation-test/dev",
		Root:   root,
	}
}

// The field names `list --json` promises (docs/list-json.md; issue 3).
var requiredJSONFields = []string{"path", "kind", "transport", "vendor", "model", "serial",
	"size_bytes", "removable", "eligible", "ineligible_reason", "capabilities", "recommendations"}

func TestListJSON(t *testing.T) {
	tests := []struct {
		name      string
		all       bool
		wantLoop  bool
		wantCount int
	}{
		// 13 media, and 4 devices listed as refused (zram0, dm-0, md0, mmcblk1boot0).
		{name: "default hides virtual devices", all: false, wantLoop: false, wantCount: 17},
		{name: "--all lists loop devices", all: true, wantLoop: true, wantCount: 18},
	}
	// Plus whatever phones DiscoverPhones finds on the desk (QEMU's MTP phone).
	phones, err := deskSystem(t).DiscoverPhones(context.Background())
	if err != nil {
		t.Fatalf("DiscoverPhones: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.wantCount += len(phones)
			var out, errOut bytes.Buffer
			c := &listCmd{JSON: true, All: tc.all}
			if err := c.run(context.Background(), deskSystem(t), &out, &errOut); err != nil {
				t.Fatalf("list --json: %v (stderr %s)", err, errOut.String())
			}
			var objs []map[string]any
			if err := json.Unmarshal(out.Bytes(), &objs); err != nil {
				t.Fatalf("output is not a JSON array: %v\n%s", err, out.String())
			}
			if len(objs) != tc.wantCount {
				t.Errorf("%d objects, want %d", len(objs), tc.wantCount)
			}
			sawLoop := false
			for _, o := range objs {
				for _, f := range requiredJSONFields {
					if _, ok := o[f]; !ok {
						t.Errorf("%v: no field %q", o["path"], f)
					}
				}
				if _, ok := o["recommendations"].([]any); !ok {
					t.Errorf("%v: recommendations is %T, want an array", o["path"], o["recommendations"])
				}
				if o["transport"] == "loop" {
					sawLoop = true
				}
			}
			if sawLoop != tc.wantLoop {
				t.Errorf("loop device listed = %v, want %v", sawLoop, tc.wantLoop)
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	devs := []devices.Device{
		{Path: "/dev/sdb", Kind: devices.KindDisk, Transport: devices.TransportUSB, Vendor: "SanDisk", Model: "Cruzer Blade",
			BridgeSerial: "4C53000123", SizeBytes: 30752636928, Eligible: true,
			Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear}, {Method: "destroy", Class: devices.ClassDestroy}}},
		{Path: "/dev/nvme0n1", Kind: devices.KindDisk, Transport: devices.TransportNVMe, Model: "Samsung SSD 980 PRO 1TB",
			Serial: "S5GX", SizeBytes: 1000204886016, Ineligible: msg.New(msg.RefusalMounted, "nvme0n1p2", "/").Ptr(),
			Recommendations: []devices.Recommendation{{Method: "nvme-format", Class: devices.ClassClear}}},
		{Path: "/dev/sr0", Kind: devices.KindOptical, Transport: devices.TransportSATA, Vendor: "QEMU", Model: "QEMU DVD-ROM"},
	}
	var out bytes.Buffer
	if err := writeTable(&out, devs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want a header and 3 rows:\n%s", len(lines), out.String())
	}
	tests := []struct {
		name  string
		line  int
		words []string
	}{
		{"header", 0, []string{"PATH", "KIND", "TRANSPORT", "VENDOR/MODEL", "SERIAL", "SIZE", "STATUS", "RECOMMENDED"}},
		{"usb stick: bridge serial marked, top method with class", 1, []string{"/dev/sdb", "usb", "SanDisk Cruzer Blade", "bridge:4C53000123", "30.8 GB", "eligible", "nist-usb (Clear)"}},
		{"refused disk shows why", 2, []string{"/dev/nvme0n1", "Samsung SSD 980 PRO 1TB", "S5GX", "1.0 TB", "refused: nvme0n1p2 is mounted at /", "nvme-format (Clear)"}},
		{"vendor not repeated, empty fields dashed", 3, []string{"/dev/sr0", "optical", "QEMU DVD-ROM", "-"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.words {
				if !strings.Contains(lines[tc.line], w) {
					t.Errorf("line %q lacks %q", lines[tc.line], w)
				}
			}
		})
	}
	if strings.Contains(lines[3], "QEMU QEMU") {
		t.Errorf("vendor repeated: %q", lines[3])
	}
}

func TestFormatSize(t *testing.T) {
	tests := map[int64]string{0: "-", 512: "512 B", 1000: "1.0 kB", 500107862016: "500.1 GB", 4000787030016: "4.0 TB"}
	for in, want := range tests {
		if got := formatSize(in); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestListLoopDevices lists real loop devices in the states the safety rules
// refuse, as root: each must show up in `list --json --all` with the right
// eligibility and reason.
func TestListLoopDevices(t *testing.T) {
	testutil.RequireRoot(t)
	testutil.RequireCommand(t, "losetup", "mkfs.ext4", "sfdisk", "mount", "umount")
	sys := devices.HostSystem()
	if sys.CheckEligible("/nonexistent-wipestation-check", false) == nil {
		testutil.Skip(t, "devices.CheckEligible is still the skeleton (accepts a missing path): merge main after the engine's safety rules land")
	}

	plain := testutil.NewLoopDevice(t, 16<<20)

	mounted := testutil.NewLoopDevice(t, 16<<20)
	testutil.MountExt4(t, mounted.Path)

	parted := testutil.NewLoopDevice(t, 32<<20, "-P")
	part := testutil.PartitionLoopDevice(t, parted, ",")[0]
	testutil.MountExt4(t, part)

	readOnly := testutil.NewLoopDevice(t, 16<<20, "--read-only")

	var out, errOut bytes.Buffer
	c := &listCmd{JSON: true, All: true}
	if err := c.run(context.Background(), sys, &out, &errOut); err != nil {
		t.Fatalf("list --json --all: %v (stderr %s)", err, errOut.String())
	}
	var printed []listed
	if err := json.Unmarshal(out.Bytes(), &printed); err != nil {
		t.Fatalf("output is not a JSON array of devices: %v", err)
	}
	byPath := map[string]listed{}
	for _, d := range printed {
		byPath[d.Path] = d
		if want := msg.Text(d.Ineligible); d.IneligibleReason != want {
			t.Errorf("%s: ineligible_reason %q, but its message says %q", d.Path, d.IneligibleReason, want)
		}
	}

	tests := []struct {
		name       string
		path       string
		eligible   bool
		reasonWord string
	}{
		{"plain loop device is eligible", plain.Path, true, ""},
		{"mounted loop device is refused", mounted.Path, false, "mounted"},
		{"loop device with a mounted partition is refused", parted.Path, false, "mounted"},
		{"read-only loop device is refused", readOnly.Path, false, "read-only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := byPath[tc.path]
			if !ok {
				t.Fatalf("%s not listed", tc.path)
			}
			if d.Transport != devices.TransportLoop || !d.Virtual {
				t.Errorf("transport %q virtual %v, want loop, virtual", d.Transport, d.Virtual)
			}
			if d.Eligible != tc.eligible {
				t.Errorf("eligible = %v (%q), want %v", d.Eligible, d.IneligibleReason, tc.eligible)
			}
			if tc.eligible && d.IneligibleReason != "" {
				t.Errorf("eligible with a reason %q", d.IneligibleReason)
			}
			if !strings.Contains(d.IneligibleReason, tc.reasonWord) {
				t.Errorf("reason %q lacks %q", d.IneligibleReason, tc.reasonWord)
			}
			if len(d.Recommendations) == 0 || d.Recommendations[0].Class != devices.ClassClear {
				t.Errorf("recommendations %+v, want overwrite methods (Clear)", d.Recommendations)
			}
		})
	}
	if _, ok := byPath[part]; ok {
		t.Errorf("partition %s listed as a medium", part)
	}
}

func TestPrintEvents(t *testing.T) {
	stick := &devices.Device{Path: "/dev/sdb", Kind: devices.KindDisk, Transport: devices.TransportUSB, Model: "Cruzer Blade", Eligible: true,
		Recommendations: []devices.Recommendation{{Method: "nist-usb", Class: devices.ClassClear, Reason: msg.New(msg.RefusalNoMedium, "sdb")}}}
	loop := &devices.Device{Path: "/dev/loop3", Kind: devices.KindDisk, Transport: devices.TransportLoop, Virtual: true}
	events := []devices.DeviceEvent{
		{Type: devices.EventAdd, Path: stick.Path, Device: stick},
		{Type: devices.EventAdd, Path: loop.Path, Device: loop},
		{Type: devices.EventChange, Path: stick.Path, Device: stick},
		{Type: devices.EventRemove, Path: loop.Path},
		{Type: devices.EventRemove, Path: stick.Path},
		{Type: devices.EventRemove, Path: "/dev/sdz"}, // never shown
	}
	tests := []struct {
		name string
		cmd  listCmd
		want []string
	}{
		{"json lines, virtual hidden", listCmd{JSON: true}, []string{
			`{"event":"add","path":"/dev/sdb","device":{"path":"/dev/sdb"`,
			`{"event":"change","path":"/dev/sdb","device":{"path":"/dev/sdb"`,
			`{"event":"remove","path":"/dev/sdb"}`,
		}},
		{"json lines with --all", listCmd{JSON: true, All: true}, []string{
			`{"event":"add","path":"/dev/sdb"`,
			`{"event":"add","path":"/dev/loop3"`,
			`{"event":"change","path":"/dev/sdb"`,
			`{"event":"remove","path":"/dev/loop3"}`,
			`{"event":"remove","path":"/dev/sdb"}`,
		}},
		{"readable", listCmd{}, []string{
			"+ /dev/sdb  disk usb  Cruzer Blade",
			"~ /dev/sdb",
			"- /dev/sdb",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := make(chan devices.DeviceEvent, len(events))
			for _, ev := range events {
				ch <- ev
			}
			close(ch)
			var out bytes.Buffer
			if err := tc.cmd.printEvents(ch, &out); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tc.want), out.String())
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("line %d = %q, want prefix %q", i, lines[i], w)
				}
			}
			// A device in a watch line is the object `list --json` prints: the
			// English words beside each message.
			if tc.cmd.JSON && !strings.Contains(lines[0], `"ineligible_reason":""`) ||
				tc.cmd.JSON && !strings.Contains(lines[0], `"reason":"sdb has no medium (size 0)","reason_message":{"id":"refusal.no-medium"`) {
				t.Errorf("the watch line's device is not the object list --json prints: %s", lines[0])
			}
		})
	}
	t.Run("error ends the watch", func(t *testing.T) {
		ch := make(chan devices.DeviceEvent, 1)
		ch <- devices.DeviceEvent{Type: devices.EventError, Err: os.ErrPermission}
		close(ch)
		c := listCmd{JSON: true}
		if err := c.printEvents(ch, &bytes.Buffer{}); err == nil {
			t.Error("an error event did not end the watch with an error")
		}
	})
}
