package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// runJob runs one job on the real engine with this package's Backuper and returns
// its result and the phases it went through.
func runJob(t *testing.T, job wipe.Job) (*wipe.Record, []wipe.Phase) {
	t.Helper()
	r := wipe.NewRunner(wipe.RunnerConfig{
		System:      devices.HostSystem(),
		RecordsDir:  filepath.Join(testutil.ScratchDir(t), "records"),
		Backup:      newTestBackuper(),
		ToolVersion: "test",
		Host:        "testhost",
	})
	if _, err := r.Start(t.Context(), job); err != nil {
		t.Fatal(err)
	}
	var phases []wipe.Phase
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case ev := <-r.Events():
			if ev.Type == wipe.EventPhase && ev.Progress != nil {
				phases = append(phases, ev.Progress.Phase)
			}
			if ev.Type == wipe.EventResult {
				r.Wait()
				return ev.Result, phases
			}
		case <-timeout:
			t.Fatal("no result within 2 minutes")
		}
	}
}

// TestEngineBackupWipeRestore is the round trip on the real engine: a job
// with --backup backs the loop device up, erases it, and the archive restores the
// device byte for byte. A backup that cannot be made fails the job with nothing
// erased.
func TestEngineBackupWipeRestore(t *testing.T) {
	testutil.RequireRoot(t)
	keys := newKeys(t)
	data := content(30, mixedSegments...)
	sum := sha256.Sum256(data)
	tests := []struct {
		name      string
		recipient string
		dir       func(t *testing.T) string
		wantErase bool
		wantWhy   string
		// wantZH is what the reason says in Traditional Chinese.
		wantZH string
	}{
		{"backup then wipe", keys.recipient, func(t *testing.T) string { return testutil.ScratchDir(t) }, true, "", ""},
		{"no recipient", "", func(t *testing.T) string { return testutil.ScratchDir(t) }, false, "no backup recipient", "未設定備份收件者"},
		{"no backup folder", keys.recipient, func(t *testing.T) string { return filepath.Join(testutil.ScratchDir(t), "gone") }, false, "backup folder", "備份資料夾："},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loop := loopWith(t, data)
			dir := tt.dir(t)
			rec, phases := runJob(t, wipe.Job{
				// No serial: a loop device has none, and one given at selection
				// that cannot be read again refuses the job (devices.OpenForWipe).
				Device:  devices.Device{Path: loop.Path, Name: loop.Name(), Model: "Loop"},
				Method:  "zero",
				Options: wipe.Options{Verify: wipe.VerifyLast, BackupDir: dir, BackupRecipient: tt.recipient},
			})
			after := readDevice(t, loop.Path)
			if !tt.wantErase {
				if rec.Status != wipe.StatusFailed || rec.Reason == nil || !strings.Contains(rec.Reason.String(), tt.wantWhy) {
					t.Fatalf("status %s, reason %v; want failed saying %q", rec.Status, rec.Reason, tt.wantWhy)
				}
				if zh := rec.Reason.In(msg.TraditionalChinese); !strings.Contains(zh, tt.wantZH) || !strings.Contains(zh, "備份 "+loop.Path) {
					t.Errorf("zh-TW reason %q, want %q", zh, tt.wantZH)
				}
				mustEqual(t, "device after a failed backup", after, data)
				if es, err := os.ReadDir(dir); err == nil && len(es) > 0 {
					t.Errorf("backup folder holds %d entries", len(es))
				}
				return
			}
			if rec.Status != wipe.StatusErased {
				t.Fatalf("status %s: %s", rec.Status, rec.Reason)
			}
			if len(phases) == 0 || phases[0] != wipe.PhaseBackup {
				t.Errorf("phases %v, want the backup first", phases)
			}
			b := rec.Backup
			if b == nil || !b.Verified || b.SHA256 != hex.EncodeToString(sum[:]) || b.SizeBytes != int64(len(data)) || rec.Details.DataBackedUp != "Yes" || rec.Details.BackupLocation != b.Location {
				t.Fatalf("record backup %+v, details %q %q", b, rec.Details.DataBackedUp, rec.Details.BackupLocation)
			}
			if !bytes.Equal(after, make([]byte, len(data))) {
				t.Fatal("the device was not erased")
			}

			dev, err := os.OpenFile(loop.Path, os.O_RDWR|os.O_EXCL, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer dev.Close()
			if _, err := RestoreImage(context.Background(), openArchive(t, b.Location, keys.identity), dev, false, nil); err != nil {
				t.Fatalf("restore: %v", err)
			}
			dev.Sync()
			mustEqual(t, "device after restore", readDevice(t, loop.Path), data)
		})
	}
}
