package firmware

import (
	"strings"
	"testing"

	"github.com/wipestation/wipestation/msg"
)

// containsText reports whether some message of ms says sub in English.
func containsText(ms []msg.Message, sub string) bool {
	for _, m := range ms {
		if strings.Contains(m.String(), sub) {
			return true
		}
	}
	return false
}

// renders fails t when a message does not render in every language: empty, a
// placeholder left over, an identifier the catalogue lacks, or Chinese that is
// the English unchanged (only a sentence that is all command words may be).
func renders(t *testing.T, what string, ms ...msg.Message) {
	t.Helper()
	for _, m := range ms {
		if m.IsZero() {
			t.Errorf("%s: empty message", what)
			continue
		}
		for _, lang := range msg.Languages() {
			s := m.In(lang)
			if s == "" || strings.Contains(s, "{") || strings.HasPrefix(s, "[") {
				t.Errorf("%s in %s: %q (%s)", what, lang, s, m.ID)
			}
		}
		if m.ID != msg.IDVerbatim && m.In(msg.TraditionalChinese) == m.String() {
			t.Errorf("%s: zh-TW is the English %q (%s)", what, m.String(), m.ID)
		}
	}
}

// TestWordingKept: the converted sentences read word for word as the records
// of earlier releases (certificates compare them).
func TestWordingKept(t *testing.T) {
	total, size := int64(5000), int64(100000)
	three := Expectation{Values: []byte{0x00, 0x00, 0xFF}}
	cases := []struct {
		got  msg.Message
		want string
	}{
		{Expectation{Changed: true}.Message(), "every sample must differ from its digest taken before the command"},
		{Expectation{Values: []byte{0x00}}.Message(), "every sample must read as 00h throughout, and no sample may still hold its data from before"},
		{three.Message(), "every sample must read as 00h or 00h or FFh throughout, and no sample may still hold its data from before"},
		{msg.New(msg.FirmwareFoundTwo, msg.New(msg.FirmwareMethodSampling, Subsections, SamplesPerSubsection, "0000000000000abc",
			2002, total, size, "5.0", three.Message()), "00", 3, "FF", 4),
			"NIST SP 800-88 Rev. 1 4.7 sampling: 1000 subsections, 2 pseudorandom non-overlapping samples in each " +
				"(seed 0000000000000abc) plus the first and last LBA, 2002 samples, 5000 of 100000 bytes (5.0%), read (O_DIRECT) before the command " +
				"(SHA-256 per sample) and again after it; " + three.String() + "; found: 00h in 3 samples FFh in 4 samples"},
		{msg.New(msg.FirmwarePasswordLeftAfter, `"wipestation"`, msg.New(msg.FirmwareStepFailed, "SECURITY ERASE UNIT"), Password, "/dev/sdz"),
			`THE DRIVE IS LEFT WITH THE USER PASSWORD "wipestation" SET (SECURITY ERASE UNIT failed); clear it with: hdparm --user-master u --security-disable wipestation /dev/sdz`},
		{msg.New(msg.FirmwareNVMeSanitizeOverwrite, 3, sanactName(3), "00000203"),
			"NVMe Sanitize (84h) SANACT=3 (overwrite) AUSE=0 NDAS=0 OWPASS=1 pattern 00000000h, CDW10=00000203h"},
		{msg.New(msg.UnfreezeRefused, msg.New(msg.UnfreezeOtherJobs, 2)),
			"--unfreeze: suspending the workstation would interrupt the other 2 jobs of this run: run the frozen drive on its own"},
	}
	for _, c := range cases {
		if s := c.got.String(); s != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.got.ID, s, c.want)
		}
		renders(t, string(c.got.ID), c.got)
	}
}
