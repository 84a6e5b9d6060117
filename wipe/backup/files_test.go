package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/wipe"
)

// memPhone is a phone's storage in memory: the bytes an MTP client would hand over.
type memPhone struct {
	files []File
	data  map[string][]byte
	// grow makes Open return more bytes than listed for that path.
	grow   string
	closed int
}

func (m *memPhone) Close() error { m.closed++; return nil }

func (m *memPhone) Files(ctx context.Context) ([]File, error) { return m.files, nil }

func (m *memPhone) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	b, ok := m.data[f.Path]
	if !ok {
		return nil, fmt.Errorf("open %s: no such object", f.Path)
	}
	if f.Path == m.grow {
		b = append(bytes.Clone(b), "more"...)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func newMemPhone() *memPhone {
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 123456789, time.UTC)
	m := &memPhone{data: map[string][]byte{}}
	add := func(p string, b []byte, age time.Duration) {
		m.files = append(m.files, File{Path: p, Size: int64(len(b)), ModTime: t0.Add(-age)})
		m.data[p] = b
	}
	m.files = append(m.files, File{Path: "Internal shared storage", Dir: true, ModTime: t0},
		File{Path: "Internal shared storage/DCIM", Dir: true, ModTime: t0.Add(-time.Hour)},
		File{Path: "Internal shared storage/DCIM/Camera", Dir: true, ModTime: t0.Add(-2 * time.Hour)},
		File{Path: "Internal shared storage/Download", Dir: true, ModTime: t0.Add(-3 * time.Hour)})
	add("Internal shared storage/DCIM/Camera/IMG_0001.jpg", content(7, segment{"random", 3*mib + 17}), time.Minute)
	add("Internal shared storage/DCIM/Camera/空白.raw", make([]byte, 6*mib), 2*time.Minute)
	add("Internal shared storage/Download/notes.txt", content(8, segment{"text", 5000}), 3*time.Minute)
	add("Internal shared storage/Download/empty", nil, 4*time.Minute)
	add("Internal shared storage/Download/"+strings.Repeat("long name ", 20)+".pdf", []byte("%PDF"), 5*time.Minute)
	m.files = append(m.files, File{Path: "SD card/Empty folder", Dir: true, ModTime: t0.Add(-4 * time.Hour)})
	return m
}

// TestFilesRoundTrip backs up a phone through the wipe.Backuper interface (Target
// nil), restores into a folder and compares every file and time.
func TestFilesRoundTrip(t *testing.T) {
	keys := newKeys(t)
	phone := newMemPhone()
	b := New(Config{Now: fixedClock, Phones: func(ctx context.Context, dev devices.Device) (FileSource, error) {
		if dev.Path != "mtp:/dev/bus/usb/001/004" {
			t.Errorf("phone opener got %q", dev.Path)
		}
		return phone, nil
	}})
	dir := t.TempDir()
	var events []wipe.Progress
	info, err := b.Backup(context.Background(), wipe.Execution{
		Job: wipe.Job{
			Device:  devices.Device{Path: "mtp:/dev/bus/usb/001/004", Name: "1-4", Kind: devices.KindPhone, Transport: devices.TransportMTP, Serial: "R58M1234", Model: "Galaxy A52"},
			Options: wipe.Options{BackupDir: dir, BackupRecipient: keys.recipient},
		},
		Progress: func(p wipe.Progress) { events = append(events, p) },
	})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !info.Verified || filepath.Base(info.Location) != "20261126T183005Z_R58M1234_Galaxy-A52.wsbk.age" {
		t.Errorf("backup info %+v", info)
	}
	if len(events) == 0 {
		t.Error("no progress reported")
	}
	if phone.closed != 1 {
		t.Errorf("the phone's source was closed %d times, want once", phone.closed)
	}

	out := filepath.Join(t.TempDir(), "restored")
	r := openArchive(t, info.Location, keys.identity)
	tr, err := RestoreFiles(context.Background(), r, out, nil)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if fmt.Sprintf("%x", tr.SHA256) != info.SHA256 || tr.SizeBytes != info.SizeBytes {
		t.Errorf("trailer %x of %d bytes, backup info %s of %d", tr.SHA256, tr.SizeBytes, info.SHA256, info.SizeBytes)
	}
	for _, f := range phone.files {
		p := filepath.Join(out, filepath.FromSlash(f.Path))
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		if !fi.ModTime().Equal(f.ModTime) {
			t.Errorf("%s: modified %v, want %v", f.Path, fi.ModTime(), f.ModTime)
		}
		if f.Dir != fi.IsDir() {
			t.Errorf("%s: directory %v, want %v", f.Path, fi.IsDir(), f.Dir)
		}
		if !f.Dir {
			got, _ := os.ReadFile(p)
			mustEqual(t, f.Path, got, phone.data[f.Path])
		}
	}
}

func TestFilesRefusals(t *testing.T) {
	keys := newKeys(t)
	tests := []struct {
		name    string
		phone   func() *memPhone
		wantMsg string
	}{
		{"path leaves the root", func() *memPhone {
			m := newMemPhone()
			m.files = append(m.files, File{Path: "../../etc/passwd", Size: 1})
			m.data["../../etc/passwd"] = []byte("x")
			return m
		}, `unsafe path "../../etc/passwd"`},
		{"file grew while read", func() *memPhone {
			m := newMemPhone()
			m.grow = "Internal shared storage/Download/notes.txt"
			return m
		}, "more than the 5000 bytes listed"},
		{"file shorter than listed", func() *memPhone {
			m := newMemPhone()
			m.files[5].Size++
			return m
		}, "read 6291456 bytes, the listing said 6291457"},
		{"file vanished", func() *memPhone {
			m := newMemPhone()
			delete(m.data, "Internal shared storage/Download/notes.txt")
			return m
		}, "no such object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := newTestBackuper().BackupFiles(context.Background(), tt.phone(), devices.Device{Path: "mtp:x"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantMsg)
			}
			if got := dirEntries(t, dir); len(got) > 0 {
				t.Errorf("backup folder holds %v after a failed backup", got)
			}
		})
	}
}

// TestRestoreFilesRefusals: a restore never writes outside its folder, into a
// folder that has files, or an archive of the other kind.
func TestRestoreFilesRefusals(t *testing.T) {
	keys := newKeys(t)
	fileInfo, err := newTestBackuper().BackupFiles(context.Background(), newMemPhone(), devices.Device{Path: "mtp:x"}, Options{Dir: t.TempDir(), Recipient: keys.recipient}, nil)
	if err != nil {
		t.Fatal(err)
	}
	imageInfo, _ := backupBytes(t, keys, content(1, segment{"text", 4096}))

	// A hand-made archive whose tar stream names ../escape.
	var tarStream bytes.Buffer
	{
		sw := &recordExtents{}
		w := newStreamWriter(sw)
		tw := tar.NewWriter(w)
		tw.WriteHeader(&tar.Header{Name: "../escape", Size: 1, Mode: 0o644, Typeflag: tar.TypeReg})
		tw.Write([]byte("x"))
		tw.Close()
		size, sum, _ := w.finish()
		s := newStream(t, KindFiles, 0)
		var n, total int64
		for _, e := range sw.got {
			s.extent(e.Offset, e.Data)
			n++
			total += int64(len(e.Data))
		}
		s.end(Trailer{SizeBytes: size, Extents: n, DataBytes: total, SHA256: sum})
		tarStream.Write(seal(t, s.b, keys.identity.Recipient()))
	}
	evil := filepath.Join(t.TempDir(), "evil.wsbk.age")
	if err := os.WriteFile(evil, tarStream.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		archive string
		dir     func(t *testing.T) string
		wantMsg string
	}{
		{"folder not empty", fileInfo.Location, func(t *testing.T) string {
			d := t.TempDir()
			os.WriteFile(filepath.Join(d, "keep"), nil, 0o600)
			return d
		}, "is not empty"},
		{"image archive", imageInfo.Location, func(t *testing.T) string { return t.TempDir() }, "not files"},
		{"path leaves the folder", evil, func(t *testing.T) string { return filepath.Join(t.TempDir(), "out") }, `unsafe path "../escape"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			r := openArchive(t, tt.archive, keys.identity)
			_, err := RestoreFiles(context.Background(), r, dir, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantMsg)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a file was written outside the folder")
			}
		})
	}
}
