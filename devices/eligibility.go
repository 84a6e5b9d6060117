package devices

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// System is the running system the safety rules and discovery read from. Tests point
// its file systems at captured trees; production uses HostSystem.
type System struct {
	// Root is the directory the block inventory (ghw) reads as the system root,
	// with Sys at Root/sys; "" means "/". Tests point it at a captured tree,
	// because ghw reads real directories, not an fs.FS.
	Root string
	Sys  fs.FS // the sysfs root, normally os.DirFS("/sys")
	Proc fs.FS // the procfs root, normally os.DirFS("/proc")
	// DevDir is where device nodes live, normally "/dev".
	DevDir string
	// ADBServer is the adb server's address for phone queries ("" means
	// 127.0.0.1:5037; "-" turns ADB queries off).
	ADBServer string
	// SysWrite writes one sysfs attribute (name relative to the sysfs root, e.g.
	// "class/block/sdb/device/rescan"). It is the only way the program changes
	// sysfs; nil refuses every write (tests that must not touch the machine).
	SysWrite func(name string, value []byte) error
}

// HostSystem is the machine this process runs on.
func HostSystem() System {
	return System{Sys: os.DirFS("/sys"), Proc: os.DirFS("/proc"), DevDir: "/dev", SysWrite: writeHostSys}
}

// The reasons a target is refused. A RefusalError wraps exactly one of them, so
// callers test with errors.Is.
var (
	ErrSystemDisk     = errors.New("system disk")
	ErrMounted        = errors.New("mounted")
	ErrSwap           = errors.New("in use as swap")
	ErrHeld           = errors.New("held by another device") // LVM, MD, dm-crypt
	ErrPartition      = errors.New("a partition, not a whole device")
	ErrReadOnly       = errors.New("read-only")
	ErrInUse          = errors.New("in use") // O_EXCL open failed with EBUSY
	ErrNotDevice      = errors.New("not a block device")
	ErrIdentity       = errors.New("identity changed since selection")
	ErrFileNotAllowed = errors.New("image files are targets only in demo mode or with --allow-file")
)

// RefusalError says why a safety rule refused a target. Reason is the human wording
// shown to a technician ("mounted at /data").
type RefusalError struct {
	Path   string
	Reason string
	Err    error // one of the Err* sentinels above
}

func (e *RefusalError) Error() string {
	return fmt.Sprintf("refused %s: %s", e.Path, e.Reason)
}

func (e *RefusalError) Unwrap() error { return e.Err }

func refuse(p string, err error, format string, args ...any) *RefusalError {
	return &RefusalError{Path: p, Reason: fmt.Sprintf(format, args...), Err: err}
}

// CheckEligible applies every safety rule to the block device or image file at path
// and returns nil or a *RefusalError naming the first rule that refuses it. This is
// the one place the rules live: discovery shows its answer, and every write path
// goes through OpenForWipe, which calls it again right before opening.
//
// It only reads: a stat of path, sysfs and procfs. It never opens the device. An
// error that is not a *RefusalError means path could not be examined at all (for
// example it does not exist).
func (s System) CheckEligible(path string, allowFile bool) error {
	return s.checkEligible(path, allowFile, true)
}

// checkEligible is CheckEligible; forWrite false skips the read-only rule (a
// read-only check of a write-protected medium is fine).
func (s System) checkEligible(p string, allowFile, forWrite bool) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("check %s: %w", p, err)
	}
	switch {
	case fi.Mode().IsRegular():
		if !allowFile {
			return refuse(p, ErrFileNotAllowed, "a regular file; %v", ErrFileNotAllowed)
		}
		return nil
	case fi.Mode()&fs.ModeDevice == 0 || fi.Mode()&fs.ModeCharDevice != 0:
		return refuse(p, ErrNotDevice, "%v (mode %v)", ErrNotDevice, fi.Mode().Type())
	}
	dev, err := devNumber(fi)
	if err != nil {
		return fmt.Errorf("check %s: %w", p, err)
	}
	return s.checkBlock(p, dev, forWrite)
}

// checkBlock applies the rules to the block device with number dev ("major:minor"),
// reading only s.Sys and s.Proc; p is only used in messages.
func (s System) checkBlock(p, dev string, forWrite bool) error {
	idx, err := s.readBlockIndex()
	if err != nil {
		return fmt.Errorf("check %s: %w", p, err)
	}
	e, ok := idx.byDev[dev]
	if !ok {
		return refuse(p, ErrNotDevice, "no block device %s in sysfs", dev)
	}
	mounts, err := s.readMounts()
	if err != nil {
		return fmt.Errorf("check %s: %w", p, err)
	}
	disk := e.Disk

	// The system disk first: it is the strongest reason, and it covers its
	// partitions too.
	if mp, ok := s.systemDisks(idx, mounts)[disk]; ok {
		return refuse(p, ErrSystemDisk, "%s holds %s: the system disk is never a target", disk, mp)
	}
	if e.Partition {
		return refuse(p, ErrPartition, "%s is a partition of %s; choose the whole device %s/%s", e.Name, disk, s.devDir(), disk)
	}
	if forWrite {
		if ro, _ := readTrim(s.Sys, path.Join("block", disk, "ro")); ro == "1" {
			return refuse(p, ErrReadOnly, "%s is read-only (write-protected)", disk)
		}
	}
	members := append([]string{disk}, idx.parts[disk]...)
	isMember := func(name string) bool {
		for _, m := range members {
			if m == name {
				return true
			}
		}
		return false
	}
	for _, m := range mounts {
		if me, ok := s.entryForMount(idx, m); ok && me.Disk == disk {
			return refuse(p, ErrMounted, "%s is mounted at %s", me.Name, m.MountPoint)
		}
	}
	swaps, err := s.readSwaps()
	if err != nil {
		return fmt.Errorf("check %s: %w", p, err)
	}
	for _, sw := range swaps {
		if se, ok := s.entryForPath(idx, sw); ok && isMember(se.Name) {
			return refuse(p, ErrSwap, "%s is in use as swap", se.Name)
		}
	}
	for _, name := range members {
		holders, _ := fs.ReadDir(s.Sys, path.Join(idx.sysDir(name), "holders"))
		if len(holders) == 0 {
			continue
		}
		var hs []string
		for _, h := range holders {
			hs = append(hs, s.describeHolder(h.Name()))
		}
		sort.Strings(hs)
		return refuse(p, ErrHeld, "%s is held by %s (LVM, MD or dm-crypt); stop it first", name, strings.Join(hs, ", "))
	}
	return nil
}

// describeHolder names a holder with its device-mapper or MD name when it has one
// (block/dm-0/dm/name, block/md0/md/level).
func (s System) describeHolder(name string) string {
	if n, err := readTrim(s.Sys, path.Join("block", name, "dm", "name")); err == nil && n != "" {
		return fmt.Sprintf("%s (%s)", name, n)
	}
	if l, err := readTrim(s.Sys, path.Join("block", name, "md", "level")); err == nil && l != "" {
		return fmt.Sprintf("%s (%s)", name, l)
	}
	return name
}

func (s System) devDir() string {
	if s.DevDir == "" {
		return "/dev"
	}
	return s.DevDir
}
