package devices

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// blockEntry is one block device as sysfs lists it under block/.
type blockEntry struct {
	Name      string // kernel name: sda, sda1, loop3p1, dm-0
	Dev       string // "major:minor" from block/<disk>[/<part>]/dev
	Disk      string // the whole device it belongs to (its own name for a disk)
	Partition bool   // block/<disk>/<part>/partition exists
}

// blockIndex maps every block device sysfs knows to its whole device.
type blockIndex struct {
	byDev  map[string]blockEntry
	byName map[string]blockEntry
	parts  map[string][]string // disk name -> its partitions' names
	// broken holds, per disk, why its partitions could not be listed: the
	// gate refuses such a disk rather than judge it without them.
	broken map[string]error
}

// readBlockIndex walks block/ of the sysfs tree: one directory (or symlink) per whole
// device, with a subdirectory per partition that holds a "partition" file. A disk
// whose dev cannot be read is left out (it is going away, or cannot be judged:
// the gate refuses what it cannot find); one whose partitions cannot be listed is
// in broken.
func (s System) readBlockIndex() (*blockIndex, error) {
	idx := &blockIndex{byDev: map[string]blockEntry{}, byName: map[string]blockEntry{}, parts: map[string][]string{}, broken: map[string]error{}}
	disks, err := fs.ReadDir(s.Sys, "block")
	if err != nil {
		return nil, fmt.Errorf("read sysfs block: %w", err)
	}
	for _, d := range disks {
		disk := d.Name()
		dev, err := readTrim(s.Sys, path.Join("block", disk, "dev"))
		if err != nil {
			continue
		}
		e := blockEntry{Name: disk, Dev: dev, Disk: disk}
		idx.byDev[dev], idx.byName[disk] = e, e
		subs, err := fs.ReadDir(s.Sys, path.Join("block", disk))
		if err != nil {
			idx.broken[disk] = fmt.Errorf("cannot list block/%s: %w", disk, err)
			continue
		}
		for _, sub := range subs {
			if !sub.IsDir() {
				continue
			}
			dir := path.Join("block", disk, sub.Name())
			if _, err := fs.Stat(s.Sys, path.Join(dir, "partition")); errors.Is(err, fs.ErrNotExist) {
				continue // not a partition (queue/, holders/, ...)
			} else if err != nil {
				idx.broken[disk] = fmt.Errorf("cannot read %s/partition: %w", dir, err)
				continue
			}
			pdev, err := readTrim(s.Sys, path.Join(dir, "dev"))
			if err != nil {
				idx.broken[disk] = fmt.Errorf("cannot read %s/dev: %w", dir, err)
				continue
			}
			p := blockEntry{Name: sub.Name(), Dev: pdev, Disk: disk, Partition: true}
			idx.byDev[pdev], idx.byName[p.Name] = p, p
			idx.parts[disk] = append(idx.parts[disk], p.Name)
		}
	}
	return idx, nil
}

// sysDir is the sysfs directory of a block device or partition.
func (idx *blockIndex) sysDir(name string) string {
	e := idx.byName[name]
	if e.Partition {
		return path.Join("block", e.Disk, e.Name)
	}
	return path.Join("block", name)
}

// underlyingDisks returns the whole devices that name (a disk, partition, dm or md
// device) ultimately lives on, following slaves/ through device mapper and MD. A
// missing slaves/ means none (partitions have none; kernels without MD and device
// mapper create none); any other read error is returned.
func (s System) underlyingDisks(idx *blockIndex, name string, out map[string]bool, depth int) error {
	e, ok := idx.byName[name]
	if !ok || depth > 16 {
		return nil
	}
	dir := path.Join(idx.sysDir(e.Disk), "slaves")
	slaves, err := fs.ReadDir(s.Sys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot read %s: %w", dir, err)
	}
	if len(slaves) == 0 {
		out[e.Disk] = true
		return nil
	}
	for _, sl := range slaves {
		if err := s.underlyingDisks(idx, sl.Name(), out, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func readTrim(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// mount is one line of /proc/self/mountinfo.
type mount struct {
	Dev        string // "major:minor" (field 3)
	MountPoint string // field 5, unescaped
	FSType     string
	Source     string // the mount source after the " - " separator
}

// readMounts parses self/mountinfo from the procfs tree (proc(5)).
func (s System) readMounts() ([]mount, error) {
	b, err := fs.ReadFile(s.Proc, "self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("read mountinfo: %w", err)
	}
	return parseMountInfo(b), nil
}

func parseMountInfo(b []byte) []mount {
	var out []mount
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		sep := -1
		for i, f := range fields {
			if f == "-" && i >= 6 {
				sep = i
				break
			}
		}
		if len(fields) < 5 || sep < 0 || len(fields) < sep+3 {
			continue
		}
		out = append(out, mount{
			Dev:        fields[2],
			MountPoint: unescapeMount(fields[4]),
			FSType:     fields[sep+1],
			Source:     unescapeMount(fields[sep+2]),
		})
	}
	return out
}

// unescapeMount undoes the octal escapes (\040 for a space) of mountinfo and swaps.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readSwaps lists the active swap areas from the procfs tree (swaps: one header
// line, then the file name first on each line).
func (s System) readSwaps() ([]string, error) {
	b, err := fs.ReadFile(s.Proc, "swaps")
	if err != nil {
		return nil, fmt.Errorf("read swaps: %w", err)
	}
	var out []string
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if i == 0 || len(f) == 0 {
			continue
		}
		out = append(out, unescapeMount(f[0]))
	}
	return out, nil
}

// entryForMount finds the block device a mount comes from: by its major:minor, or,
// for file systems that report an anonymous device (btrfs), by its source /dev path.
func (s System) entryForMount(idx *blockIndex, m mount) (blockEntry, bool) {
	if e, ok := idx.byDev[m.Dev]; ok {
		return e, true
	}
	return s.entryForPath(idx, m.Source)
}

// entryForPath maps a /dev path (as /proc/swaps or a mount source names it) to its
// block device, by kernel name.
func (s System) entryForPath(idx *blockIndex, p string) (blockEntry, bool) {
	dev := s.DevDir
	if dev == "" {
		dev = "/dev"
	}
	if !strings.HasPrefix(p, dev+"/") {
		return blockEntry{}, false
	}
	e, ok := idx.byName[path.Base(p)]
	return e, ok
}

// systemDisks returns the whole devices that hold / or /boot (or /boot/efi), and the
// mount point each holds, through partitions, device mapper and MD.
func (s System) systemDisks(idx *blockIndex, mounts []mount) (map[string]string, error) {
	out := map[string]string{}
	for _, m := range mounts {
		switch m.MountPoint {
		case "/", "/boot", "/boot/efi":
		default:
			continue
		}
		e, ok := s.entryForMount(idx, m)
		if !ok {
			continue
		}
		disks := map[string]bool{}
		if err := s.underlyingDisks(idx, e.Name, disks, 0); err != nil {
			return nil, err
		}
		for d := range disks {
			if _, seen := out[d]; !seen {
				out[d] = m.MountPoint
			}
		}
	}
	return out, nil
}
