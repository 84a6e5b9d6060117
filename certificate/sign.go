package certificate

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pkcs7"

	"github.com/wipestation/wipestation/wipe"
)

// pdfVersion is the version a signed certificate declares in its catalog (PDF
// 32000-1 7.2.2): the highest feature it uses is the file specification's /UF
// (PDF 1.7); DocMDP (1.5) and SHA-256 signatures (1.6) are older.
const pdfVersion = "1.7"

// signatureReserve is the room, in bytes, kept for the PKCS #7 signature: an
// ECDSA P-256 signature with its certificate and signed attributes takes about
// 1 KiB; the rest allows a chain of two or three certificates (an
// organization's CA). The file carries it twice over, in hex.
const signatureReserve = 4096

// byteRangeWidth is the width of each number of the /ByteRange placeholder,
// filled in once the file's layout is known (10 digits: files up to 9 GB).
const byteRangeWidth = 10

// oidSigningCertificateV2 is the ESS signing-certificate-v2 attribute (RFC 5035)
// that binds the signer's certificate to the signature (CAdES, PAdES B-B).
var oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}

// signPDF certifies unsigned, a complete PDF with a cross-reference table as fpdf
// writes it: it appends one incremental update holding a certification signature
// (adbe.pkcs7.detached, SHA-256) with a DocMDP reference that permits no changes
// (P 1), the invisible signature field, and the catalog again with /Perms
// /DocMDP pointing at that signature and /Version 1.7 (PDF 32000-1 12.8.2.2,
// 12.8.4). A viewer that enforces DocMDP then treats any later change as a
// violation. The signature covers the whole file except its own value.
func signPDF(unsigned []byte, key *Key, rec *wipe.Record, now time.Time) (out []byte, err error) {
	fail := func(format string, args ...any) ([]byte, error) {
		return nil, fmt.Errorf("sign certificate %s: "+format, append([]any{rec.CertificateID}, args...)...)
	}
	defer func() {
		// The PDF reader panics on malformed input.
		if r := recover(); r != nil {
			out, err = fail("read back: %v", r)
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(unsigned), int64(len(unsigned)))
	if err != nil {
		return fail("read back: %v", err)
	}
	prev, err := lastStartXref(unsigned)
	if err != nil {
		return fail("%v", err)
	}
	trailer := rdr.Trailer()
	root := trailer.Key("Root")
	rootPtr := root.GetPtr()
	if root.Kind() != pdf.Dict || rootPtr.GetID() == 0 {
		return fail("no document catalog")
	}
	pg := rdr.Page(1).V
	size := uint32(trailer.Key("Size").Int64())
	sigID, fieldID := size, size+1

	u := &increment{}
	u.b.Write(unsigned)
	if !bytes.HasSuffix(unsigned, []byte("\n")) {
		u.b.WriteByte('\n')
	}

	u.begin(sigID, 0)
	u.b.WriteString("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached\n/ByteRange [")
	byteRangeAt := u.b.Len()
	u.b.WriteString(strings.Repeat(" ", 4*(byteRangeWidth+1)-1))
	u.b.WriteString("]\n/Contents ")
	contentsAt := u.b.Len()
	u.b.WriteString("<" + strings.Repeat("0", 2*signatureReserve) + ">")
	contentsEnd := u.b.Len()
	u.b.WriteString("\n/Reference [<< /Type /SigRef /TransformMethod /DocMDP\n")
	u.b.WriteString("  /TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>]\n")
	fmt.Fprintf(&u.b, "/M %s\n/Name %s\n/Location %s\n/Reason %s\n>>",
		pdfDate(now), pdfText("wipestation "+rec.Host), pdfText(rec.Host),
		pdfText(string(DocumentKind(rec))+" "+rec.CertificateID)) // what a viewer's signature panel shows
	u.end()

	// The field and its widget in one dictionary, invisible (a zero rectangle):
	// the page shows the certificate, the signature is in the file.
	u.begin(fieldID, 0)
	fmt.Fprintf(&u.b, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V %d 0 R /F 132 /Rect [0 0 0 0] /P %s >>",
		sigID, ref(pg))
	u.end()

	// Page 1 again, with the widget among its annotations (PDF 32000-1 12.7.3.1).
	u.rewrite(pg, map[string]string{"Annots": appendRef(pg.Key("Annots"), fieldID)})
	u.rewrite(root, map[string]string{
		"Version":  "/" + pdfVersion,
		"AcroForm": fmt.Sprintf("<< /Fields [%d 0 R] /SigFlags 3 >>", fieldID),
		"Perms":    fmt.Sprintf("<< /DocMDP %d 0 R >>", sigID),
	})
	for _, fd := range fontDescriptors(rdr) {
		if fd.Key("FontFamily").IsNull() {
			// Optional in PDF 32000-1 Table 122, required by strict validators
			// (pdfcpu): the family as the font program names it.
			u.rewrite(fd, map[string]string{"FontFamily": fmt.Sprintf("<%x>", fd.Key("FontName").Name())})
		}
	}

	u.finish(trailer, fieldID+1, prev)

	data := u.b.Bytes()
	ranges := fmt.Sprintf("%-*d %-*d %-*d %-*d", byteRangeWidth, 0, byteRangeWidth, contentsAt,
		byteRangeWidth, contentsEnd, byteRangeWidth, len(data)-contentsEnd)
	copy(data[byteRangeAt:], ranges)
	signed := append(append([]byte{}, data[:contentsAt]...), data[contentsEnd:]...)
	p7, err := signDetached(signed, key)
	if err != nil {
		return fail("%v", err)
	}
	if len(p7) > signatureReserve {
		return fail("the signature takes %d bytes, %d are reserved", len(p7), signatureReserve)
	}
	copy(data[contentsAt+1:], strings.ToUpper(hex.EncodeToString(p7)))
	return data, nil
}

// increment is an incremental update being written after a file's bytes.
type increment struct {
	b    bytes.Buffer
	objs []struct {
		id     uint32
		gen    uint16
		offset int
	}
}

func (u *increment) begin(id uint32, gen uint16) {
	u.objs = append(u.objs, struct {
		id     uint32
		gen    uint16
		offset int
	}{id, gen, u.b.Len()})
	fmt.Fprintf(&u.b, "%d %d obj\n", id, gen)
}

func (u *increment) end() { u.b.WriteString("\nendobj\n") }

// finish writes the cross-reference section of the objects written and the
// trailer: size objects, the catalog, information and IDs of the previous
// trailer, prev the offset of the previous section.
func (u *increment) finish(trailer pdf.Value, size uint32, prev int64) {
	xrefAt := u.b.Len()
	u.b.WriteString("xref\n")
	for _, o := range u.objs {
		fmt.Fprintf(&u.b, "%d 1\n%010d %05d n \n", o.id, o.offset, o.gen)
	}
	fmt.Fprintf(&u.b, "trailer\n<< /Size %d /Root %s", size, ref(trailer.Key("Root")))
	if info := trailer.Key("Info"); info.Kind() == pdf.Dict {
		fmt.Fprintf(&u.b, " /Info %s", ref(info))
	}
	if id := trailer.Key("ID"); id.Len() == 2 {
		fmt.Fprintf(&u.b, " /ID [<%x> <%x>]", id.Index(0).RawString(), id.Index(1).RawString())
	}
	fmt.Fprintf(&u.b, " /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", prev, xrefAt)
}

// rewrite writes the dictionary object v again with the entries of set (PDF
// syntax) replacing or adding to its own.
func (u *increment) rewrite(v pdf.Value, set map[string]string) {
	p := v.GetPtr()
	u.begin(p.GetID(), p.GetGen())
	u.b.WriteString("<<")
	for _, k := range v.Keys() {
		if _, ok := set[k]; !ok {
			fmt.Fprintf(&u.b, " /%s ", k)
			writeValue(&u.b, p.GetID(), v.Key(k))
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&u.b, " /%s %s", k, set[k])
	}
	u.b.WriteString(" >>")
	u.end()
}

// ref is a reference to the object that holds v.
func ref(v pdf.Value) string {
	p := v.GetPtr()
	return fmt.Sprintf("%d %d R", p.GetID(), p.GetGen())
}

// appendRef is the array arr (an indirect array is copied) with a reference to
// object id added.
func appendRef(arr pdf.Value, id uint32) string {
	var b bytes.Buffer
	b.WriteByte('[')
	p := arr.GetPtr()
	for i := 0; i < arr.Len(); i++ {
		writeValue(&b, p.GetID(), arr.Index(i))
		b.WriteByte(' ')
	}
	fmt.Fprintf(&b, "%d 0 R]", id)
	return b.String()
}

// fontDescriptors are the descriptors of the fonts the pages use, each once.
func fontDescriptors(rdr *pdf.Reader) []pdf.Value {
	var out []pdf.Value
	seen := map[uint32]bool{}
	add := func(fd pdf.Value) {
		p := fd.GetPtr()
		if id := p.GetID(); fd.Kind() == pdf.Dict && id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, fd)
		}
	}
	for i := 1; i <= rdr.NumPage(); i++ {
		fonts := rdr.Page(i).Resources().Key("Font")
		for _, name := range fonts.Keys() {
			f := fonts.Key(name)
			add(f.Key("FontDescriptor"))
			for j := 0; j < f.Key("DescendantFonts").Len(); j++ {
				add(f.Key("DescendantFonts").Index(j).Key("FontDescriptor"))
			}
		}
	}
	return out
}

// signDetached makes the detached CMS SignedData over content, with the signer's
// certificate and the signing-certificate-v2 attribute.
func signDetached(content []byte, key *Key) ([]byte, error) {
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	certHash := sha256.Sum256(key.Cert.Raw)
	type essCertIDv2 struct{ CertHash []byte } // hash algorithm: SHA-256, the default
	type signingCertificateV2 struct{ Certs []essCertIDv2 }
	attr := pkcs7.Attribute{Type: oidSigningCertificateV2, Value: signingCertificateV2{Certs: []essCertIDv2{{CertHash: certHash[:]}}}}
	// The whole chain goes in (the workstation certificate, then its CA's), so that
	// a reader who trusts the organization's root validates the signature.
	var parents []*x509.Certificate
	if len(key.Chain) > 1 {
		parents = key.Chain[1:]
	}
	if err := sd.AddSignerChain(key.Cert, key.Private, parents, pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{attr}}); err != nil {
		return nil, err
	}
	sd.Detach()
	return sd.Finish()
}

var startXrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)

// lastStartXref is the offset of the file's last cross-reference section.
func lastStartXref(data []byte) (int64, error) {
	m := startXrefRE.FindSubmatch(data[max(0, len(data)-256):])
	if m == nil {
		return 0, fmt.Errorf("no startxref at the end of the file")
	}
	return strconv.ParseInt(string(m[1]), 10, 64)
}

// writeValue writes v in PDF syntax: values stored inside object parent are
// written out, others as references.
func writeValue(w io.StringWriter, parent uint32, v pdf.Value) {
	writePDFValue(w, v, parent, false, 0)
}

// writePDFValue writes v in PDF syntax. Values stored inside object parent are
// written out, others as references; canonical follows references instead,
// leaves out canonicalIgnored keys and writes a stream as the SHA-256 of its
// decoded data (canonical).
func writePDFValue(w io.StringWriter, v pdf.Value, parent uint32, canonical bool, depth int) {
	if p := v.GetPtr(); !canonical && p.GetID() != parent {
		w.WriteString(fmt.Sprintf("%d %d R", p.GetID(), p.GetGen()))
		return
	}
	if depth > maxDepth {
		w.WriteString("…")
		return
	}
	switch v.Kind() {
	case pdf.Null:
		w.WriteString("null")
	case pdf.Bool:
		w.WriteString(strconv.FormatBool(v.Bool()))
	case pdf.Integer, pdf.Real:
		w.WriteString(strconv.FormatFloat(v.Float64(), 'f', -1, 64))
	case pdf.String:
		w.WriteString(fmt.Sprintf("<%x>", v.RawString()))
	case pdf.Name:
		w.WriteString("/" + v.Name())
	case pdf.Array:
		w.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				w.WriteString(" ")
			}
			writePDFValue(w, v.Index(i), parent, canonical, depth+1)
		}
		w.WriteString("]")
	case pdf.Dict, pdf.Stream:
		w.WriteString("<<")
		for _, k := range v.Keys() {
			if canonical && slices.Contains(canonicalIgnored, k) {
				continue
			}
			w.WriteString(" /" + k + " ")
			writePDFValue(w, v.Key(k), parent, canonical, depth+1)
		}
		w.WriteString(" >>")
		if v.Kind() == pdf.Stream && canonical {
			h := sha256.New()
			rc := v.Reader()
			_, err := io.Copy(h, rc)
			rc.Close()
			if err != nil {
				w.WriteString(fmt.Sprintf("stream(unreadable: %v)", err))
				return
			}
			w.WriteString(fmt.Sprintf("stream(%x)", h.Sum(nil)))
		}
	}
}

// pdfText is s as a PDF text string: a literal string when s is printable
// ASCII (which every reader shows), else UTF-16BE with a byte order mark, in hex.
func pdfText(s string) string {
	var b strings.Builder
	ascii := true
	for _, r := range s {
		ascii = ascii && r >= ' ' && r <= '~'
	}
	if ascii {
		b.WriteByte('(')
		for _, r := range s {
			if r == '(' || r == ')' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte(')')
		return b.String()
	}
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfDate is t as a PDF date (PDF 32000-1 7.9.4): D:YYYYMMDDHHmmSS+HH'mm'.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off/60%60)
}
