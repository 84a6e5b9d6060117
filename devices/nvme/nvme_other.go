//go:build !linux

package nvme

import (
	"context"
	"errors"
	"os"
)

// Device sends admin commands; the passthrough ioctl exists only on Linux.
type Device struct{}

// New returns a Device whose commands fail with errors.ErrUnsupported.
func New(f *os.File) *Device { return &Device{} }

// Admin fails with errors.ErrUnsupported.
func (d *Device) Admin(ctx context.Context, cmd Command) (uint32, error) {
	return 0, errors.ErrUnsupported
}

// NamespaceID fails with errors.ErrUnsupported.
func (d *Device) NamespaceID() (uint32, error) { return 0, errors.ErrUnsupported }
