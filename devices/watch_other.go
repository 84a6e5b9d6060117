//go:build !linux

package devices

import (
	"context"
	"errors"
	"fmt"
)

// Watch reports media as they arrive and leave. Kernel uevents are Linux only.
func (s System) Watch(ctx context.Context) (<-chan DeviceEvent, error) {
	return nil, fmt.Errorf("watch uevents: %w", errors.ErrUnsupported)
}
