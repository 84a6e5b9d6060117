package certificate

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

func u64(v uint64) *uint64 { return &v }
func intp(v int) *int      { return &v }

// TestHealthOnCertificate reads the health summary back with pdftotext, in both
// languages: an SSD's wear and hours, a failing NVMe drive's warning, a bridge that
// gave nothing ("not available"), and no health section at all on a record
// without health (old records draw as before).
func TestHealthOnCertificate(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	c := testCertifier(t)
	nvmeFailing := &health.Report{Source: health.SourceNVMe, State: health.Available, Overall: health.Failing,
		PowerOnHours: u64(26280), TemperatureCelsius: intp(48), PercentageUsed: intp(112),
		NVMe: &health.NVMeHealth{CriticalWarning: 0x0C, MediaErrors: 2, AvailableSpare: 4, AvailableSpareThreshold: 10}}
	ataSSD := &health.Report{Source: health.SourceATA, State: health.Available, Overall: health.Passed,
		PowerOnHours: u64(291), TemperatureCelsius: intp(36),
		WearLevelling: &health.ATAAttribute{ID: 177, Value: 95},
		ATA:           &health.ATAHealth{AttributesState: health.Available, ReallocatedSectors: u64(2), PendingSectors: u64(1)}}
	bridge := &health.Report{Source: health.SourceSCSI, State: health.Unsupported, Overall: health.Unknown}

	with := func(rec *wipe.Record, h *health.Report) *wipe.Record {
		rec.Device.Health = h
		return rec
	}
	cases := []struct {
		name    string
		rec     *wipe.Record
		want    []string
		notWant []string
	}{
		{"nvme failing, en", with(erasedRecord(), nvmeFailing), []string{
			"Drive health (as the drive reported it before the job)",
			"Self-assessment", "FAILING (NVMe SMART/Health log, critical warning 0Ch)",
			"Power-on hours", "26280 h", "48 °C", "112 % of the rated endurance used",
			"media and data integrity errors 2; available spare 4 % (threshold 10 %)",
		}, nil},
		{"ata ssd, zh-TW", with(chineseWipeRecord(), ataSSD), []string{
			"硬碟健康狀態", "通過 (ATA SMART)", "291 小時", "36 °C", "屬性 177 正規化值 95",
			"重新配置磁區 2，待處理磁區 1，無法修正磁區 無法取得",
		}, []string{"Passed"}},
		{"bridge gave nothing, en", with(erasedRecord(), bridge), []string{
			"Self-assessment", "Not available (the drive or its bridge gave nothing)",
		}, []string{"Power-on hours", "Temperature"}},
		{"no health recorded", erasedRecord(), nil, []string{"Drive health", "Self-assessment"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Render(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			text := squash(string(pdftotext(t, doc.PDF, "-raw")))
			for _, w := range tc.want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("certificate lacks %q:\n%s", w, pdftotext(t, doc.PDF))
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, squash(w)) {
					t.Errorf("certificate shows %q", w)
				}
			}
		})
	}
}
