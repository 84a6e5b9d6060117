//go:build !linux

package devices

import (
	"context"
	"errors"
	"fmt"

	"github.com/wipestation/wipestation/devices/mtp"
)

// OpenMTP is only available on Linux (usbfs).
func OpenMTP(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
	return nil, nil, fmt.Errorf("open mtp %s: %w", node, errors.ErrUnsupported)
}
