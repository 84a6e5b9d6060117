package certificate

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// TestReformatRow: a SCSI FORMAT UNIT's geometry before and after, security
// initialize and the read-back are on the page in both languages, as poppler
// reads them.
func TestReformatRow(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext")
	c := testCertifier(t)
	used := &wipe.ReformatOutcome{
		Before:                      wipe.BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 7_501_476_528, ProtectionType: 2},
		After:                       &wipe.BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: 7_814_037_168},
		SecurityInitializeRequested: true, SecurityInitialize: true, ProgressPolls: 40, Samples: 2002, SampleSeed: 0x2a,
	}
	refused := *used
	refused.SecurityInitialize = false
	failed := *used
	failed.After, failed.SecurityInitialize, failed.Samples, failed.SampleSeed = nil, false, 0, 0
	cases := []struct {
		name string
		rec  func() *wipe.Record
		ro   *wipe.ReformatOutcome
		want []string
	}{
		{"English, SI used", erasedRecord, used, []string{"Block format (FORMAT UNIT)", "7,501,476,528 blocks of 520 bytes, protection type 2",
			"7,814,037,168 blocks of 512 bytes, no protection information", "security initialize: used"}},
		{"English, SI refused", erasedRecord, &refused, []string{"refused by the drive, formatted without"}},
		{"English, format failed", failedRecord, &failed, []string{"after: not read (the format did not complete)", "requested; the format did not complete"}},
		{"Chinese, SI used", chineseRecord, used, []string{"區塊格式 (FORMAT UNIT)", "保護類型 2", "無保護資訊", "安全初始化：已使用"}},
	}
	space := regexp.MustCompile(`\s+`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.rec()
			rec.Sanitization.MethodID, rec.Sanitization.MethodName = "scsi-format-unit", "SCSI Format Unit"
			rec.Sanitization.Reformat = tc.ro
			doc, err := c.Render(rec)
			if err != nil {
				t.Fatal(err)
			}
			text := space.ReplaceAllString(string(pdftotext(t, doc.PDF, "-raw")), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not on the page:\n%s", w, text)
				}
			}
		})
	}
}
