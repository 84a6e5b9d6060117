package devices

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/msg"
)

// deskSystem is the captured desk tree (testdata/mktrees.sh): sysfs through
// os.DirFS, ghw chrooted at the same tree, and a device directory that does not
// exist, so that probes (which open device nodes) fail fast and harmlessly
// instead of reaching a real device of the machine running the tests.
func deskSystem(t testing.TB) System {
	t.Helper()
	root := filepath.Join("testdata", "desk")
	if _, err := os.Stat(filepath.Join(root, "sys", "block")); err != nil {
		t.Fatalf("fake sysfs tree missing (run testdata/mktrees.sh): %v", err)
	}
	return System{
		Sys:    os.DirFS(filepath.Join(root, "sys")),
		Proc:   os.DirFS(filepath.Join(root, "proc")),
		DevDir: "/nonexistent-wipestation-test/dev",
		Root:   root,
	}
}

// notTargets are the desk's block devices that are listed but refused by the
// gate, with a word of the reason each must give.
var notTargets = map[string]string{
	"zram0":        "compressed RAM (zram), not a medium",
	"dm-0":         "dm-0 is a device-mapper device over sda1, not a medium",
	"md0":          "md0 is an MD RAID array, not a medium",
	"mmcblk1boot0": "boot0 hardware partition of the eMMC mmcblk1",
}

// identityFields are the identity fields a discovery case checks.
type identityFields struct {
	Kind                Kind
	Transport           Transport
	Vendor, Model       string
	Serial              string
	BridgeSerial        string
	USBVendorID         string
	USBProductID        string
	WWN                 string
	Firmware            string
	SizeBytes           int64
	LogicalSectorBytes  int
	PhysicalSectorBytes int
	Rotational          bool
	Removable           bool
	ReadOnly            bool
	Virtual             bool
	BusPath             string
	DevNumber           string
}

func identityOf(d Device) identityFields {
	return identityFields{
		Kind: d.Kind, Transport: d.Transport, Vendor: d.Vendor, Model: d.Model,
		Serial: d.Serial, BridgeSerial: d.BridgeSerial, USBVendorID: d.USBVendorID,
		USBProductID: d.USBProductID, WWN: d.WWN, Firmware: d.Firmware, SizeBytes: d.SizeBytes,
		LogicalSectorBytes: d.LogicalSectorBytes, PhysicalSectorBytes: d.PhysicalSectorBytes,
		Rotational: d.Rotational, Removable: d.Removable, ReadOnly: d.ReadOnly, Virtual: d.Virtual,
		BusPath: d.BusPath, DevNumber: d.DevNumber,
	}
}

func TestDiscoverDesk(t *testing.T) {
	s := deskSystem(t)
	devs, err := s.Discover(context.Background())
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	byName := map[string]Device{}
	for _, d := range devs {
		byName[d.Name] = d
	}

	tests := []struct {
		name string
		want identityFields
	}{
		{"sda", identityFields{ // SATA HDD: no serial file, no VPD 80h, "ATA" vendor dropped, t10 designator is no WWN
			Kind: KindDisk, Transport: TransportSATA, Model: "QEMU HARDDISK", Firmware: "2.5+",
			SizeBytes: 2097152 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, Rotational: true,
			BusPath: "pci-0000:00:1f.2-ata-1", DevNumber: "8:0"}},
		{"sdb", identityFields{ // USB stick claiming to be rotational
			Kind: KindDisk, Transport: TransportUSB, Vendor: "SanDisk", Model: "Cruzer Blade", Firmware: "1.00",
			BridgeSerial: "4C530001230807117545", USBVendorID: "0781", USBProductID: "5567",
			SizeBytes: 60063744 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512,
			Rotational: false, Removable: true,
			BusPath: "pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0", DevNumber: "8:16"}},
		{"sdc", identityFields{ // USB bridge hiding the serial (no iSerial), RMB=0
			Kind: KindDisk, Transport: TransportUSB, Vendor: "ASMT", Model: "2115", Firmware: "0",
			USBVendorID: "174c", USBProductID: "55aa",
			SizeBytes: 1953525168 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 4096,
			Rotational: true, Removable: true,
			BusPath: "pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0", DevNumber: "8:32"}},
		{"sdd", identityFields{ // UAS disk behind a hub port
			Kind: KindDisk, Transport: TransportUAS, Vendor: "Samsung", Model: "SSD 860 EVO 500G", Firmware: "4B6Q",
			BridgeSerial: "0123456789ABCDEF", USBVendorID: "152d", USBProductID: "0578",
			SizeBytes: 976773168 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, Removable: true,
			BusPath: "pci-0000:00:14.0-usb-0:1.2:1.0-scsi-0:0:0:0", DevNumber: "8:48"}},
		{"sde", identityFields{ // virtio-scsi disk: serial from the sysfs copy of VPD 80h
			Kind: KindDisk, Transport: TransportSCSI, Vendor: "SEAGATE", Model: "ST4000NM0023", Firmware: "0004",
			Serial: "Z1Z0ABCD", WWN: "naa.5000c500a1b2c3d4",
			SizeBytes: 7814037168 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 4096, Rotational: true,
			BusPath: "pci-0000:00:03.0-scsi-0:0:0:0", DevNumber: "8:64"}},
		{"sdf", identityFields{ // SAS SSD behind an HBA
			Kind: KindDisk, Transport: TransportSAS, Vendor: "HGST", Model: "HUSMM1680ASS204", Firmware: "C30C",
			Serial: "0QV1ABCD", WWN: "naa.5000cca0123abcd0",
			SizeBytes: 1562824368 * 512, LogicalSectorBytes: 4096, PhysicalSectorBytes: 4096,
			BusPath: "pci-0000:02:00.0-sas-0x5000cca0123abcd1-lun-0", DevNumber: "8:80"}},
		{"nvme0n1", identityFields{ // NVMe without a vendor file
			Kind: KindDisk, Transport: TransportNVMe, Model: "Samsung SSD 980 PRO 1TB", Serial: "S5GXNF0R123456A",
			Firmware: "5B2QGXA7", WWN: "eui.002538b111b22c33",
			SizeBytes: 1953525168 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512,
			BusPath: "pci-0000:3d:00.0-nvme-1", DevNumber: "259:0"}},
		{"nvme1n1", identityFields{ // NVMe under native multipath (devices/virtual/nvme-subsystem)
			Kind: KindDisk, Transport: TransportNVMe, Model: "QEMU NVMe Ctrl", Serial: "NVME0001", Firmware: "7.2.0",
			WWN:       "nvme.1b36-4e564d4530303031-51454d55204e564d65204374726c-00000001",
			SizeBytes: 2097152 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512,
			BusPath: "pci-0000:00:04.0-nvme-1", DevNumber: "259:1"}},
		{"mmcblk0", identityFields{ // SD card
			Kind: KindCard, Transport: TransportMMC, Model: "SD32G", Serial: "0x1b2c3d4e", Firmware: "0x8",
			SizeBytes: 62333952 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, Removable: true,
			BusPath: "pci-0000:00:1e.6-mmc0", DevNumber: "179:0"}},
		{"mmcblk1", identityFields{ // soldered eMMC on a platform controller: a disk, not removable
			Kind: KindDisk, Transport: TransportMMC, Model: "8GTF4R", Serial: "0x0a1b2c3d",
			SizeBytes: 15269888 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512,
			BusPath: "platform-fe330000.mmc-mmc1", DevNumber: "179:32"}},
		{"sr0", identityFields{ // ATAPI DVD with a CD in it
			Kind: KindOptical, Transport: TransportSATA, Vendor: "QEMU", Model: "QEMU DVD-ROM", Firmware: "2.5+",
			SizeBytes: 720896 * 512, LogicalSectorBytes: 2048, PhysicalSectorBytes: 2048,
			Rotational: true, Removable: true, ReadOnly: true,
			BusPath: "pci-0000:00:1f.2-ata-2", DevNumber: "11:0"}},
		{"sr1", identityFields{ // empty SCSI CD drive: listed although size 0
			Kind: KindOptical, Transport: TransportSCSI, Vendor: "QEMU", Model: "QEMU CD-ROM", Firmware: "2.5+",
			LogicalSectorBytes: 2048, PhysicalSectorBytes: 2048, Rotational: true, Removable: true,
			BusPath: "pci-0000:00:03.0-scsi-0:0:1:0", DevNumber: "11:1"}},
		{"vda", identityFields{ // virtio-blk, as on the build machine
			Kind: KindDisk, Transport: TransportVirtio, Serial: "vda-serial-01",
			SizeBytes: 41943040 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, Rotational: true,
			BusPath: "virtio-pci-0000:00:02.0", DevNumber: "254:0"}},
		{"loop0", identityFields{ // loop device: virtual, its backing file in the model
			Kind: KindDisk, Transport: TransportLoop, Model: "loop: /dev/shm/disk.img", Virtual: true,
			SizeBytes: 204800 * 512, LogicalSectorBytes: 512, PhysicalSectorBytes: 512, DevNumber: "7:0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := byName[tc.name]
			if !ok {
				t.Fatalf("%s not listed; listed: %v", tc.name, names(devs))
			}
			if got := identityOf(d); got != tc.want {
				t.Errorf("identity\n got %+v\nwant %+v", got, tc.want)
			}
			if want := "/nonexistent-wipestation-test/dev/" + tc.name; d.Path != want {
				t.Errorf("Path = %q, want %q", d.Path, want)
			}
			if len(d.Recommendations) == 0 && d.Name != "sr1" {
				t.Errorf("no recommendations")
			}
		})
	}
	// Phones come from DiscoverPhones (the desk has QEMU's MTP phone on USB):
	// every phone it finds must be in the list, as a phone.
	phones, err := s.DiscoverPhones(context.Background())
	if err != nil {
		t.Fatalf("DiscoverPhones: %v", err)
	}
	t.Run("phones merged", func(t *testing.T) {
		for _, p := range phones {
			i := slices.IndexFunc(devs, func(d Device) bool { return d.Path == p.Path })
			if i < 0 || devs[i].Kind != KindPhone {
				t.Errorf("phone %s not listed as a phone", p.Path)
			}
		}
	})
	if len(devs) != len(tests)+len(notTargets)+len(phones) {
		t.Errorf("listed %d devices %v, want the %d above, %d refused ones and %d phones", len(devs), names(devs), len(tests), len(notTargets), len(phones))
	}

	t.Run("not listed", func(t *testing.T) {
		for _, name := range []string{"loop1", "sda1"} {
			if _, ok := byName[name]; ok {
				t.Errorf("%s is listed; it is not a medium", name)
			}
		}
	})
	t.Run("listed as refused, with the gate's reason", func(t *testing.T) {
		for name, want := range notTargets {
			d, ok := byName[name]
			if !ok {
				t.Errorf("%s is not listed; it must be listed as refused", name)
				continue
			}
			if d.Eligible || !strings.Contains(msg.Text(d.Ineligible), want) {
				t.Errorf("%s: eligible %v, reason %q; want refused saying %q", name, d.Eligible, msg.Text(d.Ineligible), want)
			}
		}
	})
	t.Run("sorted by path", func(t *testing.T) {
		if !slices.IsSortedFunc(devs, func(a, b Device) int { return strings.Compare(a.Path, b.Path) }) {
			t.Errorf("not sorted: %v", names(devs))
		}
	})
	t.Run("probe failures recorded", func(t *testing.T) {
		// The device nodes do not exist, so every probe must have failed and
		// said so, and no firmware method may be offered on a disk.
		for _, d := range devs {
			for _, r := range d.Recommendations {
				if strings.HasPrefix(r.Method, "ata-") || strings.HasPrefix(r.Method, "nvme-") || strings.HasPrefix(r.Method, "scsi-") {
					t.Errorf("%s: firmware method %s offered without probed capabilities", d.Name, r.Method)
				}
			}
		}
	})
}

func names(devs []Device) []string {
	var out []string
	for _, d := range devs {
		out = append(out, d.Name)
	}
	return out
}

func TestDiscoverNoSysfs(t *testing.T) {
	s := System{Sys: os.DirFS(t.TempDir()), Root: t.TempDir(), DevDir: "/nonexistent"}
	if _, err := s.Discover(context.Background()); err == nil {
		t.Fatal("Discover over a root without block/ answered no error")
	}
}

func TestLookup(t *testing.T) {
	s := deskSystem(t)
	ctx := context.Background()

	t.Run("block device", func(t *testing.T) {
		d, err := s.Lookup(ctx, s.DevDir+"/sdb", false)
		if err != nil {
			t.Fatalf("Lookup: %v", err)
		}
		if d.Transport != TransportUSB || d.BridgeSerial != "4C530001230807117545" || len(d.Recommendations) == 0 {
			t.Errorf("Lookup sdb = %+v", d)
		}
	})
	t.Run("partition", func(t *testing.T) {
		d, err := s.Lookup(ctx, s.DevDir+"/sda1", false)
		if err != nil {
			t.Fatalf("Lookup: %v", err)
		}
		if d.Eligible || msg.Text(d.Ineligible) == "" {
			t.Errorf("partition eligible=%v reason=%q, want refused", d.Eligible, msg.Text(d.Ineligible))
		}
	})
	t.Run("phone", func(t *testing.T) {
		phones, err := s.DiscoverPhones(ctx)
		if err != nil || len(phones) == 0 {
			t.Fatalf("DiscoverPhones on the desk: %d phones, %v; want QEMU's MTP phone", len(phones), err)
		}
		d, err := s.Lookup(ctx, phones[0].Path, false)
		if err != nil || d.Kind != KindPhone || d.Serial != "WSPHONE0001" || len(d.Recommendations) == 0 {
			t.Errorf("Lookup %s = %+v, %v", phones[0].Path, d, err)
		}
		if _, err := s.Lookup(ctx, "mtp:/nonexistent-wipestation-test/dev/bus/usb/009/009", false); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Lookup of a phone that is not there: %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("not media", func(t *testing.T) {
		for _, name := range []string{"dm-0", "zram0", "md0", "loop1", "mmcblk1boot0", "vda"} {
			d, err := s.Lookup(ctx, s.DevDir+"/"+name, false)
			if err != nil {
				t.Errorf("Lookup %s: %v", name, err)
				continue
			}
			if d.Eligible || !strings.Contains(msg.Text(d.Ineligible), name) {
				t.Errorf("Lookup %s: eligible %v, reason %q; want refused, naming it", name, d.Eligible, msg.Text(d.Ineligible))
			}
		}
	})
	t.Run("no such device", func(t *testing.T) {
		_, err := s.Lookup(ctx, s.DevDir+"/sdz", false)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Lookup of a path that does not exist: %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("a node that sysfs does not know", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "sdz"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		s := s
		s.DevDir = dir
		_, err := s.Lookup(ctx, filepath.Join(dir, "sdz"), false)
		var refusal *RefusalError
		if !errors.As(err, &refusal) || !errors.Is(err, ErrNotDevice) {
			t.Errorf("Lookup: %v, want a refusal: not a block device", err)
		}
	})
	t.Run("image file", func(t *testing.T) {
		img := filepath.Join(t.TempDir(), "disk.img")
		if err := os.WriteFile(img, make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := s.Lookup(ctx, img, true)
		if err != nil {
			t.Fatalf("Lookup: %v", err)
		}
		want := identityFields{Kind: KindDisk, Transport: TransportFile, Virtual: true, SizeBytes: 1 << 20,
			LogicalSectorBytes: 512, PhysicalSectorBytes: 512}
		if got := identityOf(d); got != want {
			t.Errorf("identity\n got %+v\nwant %+v", got, want)
		}
		if d.Path != img {
			t.Errorf("Path = %q, want %q", d.Path, img)
		}
		if len(d.Recommendations) == 0 || d.Recommendations[0].Class != ClassClear {
			t.Errorf("recommendations = %+v, want overwrite methods, Clear", d.Recommendations)
		}
	})
	t.Run("directory", func(t *testing.T) {
		if _, err := s.Lookup(ctx, t.TempDir(), true); err == nil {
			t.Error("Lookup of a directory answered no error")
		}
	})
}

func BenchmarkDiscover(b *testing.B) {
	s := deskSystem(b)
	ctx := context.Background()
	for b.Loop() {
		devs, err := s.Discover(ctx)
		if err != nil || len(devs) < 10 {
			b.Fatalf("Discover: %d devices, %v", len(devs), err)
		}
	}
}

// BenchmarkDiscoverHostLoops lists this machine with ten loop devices of its
// own attached, as root: real sysfs, real device opens and probes.
func BenchmarkDiscoverHostLoops(b *testing.B) {
	testutil.RequireRoot(b)
	for range 10 {
		testutil.NewLoopDevice(b, 1<<20)
	}
	s := HostSystem()
	ctx := context.Background()
	for b.Loop() {
		devs, err := s.Discover(ctx)
		if err != nil || len(devs) < 10 {
			b.Fatalf("Discover: %d devices, %v", len(devs), err)
		}
	}
}

func TestAwaitBounded(t *testing.T) {
	const timeout = 50 * time.Millisecond
	t.Run("answers in time", func(t *testing.T) {
		got, err := awaitBounded(context.Background(), timeout, func(context.Context) int { return 7 })
		if err != nil || got != 7 {
			t.Errorf("awaitBounded = %d, %v; want 7, nil", got, err)
		}
	})
	t.Run("returns its own answer at the deadline", func(t *testing.T) {
		got, err := awaitBounded(context.Background(), timeout, func(ctx context.Context) string {
			<-ctx.Done()
			return "gave up: " + ctx.Err().Error()
		})
		if err != nil || !strings.HasPrefix(got, "gave up") {
			t.Errorf("awaitBounded = %q, %v; want f's own answer", got, err)
		}
	})
	t.Run("never answers", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		start := time.Now()
		_, err := awaitBounded(context.Background(), timeout, func(context.Context) int {
			<-release // ignores its context, like an ioctl stuck in a driver
			return 1
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want a deadline error", err)
		}
		if waited := time.Since(start); waited > timeout+probeGrace+time.Second {
			t.Errorf("waited %s for a stuck job", waited)
		}
	})
	t.Run("caller's context ends first", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		release := make(chan struct{})
		defer close(release)
		_, err := awaitBounded(ctx, time.Hour, func(context.Context) int { <-release; return 1 })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

// TestDiscoverIgnoresGHWChroot: ghw also reads its root from GHW_CHROOT; the
// inventory must follow System.Root, the same tree System.Sys reads.
func TestDiscoverIgnoresGHWChroot(t *testing.T) {
	t.Setenv("GHW_CHROOT", t.TempDir())
	devs, err := deskSystem(t).Discover(context.Background())
	blocks := slices.DeleteFunc(devs, func(d Device) bool { return d.Kind == KindPhone })
	if want := 14 + len(notTargets); err != nil || len(blocks) != want {
		t.Errorf("Discover with GHW_CHROOT set elsewhere: %d block devices, %v; want the desk's %d", len(blocks), err, want)
	}
}

// TestDiscoverPartialFailure: a device whose sysfs entry cannot be read is
// reported in the error, and the others are still listed.
func TestDiscoverPartialFailure(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, withSize bool) {
		dir := filepath.Join(root, "sys", "devices", "virtual", "block", name)
		if err := os.MkdirAll(filepath.Join(dir, "queue"), 0o755); err != nil {
			t.Fatal(err)
		}
		if withSize {
			if err := os.WriteFile(filepath.Join(dir, "size"), []byte("2048\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(filepath.Join(root, "sys", "block"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../devices/virtual/block/"+name, filepath.Join(root, "sys", "block", name)); err != nil {
			t.Fatal(err)
		}
	}
	mk("loop0", true)
	mk("sdq", false) // no size attribute: cannot be identified
	s := System{Sys: os.DirFS(filepath.Join(root, "sys")), Proc: os.DirFS(root), DevDir: "/nonexistent-wipestation-test/dev", Root: root}
	devs, err := s.Discover(context.Background())
	if err == nil || !strings.Contains(err.Error(), "sdq") {
		t.Errorf("err = %v, want one naming sdq", err)
	}
	if len(devs) != 1 || devs[0].Name != "loop0" {
		t.Errorf("listed %v, want loop0 alone", names(devs))
	}
}
