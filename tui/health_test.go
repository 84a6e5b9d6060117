package tui

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices/health"
)

// TestDetailsShowHealth: the details screen shows what the drive said about
// itself, says "not available" when it gave nothing, and adds nothing for a device
// whose health was not asked.
func TestDetailsShowHealth(t *testing.T) {
	hours, temp, used := uint64(26280), 48, 112
	failing := &health.Report{Source: health.SourceNVMe, State: health.Available, Overall: health.Failing,
		PowerOnHours: &hours, TemperatureCelsius: &temp, PercentageUsed: &used,
		NVMe: &health.NVMeHealth{CriticalWarning: 0x0C, MediaErrors: 2, UnsafeShutdowns: 7, DataUnitsWritten: 99}}
	nothing := &health.Report{Source: health.SourceSCSI, State: health.Unsupported, Overall: health.Unknown}
	for _, tc := range []struct {
		name    string
		report  *health.Report
		want    []string
		notWant []string
	}{
		{"failing nvme", failing, []string{"Health (nvme)", "FAILING", "26280 h · 48 °C", "112 % of rated endurance used",
			"critical warning 0Ch · media errors 2 · unsafe shutdowns 7", "99 data units written"}, nil},
		{"bridge gave nothing", nothing, []string{"Health (scsi)", "not available"}, []string{"Power-on"}},
		{"not asked", nil, nil, []string{"Health", "Self-assessment"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := nvme
			d.Health = tc.report
			v := &detailsView{page: page{width: 200, height: 100}}
			v.show(d)
			text := strings.Join(v.lines(DefaultStyles()), "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("details lack %q:\n%s", w, text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("details show %q:\n%s", w, text)
				}
			}
		})
	}
}
