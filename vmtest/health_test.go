package vmtest

import (
	"encoding/json"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/internal/vmlab"
)

// smartctlJSON is the part of `smartctl -x --json` (smartmontools 7.3) the test
// compares: the same facts wipestation reports, as another tool read them.
type smartctlJSON struct {
	Smartctl struct {
		ExitStatus int `json:"exit_status"`
	} `json:"smartctl"`
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
	devs := vmlab.Pick("nvme0", "sata0")
	run := vmlab.Boot(t, vmlab.Config{
		Devices:      devs,
		Wipestation:  true,
		HostBinaries: []string{"smartctl"},
		Script: `
ws_run smart-sata0 smartctl -x --json=c "$(ws_dev sata0)"
ws_run smart-nvme0 smartctl -x --json=c "$(ws_dev nvme0)"
ws_run list wipestation list --json
`,
	})
	byPath := map[string]devices.Device{}
	for _, d := range listDevices(t, run.Result(t, "list")) {
		byPath[d.Path] = d
	}
	for _, id := range []string{"sata0", "nvme0"} {
		t.Run(id, func(t *testing.T) {
			res := run.Result(t, "smart-"+id)
			var sc smartctlJSON
			if err := json.Unmarshal(res.Stdout, &sc); err != nil {
				t.Fatalf("smartctl -x --json: exit %d, not JSON: %v\n%s\n%s", res.ExitCode, err, res.Stdout, res.Stderr)
			}
			d, ok := byPath[run.Paths[id]]
			if !ok {
				t.Fatalf("%s (%s) is not in list --json", id, run.Paths[id])
			}
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
			}
		})
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
