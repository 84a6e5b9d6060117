package devices

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jaypipes/ghw"
	"github.com/jaypipes/ghw/pkg/block"
)

// ProbeTimeout bounds how long Discover and Lookup wait for one device's probe.
// A probe through a USB bridge without SAT, or a drive that stopped answering,
// must cost the listing this much at most, never hang it.
const ProbeTimeout = 2 * time.Second

// probeGrace is how long past the deadline a probe is still awaited: a probe that
// notices its context at the deadline and returns its own errors wins over the
// generic "no answer" line.
const probeGrace = 100 * time.Millisecond

// ghwUnknown is what ghw answers for a value it could not read (it reads model,
// serial, WWN and bus path from the udev database only).
const ghwUnknown = "unknown"

// Discover lists every medium on the machine with identity, capabilities,
// eligibility and recommendations, sorted by path.
//
// Block devices come from ghw's inventory, filled in from sysfs (identity.go) and
// from the device itself (Probe); phones come from DiscoverPhones. Probes run
// concurrently, each bounded by ProbeTimeout. Discover lists what it found even
// when it also returns an error (for example when phones could not be listed):
// the error says what is missing. It is safe for concurrent use.
func (s System) Discover(ctx context.Context) ([]Device, error) {
	inv, err := s.inventory()
	if err != nil {
		return nil, err
	}
	var (
		devs     []Device
		problems []error
	)
	for _, disk := range inv {
		if !s.listable(disk.Name) {
			continue
		}
		d, err := identifyBlock(s.Sys, s.devDir(), disk.Name)
		if err != nil && !exists(s.Sys, "block/"+disk.Name) {
			continue // unplugged while we were listing
		}
		if err != nil {
			problems = append(problems, err)
			continue
		}
		mergeGHW(&d, disk)
		devs = append(devs, d)
	}

	var (
		wg        sync.WaitGroup
		phones    []Device
		phonesErr error
	)
	wg.Go(func() { phones, phonesErr = s.phonesBounded(ctx) })
	for i := range devs {
		wg.Go(func() { s.complete(ctx, &devs[i], false) })
	}
	wg.Wait()
	if phonesErr != nil {
		problems = append(problems, fmt.Errorf("discover phones: %w", phonesErr))
	}
	for _, p := range phones {
		s.completePhone(&p)
		devs = append(devs, p)
	}
	slices.SortFunc(devs, func(a, b Device) int { return strings.Compare(a.Path, b.Path) })
	if devs == nil {
		devs = []Device{} // an empty desk is "[]" in JSON, not "null"
	}
	return devs, errors.Join(problems...)
}

// Lookup describes the one medium at path: a block device (/dev/sdb, or a link to
// one such as /dev/disk/by-id/...), a phone path from Discover (mtp:...), or an
// image file. An image file is described whatever allowFile says, and is eligible
// only when allowFile is set (CheckEligible decides). A partition is described
// with the refusal that says so.
func (s System) Lookup(ctx context.Context, target string, allowFile bool) (Device, error) {
	if IsPhonePath(target) {
		phones, err := s.phonesBounded(ctx)
		if err != nil {
			return Device{}, fmt.Errorf("lookup %s: %w", target, err)
		}
		for _, p := range phones {
			if p.Path == target {
				s.completePhone(&p)
				return p, nil
			}
		}
		return Device{}, fmt.Errorf("lookup %s: %w", target, fs.ErrNotExist)
	}

	if name := s.blockName(target); name != "" {
		if !exists(s.Sys, "block/"+name) {
			if exists(s.Sys, "class/block/"+name+"/partition") {
				d := Device{Path: target, Name: name, Kind: KindDisk}
				s.eligibility(&d, allowFile)
				if d.Eligible { // the rules must refuse a partition; say so if they did not
					d.Eligible, d.IneligibleReason = false, ErrPartition.Error()
				}
				d.Recommendations = []Recommendation{}
				return d, nil
			}
			if _, err := os.Stat(target); err != nil {
				return Device{}, fmt.Errorf("lookup %s: %w", target, err) // no such path: a usage error
			}
			return Device{}, fmt.Errorf("lookup %s: %w", target, &RefusalError{Path: target, Reason: "no such block device in sysfs", Err: ErrNotDevice})
		}
		d, err := identifyBlock(s.Sys, s.devDir(), name)
		if err != nil {
			return Device{}, fmt.Errorf("lookup %s: %w", target, err)
		}
		// ghw adds only what the udev database knows beyond sysfs; without it
		// the description is the one sysfs and the probe give.
		if inv, err := s.inventory(); err == nil {
			for _, disk := range inv {
				if disk.Name == name {
					mergeGHW(&d, disk)
				}
			}
		}
		s.complete(ctx, &d, allowFile)
		if why := s.unlisted(name); why != "" {
			// Not a medium (Discover leaves it out): whatever the safety rules
			// say, it is no target.
			d.Eligible, d.IneligibleReason = false, why
		}
		return d, nil
	}

	fi, err := os.Stat(target)
	if err != nil {
		return Device{}, fmt.Errorf("lookup %s: %w", target, err)
	}
	if !fi.Mode().IsRegular() {
		return Device{}, fmt.Errorf("lookup %s: %w", target, &RefusalError{Path: target, Reason: "neither a block device nor an image file", Err: ErrNotDevice})
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return Device{}, fmt.Errorf("lookup %s: %w", target, err)
	}
	d := Device{
		Path:      abs,
		Name:      filepath.Base(abs),
		Kind:      KindDisk,
		Transport: TransportFile,
		Virtual:   true,
		SizeBytes: fi.Size(),
		// An image file has no sectors; 512 is what a loop device over it reports
		// unless told otherwise.
		LogicalSectorBytes:  512,
		PhysicalSectorBytes: 512,
	}
	s.complete(ctx, &d, allowFile)
	return d, nil
}

// complete applies the safety rules, probes d (bounded by ProbeTimeout) and
// recommends methods. Eligibility comes first because the probe changes nothing
// on a device that may not be touched (see probeHidden).
func (s System) complete(ctx context.Context, d *Device, allowFile bool) {
	s.eligibility(d, allowFile)
	if d.Transport != TransportFile {
		ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
		s.Probe(ctx, d)
		cancel()
	}
	d.Recommendations = Recommend(*d)
}

// completePhone fills in what DiscoverPhones left out. The block-device safety
// rules (CheckEligible) do not apply to a phone, so its eligibility is the one
// DiscoverPhones decided.
func (s System) completePhone(d *Device) {
	d.Kind = KindPhone
	if d.Recommendations == nil {
		d.Recommendations = Recommend(*d)
	}
}

// eligibility sets d.Eligible and d.IneligibleReason from CheckEligible.
func (s System) eligibility(d *Device, allowFile bool) {
	err := s.CheckEligible(d.Path, allowFile)
	if err == nil {
		d.Eligible, d.IneligibleReason = true, ""
		return
	}
	d.Eligible = false
	var refusal *RefusalError
	if errors.As(err, &refusal) {
		d.IneligibleReason = refusal.Reason
		return
	}
	d.IneligibleReason = err.Error()
}

// PhonesTimeout bounds how long Discover waits for DiscoverPhones, which talks
// to every phone (MTP session, ADB queries) one after the other.
const PhonesTimeout = 4 * time.Second

// phonesBounded runs DiscoverPhones, bounded like a probe: a phone that stops
// answering costs the listing its phones, never a hang.
func (s System) phonesBounded(ctx context.Context) ([]Device, error) {
	type result struct {
		phones []Device
		err    error
	}
	r, err := awaitBounded(ctx, PhonesTimeout, func(ctx context.Context) result {
		p, err := s.DiscoverPhones(ctx)
		return result{p, err}
	})
	if err != nil {
		return nil, err
	}
	return r.phones, r.err
}

// awaitBounded runs f in its own goroutine with a context that ends after timeout,
// and waits for it until then plus probeGrace (so that an f which notices its
// deadline and returns its own answer wins). When f has not answered by then,
// awaitBounded returns an error and leaves f running: f must not share memory with
// the caller after that, which is why callers hand it copies.
func awaitBounded[T any](ctx context.Context, timeout time.Duration, f func(context.Context) T) (T, error) {
	fctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan T, 1) // buffered: a late f never blocks
	go func() { done <- f(fctx) }()
	select {
	case r := <-done:
		return r, nil
	case <-fctx.Done():
	}
	grace := time.NewTimer(probeGrace)
	defer grace.Stop()
	select {
	case r := <-done:
		return r, nil
	case <-grace.C:
		var zero T
		return zero, fmt.Errorf("no answer within %s: %w", timeout, context.Cause(fctx))
	}
}

// inventory lists the block devices through ghw, rooted at s.Root.
func (s System) inventory() ([]*block.Disk, error) {
	root := s.Root
	if root == "" {
		root = "/"
	}
	// The chroot is passed explicitly so that a GHW_CHROOT in the environment
	// cannot point the inventory somewhere else than s.Sys.
	info, err := block.New(ghw.WithChroot(root), ghw.WithDisableWarnings())
	if err != nil {
		return nil, fmt.Errorf("block inventory under %s: %w", root, err)
	}
	if _, err := fs.ReadDir(s.Sys, "block"); err != nil {
		// ghw answers an empty list when it cannot read /sys/block; say why.
		return nil, fmt.Errorf("block inventory: %w", err)
	}
	return info.Disks, nil
}

// listable says whether the block device name is a medium to list.
func (s System) listable(name string) bool { return s.unlisted(name) == "" }

// unlisted says why the block device name is not a medium to list, or "" when
// it is. Not listed: RAM disks and zram (memory), device-mapper, MD RAID, NBD,
// zvols and DRBD (layers over other devices; the disks under them are listed,
// and the holder rule refuses them), eMMC boot and RPMB hardware partitions
// (part of the mmcblkN medium), hidden NVMe multipath paths, unused loop devices
// and empty card-reader slots (size 0). An optical drive is listed even when
// empty.
func (s System) unlisted(name string) string {
	for _, layer := range []struct{ prefix, what string }{
		{"ram", "a RAM disk"}, {"zram", "compressed RAM (zram)"}, {"dm-", "a device-mapper device"},
		{"md", "an MD RAID array"}, {"nbd", "a network block device"}, {"zd", "a ZFS volume"}, {"drbd", "a DRBD device"},
	} {
		if strings.HasPrefix(name, layer.prefix) {
			return fmt.Sprintf("%s is %s, not a medium: wipe the disks under it", name, layer.what)
		}
	}
	if strings.HasPrefix(name, "mmcblk") && (strings.Contains(name, "boot") || strings.Contains(name, "rpmb")) {
		return fmt.Sprintf("%s is a hardware partition of an eMMC: wipe the eMMC's user area", name)
	}
	blk := "block/" + name
	if hidden, err := readBool(s.Sys, blk+"/hidden"); err == nil && hidden {
		return fmt.Sprintf("%s is a hidden multipath path", name)
	}
	if size, err := readInt(s.Sys, blk+"/size"); err == nil && size == 0 {
		if strings.HasPrefix(name, "sr") || attrOr(s.Sys, blk+"/device/type") == "5" {
			return ""
		}
		return fmt.Sprintf("%s has no medium (size 0)", name)
	}
	return ""
}

// mergeGHW fills the fields sysfs left empty from ghw's answer, which comes from
// the udev database when udevd runs. It never overrides sysfs. On USB, udev's
// serial is the bridge's iSerial, not the medium's, so it is not taken there.
func mergeGHW(d *Device, disk *block.Disk) {
	known := func(v string) bool { return v != "" && v != ghwUnknown }
	if d.Model == "" && known(disk.Model) {
		d.Model = strings.ReplaceAll(disk.Model, "_", " ") // udev encodes spaces as _
	}
	if d.Serial == "" && known(disk.SerialNumber) && d.Transport != TransportUSB && d.Transport != TransportUAS {
		d.Serial = disk.SerialNumber
	}
	if d.WWN == "" && known(disk.WWN) {
		d.WWN = disk.WWN
	}
	if d.BusPath == "" && known(disk.BusPath) {
		d.BusPath = disk.BusPath
	}
	if d.SizeBytes == 0 && disk.SizeBytes > 0 {
		d.SizeBytes = int64(disk.SizeBytes)
	}
}

// blockName maps a target path to a kernel block device name: /dev/sdb -> sdb,
// and a link such as /dev/disk/by-id/usb-... to the name it points at. It
// answers "" for paths outside the device directory (image files).
func (s System) blockName(target string) string {
	p := filepath.Clean(target)
	if resolved, err := filepath.EvalSymlinks(p); err == nil {
		p = resolved
	}
	dir := filepath.Clean(s.devDir())
	if filepath.Dir(p) != dir {
		return ""
	}
	return path.Base(p)
}
