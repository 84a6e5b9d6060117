//go:build !linux

package devices

import (
	"errors"
	"fmt"
	"github.com/wipestation/wipestation/msg"
	"io/fs"
)

func devNumber(fi fs.FileInfo) (string, error) { return "", errors.ErrUnsupported }

// OpenForWipe is only implemented on Linux.
func (s System) OpenForWipe(p string, want Device, opts OpenOptions) (*Opened, error) {
	return nil, fmt.Errorf("open %s: %w", p, errors.ErrUnsupported)
}

// WriteAt is only implemented on Linux.
func (o *Opened) WriteAt(b []byte, off int64) (int, error) { return 0, errors.ErrUnsupported }

// ReadAt is only implemented on Linux.
func (o *Opened) ReadAt(b []byte, off int64) (int, error) { return 0, errors.ErrUnsupported }

// Sync is only implemented on Linux.
func (o *Opened) Sync() error { return errors.ErrUnsupported }

// Alive is only implemented on Linux.
func (o *Opened) Alive() error { return errors.ErrUnsupported }

// DropCache is only implemented on Linux.
func (o *Opened) DropCache() (msg.Message, error) { return msg.Message{}, errors.ErrUnsupported }

// ExpectSize is only implemented on Linux.
func (o *Opened) ExpectSize(want int64) (int64, error) { return 0, errors.ErrUnsupported }
