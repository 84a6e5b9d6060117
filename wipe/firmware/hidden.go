package firmware

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// HiddenRestorer is the Runner's wipe.HiddenRestorer: RestoreHPA through ATA
// PASS-THROUGH on the job's opened target.
type HiddenRestorer struct {
	// Port reaches the drive behind the target; nil: SG_IO on the target itself.
	// Tests put a simulated drive here.
	Port func(target *os.File) SCSI
}

var _ wipe.HiddenRestorer = HiddenRestorer{}

// RestoreHidden implements wipe.HiddenRestorer.
func (h HiddenRestorer) RestoreHidden(ctx context.Context, x wipe.Execution) (uint64, error) {
	if x.Target == nil {
		return 0, msg.Errorf(msg.FirmwareHPANoTarget)
	}
	var port SCSI
	if h.Port != nil {
		port = h.Port(x.Target)
	} else {
		port = sgio.New(x.Target)
	}
	return RestoreHPA(ctx, port)
}

// ErrNoHPA says the drive has no Host Protected Area to restore.
var ErrNoHPA = errors.New("no host protected area")

// RestoreHPA removes a Host Protected Area before a wipe (--restore-hidden): READ
// NATIVE MAX ADDRESS EXT, then SET MAX ADDRESS EXT to the native maximum, as a
// volatile value (the drive's HPA comes back at its next power cycle; the wipe
// has reached the sectors by then). It returns the native capacity in sectors.
// The kernel sees the larger disk only after the SCSI device is rescanned (write
// 1 to /sys/class/block/NAME/device/rescan) and the block device is reopened.
// Sectors removed by a DCO are not restored.
func RestoreHPA(ctx context.Context, s SCSI) (nativeSectors uint64, err error) {
	do := func(cmd ata.Command) (ata.Registers, error) {
		resp, err := s.Do(ctx, sgio.ATARequest(cmd))
		if err != nil {
			return ata.Registers{}, err
		}
		return sgio.ATAResult(cmd, resp)
	}
	idc := ata.Identify()
	if _, err := do(idc); err != nil && !errors.Is(err, sgio.ErrNoRegisters) {
		return 0, fmt.Errorf("identify: %w", err)
	}
	id, err := ata.ParseIdentify(idc.Data)
	if err != nil {
		return 0, fmt.Errorf("identify: %w", err)
	}
	if !id.HPASupported() || !id.LBA48() {
		return 0, wrapped(ErrNoHPA, msg.FirmwareHPAUnsupported)
	}
	native, err := do(ata.ReadNativeMaxExt())
	if err == nil && native.Truncated && native.LBAUpperNonZero {
		if derr := devices.EnableDescriptorSense(ctx, s); derr != nil {
			return 0, wrapped(derr, msg.FirmwareHPA24Bits, derr)
		}
		native, err = do(ata.ReadNativeMaxExt())
	}
	if err != nil {
		return 0, fmt.Errorf("read native max address ext: %w", err)
	}
	if native.Truncated && native.LBAUpperNonZero {
		return 0, msg.Errorf(msg.FirmwareHPATruncated)
	}
	if native.LBA+1 <= id.Sectors() {
		return id.Sectors(), wrapped(ErrNoHPA, msg.FirmwareHPANone, native.LBA+1)
	}
	// SET MAX must immediately follow READ NATIVE MAX: read it again if the
	// descriptor-sense switch came in between.
	if _, err := do(ata.ReadNativeMaxExt()); err != nil {
		return 0, fmt.Errorf("read native max address ext: %w", err)
	}
	if _, err := do(ata.SetMaxAddressExt(native.LBA, true)); err != nil {
		return 0, fmt.Errorf("set max address ext to %d (volatile): %w", native.LBA, err)
	}
	if _, err := do(idc); err != nil && !errors.Is(err, sgio.ErrNoRegisters) {
		return 0, fmt.Errorf("identify after set max: %w", err)
	}
	if id, err = ata.ParseIdentify(idc.Data); err != nil {
		return 0, err
	}
	if id.Sectors() != native.LBA+1 {
		return 0, msg.Errorf(msg.FirmwareHPASetMaxMismatch, id.Sectors(), native.LBA+1)
	}
	return native.LBA + 1, nil
}
