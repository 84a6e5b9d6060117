package devices

import (
	"context"
	"errors"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/devices/tcg"
)

// SEDTransport is how TCG IF-SEND/IF-RECV reach d: NVMe Security Send/Receive on
// an NVMe namespace (nv set); ATA TRUSTED SEND/RECEIVE inside ATA PASS-THROUGH for
// an ATA drive behind a USB bridge; SCSI SECURITY PROTOCOL IN/OUT otherwise (SAS
// and SCSI disks, and ATA drives on libata, which translates them and refuses
// TRUSTED commands inside pass-through). Discovery and the PSID revert both use it.
func SEDTransport(d Device, scsi SCSIPort, nv NVMePort) tcg.Transport {
	switch {
	case nv != nil:
		return tcg.NVMe{Port: nv}
	case d.Capabilities.ATA != nil && (d.Transport == TransportUSB || d.Transport == TransportUAS):
		return tcg.ATA{Port: scsi}
	}
	return tcg.SCSI{Port: scsi}
}

// SEDCapabilitiesOf reads the capabilities out of Level 0 Discovery: nil when the
// drive reports no SSC.
func SEDCapabilitiesOf(d tcg.Discovery) *SEDCapabilities {
	p, ok := d.Primary()
	if !ok {
		return nil
	}
	c := &SEDCapabilities{SSC: string(p.SSC), BaseComID: p.BaseComID, PSIDRevert: p.SSC.PSIDRevertable()}
	if l := d.Locking; l != nil {
		c.LockingSupported, c.LockingEnabled, c.Locked = l.Supported, l.Enabled, l.Locked
		c.MediaEncryption, c.MBREnabled, c.MBRDone = l.MediaEncryption, l.MBREnabled, l.MBRDone
	}
	return c
}

// probeSED runs Level 0 Discovery (read-only). A drive that refuses the security
// protocol command is not an SED: that is an answer, not a probe failure.
func probeSED(ctx context.Context, t tcg.Transport, d *Device) {
	disc, err := tcg.Discover(ctx, t)
	if err != nil {
		if !securityUnsupported(err) {
			probeErr(d, "tcg level 0 discovery", err)
		}
		return
	}
	d.Capabilities.SED = SEDCapabilitiesOf(disc)
}

// securityUnsupported reports an answer that says the device has no security
// protocol commands: ILLEGAL REQUEST, an ATA abort, or an NVMe invalid opcode or field.
func securityUnsupported(err error) bool {
	var se *sgio.SenseError
	var ae *ata.Error
	var ne *nvme.StatusError
	switch {
	case errors.As(err, &se):
		return se.Sense.Key == sgio.KeyIllegalRequest
	case errors.As(err, &ae):
		return ae.Aborted()
	case errors.As(err, &ne):
		return ne.Unsupported()
	}
	return false
}
