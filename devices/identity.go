package devices

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Identity from sysfs. Everything here is read from System.Sys; nothing talks to
// the device (that is Probe's job: VPD page 80h, ATA IDENTIFY, NVMe Identify).
//
// Without udevd, ghw (which discover.go uses for the inventory) answers "unknown"
// for model, serial, WWN and bus path, because it reads those from the udev
// database. The kernel has most of them in sysfs itself:
//
//	block/X/size                 size in 512-byte sectors, whatever the logical block size
//	block/X/dev                  "major:minor"
//	block/X/ro, removable        0/1; removable is the SCSI RMB bit (or the driver's idea of it)
//	block/X/queue/rotational     0/1; for SCSI disks the kernel's default is 1 unless VPD B1h says otherwise
//	block/X/queue/{logical,physical}_block_size
//	block/X/device/{vendor,model,rev}    SCSI INQUIRY strings (SATA via libata, USB, virtio-scsi)
//	block/X/device/wwid                  VPD page 83h designator (naa., eui., t10.)
//	block/X/device/vpd_pg80              VPD page 80h as the kernel read it at scan time (binary)
//	block/X/device/{model,serial,firmware_rev}  NVMe controller (or subsystem) strings
//	block/X/wwid                         NVMe namespace identifier (eui., nvme., uuid.)
//	block/X/serial                       virtio-blk serial
//	block/X/device/{name,serial,fwrev}   MMC/SD card CID fields
//	block/X/loop/backing_file            loop devices

// Patterns over the components of a resolved sysfs device path.
var (
	rePCIAddr  = regexp.MustCompile(`^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$`)
	reATAPort  = regexp.MustCompile(`^ata([0-9]+)$`)
	reUSBBus   = regexp.MustCompile(`^usb[0-9]+$`)
	reUSBIface = regexp.MustCompile(`^[0-9]+-[0-9.]+:[0-9]+\.[0-9]+$`) // 2-1.4:1.0
	reVirtio   = regexp.MustCompile(`^virtio[0-9]+$`)
	reHCTL     = regexp.MustCompile(`^[0-9]+:[0-9]+:[0-9]+:[0-9]+$`) // SCSI host:channel:target:lun
	reMMCHost  = regexp.MustCompile(`^mmc[0-9]+$`)
	reNVMeCtrl = regexp.MustCompile(`^nvme[0-9]+$`)
	reNVMeNS   = regexp.MustCompile(`^nvme[0-9]+n([0-9]+)$`)
)

// pathFacts is what the components of a resolved device path say about how the
// device hangs off the machine.
type pathFacts struct {
	pci       string // the innermost PCI function (the controller), e.g. 0000:00:14.0
	platform  string // a platform device, when there is no PCI parent
	ataPort   string // N of ataN (libata port)
	usbIface  string // 2-1:1.0, the USB interface the storage driver is bound to
	usbIfaceP string // path of that interface directory
	virtio    bool
	virtioBlk bool // the block device sits directly under virtioN (virtio-blk, not virtio-scsi)
	sasEnd    string
	sasEndP   string
	hctl      string
	mmcHost   string
	nvme      bool
}

// parseDevPath reads the components of a resolved sysfs device path, for example
// devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb.
func parseDevPath(devPath string) pathFacts {
	var f pathFacts
	comps := strings.Split(devPath, "/")
	for i, c := range comps {
		switch {
		case c == "platform" && i == 1 && i+1 < len(comps):
			f.platform = comps[i+1]
		case rePCIAddr.MatchString(c):
			f.pci = c
		case reATAPort.MatchString(c):
			f.ataPort = reATAPort.FindStringSubmatch(c)[1]
		case reUSBIface.MatchString(c) && f.usbIface == "":
			// The first interface on the way down is the storage interface; a
			// hub's interfaces never lie on the path to a block device.
			f.usbIface = c
			f.usbIfaceP = strings.Join(comps[:i+1], "/")
		case reVirtio.MatchString(c):
			f.virtio = true
			f.virtioBlk = i+1 < len(comps) && comps[i+1] == "block"
		case strings.HasPrefix(c, "end_device-"):
			f.sasEnd = strings.TrimPrefix(c, "end_device-")
			f.sasEndP = strings.Join(comps[:i+1], "/")
		case reHCTL.MatchString(c):
			f.hctl = c
		case c == "mmc_host" && i+1 < len(comps) && reMMCHost.MatchString(comps[i+1]):
			f.mmcHost = comps[i+1]
		case c == "nvme" || c == "nvme-subsystem":
			f.nvme = true
		}
	}
	return f
}

// transport decides how the host reaches the device, from its name, its resolved
// path and, for USB, the driver bound to the storage interface.
func transportOf(fsys fs.FS, name string, f pathFacts) Transport {
	switch {
	case strings.HasPrefix(name, "loop"):
		return TransportLoop
	case f.nvme || reNVMeNS.MatchString(name):
		return TransportNVMe
	case f.mmcHost != "":
		return TransportMMC
	case f.usbIface != "":
		// usb-storage (and its ums-* siblings for card readers) speak the bulk-only
		// transport; uas is USB Attached SCSI.
		if linkBase(fsys, f.usbIfaceP+"/driver") == "uas" {
			return TransportUAS
		}
		return TransportUSB
	case f.ataPort != "":
		// libata: SATA, and also PATA, which this workstation does not tell apart.
		return TransportSATA
	case f.sasEnd != "":
		// A SAS end device. A SATA disk behind a SAS HBA is also here; the probe
		// (ATA PASS-THROUGH over SAT) still finds its ATA capabilities.
		return TransportSAS
	case f.virtio && f.virtioBlk:
		return TransportVirtio
	case f.hctl != "":
		// Any other SCSI host, virtio-scsi included: it has no SAS transport class
		// in sysfs, so it is "scsi" whatever the emulated vendor string says.
		return TransportSCSI
	}
	return ""
}

// busPathOf builds a name for the port the device hangs off, modelled on udev's
// path_id (the /dev/disk/by-path names) so that technicians can match the two:
// pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0, pci-0000:00:1f.2-ata-1,
// pci-0000:3d:00.0-nvme-1. It leaves out what changes between plug-ins (the SCSI
// host number, the MMC card address) and is "" for virtual devices.
func busPathOf(fsys fs.FS, name string, t Transport, f pathFacts) string {
	var prefix string
	switch {
	case f.pci != "":
		prefix = "pci-" + f.pci
	case f.platform != "":
		prefix = "platform-" + f.platform
	default:
		return ""
	}
	// lun is the SCSI channel:target:lun without the host number, which the kernel
	// hands out in probe order (udev rebases it to 0 the same way).
	lun := ""
	if f.hctl != "" {
		lun = "0:" + strings.SplitN(f.hctl, ":", 2)[1]
	}
	switch t {
	case TransportNVMe:
		if m := reNVMeNS.FindStringSubmatch(name); m != nil {
			return prefix + "-nvme-" + m[1]
		}
		return prefix + "-nvme"
	case TransportSATA:
		return prefix + "-ata-" + f.ataPort
	case TransportUSB, TransportUAS:
		p := prefix + "-usb-0:" + strings.SplitN(f.usbIface, "-", 2)[1]
		if lun != "" {
			p += "-scsi-" + lun
		}
		return p
	case TransportVirtio:
		return "virtio-" + prefix
	case TransportSAS:
		// udev names the SAS address; end_device-H:N is the fallback when the
		// sas_device class directory is missing.
		addr := attrOr(fsys, f.sasEndP+"/sas_device/end_device-"+f.sasEnd+"/sas_address")
		if addr == "" {
			addr = f.sasEnd
		}
		p := prefix + "-sas-" + addr
		if lun != "" {
			p += "-lun-" + lun[strings.LastIndex(lun, ":")+1:]
		}
		return p
	case TransportMMC:
		return prefix + "-" + f.mmcHost
	case TransportSCSI:
		if lun != "" {
			return prefix + "-scsi-" + lun
		}
	}
	return prefix
}

// identifyBlock reads the identity of block device name (sda, nvme0n1) from sysfs:
// everything except what only the device itself can tell (Probe fills that in).
func identifyBlock(fsys fs.FS, devDir, name string) (Device, error) {
	blk := "block/" + name
	devPath, err := resolveLink(fsys, blk)
	if err != nil {
		return Device{}, fmt.Errorf("identify %s: %w", name, err)
	}
	d := Device{Name: name, Path: path.Join(devDir, name), Kind: KindDisk}

	sectors, err := readInt(fsys, blk+"/size")
	if err != nil {
		return Device{}, fmt.Errorf("identify %s: %w", name, err)
	}
	d.SizeBytes = sectors * 512 // sysfs size is always in 512-byte units
	d.DevNumber = attrOr(fsys, blk+"/dev")
	d.ReadOnly, _ = readBool(fsys, blk+"/ro")
	d.Removable, _ = readBool(fsys, blk+"/removable")
	d.Rotational, _ = readBool(fsys, blk+"/queue/rotational")
	if n, err := readInt(fsys, blk+"/queue/logical_block_size"); err == nil {
		d.LogicalSectorBytes = int(n)
	}
	if n, err := readInt(fsys, blk+"/queue/physical_block_size"); err == nil {
		d.PhysicalSectorBytes = int(n)
	}

	f := parseDevPath(devPath)
	d.Transport = transportOf(fsys, name, f)
	dev := blk + "/device"

	switch d.Transport {
	case TransportLoop:
		d.Virtual = true
		d.Rotational = false // a loop device's flag describes nothing physical
		d.Model = "loop"
		if bf := attrOr(fsys, blk+"/loop/backing_file"); bf != "" {
			d.Model = "loop: " + bf
		}
	case TransportNVMe:
		// block/nvme0n1/device is the controller (nvme0) or, with native NVMe
		// multipath, the subsystem (nvme-subsys0); both carry the Identify
		// Controller strings. NVMe has no vendor attribute: the model string
		// usually starts with the maker's name, but that is not parsed here.
		d.Model = attrOr(fsys, dev+"/model")
		d.Serial = attrOr(fsys, dev+"/serial")
		d.Firmware = attrOr(fsys, dev+"/firmware_rev")
		d.WWN = attrOr(fsys, blk+"/wwid")
		if d.WWN == "" {
			d.WWN = attrOr(fsys, blk+"/eui")
		}
		if f.pci == "" {
			// Multipath: the namespace lives under devices/virtual; the bus path
			// comes from the first controller of the subsystem.
			if ctrl := nvmeController(fsys, dev); ctrl != "" {
				cf := parseDevPath(ctrl)
				f.pci, f.platform = cf.pci, cf.platform
			}
		}
	case TransportVirtio:
		d.Serial = attrOr(fsys, blk+"/serial")
	case TransportMMC:
		d.Model = attrOr(fsys, dev+"/name")
		d.Serial = attrOr(fsys, dev+"/serial")
		d.Firmware = attrOr(fsys, dev+"/fwrev")
		// device/type is "SD" for SD cards and "MMC" for MMC cards and eMMC.
		// An SD card can always be pulled out of its slot, whatever the host
		// says about the slot; eMMC is usually soldered, so it stays a disk
		// with the kernel's removable flag (an MMC card in a slot says 1).
		if attrOr(fsys, dev+"/type") == "SD" || d.Removable {
			d.Kind = KindCard
			d.Removable = true
		}
	default:
		// SCSI disk or CD-ROM: SATA through libata's translation, USB mass
		// storage, UAS, SAS, virtio-scsi.
		d.Vendor = attrOr(fsys, dev+"/vendor")
		if d.Vendor == "ATA" {
			// SAT's placeholder vendor (libata and SAT bridges answer INQUIRY
			// with "ATA"): it names the protocol, not the maker, whose name
			// is usually the first word of the model.
			d.Vendor = ""
		}
		d.Model = attrOr(fsys, dev+"/model")
		d.Firmware = attrOr(fsys, dev+"/rev")
		d.WWN = wwnFromWWID(attrOr(fsys, dev+"/wwid"))
		if b, err := fs.ReadFile(fsys, dev+"/vpd_pg80"); err == nil {
			d.Serial = serialFromVPD80(b)
		}
		if t := attrOr(fsys, dev+"/type"); t == "5" || strings.HasPrefix(name, "sr") {
			// Peripheral device type 5: CD/DVD (SPC-4 table 49).
			d.Kind = KindOptical
			d.Rotational = true
		}
	}

	if f.usbIface != "" {
		fillUSB(fsys, devPath, &d, d.Removable)
	}
	d.BusPath = busPathOf(fsys, name, d.Transport, f)
	return d, nil
}

// fillUSB walks up from the block device to the USB device (the first directory
// that has idVendor) and reads the bridge's identity: the enclosure or stick
// controller. Its serial is the USB iSerial string, which is not the medium's own
// serial (a SATA disk in an enclosure keeps its own; a stick's SCSI serial often
// differs from its USB one), so it goes in BridgeSerial only.
//
// rmb is the kernel's removable flag (the SCSI RMB bit) as read from sysfs.
func fillUSB(fsys fs.FS, devPath string, d *Device, rmb bool) {
	for dir := path.Dir(devPath); dir != "." && dir != "devices" && dir != "/"; dir = path.Dir(dir) {
		vid := attrOr(fsys, dir+"/idVendor")
		if vid == "" {
			continue
		}
		d.USBVendorID = vid
		d.USBProductID = attrOr(fsys, dir+"/idProduct")
		d.BridgeSerial = attrOr(fsys, dir+"/serial")
		if d.Vendor == "" {
			d.Vendor = attrOr(fsys, dir+"/manufacturer")
		}
		if d.Model == "" {
			d.Model = attrOr(fsys, dir+"/product")
		}
		break
	}
	// USB mass storage is removable by the technician whatever the RMB bit says:
	// enclosures usually report RMB=0.
	d.Removable = true
	// The kernel marks every SCSI disk rotational unless VPD page B1h says
	// otherwise, and usb-storage does not read VPD pages, so on USB the flag is a
	// default, not a measurement. A device that reports a removable medium (RMB=1)
	// on usb-storage is in practice a flash stick or a card reader, so the flag is
	// cleared for those; an enclosure (RMB=0) keeps it, and Probe (ATA IDENTIFY
	// word 217 through SAT) is the authority when the bridge passes it through.
	if d.Kind == KindDisk && rmb {
		d.Rotational = false
	}
}

// nvmeController finds the directory of the first NVMe controller behind dev
// (block/nvme0n1/device): the controller itself, or, when dev is a multipath
// subsystem, its first nvmeN entry.
func nvmeController(fsys fs.FS, dev string) string {
	p, err := resolveLink(fsys, dev)
	if err != nil {
		return ""
	}
	if reNVMeCtrl.MatchString(path.Base(p)) && !strings.Contains(p, "nvme-subsystem") {
		return p
	}
	entries, err := fs.ReadDir(fsys, p)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if reNVMeCtrl.MatchString(e.Name()) {
			if c, err := resolveLink(fsys, p+"/"+e.Name()); err == nil {
				return c
			}
		}
	}
	return ""
}

// wwnFromWWID keeps the world-wide names among VPD page 83h designators: NAA and
// EUI-64 ("naa.5000c500a1b2c3d4", "eui.0025388b91b6f2a3"). A "t10." designator is
// the vendor and product strings, not a WWN, and is dropped.
func wwnFromWWID(wwid string) string {
	if strings.HasPrefix(wwid, "naa.") || strings.HasPrefix(wwid, "eui.") {
		return wwid
	}
	return ""
}

// serialFromVPD80 decodes a Unit Serial Number VPD page (SPC-4 7.8.18): byte 1 is
// the page code 80h, bytes 2-3 the page length, then the serial in ASCII, often
// padded with spaces on either side.
func serialFromVPD80(b []byte) string {
	if len(b) < 4 || b[1] != 0x80 {
		return ""
	}
	n := int(b[2])<<8 | int(b[3])
	if n > len(b)-4 {
		n = len(b) - 4
	}
	s := strings.TrimSpace(strings.TrimRight(string(b[4:4+n]), "\x00"))
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return "" // not printable ASCII: not a serial we can show
		}
	}
	return s
}
