package vmtest

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/vmlab"
)

// TestSmoke boots the whole desk and checks that the lab itself works: the static
// binary runs in the guest, and every emulated device shows up in sysfs where the
// transport says it should, with the identity given on QEMU's command line.
func TestSmoke(t *testing.T) {
	desk := vmlab.Desk()
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     desk,
		Wipestation: true,
		Script: `
ws_run version wipestation version
ws_sh sysblock 'ls -l /sys/block/'
ws_sh usb 'for u in /sys/bus/usb/devices/*; do [ -f $u/idVendor ] || continue; echo "${u##*/} $(cat $u/idVendor):$(cat $u/idProduct) serial=$(cat $u/serial 2>/dev/null) product=$(cat $u/product 2>/dev/null) driver=$(basename $(readlink $u/*/driver 2>/dev/null) 2>/dev/null)"; done'
ws_sh models 'for b in /sys/block/*; do echo "${b##*/} vendor=$(cat $b/device/vendor 2>/dev/null) model=$(cat $b/device/model 2>/dev/null) ro=$(cat $b/ro) removable=$(cat $b/removable) rotational=$(cat $b/queue/rotational) lbs=$(cat $b/queue/logical_block_size)"; done'
ws_sh devnodes 'ls -l /dev/sd* /dev/sr* /dev/nvme* /dev/bus/usb/*/*'
ws_sh vpd 'for b in /sys/block/sd* /sys/block/sr*; do echo "${b##*/} pg80=$(tail -c +5 $b/device/vpd_pg80 2>/dev/null) pg83=$(xxd -p $b/device/vpd_pg83 2>/dev/null | tr -d "\\n")"; done'
`,
	})

	if v := run.Result(t, "version"); v.ExitCode != 0 || !strings.HasPrefix(string(v.Stdout), "wipestation ") {
		t.Errorf("wipestation version in the guest: exit %d, stdout %q, stderr %q", v.ExitCode, v.Stdout, v.Stderr)
	}
	sysblock := string(run.Result(t, "sysblock").Stdout)
	for _, d := range desk {
		path, ok := run.Paths[d.ID]
		if !ok {
			continue // Boot already failed the test
		}
		t.Logf("%s (%s) is %s", d.ID, d.Kind, path)
		if !d.IsBlock() {
			if !strings.HasPrefix(path, "/dev/bus/usb/") {
				t.Errorf("%s: guest path %q, want a usbfs node", d.ID, path)
			}
			continue
		}
		name := strings.TrimPrefix(path, "/dev/")
		var link string
		for _, line := range strings.Split(sysblock, "\n") {
			if strings.Contains(line, " "+name+" -> ") {
				link = line
			}
		}
		wantInPath := map[vmlab.Kind]string{
			vmlab.KindNVMe: "/nvme/", vmlab.KindSATADisk: "/ata", vmlab.KindSATACD: "/ata",
			vmlab.KindUSBStick: "/usb", vmlab.KindUSBBot: "/usb", vmlab.KindUAS: "/usb",
			vmlab.KindSCSIDisk: "/virtio", vmlab.KindSCSICD: "/virtio",
		}[d.Kind]
		if !strings.Contains(link, wantInPath) {
			t.Errorf("%s: /sys/block/%s is %q, want a path through %q", d.ID, name, link, wantInPath)
		}
		if d.IsOptical() != strings.HasPrefix(name, "sr") {
			t.Errorf("%s: guest name %s, optical %v", d.ID, name, d.IsOptical())
		}
	}
	// The phone: QEMU's usb-mtp (46f4:0004) with the serial given, no driver bound.
	if usb := string(run.Result(t, "usb").Stdout); !strings.Contains(usb, "46f4:0004 serial=WSPHONE0001 ") {
		t.Errorf("no usb-mtp phone 46f4:0004 with serial WSPHONE0001 among the USB devices:\n%s", usb)
	}
	for _, name := range []string{"usb", "models", "devnodes", "vpd"} {
		t.Logf("%s:\n%s", name, run.Result(t, name).Stdout)
	}
}
