package vmlab

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// File is one entry of the guest's initramfs.
type File struct {
	// Path is the absolute path inside the guest (/bin/wipestation).
	Path string
	// Data is the content of a regular file; ignored for directories and devices.
	Data []byte
	// Mode holds the permission bits (0o755); the type comes from the other fields.
	Mode uint32
	// Dir makes a directory.
	Dir bool
	// CharDevice, when set, makes a character device node with this major:minor.
	CharDevice *[2]uint32
}

// The file type bits of a newc header's mode (stat(2) S_IF*).
const (
	modeDir  = 0o040000
	modeReg  = 0o100000
	modeChar = 0o020000
)

// cpioNewc returns the files as a "new ASCII" (newc) cpio archive, the format the
// kernel unpacks into the initramfs (Documentation/driver-api/early-userspace/
// buffer-format.rst). Parent directories are added where missing, entries come out
// sorted by path so that parents precede children and the archive is reproducible.
func cpioNewc(files []File) ([]byte, error) {
	byPath := map[string]File{}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "/") || path.Clean(f.Path) != f.Path || f.Path == "/" {
			return nil, fmt.Errorf("initramfs entry %q: not a clean absolute path", f.Path)
		}
		if _, dup := byPath[f.Path]; dup {
			return nil, fmt.Errorf("initramfs entry %q: given twice", f.Path)
		}
		byPath[f.Path] = f
		for dir := path.Dir(f.Path); dir != "/"; dir = path.Dir(dir) {
			existing, ok := byPath[dir]
			if !ok {
				byPath[dir] = File{Path: dir, Dir: true, Mode: 0o755}
			} else if !existing.Dir {
				return nil, fmt.Errorf("initramfs entry %q: %s is not a directory", f.Path, dir)
			}
		}
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)

	var buf bytes.Buffer
	ino := uint32(1)
	for _, p := range paths {
		f := byPath[p]
		var mode, rmaj, rmin uint32
		data := f.Data
		switch {
		case f.Dir:
			mode, data = modeDir|f.Mode, nil
		case f.CharDevice != nil:
			mode, data = modeChar|f.Mode, nil
			rmaj, rmin = f.CharDevice[0], f.CharDevice[1]
		default:
			mode = modeReg | f.Mode
		}
		nlink := uint32(1)
		if f.Dir {
			nlink = 2
		}
		writeNewcEntry(&buf, strings.TrimPrefix(p, "/"), ino, mode, nlink, rmaj, rmin, data)
		ino++
	}
	writeNewcEntry(&buf, "TRAILER!!!", 0, 0, 1, 0, 0, nil)
	return buf.Bytes(), nil
}

// writeNewcEntry appends one newc header, name and data, each padded to 4 bytes.
func writeNewcEntry(w *bytes.Buffer, name string, ino, mode, nlink, rdevMajor, rdevMinor uint32, data []byte) {
	// magic, then 13 fields of 8 hex digits: ino mode uid gid nlink mtime filesize
	// devmajor devminor rdevmajor rdevminor namesize check. mtime 0: reproducible.
	fmt.Fprintf(w, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdevMajor, rdevMinor, len(name)+1, 0)
	w.WriteString(name)
	w.WriteByte(0)
	pad4(w)
	w.Write(data)
	pad4(w)
}

func pad4(w *bytes.Buffer) {
	for w.Len()%4 != 0 {
		w.WriteByte(0)
	}
}

// writeInitramfs writes the files as an uncompressed newc archive. The kernel takes
// it as is; compressing would cost more than it saves: gzip on the host for every
// boot (slow under -race) and gunzip in the guest under software emulation, to
// spare a memory copy.
func writeInitramfs(w io.Writer, files []File) error {
	archive, err := cpioNewc(files)
	if err != nil {
		return err
	}
	if _, err := w.Write(archive); err != nil {
		return fmt.Errorf("write initramfs: %w", err)
	}
	return nil
}
