package devices

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// sysfs helpers. Every read goes through an fs.FS rooted at the sysfs mount
// (System.Sys), so that tests point discovery at captured trees under testdata.
//
// sysfs is a tree of real directories under devices/ with symbolic links into it
// from block/, class/ and bus/. os.DirFS follows links when it opens a file, so
// reading "block/sda/device/model" works as on the real /sys; but the transport and
// the bus path are read from the *resolved* device path
// (devices/pci0000:00/.../block/sda), which needs the link target itself. Go 1.25
// added fs.ReadLinkFS (os.DirFS and fstest.MapFS implement it), so resolveLink
// below reads link targets through the same fs.FS rather than through the os
// package and a hard-coded root.

// readSysAttr reads one sysfs attribute and trims the trailing newline and the
// padding the kernel puts after SCSI inquiry strings ("QEMU    ").
func readSysAttr(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// attrOr reads an attribute, answering "" when it is absent or unreadable: used
// for the many attributes that only some devices have (device/serial,
// device/wwid). The caller decides what an empty answer means.
func attrOr(fsys fs.FS, name string) string {
	s, err := readSysAttr(fsys, name)
	if err != nil {
		return ""
	}
	return s
}

// readInt reads a decimal integer attribute (size, queue/logical_block_size).
func readInt(fsys fs.FS, name string) (int64, error) {
	s, err := readSysAttr(fsys, name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parse %s: %w", name, err)
	}
	return n, nil
}

// readBool reads a 0/1 attribute (removable, ro, queue/rotational).
func readBool(fsys fs.FS, name string) (bool, error) {
	n, err := readInt(fsys, name)
	if err != nil {
		return false, err
	}
	return n != 0, nil
}

// resolveLink returns the real path of name (relative to the root of fsys), with
// every symbolic link along it followed, like realpath(3):
// "block/sda" -> "devices/pci0000:00/0000:00:1f.2/ata1/.../block/sda", and
// "block/nvme0n1/device" -> "devices/.../nvme/nvme0" (a link inside a linked
// directory is relative to the directory's real place, not to block/). sysfs
// links are relative ("../devices/..."); an absolute target ("/sys/devices/...")
// is taken relative to the sysfs root. name must exist.
func resolveLink(fsys fs.FS, name string) (string, error) {
	return realPath(fsys, path.Clean(name), 0)
}

// maxLinkDepth bounds link chains; sysfs needs two, a broken tree might loop.
const maxLinkDepth = 16

func realPath(fsys fs.FS, name string, depth int) (string, error) {
	if depth > maxLinkDepth {
		return "", fmt.Errorf("resolve %s: too many levels of links", name)
	}
	cur := "."
	for _, elem := range strings.Split(name, "/") {
		next := path.Join(cur, elem)
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", name, err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, err := fs.ReadLink(fsys, next)
			if err != nil {
				return "", fmt.Errorf("resolve %s: %w", name, err)
			}
			if strings.HasPrefix(target, "/") {
				// Absolute targets name the real /sys; strip it so the path
				// stays inside fsys.
				target = path.Clean(strings.TrimPrefix(strings.TrimPrefix(target, "/sys"), "/"))
			} else {
				target = path.Join(cur, target)
			}
			if target == ".." || strings.HasPrefix(target, "../") {
				return "", fmt.Errorf("resolve %s: link %s leaves the sysfs root", name, next)
			}
			if next, err = realPath(fsys, target, depth+1); err != nil {
				return "", err
			}
		}
		cur = next
	}
	return cur, nil
}

// linkBase returns the last element of a link's target: the driver name of a
// "driver" link ("usb-storage", "uas", "virtio_blk"), "" when there is no link.
func linkBase(fsys fs.FS, name string) string {
	target, err := fs.ReadLink(fsys, name)
	if err != nil {
		return ""
	}
	return path.Base(target)
}

// exists reports whether name exists in fsys (following links).
func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}
