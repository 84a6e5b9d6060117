//go:build !linux

package backup

import "os"

// renameExclusive renames oldpath to newpath unless newpath exists.
func renameExclusive(oldpath, newpath string) error { return renameChecked(oldpath, newpath) }

// dropCacheRange does nothing where the page cache cannot be dropped per file.
func dropCacheRange(f *os.File, off, n int64) {}
