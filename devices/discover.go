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
	"github.com/wipestation/wipestation/msg"
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
		wg.Go(func() {
			s.eligibility(&devs[i], devs[i].Path, false)
			s.complete(ctx, &devs[i])
		})
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
				d := Device{Path: path.Join(s.devDir(), name), Name: name, Kind: KindDisk, DevNumber: attrOr(s.Sys, "class/block/"+name+"/dev")}
				s.eligibility(&d, target, allowFile)
				if d.Eligible { // the rules must refuse a partition; say so if they did not
					d.Eligible, d.Ineligible = false, msg.New(msg.RefusalIsPartition).Ptr()
				}
				d.Recommendations = []Recommendation{}
				return d, nil
			}
			if _, err := os.Stat(target); err != nil {
				return Device{}, fmt.Errorf("lookup %s: %w", target, err) // no such path: a usage error
			}
			return Device{}, fmt.Errorf("lookup %s: %w", target, &RefusalError{Path: target, Reason: msg.New(msg.RefusalNoSuchDevice), Err: ErrNotDevice})
		}
		d, err := s.identifyNamed(name)
		if err != nil {
			return Device{}, fmt.Errorf("lookup %s: %w", target, err)
		}
		s.eligibility(&d, target, allowFile)
		s.complete(ctx, &d)
		if why := s.unlisted(name); why != nil {
			// Not a medium to list (an empty slot, a hidden path): whatever
			// the safety rules say, it is no target.
			d.Eligible, d.Ineligible = false, why
		}
		return d, nil
	}

	fi, err := os.Stat(target)
	if err != nil {
		return Device{}, fmt.Errorf("lookup %s: %w", target, err)
	}
	if !fi.Mode().IsRegular() {
		return Device{}, fmt.Errorf("lookup %s: %w", target, &RefusalError{Path: target, Reason: msg.New(msg.RefusalNotDeviceOrFile), Err: ErrNotDevice})
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
	s.eligibility(&d, abs, allowFile)
	s.complete(ctx, &d)
	return d, nil
}

// identifyNamed describes block device name from sysfs, with what the udev
// database adds beyond it (ghw); without udevd the description is the one sysfs
// gives. The probe is the caller's.
func (s System) identifyNamed(name string) (Device, error) {
	d, err := identifyBlock(s.Sys, s.devDir(), name)
	if err != nil {
		return Device{}, err
	}
	if inv, err := s.inventory(); err == nil {
		for _, disk := range inv {
			if disk.Name == name {
				mergeGHW(&d, disk)
			}
		}
	}
	return d, nil
}

// complete probes d (bounded by ProbeTimeout) and recommends methods. The caller
// sets d's eligibility first, because the probe changes nothing on a device that
// may not be touched (see probeHidden).
func (s System) complete(ctx context.Context, d *Device) {
	if d.Transport != TransportFile {
		ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
		s.Probe(ctx, d)
		cancel()
	}
	d.Recommendations = Recommend(*d)
}

// completePhone fills in what DiscoverPhones left out. The block-device safety
// rules (the gate) do not apply to a phone, so its eligibility is the one
// DiscoverPhones decided.
func (s System) completePhone(d *Device) {
	d.Kind = KindPhone
	if d.Recommendations == nil {
		d.Recommendations = Recommend(*d)
	}
}

// eligibility sets d.Eligible and d.IneligibleReason from the gate. A block device
// is judged by its device number as sysfs gives it (d.DevNumber), so that the
// answer does not depend on which link named it; given is the path the caller
// named it by, for the reason. An image file is judged at d.Path.
func (s System) eligibility(d *Device, given string, allowFile bool) {
	var err error
	if d.Transport == TransportFile {
		err = s.CheckEligible(d.Path, allowFile)
	} else {
		err = s.gate(target{given: given, resolved: d.Path, dev: d.DevNumber}, allowFile, true)
	}
	d.Eligible, d.Ineligible = err == nil, nil
	var refusal *RefusalError
	switch {
	case err == nil:
	case errors.As(err, &refusal) && refusal.Resolved != "":
		d.Ineligible = msg.New(msg.RefusalResolvedReason, refusal.Path, refusal.Resolved, refusal.Reason).Ptr()
	case errors.As(err, &refusal):
		d.Ineligible = refusal.Reason.Ptr()
	default:
		d.Ineligible = msg.Of(err).Ptr()
	}
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
func (s System) listable(name string) bool { return s.unlisted(name) == nil }

// unlisted says why the block device name is not a medium to list, or "" when
// it is. Not listed: hidden NVMe multipath paths, unused loop devices and empty
// card-reader slots (size 0). An optical drive is listed even when empty. What
// may be wiped is not decided here: listed devices carry the gate's answer
// (layered devices, eMMC boot partitions and the like are listed as refused).
func (s System) unlisted(name string) *msg.Message {
	blk := "block/" + name
	if hidden, err := readBool(s.Sys, blk+"/hidden"); err == nil && hidden {
		return msg.New(msg.RefusalHiddenPath, name).Ptr()
	}
	if size, err := readInt(s.Sys, blk+"/size"); err == nil && size == 0 {
		if strings.HasPrefix(name, "sr") || attrOr(s.Sys, blk+"/device/type") == "5" {
			return nil
		}
		return msg.New(msg.RefusalNoMedium, name).Ptr()
	}
	return nil
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

// blockName maps a target path to a kernel block device name: a block device
// node, wherever it is and whatever links lead to it, by its device number
// (/dev/disk/by-id/usb-... -> sdb, /dev/mapper/vg-lv -> dm-0); else a path in the
// device directory by its base name (/dev/sdb -> sdb, also when the node is
// missing). It answers "" for anything else (image files).
func (s System) blockName(target string) string {
	p := filepath.Clean(target)
	if resolved, err := filepath.EvalSymlinks(p); err == nil {
		p = resolved
	}
	// A block device node anywhere (/dev/mapper/NAME is a node, not a link,
	// when dmsetup made it without udev) is named by its device number.
	if t, err := resolveTarget(p); err == nil && t.dev != "" {
		if idx, err := s.readBlockIndex(); err == nil {
			if e, ok := idx.byDev[t.dev]; ok {
				return e.Name
			}
		}
	}
	dir := filepath.Clean(s.devDir())
	if filepath.Dir(p) != dir {
		return ""
	}
	return path.Base(p)
}
