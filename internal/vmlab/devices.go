package vmlab

import (
	"fmt"
	"strings"
)

// Kind is a type of emulated device the lab can attach (docs/vm-lab.md).
type Kind string

// The device kinds, each one QEMU 7.2 device model (see vm-lab.md for what each
// emulates and what it does not).
const (
	KindNVMe     Kind = "nvme"      // nvme + nvme-ns: namespace 1
	KindSATADisk Kind = "sata-disk" // ide-hd on AHCI, solid state (rotation_rate=1)
	KindSATACD   Kind = "sata-cd"   // ide-cd on AHCI with an ISO 9660 disc
	KindUSBStick Kind = "usb-stick" // usb-storage (bulk-only), removable
	KindUSBBot   Kind = "usb-bot"   // usb-bot + scsi-hd: a stick with its own SCSI vendor/product
	KindUAS      Kind = "uas"       // usb-uas + scsi-hd: a USB attached SCSI disk
	KindSCSIDisk Kind = "scsi-disk" // scsi-hd on virtio-scsi (SAS-like)
	KindSCSICD   Kind = "scsi-cd"   // scsi-cd on virtio-scsi with an ISO 9660 disc
	KindMTP      Kind = "mtp"       // usb-mtp: a phone backed by a host folder
)

// QEMU's fixed identity strings: what the guest sees where the command line cannot
// choose (hw/nvme/ctrl.c, hw/scsi/scsi-disk.c as used by usb-storage).
const (
	QEMUNVMeModel     = "QEMU NVMe Ctrl"
	QEMUSCSIDiskModel = "QEMU HARDDISK"
	QEMUSCSIVendor    = "QEMU"
)

// Device is one emulated medium and the identity given to it on QEMU's command line.
type Device struct {
	// ID is QEMU's device id (the name device_del takes) and the name guest scripts
	// use to find the device (ws_dev ID). Letters, digits and '-' only.
	ID   string
	Kind Kind
	// Serial is the medium's own serial: NVMe Identify, ATA IDENTIFY, SCSI VPD page
	// 80h. For usb-storage and usb-mtp it is the USB device's serial, the only one
	// QEMU lets the command line set.
	Serial string
	// USBSerial is the USB bridge's serial for usb-bot and usb-uas (the enclosure in
	// front of the SCSI disk); it should differ from Serial.
	USBSerial string
	// Model is the ATA model (SATA disk and CD). NVMe and usb-storage models are
	// fixed by QEMU (QEMUNVMeModel, QEMUSCSIDiskModel).
	Model string
	// Vendor and Product are the SCSI INQUIRY strings of scsi-hd/scsi-cd (8 and 16
	// characters at most).
	Vendor  string
	Product string
	// WWN is the world wide name of SATA and SCSI disks (0: none).
	WWN uint64
	// SizeBytes is the size of a disk's sparse image.
	SizeBytes int64
	// Fill, when not zero, fills a disk's image with this byte before boot (no
	// longer sparse), so that a test can tell a wipe that wrote from one that did not.
	Fill byte
	// VolumeLabel is the ISO 9660 volume label of a CD's disc.
	VolumeLabel string
	// Description is the MTP storage description of a phone (usb-mtp desc=).
	Description string
	// StorageBytes, for a phone, puts its folder on a tmpfs of this size (needs root),
	// so that the phone's storage can fill up: QEMU reports the host file system's
	// space as the phone's, and /dev/shm is far too big to fill over emulated USB.
	StorageBytes int64
	// Files fill a CD's disc or a phone's folder: relative path to content.
	Files map[string]string
}

// IsBlock reports whether the guest sees the device as a block device (all but phones).
func (d Device) IsBlock() bool { return d.Kind != KindMTP }

// IsOptical reports whether the device is a CD drive.
func (d Device) IsOptical() bool { return d.Kind == KindSATACD || d.Kind == KindSCSICD }

// IsUSB reports whether the device hangs off the USB controller.
func (d Device) IsUSB() bool {
	switch d.Kind {
	case KindUSBStick, KindUSBBot, KindUAS, KindMTP:
		return true
	}
	return false
}

// WantModel is the model the guest should report for the device.
func (d Device) WantModel() string {
	switch d.Kind {
	case KindNVMe:
		return QEMUNVMeModel
	case KindUSBStick:
		return QEMUSCSIDiskModel
	case KindSATADisk, KindSATACD:
		return d.Model
	case KindUSBBot, KindUAS, KindSCSIDisk, KindSCSICD:
		return d.Product
	}
	return d.Description
}

// QEMUATAPIModel is what QEMU's ide-cd answers to a SCSI INQUIRY whatever its model=
// (the model= string only reaches ATA IDENTIFY PACKET DEVICE), so sysfs shows it.
const QEMUATAPIModel = "QEMU DVD-ROM"

// inquiryModel is the model the guest's sysfs shows (device/model, from INQUIRY).
func (d Device) inquiryModel() string {
	if d.Kind == KindSATACD {
		return QEMUATAPIModel
	}
	return d.WantModel()
}

// WantVendor is the vendor the guest should report for a SCSI-attached device
// ("" where the transport has no vendor field of its own).
func (d Device) WantVendor() string {
	switch d.Kind {
	case KindUSBStick:
		return QEMUSCSIVendor
	case KindUSBBot, KindUAS, KindSCSIDisk, KindSCSICD:
		return d.Vendor
	}
	return ""
}

// WantTransport is the transport discovery must report (devices.Transport values).
func (d Device) WantTransport() string {
	switch d.Kind {
	case KindNVMe:
		return "nvme"
	case KindSATADisk, KindSATACD:
		return "sata"
	case KindUSBStick, KindUSBBot:
		return "usb"
	case KindUAS:
		return "uas"
	case KindSCSIDisk, KindSCSICD:
		// virtio-scsi: discovery may name the bus (virtio) or the command set (scsi).
		return "scsi"
	case KindMTP:
		return "mtp"
	}
	return ""
}

// Desk is the whole lab of vm-lab.md: one of every device, with distinct made-up
// identities so that each can be found by serial. Sizes are small (sparse images on
// /dev/shm) except the USB stick, which is big enough that a wipe of it runs for a
// while under software emulation (long enough to pull it out mid-wipe).
func Desk() []Device {
	const mib = 1 << 20
	return []Device{
		{ID: "nvme0", Kind: KindNVMe, Serial: "WSNVME0001", SizeBytes: 64 * mib},
		{ID: "sata0", Kind: KindSATADisk, Serial: "WSSATA0001", Model: "WS Test SATA SSD",
			WWN: 0x5000c500a1b2c3d4, SizeBytes: 64 * mib},
		{ID: "satacd0", Kind: KindSATACD, Serial: "WSSATACD01", Model: "WS Test DVD-ROM",
			VolumeLabel: "WS_SATA_CD", Files: map[string]string{"README.TXT": "a ROM disc on the SATA CD drive\n"}},
		{ID: "stick0", Kind: KindUSBStick, Serial: "WSSTICK0001", SizeBytes: 512 * mib},
		{ID: "bot0", Kind: KindUSBBot, Serial: "WSBOTSCSI1", USBSerial: "WSBOTUSB01",
			Vendor: "Kingstn", Product: "DataTraveler WS", SizeBytes: 64 * mib},
		{ID: "uas0", Kind: KindUAS, Serial: "WSUASSCSI1", USBSerial: "WSUASUSB01",
			Vendor: "Samsung", Product: "PSSD T7 WS", SizeBytes: 64 * mib},
		{ID: "scsi0", Kind: KindSCSIDisk, Serial: "WSSCSI0001", Vendor: "SEAGATE", Product: "ST4000NM WS",
			WWN: 0x5000c500deadbeef, SizeBytes: 64 * mib},
		{ID: "scsicd0", Kind: KindSCSICD, Serial: "WSSCSICD01", Vendor: "HL-DT-ST", Product: "DVDRAM WS",
			VolumeLabel: "WS_SCSI_CD", Files: map[string]string{"README.TXT": "a ROM disc on the SCSI CD drive\n"}},
		{ID: "phone0", Kind: KindMTP, Serial: "WSPHONE0001", Description: "WS Test Phone",
			Files: map[string]string{
				"DCIM/IMG_0001.JPG":      strings.Repeat("not really a photo\n", 200),
				"DCIM/IMG_0002.JPG":      strings.Repeat("another photo\n", 300),
				"Documents/contract.txt": "private data that must go\n",
				"notes.txt":              "a note in the top folder\n",
			}},
	}
}

// Pick returns the devices of Desk with these IDs, in Desk's order.
func Pick(ids ...string) []Device {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []Device
	for _, d := range Desk() {
		if want[d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// media is where a device's backing store lives on the host.
type media struct {
	image string // disk image or ISO
	dir   string // a phone's folder
}

// qemuOpt joins key=value pairs into one QEMU option string, doubling commas in
// values as QEMU's option parser requires.
func qemuOpt(kind string, kv ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		b.WriteString(",")
		b.WriteString(kv[i])
		b.WriteString("=")
		b.WriteString(strings.ReplaceAll(kv[i+1], ",", ",,"))
	}
	return b.String()
}

func hex64(v uint64) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("0x%016x", v)
}

// deviceArgs returns the QEMU arguments of the devices: the controllers they need
// (AHCI, xHCI, virtio-scsi, each once) and one -drive/-device group per device.
func deviceArgs(devs []Device, m map[string]media) ([]string, error) {
	var ahci, xhci, vscsi bool
	var ctrl, args []string
	ahciPort, vscsiID := 0, 0
	seen := map[string]bool{}
	for _, d := range devs {
		if d.ID == "" || strings.Trim(d.ID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			return nil, fmt.Errorf("device id %q: use letters, digits and '-'", d.ID)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("device id %q: given twice", d.ID)
		}
		seen[d.ID] = true
		drive := "drv-" + d.ID
		md := m[d.ID]
		diskDrive := qemuOpt("if=none", "file", md.image, "id", drive, "format", "raw", "cache", "unsafe")
		cdDrive := qemuOpt("if=none", "file", md.image, "id", drive, "format", "raw", "media", "cdrom", "readonly", "on")
		switch d.Kind {
		case KindNVMe:
			args = append(args, "-drive", diskDrive,
				"-device", qemuOpt("nvme", "id", d.ID, "serial", d.Serial),
				"-device", qemuOpt("nvme-ns", "bus", d.ID, "drive", drive, "nsid", "1"))
		case KindSATADisk, KindSATACD:
			if !ahci {
				ctrl = append(ctrl, "-device", "ahci,id=ahci0")
				ahci = true
			}
			if ahciPort >= 6 {
				return nil, fmt.Errorf("device %s: the AHCI controller has 6 ports", d.ID)
			}
			bus := fmt.Sprintf("ahci0.%d", ahciPort)
			ahciPort++
			if d.Kind == KindSATADisk {
				args = append(args, "-drive", diskDrive, "-device", qemuOpt("ide-hd", "id", d.ID, "drive", drive,
					"bus", bus, "serial", d.Serial, "model", d.Model, "wwn", hex64(d.WWN), "rotation_rate", "1"))
			} else {
				args = append(args, "-drive", cdDrive, "-device", qemuOpt("ide-cd", "id", d.ID, "drive", drive,
					"bus", bus, "serial", d.Serial, "model", d.Model))
			}
		case KindUSBStick, KindUSBBot, KindUAS, KindMTP:
			if !xhci {
				ctrl = append(ctrl, "-device", "qemu-xhci,id=xhci,p2=8,p3=8")
				xhci = true
			}
			switch d.Kind {
			case KindUSBStick:
				args = append(args, "-drive", diskDrive, "-device", qemuOpt("usb-storage", "id", d.ID, "bus", "xhci.0",
					"drive", drive, "serial", d.Serial, "removable", "on"))
			case KindUSBBot:
				args = append(args, "-drive", diskDrive,
					"-device", qemuOpt("usb-bot", "id", d.ID, "bus", "xhci.0", "serial", d.USBSerial),
					"-device", qemuOpt("scsi-hd", "id", d.ID+"-disk", "bus", d.ID+".0", "scsi-id", "0", "lun", "0",
						"drive", drive, "vendor", d.Vendor, "product", d.Product, "serial", d.Serial, "removable", "on"))
			case KindUAS:
				args = append(args, "-drive", diskDrive,
					"-device", qemuOpt("usb-uas", "id", d.ID, "bus", "xhci.0", "serial", d.USBSerial),
					"-device", qemuOpt("scsi-hd", "id", d.ID+"-disk", "bus", d.ID+".0", "scsi-id", "0", "lun", "0",
						"drive", drive, "vendor", d.Vendor, "product", d.Product, "serial", d.Serial, "wwn", hex64(d.WWN)))
			case KindMTP:
				args = append(args, "-device", qemuOpt("usb-mtp", "id", d.ID, "bus", "xhci.0", "rootdir", md.dir,
					"readonly", "off", "desc", d.Description, "serial", d.Serial))
			}
		case KindSCSIDisk, KindSCSICD:
			if !vscsi {
				ctrl = append(ctrl, "-device", "virtio-scsi-pci,id=vscsi0")
				vscsi = true
			}
			id := fmt.Sprint(vscsiID)
			vscsiID++
			if d.Kind == KindSCSIDisk {
				args = append(args, "-drive", diskDrive, "-device", qemuOpt("scsi-hd", "id", d.ID, "bus", "vscsi0.0",
					"scsi-id", id, "lun", "0", "drive", drive, "serial", d.Serial, "vendor", d.Vendor,
					"product", d.Product, "wwn", hex64(d.WWN)))
			} else {
				args = append(args, "-drive", cdDrive, "-device", qemuOpt("scsi-cd", "id", d.ID, "bus", "vscsi0.0",
					"scsi-id", id, "lun", "0", "drive", drive, "serial", d.Serial, "vendor", d.Vendor,
					"product", d.Product))
			}
		default:
			return nil, fmt.Errorf("device %s: unknown kind %q", d.ID, d.Kind)
		}
	}
	return append(ctrl, args...), nil
}
