package devices

import (
	"slices"

	"github.com/wipestation/wipestation/msg"
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
// Its value is the catalogue sentence that names it.
type medium msg.ID

// The media the policy knows.
const (
	mediumATAHDD    = medium(msg.PolicyMediumATAHDD)
	mediumATASSD    = medium(msg.PolicyMediumATASSD)
	mediumSCSIHDD   = medium(msg.PolicyMediumSCSIHDD)
	mediumSCSISSD   = medium(msg.PolicyMediumSCSISSD)
	mediumNVMe      = medium(msg.PolicyMediumNVMe)
	mediumUSB       = medium(msg.PolicyMediumUSB) // sticks, and disks behind a bridge that hides their commands
	mediumCard      = medium(msg.PolicyMediumCard)
	mediumOptical   = medium(msg.PolicyMediumOptical)
	mediumPhone     = medium(msg.PolicyMediumPhone)
	mediumVirtual   = medium(msg.PolicyMediumVirtual)
	mediumOtherDisk = medium(msg.PolicyMediumOtherDisk) // virtio, unknown transports
)

// name is the medium as a recommendation names it.
func (m medium) name() msg.Message { return msg.New(msg.ID(m)) }

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
	reason   msg.ID
	// detail adds device-specific words to the reason (erase time estimates,
	// hidden sectors); nil or a zero Message: nothing.
	detail func(d Device) msg.Message
}

// policy is the whole table, in output order per medium. It is never modified.
var policy = []rule{
	// ---- ATA hard disks (NIST Rev.1 A: ATA HDD; IEEE 2883 ATA row) ----
	{medium: mediumATAHDD, method: "ata-sanitize-overwrite", class: ClassPurge, when: offers("ata-sanitize-overwrite"),
		reason: msg.PolicyATAHDDSanitizeOverwrite},
	{medium: mediumATAHDD, method: "ata-sanitize-crypto", class: ClassPurge, when: offers("ata-sanitize-crypto"),
		reason: msg.PolicyATAHDDSanitizeCrypto},
	{medium: mediumATAHDD, method: "ata-sanitize-block", class: ClassPurge, when: offers("ata-sanitize-block"),
		reason: msg.PolicyATAHDDSanitizeBlock},
	{medium: mediumATAHDD, method: "ata-secure-erase-enhanced", class: ClassPurge, when: offers("ata-secure-erase-enhanced"),
		reason: msg.PolicyATAHDDEnhanced, detail: ataEnhancedMinutes},
	{medium: mediumATAHDD, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumATAHDD, method: "ata-secure-erase", class: ClassClear, when: offers("ata-secure-erase"),
		reason: msg.PolicyATAHDDNormal, detail: ataNormalMinutes},
	{medium: mediumATAHDD, method: "nist-clear", class: ClassClear,
		reason: msg.PolicyHostOverwriteHDD, detail: hiddenAreaWarning},
	{medium: mediumATAHDD, when: ataSecurityFrozen, reason: ataFrozenNote},
	{medium: mediumATAHDD, when: ataSecurityLocked, reason: ataLockedNote},
	{medium: mediumATAHDD, when: ataSecurityOverUSB, reason: ataOverUSBNote},

	// ---- ATA solid-state drives (NIST Rev.1 A: ATA SSD; IEEE 2883 ATA row) ----
	{medium: mediumATASSD, method: "ata-sanitize-crypto", class: ClassPurge, when: offers("ata-sanitize-crypto"),
		reason: msg.PolicyATASSDSanitizeCrypto},
	{medium: mediumATASSD, method: "ata-sanitize-block", class: ClassPurge, when: offers("ata-sanitize-block"),
		reason: msg.PolicyATASSDSanitizeBlock},
	{medium: mediumATASSD, method: "ata-sanitize-overwrite", class: ClassPurge, when: offers("ata-sanitize-overwrite"),
		reason: msg.PolicyATASSDSanitizeOverwrite},
	{medium: mediumATASSD, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumATASSD, method: "ata-secure-erase-enhanced", class: ClassClear, when: offers("ata-secure-erase-enhanced"),
		reason: msg.PolicyATASSDEnhanced, detail: ataEnhancedMinutes},
	{medium: mediumATASSD, method: "ata-secure-erase", class: ClassClear, when: offers("ata-secure-erase"),
		reason: msg.PolicyATASSDNormal, detail: ataNormalMinutes},
	{medium: mediumATASSD, method: "nist-clear", class: ClassClear,
		reason: msg.PolicyHostOverwriteFlash, detail: hiddenAreaWarning},
	{medium: mediumATASSD, when: ataSecurityFrozen, reason: ataFrozenNote},
	{medium: mediumATASSD, when: ataSecurityLocked, reason: ataLockedNote},
	{medium: mediumATASSD, when: ataSecurityOverUSB, reason: ataOverUSBNote},
	{medium: mediumATASSD, when: ataMediaTypeGuessed,
		reason: msg.PolicyATAMediaTypeGuessed},

	// ---- SCSI/SAS hard disks (NIST Rev.1 A: SCSI HDD; IEEE 2883 SCSI row) ----
	{medium: mediumSCSIHDD, method: "scsi-sanitize-overwrite", class: ClassPurge, when: offers("scsi-sanitize-overwrite"),
		reason: msg.PolicySCSIHDDSanitizeOverwrite},
	{medium: mediumSCSIHDD, method: "scsi-sanitize-crypto", class: ClassPurge, when: offers("scsi-sanitize-crypto"),
		reason: msg.PolicySCSIHDDSanitizeCrypto},
	{medium: mediumSCSIHDD, method: "scsi-sanitize-block", class: ClassPurge, when: offers("scsi-sanitize-block"),
		reason: msg.PolicySCSIHDDSanitizeBlock},
	{medium: mediumSCSIHDD, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumSCSIHDD, method: "nist-clear", class: ClassClear, when: hostCanAddress,
		reason: msg.PolicyHostOverwriteHDD},
	{medium: mediumSCSIHDD, method: "scsi-format-unit", class: ClassClear, when: offers("scsi-format-unit"),
		reason: msg.PolicySCSIFormatUnit, detail: scsiFormatDetail},
	{medium: mediumSCSIHDD, when: scsiSanitizeUnknown, reason: scsiUnknownNote},
	{medium: mediumSCSIHDD, when: needsReformat, detail: needsReformatNote},

	// ---- SCSI/SAS solid-state drives (NIST Rev.1 A: SCSI SSD; IEEE 2883 SCSI row) ----
	{medium: mediumSCSISSD, method: "scsi-sanitize-crypto", class: ClassPurge, when: offers("scsi-sanitize-crypto"),
		reason: msg.PolicySCSISSDSanitizeCrypto},
	{medium: mediumSCSISSD, method: "scsi-sanitize-block", class: ClassPurge, when: offers("scsi-sanitize-block"),
		reason: msg.PolicySCSISSDSanitizeBlock},
	{medium: mediumSCSISSD, method: "scsi-sanitize-overwrite", class: ClassPurge, when: offers("scsi-sanitize-overwrite"),
		reason: msg.PolicySCSISSDSanitizeOverwrite},
	{medium: mediumSCSISSD, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumSCSISSD, method: "nist-clear", class: ClassClear, when: hostCanAddress,
		reason: msg.PolicyHostOverwriteFlash},
	{medium: mediumSCSISSD, method: "scsi-format-unit", class: ClassClear, when: offers("scsi-format-unit"),
		reason: msg.PolicySCSIFormatUnit, detail: scsiFormatDetail},
	{medium: mediumSCSISSD, when: scsiSanitizeUnknown, reason: scsiUnknownNote},
	{medium: mediumSCSISSD, when: needsReformat, detail: needsReformatNote},

	// ---- NVMe (NIST Rev.1 A: NVMe SSD; IEEE 2883 NVMe row) ----
	{medium: mediumNVMe, method: "nvme-sanitize-crypto", class: ClassPurge, when: offers("nvme-sanitize-crypto"),
		reason: msg.PolicyNVMeSanitizeCrypto},
	{medium: mediumNVMe, method: "nvme-sanitize-block", class: ClassPurge, when: offers("nvme-sanitize-block"),
		reason: msg.PolicyNVMeSanitizeBlock},
	{medium: mediumNVMe, method: "nvme-sanitize-overwrite", class: ClassPurge, when: offers("nvme-sanitize-overwrite"),
		reason: msg.PolicyNVMeSanitizeOverwrite},
	{medium: mediumNVMe, method: "nvme-format-crypto", class: ClassPurge, when: offers("nvme-format-crypto"),
		reason: msg.PolicyNVMeFormatCrypto,
		detail: nvmeAllNamespaces},
	{medium: mediumNVMe, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumNVMe, method: "nvme-format", class: ClassClear, when: offers("nvme-format"),
		reason: msg.PolicyNVMeFormat,
		detail: nvmeAllNamespaces},
	{medium: mediumNVMe, method: "nist-clear", class: ClassClear,
		reason: msg.PolicyHostOverwriteFlash},

	// ---- USB removable flash and memory cards (NIST Rev.1 A: USB removable media, memory cards) ----
	{medium: mediumUSB, method: "tcg-psid-revert", class: ClassPurge, when: offers("tcg-psid-revert"), reason: msg.PolicyPSIDRevert, detail: sedDetail},
	{medium: mediumUSB, method: "nist-usb", class: ClassClear,
		reason: msg.PolicyUSBPatternComplement},
	{medium: mediumUSB, method: "destroy", class: ClassDestroy,
		reason: msg.PolicyUSBDestroy},
	{medium: mediumCard, method: "nist-usb", class: ClassClear,
		reason: msg.PolicyCardPatternComplement},
	{medium: mediumCard, method: "destroy", class: ClassDestroy,
		reason: msg.PolicyCardDestroy},

	// ---- Optical discs (NIST Rev.1 A: optical media; MMC profiles) ----
	{medium: mediumOptical, method: "destroy", class: ClassDestroy, when: discPresentOrUnknown,
		reason: msg.PolicyOpticalDestroy, detail: discDetail},
	{medium: mediumOptical, method: "optical-blank", class: ClassOther, when: discRewritable,
		reason: msg.PolicyOpticalBlank},

	// ---- Phones (NIST Rev.1 A: mobile devices; reference section 9) ----
	{medium: mediumPhone, method: "phone-reset", class: ClassClear, classFor: phoneResetClass,
		reason: msg.PolicyPhoneReset, detail: phoneResetDetail},
	{medium: mediumPhone, method: "mtp-clear", class: ClassOther, when: phoneHasMTP,
		reason: msg.PolicyPhoneMTPClear},
	{medium: mediumPhone, method: "destroy", class: ClassDestroy,
		reason: msg.PolicyPhoneDestroy},

	// ---- Virtual and other disks ----
	{medium: mediumVirtual, method: "nist-clear", class: ClassClear,
		reason: msg.PolicyVirtualNISTClear},
	{medium: mediumVirtual, method: "random", class: ClassClear,
		reason: msg.PolicyVirtualRandom},
	{medium: mediumVirtual, method: "zero", class: ClassClear,
		reason: msg.PolicyVirtualZero},
	{medium: mediumOtherDisk, method: "nist-clear", class: ClassClear,
		reason: msg.PolicyOtherDiskNISTClear},
}

// notes that apply to every physical disk medium, after the medium's own rows.
var commonNotes = []rule{
	{when: probeFailed, detail: probeFailedNote},
	{when: sedLocked, detail: sedLockedNote},
}

// Recommend returns the methods that apply to d, strongest first, each with its
// class and why. The whole policy is the table above, to be audited against NIST
// SP 800-88 and IEEE 2883 (docs/recommendations.md). The result is never nil.
func Recommend(d Device) []Recommendation {
	m := mediumOf(d)
	recs := []Recommendation{}
	var notes []msg.Message
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
		text := r.text(d)
		if r.method == "" {
			notes = append(notes, text)
			continue
		}
		class := r.class
		if r.classFor != nil {
			class = r.classFor(d)
		}
		recs = append(recs, Recommendation{Method: r.method, Class: class, Reason: msg.New(msg.Lead, m.name(), text)})
	}
	if sedLocked(d) {
		// A locked range can be neither read nor written: a host overwrite cannot
		// run, and the PSID revert, which removes the lock, comes first.
		recs = slices.DeleteFunc(recs, func(r Recommendation) bool { return !IsDriveCommand(r.Method) && r.Method != "destroy" })
		if i := slices.IndexFunc(recs, func(r Recommendation) bool { return r.Method == "tcg-psid-revert" }); i > 0 {
			recs = slices.Insert(slices.Delete(recs, i, i+1), 0, recs[i])
		}
	}
	if physicalMedium(m) && !slices.ContainsFunc(recs, reachesPurge) {
		recs = append(recs, Recommendation{Method: "destroy", Class: ClassDestroy,
			Reason: msg.New(msg.Lead, m.name(), msg.New(msg.PolicyPurgeNeedsDestruction))})
	}
	if len(recs) > 0 {
		for _, n := range notes {
			recs[0].Reason = msg.New(msg.Join, recs[0].Reason, n)
		}
	}
	return recs
}

// text is the row's reason for d, with its detail joined when there is one.
func (r rule) text(d Device) msg.Message {
	var detail msg.Message
	if r.detail != nil {
		detail = r.detail(d)
	}
	reason := r.reason // the row's sentence, a declared ID
	switch {
	case reason == "":
		return detail
	case detail.IsZero():
		return msg.New(reason)
	}
	return msg.New(msg.Join, msg.New(reason), detail)
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

const ataFrozenNote = msg.PolicyATAFrozen

// ataSecurityOverUSB: SECURITY ERASE is offered but the drive sits behind a USB
// bridge, where the long erase can time out and leave the drive locked with the
// temporary password.
func ataSecurityOverUSB(d Device) bool {
	return offers("ata-secure-erase")(d) && (d.Transport == TransportUSB || d.Transport == TransportUAS)
}

const ataOverUSBNote = msg.PolicyATAOverUSB

const ataLockedNote = msg.PolicyATALocked

func ataEnhancedMinutes(d Device) msg.Message {
	return eraseMinutes(d.Capabilities.ATA.EnhancedEraseMinutes)
}

func ataNormalMinutes(d Device) msg.Message {
	return eraseMinutes(d.Capabilities.ATA.NormalEraseMinutes)
}

func eraseMinutes(m int) msg.Message {
	if m > 0 {
		return msg.New(msg.PolicyEraseMinutes, m)
	}
	return msg.Message{}
}

func hiddenAreaWarning(d Device) msg.Message {
	h := d.Capabilities.HiddenArea
	if !h.Hidden() {
		return msg.Message{}
	}
	return msg.New(msg.PolicyHiddenSectors, h.NativeSectors-h.AccessibleSectors)
}

func scsiOffersSanitize(d Device) bool {
	return offers("scsi-sanitize-overwrite")(d) || offers("scsi-sanitize-crypto")(d) || offers("scsi-sanitize-block")(d)
}

func scsiSanitizeUnknown(d Device) bool {
	s := d.Capabilities.SCSI
	return s != nil && (s.SanitizeCrypto == Unknown || s.SanitizeBlockErase == Unknown || s.SanitizeOverwrite == Unknown)
}

const scsiUnknownNote = msg.PolicySCSIUnknown

// The class decision for FORMAT UNIT (msg.PolicySCSIFormatUnit,
// docs/recommendations.md): IEEE 2883 as applied per interface (the
// classification openSeaChest follows) lists SCSI FORMAT UNIT under Clear. The
// method sends an initialization pattern, so the drive writes it to every logical
// block; with the security-initialize bit (SI) the drive also writes the blocks it
// has reassigned, which no host overwrite reaches. Neither makes it Purge: NIST SP
// 800-88 Rev. 1 names only SANITIZE (and TCG crypto erase, degauss) as Purge for
// SCSI/SAS, and on flash a format cannot be shown to reach the spare blocks. With
// or without SI the class is Clear; the record says which was used, and the new
// medium is read back (sampled or full) as for every Clear.

// hostCanAddress: the host can read and write every logical block through the
// block device: not a disk whose block format Linux cannot use.
func hostCanAddress(d Device) bool { return !needsReformat(d) }

func needsReformat(d Device) bool {
	f := d.Capabilities.BlockFormat
	return f != nil && f.NeedsReformat
}

func scsiFormatDetail(d Device) msg.Message {
	if f := d.Capabilities.BlockFormat; f != nil && f.NeedsReformat {
		return msg.New(msg.PolicyReformatTo, ReformatBlockBytes(f.LogicalBlockBytes))
	}
	return msg.Message{}
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

func needsReformatNote(d Device) msg.Message {
	f := d.Capabilities.BlockFormat
	return msg.New(msg.PolicyNeedsReformat, f.LogicalBlockBytes, f.ProtectionType)
}

func nvmeAllNamespaces(d Device) msg.Message {
	if d.Capabilities.NVMe.FormatAppliesToAllNamespaces {
		return msg.New(msg.PolicyAllNamespaces)
	}
	return msg.Message{}
}

func discPresentOrUnknown(d Device) bool {
	o := d.Capabilities.Optical
	return o == nil || o.Media != MediaNone
}

func discRewritable(d Device) bool {
	o := d.Capabilities.Optical
	return o != nil && o.Media == MediaRewritable
}

func discDetail(d Device) msg.Message {
	o := d.Capabilities.Optical
	switch {
	case o == nil:
		return msg.New(msg.PolicyDiscUnknown)
	case o.Media == MediaRewritable:
		return msg.New(msg.PolicyDiscRewritable, o.ProfileName)
	default:
		return msg.New(msg.PolicyDiscIs, o.ProfileName, mediaName(o.Media))
	}
}

// mediaName is the disc kind m in words.
func mediaName(m MediaClass) msg.Message {
	switch m {
	case MediaRewritable:
		return msg.New(msg.PolicyMediaRewritable)
	case MediaWriteOnce:
		return msg.New(msg.PolicyMediaWriteOnce)
	case MediaROM:
		return msg.New(msg.PolicyMediaROM)
	case MediaNone:
		return msg.New(msg.PolicyMediaNone)
	}
	return msg.Verbatim(string(m)) // a class a later probe adds: printed as recorded
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

func phoneResetDetail(d Device) msg.Message {
	p := d.Capabilities.Phone
	switch {
	case p != nil && p.Encrypted == Yes:
		return msg.New(msg.PolicyPhoneEncrypted)
	case p != nil && p.Encrypted == No:
		return msg.New(msg.PolicyPhoneNotEncrypted)
	default:
		return msg.New(msg.PolicyPhoneUnknown)
	}
}

func sedDetail(d Device) msg.Message {
	s := d.Capabilities.SED
	state := msg.PolicySEDLockingOff
	switch {
	case s.Locked:
		state = msg.PolicySEDLocked
	case s.LockingEnabled:
		state = msg.PolicySEDUnlocked
	}
	return msg.New(msg.PolicySEDState, s.SSC, msg.New(state))
}

// sedLocked: Level 0 Discovery says a locking range is locked.
func sedLocked(d Device) bool {
	s := d.Capabilities.SED
	return s != nil && s.Locked
}

func sedLockedNote(d Device) msg.Message {
	if offers("tcg-psid-revert")(d) {
		return msg.New(msg.PolicySEDLockedNote, d.Capabilities.SED.SSC)
	}
	return msg.New(msg.PolicySEDLockedNoRevert, d.Capabilities.SED.SSC)
}

// probeFailed: a probe failed and left the family of commands that would carry
// a firmware sanitize unknown, so none is offered.
func probeFailed(d Device) bool {
	c := d.Capabilities
	return len(c.ProbeErrors) > 0 && c.ATA == nil && c.NVMe == nil && c.SCSI == nil
}

func probeFailedNote(d Device) msg.Message {
	return msg.New(msg.PolicyProbeFailed, d.Capabilities.ProbeErrors[0])
}
