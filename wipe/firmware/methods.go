// Package firmware carries out the drive's own sanitize commands (engine
// "firmware"): ATA SECURITY ERASE UNIT and SANITIZE through ATA PASS-THROUGH(16),
// NVMe Format NVM and Sanitize through the admin passthrough ioctl, and SCSI
// SANITIZE. Every job is proven by reading the medium: samples are digested before
// the command (NIST SP 800-88 Rev. 1 section 4.7) and read again after it; a
// command that reports success while the medium still holds its old data is a
// failed job.
package firmware

import (
	"errors"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// Family is the command set a method uses.
type Family string

// The command families.
const (
	FamilyATA  Family = "ata"
	FamilyNVMe Family = "nvme"
	FamilySCSI Family = "scsi"
)

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

// spec is how the executor carries out one catalogue method (wipe.Methods, engine
// "firmware"): the command family and action. Names, classes and techniques live
// in the catalogue; which device offers the command, in devices.Supports.
type spec struct {
	ID     string
	Family Family
	act    action
}

var specs = []spec{
	{"ata-secure-erase", FamilyATA, actSecureErase},
	{"ata-secure-erase-enhanced", FamilyATA, actSecureEraseEnhanced},
	{"ata-sanitize-crypto", FamilyATA, actSanitizeCrypto},
	{"ata-sanitize-block", FamilyATA, actSanitizeBlock},
	{"ata-sanitize-overwrite", FamilyATA, actSanitizeOverwrite},
	{"nvme-format", FamilyNVMe, actFormat},
	{"nvme-format-crypto", FamilyNVMe, actFormatCrypto},
	{"nvme-sanitize-crypto", FamilyNVMe, actSanitizeCrypto},
	{"nvme-sanitize-block", FamilyNVMe, actSanitizeBlock},
	{"nvme-sanitize-overwrite", FamilyNVMe, actSanitizeOverwrite},
	{"scsi-sanitize-crypto", FamilySCSI, actSanitizeCrypto},
	{"scsi-sanitize-block", FamilySCSI, actSanitizeBlock},
	{"scsi-sanitize-overwrite", FamilySCSI, actSanitizeOverwrite},
}

func lookup(id string) (spec, bool) {
	for _, s := range specs {
		if s.ID == id {
			return s, true
		}
	}
	return spec{}, false
}

// ErrUnfollowable says the drive's progress could not be followed through this
// transport, so the command is not sent.
var ErrUnfollowable = errors.New("the command's progress cannot be followed on this transport")

// refuse is the executor's refusal before anything that changes the device is
// sent: the one refusal shape of every engine (devices.RefusalError).
func (r *run) refuse(err error, id msg.ID, args ...any) error {
	return &devices.RefusalError{Path: r.x.Job.Device.Path, Err: err, Reason: msg.New(id, args...)}
}

// wrapped states id with args and wraps err, so errors.Is still sees it.
func wrapped(err error, id msg.ID, args ...any) error { return msg.Wrap(err, id, args...) }

// recheck applies devices.Supports to the device's live capabilities, read again
// right before the command (the drive may have been frozen or locked since it
// was probed).
func (r *run) recheck(live devices.Capabilities) error {
	d := r.x.Job.Device
	live.HiddenArea, live.Optical, live.Phone = d.Capabilities.HiddenArea, d.Capabilities.Optical, d.Capabilities.Phone
	d.Capabilities = live
	return devices.Supports(d, r.s.ID)
}
