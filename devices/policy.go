package devices

import (
	"fmt"
	"slices"
	"strings"
)

// The recommendation policy: which methods apply to a device, with the class the
// standards give each one on that kind of medium, and why.
//
// Sources (all summarised in docs/recommendations.md, which maps every row):
//   - NIST SP 800-88 Rev. 1 Appendix A, per media type (Rev. 2 defers technique
//     details to IEEE 2883, except cryptographic erase);
//   - IEEE 2883-2022 as applied per interface (Clear: host overwrite, ATA SECURITY
//     ERASE normal, NVMe Format SES=1; Purge: SANITIZE crypto/block/overwrite).
//
// Where the two disagree the table takes the understating class and says so in
// the reason: a certificate must never claim more than happened.
//
// Ordering: the methods this workstation can perform, strongest class first and,
// within a class, in the order the standards list them for the medium. A
// `destroy` entry closes the list of a physical medium when no method the device
// offers reaches Purge ("Purge requires destruction"). Optical discs are the
// exception: nothing done to a disc counts as Clear or Purge, so destruction
// comes first.

// medium is the row key of the policy: the media types the standards tell apart.
type medium string

// The media the policy knows.
const (
	mediumATAHDD    medium = "ATA hard disk"
	mediumATASSD    medium = "ATA solid-state drive"
	mediumSCSIHDD   medium = "SCSI/SAS hard disk"
	mediumSCSISSD   medium = "SCSI/SAS solid-state drive"
	mediumNVMe      medium = "NVMe solid-state drive"
	mediumUSB       medium = "USB mass storage" // sticks, and disks behind a bridge that hides their commands
	mediumCard      medium = "memory card or eMMC"
	mediumOptical   medium = "optical disc"
	mediumPhone     medium = "phone"
	mediumVirtual   medium = "loop device or image file"
	mediumOtherDisk medium = "disk without reachable sanitize commands" // virtio, unknown transports
)

// rule is one row of the policy table. A row with an empty method is a note: when
// it applies, its reason is appended to the reason of the first recommendation,
// to say why a stronger method is missing.
type rule struct {
	medium medium
	method string
	class  Class
	// when says whether the probed capabilities offer the method; nil: always.
	when func(d Device) bool
	// classFor overrides class for this device (phone reset: Purge only when the
	// storage is known to be encrypted); nil: class.
	classFor func(d Device) Class
	reason   string
	// detail adds device-specific words to the reason (erase time estimates,
	// hidden sectors); nil or "": nothing.
	detail func(d Device) string
}

// policy is the whole table, in output order per medium. It is never modified.
var policy = []rule{
	// ---- ATA hard disks (NIST Rev.1 A: ATA HDD; IEEE 2883 ATA row) ----
	{medium: mediumATAHDD, method: "ata-sanitize-overwrite", class: ClassPurge, when: offers("ata-sanitize-overwrite"),
		reason: "ATA SANITIZE OVERWRITE: the drive overwrites every sector, spare and hidden areas included; Purge for ATA hard disks (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumATAHDD, method: "ata-sanitize-crypto", class: ClassPurge, when: offers("ata-sanitize-crypto"),
		reason: "ATA SANITIZE CRYPTO SCRAMBLE: the drive replaces its internal encryption key; Purge (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumATAHDD, method: "ata-sanitize-block", class: ClassPurge, when: offers("ata-sanitize-block"),
		reason: "ATA SANITIZE BLOCK ERASE; Purge under IEEE 2883"},
	{medium: mediumATAHDD, method: "ata-secure-erase-enhanced", class: ClassPurge, when: offers("ata-secure-erase-enhanced"),
		reason: "ATA SECURITY ERASE UNIT, enhanced: Purge for ATA hard disks (NIST 800-88 Rev.1)", detail: ataEnhancedMinutes},
	{medium: mediumATAHDD, method: "ata-secure-erase", class: ClassClear, when: offers("ata-secure-erase"),
		reason: "ATA SECURITY ERASE UNIT, normal: IEEE 2883 counts it as Clear", detail: ataNormalMinutes},
	{medium: mediumATAHDD, method: "nist-clear", class: ClassClear,
		reason: "host overwrite (one random pass), read back in full: Clear for hard disks (NIST 800-88 Rev.1)", detail: hiddenAreaWarning},
	{medium: mediumATAHDD, when: ataSecurityFrozen, reason: ataFrozenNote},
	{medium: mediumATAHDD, when: ataSecurityLocked, reason: ataLockedNote},
	{medium: mediumATAHDD, when: ataSecurityOverUSB, reason: ataOverUSBNote},

	// ---- ATA solid-state drives (NIST Rev.1 A: ATA SSD; IEEE 2883 ATA row) ----
	{medium: mediumATASSD, method: "ata-sanitize-crypto", class: ClassPurge, when: offers("ata-sanitize-crypto"),
		reason: "ATA SANITIZE CRYPTO SCRAMBLE: the drive replaces its internal encryption key; Purge for ATA SSDs (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumATASSD, method: "ata-sanitize-block", class: ClassPurge, when: offers("ata-sanitize-block"),
		reason: "ATA SANITIZE BLOCK ERASE: the drive erases every flash block, spare area included; Purge for ATA SSDs (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumATASSD, method: "ata-sanitize-overwrite", class: ClassPurge, when: offers("ata-sanitize-overwrite"),
		reason: "ATA SANITIZE OVERWRITE: Purge under IEEE 2883 (NIST Rev.1 names only block erase and crypto scramble for flash); slow, and wears the flash"},
	{medium: mediumATASSD, method: "ata-secure-erase-enhanced", class: ClassClear, when: offers("ata-secure-erase-enhanced"),
		reason: "ATA SECURITY ERASE UNIT, enhanced: NIST 800-88 Rev.1 says ATA Secure Erase is only a Clear mechanism for flash memory", detail: ataEnhancedMinutes},
	{medium: mediumATASSD, method: "ata-secure-erase", class: ClassClear, when: offers("ata-secure-erase"),
		reason: "ATA SECURITY ERASE UNIT, normal: Clear (IEEE 2883; NIST Rev.1: only Clear on flash)", detail: ataNormalMinutes},
	{medium: mediumATASSD, method: "nist-clear", class: ClassClear,
		reason: "host overwrite (one random pass), read back in full: Clear; on flash it cannot reach spare blocks, so it is never Purge", detail: hiddenAreaWarning},
	{medium: mediumATASSD, when: ataSecurityFrozen, reason: ataFrozenNote},
	{medium: mediumATASSD, when: ataSecurityLocked, reason: ataLockedNote},
	{medium: mediumATASSD, when: ataSecurityOverUSB, reason: ataOverUSBNote},
	{medium: mediumATASSD, when: ataMediaTypeGuessed,
		reason: "the drive does not report whether it rotates (IDENTIFY word 217): it is treated as flash, which understates"},

	// ---- SCSI/SAS hard disks (NIST Rev.1 A: SCSI HDD; IEEE 2883 SCSI row) ----
	{medium: mediumSCSIHDD, method: "scsi-sanitize-overwrite", class: ClassPurge, when: offers("scsi-sanitize-overwrite"),
		reason: "SCSI SANITIZE OVERWRITE: Purge for SCSI/SAS hard disks (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumSCSIHDD, method: "scsi-sanitize-crypto", class: ClassPurge, when: offers("scsi-sanitize-crypto"),
		reason: "SCSI SANITIZE CRYPTOGRAPHIC ERASE: Purge (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumSCSIHDD, method: "scsi-sanitize-block", class: ClassPurge, when: offers("scsi-sanitize-block"),
		reason: "SCSI SANITIZE BLOCK ERASE: Purge under IEEE 2883"},
	{medium: mediumSCSIHDD, method: "nist-clear", class: ClassClear, when: hostCanAddress,
		reason: "host overwrite (one random pass), read back in full: Clear for hard disks (NIST 800-88 Rev.1)"},
	{medium: mediumSCSIHDD, method: "scsi-format-unit", class: ClassClear, when: offers("scsi-format-unit"),
		reason: scsiFormatReason, detail: scsiFormatDetail},
	{medium: mediumSCSIHDD, when: scsiSanitizeUnknown, reason: scsiUnknownNote},
	{medium: mediumSCSIHDD, when: needsReformat, detail: needsReformatNote},

	// ---- SCSI/SAS solid-state drives (NIST Rev.1 A: SCSI SSD; IEEE 2883 SCSI row) ----
	{medium: mediumSCSISSD, method: "scsi-sanitize-crypto", class: ClassPurge, when: offers("scsi-sanitize-crypto"),
		reason: "SCSI SANITIZE CRYPTOGRAPHIC ERASE: Purge for SCSI/SAS SSDs (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumSCSISSD, method: "scsi-sanitize-block", class: ClassPurge, when: offers("scsi-sanitize-block"),
		reason: "SCSI SANITIZE BLOCK ERASE: the drive erases every flash block; Purge (NIST 800-88 Rev.1, IEEE 2883)"},
	{medium: mediumSCSISSD, method: "scsi-sanitize-overwrite", class: ClassPurge, when: offers("scsi-sanitize-overwrite"),
		reason: "SCSI SANITIZE OVERWRITE: Purge under IEEE 2883; slow, and wears the flash"},
	{medium: mediumSCSISSD, method: "nist-clear", class: ClassClear, when: hostCanAddress,
		reason: "host overwrite (one random pass), read back in full: Clear; on flash it cannot reach spare blocks, so it is never Purge"},
	{medium: mediumSCSISSD, method: "scsi-format-unit", class: ClassClear, when: offers("scsi-format-unit"),
		reason: scsiFormatReason, detail: scsiFormatDetail},
	{medium: mediumSCSISSD, when: scsiSanitizeUnknown, reason: scsiUnknownNote},
	{medium: mediumSCSISSD, when: needsReformat, detail: needsReformatNote},

	// ---- NVMe (NIST Rev.1 A: NVMe SSD; IEEE 2883 NVMe row) ----
	{medium: mediumNVMe, method: "nvme-sanitize-crypto", class: ClassPurge, when: offers("nvme-sanitize-crypto"),
		reason: "NVMe Sanitize, crypto erase (SANICAP bit 0): Purge (IEEE 2883)"},
	{medium: mediumNVMe, method: "nvme-sanitize-block", class: ClassPurge, when: offers("nvme-sanitize-block"),
		reason: "NVMe Sanitize, block erase (SANICAP bit 1): Purge (IEEE 2883)"},
	{medium: mediumNVMe, method: "nvme-sanitize-overwrite", class: ClassPurge, when: offers("nvme-sanitize-overwrite"),
		reason: "NVMe Sanitize, overwrite (SANICAP bit 2): Purge (IEEE 2883); slow, and wears the flash"},
	{medium: mediumNVMe, method: "nvme-format-crypto", class: ClassPurge, when: offers("nvme-format-crypto"),
		reason: "NVMe Format with SES=2, crypto erase (FNA bit 2): Purge under NIST 800-88 Rev.1; IEEE 2883 counts it Purge only if the vendor's crypto erase meets that standard, which the drive cannot show: prefer Sanitize when offered",
		detail: nvmeAllNamespaces},
	{medium: mediumNVMe, method: "nvme-format", class: ClassClear, when: offers("nvme-format"),
		reason: "NVMe Format with SES=1, user data erase: NIST 800-88 Rev.1 lists it as Purge, IEEE 2883 as Clear; recorded as Clear, the understating class",
		detail: nvmeAllNamespaces},
	{medium: mediumNVMe, method: "nist-clear", class: ClassClear,
		reason: "host overwrite (one random pass), read back in full: Clear; on flash it cannot reach spare blocks, so it is never Purge"},

	// ---- USB removable flash and memory cards (NIST Rev.1 A: USB removable media, memory cards) ----
	{medium: mediumUSB, method: "nist-usb", class: ClassClear,
		reason: "overwrite with a pattern and then its complement, read back: Clear for USB removable media (NIST 800-88 Rev.1); the bridge exposes no sanitize command of the drive behind it"},
	{medium: mediumUSB, method: "destroy", class: ClassDestroy,
		reason: "Purge requires destruction: NIST 800-88 Rev.1 says USB removable media should be destroyed where Purge is needed"},
	{medium: mediumCard, method: "nist-usb", class: ClassClear,
		reason: "overwrite with a pattern and then its complement, read back: Clear for memory cards (NIST 800-88 Rev.1); the card's own erase commands are not reachable through the host controller"},
	{medium: mediumCard, method: "destroy", class: ClassDestroy,
		reason: "Purge requires destruction: no Purge command of the card or eMMC is reachable (NIST 800-88 Rev.1 for memory cards)"},

	// ---- Optical discs (NIST Rev.1 A: optical media; MMC profiles) ----
	{medium: mediumOptical, method: "destroy", class: ClassDestroy, when: discPresentOrUnknown,
		reason: "optical discs can only be destroyed to be sanitized (NIST 800-88 Rev.1): shred or disintegrate", detail: discDetail},
	{medium: mediumOptical, method: "optical-blank", class: ClassOther, when: discRewritable,
		reason: "full blank of the rewritable disc: NIST counts blanking as neither Clear nor Purge; recorded as Other"},

	// ---- Phones (NIST Rev.1 A: mobile devices; reference section 9) ----
	{medium: mediumPhone, method: "phone-reset", class: ClassClear, classFor: phoneResetClass,
		reason: "factory reset on the phone", detail: phoneResetDetail},
	{medium: mediumPhone, method: "mtp-clear", class: ClassOther, when: phoneHasMTP,
		reason: "delete and overwrite the phone's shared storage over MTP: it cannot reach app data or the system, so it is no Clear of the phone; recorded as Other"},
	{medium: mediumPhone, method: "destroy", class: ClassDestroy,
		reason: "destruction, where the reset cannot be confirmed or policy demands it"},

	// ---- Virtual and other disks ----
	{medium: mediumVirtual, method: "nist-clear", class: ClassClear,
		reason: "overwrite (one random pass), read back in full: Clear of every byte the loop device or image file holds; the storage under its backing file is not sanitized by this"},
	{medium: mediumVirtual, method: "random", class: ClassClear,
		reason: "overwrite with a random stream, read back: Clear of the loop device or image file"},
	{medium: mediumVirtual, method: "zero", class: ClassClear,
		reason: "overwrite with zeros: Clear of the loop device or image file"},
	{medium: mediumOtherDisk, method: "nist-clear", class: ClassClear,
		reason: "host overwrite (one random pass), read back in full: Clear; no sanitize command of the medium is reachable over this transport"},
}

// notes that apply to every physical disk medium, after the medium's own rows.
var commonNotes = []rule{
	{when: probeFailed, detail: probeFailedNote},
}

// Recommend returns the methods that apply to d, strongest first, each with its
// class and why. The whole policy is the table above, to be audited against NIST
// SP 800-88 and IEEE 2883 (docs/recommendations.md). The result is never nil.
func Recommend(d Device) []Recommendation {
	m := mediumOf(d)
	recs := []Recommendation{}
	var notes []string
	rows := slices.Clone(policy)
	if m != mediumPhone && m != mediumVirtual && m != mediumOptical {
		for _, n := range commonNotes {
			n.medium = m
			rows = append(rows, n)
		}
	}
	for _, r := range rows {
		if r.medium != m || (r.when != nil && !r.when(d)) {
			continue
		}
		text := r.reason
		if r.detail != nil {
			if extra := r.detail(d); extra != "" {
				text = strings.TrimPrefix(text+"; "+extra, "; ")
			}
		}
		if r.method == "" {
			notes = append(notes, text)
			continue
		}
		class := r.class
		if r.classFor != nil {
			class = r.classFor(d)
		}
		recs = append(recs, Recommendation{Method: r.method, Class: class, Reason: fmt.Sprintf("%s: %s", m, text)})
	}
	if physicalMedium(m) && !slices.ContainsFunc(recs, reachesPurge) {
		recs = append(recs, Recommendation{Method: "destroy", Class: ClassDestroy,
			Reason: fmt.Sprintf("%s: Purge requires destruction: no method this device offers reaches Purge", m)})
	}
	if len(recs) > 0 && len(notes) > 0 {
		recs[0].Reason += "; " + strings.Join(notes, "; ")
	}
	return recs
}

// reachesPurge reports whether r is Purge or Destroy.
func reachesPurge(r Recommendation) bool {
	return r.Class == ClassPurge || r.Class == ClassDestroy
}

// physicalMedium says whether m is a medium on the desk that can be destroyed:
// not a loop device or image file, and not a disk of unknown nature (a virtio
// disk is storage of the VM's host).
func physicalMedium(m medium) bool {
	return m != mediumVirtual && m != mediumOtherDisk && m != mediumOptical
}

// mediumOf sorts d into the policy's media types. Capabilities probed from the
// device win over what sysfs suggests; where the evidence is thin, the choice is
// the one with the weaker claims (flash rather than hard disk).
func mediumOf(d Device) medium {
	c := d.Capabilities
	switch {
	case d.Kind == KindPhone:
		return mediumPhone
	case d.Kind == KindOptical:
		return mediumOptical
	case d.Virtual || d.Transport == TransportLoop || d.Transport == TransportFile:
		return mediumVirtual
	case d.Kind == KindCard || d.Transport == TransportMMC:
		return mediumCard
	case c.NVMe != nil || d.Transport == TransportNVMe:
		return mediumNVMe
	case c.ATA != nil:
		if ataRotating(d) {
			return mediumATAHDD
		}
		return mediumATASSD
	case d.Transport == TransportUSB || d.Transport == TransportUAS:
		if scsiOffersSanitize(d) {
			return scsiMedium(d)
		}
		return mediumUSB
	case d.Transport == TransportSATA:
		// A SATA disk whose IDENTIFY could not be read: its media type comes from
		// sysfs (libata sets it from the same IDENTIFY word 217).
		if d.Rotational {
			return mediumATAHDD
		}
		return mediumATASSD
	case c.SCSI != nil || d.Transport == TransportSAS || d.Transport == TransportSCSI:
		return scsiMedium(d)
	}
	return mediumOtherDisk
}

func scsiMedium(d Device) medium {
	// For SCSI disks the kernel clears rotational only when the Block Device
	// Characteristics VPD page (B1h) says so; the SCSI row's methods are Purge
	// on both, so a wrong guess only changes their order.
	if d.Rotational {
		return mediumSCSIHDD
	}
	return mediumSCSISSD
}

// ataRotating reports positive evidence of a spinning disk: IDENTIFY word 217 did
// not say "non-rotating" and the kernel (which reads the same word on libata)
// says rotational. Through a USB bridge the kernel's flag is a default, so only
// a directly attached disk counts.
func ataRotating(d Device) bool {
	return !d.Capabilities.ATA.NonRotating && d.Rotational &&
		(d.Transport == TransportSATA || d.Transport == TransportSAS)
}

func ataMediaTypeGuessed(d Device) bool {
	a := d.Capabilities.ATA
	return a != nil && !a.NonRotating && !ataRotating(d) && d.Rotational
}

// Which drive command a device offers is decided by Supports (support.go), the
// one rule the firmware executor also applies.

func ataSecurityFrozen(d Device) bool {
	a := d.Capabilities.ATA
	return a != nil && a.SecuritySupported && a.SecurityFrozen
}

func ataSecurityLocked(d Device) bool {
	a := d.Capabilities.ATA
	return a != nil && a.SecuritySupported && a.SecurityLocked
}

const ataFrozenNote = "ATA SECURITY ERASE not offered: the drive's security is frozen (the firmware froze it at boot); suspend and resume the machine, or unplug and re-plug the drive's power and data, then list again"

// ataSecurityOverUSB: SECURITY ERASE is offered but the drive sits behind a USB
// bridge, where the long erase can time out and leave the drive locked with the
// temporary password.
func ataSecurityOverUSB(d Device) bool {
	return offers("ata-secure-erase")(d) && (d.Transport == TransportUSB || d.Transport == TransportUAS)
}

const ataOverUSBNote = "the drive is behind a USB bridge: SECURITY ERASE can time out there and leave the drive locked with the temporary password; prefer SANITIZE, or connect the drive to SATA directly"

const ataLockedNote = "ATA SECURITY ERASE not offered: the drive is locked with a password this workstation does not know; unlock it first (the owner's password, or the master password)"

func ataEnhancedMinutes(d Device) string {
	if m := d.Capabilities.ATA.EnhancedEraseMinutes; m > 0 {
		return fmt.Sprintf("the drive estimates %d minutes", m)
	}
	return ""
}

func ataNormalMinutes(d Device) string {
	if m := d.Capabilities.ATA.NormalEraseMinutes; m > 0 {
		return fmt.Sprintf("the drive estimates %d minutes", m)
	}
	return ""
}

func hiddenAreaWarning(d Device) string {
	h := d.Capabilities.HiddenArea
	if !h.Hidden() {
		return ""
	}
	return fmt.Sprintf("the drive hides %d sectors (HPA/DCO) that a host overwrite does not reach: reset the hidden area first", h.NativeSectors-h.AccessibleSectors)
}

func scsiOffersSanitize(d Device) bool {
	return offers("scsi-sanitize-overwrite")(d) || offers("scsi-sanitize-crypto")(d) || offers("scsi-sanitize-block")(d)
}

func scsiSanitizeUnknown(d Device) bool {
	s := d.Capabilities.SCSI
	return s != nil && (s.SanitizeCrypto == Unknown || s.SanitizeBlockErase == Unknown || s.SanitizeOverwrite == Unknown)
}

const scsiUnknownNote = "SCSI SANITIZE not offered where the drive did not say whether it supports it (REPORT SUPPORTED OPERATION CODES unanswered)"

// scsiFormatReason is the class decision for FORMAT UNIT (docs/recommendations.md):
// IEEE 2883 as applied per interface (the classification openSeaChest follows)
// lists SCSI FORMAT UNIT under Clear. The method sends an
// initialization pattern, so the drive writes it to every logical block; with
// the security-initialize bit (SI) the drive also writes the blocks it has
// reassigned, which no host overwrite reaches. Neither makes it Purge: NIST SP
// 800-88 Rev. 1 names only SANITIZE (and TCG crypto erase, degauss) as Purge for
// SCSI/SAS, and on flash a format cannot be shown to reach the spare blocks. With
// or without SI the class is Clear; the record says which was used, and the new
// medium is read back (sampled or full) as for every Clear.
const scsiFormatReason = "SCSI FORMAT UNIT with an initialization pattern (and the security-initialize bit where the drive takes it, which also reaches reassigned blocks), then read back: Clear under IEEE 2883; never Purge (NIST 800-88 Rev.1 names only SANITIZE for SCSI/SAS)"

// hostCanAddress: the host can read and write every logical block through the
// block device: not a disk whose block format Linux cannot use.
func hostCanAddress(d Device) bool { return !needsReformat(d) }

func needsReformat(d Device) bool {
	f := d.Capabilities.BlockFormat
	return f != nil && f.NeedsReformat
}

func scsiFormatDetail(d Device) string {
	if f := d.Capabilities.BlockFormat; f != nil && f.NeedsReformat {
		return fmt.Sprintf("it reformats the disk to %d-byte blocks without protection information", ReformatBlockBytes(f.LogicalBlockBytes))
	}
	return ""
}

// ReformatBlockBytes is the logical block length scsi-format-unit gives a disk
// formatted with current bytes per block: 4096 for blocks of 4096 bytes or more
// (4160, 4224: 4096 plus protection or array metadata), 512 otherwise.
func ReformatBlockBytes(current uint32) uint32 {
	if current >= 4096 {
		return 4096
	}
	return 512
}

func needsReformatNote(d Device) string {
	f := d.Capabilities.BlockFormat
	return fmt.Sprintf("host overwrite not offered: the disk is formatted with %d-byte blocks and protection type %d, which Linux cannot read or write; "+
		"reformat it with scsi-format-unit, or overwrite with wipe --reformat, which formats it first", f.LogicalBlockBytes, f.ProtectionType)
}

func nvmeAllNamespaces(d Device) string {
	if d.Capabilities.NVMe.FormatAppliesToAllNamespaces {
		return "it erases every namespace of the controller, not only this one"
	}
	return ""
}

func discPresentOrUnknown(d Device) bool {
	o := d.Capabilities.Optical
	return o == nil || o.Media != MediaNone
}

func discRewritable(d Device) bool {
	o := d.Capabilities.Optical
	return o != nil && o.Media == MediaRewritable
}

func discDetail(d Device) string {
	o := d.Capabilities.Optical
	switch {
	case o == nil:
		return "the disc type is unknown (the drive did not answer), and destruction is what applies to every disc"
	case o.Media == MediaRewritable:
		return fmt.Sprintf("the disc (%s) is rewritable: blanking it is possible but is not sanitization", o.ProfileName)
	default:
		return fmt.Sprintf("the disc (%s) is %s", o.ProfileName, o.Media)
	}
}

func phoneHasMTP(d Device) bool {
	p := d.Capabilities.Phone
	return p != nil && (slices.Contains(p.Protocols, "mtp") || slices.Contains(p.Protocols, "ptp"))
}

func phoneResetClass(d Device) Class {
	if p := d.Capabilities.Phone; p != nil && p.Encrypted == Yes {
		return ClassPurge
	}
	return ClassClear
}

func phoneResetDetail(d Device) string {
	p := d.Capabilities.Phone
	switch {
	case p != nil && p.Encrypted == Yes:
		return "the storage is encrypted, so the reset destroys its keys: a cryptographic erase, Purge (NIST 800-88), once the phone shows itself freshly reset; without that evidence the record says Clear at most and not verified"
	case p != nil && p.Encrypted == No:
		return "the storage is not encrypted, so the reset only deletes: Clear (NIST 800-88 Rev.1)"
	default:
		return "encryption could not be confirmed, so the reset counts only as Clear (NIST 800-88 Rev.1)"
	}
}

// probeFailed: a probe failed and left the family of commands that would carry
// a firmware sanitize unknown, so none is offered.
func probeFailed(d Device) bool {
	c := d.Capabilities
	return len(c.ProbeErrors) > 0 && c.ATA == nil && c.NVMe == nil && c.SCSI == nil
}

func probeFailedNote(d Device) string {
	return "firmware sanitize methods not offered: the device could not be probed (" + d.Capabilities.ProbeErrors[0] + ")"
}
