package devices

import (
	"errors"
	"strings"

	"github.com/wipestation/wipestation/msg"
)

// ErrUnsupported says a device does not offer a method, as its probed capabilities
// tell (a RefusalError wraps it: nothing was sent to the device).
var ErrUnsupported = errors.New("not supported by the device")

// FrozenWayOut is what a technician can do about a frozen ATA drive.
func FrozenWayOut() msg.Message { return msg.New(msg.SupportFrozenWayOut) }

// The drive commands a firmware method sends, by method ID. The rules of which
// device offers which command live here, once: the recommendation policy offers a
// method only when Supports says yes, and the firmware executor refuses with the
// same answer before it sends anything.
type command struct {
	family string // "ata", "nvme" or "scsi"
	// check says why the command cannot run on d, or a zero Message.
	check func(d Device) msg.Message
}

var commands = map[string]command{
	"ata-secure-erase":          {"ata", func(d Device) msg.Message { return ataSecurityErase(d, false) }},
	"ata-secure-erase-enhanced": {"ata", func(d Device) msg.Message { return ataSecurityErase(d, true) }},
	"ata-sanitize-crypto": {"ata", func(d Device) msg.Message {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeCrypto, msg.SupportNoATASanitizeCrypto)
	}},
	"ata-sanitize-block": {"ata", func(d Device) msg.Message {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeBlockErase, msg.SupportNoATASanitizeBlock)
	}},
	"ata-sanitize-overwrite": {"ata", func(d Device) msg.Message {
		return ataSanitize(d, d.Capabilities.ATA.SanitizeOverwrite, msg.SupportNoATASanitizeOverwrite)
	}},
	"nvme-format": {"nvme", nvmeFormatCheck},
	"nvme-format-crypto": {"nvme", func(d Device) msg.Message {
		if why := nvmeFormatCheck(d); !why.IsZero() {
			return why
		}
		return unless(d.Capabilities.NVMe.FormatCryptoErase, msg.SupportNoFormatCrypto)
	}},
	"nvme-sanitize-crypto": {"nvme", func(d Device) msg.Message {
		return unless(d.Capabilities.NVMe.SanitizeCrypto, msg.SupportNoSanitizeCrypto)
	}},
	"nvme-sanitize-block": {"nvme", func(d Device) msg.Message {
		return unless(d.Capabilities.NVMe.SanitizeBlockErase, msg.SupportNoSanitizeBlock)
	}},
	"nvme-sanitize-overwrite": {"nvme", func(d Device) msg.Message {
		return unless(d.Capabilities.NVMe.SanitizeOverwrite, msg.SupportNoSanitizeOverwrite)
	}},
	"scsi-sanitize-crypto": {"scsi", func(d Device) msg.Message {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeCrypto, "CRYPTOGRAPHIC ERASE (03h)", d)
	}},
	"scsi-sanitize-block": {"scsi", func(d Device) msg.Message {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeBlockErase, "BLOCK ERASE (02h)", d)
	}},
	"scsi-sanitize-overwrite": {"scsi", func(d Device) msg.Message {
		return scsiSanitize(d.Capabilities.SCSI.SanitizeOverwrite, "OVERWRITE (01h)", d)
	}},
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
		return &RefusalError{Path: d.Path, Err: ErrUnsupported, Reason: msg.New(msg.RefusalNotDriveCommand, method)}
	}
	if why := c.refusal(d); !why.IsZero() {
		return &RefusalError{Path: d.Path, Err: ErrUnsupported, Reason: why}
	}
	return nil
}

// offers is Supports as a policy predicate.
func offers(method string) func(Device) bool {
	return func(d Device) bool { return Supports(d, method) == nil }
}

// refusal says why c cannot run on d, or a zero Message.
func (c command) refusal(d Device) msg.Message {
	caps := d.Capabilities
	switch {
	case d.Kind == KindOptical || caps.Optical != nil:
		return msg.New(msg.SupportOptical)
	case d.Kind == KindPhone:
		return msg.New(msg.SupportPhone)
	}
	switch c.family {
	case "ata":
		if caps.ATA == nil {
			return msg.New(msg.SupportNoATA, probeNote(caps))
		}
		if caps.ATA.SecurityLocked {
			return msg.New(msg.SupportLocked)
		}
	case "nvme":
		if caps.NVMe == nil {
			return msg.New(msg.SupportNoNVMe, probeNote(caps))
		}
	case "scsi":
		if caps.SCSI == nil && caps.ATA != nil {
			return msg.New(msg.SupportATANotSCSI)
		}
		if caps.SCSI == nil {
			return msg.New(msg.SupportNoSCSI, probeNote(caps))
		}
	}
	return c.check(d)
}

// probeNote names the probe's errors, if any, after a refusal (a zero Message
// renders as nothing).
func probeNote(c Capabilities) msg.Message {
	if len(c.ProbeErrors) == 0 {
		return msg.Message{}
	}
	return msg.New(msg.SupportProbe, strings.Join(c.ProbeErrors, "; "))
}

func unless(ok bool, why msg.ID) msg.Message {
	if ok {
		return msg.Message{}
	}
	return msg.New(why)
}

func ataSecurityErase(d Device, enhanced bool) msg.Message {
	a := d.Capabilities.ATA
	switch {
	case !a.SecuritySupported:
		return msg.New(msg.SupportNoSecurity)
	case a.SecurityFrozen:
		return msg.New(msg.SupportFrozen, FrozenWayOut())
	case a.SecurityCountExpired:
		return msg.New(msg.SupportCountExpired)
	case a.SecurityEnabled:
		return msg.New(msg.SupportPasswordSet)
	case enhanced && !a.EnhancedEraseSupported:
		return msg.New(msg.SupportNoEnhanced)
	}
	return msg.Message{}
}

func ataSanitize(d Device, action bool, missing msg.ID) msg.Message {
	if !d.Capabilities.ATA.SanitizeSupported {
		return msg.New(msg.SupportNoSanitizeFeature)
	}
	return unless(action, missing)
}

func nvmeFormatCheck(d Device) msg.Message {
	return unless(d.Capabilities.NVMe.FormatSupported, msg.SupportNoFormat)
}

func scsiSanitize(t Tristate, name string, d Device) msg.Message {
	switch t {
	case Yes:
		return msg.Message{}
	case No:
		return msg.New(msg.SupportSCSINotSupported, name)
	}
	return msg.New(msg.SupportSCSIUnknown, name, probeNote(d.Capabilities))
}

// ErrScope says a command would reach beyond the device that was selected and
// checked (another namespace of the same NVMe controller).
var ErrScope = errors.New("the command reaches beyond the selected device")
