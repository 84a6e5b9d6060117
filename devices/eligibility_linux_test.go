package devices

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/internal/testutil"
)

const loopSize = 32 << 20

func wantRefusal(t *testing.T, err, want error) {
	t.Helper()
	var refusal *RefusalError
	if !errors.As(err, &refusal) || !errors.Is(err, want) {
		t.Fatalf("got %v, want a refusal for %v", err, want)
	}
	t.Logf("refused as expected: %v", err)
}

func TestRealLoopDeviceRules(t *testing.T) {
	testutil.RequireRoot(t)
	s := HostSystem()

	t.Run("a free loop device is eligible and opens exclusively", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		if err := s.CheckEligible(l.Path, false); err != nil {
			t.Fatalf("refused: %v", err)
		}
		o, err := s.OpenForWipe(l.Path, Device{}, OpenOptions{})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer o.Close()
		if !o.Direct || o.SizeBytes != loopSize || o.LogicalSectorBytes != 512 || o.DevNumber == "" {
			t.Errorf("opened %+v", o)
		}
		if err := o.Alive(); err != nil {
			t.Errorf("alive: %v", err)
		}
		// A second job on the same device is refused by O_EXCL.
		_, err = s.OpenForWipe(l.Path, Device{}, OpenOptions{})
		wantRefusal(t, err, ErrInUse)
	})

	t.Run("in use by another exclusive opener", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		f, err := os.OpenFile(l.Path, os.O_RDONLY|unix.O_EXCL, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = s.OpenForWipe(l.Path, Device{}, OpenOptions{})
		wantRefusal(t, err, ErrInUse)
	})

	t.Run("mounted", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		testutil.MountExt4(t, l.Path)
		wantRefusal(t, s.CheckEligible(l.Path, false), ErrMounted)
		_, err := s.OpenForWipe(l.Path, Device{}, OpenOptions{})
		wantRefusal(t, err, ErrMounted)
	})

	t.Run("a partition mounted", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize, "-P")
		parts := testutil.PartitionLoopDevice(t, l, ",12M", ",")
		dir := testutil.MountExt4(t, parts[1])
		err := s.CheckEligible(l.Path, false)
		wantRefusal(t, err, ErrMounted)
		if !strings.Contains(err.Error(), filepath.Base(parts[1])) || !strings.Contains(err.Error(), dir) {
			t.Errorf("the refusal does not name the partition and mount point: %v", err)
		}
		wantRefusal(t, s.CheckEligible(parts[0], false), ErrPartition)
	})

	t.Run("swap", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		testutil.Swapon(t, l.Path)
		wantRefusal(t, s.CheckEligible(l.Path, false), ErrSwap)
	})

	t.Run("read-only", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize, "--read-only")
		wantRefusal(t, s.CheckEligible(l.Path, false), ErrReadOnly)
		_, err := s.OpenForWipe(l.Path, Device{}, OpenOptions{})
		wantRefusal(t, err, ErrReadOnly)
		// A read-only check may still read it.
		o, err := s.OpenForWipe(l.Path, Device{}, OpenOptions{ReadOnly: true})
		if err != nil {
			t.Fatalf("read-only open: %v", err)
		}
		o.Close()
	})

	t.Run("identity changed since selection", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		_, err := s.OpenForWipe(l.Path, Device{SizeBytes: loopSize * 2}, OpenOptions{})
		wantRefusal(t, err, ErrIdentity)
		_, err = s.OpenForWipe(l.Path, Device{DevNumber: "7:9999"}, OpenOptions{})
		wantRefusal(t, err, ErrIdentity)

		// Captured at selection; then the medium changes size before the wipe starts.
		dev, size, err := s.CaptureIdentity(l.Path)
		if err != nil || size != loopSize || dev == "" {
			t.Fatalf("capture: %q %d %v", dev, size, err)
		}
		selected := Device{DevNumber: dev, SizeBytes: size}
		o, err := s.OpenForWipe(l.Path, selected, OpenOptions{})
		if err != nil {
			t.Fatalf("open with the captured identity: %v", err)
		}
		o.Close()
		if err := os.Truncate(l.BackingFile, 2*loopSize); err != nil {
			t.Fatal(err)
		}
		testutil.Run(t, "losetup", "--set-capacity", l.Path)
		_, err = s.OpenForWipe(l.Path, selected, OpenOptions{})
		wantRefusal(t, err, ErrIdentity)
	})

	t.Run("image files only when allowed", func(t *testing.T) {
		f := filepath.Join(testutil.ScratchDir(t), "disk.img")
		if err := os.WriteFile(f, make([]byte, 1<<20+100), 0o600); err != nil {
			t.Fatal(err)
		}
		wantRefusal(t, s.CheckEligible(f, false), ErrFileNotAllowed)
		o, err := s.OpenForWipe(f, Device{}, OpenOptions{AllowFile: true})
		if err != nil {
			t.Fatalf("open with allowFile: %v", err)
		}
		o.Close()
	})

	t.Run("not a block device", func(t *testing.T) {
		wantRefusal(t, s.CheckEligible("/dev/null", true), ErrNotDevice)
	})
}

// TestRealSystemDiskRefusedWithoutOpening finds the disk that holds / on this
// machine from procfs and sysfs and checks it is refused. CheckEligible only stats
// the node and reads sysfs/procfs: the system disk is never opened.
func TestRealSystemDiskRefusedWithoutOpening(t *testing.T) {
	s := HostSystem()
	idx, err := s.readBlockIndex()
	if err != nil {
		t.Fatal(err)
	}
	mounts, err := s.readMounts()
	if err != nil {
		t.Fatal(err)
	}
	disks, err := s.systemDisks(idx, mounts)
	if err != nil {
		t.Fatal(err)
	}
	if len(disks) == 0 {
		testutil.Skip(t, "/ is not on a block device here (container or network root)")
	}
	for disk := range disks {
		p := filepath.Join("/dev", disk)
		if _, err := os.Stat(p); err != nil {
			testutil.Skip(t, "no device node for the system disk: "+p)
		}
		wantRefusal(t, s.CheckEligible(p, false), ErrSystemDisk)
	}
}
