package certificate

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// asciiFonts can draw printable ASCII only: the marking rule without a font file.
func asciiFonts() *Fonts {
	c := new(coverage)
	for r := uint32(' '); r <= '~'; r++ {
		c.add(r)
	}
	return &Fonts{glyphs: c}
}

func TestPrintable(t *testing.T) {
	f := asciiFonts()
	tests := []struct {
		name, in, want string
	}{
		{"ascii as is", "Alex Chen", "Alex Chen"},
		{"outside the BMP", "Lin \U0002161A", "Lin [U+2161A]"},
		{"run in one bracket", "a\u05e9\u05dc\u05d5\u05dd b", "a[U+05E9 U+05DC U+05D5 U+05DD] b"},
		{"emoji sequence", "\U0001F469\u200d\U0001F4BB", "[U+1F469 U+200D U+1F4BB]"},
		{"control", "a\x07b\tc", "a[U+0007]b[U+0009]c"},
		{"not UTF-8", "a\xff\xfeb", "a[0xFF 0xFE]b"},
		{"truncated sequence", "ok\xe4\xb8", "ok[0xE4 0xB8]"},
		{"newline marked in a cell", "a\nb", "a[U+000A]b"},
		{"U+10000 exactly", "\U00010000", "[U+10000]"},
		{"not in the font", "\u6797", "[U+6797]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.printable(tt.in, false)
			if got != tt.want {
				t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := f.printable(got, false); again != got {
				t.Errorf("printable is not idempotent: %q then %q", got, again)
			}
		})
	}
	if got := f.printable("a\nb", true); got != "a\nb" {
		t.Errorf("printable kept no line break: %q", got)
	}
}

func TestRightToLeftMarkedEvenWithGlyphs(t *testing.T) {
	f := asciiFonts()
	for _, r := range "\u05e9\u0645\u0710" { // Hebrew, Arabic, Syriac
		f.glyphs.add(uint32(r))
		if f.drawable(r) {
			t.Errorf("%U drawn although fpdf would print it unshaped, left to right", r)
		}
	}
}

// names are strings from operators and devices in every script a name can be
// written in, with what a reader must find on the page for each.
var names = []struct {
	name, text, page string
}{
	{"CJK Extension B (Taiwanese name)", "林\U0002161A", "林[U+2161A]"},
	{"emoji", "Kim \U0001F600", "Kim[U+1F600]"},
	{"Arabic", "محمد", "[U+0645U+062DU+0645U+062F]"},
	{"Hebrew", "שלום", "[U+05E9U+05DCU+05D5U+05DD]"},
	{"Thai", "สมชาย", "[U+0E2AU+0E21U+0E0AU+0E32U+0E22]"},
	{"control characters", "A\x07B\x1b[2J", "A[U+0007]B[U+001B][2J"},
	{"zero-width joiner", "a\u200db", "a[U+200D]b"},
	{"Latin with accents", "José Müller-Łukasz", "JoséMüller-Łukasz"},
}

// TestAnyScriptCertifies: an operator name or asset tag in any script never
// fails or panics a certificate (it panicked in fpdf outside the BMP); what the
// font cannot draw is written as code points, a note says so, the file verifies
// and the record keeps the exact text.
func TestAnyScriptCertifies(t *testing.T) {
	c := testCertifier(t)
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for _, lang := range []string{LangEnglish, LangTraditionalChinese} {
		for _, n := range names {
			t.Run(lang+"/"+n.name, func(t *testing.T) {
				rec := erasedRecord()
				rec.Details.Language = lang
				rec.Details.Operator.Name = n.text
				rec.Details.AssetTag = n.text + "-0042"
				rec.Details.Validator.Name = n.text
				rec.Device.Model = n.text
				doc, err := c.Render(rec)
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				text := pageText(t, doc.PDF) // in drawing order: a wrapped value stays together
				if !strings.Contains(text, n.page) {
					t.Errorf("page lacks %q:\n%s", n.page, text)
				}
				marked := strings.Contains(n.page, "[U+")
				note := squash(c.mustLabels(t, lang).unrenderable)
				if strings.Contains(text, note) != marked {
					t.Errorf("note on code points printed = %v, want %v", !marked, marked)
				}
				var got wipe.Record
				if err := json.Unmarshal(doc.Record, &got); err != nil {
					t.Fatal(err)
				}
				if got.Details.Operator.Name != n.text || got.Details.AssetTag != n.text+"-0042" {
					t.Errorf("record holds %q / %q, want the exact text %q", got.Details.Operator.Name, got.Details.AssetTag, n.text)
				}
				if _, err := v.Verify(doc.PDF); err != nil {
					t.Errorf("Verify: %v", err)
				}
			})
		}
	}
}

func (c *Certifier) mustLabels(t *testing.T, lang string) *labels {
	t.Helper()
	l, err := labelsFor(lang)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// FuzzRender: no string from an operator or a device makes rendering panic or
// fail. Run it longer with: go test -fuzz FuzzRender ./certificate
func FuzzRender(f *testing.F) {
	for _, n := range names {
		f.Add(n.text, n.text+"-1", n.text)
	}
	f.Add("\xff\xfe\xfd", "\xe4\xb8", "\x00")
	f.Add(strings.Repeat("林\U0002161A ", 200), strings.Repeat("x", 500), strings.Repeat("\n", 80))
	f.Add("\U0010FFFF\uFFFF\uFFFE", "\u202e reversed", "\ufeff")
	fonts := testFonts(f)
	f.Fuzz(func(t *testing.T, name, tag, notes string) {
		// A drawing that does not end is a failure too: crash the worker so that
		// the fuzzer keeps the input.
		watchdog := time.AfterFunc(30*time.Second, func() { panic(fmt.Sprintf("render hangs on %q, %q, %q", name, tag, notes)) })
		defer watchdog.Stop()
		rec := erasedRecord()
		if len(notes)%2 == 1 {
			rec.Details.Language = LangTraditionalChinese
		}
		rec.Details.Operator.Name = name
		rec.Details.Operator.Title = notes
		rec.Details.AssetTag = tag
		rec.Details.Notes = notes
		rec.Details.Validator.Name = name
		rec.Device.Serial = tag
		rec.Sanitization.Details = append(rec.Sanitization.Details, msg.Verbatim(notes))
		rec.Exceptions = verbatims(name, notes)
		canonical, err := CanonicalRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		var parsed wipe.Record
		if err := json.Unmarshal(canonical, &parsed); err != nil {
			t.Fatal(err)
		}
		if _, err := render(fonts, renderInput{rec: &parsed, canonical: canonical, digest: RecordDigest(canonical), fingerprint: "ab"}); err != nil {
			t.Fatalf("render: %v", err)
		}
	})
}
