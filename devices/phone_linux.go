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
// returns an MTP connection. Each bulk transfer is bounded by 5 s.
func OpenMTP(ctx context.Context, node string) (*mtp.Conn, func() error, error) {
	dev, err := usbfs.Open(node)
	if err != nil {
		return nil, nil, err
	}
	pipe, it, err := dev.ClaimBulk(6, 1, 1, 5*time.Second)
	if err != nil {
		var err2 error
		if pipe, it, err2 = dev.ClaimBulk(0xff, 0xff, 0, 5*time.Second); err2 != nil {
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
	return mtp.NewConn(pipe, mtp.Options{}), closeFn, nil
}
