package devices

import (
	"context"

	"github.com/wipestation/wipestation/devices/mmc"
)

// ProbeOptical asks the drive behind t (an SG_IO transport on the drive's node)
// for its disc: profile, class, blank, erasable and ISO 9660 volume label. Probe
// errors that leave part of the answer usable are returned as lines for
// Capabilities.ProbeErrors.
func ProbeOptical(ctx context.Context, t mmc.Transport) (*OpticalCapabilities, []string, error) {
	info, err := (&mmc.Drive{T: t}).Probe(ctx)
	if err != nil {
		return nil, nil, err
	}
	return OpticalFromMMC(info), info.Errors, nil
}

// OpticalFromMMC turns what devices/mmc learned into the capabilities section.
func OpticalFromMMC(info mmc.Info) *OpticalCapabilities {
	return &OpticalCapabilities{
		Profile:     info.Profile,
		ProfileName: info.ProfileName,
		Media:       MediaClass(info.Media),
		Blank:       info.Blank,
		Erasable:    info.Erasable,
		VolumeLabel: info.VolumeLabel,
	}
}
