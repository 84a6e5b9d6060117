package backup

import (
	"fmt"
	"os"
)

// renameChecked renames oldpath to newpath after checking that newpath does not
// exist.
func renameChecked(oldpath, newpath string) error {
	if _, err := os.Lstat(newpath); err == nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: os.ErrExist}
	} else if !os.IsNotExist(err) {
		return fmt.Errorf("check %s: %w", newpath, err)
	}
	return os.Rename(oldpath, newpath)
}
