// Package testutil holds helpers for tests that need the kernel: root checks and
// loop devices the test itself creates on tmpfs and removes again.
//
// Tests never open a block device they did not create here (or inside a VM they
// started). The machine's own disk is never a target, not even to test a refusal.
package testutil

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// DisallowSkipEnv, when set to a non-empty value (CI sets it), turns the skips of
// RequireRoot and RequireCommand into failures, so that a green run cannot hide
// tests that never ran.
const DisallowSkipEnv = "WIPESTATION_TEST_DISALLOW_SKIP"

// Skip skips the test with reason, or fails it when skipping is disallowed.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(DisallowSkipEnv) != "" {
		t.Fatalf("would skip, but %s is set: %s", DisallowSkipEnv, reason)
	}
	t.Skip(reason)
}

// RequireRoot skips the test unless it runs as root.
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Skip(t, "needs root to create loop devices (run the suite as root: see README)")
	}
}

// RequireCommand skips the test unless every named program is on PATH.
func RequireCommand(t testing.TB, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			Skip(t, fmt.Sprintf("needs %s on PATH (the README's test command installs it)", name))
		}
	}
}

// LoopDevice is a loop device backed by a sparse file on tmpfs, made by a test.
type LoopDevice struct {
	Path        string // /dev/loopN
	BackingFile string // the sparse file behind it
}

// ScratchDir is where backing files live: tmpfs, so that tests never write to the
// machine's own disk and page allocation is cheap.
func ScratchDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "wipestation-test-")
	if err != nil {
		t.Fatalf("scratch dir on /dev/shm: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// NewLoopDevice attaches a new sparse file of sizeBytes to a free loop device and
// detaches and removes both when the test ends. Options are extra losetup flags
// (for example "--read-only", "--sector-size", "4096", "-P").
func NewLoopDevice(t testing.TB, sizeBytes int64, options ...string) *LoopDevice {
	t.Helper()
	RequireRoot(t)
	RequireCommand(t, "losetup")
	file := filepath.Join(ScratchDir(t), "backing.img")
	f, err := os.Create(file)
	if err != nil {
		t.Fatalf("create backing file: %v", err)
	}
	if err := f.Truncate(sizeBytes); err != nil {
		f.Close()
		t.Fatalf("size backing file: %v", err)
	}
	f.Close()
	args := append([]string{"--find", "--show"}, options...)
	args = append(args, file)
	var out []byte
	// Parallel test processes race for the same free loop device; the loser gets
	// EBUSY and tries again.
	for attempt := 0; ; attempt++ {
		out, err = exec.Command("losetup", args...).CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 4 || !strings.Contains(string(out), "busy") {
			t.Fatalf("losetup %s: %v: %s", strings.Join(args, " "), err, out)
		}
		time.Sleep(time.Duration(50*(attempt+1)) * time.Millisecond)
	}
	dev := strings.TrimSpace(string(out))
	if !strings.HasPrefix(dev, "/dev/loop") {
		t.Fatalf("losetup answered %q, not a loop device", dev)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("losetup", "--detach", dev).CombinedOutput(); err != nil {
			t.Errorf("losetup --detach %s: %v: %s", dev, err, out)
		}
	})
	return &LoopDevice{Path: dev, BackingFile: file}
}

// Name is the kernel name of the loop device (loop3).
func (l *LoopDevice) Name() string { return filepath.Base(l.Path) }

// Run runs a command and fails the test with its output when it fails.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// PartitionLoopDevice writes a DOS partition table with the given sfdisk lines (for
// example ",16M" and "," for two partitions) to a loop device made with
// NewLoopDevice(t, size, "-P"), and returns the partitions' paths.
func PartitionLoopDevice(t testing.TB, l *LoopDevice, sfdiskLines ...string) []string {
	t.Helper()
	RequireCommand(t, "sfdisk")
	cmd := exec.Command("sfdisk", "--quiet", l.Path) // sfdisk asks the kernel to re-read the table
	cmd.Stdin = strings.NewReader("label: dos\n" + strings.Join(sfdiskLines, "\n") + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sfdisk %s: %v: %s", l.Path, err, out)
	}
	var parts []string
	for i := range sfdiskLines {
		p := fmt.Sprintf("%sp%d", l.Path, i+1)
		if !waitForPath(p, 10) {
			// Some kernels ignore sfdisk's re-read on a loop device; add the
			// partitions one by one (BLKPG) instead.
			exec.Command("partx", "--add", l.Path).Run()
			if !waitForPath(p, 100) {
				t.Fatalf("%s did not appear after sfdisk and partx --add", p)
			}
		}
		parts = append(parts, p)
	}
	return parts
}

func waitForPath(p string, tries int) bool {
	for range tries {
		if _, err := os.Stat(p); err == nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// MountExt4 makes an ext4 file system on dev (a loop device or partition the test
// made) and mounts it on a fresh folder on tmpfs; it is unmounted when the test ends.
func MountExt4(t testing.TB, dev string) string {
	t.Helper()
	RequireCommand(t, "mkfs.ext4", "mount", "umount")
	Run(t, "mkfs.ext4", "-q", "-F", dev)
	dir := ScratchDir(t)
	Run(t, "mount", dev, dir)
	// Registered after ScratchDir's cleanup, so it runs before the folder is removed.
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// Swapon makes dev (a loop device the test made) a swap area and enables it until
// the test ends. It skips with the reason when the kernel refuses swap on it.
func Swapon(t testing.TB, dev string) {
	t.Helper()
	RequireCommand(t, "mkswap", "swapon", "swapoff")
	Run(t, "mkswap", dev)
	if out, err := exec.Command("swapon", dev).CombinedOutput(); err != nil {
		Skip(t, fmt.Sprintf("the kernel refuses swap on %s: %v: %s", dev, err, out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("swapoff", dev).CombinedOutput(); err != nil {
			t.Errorf("swapoff %s: %v: %s", dev, err, out)
		}
	})
}

// FillFile overwrites the whole of a file (a loop device's backing file) with b.
func FillFile(t testing.TB, path string, b byte) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = b
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for off := int64(0); off < fi.Size(); off += int64(len(buf)) {
		n := min(int64(len(buf)), fi.Size()-off)
		if _, err := f.WriteAt(buf[:n], off); err != nil {
			t.Fatal(err)
		}
	}
}

// MountRamfs mounts a ramfs (a memory file system without O_DIRECT) on a fresh
// folder on tmpfs and unmounts it when the test ends.
func MountRamfs(t testing.TB) string {
	t.Helper()
	RequireRoot(t)
	RequireCommand(t, "mount", "umount")
	dir := ScratchDir(t)
	Run(t, "mount", "-t", "ramfs", "ramfs", dir)
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}
