//go:build !linux

package sgio

import (
	"context"
	"errors"
	"os"
)

// Device sends SCSI commands; SG_IO exists only on Linux.
type Device struct{}

// New returns a Device whose commands all fail with errors.ErrUnsupported.
func New(f *os.File) *Device { return &Device{} }

// Do fails with errors.ErrUnsupported.
func (d *Device) Do(ctx context.Context, req Request) (Response, error) {
	return Response{}, errors.ErrUnsupported
}
