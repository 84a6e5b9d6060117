package devices

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices/ata"
	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
)

// probeCommandTimeout bounds every command a probe sends (the SG_IO / NVMe timeout).
const probeCommandTimeout = 5 * time.Second

// probeTimeout bounds a whole Probe when ctx has no earlier deadline.
const probeTimeout = 15 * time.Second

// SCSIPort sends one SCSI command: SG_IO on an open device, or a simulated drive.
type SCSIPort interface {
	Do(ctx context.Context, req sgio.Request) (sgio.Response, error)
}

// NVMePort sends one NVMe admin command and returns the completion's DW0.
type NVMePort interface {
	Admin(ctx context.Context, cmd nvme.Command) (uint32, error)
}

// Probe asks the device itself what it is and what it can do (ATA IDENTIFY, NVMe
// Identify, VPD pages, REPORT SUPPORTED OPERATION CODES, GET CONFIGURATION) and fills
// in d.Capabilities, and the serial, model and firmware where sysfs had none. A probe
// that fails or times out is noted in d.Capabilities.ProbeErrors; Probe never hangs:
// every command has a bounded timeout and the whole probe returns when ctx ends
// (after at most 15 s without a deadline), leaving the device "unknown".
func (s System) Probe(ctx context.Context, d *Device) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, probeTimeout)
		defer cancel()
	}
	if d.Kind == KindPhone || d.Transport == TransportFile || d.Transport == TransportMTP ||
		d.Transport == TransportADB || d.Transport == TransportApple {
		return
	}
	bounded(ctx, d, s.probeDevice)
}

// bounded runs probe on a copy of d in its own goroutine, so that an ioctl stuck
// in a driver cannot hold the caller past ctx; a late answer is dropped.
func bounded(ctx context.Context, d *Device, probe func(context.Context, *Device)) {
	work := *d
	work.Capabilities.ProbeErrors = append([]string(nil), d.Capabilities.ProbeErrors...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		probe(ctx, &work)
	}()
	select {
	case <-done:
		*d = work
	case <-ctx.Done():
		d.Capabilities.ProbeErrors = append(d.Capabilities.ProbeErrors,
			fmt.Sprintf("probe of %s did not finish: %v (capabilities unknown)", d.Path, ctx.Err()))
	}
}

func probeErr(d *Device, what string, err error) {
	d.Capabilities.ProbeErrors = append(d.Capabilities.ProbeErrors, fmt.Sprintf("%s: %v", what, err))
}

func empty(s string) bool { return s == "" || strings.EqualFold(s, "unknown") }

func scsiDo(ctx context.Context, p SCSIPort, cdb []byte, dir sgio.Direction, data []byte) error {
	req := sgio.Request{CDB: cdb, Dir: dir, Data: data, Timeout: probeCommandTimeout}
	resp, err := p.Do(ctx, req)
	if err != nil {
		return err
	}
	return resp.Err(cdb)
}

func ataDo(ctx context.Context, p SCSIPort, cmd ata.Command) (ata.Registers, error) {
	cmd.Timeout = probeCommandTimeout
	return sgio.SendATA(ctx, p, cmd)
}

func trimASCII(b []byte) string { return strings.TrimSpace(strings.Trim(string(b), "\x00")) }

// ProbeSCSI probes a device reached through SCSI commands: identity from INQUIRY
// and VPD page 80h; then MMC GET CONFIGURATION / READ DISC INFORMATION for optical
// drives, or ATA IDENTIFY (security, sanitize, HPA/DCO) through ATA PASS-THROUGH(16)
// and SANITIZE support from REPORT SUPPORTED OPERATION CODES for disks.
func ProbeSCSI(ctx context.Context, p SCSIPort, d *Device) {
	inq := make([]byte, 96)
	peripheral := -1
	if err := scsiDo(ctx, p, sgio.Inquiry(false, 0, uint16(len(inq))), sgio.DirFromDevice, inq); err != nil {
		probeErr(d, "scsi inquiry", err)
		var se *sgio.SenseError
		var te *sgio.TransportError
		if !errors.As(err, &se) && !errors.As(err, &te) {
			// No SG_IO at all (a loop device, a driver without it): nothing more to ask.
			return
		}
	} else {
		peripheral = int(inq[0] & 0x1F)
		vendor, product, rev := trimASCII(inq[8:16]), trimASCII(inq[16:32]), trimASCII(inq[32:36])
		if empty(d.Vendor) && vendor != "ATA" {
			d.Vendor = vendor
		}
		if empty(d.Model) {
			d.Model = product
		}
		if empty(d.Firmware) {
			d.Firmware = rev
		}
		vpd := make([]byte, 255)
		err := scsiDo(ctx, p, sgio.Inquiry(true, 0x80, uint16(len(vpd))), sgio.DirFromDevice, vpd)
		var se *sgio.SenseError
		if errors.As(err, &se) && se.Sense.Key == sgio.KeyIllegalRequest {
			// The page is optional (most optical drives have none): an answer, not a failure.
		} else if err != nil {
			probeErr(d, "scsi vpd page 80h (unit serial number)", err)
		} else if vpd[1] == 0x80 {
			n := min(int(binary.BigEndian.Uint16(vpd[2:4])), len(vpd)-4)
			if serial := trimASCII(vpd[4 : 4+n]); serial != "" && empty(d.Serial) {
				d.Serial = serial
			}
		}
	}
	if peripheral == 0x05 || d.Kind == KindOptical {
		probeOptical(ctx, p, d)
		return
	}
	// An ATA drive (libata, a SAT bridge) is sanitized with ATA commands: Linux
	// libata does not translate SCSI SANITIZE, and REPORT SUPPORTED OPERATION
	// CODES only warns in its log. Only a device that is not ATA is asked.
	if !probeATA(ctx, p, d) {
		rsoc := probeSCSISanitize(ctx, p, d)
		// Array disks with 520-byte blocks sit on SAS/SCSI HBAs; USB bridges are
		// not asked (some reset on commands they do not know).
		if d.Transport != TransportUSB && d.Transport != TransportUAS {
			probeBlockFormat(ctx, p, d, rsoc)
		}
		d.Health = health.ReadSCSI(ctx, p)
	}
	if a := d.Capabilities.ATA; a == nil || a.TrustedComputing {
		probeSED(ctx, SEDTransport(*d, p, nil), d)
	}
}

// probeBlockFormat reads the disk's block format (READ CAPACITY(16)) and, when
// rsoc says REPORT SUPPORTED OPERATION CODES answers at all, whether it takes
// FORMAT UNIT (REPORTING OPTIONS 001b: an opcode without service actions).
func probeBlockFormat(ctx context.Context, p SCSIPort, d *Device, rsoc bool) {
	b := make([]byte, 32)
	if err := scsiDo(ctx, p, sgio.ReadCapacity16(uint32(len(b))), sgio.DirFromDevice, b); err != nil {
		probeErr(d, "scsi read capacity(16) (block format)", err)
		return
	}
	c, err := sgio.ParseReadCapacity16(b)
	if err != nil {
		probeErr(d, "scsi read capacity(16) (block format)", err)
		return
	}
	f := &BlockFormat{LogicalBlockBytes: c.BlockBytes, LogicalBlocks: c.LogicalBlocks, ProtectionType: c.ProtectionType,
		NeedsReformat: c.NeedsReformat(), FormatUnit: Unknown}
	d.Capabilities.BlockFormat = f
	if !rsoc {
		return // FORMAT UNIT support stays unknown; the SANITIZE probe said why
	}
	rs := make([]byte, 64)
	cdb := sgio.ReportSupportedOpcode(sgio.OpFormatUnit, 0, uint32(len(rs)))
	cdb[2] = 0x01
	if err := scsiDo(ctx, p, cdb, sgio.DirFromDevice, rs); err != nil {
		probeErr(d, "scsi report supported operation codes (FORMAT UNIT)", err)
		return
	}
	switch s, _ := sgio.ParseOpcodeSupport(rs); s {
	case sgio.OpcodeSupported, sgio.OpcodeVendor:
		f.FormatUnit = Yes
	case sgio.OpcodeNotSupported:
		f.FormatUnit = No
	}
}

// probeSCSISanitize reports whether REPORT SUPPORTED OPERATION CODES answered.
func probeSCSISanitize(ctx context.Context, p SCSIPort, d *Device) bool {
	c := &SCSICapabilities{SanitizeCrypto: Unknown, SanitizeBlockErase: Unknown, SanitizeOverwrite: Unknown}
	d.Capabilities.SCSI = c
	for _, sa := range []struct {
		code uint16
		t    *Tristate
	}{{sgio.SanitizeCryptoErase, &c.SanitizeCrypto}, {sgio.SanitizeBlockErase, &c.SanitizeBlockErase}, {sgio.SanitizeOverwrite, &c.SanitizeOverwrite}} {
		b := make([]byte, 64)
		cdb := sgio.ReportSupportedOpcode(sgio.OpSanitize, sa.code, uint32(len(b)))
		err := scsiDo(ctx, p, cdb, sgio.DirFromDevice, b)
		var se *sgio.SenseError
		if errors.As(err, &se) && se.Sense.ASC == 0x24 {
			// REPORTING OPTIONS 011b (SPC-5), the form Linux libata answers.
			cdb[2] = 0x03
			err = scsiDo(ctx, p, cdb, sgio.DirFromDevice, b)
		}
		if err != nil {
			probeErr(d, "scsi report supported operation codes (SANITIZE)", err)
			return false
		}
		switch s, _ := sgio.ParseOpcodeSupport(b); s {
		case sgio.OpcodeSupported, sgio.OpcodeVendor:
			*sa.t = Yes
		case sgio.OpcodeNotSupported:
			*sa.t = No
		}
	}
	return true
}

// EnableDescriptorSense asks the SCSI layer for descriptor-format sense (D_SENSE in
// the control mode page): Linux libata defaults to fixed format, which drops the
// upper bytes of the ATA result registers (native max address, sanitize status).
func EnableDescriptorSense(ctx context.Context, p SCSIPort) error {
	ms := make([]byte, 64)
	if err := scsiDo(ctx, p, sgio.ModeSense10(0x0A, uint16(len(ms))), sgio.DirFromDevice, ms); err != nil {
		return fmt.Errorf("mode sense control page: %w", err)
	}
	params, ok := sgio.ControlPageDSense(ms)
	if !ok {
		return errors.New("mode sense: no control mode page")
	}
	if err := scsiDo(ctx, p, sgio.ModeSelect10(uint16(len(params))), sgio.DirToDevice, params); err != nil {
		return fmt.Errorf("mode select D_SENSE: %w", err)
	}
	return nil
}

// fillATAIdentity takes serial, model and firmware from IDENTIFY (DEVICE or
// PACKET DEVICE) where they are missing, truncated (libata's INQUIRY product is
// the first 16 characters of the model, its revision the last 4 of the firmware)
// or, with override, possibly the bridge's rather than the drive's.
func fillATAIdentity(d *Device, id ata.IdentifyData, override bool) {
	if s := id.Serial(); s != "" && (empty(d.Serial) || override) {
		// Behind a USB bridge VPD 80h often names the bridge: the drive's own serial wins.
		if d.Serial != s && !empty(d.Serial) && d.BridgeSerial == "" && d.Transport != TransportSATA {
			d.BridgeSerial = d.Serial
		}
		d.Serial = s
	}
	if m := id.Model(); m != "" && (empty(d.Model) || override || strings.HasPrefix(m, strings.TrimSpace(d.Model))) {
		d.Model = m
	}
	if f := id.Firmware(); f != "" && (empty(d.Firmware) || override || strings.HasSuffix(f, strings.TrimSpace(d.Firmware))) {
		d.Firmware = f
	}
}

// probeATA reports whether the device answered ATA IDENTIFY DEVICE.
func probeATA(ctx context.Context, p SCSIPort, d *Device) bool {
	cmd := ata.Identify()
	if _, err := ataDo(ctx, p, cmd); err != nil {
		probeErr(d, "ata identify device (ATA PASS-THROUGH(16))", err)
		return false
	}
	id, err := ata.ParseIdentify(cmd.Data)
	if err != nil {
		probeErr(d, "ata identify device", err)
		return false
	}
	fillATAIdentity(d, id, d.Transport == TransportUSB || d.Transport == TransportUAS)
	d.Capabilities.ATA = ATACapabilitiesOf(id)
	probeHidden(ctx, p, d, id)
	d.Health = health.ReadATA(ctx, p, id)
	return true
}

// ATACapabilitiesOf reads the capabilities out of IDENTIFY DEVICE data: discovery
// and the firmware executor's re-check right before a command both use it.
func ATACapabilitiesOf(id ata.IdentifyData) *ATACapabilities {
	sec, san := id.Security(), id.Sanitize()
	return &ATACapabilities{
		SecuritySupported: sec.Supported, SecurityEnabled: sec.Enabled, SecurityLocked: sec.Locked,
		SecurityFrozen: sec.Frozen, SecurityCountExpired: sec.CountExpired, EnhancedEraseSupported: sec.EnhancedSupported,
		NormalEraseMinutes: sec.NormalEraseMinutes, EnhancedEraseMinutes: sec.EnhancedEraseMinutes,
		SanitizeSupported: san.Supported, SanitizeCrypto: san.Crypto, SanitizeBlockErase: san.BlockErase,
		SanitizeOverwrite: san.Overwrite, NonRotating: id.NonRotating(), TrustedComputing: id.TrustedComputing(),
	}
}

// NVMeCapabilitiesOf reads the capabilities out of Identify Controller data.
func NVMeCapabilitiesOf(c nvme.Controller) *NVMeCapabilities {
	return &NVMeCapabilities{
		FormatSupported: c.FormatNVM, FormatCryptoErase: c.CryptoFormat,
		FormatAppliesToAllNamespaces: c.FormatAllNS || c.EraseAllNS,
		SanitizeCrypto:               c.SanCrypto, SanitizeBlockErase: c.SanBlock, SanitizeOverwrite: c.SanOverwrite,
	}
}

func probeHidden(ctx context.Context, p SCSIPort, d *Device, id ata.IdentifyData) {
	accessible := id.Sectors()
	h := &HiddenArea{NativeSectors: accessible, AccessibleSectors: accessible}
	known := true
	if id.HPASupported() && id.LBA48() {
		regs, err := ataDo(ctx, p, ata.ReadNativeMaxExt())
		// Switching libata to descriptor sense is a setting of the kernel's SAT
		// layer (the drive's data is untouched, and it resets at boot), but discovery
		// still changes nothing on a device that may not be touched.
		if err == nil && regs.Truncated && regs.LBAUpperNonZero {
			if d.Eligible {
				if derr := EnableDescriptorSense(ctx, p); derr == nil {
					regs, err = ataDo(ctx, p, ata.ReadNativeMaxExt())
				}
			}
			if err == nil && regs.Truncated && regs.LBAUpperNonZero {
				err = errors.New("the SAT layer returns only 24 bits of the address (fixed-format sense; descriptor sense is switched on only for eligible devices)")
			}
		}
		if err != nil {
			probeErr(d, "ata read native max address ext (HPA)", err)
			known = false
		} else if n := regs.LBA + 1; n > accessible {
			h.NativeSectors, h.HPA = n, true
		}
	}
	if id.DCOSupported() {
		cmd := ata.DCOIdentify()
		if _, err := ataDo(ctx, p, cmd); err != nil {
			probeErr(d, "ata device configuration identify (DCO)", err)
		} else if dco, err := ata.ParseIdentify(cmd.Data); err != nil {
			probeErr(d, "ata device configuration identify (DCO)", err)
		} else if n := ata.DCOMaxLBA(dco) + 1; n > h.NativeSectors {
			h.NativeSectors, h.DCO = n, true
		}
	}
	if known || h.DCO {
		d.Capabilities.HiddenArea = h
	}
}

// mmcProfiles names the current profiles (MMC-6 table 91) and their media class.
var mmcProfiles = map[uint16]struct {
	name  string
	media MediaClass
}{
	0x08: {"CD-ROM", MediaROM}, 0x09: {"CD-R", MediaWriteOnce}, 0x0A: {"CD-RW", MediaRewritable},
	0x10: {"DVD-ROM", MediaROM}, 0x11: {"DVD-R", MediaWriteOnce}, 0x12: {"DVD-RAM", MediaRewritable},
	0x13: {"DVD-RW restricted overwrite", MediaRewritable}, 0x14: {"DVD-RW sequential", MediaRewritable},
	0x15: {"DVD-R DL", MediaWriteOnce}, 0x16: {"DVD-R DL jump", MediaWriteOnce},
	0x1A: {"DVD+RW", MediaRewritable}, 0x1B: {"DVD+R", MediaWriteOnce},
	0x2A: {"DVD+RW DL", MediaRewritable}, 0x2B: {"DVD+R DL", MediaWriteOnce},
	0x40: {"BD-ROM", MediaROM}, 0x41: {"BD-R SRM", MediaWriteOnce}, 0x42: {"BD-R RRM", MediaWriteOnce},
	0x43: {"BD-RE", MediaRewritable},
}

func probeOptical(ctx context.Context, p SCSIPort, d *Device) {
	if d.Transport == TransportSATA || d.Transport == "" {
		// A SATA (ATAPI) drive's INQUIRY often carries a fixed model; IDENTIFY
		// PACKET DEVICE has the drive's own model and serial.
		cmd := ata.IdentifyPacket()
		if _, err := ataDo(ctx, p, cmd); err == nil {
			if id, err := ata.ParseIdentify(cmd.Data); err == nil {
				fillATAIdentity(d, id, true)
			}
		} else if d.Transport == TransportSATA {
			probeErr(d, "ata identify packet device", err)
		}
	}
	hdr := make([]byte, 8)
	if err := scsiDo(ctx, p, sgio.GetConfiguration(uint16(len(hdr))), sgio.DirFromDevice, hdr); err != nil {
		var se *sgio.SenseError
		if errors.As(err, &se) && se.Sense.ASC == 0x3A {
			d.Capabilities.Optical = &OpticalCapabilities{Media: MediaNone, ProfileName: "no disc"}
			return
		}
		probeErr(d, "mmc get configuration", err)
		return
	}
	o := &OpticalCapabilities{Profile: binary.BigEndian.Uint16(hdr[6:8])}
	d.Capabilities.Optical = o
	if o.Profile == 0 {
		o.Media, o.ProfileName = MediaNone, "no disc"
		return
	}
	if p, ok := mmcProfiles[o.Profile]; ok {
		o.ProfileName, o.Media = p.name, p.media
	} else {
		o.ProfileName = fmt.Sprintf("profile %04Xh", o.Profile)
	}
	di := make([]byte, 34)
	if err := scsiDo(ctx, p, sgio.ReadDiscInformation(uint16(len(di))), sgio.DirFromDevice, di); err != nil {
		if o.Media != MediaROM {
			probeErr(d, "mmc read disc information", err)
		}
		o.VolumeLabel = volumeLabel(ctx, p)
		return
	}
	o.Erasable = di[2]&0x10 != 0
	o.Blank = di[2]&0x03 == 0
	if !o.Blank && o.VolumeLabel == "" {
		o.VolumeLabel = volumeLabel(ctx, p)
	}
}

// volumeLabel reads the ISO 9660 primary volume descriptor (LBA 16 of a 2048-byte
// sector disc, ECMA-119 8.4) and returns its volume identifier, or "".
func volumeLabel(ctx context.Context, p SCSIPort) string {
	pvd := make([]byte, 2048)
	if err := scsiDo(ctx, p, sgio.Read10(16, 1), sgio.DirFromDevice, pvd); err != nil {
		return ""
	}
	if pvd[0] != 1 || string(pvd[1:6]) != "CD001" {
		return ""
	}
	return trimASCII(pvd[40:72])
}

// ProbeNVMe probes an NVMe namespace nsid: Identify Controller for Format (OACS,
// FNA) and Sanitize (SANICAP), identity where sysfs had none, and the namespace's
// EUI-64/NGUID.
func ProbeNVMe(ctx context.Context, p NVMePort, nsid uint32, d *Device) {
	cmd := nvme.IdentifyController()
	if _, err := p.Admin(ctx, withTimeout(cmd)); err != nil {
		probeErr(d, "nvme identify controller", err)
		return
	}
	c, err := nvme.ParseController(cmd.Data)
	if err != nil {
		probeErr(d, "nvme identify controller", err)
		return
	}
	if empty(d.Serial) {
		d.Serial = c.Serial
	}
	if empty(d.Model) {
		d.Model = c.Model
	}
	if empty(d.Firmware) {
		d.Firmware = c.Firmware
	}
	d.Capabilities.NVMe = NVMeCapabilitiesOf(c)
	d.Health = health.ReadNVMe(ctx, p)
	if c.Security {
		probeSED(ctx, SEDTransport(*d, nil, p), d)
	}
	ns := nvme.IdentifyNamespace(nsid)
	if _, err := p.Admin(ctx, withTimeout(ns)); err != nil {
		probeErr(d, fmt.Sprintf("nvme identify namespace %d", nsid), err)
		return
	}
	if empty(d.WWN) {
		if nguid := ns.Data[104:120]; !allZero(nguid) {
			d.WWN = fmt.Sprintf("eui.%x", nguid)
		} else if eui := ns.Data[120:128]; !allZero(eui) {
			d.WWN = fmt.Sprintf("eui.%x", eui)
		}
	}
}

func withTimeout(c nvme.Command) nvme.Command {
	c.Timeout = probeCommandTimeout
	return c
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
