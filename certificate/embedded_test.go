package certificate

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/wipestation/wipestation/internal/testutil"
)

// TestEmbeddedFonts: on a machine without a certificate font, an English
// certificate is drawn with the fonts built into the binary, names which it was
// drawn with, and verifies on a machine without a font as well; a zh-TW one is
// refused with the way to fix it, never drawn as code points.
func TestEmbeddedFonts(t *testing.T) {
	testutil.RequireCommand(t, "pdftotext", "pdfinfo")
	bare := &Certifier{Key: testKey(t), Now: fixedNow}
	rec := erasedRecord()
	rec.Details.Language = LangEnglish
	doc, err := bare.Render(rec)
	if err != nil {
		t.Fatalf("English certificate without a machine font: %v", err)
	}
	emb, err := EmbeddedFonts()
	if err != nil {
		t.Fatal(err)
	}
	// The keywords name the fonts a page was drawn with: the embedded ones here.
	if info := outputOf(t, doc.PDF, "pdfinfo"); !strings.Contains(info, "font:"+emb.regularID) || strings.Contains(info, "LXGW") {
		t.Errorf("document information:\n%s", info)
	}
	if text := outputOf(t, doc.PDF, "pdftotext", "-layout"); !strings.Contains(text, "ERASED") || !strings.Contains(text, rec.CertificateID) {
		t.Errorf("page text:\n%s", text)
	}
	for _, v := range []*Verifier{{Trusted: []string{bare.Key.Fingerprint()}}, {Trusted: []string{bare.Key.Fingerprint()}, Fonts: testFonts(t)}} {
		res, err := v.Verify(doc.PDF)
		if err != nil {
			t.Fatalf("verify (machine font %v): %v", v.Fonts != nil, err)
		}
		if !strings.Contains(res.Record.CertificateID, "WS-") {
			t.Errorf("record %+v", res.Record)
		}
	}

	zh := erasedRecord()
	zh.Details.Language = LangTraditionalChinese
	if _, err := bare.Render(zh); !errors.Is(err, ErrNoCJKFont) {
		t.Errorf("zh-TW without a CJK font: %v, want ErrNoCJKFont", err)
	}
	// A certificate drawn with the machine font cannot be checked without it.
	withFont := testCertifier(t)
	doc2, err := withFont.Render(rec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&Verifier{Trusted: []string{withFont.Key.Fingerprint()}}).Verify(doc2.PDF); !errors.Is(err, ErrNoFont) {
		t.Errorf("a machine-font certificate verified without that font: %v", err)
	}
}

func outputOf(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, append(args, "-", "-")...)
	if name == "pdfinfo" {
		cmd = exec.Command(name, "-")
	}
	cmd.Stdin = strings.NewReader(string(pdf))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}
