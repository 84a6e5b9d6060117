//go:build !linux

package backup

import "os"

// renameExclusive renames oldpath to newpath unless newpath exists.
func renameExclusive(oldpath, newpath string) error { return renameChecked(oldpath, newpath) }

// dropCache does nothing where the page cache cannot be dropped per file.
func dropCache(f *os.File) {}
