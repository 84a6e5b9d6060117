package devices

import (
	"errors"
	"fmt"
	"github.com/wipestation/wipestation/msg"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// OpenOptions say how OpenForWipe opens a target.
type OpenOptions struct {
	// AllowFile permits regular image files (demo mode, --allow-file).
	AllowFile bool
	// Buffered skips O_DIRECT (firmware commands and optical drives need no data path).
	Buffered bool
	// ReadOnly opens for reading only (read-only checks); the read-only rule is then
	// not applied.
	ReadOnly bool
	// NonBlock adds O_NONBLOCK (optical drives open without a disc).
	NonBlock bool
}

// Opened is a target opened through every safety check: exclusive (O_EXCL) for a
// block device, identity checked against what was selected. Close releases it.
type Opened struct {
	// File is the open target; O_DIRECT when Direct is true.
	File *os.File
	Path string
	// Direct says reads and writes bypass the page cache. DirectNote says why not,
	// when they do not (tmpfs files have no O_DIRECT): it goes into the record.
	Direct     bool
	DirectNote msg.Message
	// IsFile marks a regular image file.
	IsFile bool
	// SizeBytes is the size found at open (BLKGETSIZE64, or the file size).
	SizeBytes int64
	// LogicalSectorBytes is BLKSSZGET (512 for files).
	LogicalSectorBytes int
	// DevNumber is "major:minor" of a block device.
	DevNumber string

	// tail is a second, buffered descriptor of an image file, for a last request
	// that O_DIRECT cannot take (a size not a multiple of the sector).
	tail *os.File
	sys  System
}

// Close closes the target.
func (o *Opened) Close() error {
	if o.tail != nil {
		o.tail.Close()
	}
	return o.File.Close()
}

// normalizeSerial makes one serial comparable with another read the same way
// again: it trims ASCII white space and NUL bytes at both ends (the padding of
// SCSI VPD page 80h and of ATA IDENTIFY words 10-19, and sysfs's newline).
// Nothing else changes: not the case, not inner spaces, not leading zeros or a
// "0x" prefix. Byte order is not guessed either: every reader decodes ATA strings
// in character order (libata for VPD page 80h, ata.IdentifyData.Serial for
// IDENTIFY), so a serial that only matches byte-swapped is a different string,
// and a different string refuses.
func normalizeSerial(s string) string {
	return strings.Trim(s, " \t\r\n\x00")
}

// sameSerial compares a serial captured at selection with one read again the same
// way, exactly after normalizeSerial. A serial known at selection that cannot be
// read again is a mismatch: the device can no longer be shown to be the one
// selected. The other direction never reaches here: with no serial at selection
// there is nothing to compare (OpenForWipe compares only what want has).
func sameSerial(want, now string) bool {
	w, n := normalizeSerial(want), normalizeSerial(now)
	return w != "" && w == n
}

// Size is the target's size in bytes, as found at open.
func (o *Opened) Size() int64 { return o.SizeBytes }

// Alignment is the unit O_DIRECT requests must be multiples of: the logical sector.
func (o *Opened) Alignment() int { return o.LogicalSectorBytes }

// CaptureIdentity reads what identifies the block device at path right now: its
// device number and size (sysfs dev/block/<major:minor>/size, in 512-byte units).
// It only stats the node and reads sysfs. A job keeps these from selection, and
// OpenForWipe compares them again right before the first write.
func (s System) CaptureIdentity(path string) (dev string, sizeBytes int64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", 0, fmt.Errorf("identify %s: %w", path, err)
	}
	if fi.Mode()&fs.ModeDevice == 0 || fi.Mode()&fs.ModeCharDevice != 0 {
		return "", 0, fmt.Errorf("identify %s: %w", path, ErrNotDevice)
	}
	if dev, err = devNumber(fi); err != nil {
		return "", 0, fmt.Errorf("identify %s: %w", path, err)
	}
	sectors, err := readTrim(s.Sys, "dev/block/"+dev+"/size")
	if err != nil {
		return dev, 0, fmt.Errorf("identify %s: %w", path, err)
	}
	n, err := strconv.ParseInt(sectors, 10, 64)
	if err != nil {
		return dev, 0, fmt.Errorf("identify %s: size %q: %w", path, sectors, err)
	}
	return dev, n * 512, nil
}

// ErrNoSysWrite says the System cannot write sysfs (System.SysWrite is nil).
var ErrNoSysWrite = errors.New("no sysfs writer")

// writeHostSys writes one existing attribute under /sys; it never creates files.
func writeHostSys(name string, value []byte) error {
	if !fs.ValidPath(name) {
		return fmt.Errorf("write sysfs %s: %w", name, fs.ErrInvalid)
	}
	f, err := os.OpenFile(path.Join("/sys", name), os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write sysfs %s: %w", name, err)
	}
	if _, err := f.Write(value); err != nil {
		f.Close()
		return fmt.Errorf("write sysfs %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write sysfs %s: %w", name, err)
	}
	return nil
}

// RescanCapacity asks the kernel to read the capacity of the opened disk again
// (writes 1 to class/block/NAME/device/rescan, the SCSI rescan) after the drive's
// capacity was changed on purpose (wipe --restore-hidden). An image file needs no
// rescan. It does not change what the job accepts: ExpectSize decides that.
func (s System) RescanCapacity(o *Opened) error {
	if o.IsFile {
		return nil
	}
	if s.SysWrite == nil {
		return fmt.Errorf("rescan %s: %w", o.Path, ErrNoSysWrite)
	}
	idx, err := s.readBlockIndex()
	if err != nil {
		return fmt.Errorf("rescan %s: %w", o.Path, err)
	}
	e, ok := idx.byDev[o.DevNumber]
	if !ok {
		return fmt.Errorf("rescan %s: device %s not in sysfs", o.Path, o.DevNumber)
	}
	return s.SysWrite(path.Join("class", "block", e.Disk, "device", "rescan"), []byte("1"))
}
