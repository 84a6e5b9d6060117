//go:build !linux

package firmware

import (
	"errors"

	"github.com/wipestation/wipestation/wipe"
)

// TargetOpener reaches block devices; firmware commands exist only on Linux.
type TargetOpener struct{}

// Open fails with errors.ErrUnsupported.
func (TargetOpener) Open(x wipe.Execution) (Drive, error) { return Drive{}, errors.ErrUnsupported }
