package devices

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
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

// TestGateFollowsLinks: whatever path names a device (a symbolic link as in
// /dev/disk/by-id, a second device node as dmsetup makes under /dev/mapper
// without udev), the node it names is judged by its device number, and a refusal
// names both paths.
func TestGateFollowsLinks(t *testing.T) {
	testutil.RequireRoot(t)
	s := HostSystem()
	dir := testutil.ScratchDir(t)

	t.Run("a link to a free loop device is a target", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		link := filepath.Join(dir, "by-id-free")
		if err := os.Symlink(l.Path, link); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckEligible(link, false); err != nil {
			t.Fatalf("refused: %v", err)
		}
		o, err := s.OpenForWipe(link, Device{}, OpenOptions{})
		if err != nil {
			t.Fatalf("open through the link: %v", err)
		}
		o.Close()
		d, err := s.Lookup(t.Context(), link, false)
		if err != nil || d.Path != l.Path || !d.Eligible {
			t.Errorf("Lookup %s = path %q eligible %v (%q), %v; want %s, eligible", link, d.Path, d.Eligible, msg.Text(d.Ineligible), err, l.Path)
		}
	})

	t.Run("a link to a mounted loop device is refused, naming both", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize)
		testutil.MountExt4(t, l.Path)
		link := filepath.Join(dir, "by-id-mounted")
		if err := os.Symlink(l.Path, link); err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{s.CheckEligible(link, false), openErr(s, link)} {
			wantRefusal(t, err, ErrMounted)
			var refusal *RefusalError
			errors.As(err, &refusal)
			if refusal.Path != link || refusal.Resolved != l.Path || !strings.Contains(err.Error(), link) || !strings.Contains(err.Error(), l.Path) {
				t.Errorf("refusal %q (path %q, resolved %q) does not name %s and %s", err, refusal.Path, refusal.Resolved, link, l.Path)
			}
		}
		d, err := s.Lookup(t.Context(), link, false)
		if err != nil || d.Eligible || !strings.Contains(msg.Text(d.Ineligible), link) || !strings.Contains(msg.Text(d.Ineligible), "mounted") {
			t.Errorf("Lookup %s: eligible %v, reason %q, %v", link, d.Eligible, msg.Text(d.Ineligible), err)
		}
	})

	t.Run("a second node of a partition is judged as the partition", func(t *testing.T) {
		l := testutil.NewLoopDevice(t, loopSize, "-P")
		parts := testutil.PartitionLoopDevice(t, l, ",")
		var st unix.Stat_t
		if err := unix.Stat(parts[0], &st); err != nil {
			t.Fatal(err)
		}
		node := filepath.Join(dir, "mapper-node")
		if err := unix.Mknod(node, unix.S_IFBLK|0o600, int(st.Rdev)); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(node)
		wantRefusal(t, s.CheckEligible(node, false), ErrPartition)
		wantRefusal(t, openErr(s, node), ErrPartition)
		d, err := s.Lookup(t.Context(), node, false)
		if err != nil || d.Eligible || d.Name != filepath.Base(parts[0]) {
			t.Errorf("Lookup %s = name %q eligible %v (%q), %v; want %s, refused", node, d.Name, d.Eligible, msg.Text(d.Ineligible), err, filepath.Base(parts[0]))
		}
	})
}

func openErr(s System, p string) error {
	o, err := s.OpenForWipe(p, Device{}, OpenOptions{})
	if err == nil {
		o.Close()
	}
	return err
}

// TestSerialRecheck: a serial known at selection must be read again, exactly,
// before the first write.
func TestSerialRecheck(t *testing.T) {
	testutil.RequireRoot(t)
	s := HostSystem()
	l := testutil.NewLoopDevice(t, loopSize)
	// A loop device has no serial: one given at selection cannot be read again.
	_, err := s.OpenForWipe(l.Path, Device{Serial: "WD-WCC4E1234567"}, OpenOptions{})
	wantRefusal(t, err, ErrIdentity)
	// Without one at selection there is nothing to compare.
	o, err := s.OpenForWipe(l.Path, Device{}, OpenOptions{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	o.Close()
}
