package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/digitorus/pdf"

	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

// pageContent is a page's text, as the tests read it.
type pageContent struct {
	text string // every string drawn, in order, without white space
}

// pagesContent reads the text that every page of doc draws (Tj and TJ strings,
// UTF-16BE as fpdf writes them), without white space.
func pagesContent(doc []byte) ([]pageContent, error) {
	rdr, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		return nil, err
	}
	out := make([]pageContent, rdr.NumPage())
	for i := range out {
		p := rdr.Page(i + 1)
		var text strings.Builder
		add := func(v pdf.Value) {
			for _, r := range decodeUTF16(v.RawString()) {
				if !unicode.IsSpace(r) {
					text.WriteRune(r)
				}
			}
		}
		for _, s := range contentStreams(p) {
			pdf.Interpret(s, func(stk *pdf.Stack, op string) {
				switch op {
				case "Tj":
					add(stk.Pop())
				case "TJ":
					arr := stk.Pop()
					for i := 0; i < arr.Len(); i++ {
						add(arr.Index(i))
					}
				}
				for stk.Len() > 0 {
					stk.Pop()
				}
			})
		}
		out[i] = pageContent{text: text.String()}
	}
	return out, nil
}

// editPDF appends an unsigned incremental update to doc, as an insider holding
// the genuine key would before signing: edit gets the first free object number
// and returns new entries for page 1 and the catalog (PDF syntax) and new
// objects, numbered from first on.
func editPDF(t *testing.T, doc []byte, edit func(first uint32, page pdf.Page) (pageSet, catalogSet map[string]string, objs []string)) []byte {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	prev, err := lastStartXref(doc)
	if err != nil {
		t.Fatal(err)
	}
	tr := rdr.Trailer()
	first := uint32(tr.Key("Size").Int64())
	pageSet, catalogSet, objs := edit(first, rdr.Page(1))
	u := &increment{}
	u.b.Write(doc)
	for i, o := range objs {
		u.begin(first+uint32(i), 0)
		u.b.WriteString(o)
		u.end()
	}
	if pageSet != nil {
		u.rewrite(rdr.Page(1).V, pageSet)
	}
	if catalogSet != nil {
		u.rewrite(tr.Key("Root"), catalogSet)
	}
	u.finish(tr, first+uint32(len(objs)), prev)
	return u.b.Bytes()
}

// pageOneContent is page 1's content, decoded and joined.
func pageOneContent(t *testing.T, doc []byte) string {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range contentStreams(rdr.Page(1)) {
		rc := s.Reader()
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

func streamObj(content string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
}

// TestVerifyInsiderEdits: with the genuine key, an insider edits a NOT ERASED
// report so that it looks like a certificate of erasure while every string of
// text stays as the record has it, and signs it. Each edit is refused as a
// visible difference.
func TestVerifyInsiderEdits(t *testing.T) {
	c := testCertifier(t)
	rec := failedRecord()
	unsigned := renderUnsigned(t, c, rec)
	content := pageOneContent(t, unsigned)
	const red, green = "0.690 0.118 0.118 rg", "0.106 0.431 0.227 rg"
	notErased := fmt.Sprintf("(%s)Tj", utf16BE("NOT ERASED")) // fpdf writes literal UTF-16BE strings
	if !strings.Contains(content, red) || !strings.Contains(content, notErased) {
		t.Fatalf("the report's banner is not drawn as this test expects:\n%.2000s", content)
	}
	// The banner, as an overlay: a green box with the word ERASED, drawn in the
	// page's own font.
	font := ""
	for _, f := range rdr(t, unsigned).Page(1).Fonts() {
		font = f
	}
	overlay := fmt.Sprintf("%s 39.69 700 515.9 34 re f BT /%s 17 Tf 1 g 51.02 712.07 Td <%x>Tj ET", green, font, string(utf16BE("ERASED")))
	newContent := func(s string) func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
		return func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			return map[string]string{"Contents": fmt.Sprintf("%d 0 R", first)}, nil, []string{streamObj(s)}
		}
	}
	cases := []struct {
		name string
		edit func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string)
	}{
		{"banner recoloured green", newContent(strings.Replace(content, red, green, 1))},
		{"NOT ERASED drawn invisible (render mode 3)", newContent(strings.Replace(content, notErased, "3 Tr "+notErased+" 0 Tr", 1))},
		// The word NOT painted over in the banner's colour: the banner reads ERASED.
		{"NOT painted over", newContent(content + "\nq " + red + " 50.5 708 42 17 re f Q")},
		{"overlay form XObject", func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			form := fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font %s >> /Length %d >>\nstream\n%s\nendstream", fontsOf(p), len(overlay), overlay)
			return map[string]string{
				"Contents":  fmt.Sprintf("[%s %d 0 R]", ref(p.V.Key("Contents")), first+1),
				"Resources": fmt.Sprintf("<< /Font %s /XObject << /Ov %d 0 R >> >>", fontsOf(p), first),
			}, nil, []string{form, streamObj("q /Ov Do Q")}
		}},
		{"annotation over the banner", func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			return map[string]string{"Annots": fmt.Sprintf("[%d 0 R]", first)}, nil, []string{
				"<< /Type /Annot /Subtype /Square /Rect [39.69 700 555.59 734] /IC [0.106 0.431 0.227] /C [0.106 0.431 0.227] /F 4 >>"}
		}},
		{"banner hidden by optional content", func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			hidden := strings.Replace(content, notErased, "/OC /oc1 BDC "+notErased+" EMC", 1)
			return map[string]string{
					"Contents":  fmt.Sprintf("%d 0 R", first+1),
					"Resources": fmt.Sprintf("<< /Font %s /Properties << /oc1 %d 0 R >> >>", fontsOf(p), first),
				}, map[string]string{"OCProperties": fmt.Sprintf("<< /OCGs [%d 0 R] /D << /OFF [%d 0 R] >> >>", first, first)},
				[]string{"<< /Type /OCG /Name (banner) >>", streamObj(hidden)}
		}},
		{"banner cropped away", func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			return map[string]string{"CropBox": "[0 0 595.28 690]"}, nil, nil
		}},
		{"JavaScript run on opening", func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
			return nil, map[string]string{"OpenAction": "<< /S /JavaScript /JS (app.alert\\('ERASED'\\)) >>"}, nil
		}},
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forged := mustSign(t, c.Key, rec, editPDF(t, unsigned, tc.edit))
			if _, err := pdf.NewReader(bytes.NewReader(forged), int64(len(forged))); err != nil {
				t.Fatalf("the forgery does not parse: %v", err)
			}
			_, err := v.Verify(forged)
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.Problem != ProblemVisibleData {
				t.Fatalf("Verify = %v, want %q", err, ProblemVisibleData)
			}
			t.Log(err)
		})
	}
}

// TestVerifyIgnoresFormatting: the same certificate rewritten by another PDF
// writer (qpdf: other object numbers, uncompressed streams, content streams
// re-tokenized) and signed is still the same page.
func TestVerifyIgnoresFormatting(t *testing.T) {
	testutil.RequireCommand(t, "qpdf")
	c := testCertifier(t)
	rec := erasedRecord()
	unsigned := renderUnsigned(t, c, rec)
	in := writeTemp(t, "in.pdf", unsigned)
	out := filepath.Join(t.TempDir(), "out.pdf")
	if b, err := exec.Command("qpdf", "--object-streams=disable", "--stream-data=uncompress", "--normalize-content=y", "--qdf", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	rewritten, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(pageOneContentBytes(t, rewritten), pageOneContentBytes(t, unsigned)) {
		t.Fatal("qpdf left the content stream as it was: this test compares nothing")
	}
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	if _, err := v.Verify(mustSign(t, c.Key, rec, rewritten)); err != nil {
		t.Fatalf("Verify(rewritten by qpdf) = %v", err)
	}
}

func pageOneContentBytes(t *testing.T, doc []byte) []byte { return []byte(pageOneContent(t, doc)) }

func rdr(t *testing.T, doc []byte) *pdf.Reader {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func fontsOf(p pdf.Page) string {
	res := p.Resources()
	ptr := res.GetPtr()
	var b bytes.Buffer
	writeValue(&b, ptr.GetID(), res.Key("Font"))
	return b.String()
}

func utf16BE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// renderUnsigned is rec's certificate as Certifier.Render draws it, before signing.
func renderUnsigned(t *testing.T, c *Certifier, rec *wipe.Record) []byte {
	t.Helper()
	return mustRender(t, c.Fonts, rec, rec, c.Key.Fingerprint(), false)
}

// TestVerifyIssuedBefore: every certificate in testdata/issued, issued by an
// earlier release or by the current layout (TestWriteIssued), verifies with
// this version, with its kind, signer and layout. Layout 1 (release 2026-12)
// was signed by pdfsign: an approval signature, no widget on the page, PDF 1.5
// declared, not certified against changes.
func TestVerifyIssuedBefore(t *testing.T) {
	c := testCertifier(t)
	v := &Verifier{Trusted: []string{c.Key.Fingerprint()}, Fonts: c.Fonts}
	type issued struct {
		kind      Kind
		layout    string
		certified bool
	}
	files := map[string]issued{
		"release-2026-12-erased-en.pdf":         {KindSanitization, "wipestation-layout/1", false},
		"release-2026-12-failed-en.pdf":         {KindNotErased, "wipestation-layout/1", false},
		"release-2026-12-erased-zh-TW.pdf":      {KindSanitization, "wipestation-layout/1", false},
		"wipestation-layout-2-erased-en.pdf":    {KindSanitization, "wipestation-layout/2", true},
		"wipestation-layout-2-erased-zh-TW.pdf": {KindSanitization, "wipestation-layout/2", true},
		"wipestation-layout-2-failed-en.pdf":    {KindNotErased, "wipestation-layout/2", true},
		"wipestation-layout-2-failed-zh-TW.pdf": {KindNotErased, "wipestation-layout/2", true},
	}
	names, err := filepath.Glob(filepath.Join("testdata", "issued", "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		want, ok := files[name]
		if !ok {
			t.Errorf("%s is not listed in this test", path)
			continue
		}
		delete(files, name)
		t.Run(name, func(t *testing.T) {
			res, err := v.VerifyFile(path)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got := (issued{res.Kind, res.Layout, res.Certified}); got != want || res.Fingerprint != c.Key.Fingerprint() {
				t.Errorf("got %+v signed by %s, want %+v signed by %s", got, res.Fingerprint, want, c.Key.Fingerprint())
			}
		})
	}
	for name := range files {
		t.Errorf("testdata/issued/%s is missing (go test ./certificate -run TestWriteIssued -write-issued writes the current layout's)", name)
	}
}

// TestCertificationWidget: the one annotation a certificate may carry is the
// invisible signature widget with nothing that could draw or run.
func TestCertificationWidget(t *testing.T) {
	c := testCertifier(t)
	unsigned := renderUnsigned(t, c, erasedRecord())
	widgets := []struct {
		name string
		dict string // %[1]d is the signature's object number
		ok   bool
	}{
		{"as signed", "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V %[1]d 0 R /F 132 /Rect [0 0 0 0] >>", true},
		{"another signature", "<< /Type /Annot /Subtype /Widget /FT /Sig /V %[1]d 1 R /Rect [0 0 0 0] >>", false},
		{"with an area", "<< /Type /Annot /Subtype /Widget /FT /Sig /V %[1]d 0 R /Rect [40 700 555 734] >>", false},
		{"with an appearance", "<< /Type /Annot /Subtype /Widget /FT /Sig /V %[1]d 0 R /Rect [0 0 0 0] /AP << /N %[1]d 0 R >> >>", false},
		{"with an action", "<< /Type /Annot /Subtype /Widget /FT /Sig /V %[1]d 0 R /Rect [0 0 0 0] /AA << /PO << /S /JavaScript /JS (x) >> >> >>", false},
		{"a text field", "<< /Type /Annot /Subtype /Widget /FT /Tx /V (ERASED) /Rect [0 0 0 0] >>", false},
	}
	doc := editPDF(t, unsigned, func(first uint32, p pdf.Page) (map[string]string, map[string]string, []string) {
		objs := []string{"<< /Type /Sig >>"}
		var refs []string
		for i, w := range widgets {
			objs = append(objs, fmt.Sprintf(w.dict, first))
			refs = append(refs, fmt.Sprintf("%d 0 R", first+1+uint32(i)))
		}
		return nil, map[string]string{"Widgets": "[" + strings.Join(refs, " ") + "]", "Sig": fmt.Sprintf("%d 0 R", first)}, objs
	})
	root := rdr(t, doc).Trailer().Key("Root")
	for i, w := range widgets {
		if got := isCertificationWidget(root.Key("Widgets").Index(i), root.Key("Sig")); got != w.ok {
			t.Errorf("%s: accepted %v, want %v", w.name, got, w.ok)
		}
	}
}
