package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/mtp/mtptest"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe/backup"
)

// backupFixture is an organization key pair, a source image and a backup folder.
type backupFixture struct {
	recipient, keyFile string
	image              []byte
	imagePath, dir     string
	emptyConfig        string
}

func newBackupFixture(t *testing.T) backupFixture {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	fx := backupFixture{recipient: id.Recipient().String(), keyFile: filepath.Join(tmp, "org.key"), dir: filepath.Join(tmp, "backups"), imagePath: filepath.Join(tmp, "disk.img")}
	if err := os.WriteFile(fx.keyFile, []byte("# test key\n"+id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fx.emptyConfig = filepath.Join(tmp, "config.toml")
	if err := os.WriteFile(fx.emptyConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(fx.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Random, text and zero runs, 6 MiB + 1 KiB.
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]byte, 6<<20+1024)
	for i := range 1 << 20 {
		img[i] = byte(rng.Uint32())
	}
	copy(img[3<<20:], bytes.Repeat([]byte("lorem ipsum "), 10000))
	img[len(img)-1] = 1
	fx.image = img
	if err := os.WriteFile(fx.imagePath, img, 0o600); err != nil {
		t.Fatal(err)
	}
	return fx
}

// create backs up fx's image and returns the archive's path.
func (fx backupFixture) create(t *testing.T) string {
	t.Helper()
	if code := run([]string{"backup", "create", fx.imagePath, "--allow-file", "--to", fx.dir, "--recipient", fx.recipient}); code != exitOK {
		t.Fatalf("backup create exited %d", code)
	}
	m, _ := filepath.Glob(filepath.Join(fx.dir, "*.wsbk.age"))
	if len(m) != 1 {
		t.Fatalf("backup folder holds %v, want one archive", m)
	}
	return m[0]
}

func TestBackupCLI(t *testing.T) {
	fx := newBackupFixture(t)
	archive := fx.create(t)
	other, _ := age.GenerateX25519Identity()
	otherKey := filepath.Join(t.TempDir(), "other.key")
	os.WriteFile(otherKey, []byte(other.String()+"\n"), 0o600)
	damaged := filepath.Join(t.TempDir(), "damaged.wsbk.age")
	b, _ := os.ReadFile(archive)
	b[len(b)/2] ^= 0x80
	os.WriteFile(damaged, b, 0o600)
	truncated := filepath.Join(t.TempDir(), "truncated.wsbk.age")
	os.WriteFile(truncated, b[:len(b)-100], 0o600)
	existing := func(t *testing.T) string {
		p := filepath.Join(t.TempDir(), "existing.img")
		os.WriteFile(p, bytes.Repeat([]byte{0xee}, len(fx.image)+512), 0o600)
		return p
	}
	fresh := func(t *testing.T) string { return filepath.Join(t.TempDir(), "new.img") }

	tests := []struct {
		name     string
		args     func(target string) []string
		target   func(t *testing.T) string
		wantCode int
		restored bool // the target must then hold the image
	}{
		{"verify", func(string) []string { return []string{"backup", "verify", archive, "--identity", fx.keyFile} }, nil, exitOK, false},
		{"verify expected digest mismatch", func(string) []string {
			return []string{"backup", "verify", archive, "--identity", fx.keyFile, "--expect-sha256", "00"}
		}, nil, exitFailed, false},
		{"verify damaged", func(string) []string { return []string{"backup", "verify", damaged, "--identity", fx.keyFile} }, nil, exitFailed, false},
		{"verify truncated", func(string) []string { return []string{"backup", "verify", truncated, "--identity", fx.keyFile} }, nil, exitFailed, false},
		{"verify wrong identity", func(string) []string { return []string{"backup", "verify", archive, "--identity", otherKey} }, nil, exitFailed, false},
		{"restore to a new file", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", to}
		}, fresh, exitOK, true},
		{"restore over a file needs --allow-file", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", to, "--yes"}
		}, existing, exitRefused, false},
		{"restore over a file needs --yes", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", to, "--allow-file"}
		}, existing, exitUsage, false},
		{"restore over a file", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", to, "--allow-file", "--yes"}
		}, existing, exitOK, true},
		{"restore damaged", func(to string) []string {
			return []string{"backup", "restore", damaged, "--identity", fx.keyFile, "--to", to}
		}, fresh, exitFailed, false},
		{"restore wrong identity", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", otherKey, "--to", to}
		}, fresh, exitFailed, false},
		{"restore image into a folder", func(to string) []string {
			return []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", to}
		}, func(t *testing.T) string { return t.TempDir() }, exitUsage, false},
		{"create without recipient", func(string) []string {
			return []string{"backup", "create", fx.imagePath, "--allow-file", "--to", fx.dir}
		}, nil, exitUsage, false},
		{"create from a file without --allow-file", func(string) []string {
			return []string{"backup", "create", fx.imagePath, "--to", fx.dir, "--recipient", fx.recipient}
		}, nil, exitRefused, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WIPESTATION_BACKUP_RECIPIENT", "")
			target := ""
			if tt.target != nil {
				target = tt.target(t)
			}
			before, _ := os.ReadFile(target)
			if code := run(tt.args(target)); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d", code, tt.wantCode)
			}
			if m, _ := filepath.Glob(filepath.Join(fx.dir, "*")); len(m) != 1 {
				t.Errorf("backup folder holds %v, want the one archive", m)
			}
			if target == "" {
				return
			}
			got, err := os.ReadFile(target)
			switch {
			case tt.restored && !bytes.Equal(got, fx.image):
				t.Errorf("target after restore: %d bytes, not the image (%v)", len(got), err)
			case !tt.restored && tt.wantCode != exitFailed && !bytes.Equal(got, before):
				t.Errorf("a refused restore changed the target")
			case !tt.restored && tt.wantCode == exitFailed && len(before) == 0 && err == nil:
				t.Errorf("a failed restore into a new file left %s behind", target)
			}
		})
	}
}

// writeLoop writes data at the start of the loop device at path.
func writeLoop(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

func readLoop(t *testing.T, path string, n int) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, n)
	if _, err := f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBackupCLILoop backs up a real loop device with `backup create`, restores it
// into a file, then zeroes the device (the wipe) and restores onto it through the
// wipe's safety checks: a mounted device and a device too small are refused.
func TestBackupCLILoop(t *testing.T) {
	fx := newBackupFixture(t)
	loop := testutil.NewLoopDevice(t, int64(len(fx.image)))
	writeLoop(t, loop.Path, fx.image)
	if code := run([]string{"backup", "create", loop.Path, "--to", fx.dir, "--recipient", fx.recipient}); code != exitOK {
		t.Fatalf("backup create exited %d", code)
	}
	m, _ := filepath.Glob(filepath.Join(fx.dir, "*_"+loop.Name()+".wsbk.age"))
	if len(m) != 1 {
		t.Fatalf("no archive named after %s: %v", loop.Name(), m)
	}
	archive := m[0]
	out := filepath.Join(t.TempDir(), "restored.img")
	if code := run([]string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", out}); code != exitOK {
		t.Fatalf("backup restore into a file exited %d", code)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, fx.image) {
		t.Fatalf("restored image differs from the loop device's content")
	}

	// A mounted device and one too small are refused and left as they were.
	mounted := testutil.NewLoopDevice(t, 64<<20)
	testutil.RequireCommand(t, "mkfs.ext4", "mount", "umount")
	testutil.Run(t, "mkfs.ext4", "-q", mounted.Path)
	mnt := testutil.ScratchDir(t)
	testutil.Run(t, "mount", mounted.Path, mnt)
	t.Cleanup(func() { testutil.Run(t, "umount", mnt) })
	small := testutil.NewLoopDevice(t, 1<<20)
	smallBefore := bytes.Repeat([]byte{0x5a}, 1<<20)
	writeLoop(t, small.Path, smallBefore)

	zero := make([]byte, len(fx.image))
	writeLoop(t, loop.Path, zero) // the wipe
	tests := []struct {
		name     string
		target   string
		yes      bool
		wantCode int
		check    func(t *testing.T)
	}{
		{"without --yes", loop.Path, false, exitUsage, func(t *testing.T) {
			if !bytes.Equal(readLoop(t, loop.Path, len(zero)), zero) {
				t.Error("the device was written")
			}
		}},
		{"mounted", mounted.Path, true, exitRefused, nil},
		{"too small", small.Path, true, exitRefused, func(t *testing.T) {
			if !bytes.Equal(readLoop(t, small.Path, len(smallBefore)), smallBefore) {
				t.Error("the device was written")
			}
		}},
		{"onto the wiped device", loop.Path, true, exitOK, func(t *testing.T) {
			if got := readLoop(t, loop.Path, len(fx.image)); !bytes.Equal(got, fx.image) {
				t.Error("the device does not hold the image after the restore")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"backup", "restore", archive, "--identity", fx.keyFile, "--to", tt.target}
			if tt.yes {
				args = append(args, "--yes")
			}
			if code := run(args); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d", code, tt.wantCode)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

// TestBackupCLIPhone: `backup create mtp:...` backs up a phone's files (over the
// MTP protocol as mtptest's device answers it), and `backup restore` puts them in
// a folder.
func TestBackupCLIPhone(t *testing.T) {
	fx := newBackupFixture(t)
	phone := mtptest.New(&mtptest.Storage{ID: 0x10001, Description: "Internal shared storage", Capacity: 16 << 20})
	dcim := phone.Add(0x10001, mtp.ParentRoot, "DCIM", true, nil)
	photo := bytes.Repeat([]byte("jpeg "), 100000)
	phone.Add(0x10001, dcim, "IMG_0001.jpg", false, photo)
	open := func(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
		return mtp.NewConn(phone, mtp.Options{}), func() error { return nil }, nil
	}
	c := &backupCreateCmd{Device: "mtp:/dev/bus/usb/001/004", To: fx.dir, Recipient: fx.recipient, phones: backup.MTPPhones(open)}
	if err := c.Run(context.Background(), &Globals{Config: fx.emptyConfig}); err != nil {
		t.Fatalf("backup create: %v", err)
	}
	m, _ := filepath.Glob(filepath.Join(fx.dir, "*.wsbk.age"))
	if len(m) != 1 {
		t.Fatalf("backup folder holds %v", m)
	}
	out := filepath.Join(t.TempDir(), "phone")
	if code := run([]string{"backup", "restore", m[0], "--identity", fx.keyFile, "--to", out}); code != exitOK {
		t.Fatalf("restore exited %d", code)
	}
	got, err := os.ReadFile(filepath.Join(out, "Internal shared storage", "DCIM", "IMG_0001.jpg"))
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("restored photo: %d bytes, %v", len(got), err)
	}
	// Again into the same folder, now full, or onto a file: refused.
	for _, to := range []string{out, fx.imagePath} {
		if code := run([]string{"backup", "restore", m[0], "--identity", fx.keyFile, "--to", to}); code != exitUsage {
			t.Errorf("restore into %s exited %d, want %d", to, code, exitUsage)
		}
	}
}
