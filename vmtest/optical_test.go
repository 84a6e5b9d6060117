package vmtest

import (
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// TestOptical is issue 7's VM test for discs: both CD-ROM drives (SATA and SCSI)
// hold pressed ROM discs, so an overwrite is refused with the reason (exit code 3)
// and list offers Destroy for them, with the disc's profile and volume label
// captured for the destruction certificate.
func TestOptical(t *testing.T) {
	cds := vmlab.Pick("satacd0", "scsicd0")
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     cds,
		Wipestation: true,
		Script: `
ws_run list wipestation list --json
ws_run wipe-satacd0 wipestation wipe --method zero --yes --json "$(ws_dev satacd0)"
ws_run wipe-scsicd0 wipestation wipe --method zero --yes --json "$(ws_dev scsicd0)"
`,
	})
	list := listDevices(t, run.Result(t, "list"))
	for _, cd := range cds {
		t.Run(cd.ID, func(t *testing.T) {
			path := run.Paths[cd.ID]
			res := run.Result(t, "wipe-"+cd.ID)
			if res.ExitCode != 3 {
				t.Errorf("overwrite of a ROM disc: exit code %d, want 3 (refused); stdout %s; stderr %s", res.ExitCode, res.Stdout, res.Stderr)
			}
			o, ok := wipeResults(t, res.Stdout)[path]
			if ok && o.Status != wipe.StatusRefused {
				t.Errorf("status %q, want %q", o.Status, wipe.StatusRefused)
			}
			if reason := o.Reason + trim(string(res.Stderr)); reason == "" {
				t.Error("refused without a reason")
			} else {
				t.Logf("refused: %s", reason)
			}

			got, found := findListed(list, cd, path)
			if !found {
				t.Fatalf("%s is not in list --json", path)
			}
			if !hasClass(got.Recommendations, devices.ClassDestroy) {
				t.Errorf("recommendations %+v offer no Destroy for a ROM disc", got.Recommendations)
			}
			op := got.Capabilities.Optical
			if op == nil {
				t.Fatalf("no optical capabilities (probe errors %v)", got.Capabilities.ProbeErrors)
			}
			if op.Media != devices.MediaROM {
				t.Errorf("media %q (profile %#x %s), want %q", op.Media, op.Profile, op.ProfileName, devices.MediaROM)
			}
			if op.VolumeLabel != cd.VolumeLabel {
				t.Errorf("volume label %q, want %q (probe errors %v)", op.VolumeLabel, cd.VolumeLabel, got.Capabilities.ProbeErrors)
			}
		})
	}
}
