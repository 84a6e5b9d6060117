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
			if !strings.Contains(refusal.Reason, c.reasonHas) {
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
