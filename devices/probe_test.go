package devices

import (
	"context"
	"encoding/binary"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices/health"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/devices/simdrive"
	"github.com/wipestation/wipestation/internal/testutil"
)

func hasProbeError(d Device, substr string) bool {
	return slices.ContainsFunc(d.Capabilities.ProbeErrors, func(s string) bool { return strings.Contains(s, substr) })
}

func TestProbeSCSIWithATA(t *testing.T) {
	const size = 8 << 20
	cases := []struct {
		name  string
		drive *simdrive.ATA
		check func(t *testing.T, d Device)
	}{
		{"sata ssd, sanitize and security, frozen", &simdrive.ATA{Model: "SIM SSD", Serial: "S123", Firmware: "FW1",
			SecuritySupported: true, EnhancedSupported: true, Frozen: true, NormalMinutes: 4, EnhMinutes: 8,
			SanitizeCrypto: true, SanitizeBlock: true, NonRotating: true},
			func(t *testing.T, d Device) {
				a := d.Capabilities.ATA
				want := ATACapabilities{SecuritySupported: true, SecurityFrozen: true, EnhancedEraseSupported: true,
					NormalEraseMinutes: 4, EnhancedEraseMinutes: 8, SanitizeSupported: true, SanitizeCrypto: true,
					SanitizeBlockErase: true, NonRotating: true}
				if a == nil || *a != want {
					t.Fatalf("ata %+v, want %+v", a, want)
				}
				if d.Serial != "S123" || d.Model != "SIM SSD" || d.Firmware != "FW1" || d.Vendor != "" {
					t.Errorf("identity %q %q %q %q", d.Vendor, d.Model, d.Serial, d.Firmware)
				}
				if h := d.Capabilities.HiddenArea; h == nil || h.Hidden() || h.AccessibleSectors != size/512 {
					t.Errorf("hidden area %+v", h)
				}
				if s := d.Capabilities.SCSI; s != nil || len(d.Capabilities.ProbeErrors) != 0 {
					t.Errorf("scsi %+v errors %q: an ATA drive is not asked for SCSI SANITIZE", s, d.Capabilities.ProbeErrors)
				}
			}},
		{"hpa behind fixed-format sense", &simdrive.ATA{Model: "HDD", Serial: "H1", HPA: true, NativeSectors: 1 << 25,
			FixedSense: true, LegacyFixed: true},
			func(t *testing.T, d Device) {
				h := d.Capabilities.HiddenArea
				if h == nil || !h.HPA || h.NativeSectors != 1<<25 || h.AccessibleSectors != size/512 || !h.Hidden() {
					t.Fatalf("hidden area %+v (errors %q)", h, d.Capabilities.ProbeErrors)
				}
			}},
		{"dco", &simdrive.ATA{Model: "HDD", Serial: "H2", DCO: true, DCOSectors: size/512 + 100},
			func(t *testing.T, d Device) {
				h := d.Capabilities.HiddenArea
				if h == nil || !h.DCO || h.NativeSectors != size/512+100 {
					t.Fatalf("hidden area %+v", h)
				}
			}},
		{"usb bridge without SAT", &simdrive.ATA{Model: "BRIDGE", Serial: "B1", NoSAT: true},
			func(t *testing.T, d Device) {
				if d.Capabilities.ATA != nil || !hasProbeError(d, "ata identify") {
					t.Fatalf("ata %+v errors %q", d.Capabilities.ATA, d.Capabilities.ProbeErrors)
				}
				if d.Serial != "B1" {
					t.Errorf("serial from VPD 80h: %q", d.Serial)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.drive.Medium = simdrive.NewMedium(size, 512, 1)
			d := Device{Path: "/dev/sim", Transport: TransportSATA, Eligible: true}
			ProbeSCSI(context.Background(), tc.drive, &d)
			tc.check(t, d)
		})
	}
}

func TestProbeSCSISanitize(t *testing.T) {
	s := &simdrive.SCSI{Medium: simdrive.NewMedium(1<<20, 512, 1), Vendor: "SEAGATE", Product: "ST4000NM", Serial: "ZC1",
		SanitizeCrypto: true, SanitizeOverwrite: true}
	d := Device{Path: "/dev/sim", Transport: TransportSAS, Serial: "unknown"}
	ProbeSCSI(context.Background(), s, &d)
	want := SCSICapabilities{SanitizeCrypto: Yes, SanitizeBlockErase: No, SanitizeOverwrite: Yes}
	if d.Capabilities.SCSI == nil || *d.Capabilities.SCSI != want {
		t.Errorf("scsi %+v", d.Capabilities.SCSI)
	}
	if d.Vendor != "SEAGATE" || d.Model != "ST4000NM" || d.Serial != "ZC1" {
		t.Errorf("identity %q %q %q", d.Vendor, d.Model, d.Serial)
	}
	s.NoReportOpcodes = true
	d = Device{Path: "/dev/sim"}
	ProbeSCSI(context.Background(), s, &d)
	if d.Capabilities.SCSI == nil || d.Capabilities.SCSI.SanitizeCrypto != Unknown || !hasProbeError(d, "report supported operation codes") {
		t.Errorf("without RSOC: %+v %q", d.Capabilities.SCSI, d.Capabilities.ProbeErrors)
	}
}

func TestProbeNVMe(t *testing.T) {
	// What QEMU 7.2 answers: Format yes, FNA 0, SANICAP 0.
	n := &simdrive.NVMe{Medium: simdrive.NewMedium(1<<20, 512, 1), Serial: "deadbeef", Model: "QEMU NVMe Ctrl",
		Firmware: "7.2.0", NSID: 1, FormatSupported: true}
	d := Device{Path: "/dev/nvme0n1", Transport: TransportNVMe}
	ProbeNVMe(context.Background(), n, 1, &d)
	if c := d.Capabilities.NVMe; c == nil || *c != (NVMeCapabilities{FormatSupported: true}) {
		t.Errorf("nvme %+v", c)
	}
	if d.Serial != "deadbeef" || d.Model != "QEMU NVMe Ctrl" || d.Firmware != "7.2.0" {
		t.Errorf("identity %q %q %q", d.Model, d.Serial, d.Firmware)
	}
	n.CryptoFormat, n.SanitizeBlock = true, true
	d = Device{}
	ProbeNVMe(context.Background(), n, 1, &d)
	if c := d.Capabilities.NVMe; c == nil || !c.FormatCryptoErase || !c.SanitizeBlockErase || c.SanitizeCrypto {
		t.Errorf("nvme %+v", c)
	}
}

// mmcPort answers like a SATA optical drive (ATAPI behind libata) holding a disc
// of this profile with an ISO 9660 file system labelled "WS_CD".
type mmcPort struct{ profile uint16 }

func (p mmcPort) Do(ctx context.Context, r sgio.Request) (sgio.Response, error) {
	switch r.CDB[0] {
	case sgio.OpATAPassThrough16:
		if r.CDB[14] != 0xA1 {
			return sgio.Response{Status: sgio.StatusCheckCondition, Sense: []byte{0x72, 0x0B, 0, 0, 0, 0, 0, 0x0E,
				0x09, 0x0C, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x51}}, nil
		}
		for w, s := range map[int]string{10: "WSCD0001            ", 23: "1.00    ", 27: "WS Test DVD-ROM                         "} {
			for i := 0; i < len(s); i += 2 {
				r.Data[2*w+i], r.Data[2*w+i+1] = s[i+1], s[i]
			}
		}
		return sgio.Response{}, nil
	case sgio.OpRead10:
		if binary.BigEndian.Uint32(r.CDB[2:6]) == 16 {
			copy(r.Data, "\x01CD001\x01")
			copy(r.Data[40:72], "WS_CD                           ")
		}
		return sgio.Response{}, nil
	case sgio.OpInquiry:
		if r.CDB[1]&1 == 0 {
			copy(r.Data, append([]byte{0x05, 0x80, 0x05, 0x02, 31, 0, 0, 0}, "QEMU    QEMU DVD-ROM    2.5+"...))
			return sgio.Response{}, nil
		}
		return sgio.Response{Status: sgio.StatusCheckCondition, Sense: []byte{0x72, 5, 0x24, 0, 0, 0, 0, 0}}, nil
	case sgio.OpGetConfiguration:
		binary.BigEndian.PutUint16(r.Data[6:8], p.profile)
		return sgio.Response{}, nil
	case sgio.OpReadDiscInformation:
		status := byte(0x0E) // complete disc, complete last session
		if p.profile == 0x0A {
			status = 0x10 // erasable, blank
		}
		copy(r.Data, []byte{0, 32, status})
		return sgio.Response{}, nil
	}
	return sgio.Response{Status: sgio.StatusCheckCondition, Sense: []byte{0x72, 5, 0x20, 0, 0, 0, 0, 0}}, nil
}

func TestProbeOptical(t *testing.T) {
	for _, tc := range []struct {
		profile uint16
		want    OpticalCapabilities
	}{
		{0x0A, OpticalCapabilities{Profile: 0x0A, ProfileName: "CD-RW", Media: MediaRewritable, Blank: true, Erasable: true}},
		{0x08, OpticalCapabilities{Profile: 0x08, ProfileName: "CD-ROM", Media: MediaROM, VolumeLabel: "WS_CD"}},
		{0x10, OpticalCapabilities{Profile: 0x10, ProfileName: "DVD-ROM", Media: MediaROM, VolumeLabel: "WS_CD"}},
		{0x00, OpticalCapabilities{ProfileName: "no disc", Media: MediaNone}},
	} {
		d := Device{Kind: KindOptical, Transport: TransportSATA, Model: "QEMU DVD-ROM"}
		ProbeSCSI(context.Background(), mmcPort{tc.profile}, &d)
		if o := d.Capabilities.Optical; o == nil || *o != tc.want {
			t.Errorf("profile %02Xh: %+v", tc.profile, o)
		}
		if d.Model != "WS Test DVD-ROM" || d.Serial != "WSCD0001" || d.Firmware != "1.00" {
			t.Errorf("identity from IDENTIFY PACKET DEVICE: %q %q %q", d.Model, d.Serial, d.Firmware)
		}
		if d.Capabilities.ATA != nil {
			t.Error("an optical drive was sent ATA IDENTIFY")
		}
	}
}

// TestBounded: a probe stuck in a driver does not hold the caller.
func TestBounded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	d := Device{Path: "/dev/stuck"}
	start := time.Now()
	bounded(ctx, &d, func(ctx context.Context, w *Device) {
		<-release
		w.Serial = "late"
	})
	if time.Since(start) > 2*time.Second || d.Serial == "late" || !hasProbeError(d, "did not finish") {
		t.Errorf("bounded probe: %v %+v", time.Since(start), d)
	}
}

// TestProbeLoopDevice: SG_IO on a loop device fails; the probe says so and leaves
// the capabilities unknown, quickly.
func TestProbeLoopDevice(t *testing.T) {
	loop := testutil.NewLoopDevice(t, 16<<20)
	s := System{Sys: os.DirFS("/sys"), Proc: os.DirFS("/proc"), DevDir: "/dev"}
	d := Device{Path: loop.Path, Name: loop.Name(), Transport: TransportLoop, Virtual: true}
	start := time.Now()
	s.Probe(context.Background(), &d)
	if time.Since(start) > 5*time.Second {
		t.Errorf("probe took %v", time.Since(start))
	}
	c := d.Capabilities
	t.Logf("probe errors: %q", c.ProbeErrors)
	if c.ATA != nil || c.NVMe != nil || c.SCSI != nil || c.HiddenArea != nil || !hasProbeError(d, "scsi inquiry") {
		t.Errorf("capabilities %+v", c)
	}
}

// TestProbeChangesNothingOnIneligibleDevices: the descriptor-sense switch that
// reads a large native max address through libata is left alone on a device that
// may not be touched (the system disk, a mounted one); the hidden area is then
// reported unknown rather than guessed from a truncated address.
func TestProbeChangesNothingOnIneligibleDevices(t *testing.T) {
	const size = 8 << 20
	drive := &simdrive.ATA{Model: "HDD", Serial: "H1", HPA: true, NativeSectors: 1 << 25, FixedSense: true, LegacyFixed: true,
		Medium: simdrive.NewMedium(size, 512, 1)}
	d := Device{Path: "/dev/sim", Transport: TransportSATA, Eligible: false}
	ProbeSCSI(context.Background(), drive, &d)
	if h := d.Capabilities.HiddenArea; h != nil && h.HPA {
		t.Fatalf("hidden area %+v from a truncated address", h)
	}
	if !hasProbeError(d, "only 24 bits") {
		t.Errorf("probe errors %q: want the truncated-address reason", d.Capabilities.ProbeErrors)
	}
	if drive.DescriptorSense() {
		t.Error("descriptor sense was switched on for an ineligible device")
	}
}

// TestProbeReadsHealth: discovery's probe puts the drive's own health on the
// device, through the interface the drive speaks, and a drive that gives nothing
// says so rather than reporting "passed".
func TestProbeReadsHealth(t *testing.T) {
	smartData := make([]byte, 512)
	smartData[2], smartData[5], smartData[7] = 9, 100, 0x2A // attribute 9, value 100, raw 42 h
	var sum byte
	for _, c := range smartData[:511] {
		sum += c
	}
	smartData[511] = -sum
	nvmeLog := make([]byte, 512)
	nvmeLog[1], nvmeLog[2], nvmeLog[5] = 0x41, 0x01, 3 // 321 K, 3 % used

	sata := Device{Path: "/dev/sda", Transport: TransportSATA}
	ProbeSCSI(context.Background(), &simdrive.ATA{Medium: simdrive.NewMedium(1<<20, 512, 1), Model: "SSD", Serial: "A1",
		SMART: &simdrive.SMART{Data: smartData}}, &sata)
	nvm := Device{Path: "/dev/nvme0n1", Transport: TransportNVMe}
	ProbeNVMe(context.Background(), &simdrive.NVMe{Medium: simdrive.NewMedium(1<<20, 512, 1), NSID: 1, HealthLog: nvmeLog}, 1, &nvm)
	bridge := Device{Path: "/dev/sdb", Transport: TransportUSB}
	ProbeSCSI(context.Background(), &simdrive.ATA{Medium: simdrive.NewMedium(1<<20, 512, 1), NoSAT: true}, &bridge)

	for _, c := range []struct {
		name    string
		d       Device
		source  health.Source
		state   health.State
		overall health.Assessment
	}{
		{"sata", sata, health.SourceATA, health.Available, health.Passed},
		{"nvme", nvm, health.SourceNVMe, health.Available, health.Passed},
		{"usb bridge without sat or log pages", bridge, health.SourceSCSI, health.Unsupported, health.Unknown},
	} {
		h := c.d.Health
		if h == nil {
			t.Errorf("%s: no health on the device", c.name)
			continue
		}
		if h.Source != c.source || h.State != c.state || h.Overall != c.overall {
			t.Errorf("%s: health %s %s %s, want %s %s %s", c.name, h.Source, h.State, h.Overall, c.source, c.state, c.overall)
		}
	}
	if h := sata.Health; h != nil && (h.PowerOnHours == nil || *h.PowerOnHours != 42) {
		t.Errorf("sata power-on hours %v, want 42", h.PowerOnHours)
	}
	if h := nvm.Health; h != nil && (h.PercentageUsed == nil || *h.PercentageUsed != 3 || *h.TemperatureCelsius != 48) {
		t.Errorf("nvme health %+v, want 3 %% used, 48 °C", h)
	}
}
