//go:build !linux

package usbfs

import (
	"errors"
	"fmt"
	"time"
)

// Device is an open usbfs device node (Linux only).
type Device struct{}

// Open is only available on Linux.
func Open(path string) (*Device, error) {
	return nil, fmt.Errorf("open usb device %s: %w", path, errors.ErrUnsupported)
}

// Descriptors is only available on Linux.
func (d *Device) Descriptors() Descriptors { return Descriptors{} }

// Close is only available on Linux.
func (d *Device) Close() error { return errors.ErrUnsupported }

// Claim is only available on Linux.
func (d *Device) Claim(n uint8) error { return errors.ErrUnsupported }

// Release is only available on Linux.
func (d *Device) Release(n uint8) error { return errors.ErrUnsupported }

// ClearHalt is only available on Linux.
func (d *Device) ClearHalt(ep uint8) error { return errors.ErrUnsupported }

// Bulk is only available on Linux.
func (d *Device) Bulk(ep uint8, p []byte, timeout time.Duration) (int, error) {
	return 0, errors.ErrUnsupported
}

// ClaimBulk is only available on Linux.
func (d *Device) ClaimBulk(class, subClass, protocol uint8, timeout time.Duration) (*Pipe, Interface, error) {
	return nil, Interface{}, errors.ErrUnsupported
}
