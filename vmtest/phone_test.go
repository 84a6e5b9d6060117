package vmtest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// TestPhone is issue 7's VM test for phones, with two QEMU usb-mtp phones whose
// storage is a host folder filled with files (each on a tmpfs of its own, so that
// filling the free space ends): list --json reports each as a phone reached over
// MTP with the USB serial; `mtp-clear` on the first leaves its host folder empty
// and the job verified; the second is unplugged (QMP device_del) as soon as its
// mtp-clear starts writing, and that job fails cleanly with a reason, exit code 1.
// The first phone's clear runs with --backup (issue 8): its files are backed up to
// an age archive first, and `backup restore` in the guest brings every one back.
func TestPhone(t *testing.T) {
	phone := vmlab.Pick("phone0")[0]
	org, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	phone.StorageBytes = 16 << 20
	// The second phone has more room (128 MiB), so that its fill runs for seconds:
	// long enough to pull it out mid-write.
	other := phone
	other.ID, other.Serial, other.Description, other.StorageBytes = "phone1", "WSPHONE0002", "WS Second Phone", 128<<20
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     []vmlab.Device{phone, other},
		Wipestation: true,
		Triggers:    []vmlab.Trigger{{Mark: "unplug-phone1", Unplug: "phone1"}},
		Files:       []vmlab.File{{Path: "/ws/org.key", Data: []byte(org.String() + "\n"), Mode: 0o600}},
		Script: `
ws_run list wipestation list --json
# The wipe target is the path list reports (mtp:/dev/bus/usb/BBB/DDD).
phone_path() { sed -n 's/.*"path": *"\([^"]*\)".*/\1/p' /tmp/ws.list.out | grep -F "$(ws_dev $1)" | head -n1; }
P0=$(phone_path phone0) P1=$(phone_path phone1)
echo "WSLOG phones: $P0 $P1"
mkdir -p /tmp/backups
WS_TIMEOUT=240 ws_run clear wipestation wipe --method mtp-clear --yes --json --backup /tmp/backups --backup-recipient ` + org.Recipient().String() + ` "${P0:-mtp:$(ws_dev phone0)}"
ws_run restore sh -c 'wipestation backup restore /tmp/backups/*.age --identity /ws/org.key --to /tmp/restored && cd /tmp/restored && find . -type f -exec sha256sum {} +'
WS_TIMEOUT=240 ws_bg unplugged wipestation wipe --method mtp-clear --yes --json "${P1:-mtp:$(ws_dev phone1)}"
if ws_wait_output unplugged 120 '"event": *"phase"' '"phase": *"write"'; then ws_mark unplug-phone1; else echo "WSLOG no progress from phone1"; fi
ws_wait unplugged
`,
	})

	list := listDevices(t, run.Result(t, "list"))
	for _, want := range []vmlab.Device{phone, other} {
		got, ok := findListed(list, want, run.Paths[want.ID])
		if !ok {
			t.Errorf("phone %s (USB %s) is not in list --json", want.ID, run.Paths[want.ID])
			continue
		}
		t.Logf("listed: %s", describe(got))
		if got.Kind != devices.KindPhone || got.Transport != devices.TransportMTP {
			t.Errorf("%s: kind %q transport %q, want phone over mtp", want.ID, got.Kind, got.Transport)
		}
		if !strings.HasSuffix(got.Path, run.Paths[want.ID]) {
			t.Errorf("%s: path %q does not name its usbfs node %s", want.ID, got.Path, run.Paths[want.ID])
		}
		if got.Serial != want.Serial {
			t.Errorf("%s: serial %q, want the USB serial %q", want.ID, got.Serial, want.Serial)
		}
		p := got.Capabilities.Phone
		if p == nil || !slices.Contains(p.Protocols, "mtp") || len(p.Storages) != 1 {
			t.Errorf("%s: phone capabilities %+v, want mtp with its one storage", want.ID, p)
			continue
		}
		if p.Storages[0].Description != want.Description {
			t.Errorf("%s: storage %q, want %q (usb-mtp desc=)", want.ID, p.Storages[0].Description, want.Description)
		}
	}

	res := run.Result(t, "clear")
	results := wipeResults(t, res.Stdout)
	var o outcome
	for _, r := range results {
		o = r
	}
	if res.ExitCode != 0 || o.Status != wipe.StatusErased || !o.Verified {
		t.Errorf("mtp-clear: exit %d, status %q, verified %v, reason %q; want 0, erased, verified\nstdout %s\nstderr %s",
			res.ExitCode, o.Status, o.Verified, o.Reason, res.Stdout, res.Stderr)
	}
	var left []string
	filepath.WalkDir(run.HostDir("phone0"), func(p string, d os.DirEntry, err error) error {
		if err == nil && p != run.HostDir("phone0") {
			left = append(left, strings.TrimPrefix(p, run.HostDir("phone0")))
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("after mtp-clear the phone's storage still holds %v", left)
	}

	// The backup taken before the clear restores every file, byte for byte.
	restored := run.Result(t, "restore")
	if restored.ExitCode != 0 {
		t.Errorf("backup restore: exit %d\nstdout %s\nstderr %s", restored.ExitCode, restored.Stdout, restored.Stderr)
	}
	for rel, content := range phone.Files {
		sum := sha256.Sum256([]byte(content))
		want := hex.EncodeToString(sum[:])
		found := false
		for _, line := range strings.Split(string(restored.Stdout), "\n") {
			// sha256sum prints "HASH  PATH"; paths hold spaces (the storage's name).
			hash, path, ok := strings.Cut(line, "  ")
			if ok && hash == want && strings.HasSuffix(path, "/"+rel) {
				found = true
			}
		}
		if !found {
			t.Errorf("backup restore: %s is missing or differs; restored:\n%s", rel, restored.Stdout)
		}
	}

	if len(run.Unplugs) != 1 || run.Unplugs[0].Err != nil {
		t.Fatalf("phone1 was not unplugged mid-job: %+v", run.Unplugs)
	}
	res = run.Result(t, "unplugged")
	if res.ExitCode != 1 {
		t.Errorf("unplugged phone: exit code %d, want 1; stderr %s", res.ExitCode, res.Stderr)
	}
	for _, r := range wipeResults(t, res.Stdout) {
		o = r
	}
	if o.Status != wipe.StatusFailed || trim(o.Reason) == "" {
		t.Errorf("unplugged phone: status %q reason %q, want failed with a reason\nstdout %s", o.Status, o.Reason, res.Stdout)
	}
	t.Logf("unplugged phone: %s: %s", o.Status, o.Reason)
	if t.Failed() {
		t.Logf("marks %v unplugs %+v\nunplugged job stdout:\n%s", run.Marks, run.Unplugs, res.Stdout)
	}
}
