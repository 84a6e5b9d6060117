package backup

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// shortFile is a FileSource whose one file is shorter than its listing says.
type shortFile struct{}

func (shortFile) Files(context.Context) ([]File, error) {
	return []File{{Path: "DCIM/a.jpg", Size: 10}}, nil
}

func (shortFile) Open(context.Context, File) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader("abc")), nil
}

// TestErrorsStated: a backup that cannot be made fails with an error that
// states its sentence (the job's record renders it in the reader's language),
// renders in English exactly as its Error text and in Traditional Chinese with
// every placeholder filled, and still wraps its cause for errors.Is.
func TestErrorsStated(t *testing.T) {
	keys := newKeys(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	image := func(size int64) wipe.Execution {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return wipe.Execution{Target: f, Job: wipe.Job{Device: devices.Device{Path: "/dev/sdz", SizeBytes: size},
			Options: wipe.Options{BackupDir: dir, BackupRecipient: keys.recipient}}}
	}
	tests := []struct {
		name string
		err  func() error
		id   msg.ID // the outermost sentence
		en   string
		zh   string
		is   error // a cause errors.Is must still find
	}{
		{"no recipient", func() error { _, err := checkOptions(Options{Dir: dir}); return err },
			msg.BackupNoRecipient, "no backup recipient", "未設定備份收件者", ErrNoRecipient},
		{"bad recipient", func() error { _, err := checkOptions(Options{Dir: dir, Recipient: "age1nope"}); return err },
			msg.BackupBadRecipient, `parse backup recipient "age1nope": `, `解析備份收件者 "age1nope"：`, nil},
		{"no folder", func() error { _, err := checkOptions(Options{Recipient: keys.recipient}); return err },
			msg.BackupNoFolder, "no backup folder given", "未指定備份資料夾", nil},
		{"folder missing", func() error {
			_, err := checkOptions(Options{Dir: filepath.Join(dir, "gone"), Recipient: keys.recipient})
			return err
		}, msg.BackupFolder, "backup folder: stat ", "備份資料夾：stat ", fs.ErrNotExist},
		{"not a folder", func() error { _, err := checkOptions(Options{Dir: file, Recipient: keys.recipient}); return err },
			msg.BackupNotFolder, "backup folder " + file + " is not a folder", "備份資料夾 " + file + " 不是資料夾", nil},
		{"size changed", func() error { _, err := newTestBackuper().Backup(context.Background(), image(4096)); return err },
			msg.BackupSizeChanged, "back up /dev/sdz: the device has 0 bytes, 4096 when selected", "備份 /dev/sdz：裝置現有 0 位元組，選取時為 4096", nil},
		{"no file transport", func() error {
			_, err := newTestBackuper().Backup(context.Background(), wipeExecutionForPhone(dir, keys.recipient))
			return err
		}, msg.BackupNoTransport, "this build cannot back up mtp devices", "本版本無法備份 mtp 裝置", nil},
		{"unsafe path", func() error { _, err := checkedPath("../etc"); return err },
			msg.BackupUnsafePath, `unsafe path "../etc"`, `不安全的路徑 "../etc"`, nil},
		{"file shorter than listed", func() error {
			_, err := newTestBackuper().BackupFiles(context.Background(), shortFile{}, devices.Device{Path: "mtp:x"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
			return err
		}, msg.BackupFailed, "back up mtp:x: back up DCIM/a.jpg: read 3 bytes, the listing said 10 (did the file change?)",
			"備份 mtp:x：備份 DCIM/a.jpg：讀取 3 位元組，清單列為 10（檔案是否已變更？）", nil},
		{"device read error", func() error { return &ReadError{Offset: 4096, Length: 512, Err: syscall.EIO} },
			msg.BackupReadAt, "read 512 bytes at offset 4096: input/output error", "於偏移 4096 讀取 512 位元組：input/output error", syscall.EIO},
	}
	left := regexp.MustCompile(`\{[1-9]\}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil {
				t.Fatal("no error")
			}
			m, ok := msg.AsMessage(err)
			if !ok || m.ID != tt.id {
				t.Fatalf("error %v states %v, want %s", err, m, tt.id)
			}
			en, zh := m.String(), m.In(msg.TraditionalChinese)
			if en != err.Error() || !strings.Contains(en, tt.en) {
				t.Errorf("English %q (error %q), want %q", en, err, tt.en)
			}
			if !strings.Contains(zh, tt.zh) || left.MatchString(zh) || left.MatchString(en) {
				t.Errorf("zh-TW %q, want %q", zh, tt.zh)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
		})
	}
}
