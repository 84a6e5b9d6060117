//go:build !linux

package devices

import (
	"context"
	"errors"
)

func (s System) probeDevice(ctx context.Context, d *Device) {
	probeErr(d, "probe", errors.ErrUnsupported)
}
