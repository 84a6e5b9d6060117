package devices

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnsupported says a device does not offer a method, as its probed capabilities
// tell (a RefusalError wraps it: nothing was sent to the device).
var ErrUnsupported = errors.New("not supported by the device")

// The drive commands a firmware method sends, by method ID. The rules of which
// device offers which command live here, once: the recommendation policy offers a
// method only when Supports says yes, and the firmware executor refuses with the
// same answer before it sends anything.
type command struct {
	family string // "ata", "nvme" or "scsi"
	check  func(d Device) string
}

// FrozenWayOut is what a technician can do about a frozen ATA drive.
const FrozenWayOut = "the BIOS froze the drive's security/sanitize commands at boot; " +
	"suspend and resume the machine (`echo mem > /sys/power/state`), or unplug and replug the drive " +
	"(power cable first on SATA), then list the devices again"

var commands = map[string]command{
	"ata-secure-erase":          {"ata", func(d Device) string { return ataSecurityErase(d, false) }},
	"ata-secure-erase-enhanced": {"ata", func(d Device) string { return ataSecurityErase(d, true) }},
	"ata-sanitize-crypto": {"ata", func(d Device) string {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeCrypto, "SANITIZE CRYPTO SCRAMBLE (IDENTIFY word 59 bit 13 clear)")
	}},
	"ata-sanitize-block": {"ata", func(d Device) string {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeBlockErase, "SANITIZE BLOCK ERASE (IDENTIFY word 59 bit 15 clear)")
	}},
	"ata-sanitize-overwrite": {"ata", func(d Device) string {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeOverwrite, "SANITIZE OVERWRITE (IDENTIFY word 59 bit 14 clear)")
	}},
	"nvme-format": {"nvme", nvmeFormatCheck},
	"nvme-format-crypto": {"nvme", func(d Device) string {
		if why := nvmeFormatCheck(d); why != "" {
			return why
		}
		return unless(d.Capabilities.NVMe.FormatCryptoErase, "the controller does not support cryptographic erase in Format NVM (FNA bit 2 clear)")
	}},
	"nvme-sanitize-crypto": {"nvme", func(d Device) string {
		return unless(d.Capabilities.NVMe.SanitizeCrypto, "the controller does not support Sanitize Crypto Erase (SANICAP bit 0 clear)")
	}},
	"nvme-sanitize-block": {"nvme", func(d Device) string {
		return unless(d.Capabilities.NVMe.SanitizeBlockErase, "the controller does not support Sanitize Block Erase (SANICAP bit 1 clear)")
	}},
	"nvme-sanitize-overwrite": {"nvme", func(d Device) string {
		return unless(d.Capabilities.NVMe.SanitizeOverwrite, "the controller does not support Sanitize Overwrite (SANICAP bit 2 clear)")
	}},
	"scsi-sanitize-crypto": {"scsi", func(d Device) string {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeCrypto, "CRYPTOGRAPHIC ERASE (03h)", d)
	}},
	"scsi-sanitize-block": {"scsi", func(d Device) string {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeBlockErase, "BLOCK ERASE (02h)", d)
	}},
	"scsi-sanitize-overwrite": {"scsi", func(d Device) string {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeOverwrite, "OVERWRITE (01h)", d)
	}},
	"scsi-format-unit": {"scsi", scsiFormatUnit},
}

// IsDriveCommand reports whether method is one of the drive's own sanitize
// commands (the firmware engine's methods).
func IsDriveCommand(method string) bool {
	_, ok := commands[method]
	return ok
}

// Supports decides from d's probed capabilities whether the drive command method
// can run on d. It returns nil, or a *RefusalError wrapping ErrUnsupported that
// names the probed bit or state that decided it. It sends nothing to the device.
func Supports(d Device, method string) error {
	c, ok := commands[method]
	if !ok {
		return &RefusalError{Path: d.Path, Err: ErrUnsupported, Reason: fmt.Sprintf("%s is not a drive sanitize command", method)}
	}
	if why := c.refusal(d); why != "" {
		return &RefusalError{Path: d.Path, Err: ErrUnsupported, Reason: why}
	}
	return nil
}

// offers is Supports as a policy predicate.
func offers(method string) func(Device) bool {
	return func(d Device) bool { return Supports(d, method) == nil }
}

// refusal says why c cannot run on d, or "".
func (c command) refusal(d Device) string {
	caps := d.Capabilities
	switch {
	case d.Kind == KindOptical || caps.Optical != nil:
		return "an optical drive: drive sanitize commands apply to disks; a disc is destroyed (or, if rewritable, blanked)"
	case d.Kind == KindPhone:
		return "a phone: drive sanitize commands do not reach it"
	}
	switch c.family {
	case "ata":
		if caps.ATA == nil {
			return "the device did not answer ATA IDENTIFY through ATA PASS-THROUGH: its ATA capabilities are unknown" + probeNote(caps)
		}
		if caps.ATA.SecurityLocked {
			return "the drive is locked with a password this workstation does not know; unlock it first (the owner's password, or the master password)"
		}
	case "nvme":
		if caps.NVMe == nil {
			return "the device did not answer NVMe Identify: its NVMe capabilities are unknown" + probeNote(caps)
		}
	case "scsi":
		if caps.SCSI == nil && caps.ATA != nil {
			return "an ATA drive (through libata or a SAT bridge), which does not translate SCSI SANITIZE: use the ata-sanitize-* methods"
		}
		if caps.SCSI == nil {
			return "the device did not answer REPORT SUPPORTED OPERATION CODES: SANITIZE support is unknown" + probeNote(caps)
		}
	}
	return c.check(d)
}

func probeNote(c Capabilities) string {
	if len(c.ProbeErrors) == 0 {
		return ""
	}
	return " (probe: " + strings.Join(c.ProbeErrors, "; ") + ")"
}

func unless(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

func ataSecurityErase(d Device, enhanced bool) string {
	a := d.Capabilities.ATA
	switch {
	case !a.SecuritySupported:
		return "the drive does not support the ATA security feature set (IDENTIFY word 82 bit 1 clear)"
	case a.SecurityFrozen:
		return "the drive is security-frozen: " + FrozenWayOut
	case a.SecurityCountExpired:
		return "the drive's password attempt counter has expired (IDENTIFY word 128 bit 4): power-cycle it first"
	case a.SecurityEnabled:
		return "a user password is already set on the drive (IDENTIFY word 128 bit 1); the erase would need it"
	case enhanced && !a.EnhancedEraseSupported:
		return "the drive does not support enhanced security erase (IDENTIFY word 128 bit 5 clear)"
	}
	return ""
}

func ataSanitize(d Device, action bool, what string) string {
	if !d.Capabilities.ATA.SanitizeSupported {
		return "the drive does not support the SANITIZE feature set (IDENTIFY word 59 bit 12 clear)"
	}
	return unless(action, "the drive does not support "+what)
}

func nvmeFormatCheck(d Device) string {
	return unless(d.Capabilities.NVMe.FormatSupported, "the controller does not support Format NVM (OACS bit 1 clear)")
}

func scsiSanitize(t Tristate, name string, d Device) string {
	switch t {
	case Yes:
		return ""
	case No:
		return fmt.Sprintf("the device reports SANITIZE %s as not supported (REPORT SUPPORTED OPERATION CODES)", name)
	}
	return fmt.Sprintf("support for SANITIZE %s is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES%s", name, probeNote(d.Capabilities))
}

func scsiFormatUnit(d Device) string {
	f := d.Capabilities.BlockFormat
	switch {
	case f == nil:
		return "the disk's block format is unknown: it did not answer READ CAPACITY(16)" + probeNote(d.Capabilities)
	case f.FormatUnit == No:
		return "the device reports FORMAT UNIT as not supported (REPORT SUPPORTED OPERATION CODES)"
	case f.FormatUnit != Yes:
		return "support for FORMAT UNIT is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES" + probeNote(d.Capabilities)
	}
	return ""
}

// ErrScope says a command would reach beyond the device that was selected and
// checked (another namespace of the same NVMe controller).
var ErrScope = errors.New("the command reaches beyond the selected device")
