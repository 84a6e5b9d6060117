package certificate

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// LayoutVersion names the page layout. `cert verify` renders the page again from
// the embedded record with the layout the certificate names (Verifier.drawAgain)
// and compares; it refuses to compare against a layout it does not know rather
// than report a false mismatch. Any change to what this file, labels.go,
// format.go, zhtw.go or glyphs.go draw needs a new version, with the old layout
// frozen (TestLayoutDigests fails until then; docs/certificate.md, "Layout
// versions"). Layout 2: "Page n of N", media destination beside the media, pass
// lists and long exception lists condensed, characters the fonts cannot draw
// written as [U+XXXX], destruction and backup wording that says what was done,
// the fonts named in the keywords.
const LayoutVersion = "wipestation-layout/2"

// Page geometry of an A4 certificate, in millimetres.
const (
	marginL   = 14.0
	marginT   = 11.0
	contentW  = 182.0
	colGap    = 6.0
	colW      = (contentW - colGap) / 2
	footerTop = 282.0
	qrSize    = 27.0
	lineH     = 3.9
	labelW    = 30.0
	// signGap and dateGap are the room above the lines to sign and date on.
	signGap   = 4.5
	dateGap   = 3.5
	wideLabel = 44.0
)

// Colours (RGB) of the result banner and the headings.
var (
	colErased    = [3]int{0x1b, 0x6e, 0x3a}
	colDestroyed = [3]int{0x24, 0x3b, 0x6b}
	colNotErased = [3]int{0xb0, 0x1e, 0x1e}
	colHeading   = [3]int{0x24, 0x3b, 0x6b}
	colLabel     = [3]int{0x5a, 0x5a, 0x5a}
)

// renderInput is everything a page is drawn from. rec must be the record parsed
// back from canonical, so that issuing and verifying draw from identical values.
type renderInput struct {
	rec         *wipe.Record
	canonical   []byte
	digest      string
	fingerprint string
	// qrOverride replaces the QR code's payload (tests of the visible check only).
	qrOverride string
}

// qrPayload is the text of the QR code: the certificate ID and record digest.
func qrPayload(id, digest string) string {
	return "wipestation certificate " + id + "\nrecord sha256:" + digest
}

type page struct {
	pdf   *fpdf.Fpdf
	l     *labels
	fonts *Fonts
	id    string // the certificate ID as printed
	total int    // pages in the document
	// marked is set once a string had characters the fonts cannot draw.
	marked bool
}

// render draws the unsigned certificate PDF. The output is byte-reproducible for
// the same input: the dates come from the record and the catalogue is sorted.
// Pages are numbered "Page n of N", so the page is drawn again when the first
// drawing shows that it needs more than one page or has characters its fonts
// cannot draw (which adds a note): the layout does not depend on the numbers, so
// the second drawing has as many pages as the first (a third covers the note).
// Any string is drawn or marked (glyphs.go); a panic inside the PDF library is
// returned as an error, never passed on to the job.
func render(fonts *Fonts, in renderInput) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("render certificate %s: internal error: %v", fonts.printable(in.rec.CertificateID, false), r)
		}
	}()
	total, marked := 1, false
	for range 3 {
		p, err := draw(fonts, in, total, marked)
		if err != nil {
			return nil, err
		}
		if p.pdf.PageNo() == total && p.marked == marked {
			var buf bytes.Buffer
			if err := p.pdf.Output(&buf); err != nil {
				return nil, fmt.Errorf("write certificate %s: %w", p.id, err)
			}
			return buf.Bytes(), nil
		}
		total, marked = p.pdf.PageNo(), p.marked
	}
	return nil, fmt.Errorf("render certificate %s: the page count does not settle", fonts.printable(in.rec.CertificateID, false))
}

// draw lays the certificate out on total pages, with the note on characters that
// cannot be drawn when note is set.
func draw(fonts *Fonts, in renderInput, total int, note bool) (*page, error) {
	rec := in.rec
	l, err := labelsFor(rec.Details.Language)
	if err != nil {
		return nil, err
	}
	erasure, whyNot := IsErasure(rec)

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("body", "", fonts.regular)
	pdf.AddUTF8FontFromBytes("body", "B", fonts.bold)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("load font %s: %w", fonts.RegularPath, err)
	}
	// Metadata goes through the same filter as the page: fpdf encodes it as
	// UTF-16 only for the Basic Multilingual Plane.
	meta := func(s string) string { return fonts.printable(s, false) }
	id := meta(rec.CertificateID)
	stamp := rec.Finished
	if stamp.IsZero() {
		stamp = rec.Started
	}
	if stamp.IsZero() {
		stamp = time.Unix(0, 0).UTC()
	}
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	title := l.titleErasure
	if !erasure {
		title = l.titleReport
	}
	pdf.SetTitle(title+" "+id, true)
	pdf.SetSubject(l.subtitle, true)
	pdf.SetAuthor(meta(rec.Details.Operator.Name), true)
	pdf.SetCreator(meta(rec.Tool+" "+rec.ToolVersion), true)
	pdf.SetProducer("wipestation", true)
	pdf.SetKeywords(LayoutVersion+" record-sha256:"+in.digest+" "+fonts.fontKeywords(), true)
	pdf.SetAttachments([]fpdf.Attachment{{
		Content:     in.canonical,
		Filename:    attachmentName,
		Description: "wipestation job record " + id,
	}})
	pdf.SetMargins(marginL, marginT, marginL)
	pdf.SetAutoPageBreak(false, 0)

	p := &page{pdf: pdf, l: l, fonts: fonts, id: id, total: total}
	pdf.SetFooterFunc(func() { p.footer(in) })
	pdf.AddPage()

	payload := qrPayload(rec.CertificateID, in.digest)
	if in.qrOverride != "" {
		payload = in.qrOverride
	}
	p.header(title, payload)
	p.banner(rec, erasure, whyNot)
	p.body(rec, erasure, whyNot, note)

	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render certificate %s: %w", id, err)
	}
	return p, nil
}

func (p *page) color(c [3]int) { p.pdf.SetTextColor(c[0], c[1], c[2]) }

func (p *page) labelFont() {
	p.pdf.SetFont("body", "", 7.5)
	p.color(colLabel)
}

func (p *page) valueFont() {
	p.pdf.SetFont("body", "", 8.8)
	p.pdf.SetTextColor(0, 0, 0)
}

// clean is s as the page can print it (Fonts.printable), noting when a
// character had to be written as its code point.
func (p *page) clean(s string, keepNewlines bool) string {
	c := p.fonts.printable(s, keepNewlines)
	if c != s {
		p.marked = true
	}
	return c
}

// cell draws s at (x, y) in a cell w wide and h high: every string reaches the
// page through here or through split.
func (p *page) cell(x, y, w, h float64, s, align string) {
	p.pdf.SetXY(x, y)
	p.pdf.CellFormat(w, h, p.clean(s, false), "", 0, align, false, 0, "")
}

func (p *page) text(x, y, w float64, s, align string) { p.cell(x, y, w, lineH, s, align) }

// header draws the title, certificate ID and the QR code.
func (p *page) header(title, payload string) {
	pdf := p.pdf
	pdf.SetFont("body", "B", 19)
	p.color(colHeading)
	p.cell(marginL, marginT+1, contentW-qrSize-4, 9, title, "L")
	p.labelFont()
	p.text(marginL, marginT+11, contentW-qrSize-4, p.l.subtitle, "L")
	pdf.SetFont("body", "", 9)
	pdf.SetTextColor(0, 0, 0)
	p.text(marginL, marginT+18, 30, p.l.certID, "L")
	pdf.SetFont("body", "B", 12)
	p.cell(marginL+30, marginT+17.3, 90, 5.5, p.id, "L")
	drawQR(pdf, marginL+contentW-qrSize, marginT-1, qrSize, payload)
	pdf.SetY(marginT + 27)
}

// banner states the result so that nobody can misread it.
func (p *page) banner(rec *wipe.Record, erasure bool, whyNot *msg.Message) {
	pdf, l := p.pdf, p.l
	word, col := l.bannerNotErased, colNotErased
	switch {
	case erasure && rec.Status == wipe.StatusDestroyed && rec.Sanitization.Technique == "Degauss":
		word, col = l.bannerDegaussed, colDestroyed
	case erasure && rec.Status == wipe.StatusDestroyed:
		word, col = l.bannerDestroyed, colDestroyed
	case erasure:
		word, col = l.bannerErased, colErased
	}
	y := pdf.GetY()
	pdf.SetFillColor(col[0], col[1], col[2])
	pdf.Rect(marginL, y, contentW, 12, "F")
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont("body", "B", 17)
	p.cell(marginL+3, y+1.5, 80, 9, word, "L")
	var summary string
	if erasure {
		summary = l.word(string(rec.Sanitization.Class))
		if rec.Sanitization.Technique != "" {
			summary += " · " + l.word(rec.Sanitization.Technique)
		}
		if rec.Verification.Verified {
			summary += " · " + l.verified(rec)
		}
	} else {
		summary = l.statusWord[string(rec.Status)]
		if summary == "" {
			summary = string(rec.Status)
		}
	}
	pdf.SetFont("body", "B", 10.5)
	p.cell(marginL+80, y+1.5, contentW-83, 9, summary, "R")
	pdf.SetY(y + 14)
	if !erasure && whyNot != nil {
		pdf.SetFont("body", "B", 9)
		p.color(colNotErased)
		for _, line := range p.split(l.reason+l.colon+whyNot.In(l.lang), contentW) {
			p.text(marginL, pdf.GetY(), contentW, line, "L")
			pdf.SetY(pdf.GetY() + lineH)
		}
		pdf.SetY(pdf.GetY() + 1.5)
	}
}

// section draws a heading across a column and returns the y below it.
func (p *page) section(x, y, w float64, title string) float64 {
	pdf := p.pdf
	pdf.SetFont("body", "B", 10)
	p.color(colHeading)
	p.cell(x, y, w, 5.5, title, "L")
	pdf.SetDrawColor(colHeading[0], colHeading[1], colHeading[2])
	pdf.SetLineWidth(0.3)
	pdf.Line(x, y+5.8, x+w, y+5.8)
	return y + 7
}

// rowHeight is the height row would take.
func (p *page) rowHeight(w, lw float64, label, value string) float64 {
	p.labelFont()
	nl := len(p.split(label, lw))
	p.valueFont()
	nv := len(p.columnLines(value, w-lw))
	return float64(max(nl, nv, 1)) * lineH
}

// columnLines is value wrapped to w for a row of a column (the people, the
// media, the signatures), which do not flow onto another page: past
// columnRows lines the page says that the rest is in record.json.
func (p *page) columnLines(value string, w float64) []string {
	const columnRows = 6
	lines := p.split(value, w)
	if len(lines) <= columnRows {
		return lines
	}
	return append(lines[:columnRows-1:columnRows-1], p.split(p.l.moreText, w)...)
}

// row draws a label and its wrapped value at (x, y) and returns the y below it.
func (p *page) row(x, y, w, lw float64, label, value string) float64 {
	p.labelFont()
	labelLines := p.split(label, lw)
	for i, s := range labelLines {
		p.text(x, y+float64(i)*lineH+0.3, lw, s, "L")
	}
	p.valueFont()
	valueLines := p.columnLines(value, w-lw)
	for i, s := range valueLines {
		p.text(x+lw, y+float64(i)*lineH, w-lw, s, "L")
	}
	return y + float64(max(len(labelLines), len(valueLines), 1))*lineH
}

// keepRows is the most lines a row may have and still move to the next page as
// a whole; a longer row flows on, its label repeated on the new page.
const keepRows = 4

// fullRow draws a full-width row, starting a new page when it would not fit.
func (p *page) fullRow(label, value string) {
	pdf := p.pdf
	p.labelFont()
	labelLines := p.split(label, wideLabel)
	p.valueFont()
	valueLines := p.split(value, contentW-wideLabel)
	n := max(len(labelLines), len(valueLines), 1)
	if n <= keepRows {
		p.ensure(float64(n) * lineH)
	}
	for i := range n {
		top := p.ensure(lineH)
		y := pdf.GetY()
		p.labelFont()
		switch {
		case i < len(labelLines):
			p.text(marginL, y+0.3, wideLabel, labelLines[i], "L")
		case top:
			p.text(marginL, y+0.3, wideLabel, labelLines[0]+p.l.continued, "L")
		}
		if i < len(valueLines) {
			p.valueFont()
			p.text(marginL+wideLabel, y, contentW-wideLabel, valueLines[i], "L")
		}
		pdf.SetY(y + lineH)
	}
}

// ensure starts a new page when h more millimetres would run into the footer,
// and says whether it did.
func (p *page) ensure(h float64) bool {
	if p.pdf.GetY()+h > footerTop-2 {
		p.pdf.AddPage()
		p.pdf.SetY(marginT)
		return true
	}
	return false
}

type kv struct{ label, value string }

func (p *page) column(x, y float64, title string, rows []kv) float64 {
	y = p.section(x, y, colW, title)
	for _, r := range rows {
		y = p.row(x, y, colW, labelW, r.label, r.value)
	}
	return y
}

func (p *page) body(rec *wipe.Record, erasure bool, whyNot *msg.Message, note bool) {
	pdf, l := p.pdf, p.l
	d := rec.Details
	or := l.orNone

	// Appendix G "Person performing sanitization" and the job's facts on the left;
	// "Media information" on the right.
	y0 := pdf.GetY()
	yl := p.column(marginL, y0, l.secPerson, []kv{
		{l.name, or(d.Operator.Name)},
		{l.title, or(d.Operator.Title)},
		{l.organization, or(d.Operator.Organization)},
		{l.location, or(d.Operator.Location)},
		{l.phone, or(d.Operator.Phone)},
	})
	yl = p.column(marginL, yl+2, l.secJob, []kv{
		{l.started, or(formatTime(rec.Started))},
		{l.finished, or(formatTime(rec.Finished))},
		{l.duration, l.formatDuration(rec.DurationSeconds)},
		{l.host, or(rec.Host)},
	})
	backedUp, backupLoc := l.backup(rec)
	xr := marginL + colW + colGap
	yr := p.column(xr, y0, l.secMedia, []kv{
		{l.vendor, or(rec.Device.Vendor)},
		{l.model, or(rec.Device.Model)},
		{l.serial, or(serial(rec.Device))},
		{l.assetTag, or(d.AssetTag)},
		{l.mediaType, l.describeMedia(rec.Device)},
		{l.source, or(d.Source)},
		{l.classification, or(d.Classification)},
		{l.backedUp, backedUp},
		{l.backupLocation, or(backupLoc)},
	})
	// Appendix G "Media destination" under the media it is about.
	dest := []kv{{l.destination, or(l.word(d.Destination))}}
	if d.DestinationDetails != "" {
		dest = append(dest, kv{l.destinationDetails, d.DestinationDetails})
	}
	yr = p.column(xr, yr+2, l.secDestination, dest)
	pdf.SetY(max(yl, yr) + 2)

	// Appendix G "Sanitization details", full width.
	s := rec.Sanitization
	pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secSanitization))
	p.fullRow(l.methodType, or(l.word(string(s.Class))))
	p.fullRow(l.methodUsed, or(l.word(s.Technique)))
	p.fullRow(l.method, or(l.methodName(s.MethodID, s.MethodName)))
	p.fullRow(l.methodDetails, or(strings.Join(l.methodDetailLines(s.Details), "\n")))
	if s.Fallback != nil {
		p.fullRow(l.fallback, s.Fallback.In(l.lang))
	}
	if s.HiddenArea != nil {
		p.fullRow(l.hiddenArea, l.hidden(s.HiddenArea))
	}
	p.fullRow(l.tool, or(strings.TrimSpace(rec.Tool+" "+rec.ToolVersion)))
	p.fullRow(l.bytesWritten, l.exactBytes(rec.BytesWritten))
	p.fullRow(l.verifyMethod, or(l.verificationMethod(rec.Verification)))
	p.fullRow(l.verifyResult, l.verificationResult(rec))
	p.fullRow(l.postClassification, or(d.PostClassification))
	standards := s.Standards
	if len(standards) == 0 {
		standards = d.Standards
	}
	p.fullRow(l.standards, or(strings.Join(standards, "; ")))
	p.fullRow(l.notes, or(d.Notes))

	// Exceptions: everything that is not a clean pass. Their last lines, the note
	// on undrawable characters and the signatures stay together: a signature is
	// never alone on a page.
	var lines []string
	exc := l.exceptions(rec, whyNot)
	if len(exc) == 0 {
		exc = []string{l.none}
	}
	p.valueFont()
	for _, e := range exc {
		lines = append(lines, p.split(e, contentW)...)
	}
	tail := 3 + p.signaturesHeight(rec, erasure)
	if note {
		tail += 2 + p.noteHeight()
	}
	keep := min(len(lines), keepRows)
	pdf.SetY(pdf.GetY() + 2)
	if keep == len(lines) {
		p.ensure(7 + float64(keep)*lineH + tail)
	} else {
		p.ensure(7 + lineH)
	}
	pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secExceptions))
	for i, line := range lines {
		need := lineH
		if i == len(lines)-keep {
			need = float64(keep)*lineH + tail
		}
		if p.ensure(need) {
			pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secExceptions+l.continued))
		}
		p.valueFont()
		p.text(marginL, pdf.GetY(), contentW, line, "L")
		pdf.SetY(pdf.GetY() + lineH)
	}
	if note {
		pdf.SetY(pdf.GetY() + 2)
		p.unrenderableNote()
	}
	p.signatures(rec, erasure)
}

// noteFont is the font of the note on characters that cannot be drawn.
func (p *page) noteFont() {
	p.pdf.SetFont("body", "", 7.5)
	p.color(colLabel)
}

func (p *page) noteHeight() float64 {
	p.noteFont()
	return float64(len(p.split(p.l.unrenderable, contentW))) * lineH
}

// unrenderableNote explains the code points in brackets.
func (p *page) unrenderableNote() {
	p.noteFont()
	for _, line := range p.split(p.l.unrenderable, contentW) {
		p.text(marginL, p.pdf.GetY(), contentW, line, "L")
		p.pdf.SetY(p.pdf.GetY() + lineH)
	}
}

// signaturesHeight is the height signatures takes.
func (p *page) signaturesHeight(rec *wipe.Record, erasure bool) float64 {
	attest := p.l.attestation
	if !erasure {
		attest = p.l.attestationReport
	}
	p.pdf.SetFont("body", "", 8.3)
	left := float64(len(p.split(attest, colW)))*lineH + 1 +
		p.rowHeight(colW, labelW, p.l.printedName, p.l.orNone(rec.Details.Operator.Name))
	right := 0.0
	for _, r := range p.validatorRows(rec.Details.Validator) {
		if r.value == "" {
			right += lineH
			continue
		}
		right += p.rowHeight(colW, labelW, r.label, r.value)
	}
	return 7 + max(left, right) + signGap + lineH + dateGap + lineH
}

func (p *page) validatorRows(v wipe.Person) []kv {
	l := p.l
	return []kv{
		{l.name, v.Name}, {l.title, v.Title}, {l.organization, v.Organization},
		{l.location, v.Location}, {l.phone, v.Phone},
	}
}

// signatures draws Appendix G "Signature" (the technician) and "Validation" side
// by side, with lines to sign on paper. body has made room for it.
func (p *page) signatures(rec *wipe.Record, erasure bool) {
	pdf, l := p.pdf, p.l
	pdf.SetY(pdf.GetY() + 3)
	y0 := pdf.GetY()
	attest := l.attestation
	if !erasure {
		attest = l.attestationReport
	}
	y := p.section(marginL, y0, colW, l.secSignature)
	pdf.SetFont("body", "", 8.3)
	pdf.SetTextColor(0, 0, 0)
	for _, line := range p.split(attest, colW) {
		p.text(marginL, y, colW, line, "L")
		y += lineH
	}
	y = p.row(marginL, y+1, colW, labelW, l.printedName, l.orNone(rec.Details.Operator.Name))
	y = p.signLine(marginL, y+signGap, l.signature)
	p.signLine(marginL, y+dateGap, l.date)

	xr := marginL + colW + colGap
	y = p.section(xr, y0, colW, l.secValidation)
	for _, r := range p.validatorRows(rec.Details.Validator) {
		if r.value == "" {
			y = p.signLine(xr, y+1.5, r.label) - 1.5
			continue
		}
		y = p.row(xr, y, colW, labelW, r.label, r.value)
	}
	y = p.signLine(xr, y+signGap, l.signature)
	p.signLine(xr, y+dateGap, l.date)
}

// signLine draws a label and a line to write on, returning the y below it.
func (p *page) signLine(x, y float64, label string) float64 {
	p.labelFont()
	p.text(x, y, labelW, label, "L")
	p.pdf.SetDrawColor(0x80, 0x80, 0x80)
	p.pdf.SetLineWidth(0.2)
	p.pdf.Line(x+labelW, y+lineH-0.3, x+colW, y+lineH-0.3)
	return y + lineH
}

// footer ties the page to the record and the signing key on every page, and
// numbers it "Page n of N" under the certificate ID.
func (p *page) footer(in renderInput) {
	pdf, l := p.pdf, p.l
	pdf.SetDrawColor(0xb0, 0xb0, 0xb0)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginL, footerTop, marginL+contentW, footerTop)
	pdf.SetFont("body", "", 6.8)
	p.color(colLabel)
	const rightW = 34.0
	y := footerTop + 0.8
	for _, s := range []string{
		l.footerHash + ": " + in.digest,
		l.footerKey + ": " + in.fingerprint,
		l.footerCheck,
	} {
		p.cell(marginL, y, contentW-rightW, 3.3, s, "L")
		y += 3.3
	}
	p.cell(marginL+contentW-rightW, footerTop+0.8, rightW, 3.3, p.id, "R")
	p.cell(marginL+contentW-rightW, footerTop+0.8+3.3, rightW, 3.3, l.pageOf(pdf.PageNo(), p.total), "R")
}

// split breaks txt into lines that fit w with the current font. It is fpdf's
// SplitText, whose break at a Chinese character drops that character (the page
// would lose a word of the record); here the character ends the line instead.
// Text without Chinese breaks exactly as SplitText breaks it.
func (p *page) split(txt string, w float64) []string {
	_, unit := p.pdf.GetFontSize()
	wmax := int(math.Ceil((w - 2*p.pdf.GetCellMargin()) * 1000 / unit))
	s := []rune(p.clean(strings.TrimRight(txt, "\n"), true))
	var lines []string
	sep, i, j, l := -1, 0, 0, 0
	for i < len(s) {
		c := s[i]
		l += p.pdf.GetStringSymbolWidth(string(c))
		if unicode.IsSpace(c) || breaksAfter(c) {
			sep = i
		}
		if c != '\n' && l <= wmax {
			i++
			continue
		}
		var end int
		switch {
		case sep >= 0 && unicode.IsSpace(s[sep]):
			end, i = sep, sep+1 // the space is the break
		case sep >= 0 && sep < i:
			end, i = sep+1, sep+1 // after the Chinese character
		case i > j:
			end = i // no break opportunity: cut before the character that overflows
		default:
			end, i = i+1, i+1 // one character wider than the line
		}
		lines = append(lines, string(s[j:end]))
		sep, j, l = -1, i, 0
	}
	if i != j {
		lines = append(lines, string(s[j:i]))
	}
	return lines
}

// isCJK reports whether r is in the CJK Unified Ideographs block, as fpdf
// counts it.
func isCJK(r rune) bool { return r >= 0x4e00 && r <= 0x9fa5 }

// breaksAfter reports whether a line may break after r: a Chinese character, or
// CJK or full-width punctuation other than an opening bracket ("、" between
// patterns, "，" in a sentence).
func breaksAfter(r rune) bool {
	switch {
	case isCJK(r):
		return true
	case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
		return !strings.ContainsRune("「『（【〔〈《〖〘〚［｛｟", r)
	}
	return false
}
