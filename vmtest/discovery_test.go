package vmtest

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/msg"
)

// TestDiscovery is issue 3's VM test, identity part: `wipestation list --json` in a
// guest with every emulated disk and CD reports each with the kind, transport,
// vendor, model and serial given on QEMU's command line, its size, removability and
// eligibility, and recommendations for each; the identity that only the device can
// tell (SG_IO probes) and the capabilities are checked on the same listing
// (checkProbed), so one boot serves both. The phone is TestPhone.
func TestDiscovery(t *testing.T) {
	desk := blockDesk()
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     desk,
		Wipestation: true,
		Triggers:    []vmlab.Trigger{{Mark: "unplug-bot0", Unplug: "bot0"}},
		Script: `
ws_run list wipestation list --json
ws_run table wipestation list
# Hot-plug: watch the desk, pull bot0 out, expect its remove event (netlink uevents).
B=$(ws_dev bot0)
WS_TIMEOUT=90 ws_bg watch wipestation list --watch --json
if ws_wait_output watch 60 '"event": *"add"' "\"$B\""; then
	ws_mark unplug-bot0
	ws_wait_output watch 30 '"event": *"remove"' "\"$B\"" || echo "WSLOG no remove event for $B"
fi
ws_stop watch
ws_wait watch
`,
	})
	checkWatch(t, run)
	list := listDevices(t, run.Result(t, "list"))
	t.Logf("wipestation list:\n%s", run.Result(t, "table").Stdout)

	byPath := map[string]devices.Device{}
	for _, d := range list {
		byPath[d.Path] = d
	}
	for _, want := range desk {
		t.Run(want.ID, func(t *testing.T) {
			guestPath, ok := run.Paths[want.ID]
			if !ok {
				t.Skip("not in the guest (reported above)")
			}
			got, ok := findListed(list, want, guestPath)
			if !ok {
				t.Fatalf("%s (%s at %s) is not in list --json", want.ID, want.Kind, guestPath)
			}
			t.Logf("listed: %s", describe(got))
			checkIdentity(t, want, got, run)
			checkProbed(t, want, got)
			if len(got.Recommendations) == 0 {
				t.Error("no recommendations")
			}
			for _, r := range got.Recommendations {
				if r.Method == "" || r.Class == "" || trim(r.Reason.String()) == "" {
					t.Errorf("recommendation %+v: method, class and reason are all required", r)
				}
			}
		})
	}
}

// checkWatch checks `list --watch --json` saw bot0 arrive (it was there when the
// watch started) and leave when the host unplugged it.
func checkWatch(t *testing.T, run *vmlab.Run) {
	t.Helper()
	res := run.Result(t, "watch")
	bot := run.Paths["bot0"]
	var added, removed bool
	for _, line := range strings.Split(string(res.Stdout), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var ev struct {
			Event  string          `json:"event"`
			Path   string          `json:"path"`
			Device *devices.Device `json:"device"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Errorf("list --watch --json printed a line that is not JSON: %q: %v", line, err)
			continue
		}
		path := ev.Path
		if path == "" && ev.Device != nil {
			path = ev.Device.Path
		}
		added = added || (ev.Event == "add" && path == bot)
		removed = removed || (ev.Event == "remove" && path == bot)
	}
	if len(run.Unplugs) != 1 || run.Unplugs[0].Err != nil {
		t.Errorf("bot0 was not unplugged: %+v (no add event for %s?)", run.Unplugs, bot)
	}
	if !added || !removed {
		t.Errorf("list --watch --json: add event for %s %v, remove event %v; want both\nstdout:\n%s\nstderr:\n%s",
			bot, added, removed, res.Stdout, res.Stderr)
	}
}

// findListed finds the lab device in list's output: block devices by their guest
// path, phones by their USB serial or their usbfs node inside the path.
func findListed(list []devices.Device, want vmlab.Device, guestPath string) (devices.Device, bool) {
	for _, d := range list {
		if want.IsBlock() && d.Path == guestPath {
			return d, true
		}
		if !want.IsBlock() && d.Kind == devices.KindPhone &&
			(strings.HasSuffix(d.Path, guestPath) || d.Serial == want.Serial || d.BridgeSerial == want.Serial) {
			return d, true
		}
	}
	return devices.Device{}, false
}

func checkIdentity(t *testing.T, want vmlab.Device, got devices.Device, run *vmlab.Run) {
	t.Helper()
	wantKind := devices.KindDisk
	switch {
	case want.IsOptical():
		wantKind = devices.KindOptical
	case want.Kind == vmlab.KindMTP:
		wantKind = devices.KindPhone
	}
	if got.Kind != wantKind {
		t.Errorf("kind %q, want %q", got.Kind, wantKind)
	}

	transport := string(got.Transport)
	switch want.Kind {
	case vmlab.KindSCSIDisk, vmlab.KindSCSICD:
		// virtio-scsi: the command set is SCSI, the bus virtio; either name is true.
		if transport != "scsi" && transport != "virtio" {
			t.Errorf("transport %q, want scsi or virtio (virtio-scsi)", transport)
		}
	default:
		if transport != want.WantTransport() {
			t.Errorf("transport %q, want %q", transport, want.WantTransport())
		}
	}

	if want.Kind == vmlab.KindMTP {
		if got.Serial != want.Serial && got.BridgeSerial != want.Serial {
			t.Errorf("serial %q / bridge serial %q, want the USB serial %q", got.Serial, got.BridgeSerial, want.Serial)
		}
		return
	}
	if trim(got.Model) != want.WantModel() && !(want.Kind == vmlab.KindSATACD && trim(got.Model) == vmlab.QEMUATAPIModel) {
		t.Errorf("model %q, want %q", got.Model, want.WantModel())
	}
	if v := want.WantVendor(); v != "" && trim(got.Vendor) != v {
		t.Errorf("vendor %q, want %q", got.Vendor, v)
	}
	switch want.Kind {
	case vmlab.KindUSBStick:
		// QEMU's usb-storage takes one serial, the USB device's.
		if got.Serial != want.Serial && got.BridgeSerial != want.Serial {
			t.Errorf("serial %q / bridge serial %q, want the USB serial %q in one of them", got.Serial, got.BridgeSerial, want.Serial)
		}
	case vmlab.KindUSBBot:
		// usb-storage reads no VPD pages, so sysfs has no serial for the disk behind
		// the bridge: only a probe (INQUIRY VPD 80h over SG_IO) finds it; see
		// checkProbed. A serial that is there must be the disk's, though.
		if got.Serial != "" && got.Serial != want.Serial {
			t.Errorf("serial %q, want the disk's own serial %q (VPD page 80h)", got.Serial, want.Serial)
		}
		if got.BridgeSerial != want.USBSerial {
			t.Errorf("bridge serial %q, want the USB bridge's serial %q", got.BridgeSerial, want.USBSerial)
		}
	case vmlab.KindSATACD:
		// QEMU's ATAPI INQUIRY hides model= and serial= (they are in IDENTIFY
		// PACKET DEVICE only, a probe): see checkProbed.
	case vmlab.KindUAS:
		if got.Serial != want.Serial {
			t.Errorf("serial %q, want the disk's own serial %q (VPD page 80h)", got.Serial, want.Serial)
		}
		if got.BridgeSerial != want.USBSerial {
			t.Errorf("bridge serial %q, want the USB bridge's serial %q", got.BridgeSerial, want.USBSerial)
		}
	default:
		if got.Serial != want.Serial {
			t.Errorf("serial %q, want %q", got.Serial, want.Serial)
		}
	}
	if want.WWN != 0 && !strings.Contains(strings.ToLower(got.WWN), strings.TrimPrefix(hex16(want.WWN), "0x")) {
		t.Errorf("wwn %q, want %s", got.WWN, hex16(want.WWN))
	}

	wantSize := want.SizeBytes
	if want.IsOptical() {
		fi, err := os.Stat(run.Image(want.ID))
		if err != nil {
			t.Fatal(err)
		}
		wantSize = fi.Size()
	}
	if got.SizeBytes != wantSize {
		t.Errorf("size_bytes %d, want %d", got.SizeBytes, wantSize)
	}
	// Anything on USB can be pulled out by the technician, whatever the RMB bit
	// says (devices/identity.go); CD drives have removable media.
	wantRemovable := want.IsUSB() || want.IsOptical()
	if got.Removable != wantRemovable {
		t.Errorf("removable %v, want %v", got.Removable, wantRemovable)
	}
	if want.IsOptical() {
		if !got.ReadOnly {
			t.Error("a CD-ROM with a pressed disc is not reported read-only")
		}
		if got.LogicalSectorBytes != 2048 {
			t.Errorf("logical sector %d, want 2048", got.LogicalSectorBytes)
		}
		return
	}
	// Nothing in the guest is mounted or held: every disk may be wiped.
	if !got.Eligible {
		t.Errorf("not eligible (%s); nothing in the guest uses it", msg.Text(got.Ineligible))
	}
}

// blockDesk is the desk without the phone.
func blockDesk() []vmlab.Device {
	var out []vmlab.Device
	for _, d := range vmlab.Desk() {
		if d.IsBlock() {
			out = append(out, d)
		}
	}
	return out
}

func hasClass(recs []devices.Recommendation, class devices.Class) bool {
	for _, r := range recs {
		if r.Class == class {
			return true
		}
	}
	return false
}

func hex16(v uint64) string {
	const digits = "0123456789abcdef"
	b := []byte("0x0000000000000000")
	for i := 17; i >= 2; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b)
}
