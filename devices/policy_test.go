package devices

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/msg"
)

// rec is a compact expectation: method and class, plus words the reason must
// contain.
type rec struct {
	method string
	class  Class
	words  []string
}

func TestRecommend(t *testing.T) {
	ataHDD := func(a ATACapabilities) Device {
		return Device{Kind: KindDisk, Transport: TransportSATA, Rotational: true, Capabilities: Capabilities{ATA: &a}}
	}
	ataSSD := func(a ATACapabilities) Device {
		a.NonRotating = true
		return Device{Kind: KindDisk, Transport: TransportSATA, Capabilities: Capabilities{ATA: &a}}
	}
	scsi := func(rot bool, c SCSICapabilities) Device {
		return Device{Kind: KindDisk, Transport: TransportSAS, Rotational: rot, Capabilities: Capabilities{SCSI: &c}}
	}
	nvme := func(c NVMeCapabilities) Device {
		return Device{Kind: KindDisk, Transport: TransportNVMe, Capabilities: Capabilities{NVMe: &c}}
	}
	optical := func(m MediaClass, profile string) Device {
		return Device{Kind: KindOptical, Transport: TransportSATA, Capabilities: Capabilities{Optical: &OpticalCapabilities{Media: m, ProfileName: profile}}}
	}
	phone := func(enc Tristate, protocols ...string) Device {
		return Device{Kind: KindPhone, Transport: TransportMTP, Capabilities: Capabilities{Phone: &PhoneCapabilities{Protocols: protocols, Encrypted: enc}}}
	}
	allSanitize := ATACapabilities{SanitizeSupported: true, SanitizeCrypto: true, SanitizeBlockErase: true, SanitizeOverwrite: true}
	security := ATACapabilities{SecuritySupported: true, EnhancedEraseSupported: true, NormalEraseMinutes: 60, EnhancedEraseMinutes: 90}

	tests := []struct {
		name string
		dev  Device
		want []rec
	}{
		// NIST 800-88 Rev.1 Appendix A, one case per row.
		{"NIST USB removable flash: Clear by pattern and complement, Purge by destruction",
			Device{Kind: KindDisk, Transport: TransportUSB, Removable: true},
			[]rec{{"nist-usb", ClassClear, []string{"complement", "Clear"}}, {"destroy", ClassDestroy, []string{"Purge requires destruction"}}}},
		{"NIST memory card",
			Device{Kind: KindCard, Transport: TransportMMC, Removable: true},
			[]rec{{"nist-usb", ClassClear, nil}, {"destroy", ClassDestroy, []string{"Purge requires destruction"}}}},
		{"NIST ATA HDD: sanitize overwrite/crypto and enhanced secure erase are Purge, overwrite Clear",
			ataHDD(ATACapabilities{SanitizeSupported: true, SanitizeCrypto: true, SanitizeOverwrite: true, SecuritySupported: true, EnhancedEraseSupported: true, EnhancedEraseMinutes: 90}),
			[]rec{{"ata-sanitize-overwrite", ClassPurge, nil}, {"ata-sanitize-crypto", ClassPurge, nil},
				{"ata-secure-erase-enhanced", ClassPurge, []string{"90 minutes"}}, {"ata-secure-erase", ClassClear, []string{"IEEE 2883"}},
				{"nist-clear", ClassClear, nil}}},
		{"NIST ATA SSD: sanitize crypto/block Purge, secure erase only Clear on flash",
			ataSSD(ATACapabilities{SanitizeSupported: true, SanitizeCrypto: true, SanitizeBlockErase: true, SecuritySupported: true, EnhancedEraseSupported: true}),
			[]rec{{"ata-sanitize-crypto", ClassPurge, nil}, {"ata-sanitize-block", ClassPurge, nil},
				{"ata-secure-erase-enhanced", ClassClear, []string{"only a Clear mechanism for flash"}}, {"ata-secure-erase", ClassClear, nil},
				{"nist-clear", ClassClear, []string{"never Purge"}}}},
		{"NIST SCSI HDD: sanitize overwrite/crypto Purge",
			scsi(true, SCSICapabilities{SanitizeOverwrite: Yes, SanitizeCrypto: Yes, SanitizeBlockErase: No}),
			[]rec{{"scsi-sanitize-overwrite", ClassPurge, nil}, {"scsi-sanitize-crypto", ClassPurge, nil}, {"nist-clear", ClassClear, nil}}},
		{"NIST SCSI SSD: sanitize block/crypto Purge",
			scsi(false, SCSICapabilities{SanitizeOverwrite: No, SanitizeCrypto: Yes, SanitizeBlockErase: Yes}),
			[]rec{{"scsi-sanitize-crypto", ClassPurge, nil}, {"scsi-sanitize-block", ClassPurge, nil}, {"nist-clear", ClassClear, nil}}},
		{"NIST NVMe: Format SES=2 Purge with the IEEE 2883 caveat, SES=1 Clear (understating)",
			nvme(NVMeCapabilities{FormatSupported: true, FormatCryptoErase: true}),
			[]rec{{"nvme-format-crypto", ClassPurge, []string{"IEEE 2883", "prefer Sanitize"}},
				{"nvme-format", ClassClear, []string{"NIST 800-88 Rev.1 lists it as Purge", "IEEE 2883 as Clear", "understating"}},
				{"nist-clear", ClassClear, nil}}},
		{"NIST optical ROM: destroy only",
			optical(MediaROM, "CD-ROM"),
			[]rec{{"destroy", ClassDestroy, []string{"CD-ROM"}}}},
		{"NIST optical write-once: destroy only",
			optical(MediaWriteOnce, "DVD-R"),
			[]rec{{"destroy", ClassDestroy, []string{"DVD-R", "write-once"}}}},
		{"NIST optical rewritable: destroy first, blanking is Other",
			optical(MediaRewritable, "DVD+RW"),
			[]rec{{"destroy", ClassDestroy, nil}, {"optical-blank", ClassOther, []string{"neither Clear nor Purge"}}}},
		{"NIST mobile phone, encrypted: factory reset is a crypto erase",
			phone(Yes, "mtp", "adb"),
			[]rec{{"phone-reset", ClassPurge, []string{"encrypted", "cryptographic erase"}},
				{"mtp-clear", ClassOther, []string{"shared storage"}}, {"destroy", ClassDestroy, nil}}},
		{"NIST mobile phone, encryption unknown: reset is only Clear",
			phone(Unknown, "mtp"),
			[]rec{{"phone-reset", ClassClear, []string{"could not be confirmed"}}, {"mtp-clear", ClassOther, nil}, {"destroy", ClassDestroy, nil}}},
		{"NIST mobile phone, not encrypted, no MTP",
			phone(No, "adb"),
			[]rec{{"phone-reset", ClassClear, []string{"not encrypted"}}, {"destroy", ClassDestroy, nil}}},

		// IEEE 2883 as applied per interface, one case per row.
		{"IEEE 2883 ATA: every sanitize mode Purge, normal secure erase Clear",
			ataHDD(ATACapabilities{SanitizeSupported: true, SanitizeCrypto: true, SanitizeBlockErase: true, SanitizeOverwrite: true, SecuritySupported: true}),
			[]rec{{"ata-sanitize-overwrite", ClassPurge, nil}, {"ata-sanitize-crypto", ClassPurge, nil}, {"ata-sanitize-block", ClassPurge, nil},
				{"ata-secure-erase", ClassClear, nil}, {"nist-clear", ClassClear, nil}}},
		{"IEEE 2883 SCSI: every sanitize mode Purge",
			scsi(true, SCSICapabilities{SanitizeOverwrite: Yes, SanitizeCrypto: Yes, SanitizeBlockErase: Yes}),
			[]rec{{"scsi-sanitize-overwrite", ClassPurge, nil}, {"scsi-sanitize-crypto", ClassPurge, nil}, {"scsi-sanitize-block", ClassPurge, nil}, {"nist-clear", ClassClear, nil}}},
		{"IEEE 2883 NVMe: Sanitize Purge, strongest first",
			nvme(NVMeCapabilities{FormatSupported: true, FormatCryptoErase: true, SanitizeCrypto: true, SanitizeBlockErase: true, SanitizeOverwrite: true}),
			[]rec{{"nvme-sanitize-crypto", ClassPurge, nil}, {"nvme-sanitize-block", ClassPurge, nil}, {"nvme-sanitize-overwrite", ClassPurge, nil},
				{"nvme-format-crypto", ClassPurge, nil}, {"nvme-format", ClassClear, nil}, {"nist-clear", ClassClear, nil}}},

		// What the probe says decides what is offered.
		{"QEMU NVMe: Format without crypto, no Sanitize; Purge requires destruction",
			nvme(NVMeCapabilities{FormatSupported: true}),
			[]rec{{"nvme-format", ClassClear, nil}, {"nist-clear", ClassClear, nil}, {"destroy", ClassDestroy, []string{"Purge requires destruction"}}}},
		{"NVMe format acting on all namespaces says so",
			nvme(NVMeCapabilities{FormatSupported: true, FormatAppliesToAllNamespaces: true}),
			[]rec{{"nvme-format", ClassClear, []string{"every namespace"}}, {"nist-clear", ClassClear, nil}, {"destroy", ClassDestroy, nil}}},
		{"frozen ATA SSD: no security methods, the reason says frozen and the way out",
			ataSSD(ATACapabilities{SanitizeSupported: true, SanitizeBlockErase: true, SecuritySupported: true, SecurityFrozen: true, EnhancedEraseSupported: true}),
			[]rec{{"ata-sanitize-block", ClassPurge, []string{"frozen", "suspend and resume", "re-plug"}}, {"nist-clear", ClassClear, nil}}},
		{"locked ATA HDD without sanitize: no security methods, overwrite then destroy",
			ataHDD(ATACapabilities{SecuritySupported: true, SecurityLocked: true, EnhancedEraseSupported: true}),
			[]rec{{"nist-clear", ClassClear, []string{"locked", "password"}}, {"destroy", ClassDestroy, nil}}},
		{"QEMU SATA disk: no security, no sanitize",
			ataHDD(ATACapabilities{}),
			[]rec{{"nist-clear", ClassClear, nil}, {"destroy", ClassDestroy, nil}}},
		{"ATA HDD with a hidden area: the overwrite says so",
			func() Device {
				d := ataHDD(ATACapabilities{})
				d.Capabilities.HiddenArea = &HiddenArea{NativeSectors: 1000, AccessibleSectors: 900, HPA: true}
				return d
			}(),
			[]rec{{"nist-clear", ClassClear, []string{"hides 100 sectors"}}, {"destroy", ClassDestroy, nil}}},
		{"ATA drive behind a USB bridge not reporting rotation: treated as flash",
			Device{Kind: KindDisk, Transport: TransportUSB, Rotational: true, Capabilities: Capabilities{ATA: &security}},
			[]rec{{"ata-secure-erase-enhanced", ClassClear, []string{"treated as flash", "USB bridge", "locked"}}, {"ata-secure-erase", ClassClear, nil},
				{"nist-clear", ClassClear, nil}, {"destroy", ClassDestroy, nil}}},
		{"ATA SSD with every sanitize mode: overwrite sanitize after crypto and block",
			ataSSD(allSanitize),
			[]rec{{"ata-sanitize-crypto", ClassPurge, nil}, {"ata-sanitize-block", ClassPurge, nil}, {"ata-sanitize-overwrite", ClassPurge, []string{"wears"}},
				{"nist-clear", ClassClear, nil}}},
		{"SCSI SANITIZE support unknown: not offered, the reason says so",
			scsi(true, SCSICapabilities{SanitizeOverwrite: Unknown, SanitizeCrypto: Unknown, SanitizeBlockErase: Unknown}),
			[]rec{{"nist-clear", ClassClear, []string{"did not say"}}, {"destroy", ClassDestroy, nil}}},
		{"probe failed: no firmware methods, the reason says the probe failed",
			Device{Kind: KindDisk, Transport: TransportSATA, Rotational: true, Capabilities: Capabilities{ProbeErrors: []string{"ata identify: timeout"}}},
			[]rec{{"nist-clear", ClassClear, []string{"could not be probed", "ata identify: timeout"}}, {"destroy", ClassDestroy, nil}}},
		{"UAS disk whose SCSI SANITIZE works: SCSI rules",
			Device{Kind: KindDisk, Transport: TransportUAS, Capabilities: Capabilities{SCSI: &SCSICapabilities{SanitizeCrypto: Yes, SanitizeBlockErase: No, SanitizeOverwrite: No}}},
			[]rec{{"scsi-sanitize-crypto", ClassPurge, nil}, {"nist-clear", ClassClear, nil}}},
		{"optical drive, probe failed: destroy, disc type unknown",
			Device{Kind: KindOptical, Transport: TransportSATA},
			[]rec{{"destroy", ClassDestroy, []string{"unknown"}}}},
		{"optical drive without a disc: nothing to do",
			optical(MediaNone, ""),
			nil},
		{"loop device: overwrite methods, Clear, no destroy",
			Device{Kind: KindDisk, Transport: TransportLoop, Virtual: true},
			[]rec{{"nist-clear", ClassClear, []string{"backing file"}}, {"random", ClassClear, nil}, {"zero", ClassClear, nil}}},
		{"image file",
			Device{Kind: KindDisk, Transport: TransportFile, Virtual: true},
			[]rec{{"nist-clear", ClassClear, nil}, {"random", ClassClear, nil}, {"zero", ClassClear, nil}}},
		{"virtio disk: host overwrite only",
			Device{Kind: KindDisk, Transport: TransportVirtio, Rotational: true},
			[]rec{{"nist-clear", ClassClear, []string{"no sanitize command"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Recommend(tc.dev)
			if got == nil {
				t.Fatal("Recommend answered nil, want a non-nil slice")
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d recommendations, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Method != w.method || g.Class != w.class {
					t.Errorf("#%d = %s (%s), want %s (%s)\n%s", i, g.Method, g.Class, w.method, w.class, dump(got))
				}
				for _, word := range w.words {
					if !strings.Contains(g.Reason.String(), word) {
						t.Errorf("#%d %s: reason %q lacks %q", i, g.Method, g.Reason, word)
					}
				}
				if g.Reason.IsZero() {
					t.Errorf("#%d %s: empty reason", i, g.Method)
				}
			}
		})
	}
}

// TestRecommendNeverOverstates checks invariants over the table itself.
func TestRecommendNeverOverstates(t *testing.T) {
	for _, r := range policy {
		if r.method == "" {
			continue
		}
		t.Run(r.medium.name().String()+"/"+r.method, func(t *testing.T) {
			flash := r.medium == mediumATASSD || r.medium == mediumSCSISSD || r.medium == mediumNVMe ||
				r.medium == mediumUSB || r.medium == mediumCard
			if flash && r.class == ClassPurge && !strings.Contains(r.method, "sanitize") && r.method != "nvme-format-crypto" {
				t.Errorf("%s is Purge on flash; only firmware sanitize and crypto erase may be", r.method)
			}
			if r.method == "nist-clear" || r.method == "nist-usb" || r.method == "zero" || r.method == "random" {
				if r.class != ClassClear {
					t.Errorf("host overwrite %s is %s, want Clear", r.method, r.class)
				}
			}
			if r.medium == mediumOptical && r.class != ClassDestroy && r.class != ClassOther {
				t.Errorf("optical %s is %s: nothing done to a disc is Clear or Purge", r.method, r.class)
			}
			if r.method == "ata-secure-erase" && r.class != ClassClear {
				t.Errorf("normal secure erase is %s, want Clear (IEEE 2883)", r.class)
			}
		})
	}
}

func dump(recs []Recommendation) string {
	var b strings.Builder
	for i, r := range recs {
		b.WriteString("  ")
		b.WriteString(strings.Join([]string{string(rune('0' + i)), r.Method, string(r.Class), r.Reason.String()}, " | "))
		b.WriteString("\n")
	}
	return b.String()
}

// TestRecommendationsDocumented keeps docs/recommendations.md in step with the
// table: every method row must appear there with its medium and class.
func TestRecommendationsDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "recommendations.md"))
	if err != nil {
		t.Fatalf("read the policy's documentation: %v", err)
	}
	doc := string(b)
	for _, r := range policy {
		if r.method == "" {
			continue
		}
		row := fmt.Sprintf("| %s | `%s` | %s |", r.medium.name(), r.method, r.class)
		t.Run(row, func(t *testing.T) {
			if !strings.Contains(doc, row) {
				t.Errorf("docs/recommendations.md has no row starting %q", row)
			}
		})
	}
}

// TestRecommendationWording keeps the sentences of the table as certificates
// compare them, and renders every one in every language without a placeholder
// left over.
func TestRecommendationWording(t *testing.T) {
	hdd := Device{Kind: KindDisk, Transport: TransportSATA, Rotational: true, Capabilities: Capabilities{ATA: &ATACapabilities{
		SecuritySupported: true, SecurityFrozen: true, NormalEraseMinutes: 60,
		SanitizeSupported: true, SanitizeOverwrite: true},
		HiddenArea: &HiddenArea{NativeSectors: 1000, AccessibleSectors: 900}}}
	got := Recommend(hdd)
	want := []string{
		"ATA hard disk: ATA SANITIZE OVERWRITE: the drive overwrites every sector, spare and hidden areas included; Purge for ATA hard disks (NIST 800-88 Rev.1, IEEE 2883); " +
			"ATA SECURITY ERASE not offered: the drive's security is frozen (the firmware froze it at boot); suspend and resume the machine, or unplug and re-plug the drive's power and data, then list again",
		"ATA hard disk: host overwrite (one random pass), read back in full: Clear for hard disks (NIST 800-88 Rev.1); the drive hides 100 sectors (HPA/DCO) that a host overwrite does not reach: reset the hidden area first",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d recommendations, want %d:\n%s", len(got), len(want), dump(got))
	}
	for i, w := range want {
		if s := got[i].Reason.String(); s != w {
			t.Errorf("#%d reason\n got %q\nwant %q", i, s, w)
		}
	}
	zh := got[1].Reason.In(msg.TraditionalChinese)
	if !strings.HasPrefix(zh, "ATA 硬碟：") || !strings.Contains(zh, "100 個") {
		t.Errorf("zh-TW reason %q: want the medium and the hidden sectors in Chinese", zh)
	}

	// Every row, note and detail of the table, on devices that bring out each.
	devs := []Device{hdd,
		{Kind: KindDisk, Transport: TransportUSB, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, SecurityLocked: true}}},
		{Kind: KindDisk, Transport: TransportUSB, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, EnhancedEraseSupported: true, EnhancedEraseMinutes: 5}}},
		{Kind: KindDisk, Transport: TransportSAS, Capabilities: Capabilities{SCSI: &SCSICapabilities{}}},
		{Kind: KindDisk, Transport: TransportNVMe, Capabilities: Capabilities{NVMe: &NVMeCapabilities{FormatSupported: true, FormatAppliesToAllNamespaces: true}}},
		{Kind: KindDisk, Transport: TransportSATA, Capabilities: Capabilities{ProbeErrors: []string{"identify: EIO"}}},
		{Kind: KindOptical, Capabilities: Capabilities{Optical: &OpticalCapabilities{Media: MediaROM, ProfileName: "CD-ROM"}}},
		{Kind: KindOptical, Capabilities: Capabilities{Optical: &OpticalCapabilities{Media: MediaRewritable, ProfileName: "CD-RW"}}},
		{Kind: KindOptical},
		{Kind: KindPhone, Capabilities: Capabilities{Phone: &PhoneCapabilities{Encrypted: Yes, Protocols: []string{"mtp"}}}},
		{Kind: KindPhone, Capabilities: Capabilities{Phone: &PhoneCapabilities{Encrypted: No}}},
		{Kind: KindPhone},
		{Kind: KindDisk, Transport: TransportLoop, Virtual: true},
		{Kind: KindDisk, Transport: TransportVirtio},
		{Kind: KindCard, Transport: TransportMMC},
		{Kind: KindDisk, Transport: TransportUSB},
	}
	for _, d := range devs {
		for _, r := range Recommend(d) {
			for _, lang := range msg.Languages() {
				s := r.Reason.In(lang)
				if s == "" || strings.Contains(s, "{") || strings.Contains(s, "[policy.") || strings.Contains(s, "[support.") {
					t.Errorf("%s %s in %s: %q", d.Transport, r.Method, lang, s)
				}
			}
			if zh := r.Reason.In(msg.TraditionalChinese); zh == r.Reason.String() {
				t.Errorf("%s %s: zh-TW is the English %q", d.Transport, r.Method, zh)
			}
		}
	}
}

// TestSupportRefusalWording renders every refusal of Supports in every
// language, and keeps the English that certificates compare.
func TestSupportRefusalWording(t *testing.T) {
	devs := []Device{
		{Kind: KindOptical},
		{Kind: KindPhone},
		{Kind: KindDisk, Capabilities: Capabilities{ProbeErrors: []string{"identify: EIO", "sense: 05h"}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecurityLocked: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, SecurityFrozen: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, SecurityCountExpired: true, SanitizeSupported: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, SecurityEnabled: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{NVMe: &NVMeCapabilities{}}},
		{Kind: KindDisk, Capabilities: Capabilities{NVMe: &NVMeCapabilities{FormatSupported: true}}},
		{Kind: KindDisk, Capabilities: Capabilities{SCSI: &SCSICapabilities{SanitizeCrypto: No}, ProbeErrors: []string{"rsoc: timeout"}}},
	}
	seen := map[msg.ID]bool{}
	for _, d := range devs {
		for method := range commands {
			err := Supports(d, method)
			if err == nil {
				continue
			}
			var rf *RefusalError
			if !errors.As(err, &rf) || !errors.Is(err, ErrUnsupported) {
				t.Fatalf("Supports(%s) = %v, want a RefusalError wrapping ErrUnsupported", method, err)
			}
			seen[rf.Reason.ID] = true
			for _, lang := range msg.Languages() {
				if s := rf.Reason.In(lang); s == "" || strings.Contains(s, "{") || strings.HasPrefix(s, "[") {
					t.Errorf("%s in %s: %q", method, lang, s)
				}
			}
		}
	}
	for _, id := range []msg.ID{msg.SupportOptical, msg.SupportPhone, msg.SupportNoATA, msg.SupportLocked, msg.SupportNoSecurity,
		msg.SupportFrozen, msg.SupportCountExpired, msg.SupportPasswordSet, msg.SupportNoEnhanced, msg.SupportNoSanitizeFeature,
		msg.SupportNoATASanitizeCrypto, msg.SupportNoNVMe, msg.SupportNoFormat, msg.SupportNoFormatCrypto, msg.SupportNoSanitizeCrypto,
		msg.SupportATANotSCSI, msg.SupportNoSCSI, msg.SupportSCSINotSupported, msg.SupportSCSIUnknown} {
		if !seen[id] {
			t.Errorf("no device brought out %s", id)
		}
	}

	d := Device{Kind: KindDisk, Capabilities: Capabilities{SCSI: &SCSICapabilities{SanitizeCrypto: No}, ProbeErrors: []string{"rsoc: timeout"}}}
	if got, want := Supports(d, "scsi-sanitize-block").(*RefusalError).Reason.String(),
		"support for SANITIZE BLOCK ERASE (02h) is unknown: the device did not answer REPORT SUPPORTED OPERATION CODES (probe: rsoc: timeout)"; got != want {
		t.Errorf("unknown SCSI sanitize:\n got %q\nwant %q", got, want)
	}
	frozen := Device{Kind: KindDisk, Capabilities: Capabilities{ATA: &ATACapabilities{SecuritySupported: true, SecurityFrozen: true}}}
	if got := Supports(frozen, "ata-secure-erase").Error(); !strings.Contains(got, "the drive is security-frozen: the BIOS froze") {
		t.Errorf("frozen: %q", got)
	}
}
