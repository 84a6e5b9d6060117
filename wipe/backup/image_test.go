package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// recordExtents is an extentSink that keeps what it is given.
type recordExtents struct{ got []Extent }

func (r *recordExtents) WriteExtent(offset int64, data []byte) error {
	r.got = append(r.got, Extent{Offset: offset, Data: bytes.Clone(data)})
	return nil
}

func TestEmitExtents(t *testing.T) {
	blk := zeroBlockBytes
	tests := []struct {
		name string
		data []byte
		want [][2]int // offset, length
	}{
		{"all zero", make([]byte, 3*blk), nil},
		{"all data", bytes.Repeat([]byte{1}, 3*blk), [][2]int{{0, 3 * blk}}},
		{"data zero data", append(append(bytes.Repeat([]byte{1}, blk), make([]byte, blk)...), bytes.Repeat([]byte{2}, blk)...), [][2]int{{0, blk}, {2 * blk, blk}}},
		{"one byte in a block keeps the block", content(1, segment{"zero", blk}, segment{"byte", blk}, segment{"zero", blk}), [][2]int{{blk, blk}}},
		{"short non-zero tail", append(make([]byte, blk), 0, 0, 7), [][2]int{{blk, 3}}},
		{"short zero tail", append(bytes.Repeat([]byte{1}, blk), 0, 0, 0), [][2]int{{0, blk}}},
		{"empty", nil, nil},
		{"long run split at 1 MiB", bytes.Repeat([]byte{3}, 2*mib+5), [][2]int{{0, mib}, {mib, mib}, {2 * mib, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r recordExtents
			const base = 8 << 20
			if err := emitExtents(&r, base, tt.data); err != nil {
				t.Fatal(err)
			}
			if len(r.got) != len(tt.want) {
				t.Fatalf("got %d extents, want %d", len(r.got), len(tt.want))
			}
			for i, w := range tt.want {
				e := r.got[i]
				if e.Offset != base+int64(w[0]) || len(e.Data) != w[1] {
					t.Errorf("extent %d: offset %d length %d, want %d %d", i, e.Offset-base, len(e.Data), w[0], w[1])
				}
				if !bytes.Equal(e.Data, tt.data[w[0]:w[0]+w[1]]) {
					t.Errorf("extent %d: wrong data", i)
				}
			}
		})
	}
}

// TestImageRoundTripFile backs up in-memory images and restores them into new
// sparse files and over existing files full of other data (no root needed).
func TestImageRoundTripFile(t *testing.T) {
	keys := newKeys(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"mixed", content(1, mixedSegments...)},
		{"all zero", make([]byte, 9*mib+512)},
		{"all random", content(2, segment{"random", 5*mib + 512})},
		{"one sector", content(3, segment{"text", 512})},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, _ := backupBytes(t, keys, tt.data)
			sum := sha256.Sum256(tt.data)
			if info.SHA256 != hex.EncodeToString(sum[:]) || info.SizeBytes != int64(len(tt.data)) || !info.Verified {
				t.Fatalf("backup info %+v, want sha256 %x of %d bytes, verified", info, sum, len(tt.data))
			}
			for _, sparse := range []bool{true, false} {
				out := filepath.Join(t.TempDir(), "restored.img")
				if !sparse {
					// Leftovers of another medium: a restore that skipped the zero
					// regions would keep them.
					if err := os.WriteFile(out, bytes.Repeat([]byte{0xa5}, len(tt.data)+4096), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE, 0o600)
				if err != nil {
					t.Fatal(err)
				}
				r := openArchive(t, info.Location, keys.identity)
				if sparse {
					if err := f.Truncate(r.Header().Metadata.SizeBytes); err != nil {
						t.Fatal(err)
					}
				}
				tr, err := RestoreImage(context.Background(), r, f, sparse, nil)
				if err != nil {
					t.Fatalf("restore (sparse %v): %v", sparse, err)
				}
				f.Close()
				if tr.SHA256 != sum {
					t.Errorf("trailer digest %x, want %x", tr.SHA256, sum)
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				if !sparse {
					got = got[:min(len(got), len(tt.data))]
				}
				mustEqual(t, "restored file", got, tt.data)
			}
		})
	}
}

// TestLoopRoundTrip is the test: back up a real loop device through the
// wipe.Backuper interface, erase the device, restore onto it, compare byte for byte.
func TestLoopRoundTrip(t *testing.T) {
	keys := newKeys(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"mixed", content(10, mixedSegments...)},
		{"mostly zero", content(11, segment{"zero", 30 * mib}, segment{"text", 512}, segment{"zero", 2 * mib})},
		{"dense random", content(12, segment{"random", 12*mib + 512})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loop := loopWith(t, tt.data)
			dir := testutil.ScratchDir(t)
			target, err := os.OpenFile(loop.Path, os.O_RDWR|os.O_EXCL|syscall.O_DIRECT, 0)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var events []wipe.Progress
			x := wipe.Execution{
				Job: wipe.Job{
					Device:  devices.Device{Path: loop.Path, Name: loop.Name(), Model: "Loop Disk", Serial: "LOOP-0001", SizeBytes: int64(len(tt.data))},
					Options: wipe.Options{BackupDir: dir, BackupRecipient: keys.recipient},
				},
				Target: target,
				Progress: func(p wipe.Progress) {
					mu.Lock()
					events = append(events, p)
					mu.Unlock()
				},
			}
			info, err := newTestBackuper().Backup(context.Background(), x)
			target.Close()
			if err != nil {
				t.Fatalf("backup: %v", err)
			}
			sum := sha256.Sum256(tt.data)
			if info.SHA256 != hex.EncodeToString(sum[:]) || info.SizeBytes != int64(len(tt.data)) || !info.Verified {
				t.Fatalf("backup info %+v, want sha256 %x of %d bytes, verified", info, sum, len(tt.data))
			}
			if want := regexp.MustCompile(`^20261126T183005Z_LOOP-0001_Loop-Disk\.wsbk\.age$`); !want.MatchString(filepath.Base(info.Location)) {
				t.Errorf("archive name %s, want %s", filepath.Base(info.Location), want)
			}
			if got := dirEntries(t, dir); len(got) != 1 || got[0] != info.Location {
				t.Errorf("backup folder holds %v, want only %s", got, info.Location)
			}
			checkProgress(t, events, int64(len(tt.data)))

			// The wipe (the engine's job, done here by hand).
			writeDevice(t, loop.Path, make([]byte, len(tt.data)))
			if bytes.Equal(readDevice(t, loop.Path), tt.data) {
				t.Fatal("the device still holds the data after zeroing")
			}

			// Restore onto the device, zero regions written too.
			dev, err := os.OpenFile(loop.Path, os.O_RDWR|os.O_EXCL, 0)
			if err != nil {
				t.Fatal(err)
			}
			r := openArchive(t, info.Location, keys.identity)
			if _, err := RestoreImage(context.Background(), r, dev, false, nil); err != nil {
				t.Fatalf("restore: %v", err)
			}
			if err := dev.Sync(); err != nil {
				t.Fatal(err)
			}
			back, err := HashImage(context.Background(), dev, int64(len(tt.data)), nil)
			dev.Close()
			if err != nil || back != sum {
				t.Errorf("read back after restore: %x, %v; want %x", back, err, sum)
			}
			mustEqual(t, "device after restore", readDevice(t, loop.Path), tt.data)
		})
	}
}

func checkProgress(t *testing.T, events []wipe.Progress, size int64) {
	t.Helper()
	var sawCopy, sawCheck bool
	for _, p := range events {
		if p.Phase != wipe.PhaseBackup || p.BytesTotal != size || p.BytesDone > size || p.Passes != 2 {
			t.Fatalf("progress %+v, want phase backup of %d bytes in 2 passes", p, size)
		}
		sawCopy = sawCopy || (p.Pass == 1 && p.BytesDone == size)
		sawCheck = sawCheck || (p.Pass == 2 && p.BytesDone == size)
	}
	if !sawCopy || !sawCheck {
		t.Errorf("progress never reached the end of both passes: %+v", events)
	}
}

// failingReaderAt reads from data but fails with err from offset failAt on, and
// records whether it was read at all.
type failingReaderAt struct {
	data   []byte
	failAt int64
	err    error
	mu     sync.Mutex
	reads  int
}

func (f *failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	f.reads++
	f.mu.Unlock()
	if off+int64(len(p)) > f.failAt {
		n := max(0, int(f.failAt-off))
		copy(p[:n], f.data[off:])
		return n, f.err
	}
	return copy(p, f.data[off:]), nil
}

// TestBackupRefusals: every backup that cannot be made or checked fails with an
// error that says why, and leaves nothing in the backup folder.
func TestBackupRefusals(t *testing.T) {
	keys := newKeys(t)
	data := content(4, mixedSegments...)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		recipient string
		dir       func(t *testing.T) string
		src       *failingReaderAt
		wantErr   error
		wantMsg   string
		wantRead  bool
	}{
		{name: "no recipient", recipient: "", wantErr: ErrNoRecipient, wantMsg: "never written unencrypted"},
		{name: "bad recipient", recipient: "age1notakey", wantMsg: "parse backup recipient"},
		{name: "ssh key is not an age recipient", recipient: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN", wantMsg: "parse backup recipient"},
		{name: "no folder", recipient: keys.recipient, dir: func(t *testing.T) string { return filepath.Join(t.TempDir(), "missing") }, wantErr: os.ErrNotExist},
		{name: "read error", recipient: keys.recipient, src: &failingReaderAt{data: data, failAt: 13*mib + 512, err: syscall.EIO}, wantErr: syscall.EIO, wantMsg: "at offset 13632000", wantRead: true},
		{name: "device shorter than its size", recipient: keys.recipient, src: &failingReaderAt{data: data, failAt: 30 * mib, err: io.EOF}, wantErr: io.ErrUnexpectedEOF, wantMsg: "at offset 31457280", wantRead: true},
		{name: "canceled", ctx: canceled, recipient: keys.recipient, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.dir != nil {
				dir = tt.dir(t)
			}
			src := tt.src
			if src == nil {
				src = &failingReaderAt{data: data, failAt: int64(len(data)) + 1}
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			info, err := newTestBackuper().BackupImage(ctx, src, int64(len(data)), devices.Device{Path: "/dev/test"}, Options{Dir: dir, Recipient: tt.recipient}, nil)
			if err == nil {
				t.Fatalf("backup succeeded (%+v), want an error", info)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q, want %v", err, tt.wantErr)
			}
			if !regexp.MustCompile(regexp.QuoteMeta(tt.wantMsg)).MatchString(err.Error()) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
			if !tt.wantRead && src.reads > 0 {
				t.Errorf("the device was read %d times before the refusal", src.reads)
			}
			if _, serr := os.Stat(dir); serr == nil {
				if got := dirEntries(t, dir); len(got) > 0 {
					t.Errorf("backup folder holds %v after a failed backup", got)
				}
			}
		})
	}
}

// TestNoRecipientThroughBackuper: the wipe.Backuper entry point refuses up front
// too, for block devices and phones alike.
func TestNoRecipientThroughBackuper(t *testing.T) {
	b := New(Config{Phones: func(context.Context, devices.Device) (FileSource, error) {
		t.Fatal("the phone was opened before the refusal")
		return nil, nil
	}})
	target, err := os.CreateTemp(t.TempDir(), "img")
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	for _, tt := range []struct {
		name   string
		target *os.File
	}{{"image", target}, {"phone", nil}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := b.Backup(context.Background(), wipe.Execution{
				Job:    wipe.Job{Device: devices.Device{Path: "x"}, Options: wipe.Options{BackupDir: dir}},
				Target: tt.target,
			})
			if !errors.Is(err, ErrNoRecipient) {
				t.Fatalf("error %v, want ErrNoRecipient", err)
			}
			if got := dirEntries(t, dir); len(got) > 0 {
				t.Errorf("backup folder holds %v", got)
			}
		})
	}
}

func TestArchiveName(t *testing.T) {
	tests := []struct {
		name string
		dev  devices.Device
		want string
	}{
		{"serial and model", devices.Device{Serial: "S3Z9NB0K123456", Model: "Samsung SSD 860 EVO 500GB"}, "20261126T183005Z_S3Z9NB0K123456_Samsung-SSD-860-EVO-500GB.wsbk.age"},
		{"no serial", devices.Device{Name: "sdb", Path: "/dev/sdb"}, "20261126T183005Z_sdb.wsbk.age"},
		{"path only", devices.Device{Path: "/srv/img/disk.img"}, "20261126T183005Z_disk.img.wsbk.age"},
		{"slashes and dots", devices.Device{Serial: "../../etc", Model: "a/b"}, "20261126T183005Z_etc_a-b.wsbk.age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := archiveName(fixedClock(), tt.dev); got != tt.want {
				t.Errorf("archiveName = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenameNoReplace(t *testing.T) {
	dir := t.TempDir()
	var finals []string
	for i := range 3 {
		tmp := filepath.Join(dir, "tmp")
		if err := os.WriteFile(tmp, []byte{byte(i)}, 0o600); err != nil {
			t.Fatal(err)
		}
		final, err := renameNoReplace(tmp, dir, "a"+Extension)
		if err != nil {
			t.Fatal(err)
		}
		finals = append(finals, filepath.Base(final))
	}
	want := []string{"a.wsbk.age", "a-2.wsbk.age", "a-3.wsbk.age"}
	for i := range want {
		if finals[i] != want[i] {
			t.Errorf("archive %d named %s, want %s", i, finals[i], want[i])
		}
		b, _ := os.ReadFile(filepath.Join(dir, want[i]))
		if len(b) != 1 || b[0] != byte(i) {
			t.Errorf("%s holds %v, want [%d]: an archive was replaced", want[i], b, i)
		}
	}
}

// TestODirectOddSize: an image file opened with O_DIRECT (as the engine opens
// targets) whose size is not a multiple of the block is backed up whole: the last
// read asks for a whole block and keeps what the file has. ext4 (on a loop device
// of the test's own) enforces O_DIRECT's alignment; tmpfs does not.
func TestODirectOddSize(t *testing.T) {
	testutil.RequireCommand(t, "mkfs.ext4", "mount", "umount")
	loop := testutil.NewLoopDevice(t, 64*mib)
	testutil.Run(t, "mkfs.ext4", "-q", loop.Path)
	mnt := testutil.ScratchDir(t)
	testutil.Run(t, "mount", loop.Path, mnt)
	t.Cleanup(func() { testutil.Run(t, "umount", mnt) })

	data := content(6, segment{"random", 3 * mib}, segment{"zero", mib}, segment{"text", 100})
	path := filepath.Join(mnt, "odd.img")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_DIRECT, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := newKeys(t)
	info, err := newTestBackuper().BackupImage(context.Background(), f, int64(len(data)), devices.Device{Path: path}, Options{Dir: testutil.ScratchDir(t), Recipient: keys.recipient}, nil)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if sum := sha256.Sum256(data); info.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("digest %s, want %x", info.SHA256, sum)
	}
}

// cancelingReaderAt cancels its context once a read reaches offset at.
type cancelingReaderAt struct {
	data   []byte
	at     int64
	cancel context.CancelFunc
}

func (c *cancelingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= c.at {
		c.cancel()
	}
	return copy(p, c.data[off:]), nil
}

// TestBackupCanceledMidway: a job cancelled while the device is read ends with
// context.Canceled and leaves no archive, partial or not.
func TestBackupCanceledMidway(t *testing.T) {
	keys := newKeys(t)
	data := content(9, segment{"random", 24 * mib})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := testutil.ScratchDir(t)
	_, err := newTestBackuper().BackupImage(ctx, &cancelingReaderAt{data: data, at: 12 * mib, cancel: cancel}, int64(len(data)), devices.Device{Path: "/dev/test"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := dirEntries(t, dir); len(got) > 0 {
		t.Errorf("backup folder holds %v after a cancelled backup", got)
	}
}

// failingSink fails WriteExtent or Push with err.
type failingSink struct {
	failWrite, failPush bool
	err                 error
}

func (f *failingSink) WriteExtent(int64, []byte) error {
	if f.failWrite {
		return f.err
	}
	return nil
}

func (f *failingSink) Push() error {
	if f.failPush {
		return f.err
	}
	return nil
}

// TestCopyImageSinkErrors: a failing archive writer fails the copy, even on the
// very last chunk.
func TestCopyImageSinkErrors(t *testing.T) {
	data := content(60, segment{"text", 4096}, segment{"zero", 64 * mib})
	boom := errors.New("disk full")
	for _, tt := range []struct {
		name string
		sink *failingSink
	}{
		{"write", &failingSink{failWrite: true, err: boom}},
		{"push after the last chunk", &failingSink{failPush: true, err: boom}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := copyImage(context.Background(), bytes.NewReader(data), int64(len(data)), tt.sink, nil, &zeroHint{})
			if !errors.Is(err, boom) {
				t.Fatalf("error %v, want %v", err, boom)
			}
		})
	}
}
