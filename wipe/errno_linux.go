package wipe

import (
	"errors"
	"syscall"
)

// goneErrno reports errors that say outright that the device is no longer there.
func goneErrno(err error) bool {
	for _, errno := range []syscall.Errno{syscall.ENODEV, syscall.ENXIO, syscall.EBADF, syscall.ENOMEDIUM} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}
