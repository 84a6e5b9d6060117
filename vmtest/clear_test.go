package vmtest

import (
	"os"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// TestClearEveryTransport wipes one disk of every transport in one batch with the
// `clear` alias: each device gets the Clear its recommendation names (nist-usb on
// USB sticks; here also UAS, nvme-format on the NVMe, nist-clear elsewhere), written through the real drivers (nvme,
// libata, usb-storage, uas, virtio-scsi) with the engine's direct I/O, and read back.
// Every job must end erased and verified with exit code 0, and the host image must
// hold what the method wrote: the 0x55/0xAA passes end as all 0xAA, a random pass
// leaves no trace of the 0xA5 the image was filled with.
func TestClearEveryTransport(t *testing.T) {
	const fill = 0xA5
	devs := vmlab.Pick("nvme0", "sata0", "stick0", "bot0", "uas0", "scsi0")
	var paths []string
	for i := range devs {
		devs[i].Fill = fill
		devs[i].SizeBytes = 32 << 20
		paths = append(paths, `"$(ws_dev `+devs[i].ID+`)"`)
	}
	run := vmlab.Boot(t, vmlab.Config{
		Devices:     devs,
		Wipestation: true,
		Script:      `WS_TIMEOUT=400 ws_run clear wipestation wipe --method clear --yes --json ` + strings.Join(paths, " "),
	})
	res := run.Result(t, "clear")
	if res.ExitCode != 0 {
		t.Errorf("wipe --method clear: exit code %d, want 0; stderr %s", res.ExitCode, res.Stderr)
	}
	results := wipeResults(t, res.Stdout)
	for _, d := range devs {
		t.Run(d.ID, func(t *testing.T) {
			o, ok := results[run.Paths[d.ID]]
			if !ok {
				t.Fatalf("no result for %s", run.Paths[d.ID])
			}
			t.Logf("%s %s: %s, verified %v", d.ID, run.Paths[d.ID], o.Method, o.Verified)
			if o.Status != wipe.StatusErased || !o.Verified {
				t.Errorf("status %q verified %v reason %q, want erased and verified", o.Status, o.Verified, o.Reason)
			}
			if (d.Kind == vmlab.KindUSBStick || d.Kind == vmlab.KindUSBBot) && o.Method != "nist-usb" {
				t.Errorf("method %q, want nist-usb for a USB stick", o.Method)
			}
			switch o.Method {
			case "nist-usb":
				requireAllBytes(t, run, d.ID, 0xAA)
			case "zero", "nvme-format":
				requireAllBytes(t, run, d.ID, 0)
			case "nist-clear", "random":
				data, err := os.ReadFile(run.Image(d.ID))
				if err != nil {
					t.Fatal(err)
				}
				same := 0
				for _, b := range data {
					if b == fill {
						same++
					}
				}
				// A random stream has 1 byte in 256 equal to any value; the fill
				// left in place would be 100%.
				if frac := float64(same) / float64(len(data)); frac > 0.01 {
					t.Errorf("%.1f%% of the image still holds the fill byte %#02x after a random pass", 100*frac, fill)
				}
			default:
				t.Errorf("method %q: the test does not know what it leaves on the medium", o.Method)
			}
		})
	}
}
