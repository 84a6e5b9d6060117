package wipe

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
)

// fakeReformatter answers at the Reformatter boundary; growTo plays the drive and
// the kernel together: the image file (0 bytes, as the kernel shows a 520-byte
// disk) takes the size the rescan would find.
type fakeReformatter struct {
	out    *ReformatOutcome
	err    error
	growTo int64
	called *bool
}

func (f fakeReformatter) Reformat(ctx context.Context, x Execution) (*ReformatOutcome, error) {
	*f.called = true
	if f.growTo > 0 {
		if err := os.Truncate(x.Target.Name(), f.growTo); err != nil {
			return nil, err
		}
	}
	return f.out, f.err
}

func TestReformatBeforeOverwrite(t *testing.T) {
	const blocks = 2047
	before := BlockGeometry{LogicalBlockBytes: 520, LogicalBlocks: 2016, ProtectionType: 2}
	done := &ReformatOutcome{Before: before, After: &BlockGeometry{LogicalBlockBytes: 512, LogicalBlocks: blocks}, SecurityInitializeRequested: true, SecurityInitialize: true}
	failed := &ReformatOutcome{Before: before, SecurityInitializeRequested: true, Sense: "MEDIUM ERROR, ASC/ASCQ 31h/00h (medium format corrupted)"}
	cases := []struct {
		name       string
		reformat   bool
		backup     bool
		none       bool // no Reformatter configured
		fake       fakeReformatter
		status     Status
		reason     string
		called     bool
		recorded   *ReformatOutcome
		finalBytes int64
	}{
		{name: "reformatted, then overwritten", reformat: true, fake: fakeReformatter{out: done, growTo: blocks * 512},
			status: StatusErased, called: true, recorded: done, finalBytes: blocks * 512},
		{name: "not asked", fake: fakeReformatter{out: done, growTo: blocks * 512},
			status: StatusFailed, reason: "size of 0 bytes"},
		{name: "the format fails", reformat: true, fake: fakeReformatter{out: failed, err: errors.New("the format failed")},
			status: StatusFailed, reason: "reformat before the overwrite: the format failed", called: true, recorded: failed},
		{name: "no reformatter", reformat: true, none: true,
			status: StatusFailed, reason: "no reformatter configured"},
		{name: "the kernel finds another size", reformat: true, fake: fakeReformatter{out: done, growTo: 1000 * 512},
			status: StatusRefused, reason: "expected 1048064", called: true, recorded: done, finalBytes: 1000 * 512},
		{name: "with a backup", reformat: true, backup: true, fake: fakeReformatter{out: done, growTo: blocks * 512},
			status: StatusRefused, reason: "cannot read the disk before the format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := filepath.Join(testutil.ScratchDir(t), "disk.img")
			if err := os.WriteFile(img, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			called := false
			tc.fake.called = &called
			dir := filepath.Join(testutil.ScratchDir(t), "records")
			cfg := RunnerConfig{System: devices.HostSystem(), RecordsDir: dir, ToolVersion: "test", Host: "testhost", Reformatter: tc.fake}
			if tc.none {
				cfg.Reformatter = nil
			}
			r := NewRunner(cfg)
			d := devices.Device{Path: img, Capabilities: devices.Capabilities{BlockFormat: &devices.BlockFormat{
				LogicalBlockBytes: 520, LogicalBlocks: 2016, ProtectionType: 2, NeedsReformat: true, FormatUnit: devices.Yes}}}
			opts := Options{AllowFile: true, Reformat: tc.reformat}
			if tc.backup {
				opts.BackupDir, opts.BackupRecipient = t.TempDir(), "age1x"
			}
			if _, err := r.Start(t.Context(), Job{Device: d, Method: "one", Options: opts}); err != nil {
				t.Fatal(err)
			}
			rec := checkRecordFile(t, resultOf(t, collect(t, r, 1)), dir)
			reason := ""
			if rec.Reason != nil {
				reason = rec.Reason.String()
			}
			if rec.Status != tc.status || !strings.Contains(reason, tc.reason) {
				t.Fatalf("status %s (%q), want %s (%q)", rec.Status, reason, tc.status, tc.reason)
			}
			if called != tc.called {
				t.Errorf("reformatter called %v, want %v", called, tc.called)
			}
			if got := rec.Sanitization.Reformat; (got == nil) != (tc.recorded == nil) || got != nil && got.Before != tc.recorded.Before {
				t.Errorf("reformat recorded %+v, want %+v", got, tc.recorded)
			}
			data, err := os.ReadFile(img)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(data)) != tc.finalBytes {
				t.Errorf("image is %d bytes, want %d", len(data), tc.finalBytes)
			}
			if tc.status == StatusErased && (bytes.Count(data, []byte{0xFF}) != len(data) || rec.BytesWritten != tc.finalBytes) {
				t.Errorf("wrote %d bytes; the image is not all 0xFF", rec.BytesWritten)
			}
			if tc.status != StatusErased && bytes.Count(data, []byte{0xFF}) > 0 {
				t.Error("the image was written although the job did not run")
			}
		})
	}
}
