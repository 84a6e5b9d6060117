// Package devices knows the media on the desk: what each one is (identity), what it
// can do (capabilities probed from the device itself), whether it may be touched at
// all (eligibility) and which sanitization methods apply to it (the recommendation
// policy). It imports none of wipestation's other packages.
//
// The JSON names of Device are a documented, stable interface: `wipestation list
// --json` prints them and scripts depend on them (docs/list-json.md).
package devices

import "github.com/wipestation/wipestation/msg"

// Kind is the broad family of a medium, as a technician at the desk sorts them.
type Kind string

// The kinds of media.
const (
	KindDisk    Kind = "disk"    // hard disks, SSDs, NVMe, USB sticks and USB disks
	KindCard    Kind = "card"    // SD/MMC memory cards
	KindOptical Kind = "optical" // CD/DVD/BD drives and the disc in them
	KindPhone   Kind = "phone"   // phones and tablets attached over USB
)

// Transport is how the host reaches the medium.
type Transport string

// The transports.
const (
	TransportNVMe   Transport = "nvme"
	TransportSATA   Transport = "sata"
	TransportSAS    Transport = "sas"
	TransportSCSI   Transport = "scsi"
	TransportUSB    Transport = "usb" // USB mass storage, bulk-only transport
	TransportUAS    Transport = "uas" // USB attached SCSI
	TransportMMC    Transport = "mmc"
	TransportVirtio Transport = "virtio"
	TransportLoop   Transport = "loop"
	TransportFile   Transport = "file" // an image file, only in demo mode or with --allow-file
	TransportMTP    Transport = "mtp"  // a phone reached over MTP/PTP on usbfs
	TransportADB    Transport = "adb"
	TransportApple  Transport = "apple"
)

// Class is the sanitization outcome as NIST SP 800-88 and IEEE 2883 name it.
type Class string

// The classes, weakest first. ClassOther is for actions the standards do not count
// as sanitization (for example blanking a rewritable disc).
const (
	ClassOther   Class = "Other"
	ClassClear   Class = "Clear"
	ClassPurge   Class = "Purge"
	ClassDestroy Class = "Destroy"
)

// Device is one medium: its identity, capabilities, eligibility and the methods
// recommended for it.
type Device struct {
	// Path is what `wipe` accepts as a target: /dev/sdb, /dev/nvme0n1, a file path in
	// demo mode, or a usbfs-based path such as mtp:/dev/bus/usb/001/004 for a phone.
	Path string `json:"path"`
	// Name is the kernel name (sdb, nvme0n1) or, for phones, the USB bus-port name.
	Name      string    `json:"name"`
	Kind      Kind      `json:"kind"`
	Transport Transport `json:"transport"`
	Vendor    string    `json:"vendor"`
	Model     string    `json:"model"`
	// Serial is the medium's own serial (NVMe identify, VPD page 80h, ATA IDENTIFY).
	Serial string `json:"serial"`
	// BridgeSerial is the serial of the USB device in front of the medium (the
	// enclosure or stick controller), from /sys/bus/usb/devices/*/serial.
	BridgeSerial string `json:"bridge_serial,omitempty"`
	USBVendorID  string `json:"usb_vendor_id,omitempty"`  // idVendor, 4 hex digits
	USBProductID string `json:"usb_product_id,omitempty"` // idProduct, 4 hex digits
	WWN          string `json:"wwn,omitempty"`            // WWN or NVMe EUI-64/NGUID
	Firmware     string `json:"firmware,omitempty"`
	SizeBytes    int64  `json:"size_bytes"`
	// LogicalSectorBytes is queue/logical_block_size; PhysicalSectorBytes is
	// queue/physical_block_size.
	LogicalSectorBytes  int  `json:"logical_sector_bytes"`
	PhysicalSectorBytes int  `json:"physical_sector_bytes"`
	Rotational          bool `json:"rotational"`
	Removable           bool `json:"removable"`
	ReadOnly            bool `json:"read_only"`
	// Virtual marks loop devices and image files: not physical media.
	Virtual bool `json:"virtual"`
	// BusPath names the port the device hangs off (e.g. pci-0000:00:14.0-usb-0:3:1.0),
	// stable across runs so that a bay can be named.
	BusPath string `json:"bus_path,omitempty"`
	// DevNumber is "major:minor" for block devices.
	DevNumber string `json:"dev_number,omitempty"`

	Eligible bool `json:"eligible"`
	// Ineligible says why the device is not a target (nil when it is).
	Ineligible *msg.Message `json:"ineligible,omitempty"`

	Capabilities    Capabilities     `json:"capabilities"`
	Recommendations []Recommendation `json:"recommendations"`
}

// Tristate is a probed answer that may be unknown: a probe that failed or timed out
// (for example through a USB bridge without SAT) says "unknown", never "no".
type Tristate string

// The tristate values.
const (
	Unknown Tristate = "unknown"
	Yes     Tristate = "yes"
	No      Tristate = "no"
)

// Capabilities is what the device says it can do, probed from the device itself.
// A nil section means that family of commands does not apply to the device or was
// not reachable; ProbeErrors says which probes failed and why.
type Capabilities struct {
	ATA        *ATACapabilities     `json:"ata,omitempty"`
	NVMe       *NVMeCapabilities    `json:"nvme,omitempty"`
	SCSI       *SCSICapabilities    `json:"scsi,omitempty"`
	Optical    *OpticalCapabilities `json:"optical,omitempty"`
	Phone      *PhoneCapabilities   `json:"phone,omitempty"`
	HiddenArea *HiddenArea          `json:"hidden_area,omitempty"`
	// ProbeErrors lists probes that failed or timed out, one line each.
	ProbeErrors []string `json:"probe_errors,omitempty"`
}

// ATACapabilities comes from IDENTIFY DEVICE (ACS-3): word 59 for SANITIZE, word 82
// and 128 for the security feature set, words 89/90 for erase time estimates.
type ATACapabilities struct {
	SecuritySupported bool `json:"security_supported"`
	SecurityEnabled   bool `json:"security_enabled"`
	SecurityLocked    bool `json:"security_locked"`
	SecurityFrozen    bool `json:"security_frozen"`
	// SecurityCountExpired is word 128 bit 4: the password attempt counter ran out,
	// and no SECURITY command is accepted until a power cycle.
	SecurityCountExpired   bool `json:"security_count_expired"`
	EnhancedEraseSupported bool `json:"enhanced_erase_supported"`
	// NormalEraseMinutes and EnhancedEraseMinutes are the drive's estimates (words
	// 89 and 90); 0 means not reported.
	NormalEraseMinutes   int  `json:"normal_erase_minutes"`
	EnhancedEraseMinutes int  `json:"enhanced_erase_minutes"`
	SanitizeSupported    bool `json:"sanitize_supported"`
	SanitizeCrypto       bool `json:"sanitize_crypto"`
	SanitizeBlockErase   bool `json:"sanitize_block_erase"`
	SanitizeOverwrite    bool `json:"sanitize_overwrite"`
	// NonRotating is word 217 == 1 (solid state).
	NonRotating bool `json:"non_rotating"`
}

// NVMeCapabilities comes from Identify Controller (NVMe Base 2.0): OACS bit 1,
// FNA byte 524 and SANICAP bytes 331:328.
type NVMeCapabilities struct {
	FormatSupported bool `json:"format_supported"`
	// FormatCryptoErase is FNA bit 2: Format with SES=2 is supported.
	FormatCryptoErase bool `json:"format_crypto_erase"`
	// FormatAppliesToAllNamespaces is FNA bit 0/1: a format or secure erase acts on
	// every namespace of the controller.
	FormatAppliesToAllNamespaces bool `json:"format_all_namespaces"`
	SanitizeCrypto               bool `json:"sanitize_crypto"`
	SanitizeBlockErase           bool `json:"sanitize_block_erase"`
	SanitizeOverwrite            bool `json:"sanitize_overwrite"`
}

// SCSICapabilities comes from REPORT SUPPORTED OPERATION CODES for SANITIZE (48h).
type SCSICapabilities struct {
	SanitizeCrypto     Tristate `json:"sanitize_crypto"`
	SanitizeBlockErase Tristate `json:"sanitize_block_erase"`
	SanitizeOverwrite  Tristate `json:"sanitize_overwrite"`
}

// MediaClass says what can be done to the disc in an optical drive.
type MediaClass string

// The disc classes from the current MMC profile.
const (
	MediaNone       MediaClass = "none" // no disc
	MediaROM        MediaClass = "rom"
	MediaWriteOnce  MediaClass = "write-once"
	MediaRewritable MediaClass = "rewritable"
)

// OpticalCapabilities comes from GET CONFIGURATION (46h) and READ DISC INFORMATION (51h).
type OpticalCapabilities struct {
	// Profile is the current profile number (MMC-6 table 91), ProfileName its name.
	Profile     uint16     `json:"profile"`
	ProfileName string     `json:"profile_name"`
	Media       MediaClass `json:"media"`
	Blank       bool       `json:"blank"`
	Erasable    bool       `json:"erasable"`
	VolumeLabel string     `json:"volume_label,omitempty"`
}

// PhoneCapabilities is what a phone attached over USB offers.
type PhoneCapabilities struct {
	// Protocols lists what is reachable: "mtp", "ptp", "adb", "apple".
	Protocols    []string       `json:"protocols"`
	Manufacturer string         `json:"manufacturer,omitempty"`
	Product      string         `json:"product,omitempty"`
	OSVersion    string         `json:"os_version,omitempty"`
	Encrypted    Tristate       `json:"encrypted"`
	Storages     []PhoneStorage `json:"storages,omitempty"`
}

// PhoneStorage is one MTP storage (internal shared storage, an SD card).
type PhoneStorage struct {
	ID          uint32 `json:"id"`
	Description string `json:"description"`
	MaxBytes    uint64 `json:"max_bytes"`
	FreeBytes   uint64 `json:"free_bytes"`
}

// HiddenArea compares the native capacity with what the host can address (ATA HPA,
// DCO, AMA). A host overwrite stops at the accessible maximum.
type HiddenArea struct {
	NativeSectors     uint64 `json:"native_sectors"`
	AccessibleSectors uint64 `json:"accessible_sectors"`
	HPA               bool   `json:"hpa"`
	DCO               bool   `json:"dco"`
}

// Hidden reports whether sectors exist beyond what the host can address.
func (h *HiddenArea) Hidden() bool {
	return h != nil && h.NativeSectors > h.AccessibleSectors
}

// Recommendation is one method that applies to a device, with the class the
// standards give it on this kind of medium and why.
type Recommendation struct {
	// Method is a wipe method ID (see `wipestation methods`).
	Method string      `json:"method"`
	Class  Class       `json:"class"`
	Reason msg.Message `json:"reason"`
}

// Classes lists every class, the weakest claim first.
func Classes() []Class { return []Class{ClassOther, ClassClear, ClassPurge, ClassDestroy} }

// classRank orders the classes from the weakest claim to the strongest.
var classRank = map[Class]int{ClassOther: 1, ClassClear: 2, ClassPurge: 3, ClassDestroy: 4}

// Weaker returns the weaker of two classes, the claim a record may make when two
// sources (the recommendation policy and what an executor observed) disagree. An
// empty class means "no opinion" and yields the other.
func Weaker(a, b Class) Class {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case classRank[b] < classRank[a]:
		return b
	}
	return a
}
