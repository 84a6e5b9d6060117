package devices

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"syscall"

	"github.com/wipestation/wipestation/msg"
	"golang.org/x/sys/unix"
)

// devNumber is "major:minor" of the device file fi describes.
func devNumber(fi fs.FileInfo) (string, error) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", errors.New("no device number in stat")
	}
	return fmt.Sprintf("%d:%d", unix.Major(uint64(st.Rdev)), unix.Minor(uint64(st.Rdev))), nil
}

// OpenForWipe is the one way to open a target for a destructive or checking job. It
// applies every rule of CheckEligible, opens the block device with O_EXCL (EBUSY:
// ErrInUse), then checks that the opened device is the one want describes (device
// number, size and serial where known: ErrIdentity). Fields of want left zero are
// not compared. Data access uses O_DIRECT unless opts.Buffered, or the target cannot
// do it (then Opened.DirectNote says so).
func (s System) OpenForWipe(p string, want Device, opts OpenOptions) (*Opened, error) {
	if err := s.checkEligible(p, opts.AllowFile, !opts.ReadOnly); err != nil {
		return nil, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	isFile := fi.Mode().IsRegular()
	flags := unix.O_CLOEXEC
	if opts.ReadOnly {
		flags |= unix.O_RDONLY
	} else {
		flags |= unix.O_RDWR
	}
	if !isFile {
		flags |= unix.O_EXCL
	}
	if opts.NonBlock {
		flags |= unix.O_NONBLOCK
	}
	o := &Opened{Path: p, IsFile: isFile, sys: s, LogicalSectorBytes: 512}
	var f *os.File
	if !opts.Buffered {
		f, err = os.OpenFile(p, flags|unix.O_DIRECT, 0)
		if errors.Is(err, unix.EINVAL) {
			o.DirectNote = msg.New(msg.OverwriteNoDirectIO)
			f, err = os.OpenFile(p, flags, 0)
		} else if err == nil {
			o.Direct = true
		}
	} else {
		f, err = os.OpenFile(p, flags, 0)
		o.DirectNote = msg.New(msg.OverwriteBuffered)
	}
	if err != nil {
		if errors.Is(err, unix.EBUSY) {
			return nil, refuse(p, ErrInUse, msg.New(msg.RefusalInUse))
		}
		if errors.Is(err, unix.EROFS) || errors.Is(err, unix.EACCES) && !opts.ReadOnly {
			return nil, refuse(p, ErrReadOnly, msg.New(msg.RefusalCannotOpenForWriting, err))
		}
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	o.File = f
	if err := o.identify(fi, want); err != nil {
		f.Close()
		return nil, err
	}
	if isFile && o.Direct {
		if o.tail, err = os.OpenFile(p, unix.O_RDWR|unix.O_CLOEXEC, 0); err != nil {
			f.Close()
			return nil, fmt.Errorf("open %s: %w", p, err)
		}
	}
	return o, nil
}

// identify checks that the open descriptor is the device that was checked and
// selected, and fills in size, sector and device number.
func (o *Opened) identify(pathInfo fs.FileInfo, want Device) error {
	var st unix.Stat_t
	if err := unix.Fstat(int(o.File.Fd()), &st); err != nil {
		return fmt.Errorf("identify %s: %w", o.Path, os.NewSyscallError("fstat", err))
	}
	ps, _ := pathInfo.Sys().(*syscall.Stat_t)
	if ps == nil || uint64(ps.Rdev) != uint64(st.Rdev) || uint64(ps.Ino) != uint64(st.Ino) {
		return refuse(o.Path, ErrIdentity, msg.New(msg.RefusalPathChanged))
	}
	if o.IsFile {
		o.SizeBytes = st.Size
	} else {
		o.DevNumber = fmt.Sprintf("%d:%d", unix.Major(uint64(st.Rdev)), unix.Minor(uint64(st.Rdev)))
		size, err := unix.IoctlGetUint64(int(o.File.Fd()), unix.BLKGETSIZE64)
		if err != nil {
			return fmt.Errorf("identify %s: %w", o.Path, &os.PathError{Op: "ioctl(BLKGETSIZE64)", Path: o.Path, Err: err})
		}
		o.SizeBytes = int64(size)
		if ss, err := unix.IoctlGetInt(int(o.File.Fd()), unix.BLKSSZGET); err == nil && ss > 0 {
			o.LogicalSectorBytes = ss
		}
	}
	if want.DevNumber != "" && !o.IsFile && want.DevNumber != o.DevNumber {
		return refuse(o.Path, ErrIdentity, msg.New(msg.RefusalDevNumberChanged, o.DevNumber, want.DevNumber))
	}
	if want.SizeBytes > 0 && want.SizeBytes != o.SizeBytes {
		return refuse(o.Path, ErrIdentity, msg.New(msg.RefusalSizeChanged, o.SizeBytes, want.SizeBytes))
	}
	if want.Serial != "" && !o.IsFile {
		if now := o.sys.serialNow(o.DevNumber, want.Serial); !sameSerial(want.Serial, now) {
			if normalizeSerial(now) == "" {
				return refuse(o.Path, ErrIdentity, msg.New(msg.RefusalSerialUnreadable, strconv.Quote(want.Serial)))
			}
			return refuse(o.Path, ErrIdentity, msg.New(msg.RefusalSerialChanged, strconv.Quote(now), strconv.Quote(want.Serial)))
		}
	}
	return nil
}

// serialNow reads the serial of the whole device dev again the way selection did
// (Lookup): sysfs, the udev database, then the device itself (Probe, bounded by
// ProbeTimeout) when those do not already say want. The probe of a device that
// is not marked eligible changes nothing on it. "" when nothing answers.
func (s System) serialNow(dev, want string) string {
	idx, err := s.readBlockIndex()
	if err != nil {
		return ""
	}
	e, ok := idx.byDev[dev]
	if !ok {
		return ""
	}
	d, err := s.identifyNamed(e.Disk)
	if err != nil {
		return ""
	}
	if sameSerial(want, d.Serial) {
		return d.Serial
	}
	ctx, cancel := context.WithTimeout(context.Background(), ProbeTimeout)
	defer cancel()
	s.Probe(ctx, &d)
	return d.Serial
}

// WriteAt writes through O_DIRECT, or through the buffered descriptor for a request
// O_DIRECT cannot take (the unaligned tail of an image file).
func (o *Opened) WriteAt(b []byte, off int64) (int, error) {
	if o.tail != nil && (off%int64(o.LogicalSectorBytes) != 0 || len(b)%o.LogicalSectorBytes != 0) {
		return o.tail.WriteAt(b, off)
	}
	return o.File.WriteAt(b, off)
}

// ReadAt reads like WriteAt writes.
func (o *Opened) ReadAt(b []byte, off int64) (int, error) {
	if o.tail != nil && (off%int64(o.LogicalSectorBytes) != 0 || len(b)%o.LogicalSectorBytes != 0) {
		return o.tail.ReadAt(b, off)
	}
	return o.File.ReadAt(b, off)
}

// Sync makes written data durable (fdatasync).
func (o *Opened) Sync() error {
	if o.tail != nil {
		if err := unix.Fdatasync(int(o.tail.Fd())); err != nil {
			return os.NewSyscallError("fdatasync", err)
		}
	}
	if err := unix.Fdatasync(int(o.File.Fd())); err != nil {
		return os.NewSyscallError("fdatasync", err)
	}
	return nil
}

// Alive reports an error once the device is gone: its sysfs entry
// (dev/block/<major:minor>) has disappeared or its size reads 0 (the kernel sets the
// capacity of a removed disk to 0).
func (o *Opened) Alive() error {
	if o.IsFile {
		var st unix.Stat_t
		if err := unix.Fstat(int(o.File.Fd()), &st); err != nil {
			return os.NewSyscallError("fstat", err)
		}
		return nil
	}
	if _, err := fs.Stat(o.sys.Sys, path.Join("dev", "block", o.DevNumber)); err != nil {
		return fmt.Errorf("%s no longer in sysfs", o.DevNumber)
	}
	size, err := unix.IoctlGetUint64(int(o.File.Fd()), unix.BLKGETSIZE64)
	if err != nil {
		return os.NewSyscallError("ioctl(BLKGETSIZE64)", err)
	}
	if size == 0 {
		return errors.New("capacity dropped to 0")
	}
	return nil
}

// DropCache evicts the target's cached pages so that a read-back reaches the medium,
// and says in words what it did. With O_DIRECT there is nothing to drop.
func (o *Opened) DropCache() (msg.Message, error) {
	if o.Direct && (o.tail == nil || o.SizeBytes%int64(o.LogicalSectorBytes) == 0) {
		return msg.New(msg.OverwriteReadDirect), nil
	}
	if err := o.Sync(); err != nil {
		return msg.Message{}, err
	}
	fd := int(o.File.Fd())
	if !o.IsFile {
		if err := unix.IoctlSetInt(fd, unix.BLKFLSBUF, 0); err != nil {
			return msg.Message{}, os.NewSyscallError("ioctl(BLKFLSBUF)", err)
		}
		return msg.New(msg.OverwriteFlushedBuffers), nil
	}
	if err := unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED); err != nil {
		return msg.Message{}, os.NewSyscallError("fadvise(DONTNEED)", err)
	}
	if o.Direct {
		return msg.New(msg.OverwriteDirectUnalignedTail), nil
	}
	return msg.New(msg.OverwriteDroppedPages), nil
}

// ExpectSize accepts a new size for the opened target after its capacity was
// changed on purpose (wipe --restore-hidden): it reads the size again from the
// open descriptor (BLKGETSIZE64, or fstat for an image file) and, for a block
// device, from sysfs, and takes want as the target's size only when they all say
// exactly want. Otherwise the size stays what it was and the error is an
// ErrIdentity refusal; now is what the descriptor reports. This is the only way
// the size checked at open changes, and only to the one value the caller expects.
func (o *Opened) ExpectSize(want int64) (now int64, err error) {
	fd := int(o.File.Fd())
	if o.IsFile {
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			return 0, fmt.Errorf("size of %s: %w", o.Path, os.NewSyscallError("fstat", err))
		}
		now = st.Size
	} else {
		size, err := unix.IoctlGetUint64(fd, unix.BLKGETSIZE64)
		if err != nil {
			return 0, fmt.Errorf("size of %s: %w", o.Path, os.NewSyscallError("ioctl(BLKGETSIZE64)", err))
		}
		now = int64(size)
	}
	if now != want {
		return now, refuse(o.Path, ErrIdentity, msg.New(msg.RefusalCapacityMismatch, now, want))
	}
	if !o.IsFile {
		sectors, err := readTrim(o.sys.Sys, path.Join("dev", "block", o.DevNumber, "size"))
		if err != nil {
			return now, fmt.Errorf("size of %s: %w", o.Path, err)
		}
		if n, err := strconv.ParseInt(sectors, 10, 64); err != nil || n*512 != want {
			return now, refuse(o.Path, ErrIdentity, msg.New(msg.RefusalSysfsCapacityMismatch, sectors, want))
		}
	}
	o.SizeBytes = want
	return now, nil
}
