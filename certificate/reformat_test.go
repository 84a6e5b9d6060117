package certificate

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
	"github.com/wipestation/wipestation/wipe/firmware"
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
			"7,814,037,168 blocks of 512 bytes, no protection information", "security initialize: used", "2002 samples, seed 000000000000002a"}},
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

// TestZHReformatReasons runs `wipe --reformat` jobs through the Runner with the
// production Reformatter against a simulated SAS disk (an empty image file plays
// the kernel's view of a 520-byte disk) and checks that the zh-TW page renders
// the reason each writes.
func TestZHReformatReasons(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(*simdrive.SCSI)
		backup bool
	}{
		{name: "the format fails", setup: func(d *simdrive.SCSI) { d.Behavior.FailMidway = true }},
		{name: "block length refused", setup: func(d *simdrive.SCSI) { d.Format.BlockLengths = []uint32{520} }},
		{name: "the kernel keeps the old size"},
		{name: "with a backup", backup: true},
	}
	l := traditionalChinese()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20/520*520, 520, 3), Format: simdrive.ScsiFormat{Supported: true}}
			if tc.setup != nil {
				tc.setup(d)
			}
			dev := devices.Device{Path: filepath.Join(t.TempDir(), "disk.img"), Kind: devices.KindDisk, Transport: devices.TransportSAS}
			if err := os.WriteFile(dev.Path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			devices.ProbeSCSI(context.Background(), d, &dev)
			r := wipe.NewRunner(wipe.RunnerConfig{RecordsDir: filepath.Join(t.TempDir(), "records"), ToolVersion: "test", Host: "desk-01",
				Reformatter: firmware.Reformatter{Port: func(*os.File) firmware.SCSI { return d }, PollInterval: time.Millisecond}})
			opts := wipe.Options{AllowFile: true, Reformat: true}
			if tc.backup {
				opts.BackupDir, opts.BackupRecipient = t.TempDir(), "age1x"
			}
			if _, err := r.Start(context.Background(), wipe.Job{Device: dev, Method: "zero", Options: opts}); err != nil {
				t.Fatal(err)
			}
			var rec *wipe.Record
			for ev := range r.Events() {
				if ev.Type == wipe.EventResult {
					rec = ev.Result
					break
				}
			}
			r.Wait()
			if rec.Status.Sanitized() || rec.Reason == "" {
				t.Fatalf("status %s, reason %q", rec.Status, rec.Reason)
			}
			if m := untranslated(l.translate(rec.Reason)); m != "" {
				t.Errorf("English left on the zh-TW page (%q):\n  recorded: %s\n  rendered: %s", m, rec.Reason, l.translate(rec.Reason))
			}
		})
	}
}
