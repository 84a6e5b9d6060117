package devices

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/internal/testutil"
)

// TestExpectSize: the size an opened loop device is checked against changes only
// to the one size the caller expects, and only once the kernel reports it.
func TestExpectSize(t *testing.T) {
	const size, grown = 4 << 20, 6 << 20
	l := testutil.NewLoopDevice(t, size)
	var writes []string
	s := HostSystem()
	s.SysWrite = func(name string, value []byte) error {
		writes = append(writes, name+"="+string(value))
		return nil
	}
	o, err := s.OpenForWipe(l.Path, Device{SizeBytes: size}, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if err := s.RescanCapacity(o); err != nil || len(writes) != 1 || writes[0] != "class/block/"+l.Name()+"/device/rescan=1" {
		t.Fatalf("rescan: %v, writes %q", err, writes)
	}
	if err := os.Truncate(l.BackingFile, grown); err != nil {
		t.Fatal(err)
	}
	// The drive grew but the kernel has not looked yet.
	if now, err := o.ExpectSize(grown); !errors.Is(err, ErrIdentity) || now != size || o.SizeBytes != size {
		t.Fatalf("before the kernel saw it: now %d, err %v, size %d", now, err, o.SizeBytes)
	}
	testutil.Run(t, "losetup", "--set-capacity", l.Path)
	// Not the size that was expected: refused, the old size stays.
	if now, err := o.ExpectSize(grown + 512); !errors.Is(err, ErrIdentity) || now != grown || o.SizeBytes != size {
		t.Fatalf("unexpected size: now %d, err %v, size %d", now, err, o.SizeBytes)
	}
	if now, err := o.ExpectSize(grown); err != nil || now != grown || o.SizeBytes != grown {
		t.Fatalf("expected size: now %d, err %v, size %d", now, err, o.SizeBytes)
	}
	// The descriptor writes to the new end.
	// O_DIRECT wants an aligned buffer: a page from mmap, not whatever the heap gives.
	buf, err := unix.Mmap(-1, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(buf)
	if _, err := o.File.WriteAt(buf, grown-4096); err != nil {
		t.Errorf("write at the new end: %v", err)
	}
}

func TestRescanCapacityWithoutWriter(t *testing.T) {
	img := filepath.Join(testutil.ScratchDir(t), "disk.img")
	os.WriteFile(img, make([]byte, 1<<20), 0o600)
	s := HostSystem()
	s.SysWrite = nil
	o, err := s.OpenForWipe(img, Device{}, OpenOptions{AllowFile: true, Buffered: true})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if err := s.RescanCapacity(o); err != nil {
		t.Errorf("an image file needs no rescan: %v", err)
	}
	o.IsFile = false // as a block device: no writer, no rescan
	if err := s.RescanCapacity(o); !errors.Is(err, ErrNoSysWrite) {
		t.Errorf("err %v, want ErrNoSysWrite", err)
	}
}
