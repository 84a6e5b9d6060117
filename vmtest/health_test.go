package vmtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/internal/vmlab"
	"github.com/wipestation/wipestation/wipe"
)

// smartctlJSON is the part of `smartctl -x --json` (smartmontools 7.3) the test
// compares: the same facts wipestation reports, as another tool read them.
type smartctlJSON struct {
	Smartctl struct {
		ExitStatus int `json:"exit_status"`
	} `json:"smartctl"`
	SmartSupport *struct {
		Available bool `json:"available"`
	} `json:"smart_support"`
	SmartStatus *struct {
		Passed bool `json:"passed"`
	} `json:"smart_status"`
	Temperature *struct {
		Current int `json:"current"`
	} `json:"temperature"`
	PowerOnTime *struct {
		Hours uint64 `json:"hours"`
	} `json:"power_on_time"`
	ATAAttributes *struct {
		Table []struct {
			ID     uint8 `json:"id"`
			Value  uint8 `json:"value"`
			Worst  uint8 `json:"worst"`
			Thresh uint8 `json:"thresh"`
			Raw    struct {
				Value uint64 `json:"value"`
			} `json:"raw"`
		} `json:"table"`
	} `json:"ata_smart_attributes"`
	NVMeLog *struct {
		CriticalWarning  uint8  `json:"critical_warning"`
		Temperature      int    `json:"temperature"`
		AvailableSpare   uint8  `json:"available_spare"`
		PercentageUsed   uint8  `json:"percentage_used"`
		DataUnitsRead    uint64 `json:"data_units_read"`
		DataUnitsWritten uint64 `json:"data_units_written"`
		PowerCycles      uint64 `json:"power_cycles"`
		PowerOnHours     uint64 `json:"power_on_hours"`
		UnsafeShutdowns  uint64 `json:"unsafe_shutdowns"`
		MediaErrors      uint64 `json:"media_errors"`
	} `json:"nvme_smart_health_information_log"`
}

// TestHealthMatchesSmartctl is issue 15's cross-check: for QEMU's SATA (ide-hd on
// AHCI) and NVMe drives, the health `wipestation list --json` reports, read by
// wipestation itself through ATA PASS-THROUGH and the NVMe admin ioctl, equals
// what Debian's smartctl reports for the same drives in the same guest.
func TestHealthMatchesSmartctl(t *testing.T) {
	devs := vmlab.Pick("nvme0", "sata0", "scsi0", "stick0")
	for i := range devs {
		devs[i].SizeBytes = 16 << 20
	}
	run := vmlab.Boot(t, vmlab.Config{
		Devices:      devs,
		Wipestation:  true,
		HostBinaries: []string{"smartctl"},
		Script: `
ws_run smart-sata0 smartctl -x --json=c "$(ws_dev sata0)"
ws_run smart-nvme0 smartctl -x --json=c "$(ws_dev nvme0)"
ws_run smart-scsi0 smartctl -x --json=c "$(ws_dev scsi0)"
ws_run smart-stick0 smartctl -x --json=c "$(ws_dev stick0)"
ws_run list wipestation list --json
ws_run wipe-nvme0 wipestation wipe --method zero --yes --json "$(ws_dev nvme0)"
ws_run smart-nvme0-after smartctl -x --json=c "$(ws_dev nvme0)"
ws_sh record 'cat /var/lib/wipestation/records/*.json'
ws_sh certificate 'base64 /var/lib/wipestation/certificates/*.pdf'
`,
	})
	byPath := map[string]devices.Device{}
	for _, d := range listDevices(t, run.Result(t, "list")) {
		byPath[d.Path] = d
	}
	// QEMU's SCSI disk (virtio-scsi) and USB stick have no log pages and no ATA
	// pass-through: both tools must find nothing.
	for _, id := range []string{"scsi0", "stick0"} {
		t.Run(id, func(t *testing.T) {
			sc, res, d := bothViews(t, run, byPath, id)
			h := d.Health
			if h == nil || h.State == health.Available || h.Overall != health.Unknown || h.PowerOnHours != nil || h.TemperatureCelsius != nil {
				t.Errorf("health %+v: want nothing available", h)
			}
			// smartctl prints a temperature of 0 when it read none, and for the
			// stick only "Unknown USB bridge".
			if (sc.SmartSupport != nil && sc.SmartSupport.Available) || sc.SmartStatus != nil ||
				(sc.Temperature != nil && sc.Temperature.Current != 0) || sc.PowerOnTime != nil {
				t.Errorf("smartctl found health wipestation did not: support %+v status %+v temperature %+v power-on %+v\n%s",
					sc.SmartSupport, sc.SmartStatus, sc.Temperature, sc.PowerOnTime, res.Stdout)
			}
		})
	}
	for _, id := range []string{"sata0", "nvme0"} {
		t.Run(id, func(t *testing.T) {
			sc, _, d := bothViews(t, run, byPath, id)
			h := d.Health
			if h == nil || h.State != health.Available {
				t.Fatalf("health %+v: want available (probe errors %v)", h, d.Capabilities.ProbeErrors)
			}
			t.Logf("wipestation: overall %s, %v h, %v °C, %v %% used; smartctl exit status %d", h.Overall,
				deref(h.PowerOnHours), deref(h.TemperatureCelsius), deref(h.PercentageUsed), sc.Smartctl.ExitStatus)
			if sc.SmartStatus == nil {
				t.Errorf("smartctl gave no overall assessment")
			} else if want := map[bool]health.Assessment{true: health.Passed, false: health.Failing}[sc.SmartStatus.Passed]; h.Overall != want {
				t.Errorf("overall %s, smartctl says %s", h.Overall, want)
			}
			if sc.PowerOnTime == nil || h.PowerOnHours == nil || *h.PowerOnHours != sc.PowerOnTime.Hours {
				t.Errorf("power-on hours %v, smartctl %+v", deref(h.PowerOnHours), sc.PowerOnTime)
			}
			if sc.Temperature == nil || h.TemperatureCelsius == nil || *h.TemperatureCelsius != sc.Temperature.Current {
				t.Errorf("temperature %v °C, smartctl %+v", deref(h.TemperatureCelsius), sc.Temperature)
			}
			switch id {
			case "sata0":
				checkATAAgainstSmartctl(t, h, sc)
			case "nvme0":
				checkNVMeAgainstSmartctl(t, h, sc)
				checkRecordHealth(t, run, d)
			}
		})
	}
}

// checkRecordHealth: the record of a job carries the health read before the job
// started. The zero fill writes 16 MiB, which smartctl sees afterwards as more
// data units written; the record keeps the count from before.
// bothViews is what smartctl printed for lab device id (and its raw result) and
// what list --json said of it.
func bothViews(t *testing.T, run *vmlab.Run, byPath map[string]devices.Device, id string) (smartctlJSON, vmlab.Result, devices.Device) {
	t.Helper()
	res := run.Result(t, "smart-"+id)
	var sc smartctlJSON
	if err := json.Unmarshal(res.Stdout, &sc); err != nil {
		t.Fatalf("smartctl -x --json: exit %d, not JSON: %v\n%s\n%s", res.ExitCode, err, res.Stdout, res.Stderr)
	}
	d, ok := byPath[run.Paths[id]]
	if !ok {
		t.Fatalf("%s (%s) is not in list --json", id, run.Paths[id])
	}
	return sc, res, d
}

func checkRecordHealth(t *testing.T, run *vmlab.Run, listed devices.Device) {
	t.Helper()
	if res := run.Result(t, "wipe-nvme0"); res.ExitCode != 0 {
		t.Fatalf("zero fill: exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	var rec wipe.Record
	if err := json.Unmarshal(run.Result(t, "record").Stdout, &rec); err != nil {
		t.Fatalf("the job's record: %v", err)
	}
	h := rec.Device.Health
	if h == nil || h.NVMe == nil || listed.Health == nil || listed.Health.NVMe == nil {
		t.Fatalf("record health %+v, listed %+v: want the NVMe log on both", h, listed.Health)
	}
	var after smartctlJSON
	if err := json.Unmarshal(run.Result(t, "smart-nvme0-after").Stdout, &after); err != nil || after.NVMeLog == nil {
		t.Fatalf("smartctl after the job: %v", err)
	}
	if h.NVMe.DataUnitsWritten != listed.Health.NVMe.DataUnitsWritten || after.NVMeLog.DataUnitsWritten <= h.NVMe.DataUnitsWritten {
		t.Errorf("data units written: record %d, before the job %d, smartctl after it %d: the record must hold the count from before",
			h.NVMe.DataUnitsWritten, listed.Health.NVMe.DataUnitsWritten, after.NVMeLog.DataUnitsWritten)
	}
	// The certificate the guest issued, read back on the host with pdftotext.
	testutil.RequireCommand(t, "pdftotext")
	pdf, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(run.Result(t, "certificate").Stdout)), ""))
	if err != nil {
		t.Fatalf("the job's certificate: %v", err)
	}
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Drive health (as the drive reported it before the job)",
		"Self-assessment Passed (NVMe SMART/Health log)",
		fmt.Sprintf("Power-on hours %d h", *h.PowerOnHours),
		fmt.Sprintf("Temperature %d °C", *h.TemperatureCelsius),
		fmt.Sprintf("Wear %d %% of the rated endurance used", *h.PercentageUsed),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, out)
		}
	}
}

func checkATAAgainstSmartctl(t *testing.T, h *health.Report, sc smartctlJSON) {
	t.Helper()
	if h.Source != health.SourceATA || h.ATA == nil {
		t.Fatalf("source %s, want ata", h.Source)
	}
	if sc.ATAAttributes == nil || len(sc.ATAAttributes.Table) == 0 {
		t.Fatal("smartctl listed no SMART attributes")
	}
	if len(h.ATA.Attributes) != len(sc.ATAAttributes.Table) {
		t.Errorf("%d attributes, smartctl %d", len(h.ATA.Attributes), len(sc.ATAAttributes.Table))
	}
	for _, want := range sc.ATAAttributes.Table {
		got, ok := h.ATA.Attribute(want.ID)
		if !ok {
			t.Errorf("attribute %d missing (smartctl has it)", want.ID)
			continue
		}
		if got.Value != want.Value || got.Worst != want.Worst || got.Raw != want.Raw.Value ||
			got.Threshold == nil || *got.Threshold != want.Thresh {
			t.Errorf("attribute %d: value %d worst %d raw %d threshold %v; smartctl %+v", want.ID,
				got.Value, got.Worst, got.Raw, deref(got.Threshold), want)
		}
	}
	if a, ok := h.ATA.Attribute(health.AttrReallocated); ok && (h.ATA.ReallocatedSectors == nil || *h.ATA.ReallocatedSectors != a.Raw&0xFFFF) {
		t.Errorf("reallocated sectors %v, attribute 5 raw %d", deref(h.ATA.ReallocatedSectors), a.Raw)
	}
}

func checkNVMeAgainstSmartctl(t *testing.T, h *health.Report, sc smartctlJSON) {
	t.Helper()
	if h.Source != health.SourceNVMe || h.NVMe == nil {
		t.Fatalf("source %s, want nvme", h.Source)
	}
	s := sc.NVMeLog
	if s == nil {
		t.Fatal("smartctl printed no NVMe SMART/Health log")
	}
	n := h.NVMe
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"critical warning", n.CriticalWarning, s.CriticalWarning},
		{"temperature", deref(h.TemperatureCelsius), s.Temperature},
		{"available spare", n.AvailableSpare, s.AvailableSpare},
		{"percentage used", deref(h.PercentageUsed), int(s.PercentageUsed)},
		{"data units read", n.DataUnitsRead, s.DataUnitsRead},
		{"data units written", n.DataUnitsWritten, s.DataUnitsWritten},
		{"power cycles", n.PowerCycles, s.PowerCycles},
		{"power-on hours", n.PowerOnHours, s.PowerOnHours},
		{"unsafe shutdowns", n.UnsafeShutdowns, s.UnsafeShutdowns},
		{"media errors", n.MediaErrors, s.MediaErrors},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, smartctl %v", c.what, c.got, c.want)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
