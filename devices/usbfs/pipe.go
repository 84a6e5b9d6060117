package usbfs

import (
	"errors"
	"fmt"
	"syscall"
	"time"
)

// bulker is the one call a Pipe needs from a device.
type bulker interface {
	Bulk(ep uint8, p []byte, timeout time.Duration) (int, error)
	ClearHalt(ep uint8) error
}

// Pipe is a pair of bulk endpoints of one interface, as an MTP connection wants
// them: Write is one bulk-OUT transfer, Read one bulk-IN transfer, each bounded
// by Timeout. A stalled endpoint is cleared before the error is returned, so the
// next transaction can run. Not safe for concurrent use.
type Pipe struct {
	Dev     bulker
	In, Out uint8
	Timeout time.Duration // per transfer; 0 means 5 s
	// OutMaxPacket is the OUT endpoint's maximum packet size (for zero-length
	// packet decisions by the protocol above).
	OutMaxPacket int
}

func (p *Pipe) timeout() time.Duration {
	if p.Timeout <= 0 {
		return 5 * time.Second
	}
	return p.Timeout
}

// Write sends b in one bulk-OUT transfer.
func (p *Pipe) Write(b []byte) (int, error) {
	n, err := p.Dev.Bulk(p.Out, b, p.timeout())
	return n, p.check(p.Out, err)
}

// Read receives one bulk-IN transfer into b.
func (p *Pipe) Read(b []byte) (int, error) {
	n, err := p.Dev.Bulk(p.In, b, p.timeout())
	return n, p.check(p.In, err)
}

// ErrDisconnected wraps the error of a transfer to a device that is gone.
var ErrDisconnected = errors.New("device disconnected")

func (p *Pipe) check(ep uint8, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EPIPE):
		_ = p.Dev.ClearHalt(ep) // best effort: the stall itself is the error reported
	case errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ESHUTDOWN):
		return fmt.Errorf("%w: %w", ErrDisconnected, err)
	}
	return err
}
