package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/digitorus/pdf"
)

// compareVisible draws the pages again from the record and compares what the
// file would show with what the record draws, as parsed PDF rather than bytes,
// so that another writer's number formatting, object numbering or compression
// does not matter while any change to what a reader sees does:
//
//   - every page's drawing operations with their operands, in order (text with
//     its position, font, size, colour and render mode; paths; the QR code);
//   - every resource they can use (fonts down to the decoded font program,
//     images and forms, graphics states, colour spaces), compared as decoded
//     values wherever they are stored, and the page's own attributes (boxes,
//     rotation, transparency group);
//   - no annotation other than the invisible certification widget, no form
//     field other than that signature, and no document-level entry the
//     renderer does not write (optional content, actions, JavaScript,
//     metadata), and the same document information (the title a viewer shows).
func (v *Verifier) compareVisible(rdr *pdf.Reader, sig pdf.Value, keywords string, in renderInput) error {
	fonts, err := v.fontsFor(keywords)
	if err != nil {
		return fmt.Errorf("check visible page: %w", err)
	}
	again, err := drawAgain(keyword(keywords, layoutKeyword), fonts, in)
	var ve *VerifyError
	if errors.As(err, &ve) {
		return err
	}
	if err != nil {
		return fmt.Errorf("check visible page: %w", err)
	}
	want, err := pdf.NewReader(bytes.NewReader(again), int64(len(again)))
	if err != nil {
		return fmt.Errorf("check visible page: read the page drawn again: %w", err)
	}
	if err := compareDrawn(rdr, want, sig); err != nil {
		return explainFonts(err, fonts, rdr, want, keywords)
	}
	return nil
}

// fontsFor is what a certificate is drawn again with: the embedded Go fonts when
// its keywords record them, else this machine's certificate font.
func (v *Verifier) fontsFor(keywords string) (*Fonts, error) {
	if emb, err := EmbeddedFonts(); err == nil && strings.TrimPrefix(keyword(keywords, fontKeyword), fontKeyword) == emb.regularID {
		return emb, nil
	}
	if v.Fonts == nil {
		return nil, ErrNoFont
	}
	return v.Fonts, nil
}

// compareDrawn compares the document and every page of got with want.
func compareDrawn(got, want *pdf.Reader, sig pdf.Value) error {
	if err := compareDocument(got, want, sig); err != nil {
		return err
	}
	if got.NumPage() != want.NumPage() {
		return bad(ProblemVisibleData, "%d pages, the record makes %d", got.NumPage(), want.NumPage())
	}
	for i := 1; i <= got.NumPage(); i++ {
		if err := comparePage(i, got.Page(i), want.Page(i), sig); err != nil {
			return err
		}
	}
	return nil
}

// explainFonts says why a page may differ when the verifying machine's font is
// not the one the certificate was drawn with: pages embed subsets of the font
// file they were drawn with, so another version of the font makes every page
// differ (the font programs, the fonts the keywords record, the glyph widths).
// The difference err stays a failure, since an embedded font program is part of
// what a reader sees (a glyph can be redrawn); when the font programs differ
// and the certificate records another font than this machine's, or none
// (layout 1), the message says which font the certificate was drawn with and
// which this machine has, then the first difference. Otherwise err is returned
// as it is.
func explainFonts(err error, fonts *Fonts, got, want *pdf.Reader, keywords string) error {
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Problem != ProblemVisibleData {
		return err
	}
	have := fonts.regularID
	if fonts.boldID != have {
		have += " and " + fonts.boldID
	}
	drawn := strings.TrimPrefix(keyword(keywords, fontKeyword), fontKeyword)
	if b := strings.TrimPrefix(keyword(keywords, boldFontKeyword), boldFontKeyword); b != drawn && b != "" {
		drawn += " and " + b
	}
	if drawn == have {
		return err
	}
	for i := 1; i <= min(got.NumPage(), want.NumPage()); i++ {
		if slices.Equal(fontPrograms(got.Page(i)), fontPrograms(want.Page(i))) {
			continue
		}
		if drawn == "" {
			return bad(ProblemVisibleData, "the certificate does not record which font it was drawn with (layout 1 certificates do not), and page %d's embedded font programs are not those this machine's font %s draws: check it where the issuing workstation's font is installed (the config file's font key or $%s); the first difference: %s", i, have, FontEnv, ve.Detail)
		}
		return bad(ProblemVisibleData, "this certificate was drawn with font %s, this machine has %s: check it where that font is installed (the config file's font key or $%s); the first difference: %s", drawn, have, FontEnv, ve.Detail)
	}
	return err
}

// fontPrograms are the font programs that the fonts of page p embed, as
// compared (canonical), sorted.
func fontPrograms(p pdf.Page) []string {
	fonts := pageAttr(p, "Resources").Key("Font")
	var out []string
	for _, k := range fonts.Keys() {
		f := fonts.Key(k)
		fd := f.Key("FontDescriptor")
		if fd.IsNull() {
			fd = f.Key("DescendantFonts").Index(0).Key("FontDescriptor")
		}
		for _, file := range []string{"FontFile", "FontFile2", "FontFile3"} {
			if prog := fd.Key(file); !prog.IsNull() {
				out = append(out, canonical(prog))
			}
		}
	}
	slices.Sort(out)
	return out
}

// signingEntries are the catalog entries that signing adds (signPDF).
var signingEntries = []string{"AcroForm", "Perms", "Version"}

// compareDocument checks the document-level entries: the catalog has only what
// the renderer and signing write, the name tree and document information are
// those the record makes, and the only form field is the signature.
func compareDocument(got, want *pdf.Reader, sig pdf.Value) error {
	gr, wr := got.Trailer().Key("Root"), want.Trailer().Key("Root")
	for _, k := range gr.Keys() {
		if wr.Key(k).IsNull() && !slices.Contains(signingEntries, k) && k != "Type" {
			return bad(ProblemVisibleData, "the document has a /%s entry that a certificate never has", k)
		}
	}
	for _, k := range []string{"Names", "Type"} {
		if g, w := canonical(gr.Key(k)), canonical(wr.Key(k)); g != w {
			return bad(ProblemVisibleData, "the document's /%s differs from the record's", k)
		}
	}
	if g, w := canonical(got.Trailer().Key("Info")), canonical(want.Trailer().Key("Info")); g != w {
		return bad(ProblemVisibleData, "the document information (title, subject, keywords) differs from the record's")
	}
	form := gr.Key("AcroForm")
	for _, k := range form.Keys() {
		if k != "Fields" && k != "SigFlags" {
			return bad(ProblemVisibleData, "the form has a /%s entry", k)
		}
	}
	if f := form.Key("Fields"); f.Len() != 1 || !isCertificationWidget(f.Index(0), sig) {
		return bad(ProblemVisibleData, "the document has form fields besides its signature")
	}
	return nil
}

// widgetEntries are all the entries the certification widget may have: no
// appearance, actions, kids or styles, which could draw or run something.
var widgetEntries = []string{"Type", "Subtype", "FT", "T", "V", "F", "Rect", "P"}

// isCertificationWidget reports whether annot is the signature field and widget
// signPDF writes: it holds sig, has no area and nothing besides widgetEntries.
func isCertificationWidget(annot, sig pdf.Value) bool {
	for _, k := range annot.Keys() {
		if !slices.Contains(widgetEntries, k) {
			return false
		}
	}
	r := annot.Key("Rect")
	return annot.Key("Subtype").Name() == "Widget" && annot.Key("FT").Name() == "Sig" &&
		annot.Key("V").GetPtr() == sig.GetPtr() &&
		r.Index(0).Float64() == r.Index(2).Float64() && r.Index(1).Float64() == r.Index(3).Float64()
}

// pageIgnored are the page entries compared otherwise (Contents, Annots) or
// not at all (Parent: the page tree's structure).
var pageIgnored = []string{"Parent", "Contents", "Annots"}

// inheritable are the page attributes a page may take from the page tree.
var inheritable = []string{"Resources", "MediaBox", "CropBox", "Rotate"}

func comparePage(n int, got, want pdf.Page, sig pdf.Value) error {
	annots := got.V.Key("Annots")
	for i := 0; i < annots.Len(); i++ {
		if !isCertificationWidget(annots.Index(i), sig) {
			return bad(ProblemVisibleData, "page %d carries a %s annotation that a certificate never has", n, annots.Index(i).Key("Subtype").Name())
		}
	}
	keys := append(got.V.Keys(), want.V.Keys()...)
	keys = append(keys, inheritable...)
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if slices.Contains(pageIgnored, k) {
			continue
		}
		g, w := pageAttr(got, k), pageAttr(want, k)
		if canonical(g) != canonical(w) {
			return bad(ProblemVisibleData, "page %d: its /%s differs from what the record draws", n, k)
		}
	}
	g, err := drawing(got)
	if err != nil {
		return bad(ProblemVisibleData, "page %d: %v", n, err)
	}
	w, err := drawing(want)
	if err != nil {
		return fmt.Errorf("check visible page: the page drawn again: %w", err)
	}
	for i := 0; i < max(len(g), len(w)); i++ {
		if i < len(g) && i < len(w) && g[i].canonical == w[i].canonical {
			continue
		}
		var gs, ws string = "nothing", "nothing"
		inQR := false
		if i < len(g) {
			gs, inQR = g[i].shown, g[i].inQR
		}
		if i < len(w) {
			ws, inQR = w[i].shown, inQR || w[i].inQR
		}
		if inQR {
			return bad(ProblemVisibleData, "page %d QR code does not encode the record's ID and digest", n)
		}
		return bad(ProblemVisibleData, "page %d, drawing operation %d: the file has %s where the record draws %s", n, i+1, gs, ws)
	}
	return nil
}

// pageAttr is the page's entry k, taken from the page tree for inheritable ones.
func pageAttr(p pdf.Page, k string) pdf.Value {
	v := p.V
	for depth := 0; depth < 32 && v.Kind() == pdf.Dict; depth++ {
		if x := v.Key(k); !x.IsNull() || !slices.Contains(inheritable, k) {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// operation is one content-stream operator with its operands.
type operation struct {
	canonical string // what is compared
	shown     string // for the message: text strings decoded
	inQR      bool   // inside the QR code's marked-content sequence
}

// qrTag is the name of the QR code's marked-content tag (qrMark).
var qrTag = strings.TrimSuffix(strings.TrimPrefix(qrMark, "/"), " BMC\n")

// drawing is every operation of the page's content streams, in order.
func drawing(p pdf.Page) (ops []operation, err error) {
	defer func() {
		// The content parser panics on what it cannot read.
		if r := recover(); r != nil {
			ops, err = nil, fmt.Errorf("unreadable content: %v", r)
		}
	}()
	inQR := false
	for _, s := range contentStreams(p) {
		if s.Kind() != pdf.Stream {
			return nil, fmt.Errorf("content is a %v, not a stream", s.Kind())
		}
		pdf.Interpret(s, func(stk *pdf.Stack, op string) {
			args := make([]pdf.Value, stk.Len())
			for i := len(args) - 1; i >= 0; i-- {
				args[i] = stk.Pop()
			}
			var c, shown strings.Builder
			for _, a := range args {
				c.WriteString(canonical(a) + " ")
				shown.WriteString(showOperand(a) + " ")
			}
			c.WriteString(op)
			shown.WriteString(op)
			if op == "BMC" && len(args) == 1 && args[0].Name() == qrTag {
				inQR = true
			}
			ops = append(ops, operation{canonical: c.String(), shown: "`" + shown.String() + "`", inQR: inQR})
			if op == "EMC" {
				inQR = false
			}
		})
	}
	return ops, nil
}

// contentStreams are the page's content streams, in order.
func contentStreams(p pdf.Page) []pdf.Value {
	c := p.V.Key("Contents")
	if c.Kind() != pdf.Array {
		return []pdf.Value{c}
	}
	out := make([]pdf.Value, c.Len())
	for i := range out {
		out[i] = c.Index(i)
	}
	return out
}

// canonicalIgnored are keys that do not change what is drawn: how a stream is
// stored (compared decoded), the page tree's back links, and the font family
// that signing adds for validators (signPDF).
var canonicalIgnored = []string{"Length", "Filter", "DecodeParms", "Parent", "FontFamily"}

// canonical is v as a string that two PDF writers agree on when the value they
// stored means the same: references followed, dictionaries sorted, numbers
// normalized, strings in hex, streams by the SHA-256 of their decoded data.
func canonical(v pdf.Value) string {
	var b strings.Builder
	writePDFValue(&b, v, 0, true, 0)
	return b.String()
}

// maxDepth bounds how deep canonical follows nested values (a cycle or a
// hostile file).
const maxDepth = 24

// showOperand is an operand for a message: strings as the text they draw
// (fpdf writes UTF-16BE), everything else as compared.
func showOperand(v pdf.Value) string {
	switch v.Kind() {
	case pdf.String:
		return strconv.Quote(string(decodeUTF16(v.RawString())))
	case pdf.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = showOperand(v.Index(i))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return canonical(v)
}

func decodeUTF16(raw string) []rune {
	if len(raw)%2 != 0 {
		return []rune(raw)
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return utf16.Decode(u)
}
