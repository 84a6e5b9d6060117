package devices

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeDisk is one whole device in a fake sysfs tree.
type fakeDisk struct {
	name, dev string
	ro        bool
	parts     map[string]string   // partition name -> major:minor
	holders   map[string][]string // disk or partition name -> holder names
	slaves    []string            // for dm/md devices
	dmName    string
	mdLevel   string
}

func sysTree(disks ...fakeDisk) fstest.MapFS {
	m := fstest.MapFS{}
	file := func(p, data string) { m[p] = &fstest.MapFile{Data: []byte(data + "\n")} }
	dir := func(p string) { m[p] = &fstest.MapFile{Mode: fs.ModeDir | 0o755} }
	for _, d := range disks {
		base := path.Join("block", d.name)
		file(path.Join(base, "dev"), d.dev)
		ro := "0"
		if d.ro {
			ro = "1"
		}
		file(path.Join(base, "ro"), ro)
		dir(path.Join(base, "holders"))
		dir(path.Join(base, "slaves"))
		dir(path.Join(base, "queue"))
		for _, s := range d.slaves {
			file(path.Join(base, "slaves", s), "")
		}
		if d.dmName != "" {
			file(path.Join(base, "dm", "name"), d.dmName)
		}
		if d.mdLevel != "" {
			file(path.Join(base, "md", "level"), d.mdLevel)
		}
		i := 0
		for p, dev := range d.parts {
			i++
			file(path.Join(base, p, "dev"), dev)
			file(path.Join(base, p, "partition"), "1")
			dir(path.Join(base, p, "holders"))
		}
		for who, hs := range d.holders {
			dirOf := base
			if who != d.name {
				dirOf = path.Join(base, who)
			}
			for _, h := range hs {
				file(path.Join(dirOf, "holders", h), "")
			}
		}
	}
	return m
}

func procTree(mountinfo, swaps string) fstest.MapFS {
	if swaps == "" {
		swaps = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
	}
	return fstest.MapFS{
		"self/mountinfo": &fstest.MapFile{Data: []byte(mountinfo)},
		"swaps":          &fstest.MapFile{Data: []byte(swaps)},
	}
}

// A machine with its system on vda (/ on vda2, /boot on vda1), a free disk sdb, and
// more disks in various states.
var (
	vda = fakeDisk{name: "vda", dev: "254:0", parts: map[string]string{"vda1": "254:1", "vda2": "254:2"}}
	sdb = fakeDisk{name: "sdb", dev: "8:16", parts: map[string]string{"sdb1": "8:17"}}
	sdc = fakeDisk{name: "sdc", dev: "8:32", parts: map[string]string{"sdc1": "8:33"}}
	sdd = fakeDisk{name: "sdd", dev: "8:48", parts: map[string]string{"sdd1": "8:49", "sdd2": "8:50"}}
	sde = fakeDisk{name: "sde", dev: "8:64", ro: true}
	sdf = fakeDisk{name: "sdf", dev: "8:80", parts: map[string]string{"sdf1": "8:81"}, holders: map[string][]string{"sdf1": {"dm-1"}}}
	dm1 = fakeDisk{name: "dm-1", dev: "253:1", slaves: []string{"sdf1"}, dmName: "vg0-data"}

	// md0: RAID1 over sdb1 and sdc1, with a partition md0p1.
	md0 = fakeDisk{name: "md0", dev: "9:0", slaves: []string{"sdb1", "sdc1"}, mdLevel: "raid1", parts: map[string]string{"md0p1": "259:0"}}

	mmcblk0  = fakeDisk{name: "mmcblk0", dev: "179:0"}
	mmcboot0 = fakeDisk{name: "mmcblk0boot0", dev: "179:8", ro: true}
	mmcrpmb  = fakeDisk{name: "mmcblk0rpmb", dev: "179:24"}

	baseMounts = "22 27 0:21 / /proc rw,relatime - proc proc rw\n" +
		"27 1 254:2 / / rw,relatime - ext4 /dev/vda2 rw\n" +
		"28 27 254:1 / /boot rw,relatime - ext4 /dev/vda1 rw\n" +
		"30 24 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw\n"
)

func TestCheckBlockRules(t *testing.T) {
	cases := []struct {
		name      string
		disks     []fakeDisk
		mounts    string
		swaps     string
		dev       string
		want      error
		reasonHas string
	}{
		{name: "free whole disk", disks: []fakeDisk{vda, sdb}, dev: "8:16"},
		{name: "the disk holding / and /boot", disks: []fakeDisk{vda, sdb}, dev: "254:0", want: ErrSystemDisk, reasonHas: "vda holds /"},
		{name: "a partition of the system disk", disks: []fakeDisk{vda, sdb}, dev: "254:1", want: ErrSystemDisk},
		{name: "a partition", disks: []fakeDisk{vda, sdb}, dev: "8:17", want: ErrPartition, reasonHas: "/dev/sdb"},
		{
			name:   "/ on LVM over a partition of another disk",
			disks:  []fakeDisk{{name: "sda", dev: "8:0", parts: map[string]string{"sda2": "8:2"}, holders: map[string][]string{"sda2": {"dm-0"}}}, {name: "dm-0", dev: "253:0", slaves: []string{"sda2"}}},
			mounts: "27 1 253:0 / / rw - ext4 /dev/mapper/root rw\n", dev: "8:0", want: ErrSystemDisk,
		},
		{
			name:  "/boot on a separate disk",
			disks: []fakeDisk{vda, sdb}, mounts: "27 1 254:2 / / rw - ext4 /dev/vda2 rw\n28 27 8:17 / /boot rw - ext4 /dev/sdb1 rw\n",
			dev: "8:16", want: ErrSystemDisk, reasonHas: "/boot",
		},
		{
			name:   "/ on MD RAID across two disks",
			disks:  []fakeDisk{{name: "sda", dev: "8:0", parts: map[string]string{"sda1": "8:1"}}, sdb, {name: "md0", dev: "9:0", slaves: []string{"sda1", "sdb1"}}},
			mounts: "27 1 9:0 / / rw - ext4 /dev/md0 rw\n", dev: "8:16", want: ErrSystemDisk,
		},
		{name: "whole disk mounted", disks: []fakeDisk{vda, sdc}, mounts: baseMounts + "40 27 8:32 / /mnt rw - ext4 /dev/sdc rw\n", dev: "8:32", want: ErrMounted, reasonHas: "mounted at /mnt"},
		{name: "a partition mounted", disks: []fakeDisk{vda, sdc}, mounts: baseMounts + "40 27 8:33 / /media/my\\040stick rw - vfat /dev/sdc1 rw\n", dev: "8:32", want: ErrMounted, reasonHas: "sdc1 is mounted at /media/my stick"},
		{name: "btrfs with an anonymous device number", disks: []fakeDisk{vda, sdd}, mounts: baseMounts + "41 27 0:45 / /data rw - btrfs /dev/sdd2 rw\n", dev: "8:48", want: ErrMounted, reasonHas: "/data"},
		{name: "a partition in use as swap", disks: []fakeDisk{vda, sdd}, swaps: "Filename Type Size Used Priority\n/dev/sdd2 partition 1048572 0 -2\n", dev: "8:48", want: ErrSwap, reasonHas: "sdd2"},
		{name: "swap file elsewhere is no concern", disks: []fakeDisk{vda, sdd}, swaps: "Filename Type Size Used Priority\n/swapfile file 1048572 0 -2\n", dev: "8:48"},
		{name: "held by device mapper", disks: []fakeDisk{vda, sdf, dm1}, dev: "8:80", want: ErrHeld, reasonHas: "dm-1 (vg0-data)"},
		{name: "read-only", disks: []fakeDisk{vda, sde}, dev: "8:64", want: ErrReadOnly},

		// Layered and memory-backed devices: not media, whatever else is true.
		{name: "MD RAID1", disks: []fakeDisk{vda, sdb, sdc, md0}, dev: "9:0", want: ErrLayered, reasonHas: "md0 is an MD RAID array (raid1) over sdb1, sdc1, not a medium"},
		{name: "a partition of an MD array", disks: []fakeDisk{vda, sdb, sdc, md0}, dev: "259:0", want: ErrLayered, reasonHas: "md0 is an MD RAID array"},
		{name: "LVM logical volume", disks: []fakeDisk{vda, sdf, dm1}, dev: "253:1", want: ErrLayered, reasonHas: "dm-1 is a device-mapper device (vg0-data) over sdf1"},
		{name: "device mapper without slaves (error target)", disks: []fakeDisk{vda, {name: "dm-2", dev: "253:2"}}, dev: "253:2", want: ErrLayered, reasonHas: "device-mapper"},
		{name: "NBD", disks: []fakeDisk{vda, {name: "nbd0", dev: "43:0"}}, dev: "43:0", want: ErrLayered, reasonHas: "network block device"},
		{name: "zram", disks: []fakeDisk{vda, {name: "zram0", dev: "252:0"}}, dev: "252:0", want: ErrLayered, reasonHas: "zram"},
		{name: "RAM disk", disks: []fakeDisk{vda, {name: "ram0", dev: "1:0"}}, dev: "1:0", want: ErrLayered, reasonHas: "RAM disk"},
		{name: "ZFS zvol", disks: []fakeDisk{vda, {name: "zd0", dev: "230:0", parts: map[string]string{"zd0p1": "230:1"}}}, dev: "230:0", want: ErrLayered, reasonHas: "ZFS volume"},
		{name: "a partition of a zvol", disks: []fakeDisk{vda, {name: "zd0", dev: "230:0", parts: map[string]string{"zd0p1": "230:1"}}}, dev: "230:1", want: ErrLayered, reasonHas: "ZFS volume"},
		{name: "DRBD", disks: []fakeDisk{vda, {name: "drbd0", dev: "147:0"}}, dev: "147:0", want: ErrLayered, reasonHas: "DRBD"},
		{name: "any name with slaves (bcache)", disks: []fakeDisk{vda, sdb, {name: "bcache0", dev: "250:0", slaves: []string{"sdb1"}}}, dev: "250:0", want: ErrLayered, reasonHas: "bcache0 is a device stacked on other devices over sdb1"},
		{name: "the members of an array stay refused as held", disks: []fakeDisk{vda, {name: "sdb", dev: "8:16", parts: map[string]string{"sdb1": "8:17"}, holders: map[string][]string{"sdb1": {"md0"}}}, sdc, md0}, dev: "8:16", want: ErrHeld, reasonHas: "md0 (raid1)"},

		// eMMC hardware partitions: part of the eMMC, never a target of their own.
		{name: "eMMC user area", disks: []fakeDisk{vda, mmcblk0, mmcboot0, mmcrpmb}, dev: "179:0"},
		{name: "eMMC boot partition", disks: []fakeDisk{vda, mmcblk0, mmcboot0, mmcrpmb}, dev: "179:8", want: ErrPartition, reasonHas: "boot0 hardware partition of the eMMC mmcblk0"},
		{name: "eMMC RPMB partition", disks: []fakeDisk{vda, mmcblk0, mmcboot0, mmcrpmb}, dev: "179:24", want: ErrPartition, reasonHas: "rpmb hardware partition"},
		{name: "unknown device number", disks: []fakeDisk{vda}, dev: "8:96", want: ErrNotDevice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mounts := c.mounts
			if mounts == "" {
				mounts = baseMounts
			}
			s := System{Sys: sysTree(c.disks...), Proc: procTree(mounts, c.swaps), DevDir: "/dev"}
			err := s.gate(target{given: "/dev/target", resolved: "/dev/target", dev: c.dev}, false, true)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var refusal *RefusalError
			if !errors.As(err, &refusal) || !errors.Is(err, c.want) {
				t.Fatalf("got %v, want a refusal for %v", err, c.want)
			}
			if !strings.Contains(refusal.Reason.String(), c.reasonHas) {
				t.Errorf("reason %q does not say %q", refusal.Reason, c.reasonHas)
			}
		})
	}
}

func TestReadOnlyRuleSkippedForChecks(t *testing.T) {
	s := System{Sys: sysTree(vda, sde), Proc: procTree(baseMounts, ""), DevDir: "/dev"}
	if err := s.gate(target{given: "/dev/sde", resolved: "/dev/sde", dev: "8:64"}, false, false); err != nil {
		t.Fatalf("a read-only check of a write-protected disk was refused: %v", err)
	}
}

func TestParseMountInfo(t *testing.T) {
	got := parseMountInfo([]byte("36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n" +
		"garbage line\n" +
		"37 35 0:45 / /data rw shared:2 master:3 - btrfs /dev/sdd2 rw\n"))
	want := []mount{
		{Dev: "98:0", MountPoint: "/mnt/my disk", FSType: "ext3", Source: "/dev/root"},
		{Dev: "0:45", MountPoint: "/data", FSType: "btrfs", Source: "/dev/sdd2"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestSameSerial(t *testing.T) {
	cases := []struct {
		want, now string
		same      bool
	}{
		{"S3Z1NB0K123456", "S3Z1NB0K123456", true},
		{"  S3Z1NB0K123456 ", "S3Z1NB0K123456\n", true},      // VPD 80h and ATA padding, sysfs newline
		{"WD-WCC4E1234567", "WD-WCC4E1234567\x00\x00", true}, // NUL padding
		{"s3z1nb0k123456", "S3Z1NB0K123456", false},          // case is part of the serial
		{"0x00001234", "0x1234", false},                      // so are zeros
		{"WD-ABC", "", false},                                // not readable again: not shown to be the same
		{"", "", false},                                      // nothing to compare is no match either
		{"S3Z1NB0K123456", "S3Z1NB0K1234", false},            // a substring is another serial
		{"K1234", "S3Z1NB0K1234", false},
		{"S3Z1NB0K123456", "S3Z1NB0K999999", false},
		{"WD-WCC4E1234567", "DWW-CC4E2143657", false}, // byte-swapped: a different string
	}
	for _, c := range cases {
		t.Run(c.want+"/"+c.now, func(t *testing.T) {
			if got := sameSerial(c.want, c.now); got != c.same {
				t.Errorf("sameSerial(%q, %q) = %v", c.want, c.now, got)
			}
		})
	}
}

// failFS answers err for the names in fail (exactly those names, so a directory
// can fail while the files under it still read), and otherwise what its FS says.
// It implements only Open, so every fs.ReadFile, fs.ReadDir and fs.Stat goes
// through it.
type failFS struct {
	fs.FS
	fail map[string]error
}

func (f failFS) Open(name string) (fs.File, error) {
	if err, ok := f.fail[name]; ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f.FS.Open(name)
}

// TestGateFailsClosed: an attribute the rules need that cannot be read refuses the
// device and names the attribute; it never lets the device through.
func TestGateFailsClosed(t *testing.T) {
	sdbHeldless := fakeDisk{name: "sdb", dev: "8:16", parts: map[string]string{"sdb1": "8:17"}}
	// / on md0 over sda1 and sdc1: sdb is free, but only the slaves of md0 say
	// that sda and sdc are the system disks.
	mdRoot := fakeDisk{name: "md0", dev: "9:0", slaves: []string{"sda1", "sdc1"}}
	sda := fakeDisk{name: "sda", dev: "8:0", parts: map[string]string{"sda1": "8:1"}}
	cases := []struct {
		name      string
		disks     []fakeDisk
		mounts    string
		dev       string
		sysFail   map[string]error
		procFail  map[string]error
		remove    []string // names removed from the tree
		reasonHas string
		otherwise error // the answer without the failure (nil: a target)
	}{
		{name: "ro unreadable", dev: "8:16", sysFail: map[string]error{"block/sdb/ro": fs.ErrPermission}, reasonHas: "block/sdb/ro"},
		{name: "ro missing", dev: "8:16", remove: []string{"block/sdb/ro"}, reasonHas: "block/sdb/ro"},
		{name: "holders of the disk unreadable", dev: "8:16", sysFail: map[string]error{"block/sdb/holders": fs.ErrPermission}, reasonHas: "block/sdb/holders"},
		{name: "holders of a partition unreadable", dev: "8:16", sysFail: map[string]error{"block/sdb/sdb1/holders": fs.ErrPermission}, reasonHas: "block/sdb/sdb1/holders"},
		{name: "holders missing", dev: "8:16", remove: []string{"block/sdb/holders"}, reasonHas: "block/sdb/holders"},
		{name: "slaves unreadable", dev: "8:16", sysFail: map[string]error{"block/sdb/slaves": fs.ErrPermission}, reasonHas: "block/sdb/slaves"},
		{name: "partitions cannot be listed", dev: "8:16", sysFail: map[string]error{"block/sdb": fs.ErrPermission}, reasonHas: "block/sdb"},
		{name: "a partition flag unreadable", dev: "8:16", sysFail: map[string]error{"block/sdb/sdb1/partition": fs.ErrPermission}, reasonHas: "block/sdb/sdb1/partition"},
		{name: "mountinfo unreadable", dev: "8:16", procFail: map[string]error{"self/mountinfo": fs.ErrPermission}, reasonHas: "mountinfo"},
		{name: "swaps unreadable", dev: "8:16", procFail: map[string]error{"swaps": fs.ErrPermission}, reasonHas: "swaps"},
		{name: "block/ unreadable", dev: "8:16", sysFail: map[string]error{"block": fs.ErrPermission}, reasonHas: "block"},
		{
			name: "the slaves of the array holding / unreadable", disks: []fakeDisk{sda, sdbHeldless, sdc, mdRoot},
			mounts: "27 1 9:0 / / rw - ext4 /dev/md0 rw\n", dev: "8:0",
			sysFail: map[string]error{"block/md0/slaves": fs.ErrPermission}, reasonHas: "block/md0/slaves", otherwise: ErrSystemDisk,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			disks, mounts := c.disks, c.mounts
			if disks == nil {
				disks = []fakeDisk{vda, sdbHeldless}
			}
			if mounts == "" {
				mounts = baseMounts
			}
			tree := sysTree(disks...)
			for _, name := range c.remove {
				delete(tree, name)
			}
			s := System{Sys: failFS{tree, c.sysFail}, Proc: failFS{procTree(mounts, ""), c.procFail}, DevDir: "/dev"}
			err := s.gate(target{given: "/dev/target", resolved: "/dev/target", dev: c.dev}, false, true)
			var refusal *RefusalError
			if !errors.As(err, &refusal) || !errors.Is(err, ErrUnreadable) {
				t.Fatalf("got %v, want an ErrUnreadable refusal", err)
			}
			if !strings.Contains(refusal.Reason.String(), c.reasonHas) {
				t.Errorf("reason %q does not name %q", refusal.Reason, c.reasonHas)
			}
			// The same tree without the failure answers otherwise: the
			// failure, not something else, refused it.
			s = System{Sys: sysTree(disks...), Proc: procTree(mounts, ""), DevDir: "/dev"}
			if err := s.gate(target{given: "/dev/target", resolved: "/dev/target", dev: c.dev}, false, true); !errors.Is(err, c.otherwise) || (c.otherwise == nil && err != nil) {
				t.Errorf("without the failure: %v, want %v", err, c.otherwise)
			}
		})
	}
}

// TestSlavesMissingIsNone: a kernel without MD and device mapper has no slaves/,
// and partitions never have one: that absence is no reason to refuse.
func TestSlavesMissingIsNone(t *testing.T) {
	tree := sysTree(vda, sdb)
	delete(tree, "block/sdb/slaves")
	s := System{Sys: tree, Proc: procTree(baseMounts, ""), DevDir: "/dev"}
	if err := s.gate(target{given: "/dev/sdb", resolved: "/dev/sdb", dev: "8:16"}, false, true); err != nil {
		t.Fatalf("refused: %v", err)
	}
}

// TestRefusalNamesBothPaths: a refusal of a path that named another node says both.
func TestRefusalNamesBothPaths(t *testing.T) {
	s := System{Sys: sysTree(vda, sdf, dm1), Proc: procTree(baseMounts, ""), DevDir: "/dev"}
	err := s.gate(target{given: "/dev/mapper/vg0-data", resolved: "/dev/dm-1", dev: "253:1"}, false, true)
	var refusal *RefusalError
	if !errors.As(err, &refusal) || !errors.Is(err, ErrLayered) {
		t.Fatalf("got %v, want an ErrLayered refusal", err)
	}
	if refusal.Path != "/dev/mapper/vg0-data" || refusal.Resolved != "/dev/dm-1" {
		t.Errorf("path %q resolved %q", refusal.Path, refusal.Resolved)
	}
	if msg := err.Error(); !strings.Contains(msg, "/dev/mapper/vg0-data (/dev/dm-1)") || !strings.Contains(msg, "vg0-data") {
		t.Errorf("message %q does not name both paths", msg)
	}
}
