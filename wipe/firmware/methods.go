// Package firmware carries out the drive's own sanitize commands (engine
// "firmware"): ATA SECURITY ERASE UNIT and SANITIZE through ATA PASS-THROUGH(16),
// NVMe Format NVM and Sanitize through the admin passthrough ioctl, and SCSI
// SANITIZE. Every job is proven by reading the medium: samples are digested before
// the command (NIST SP 800-88 Rev. 1 section 4.7) and read again after it; a
// command that reports success while the medium still holds its old data is a
// failed job.
package firmware

import (
	"fmt"
	"strings"

	"github.com/wipestation/wipestation/devices"
)

// Family is the command set a method uses.
type Family string

// The command families.
const (
	FamilyATA  Family = "ata"
	FamilyNVMe Family = "nvme"
	FamilySCSI Family = "scsi"
)

// Technique names in the words of NIST SP 800-88 Appendix G.
const (
	TechniqueOverwrite   = "Overwrite"
	TechniqueBlockErase  = "Block Erase"
	TechniqueCryptoErase = "Crypto Erase"
)

// MethodInfo describes one firmware method for the catalogue (`wipestation methods`).
type MethodInfo struct {
	ID          string
	Name        string
	Family      Family
	Class       devices.Class
	Technique   string
	Description string
}

type action int

const (
	actSecureErase action = iota
	actSecureEraseEnhanced
	actSanitizeCrypto
	actSanitizeBlock
	actSanitizeOverwrite
	actFormat
	actFormatCrypto
)

type spec struct {
	MethodInfo
	act action
}

// specs is the one table of firmware methods. Classes follow the reference tables
// (NIST SP 800-88 Rev. 1 Appendix A, IEEE 2883 as applied per interface): ATA
// normal SECURITY ERASE is only a Clear; NVMe Format SES=1 is a Clear under IEEE
// 2883 (NIST Rev. 1 lists it under Purge: the stricter reading is used).
func specs() []spec {
	return []spec{
		{MethodInfo{"ata-secure-erase", "ATA Security Erase (normal)", FamilyATA, devices.ClassClear, TechniqueOverwrite,
			"SECURITY SET PASSWORD, ERASE PREPARE, ERASE UNIT (normal): the drive writes zeros to all user data areas"}, actSecureErase},
		{MethodInfo{"ata-secure-erase-enhanced", "ATA Security Erase (enhanced)", FamilyATA, devices.ClassPurge, TechniqueOverwrite,
			"SECURITY ERASE UNIT in enhanced mode: vendor patterns over all user data, including reallocated sectors"}, actSecureEraseEnhanced},
		{MethodInfo{"ata-sanitize-crypto", "ATA Sanitize Crypto Scramble", FamilyATA, devices.ClassPurge, TechniqueCryptoErase,
			"SANITIZE CRYPTO SCRAMBLE EXT: the drive changes its internal encryption key"}, actSanitizeCrypto},
		{MethodInfo{"ata-sanitize-block", "ATA Sanitize Block Erase", FamilyATA, devices.ClassPurge, TechniqueBlockErase,
			"SANITIZE BLOCK ERASE EXT: the drive erases every block, including spare blocks"}, actSanitizeBlock},
		{MethodInfo{"ata-sanitize-overwrite", "ATA Sanitize Overwrite", FamilyATA, devices.ClassPurge, TechniqueOverwrite,
			"SANITIZE OVERWRITE EXT: the drive overwrites every block with zeros, one pass"}, actSanitizeOverwrite},
		{MethodInfo{"nvme-format", "NVMe Format (user data erase)", FamilyNVMe, devices.ClassClear, TechniqueBlockErase,
			"Format NVM with SES=1: the controller erases all user data of the namespace"}, actFormat},
		{MethodInfo{"nvme-format-crypto", "NVMe Format (crypto erase)", FamilyNVMe, devices.ClassPurge, TechniqueCryptoErase,
			"Format NVM with SES=2: the controller deletes the encryption key (only when FNA bit 2 is set)"}, actFormatCrypto},
		{MethodInfo{"nvme-sanitize-crypto", "NVMe Sanitize Crypto Erase", FamilyNVMe, devices.ClassPurge, TechniqueCryptoErase,
			"Sanitize with SANACT=4 on the whole NVM subsystem"}, actSanitizeCrypto},
		{MethodInfo{"nvme-sanitize-block", "NVMe Sanitize Block Erase", FamilyNVMe, devices.ClassPurge, TechniqueBlockErase,
			"Sanitize with SANACT=2 on the whole NVM subsystem"}, actSanitizeBlock},
		{MethodInfo{"nvme-sanitize-overwrite", "NVMe Sanitize Overwrite", FamilyNVMe, devices.ClassPurge, TechniqueOverwrite,
			"Sanitize with SANACT=3, one pass of zeros"}, actSanitizeOverwrite},
		{MethodInfo{"scsi-sanitize-crypto", "SCSI Sanitize Cryptographic Erase", FamilySCSI, devices.ClassPurge, TechniqueCryptoErase,
			"SANITIZE service action 03h"}, actSanitizeCrypto},
		{MethodInfo{"scsi-sanitize-block", "SCSI Sanitize Block Erase", FamilySCSI, devices.ClassPurge, TechniqueBlockErase,
			"SANITIZE service action 02h"}, actSanitizeBlock},
		{MethodInfo{"scsi-sanitize-overwrite", "SCSI Sanitize Overwrite", FamilySCSI, devices.ClassPurge, TechniqueOverwrite,
			"SANITIZE service action 01h, one pass of zeros"}, actSanitizeOverwrite},
	}
}

// Methods lists the firmware methods (Engine "firmware") for the catalogue.
func Methods() []MethodInfo {
	var out []MethodInfo
	for _, s := range specs() {
		out = append(out, s.MethodInfo)
	}
	return out
}

func lookup(id string) (spec, bool) {
	for _, s := range specs() {
		if s.ID == id {
			return s, true
		}
	}
	return spec{}, false
}

// RefusalError says why a firmware method cannot run on a device, decided before
// anything is sent to it.
type RefusalError struct {
	Method string
	Reason string
}

func (e *RefusalError) Error() string { return fmt.Sprintf("%s refused: %s", e.Method, e.Reason) }

// FrozenWayOut is what a technician can do about a frozen ATA drive.
const FrozenWayOut = "the BIOS froze the drive's security/sanitize commands at boot; " +
	"suspend and resume the machine (`echo mem > /sys/power/state`), or unplug and replug the drive " +
	"(power cable first on SATA), then list the devices again"

func refuse(id, format string, args ...any) error {
	return &RefusalError{Method: id, Reason: fmt.Sprintf(format, args...)}
}

func probeNote(c devices.Capabilities) string {
	if len(c.ProbeErrors) == 0 {
		return ""
	}
	return " (probe: " + strings.Join(c.ProbeErrors, "; ") + ")"
}

// Check decides from the probed capabilities whether method can run on d, and
// returns a *RefusalError saying why not. It sends nothing to the device.
func Check(method string, d devices.Device) error {
	s, ok := lookup(method)
	if !ok {
		return refuse(method, "not a firmware method")
	}
	c := d.Capabilities
	if d.Kind == devices.KindOptical || c.Optical != nil {
		return refuse(method, "an optical drive: drive sanitize commands apply to disks; a disc is destroyed (or, if rewritable, blanked)")
	}
	if d.Kind == devices.KindPhone {
		return refuse(method, "a phone: drive sanitize commands do not reach it")
	}
	switch s.Family {
	case FamilyATA:
		a := c.ATA
		if a == nil {
			return refuse(method, "the device did not answer ATA IDENTIFY through ATA PASS-THROUGH: its ATA capabilities are unknown%s", probeNote(c))
		}
		if a.SecurityFrozen && (s.act == actSecureErase || s.act == actSecureEraseEnhanced) {
			return refuse(method, "the drive is security-frozen: %s", FrozenWayOut)
		}
		if a.SecurityLocked {
			return refuse(method, "the drive is locked with a password set elsewhere; unlock it (or use its master password) first")
		}
		switch s.act {
		case actSecureErase, actSecureEraseEnhanced:
			if !a.SecuritySupported {
				return refuse(method, "the drive does not support the ATA security feature set (IDENTIFY word 82 bit 1 clear)")
			}
			if a.SecurityEnabled {
				return refuse(method, "a user password is already set on the drive (IDENTIFY word 128 bit 1); the erase would need it")
			}
			if s.act == actSecureEraseEnhanced && !a.EnhancedEraseSupported {
				return refuse(method, "the drive does not support enhanced security erase (IDENTIFY word 128 bit 5 clear)")
			}
		default:
			if !a.SanitizeSupported {
				return refuse(method, "the drive does not support the SANITIZE feature set (IDENTIFY word 59 bit 12 clear)")
			}
			if s.act == actSanitizeCrypto && !a.SanitizeCrypto {
				return refuse(method, "the drive does not support SANITIZE CRYPTO SCRAMBLE (IDENTIFY word 59 bit 13 clear)")
			}
			if s.act == actSanitizeBlock && !a.SanitizeBlockErase {
				return refuse(method, "the drive does not support SANITIZE BLOCK ERASE (IDENTIFY word 59 bit 15 clear)")
			}
			if s.act == actSanitizeOverwrite && !a.SanitizeOverwrite {
				return refuse(method, "the drive does not support SANITIZE OVERWRITE (IDENTIFY word 59 bit 14 clear)")
			}
		}
	case FamilyNVMe:
		n := c.NVMe
		if n == nil {
			return refuse(method, "the device did not answer NVMe Identify: its NVMe capabilities are unknown%s", probeNote(c))
		}
		switch s.act {
		case actFormat:
			if !n.FormatSupported {
				return refuse(method, "the controller does not support Format NVM (OACS bit 1 clear)")
			}
		case actFormatCrypto:
			if !n.FormatSupported {
				return refuse(method, "the controller does not support Format NVM (OACS bit 1 clear)")
			}
			if !n.FormatCryptoErase {
				return refuse(method, "the controller does not support cryptographic erase in Format NVM (FNA bit 2 clear)")
			}
		case actSanitizeCrypto:
			if !n.SanitizeCrypto {
				return refuse(method, "the controller does not support Sanitize Crypto Erase (SANICAP bit 0 clear)")
			}
		case actSanitizeBlock:
			if !n.SanitizeBlockErase {
				return refuse(method, "the controller does not support Sanitize Block Erase (SANICAP bit 1 clear)")
			}
		case actSanitizeOverwrite:
			if !n.SanitizeOverwrite {
				return refuse(method, "the controller does not support Sanitize Overwrite (SANICAP bit 2 clear)")
			}
		}
	case FamilySCSI:
		sc := c.SCSI
		if sc == nil && c.ATA != nil {
			return refuse(method, "an ATA drive (through libata or a SAT bridge), which does not translate SCSI SANITIZE: use the ata-sanitize-* methods")
		}
		if sc == nil {
			return refuse(method, "the device did not answer REPORT SUPPORTED OPERATION CODES: SANITIZE support is unknown%s", probeNote(c))
		}
		var t devices.Tristate
		name := ""
		switch s.act {
		case actSanitizeCrypto:
			t, name = sc.SanitizeCrypto, "CRYPTOGRAPHIC ERASE (03h)"
		case actSanitizeBlock:
			t, name = sc.SanitizeBlockErase, "BLOCK ERASE (02h)"
		case actSanitizeOverwrite:
			t, name = sc.SanitizeOverwrite, "OVERWRITE (01h)"
		}
		switch t {
		case devices.Yes:
		case devices.No:
			return refuse(method, "the device reports SANITIZE %s as not supported (REPORT SUPPORTED OPERATION CODES)", name)
		default:
			return refuse(method, "support for SANITIZE %s is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES%s", name, probeNote(c))
		}
	}
	return nil
}
