package vmtest

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/vmlab"
)

// checkProbed is issue 3's probe part, run on TestDiscovery's listing: what only
// the device itself can tell, asked over SG_IO and the NVMe admin ioctl. QEMU's
// NVMe: Format yes, crypto erase no, Sanitize no; its AHCI disk: no ATA security,
// no sanitize; its SCSI disks: no SANITIZE; its CDs: ROM media with Destroy
// recommended; the SATA CD's model and serial (ATA IDENTIFY PACKET DEVICE) and the
// serial of the disk behind the usb-bot bridge (INQUIRY VPD page 80h), neither of
// which is in sysfs.
func checkProbed(t *testing.T, want vmlab.Device, got devices.Device) {
	t.Helper()
	switch want.Kind {
	case vmlab.KindSATACD:
		if trim(got.Model) != want.Model || got.Serial != want.Serial {
			t.Errorf("model %q serial %q, want %q and %q (ATA IDENTIFY PACKET DEVICE)", got.Model, got.Serial, want.Model, want.Serial)
		}
	case vmlab.KindUSBBot:
		if got.Serial != want.Serial {
			t.Errorf("serial %q, want the disk's own serial %q (INQUIRY VPD page 80h through the bridge)", got.Serial, want.Serial)
		}
	}
	checkCapabilities(t, want, got)
}

func checkCapabilities(t *testing.T, want vmlab.Device, got devices.Device) {
	t.Helper()
	c := got.Capabilities
	// No QEMU drive is self-encrypting: Level 0 Discovery (or the security
	// protocol command itself) answers "not an SED", which is no probe error.
	if c.SED != nil {
		t.Errorf("QEMU drive reported as a self-encrypting drive: %+v", *c.SED)
	}
	for _, e := range c.ProbeErrors {
		if strings.Contains(e, "tcg") {
			t.Errorf("probe error: %s", e)
		}
	}
	switch want.Kind {
	case vmlab.KindNVMe:
		n := c.NVMe
		if n == nil {
			t.Fatalf("no NVMe capabilities (probe errors: %v)", c.ProbeErrors)
		}
		// QEMU 7.2: OACS Format yes, FNA 0 (no crypto erase), SANICAP 0.
		if !n.FormatSupported || n.FormatCryptoErase || n.SanitizeCrypto || n.SanitizeBlockErase || n.SanitizeOverwrite {
			t.Errorf("NVMe capabilities %+v, want format only (QEMU: FNA = 0, SANICAP = 0)", *n)
		}
	case vmlab.KindSATADisk:
		a := c.ATA
		if a == nil {
			t.Fatalf("no ATA capabilities (probe errors: %v)", c.ProbeErrors)
		}
		// QEMU's AHCI disk: word 82 no security, word 59 no sanitize.
		if a.SecuritySupported || a.SanitizeSupported || a.SanitizeCrypto || a.SanitizeBlockErase || a.SanitizeOverwrite {
			t.Errorf("ATA capabilities %+v, want no security and no sanitize (QEMU)", *a)
		}
	case vmlab.KindSCSIDisk, vmlab.KindUAS:
		// QEMU answers SANITIZE with ILLEGAL REQUEST: never "yes".
		if s := c.SCSI; s != nil && (s.SanitizeCrypto == devices.Yes || s.SanitizeBlockErase == devices.Yes || s.SanitizeOverwrite == devices.Yes) {
			t.Errorf("SCSI capabilities %+v: QEMU has no SANITIZE", *s)
		}
	case vmlab.KindSATACD, vmlab.KindSCSICD:
		o := c.Optical
		if o == nil {
			t.Fatalf("no optical capabilities (probe errors: %v)", c.ProbeErrors)
		}
		if o.Media != devices.MediaROM {
			t.Errorf("optical media %q (profile %#x %s), want %q", o.Media, o.Profile, o.ProfileName, devices.MediaROM)
		}
		if !hasClass(got.Recommendations, devices.ClassDestroy) {
			t.Errorf("recommendations %+v offer no Destroy for a ROM disc", got.Recommendations)
		}
	}
}
