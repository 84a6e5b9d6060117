package backup

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// renameExclusive renames oldpath to newpath unless newpath exists (an error that
// is os.ErrExist). File systems without RENAME_NOREPLACE (some network ones) get a
// check before a plain rename, which only a concurrent writer of the same name
// could race.
func renameExclusive(oldpath, newpath string) error {
	err := unix.Renameat2(unix.AT_FDCWD, oldpath, unix.AT_FDCWD, newpath, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return renameChecked(oldpath, newpath)
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

// dropCacheRange asks the kernel to forget n cached bytes of f from off (after a
// sync), so that a read-back comes from the medium. It is advice: failure changes
// nothing.
func dropCacheRange(f *os.File, off, n int64) {
	_ = unix.Fadvise(int(f.Fd()), off, n, unix.FADV_DONTNEED)
}
