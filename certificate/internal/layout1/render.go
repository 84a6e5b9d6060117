// FROZEN: layout 1 (wipestation-layout/1), as drawn by the release at commit
// 3ed9d9e (certificate/render.go there). Never edit this file: certificates issued by
// that release are verified by drawing their pages again with exactly this code
// (docs/certificate.md, "Layout versions").

package layout1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// Version is the layout marker that pages drawn by this package carry in the
// document's Keywords.
const Version = "wipestation-layout/1"

// attachmentName is the file name of the embedded job record.
const attachmentName = "record.json"

// Page geometry of an A4 certificate, in millimetres.
const (
	marginL   = 14.0
	marginT   = 11.0
	contentW  = 182.0
	colGap    = 6.0
	colW      = (contentW - colGap) / 2
	footerTop = 279.0
	qrSize    = 27.0
	lineH     = 4.1
	labelW    = 30.0
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
	rec         *record
	canonical   []byte
	digest      string
	fingerprint string
}

// Render draws the unsigned layout-1 certificate of the record whose canonical
// JSON is canonical (as embedded in the certificate), digest its SHA-256 in hex
// and fingerprint the signing key's, with the font programs regular and bold
// (fontName names them in errors). The output is what the release drew before
// signing, for `cert verify` to compare with a layout-1 certificate.
func Render(regular, bold []byte, fontName string, canonical []byte, digest, fingerprint string) ([]byte, error) {
	var rec record
	if err := json.Unmarshal(canonical, &rec); err != nil {
		return nil, fmt.Errorf("layout 1: read record: %w", err)
	}
	return render(fonts{name: fontName, regular: regular, bold: bold}, renderInput{rec: &rec, canonical: canonical, digest: digest, fingerprint: fingerprint})
}

// fonts are the two faces a page is drawn with.
type fonts struct {
	name          string
	regular, bold []byte
}

// qrPayload is the text of the QR code: the certificate ID and record digest.
func qrPayload(id, digest string) string {
	return "wipestation certificate " + id + "\nrecord sha256:" + digest
}

type page struct {
	pdf *fpdf.Fpdf
	l   *labels
}

// render draws the unsigned certificate PDF. The output is byte-reproducible for
// the same input: the dates come from the record and the catalogue is sorted.
func render(fonts fonts, in renderInput) ([]byte, error) {
	rec := in.rec
	l, err := labelsFor(rec.Details.Language)
	if err != nil {
		return nil, err
	}
	erasure, whyNot := isErasure(rec)

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("body", "", fonts.regular)
	pdf.AddUTF8FontFromBytes("body", "B", fonts.bold)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("load font %s: %w", fonts.name, err)
	}
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
	pdf.SetTitle(title+" "+rec.CertificateID, true)
	pdf.SetSubject(l.subtitle, true)
	pdf.SetAuthor(rec.Details.Operator.Name, true)
	pdf.SetCreator(rec.Tool+" "+rec.ToolVersion, true)
	pdf.SetProducer("wipestation", true)
	pdf.SetKeywords(Version+" record-sha256:"+in.digest, true)
	pdf.SetAttachments([]fpdf.Attachment{{
		Content:     in.canonical,
		Filename:    attachmentName,
		Description: "wipestation job record " + rec.CertificateID,
	}})
	pdf.SetMargins(marginL, marginT, marginL)
	pdf.SetAutoPageBreak(false, 0)

	p := &page{pdf: pdf, l: l}
	pdf.SetFooterFunc(func() { p.footer(in, rec.CertificateID) })
	pdf.AddPage()

	payload := qrPayload(rec.CertificateID, in.digest)
	p.header(title, rec.CertificateID, payload)
	p.banner(rec, erasure, whyNot)
	p.body(rec, erasure, whyNot)

	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render certificate %s: %w", rec.CertificateID, err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("write certificate %s: %w", rec.CertificateID, err)
	}
	return buf.Bytes(), nil
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

func (p *page) text(x, y, w float64, s, align string) {
	p.pdf.SetXY(x, y)
	p.pdf.CellFormat(w, lineH, s, "", 0, align, false, 0, "")
}

// header draws the title, certificate ID and the QR code.
func (p *page) header(title, id, payload string) {
	pdf := p.pdf
	pdf.SetFont("body", "B", 19)
	p.color(colHeading)
	pdf.SetXY(marginL, marginT+1)
	pdf.CellFormat(contentW-qrSize-4, 9, title, "", 0, "L", false, 0, "")
	p.labelFont()
	p.text(marginL, marginT+11, contentW-qrSize-4, p.l.subtitle, "L")
	pdf.SetFont("body", "", 9)
	pdf.SetTextColor(0, 0, 0)
	p.text(marginL, marginT+18, 30, p.l.certID, "L")
	pdf.SetFont("body", "B", 12)
	pdf.SetXY(marginL+30, marginT+17.3)
	pdf.CellFormat(90, 5.5, id, "", 0, "L", false, 0, "")
	drawQR(pdf, marginL+contentW-qrSize, marginT-1, qrSize, payload)
	pdf.SetY(marginT + 27)
}

// banner states the result so that nobody can misread it.
func (p *page) banner(rec *record, erasure bool, whyNot string) {
	pdf, l := p.pdf, p.l
	word, col := l.bannerNotErased, colNotErased
	switch {
	case erasure && rec.Status == statusDestroyed && rec.Sanitization.Technique == "Degauss":
		word, col = l.bannerDegaussed, colDestroyed
	case erasure && rec.Status == statusDestroyed:
		word, col = l.bannerDestroyed, colDestroyed
	case erasure:
		word, col = l.bannerErased, colErased
	}
	y := pdf.GetY()
	pdf.SetFillColor(col[0], col[1], col[2])
	pdf.Rect(marginL, y, contentW, 12, "F")
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont("body", "B", 17)
	pdf.SetXY(marginL+3, y+1.5)
	pdf.CellFormat(80, 9, word, "", 0, "L", false, 0, "")
	var summary string
	if erasure {
		summary = l.word(string(rec.Sanitization.Class))
		if rec.Sanitization.Technique != "" {
			summary += " · " + l.word(rec.Sanitization.Technique)
		}
		if rec.Verification.Verified {
			summary += " · " + l.verifyPassed
		}
	} else {
		summary = l.statusWord[string(rec.Status)]
		if summary == "" {
			summary = string(rec.Status)
		}
	}
	pdf.SetFont("body", "B", 10.5)
	pdf.SetXY(marginL+80, y+1.5)
	pdf.CellFormat(contentW-83, 9, summary, "", 0, "R", false, 0, "")
	pdf.SetY(y + 14)
	if !erasure && whyNot != "" {
		pdf.SetFont("body", "B", 9)
		p.color(colNotErased)
		for _, line := range p.split(l.reason+l.colon+l.translate(whyNot), contentW) {
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
	pdf.SetXY(x, y)
	pdf.CellFormat(w, 5.5, title, "", 0, "L", false, 0, "")
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
	nv := len(p.split(value, w-lw))
	return float64(max(nl, nv, 1)) * lineH
}

// row draws a label and its wrapped value at (x, y) and returns the y below it.
func (p *page) row(x, y, w, lw float64, label, value string) float64 {
	p.labelFont()
	labelLines := p.split(label, lw)
	for i, s := range labelLines {
		p.text(x, y+float64(i)*lineH+0.3, lw, s, "L")
	}
	p.valueFont()
	valueLines := p.split(value, w-lw)
	for i, s := range valueLines {
		p.text(x+lw, y+float64(i)*lineH, w-lw, s, "L")
	}
	return y + float64(max(len(labelLines), len(valueLines), 1))*lineH
}

// fullRow draws a full-width row, starting a new page when it would not fit.
func (p *page) fullRow(label, value string) {
	h := p.rowHeight(contentW, wideLabel, label, value)
	p.ensure(h)
	p.pdf.SetY(p.row(marginL, p.pdf.GetY(), contentW, wideLabel, label, value))
}

// ensure starts a new page when h more millimetres would run into the footer.
func (p *page) ensure(h float64) {
	if p.pdf.GetY()+h > footerTop-2 {
		p.pdf.AddPage()
		p.pdf.SetY(marginT)
	}
}

type kv struct{ label, value string }

func (p *page) column(x, y float64, title string, rows []kv) float64 {
	y = p.section(x, y, colW, title)
	for _, r := range rows {
		y = p.row(x, y, colW, labelW, r.label, r.value)
	}
	return y
}

func (p *page) body(rec *record, erasure bool, whyNot string) {
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
	pdf.SetY(max(yl, yr) + 2)

	// Appendix G "Sanitization details", full width.
	s := rec.Sanitization
	pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secSanitization))
	p.fullRow(l.methodType, or(l.word(string(s.Class))))
	p.fullRow(l.methodUsed, or(l.word(s.Technique)))
	p.fullRow(l.method, or(l.methodName(s.MethodID, s.MethodName)))
	details := make([]string, len(s.Details))
	for i, d := range s.Details {
		details[i] = l.translate(d)
	}
	p.fullRow(l.methodDetails, or(strings.Join(details, "\n")))
	if s.Fallback != "" {
		p.fullRow(l.fallback, l.translate(s.Fallback))
	}
	if s.HiddenArea != nil {
		p.fullRow(l.hiddenArea, l.hidden(s.HiddenArea))
	}
	p.fullRow(l.tool, or(strings.TrimSpace(rec.Tool+" "+rec.ToolVersion)))
	p.fullRow(l.bytesWritten, l.exactBytes(rec.BytesWritten))
	p.fullRow(l.verifyMethod, or(l.verificationMethod(rec.Verification)))
	p.fullRow(l.verifyResult, l.verificationResult(rec.Verification))
	p.fullRow(l.postClassification, or(d.PostClassification))
	standards := s.Standards
	if len(standards) == 0 {
		standards = d.Standards
	}
	p.fullRow(l.standards, or(strings.Join(standards, "; ")))
	p.fullRow(l.notes, or(d.Notes))

	// Exceptions: everything that is not a clean pass.
	pdf.SetY(pdf.GetY() + 2)
	p.ensure(7 + lineH)
	pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secExceptions))
	exc := l.exceptions(rec, whyNot)
	if len(exc) == 0 {
		exc = []string{l.none}
	}
	p.valueFont()
	for _, e := range exc {
		for _, line := range p.split(e, contentW) {
			p.ensure(lineH)
			p.valueFont()
			p.text(marginL, pdf.GetY(), contentW, line, "L")
			pdf.SetY(pdf.GetY() + lineH)
		}
	}

	// Appendix G "Media destination".
	pdf.SetY(pdf.GetY() + 2)
	p.ensure(7 + 2*lineH)
	pdf.SetY(p.section(marginL, pdf.GetY(), contentW, l.secDestination))
	p.fullRow(l.destination, or(l.word(d.Destination)))
	if d.DestinationDetails != "" {
		p.fullRow(l.destinationDetails, d.DestinationDetails)
	}

	p.signatures(rec, erasure)
}

// signatures draws Appendix G "Signature" (the technician) and "Validation" side
// by side, with lines to sign on paper.
func (p *page) signatures(rec *record, erasure bool) {
	pdf, l := p.pdf, p.l
	const need = 7 + 7*lineH + 14
	pdf.SetY(pdf.GetY() + 3)
	p.ensure(need)
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
	y = p.signLine(marginL, y+5, l.signature)
	p.signLine(marginL, y+4, l.date)

	v := rec.Details.Validator
	xr := marginL + colW + colGap
	y = p.section(xr, y0, colW, l.secValidation)
	for _, r := range []kv{
		{l.name, v.Name}, {l.title, v.Title}, {l.organization, v.Organization},
		{l.location, v.Location}, {l.phone, v.Phone},
	} {
		if r.value == "" {
			y = p.signLine(xr, y+1.5, r.label) - 1.5
			continue
		}
		y = p.row(xr, y, colW, labelW, r.label, r.value)
	}
	y = p.signLine(xr, y+5, l.signature)
	p.signLine(xr, y+4, l.date)
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

// footer ties the page to the record and the signing key on every page.
func (p *page) footer(in renderInput, id string) {
	pdf, l := p.pdf, p.l
	pdf.SetDrawColor(0xb0, 0xb0, 0xb0)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginL, footerTop, marginL+contentW, footerTop)
	pdf.SetFont("body", "", 6.8)
	p.color(colLabel)
	y := footerTop + 0.8
	lines := []string{
		l.footerHash + ": " + in.digest,
		l.footerKey + ": " + in.fingerprint,
		l.footerCheck,
	}
	for _, s := range lines {
		pdf.SetXY(marginL, y)
		pdf.CellFormat(contentW-25, 3.3, s, "", 0, "L", false, 0, "")
		y += 3.3
	}
	pdf.SetXY(marginL+contentW-25, footerTop+0.8)
	pdf.CellFormat(25, 3.3, fmt.Sprintf("%s · %d", id, pdf.PageNo()), "", 0, "R", false, 0, "")
}

// split breaks txt into lines that fit w with the current font. It is fpdf's
// SplitText, whose break at a Chinese character drops that character (the page
// would lose a word of the record); here the character ends the line instead.
// Text without Chinese breaks exactly as SplitText breaks it.
func (p *page) split(txt string, w float64) []string {
	_, unit := p.pdf.GetFontSize()
	wmax := int(math.Ceil((w - 2*p.pdf.GetCellMargin()) * 1000 / unit))
	s := []rune(strings.TrimRight(txt, "\n"))
	var lines []string
	sep, i, j, l := -1, 0, 0, 0
	for i < len(s) {
		c := s[i]
		l += p.pdf.GetStringSymbolWidth(string(c))
		if unicode.IsSpace(c) || isCJK(c) {
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

// isCJK reports whether a line may break after r: the CJK Unified Ideographs
// block, as fpdf counts it.
func isCJK(r rune) bool { return r >= 0x4e00 && r <= 0x9fa5 }
