package vmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// layeredScript builds, in one boot, an MD RAID1 (Debian's mdadm) over the SATA and
// the SCSI disk and a device-mapper linear target (Debian's dmsetup) over the NVMe,
// without udev, adds the /dev/disk/by-id links udev would make, hashes every
// member and layer, asks wipestation to zero each layer under every name it has,
// hashes again and lists.
const layeredScript = `
export MDADM_NO_UDEV=1 DM_DISABLE_UDEV=1
A=$(ws_dev sata0) B=$(ws_dev scsi0) C=$(ws_dev nvme0)
mkdir -p /run/mdadm /etc/mdadm /dev/disk/by-id
# --assume-clean: no resync, so that nothing but wipestation could change a member.
ws_run mdadm mdadm --create /dev/md/wsraid --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --homehost=wslab "$A" "$B"
MD=$(readlink -f /dev/md/wsraid 2>/dev/null)
[ -b "$MD" ] || MD=/dev/$(ls /sys/block | grep '^md' | head -n1)
[ -e /dev/md/wsraid ] || { mkdir -p /dev/md; ln -s "../${MD#/dev/}" /dev/md/wsraid; }
ws_run dmsetup dmsetup create wslin --table "0 $(cat /sys/block/${C#/dev/}/size) linear $C 0"
DM=/dev/$(ls /sys/block | grep '^dm-' | head -n1)
ln -s "../../${MD#/dev/}" /dev/disk/by-id/md-name-wslab:wsraid
ln -s "../../${DM#/dev/}" /dev/disk/by-id/dm-name-wslin
ws_sh names "echo md $MD; echo dm $DM; ls -l /dev/md/ /dev/mapper/ /dev/disk/by-id/; cat /proc/mdstat; dmsetup table"
ws_sh hash-before "sha256sum $A $B $C $MD $DM | cut -d' ' -f1"
i=0
for p in "$MD" /dev/md/wsraid /dev/disk/by-id/md-name-wslab:wsraid "$DM" /dev/mapper/wslin /dev/disk/by-id/dm-name-wslin; do
	ws_run "wipe-$i" wipestation wipe --method zero --yes --json "$p"
	i=$((i+1))
done
ws_sh hash-after "sha256sum $A $B $C $MD $DM | cut -d' ' -f1"
ws_run list wipestation list --json
`

// TestLayeredDevicesRefused: MD RAID and device-mapper devices are not media. Under
// every name (the kernel node, /dev/md/NAME, /dev/mapper/NAME, a /dev/disk/by-id
// link) `wipe` refuses them with exit code 3 and writes nothing to them or to the
// disks under them, and `list --json` shows them refused with the gate's reason.
func TestLayeredDevicesRefused(t *testing.T) {
	const fill = 0xA5
	devs := vmlab.Pick("nvme0", "sata0", "scsi0")
	for i := range devs {
		devs[i].Fill = fill
		devs[i].SizeBytes = 32 << 20
	}
	run := vmlab.Boot(t, vmlab.Config{
		Devices:      devs,
		Wipestation:  true,
		HostBinaries: []string{"mdadm", "dmsetup"},
		Script:       layeredScript,
	})
	for _, setup := range []string{"mdadm", "dmsetup"} {
		if r := run.Result(t, setup); r.ExitCode != 0 {
			t.Fatalf("%s in the guest: exit %d: %s%s", setup, r.ExitCode, r.Stdout, r.Stderr)
		}
	}
	names := string(run.Result(t, "names").Stdout)
	t.Logf("layered devices in the guest:\n%s", names)
	var md, dm string
	for _, line := range strings.Split(names, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "md" {
			md = f[1]
		} else if len(f) == 2 && f[0] == "dm" {
			dm = f[1]
		}
	}

	for i, p := range []string{md, "/dev/md/wsraid", "/dev/disk/by-id/md-name-wslab:wsraid", dm, "/dev/mapper/wslin", "/dev/disk/by-id/dm-name-wslin"} {
		t.Run("wipe "+p, func(t *testing.T) {
			r := run.Result(t, fmt.Sprintf("wipe-%d", i))
			if r.ExitCode != 3 {
				t.Errorf("exit code %d, want 3 (refused); stdout %s stderr %s", r.ExitCode, r.Stdout, r.Stderr)
			}
			results := wipeResults(t, r.Stdout)
			if len(results) != 1 {
				t.Fatalf("%d results, want 1: %s", len(results), r.Stdout)
			}
			for dev, o := range results {
				t.Logf("%s: %s: %s", dev, o.Status, o.Reason)
				if o.Status != wipe.StatusRefused || !strings.Contains(o.Reason, "not a medium") {
					t.Errorf("%s: status %q reason %q, want refused as not a medium", dev, o.Status, o.Reason)
				}
				if dev != p && !strings.Contains(o.Reason, p) {
					t.Errorf("the reason %q does not name the path given, %s", o.Reason, p)
				}
			}
		})
	}

	before, after := run.Result(t, "hash-before"), run.Result(t, "hash-after")
	if before.ExitCode != 0 || after.ExitCode != 0 || len(bytes.Fields(before.Stdout)) != 5 {
		t.Fatalf("hashes: exit %d/%d: %s %s", before.ExitCode, after.ExitCode, before.Stderr, after.Stderr)
	}
	if !bytes.Equal(before.Stdout, after.Stdout) {
		t.Errorf("the members or the layers changed (sata0 scsi0 nvme0 md dm):\nbefore %s\nafter  %s", before.Stdout, after.Stdout)
	}
	// On the host: the device-mapper member still holds only what it was filled
	// with, and so do the RAID members past MD's superblock and data offset.
	requireAllBytes(t, run, "nvme0", fill)
	for _, id := range []string{"sata0", "scsi0"} {
		requireTail(t, run.Image(id), 8<<20, fill)
	}

	var listed []devices.Device
	if err := json.Unmarshal(run.Result(t, "list").Stdout, &listed); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	byPath := map[string]devices.Device{}
	for _, d := range listed {
		byPath[d.Path] = d
	}
	want := map[string]string{
		md:                 "is an MD RAID array (raid1) over",
		dm:                 "is a device-mapper device (wslin) over",
		run.Paths["sata0"]: "held by " + strings.TrimPrefix(md, "/dev/"),
		run.Paths["scsi0"]: "held by " + strings.TrimPrefix(md, "/dev/"),
		run.Paths["nvme0"]: "held by " + strings.TrimPrefix(dm, "/dev/") + " (wslin)",
	}
	for p, reason := range want {
		d, ok := byPath[p]
		switch {
		case !ok:
			t.Errorf("list --json does not show %s", p)
		case d.Eligible || !strings.Contains(msg.Text(d.Ineligible), reason):
			t.Errorf("list --json: %s eligible %v, reason %q; want refused: %q", p, d.Eligible, msg.Text(d.Ineligible), reason)
		}
	}
}

// requireTail fails unless every byte of the file from off on is b.
func requireTail(t *testing.T, file string, off int64, b byte) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.NewSectionReader(f, off, 1<<40))
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 {
		t.Errorf("%s: nothing from offset %d", file, off)
	}
	for i, c := range data {
		if c != b {
			t.Errorf("%s: %#02x at offset %d, want %#02x: written", file, c, off+int64(i), b)
			return
		}
	}
}
