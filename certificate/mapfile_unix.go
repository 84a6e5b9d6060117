//go:build unix

package certificate

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps a font file read-only instead of reading it: the CJK faces are
// about 15 MB each, and a copy of both on the heap would take a wipe process past
// the 64 MiB a job may use, while mapped pages are the page cache's and only those
// the PDF's subset touches come in. The mapping lives as long as the process (the
// Fonts are loaded once); a font file is replaced by its package manager through a
// rename, which leaves the mapped inode intact.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() == 0 {
		return nil, nil
	}
	if fi.Size() != int64(int(fi.Size())) {
		return nil, fmt.Errorf("%s: too large to map", path)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, &os.PathError{Op: "mmap", Path: path, Err: err}
	}
	return b, nil
}
