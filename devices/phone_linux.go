//go:build linux

package devices

import (
	"context"
	"time"

	"github.com/wipestation/wipestation/devices/mtp"
	"github.com/wipestation/wipestation/devices/usbfs"
)

// OpenMTP opens the phone at the usbfs node, claims its MTP interface (class
// 06/01/01, or the vendor-specific ff/ff/00 that many Android phones use) and
// returns an MTP connection. Each bulk transfer is bounded by 5 s, or by half of
// what is left before ctx's deadline (a listing bounded to a few seconds must not
// wait 5 s on one silent phone).
func OpenMTP(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
	timeout := 5 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		timeout = max(min(timeout, time.Until(dl)/2), 100*time.Millisecond)
	}
	dev, err := usbfs.Open(node)
	if err != nil {
		return nil, nil, err
	}
	pipe, it, err := dev.ClaimBulk(6, 1, 1, timeout)
	if err != nil {
		var err2 error
		if pipe, it, err2 = dev.ClaimBulk(0xff, 0xff, 0, timeout); err2 != nil {
			dev.Close()
			return nil, nil, err
		}
	}
	closeFn := func() error {
		_ = dev.Release(it.Number)
		return dev.Close()
	}
	// No zero-length packets: QEMU's usb-mtp stalls on one (seen in the VM lab),
	// and the only data phases sent here (wipe/mtpclear's fill) are sized so that
	// they end in a short packet anyway.
	return mtp.NewConn(pipe, mtp.Options{ResponseWait: responseWait(ctx)}), closeFn, nil
}

// responseWait bounds a transaction's wait for an answer: 60 s, or what is left
// before ctx's deadline.
func responseWait(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return max(min(60*time.Second, time.Until(dl)), 100*time.Millisecond)
	}
	return 60 * time.Second
}
