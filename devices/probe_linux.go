//go:build linux

package devices

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
)

// probeDevice opens the device read-only (O_NONBLOCK, so that an empty optical
// drive opens) and probes it through the transport its name and Transport suggest.
func (s System) probeDevice(ctx context.Context, d *Device) {
	path := d.Path
	if path == "" && d.Name != "" {
		path = filepath.Join(s.DevDir, d.Name)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		probeErr(d, "open for probing", err)
		return
	}
	defer f.Close()
	name := d.Name
	if name == "" {
		name = filepath.Base(path)
	}
	if d.Transport == TransportNVMe || strings.HasPrefix(name, "nvme") {
		n := nvme.New(f)
		nsid, err := n.NamespaceID()
		if err != nil {
			probeErr(d, "nvme namespace id", err)
			return
		}
		ProbeNVMe(ctx, n, nsid, d)
		return
	}
	ProbeSCSI(ctx, sgio.New(f), d)
}
