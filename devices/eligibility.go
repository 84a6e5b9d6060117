package devices

import (
	"errors"
	"fmt"
	"github.com/wipestation/wipestation/msg"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
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
	ErrLayered        = errors.New("a layered or memory-backed device, not a medium") // MD, device mapper, NBD, zram, zvol, DRBD, ...
	ErrMounted        = errors.New("mounted")
	ErrSwap           = errors.New("in use as swap")
	ErrHeld           = errors.New("held by another device") // LVM, MD, dm-crypt
	ErrPartition      = errors.New("a partition, not a whole device")
	ErrReadOnly       = errors.New("read-only")
	ErrUnreadable     = errors.New("an attribute the safety rules need could not be read")
	ErrInUse          = errors.New("in use") // O_EXCL open failed with EBUSY
	ErrNotDevice      = errors.New("not a block device")
	ErrIdentity       = errors.New("identity changed since selection")
	ErrFileNotAllowed = errors.New("image files are targets only in demo mode or with --allow-file")
)

// RefusalError says why a safety rule refused a target. Reason is the human wording
// shown to a technician ("mounted at /data").
type RefusalError struct {
	Path string
	// Resolved is the device node Path names after every symbolic link
	// (/dev/mapper/vg-lv -> /dev/dm-0), when it differs from Path.
	Resolved string
	Reason   msg.Message
	Err      error // one of the Err* sentinels above
}

func (e *RefusalError) Error() string { return e.Message().String() }

// Message states the refusal: the path, what it resolved to, and why.
func (e *RefusalError) Message() msg.Message {
	if e.Resolved != "" && e.Resolved != e.Path {
		return msg.New(msg.RefusedResolved, e.Path, e.Resolved, e.Reason)
	}
	return msg.New(msg.Refused, e.Path, e.Reason)
}

func (e *RefusalError) Unwrap() error { return e.Err }

func refuse(p string, err error, reason msg.Message) *RefusalError {
	return &RefusalError{Path: p, Reason: reason, Err: err}
}

// target is a path as a caller named it, and what it names.
type target struct {
	given    string // as the caller wrote it
	resolved string // after every symbolic link (filepath.EvalSymlinks)
	regular  bool   // an image file
	dev      string // "major:minor" of a block device node
}

// refuse makes t's refusal: it names the given path and, when different, the
// node it resolved to.
func (t target) refuse(err error, reason msg.Message) *RefusalError {
	r := refuse(t.given, err, reason)
	if t.resolved != t.given {
		r.Resolved = t.resolved
	}
	return r
}

// resolveTarget follows every symbolic link of p (/dev/disk/by-id/..., /dev/md/NAME,
// /dev/mapper/NAME) and reads what the node is. An error that is not a
// *RefusalError means p could not be examined at all (it does not exist).
func resolveTarget(p string) (target, error) {
	t := target{given: p, resolved: p}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		t.resolved = r
	}
	fi, err := os.Stat(t.resolved)
	if err != nil {
		return t, fmt.Errorf("check %s: %w", p, err)
	}
	switch {
	case fi.Mode().IsRegular():
		t.regular = true
		return t, nil
	case fi.Mode()&fs.ModeDevice == 0 || fi.Mode()&fs.ModeCharDevice != 0:
		return t, t.refuse(ErrNotDevice, msg.New(msg.RefusalNotBlockDevice, fi.Mode().Type()))
	}
	if t.dev, err = devNumber(fi); err != nil {
		return t, fmt.Errorf("check %s: %w", p, err)
	}
	return t, nil
}

// CheckEligible is the gate for writing: it applies every safety rule to the block
// device or image file at path and returns nil or a *RefusalError naming the first
// rule that refuses it. A link (/dev/disk/by-id/..., /dev/mapper/NAME) is followed
// and the node it names is judged by its device number.
//
// It only reads: a stat of path, sysfs and procfs. It never opens the device. An
// error that is not a *RefusalError means path could not be examined at all (for
// example it does not exist).
func (s System) CheckEligible(path string, allowFile bool) error {
	return s.checkEligible(path, allowFile, true)
}

// checkEligible resolves p and asks the gate; forWrite false skips the
// read-only rule (a read-only check of a write-protected medium is fine).
func (s System) checkEligible(p string, allowFile, forWrite bool) error {
	t, err := resolveTarget(p)
	if err != nil {
		return err
	}
	return s.gate(t, allowFile, forWrite)
}

// gate is the one place the rules that make something not a target live.
// Discovery (Discover, Watch, Lookup), CheckEligible and OpenForWipe (every
// executor, backup restore) all get their answer here. In order:
//
//   - an image file is a target only with allowFile; anything else that is not
//     a block device is not;
//   - the device number must be one sysfs knows;
//   - the system disk (holding /, /boot or /boot/efi, through partitions, device
//     mapper and MD), and its partitions;
//   - layered and memory-backed devices (layerOf): MD, device mapper (LVM,
//     dm-crypt, multipath), NBD, zram, RAM disks, ZFS volumes, DRBD, Ceph RBD,
//     and anything that has devices under it in slaves/; wipe the disks under
//     them instead;
//   - eMMC boot and RPMB hardware partitions, and ordinary partitions;
//   - read-only (only forWrite);
//   - mounted, swap, held (holders/ of the disk or any of its partitions).
//
// It fails closed: an attribute that cannot be read refuses with ErrUnreadable
// and names the attribute. The only absences read as "none" are slaves/ (the
// kernel creates it only when it has MD or device mapper, and never for a
// partition) and a partition's "partition" file (that is what makes it one).
func (s System) gate(t target, allowFile, forWrite bool) error {
	if t.regular {
		if !allowFile {
			return t.refuse(ErrFileNotAllowed, msg.New(msg.RefusalFileNotAllowed))
		}
		return nil
	}
	idx, err := s.readBlockIndex()
	if err != nil {
		return t.refuse(ErrUnreadable, msg.Of(err))
	}
	e, ok := idx.byDev[t.dev]
	if !ok {
		return t.refuse(ErrNotDevice, msg.New(msg.RefusalNotInSysfs, t.dev))
	}
	// What the path names is the kernel's device, whatever node or link led here.
	t.resolved = path.Join(s.devDir(), e.Name)
	disk := e.Disk
	if err := idx.broken[disk]; err != nil {
		return t.refuse(ErrUnreadable, msg.Of(err))
	}
	mounts, err := s.readMounts()
	if err != nil {
		return t.refuse(ErrUnreadable, msg.Of(err))
	}

	// The system disk first: it is the strongest reason, and it covers its
	// partitions too.
	sys, err := s.systemDisks(idx, mounts)
	if err != nil {
		return t.refuse(ErrUnreadable, msg.New(msg.RefusalSystemDiskUnknown, err))
	}
	if mp, ok := sys[disk]; ok {
		return t.refuse(ErrSystemDisk, msg.New(msg.RefusalSystemDisk, disk, mp))
	}
	what, err := s.layerOf(idx, disk)
	if err != nil {
		return t.refuse(ErrUnreadable, msg.Of(err))
	}
	if what != "" {
		return t.refuse(ErrLayered, msg.New(msg.RefusalLayered, disk, what))
	}
	if m := reEMMCHardwarePart.FindStringSubmatch(disk); m != nil {
		return t.refuse(ErrPartition, msg.New(msg.RefusalEMMCPartition, disk, m[2], m[1], s.devDir()+"/"+m[1]))
	}
	if e.Partition {
		return t.refuse(ErrPartition, msg.New(msg.RefusalPartition, e.Name, disk, s.devDir()+"/"+disk))
	}
	if forWrite {
		ro, err := readTrim(s.Sys, path.Join("block", disk, "ro"))
		if err != nil {
			return t.refuse(ErrUnreadable, msg.New(msg.RefusalCannotRead, "block/"+disk+"/ro", err))
		}
		if ro != "0" {
			return t.refuse(ErrReadOnly, msg.New(msg.RefusalReadOnly, disk))
		}
	}
	members := append([]string{disk}, idx.parts[disk]...)
	for _, m := range mounts {
		if me, ok := s.entryForMount(idx, m); ok && me.Disk == disk {
			return t.refuse(ErrMounted, msg.New(msg.RefusalMounted, me.Name, m.MountPoint))
		}
	}
	swaps, err := s.readSwaps()
	if err != nil {
		return t.refuse(ErrUnreadable, msg.Of(err))
	}
	for _, sw := range swaps {
		if se, ok := s.entryForPath(idx, sw); ok && slices.Contains(members, se.Name) {
			return t.refuse(ErrSwap, msg.New(msg.RefusalSwap, se.Name))
		}
	}
	for _, name := range members {
		dir := path.Join(idx.sysDir(name), "holders")
		holders, err := fs.ReadDir(s.Sys, dir)
		if err != nil {
			// Every disk and partition has holders/: not being able to
			// list it is not knowing whether something holds it.
			return t.refuse(ErrUnreadable, msg.New(msg.RefusalCannotRead, dir, err))
		}
		if len(holders) == 0 {
			continue
		}
		var hs []string
		for _, h := range holders {
			hs = append(hs, s.describeHolder(h.Name()))
		}
		sort.Strings(hs)
		return t.refuse(ErrHeld, msg.New(msg.RefusalHeld, name, strings.Join(hs, ", ")))
	}
	return nil
}

// layers are the kernel names of block devices that are not media of their own
// but layers over other devices, or memory.
var layers = []struct{ prefix, what string }{
	{"md", "an MD RAID array"},
	{"dm-", "a device-mapper device"},
	{"nbd", "a network block device (NBD)"},
	{"zram", "compressed RAM (zram)"},
	{"ram", "a RAM disk"},
	{"zd", "a ZFS volume (zvol)"},
	{"drbd", "a DRBD device"},
	{"rbd", "a Ceph RADOS block device"},
}

// reEMMCHardwarePart matches the eMMC boot and RPMB hardware partitions the
// kernel shows beside the user area: mmcblk0boot0, mmcblk0boot1, mmcblk0rpmb.
var reEMMCHardwarePart = regexp.MustCompile(`^(mmcblk[0-9]+)(boot[0-9]+|rpmb)$`)

// layerOf says what the whole device disk is when it is a layer over other
// devices or memory ("an MD RAID array (raid1) over sda, sdb"), or "" when it is
// none: by its kernel name, and for any other name by a non-empty slaves/.
func (s System) layerOf(idx *blockIndex, disk string) (string, error) {
	var what string
	for _, l := range layers {
		if strings.HasPrefix(disk, l.prefix) {
			what = l.what
			break
		}
	}
	dir := path.Join("block", disk, "slaves")
	slaves, err := fs.ReadDir(s.Sys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("cannot read %s: %w", dir, err)
	}
	if what == "" && len(slaves) == 0 {
		return "", nil
	}
	if what == "" {
		what = "a device stacked on other devices"
	}
	if d := s.describeHolder(disk); d != disk {
		what += " " + strings.TrimPrefix(d, disk+" ")
	}
	if len(slaves) > 0 {
		var under []string
		for _, sl := range slaves {
			under = append(under, sl.Name())
		}
		what += " over " + strings.Join(under, ", ")
	}
	return what, nil
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
