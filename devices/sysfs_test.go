package devices

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestResolveLink(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := fstest.MapFS{
		"devices/pci0000:00/0000:00:04.0/nvme/nvme1/model":           {Data: []byte("QEMU NVMe Ctrl\n")},
		"devices/virtual/nvme-subsystem/nvme-subsys1/nvme1":          link("../../../pci0000:00/0000:00:04.0/nvme/nvme1"),
		"devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1/device": link("../../nvme-subsys1"),
		"devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1/size":   {Data: []byte("8\n")},
		"block/nvme1n1":  link("../devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1"),
		"block/abs":      link("/sys/devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1"),
		"block/escape":   link("../../etc"),
		"block/loopy":    link("loopy"),
		"block/dangling": link("../devices/nothing"),
	}
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{name: "block link", in: "block/nvme1n1", want: "devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1"},
		// The device link is relative to the real directory, not to block/.
		{name: "link inside a linked directory", in: "block/nvme1n1/device", want: "devices/virtual/nvme-subsystem/nvme-subsys1"},
		{name: "link to a link", in: "block/nvme1n1/device/nvme1", want: "devices/pci0000:00/0000:00:04.0/nvme/nvme1"},
		{name: "absolute target", in: "block/abs", want: "devices/virtual/nvme-subsystem/nvme-subsys1/nvme1n1"},
		{name: "real directory", in: "devices/pci0000:00", want: "devices/pci0000:00"},
		{name: "escapes the root", in: "block/escape", wantErr: true},
		{name: "loop", in: "block/loopy", wantErr: true},
		{name: "dangling", in: "block/dangling", wantErr: true},
		{name: "missing", in: "block/sdz", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := resolveLink(fsys, tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("resolveLink(%s) = %q, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("resolveLink(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	t.Run("missing is ErrNotExist", func(t *testing.T) {
		if _, err := resolveLink(fsys, "block/sdz"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want fs.ErrNotExist", err)
		}
	})
}

func TestSerialFromVPD80(t *testing.T) {
	tests := []struct {
		name string
		page []byte
		want string
	}{
		{"plain", []byte{0x00, 0x80, 0x00, 0x08, 'Z', '1', 'Z', '0', 'A', 'B', 'C', 'D'}, "Z1Z0ABCD"},
		{"padded", []byte{0x00, 0x80, 0x00, 0x0a, ' ', ' ', 'S', 'N', '1', ' ', ' ', ' ', ' ', ' '}, "SN1"},
		{"length beyond the data", []byte{0x00, 0x80, 0x00, 0x40, 'A', 'B'}, "AB"},
		{"NUL padded", []byte{0x00, 0x80, 0x00, 0x04, 'A', 'B', 0, 0}, "AB"},
		{"wrong page", []byte{0x00, 0x83, 0x00, 0x02, 'A', 'B'}, ""},
		{"short", []byte{0x00, 0x80}, ""},
		{"binary garbage", []byte{0x00, 0x80, 0x00, 0x02, 0x01, 0xff}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := serialFromVPD80(tc.page); got != tc.want {
				t.Errorf("serialFromVPD80(% x) = %q, want %q", tc.page, got, tc.want)
			}
		})
	}
}

func TestWWNFromWWID(t *testing.T) {
	tests := map[string]string{
		"naa.5000c500a1b2c3d4": "naa.5000c500a1b2c3d4",
		"eui.0025388b91b6f2a3": "eui.0025388b91b6f2a3",
		"t10.ATA     QEMU HARDDISK                           QM00001": "",
		"": "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := wwnFromWWID(in); got != want {
				t.Errorf("wwnFromWWID(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestTransportOf(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := fstest.MapFS{
		"devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/driver": link("../../../../../bus/usb/drivers/usb-storage"),
		"devices/pci0000:00/0000:00:14.0/usb4/4-1/4-1:1.0/driver": link("../../../../../bus/usb/drivers/uas"),
	}
	tests := []struct {
		name, dev, devPath string
		want               Transport
		wantBus            string
	}{
		{"sata", "sda", "devices/pci0000:00/0000:00:1f.2/ata3/host2/target2:0:0/2:0:0:0/block/sda", TransportSATA, "pci-0000:00:1f.2-ata-3"},
		{"usb-storage", "sdb", "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb", TransportUSB, "pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0"},
		{"uas", "sdc", "devices/pci0000:00/0000:00:14.0/usb4/4-1/4-1:1.0/host7/target7:0:0/7:0:0:0/block/sdc", TransportUAS, "pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0"},
		{"virtio-blk", "vda", "devices/pci0000:00/0000:00:02.0/virtio1/block/vda", TransportVirtio, "virtio-pci-0000:00:02.0"},
		{"virtio-scsi", "sdd", "devices/pci0000:00/0000:00:03.0/virtio2/host2/target2:0:3:0/2:0:3:0/block/sdd", TransportSCSI, "pci-0000:00:03.0-scsi-0:0:3:0"},
		{"nvme behind a bridge", "nvme0n2", "devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n2", TransportNVMe, "pci-0000:3d:00.0-nvme-2"},
		{"mmc", "mmcblk0", "devices/pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:e624/block/mmcblk0", TransportMMC, "pci-0000:00:1e.6-mmc0"},
		{"loop", "loop3", "devices/virtual/block/loop3", TransportLoop, ""},
		{"unknown (xen)", "xvda", "devices/vbd-51712/block/xvda", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := parseDevPath(tc.devPath)
			got := transportOf(fsys, tc.dev, f)
			if got != tc.want {
				t.Errorf("transport = %q, want %q", got, tc.want)
			}
			if bus := busPathOf(fsys, tc.dev, got, f); bus != tc.wantBus {
				t.Errorf("bus path = %q, want %q", bus, tc.wantBus)
			}
		})
	}
}
