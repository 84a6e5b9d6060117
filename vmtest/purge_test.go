package vmtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// TestPurge is issue 4's VM test. QEMU's NVMe Format (SES=1) really zeroes the
// namespace, so `nvme-format` must succeed and verify (the image is filled with
// 0x5A before boot: all zeros afterwards proves the command reached the medium).
// QEMU has no NVMe Sanitize or crypto Format, no ATA security or sanitize and no
// SCSI SANITIZE, so those methods must be refused up front from the probed
// capabilities, and `--method purge` must refuse the SATA, SCSI and USB devices
// with a reason, never downgrading silently: exit code 3 and media untouched.
func TestPurge(t *testing.T) {
	const fill = 0x5A
	devs := vmlab.Pick("nvme0", "sata0", "scsi0", "stick0")
	for i := range devs {
		devs[i].Fill = fill
		devs[i].SizeBytes = 32 << 20
	}
	refusals := []struct{ id, method string }{
		{"nvme0", "nvme-sanitize-crypto"}, {"nvme0", "nvme-sanitize-block"}, {"nvme0", "nvme-sanitize-overwrite"},
		{"nvme0", "nvme-format-crypto"},
		{"sata0", "ata-sanitize-crypto"}, {"sata0", "ata-sanitize-block"}, {"sata0", "ata-sanitize-overwrite"},
		{"sata0", "ata-secure-erase"}, {"sata0", "ata-secure-erase-enhanced"},
		{"scsi0", "scsi-sanitize-crypto"}, {"scsi0", "scsi-sanitize-block"}, {"scsi0", "scsi-sanitize-overwrite"},
		{"sata0", "purge"}, {"scsi0", "purge"}, {"stick0", "purge"},
	}
	var script strings.Builder
	for _, r := range refusals {
		fmt.Fprintf(&script, "ws_run refuse-%s-%s wipestation wipe --method %s --yes --json \"$(ws_dev %s)\"\n", r.id, r.method, r.method, r.id)
	}
	// The format last: the refusals above must find the NVMe image untouched.
	script.WriteString("WS_TIMEOUT=240 ws_run nvme-format wipestation wipe --method nvme-format --yes --json \"$(ws_dev nvme0)\"\n")

	run := vmlab.Boot(t, vmlab.Config{Devices: devs, Wipestation: true, Script: script.String()})

	for _, r := range refusals {
		t.Run(r.method+"/"+r.id, func(t *testing.T) {
			res := run.Result(t, "refuse-"+r.id+"-"+r.method)
			results := wipeResults(t, res.Stdout)
			o, ok := results[run.Paths[r.id]]
			if res.ExitCode != 3 {
				t.Errorf("exit code %d, want 3 (refused); stdout %s; stderr %s", res.ExitCode, res.Stdout, res.Stderr)
			}
			if ok && o.Status != wipe.StatusRefused {
				t.Errorf("status %q, want %q", o.Status, wipe.StatusRefused)
			}
			reason := o.Reason
			if reason == "" {
				reason = trim(string(res.Stderr))
			}
			if reason == "" {
				t.Error("refused without a reason")
			}
			if strings.Contains(reason, "not available in this build") {
				t.Errorf("refused because the binary lacks the firmware engine, not from the device's probed capabilities: %s", reason)
			}
			t.Logf("refused: %s", reason)
		})
	}
	// Nothing was written by the refused jobs (the NVMe was formatted afterwards).
	for _, id := range []string{"sata0", "scsi0", "stick0"} {
		requireAllBytes(t, run, id, fill)
	}

	res := run.Result(t, "nvme-format")
	o := wipeResults(t, res.Stdout)[run.Paths["nvme0"]]
	if res.ExitCode != 0 || o.Status != wipe.StatusErased || !o.Verified {
		t.Errorf("nvme-format: exit %d, status %q, verified %v, reason %q; want 0, erased, verified\nstdout %s\nstderr %s",
			res.ExitCode, o.Status, o.Verified, o.Reason, res.Stdout, res.Stderr)
	}
	requireAllBytes(t, run, "nvme0", 0)
}
