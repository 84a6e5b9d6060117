package certificate

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pkcs7"

	"github.com/wipestation/wipestation/certificate/internal/layout1"
	"github.com/wipestation/wipestation/wipe"
)

// Problem names what is wrong with a certificate file, in words an auditor reads.
type Problem string

// The problems `cert verify` reports, in the order it checks.
const (
	ProblemNotPDF      Problem = "not a complete PDF (truncated or damaged)"
	ProblemUnsigned    Problem = "not signed"
	ProblemCoverage    Problem = "signature does not cover the whole file"
	ProblemModified    Problem = "modified after signing"
	ProblemSignature   Problem = "signature invalid"
	ProblemForeignKey  Problem = "signed by a key that is not trusted"
	ProblemNoRecord    Problem = "no embedded job record"
	ProblemRecord      Problem = "embedded job record does not match the document"
	ProblemVisibleData Problem = "visible page does not match its job record"
)

// VerifyError says why a certificate file failed verification.
type VerifyError struct {
	Problem Problem
	Detail  string
	// Signer is the fingerprint of the signing key when the signature could be
	// read (a foreign key's too), else empty.
	Signer string
}

func (e *VerifyError) Error() string {
	if e.Detail == "" {
		return string(e.Problem)
	}
	return string(e.Problem) + ": " + e.Detail
}

func bad(p Problem, format string, args ...any) error {
	return &VerifyError{Problem: p, Detail: fmt.Sprintf(format, args...)}
}

// Verifier checks certificate files. Safe for concurrent use.
type Verifier struct {
	// Trusted lists the fingerprints (Fingerprint) of the keys whose signatures are
	// accepted: the workstation key, or keys exported from other workstations.
	Trusted []string
	// Roots, when set, are organization roots (ParseRoots): a signature whose
	// certificate chain leads to one of them, valid at the signing time and with a
	// document-signing key usage (VerifySigner), is trusted too.
	Roots *x509.CertPool
	// Fonts are needed to draw the page again from its record; the visible check
	// fails without them.
	Fonts *Fonts
}

// Verified is what a good certificate file holds.
type Verified struct {
	Record      *wipe.Record
	RecordJSON  []byte // exactly as embedded
	Digest      string // SHA-256 of RecordJSON, hex
	Fingerprint string // of the signing key
	SigningTime time.Time
	// Erasure is false for a "not erased" report.
	Erasure bool
	// Kind is what the document is (DocumentKind).
	Kind Kind
	// Layout is the page layout's marker (wipestation-layout/N).
	Layout string
	// Certified is true when the signature is a certification that permits no
	// changes (DocMDP), which PDF viewers enforce; false for certificates issued
	// before it (layout 1), whose approval signature only cert verify enforces.
	Certified bool
}

// Verify checks data, the bytes of a certificate PDF: the file is complete; one
// signature covers all of it; the signed bytes hash to the signed digest and the
// signature verifies; the signing key is trusted; the embedded record is there and
// its digest is the one the document states; and the pages, drawn again from that
// record with the layout the document names (drawAgain), are drawn identically
// (compareVisible). A bad file yields a *VerifyError.
func (v *Verifier) Verify(data []byte) (res *Verified, err error) {
	var fp string // the signer, once known
	defer func() {
		// The PDF reader panics on malformed input.
		if r := recover(); r != nil {
			res, err = nil, bad(ProblemNotPDF, "%v", r)
		}
		var ve *VerifyError
		if errors.As(err, &ve) {
			ve.Signer = fp
		}
	}()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, bad(ProblemNotPDF, "does not start with %%PDF-")
	}
	if !bytes.HasSuffix(bytes.TrimRight(data, "\r\n\t "), []byte("%%EOF")) {
		// A file cut inside its last update may still hold an earlier
		// revision's %%EOF: only the last line counts.
		return nil, bad(ProblemNotPDF, "it does not end with %%%%EOF")
	}
	rdr, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bad(ProblemNotPDF, "%v", err)
	}
	sig, err := signatureDict(rdr)
	if err != nil {
		return nil, err
	}
	signed, err := signedBytes(data, sig)
	if err != nil {
		return nil, err
	}
	p7, err := pkcs7.Parse([]byte(sig.Key("Contents").RawString()))
	if err != nil {
		return nil, bad(ProblemSignature, "parse PKCS #7: %v", err)
	}
	// The key the signature names, reported with any later problem.
	signer := p7.GetOnlySigner()
	if signer != nil {
		fp, _ = Fingerprint(signer.PublicKey)
	}
	var wantDigest []byte
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeMessageDigest, &wantDigest); err != nil {
		return nil, bad(ProblemSignature, "no message digest: %v", err)
	}
	got := sha256.Sum256(signed)
	if !bytes.Equal(got[:], wantDigest) {
		return nil, bad(ProblemModified, "the signed bytes hash to %x, the signature was made over %x", got[:8], wantDigest[:min(8, len(wantDigest))])
	}
	p7.Content = signed
	if err := p7.Verify(); err != nil {
		return nil, bad(ProblemSignature, "%v", err)
	}
	if signer == nil {
		return nil, bad(ProblemSignature, "no single signer certificate")
	}
	if _, err := Fingerprint(signer.PublicKey); err != nil {
		return nil, bad(ProblemSignature, "%v", err)
	}
	var signingTime time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &signingTime); err != nil {
		signingTime = time.Time{}
	}
	trusted := false
	for _, t := range v.Trusted {
		trusted = trusted || strings.EqualFold(t, fp)
	}
	if !trusted && v.Roots != nil {
		chain := append([]*x509.Certificate{signer}, p7.Certificates...)
		if err := VerifySigner(chain, v.Roots, signingTime); err != nil {
			return nil, bad(ProblemForeignKey, "key %s (%s): %v", fp, signer.Subject.CommonName, err)
		}
		trusted = true
	}
	if !trusted {
		return nil, bad(ProblemForeignKey, "key %s (%s)", fp, signer.Subject.CommonName)
	}
	res = &Verified{Fingerprint: fp, SigningTime: signingTime}

	res.RecordJSON, err = embeddedRecord(rdr)
	if err != nil {
		return nil, err
	}
	res.Digest = RecordDigest(res.RecordJSON)
	keywords := rdr.Trailer().Key("Info").Key("Keywords").Text()
	if !strings.Contains(keywords, "record-sha256:"+res.Digest) {
		return nil, bad(ProblemRecord, "record digest %s is not the one the document states (%q)", res.Digest, keywords)
	}
	var rec wipe.Record
	if err := json.Unmarshal(res.RecordJSON, &rec); err != nil {
		return nil, bad(ProblemRecord, "record.json: %v", err)
	}
	res.Record = &rec
	res.Erasure, _ = IsErasure(&rec)
	res.Kind = DocumentKind(&rec)
	res.Layout = keyword(keywords, layoutKeyword)
	res.Certified = certifiedNoChanges(rdr, sig)
	if err := requireCertified(res.Layout, res.Certified); err != nil {
		return nil, err
	}
	if err := v.compareVisible(rdr, sig, keywords, renderInput{rec: &rec, canonical: res.RecordJSON, digest: res.Digest, fingerprint: fp}); err != nil {
		return nil, err
	}
	return res, nil
}

// requireCertified refuses a certificate of a layout after 1 that is not
// certified: every release that draws such a layout certifies with DocMDP, so a
// page of it under a mere approval signature was not made by a release.
func requireCertified(layout string, certified bool) error {
	if certified || layout == layout1.Version {
		return nil
	}
	return bad(ProblemSignature, "a %s certificate must be certified (DocMDP, no changes permitted); this one is not", layout)
}

// layoutKeyword starts the layout marker in a certificate's keywords.
const layoutKeyword = "wipestation-layout/"

// keyword is the whole keyword of keywords that starts with prefix, or "".
func keyword(keywords, prefix string) string {
	for _, k := range strings.Fields(keywords) {
		if strings.HasPrefix(k, prefix) {
			return k
		}
	}
	return ""
}

// drawAgain draws the unsigned pages of in with the renderer of layout, the
// marker the certificate carries: the current layout's, or an earlier release's
// frozen in a package of its own (docs/certificate.md, "Layout versions").
func drawAgain(layout string, fonts *Fonts, in renderInput) ([]byte, error) {
	switch layout {
	case LayoutVersion:
		return render(fonts, in)
	case layout1.Version:
		return layout1.Render(fonts.regular, fonts.bold, fonts.RegularPath, in.canonical, in.digest, in.fingerprint)
	}
	return nil, bad(ProblemVisibleData, "page layout %q is not one this version draws (it draws %s and %s)", layout, layout1.Version, LayoutVersion)
}

// certifiedNoChanges reports whether the document is certified with DocMDP
// permitting no changes (signPDF): the catalog's /Perms /DocMDP is the signature
// and its reference says P 1. Certificates issued before that (layout 1) carry
// an approval signature, which cert verify checks the same way but which other
// PDF viewers do not enforce against later changes.
func certifiedNoChanges(rdr *pdf.Reader, sig pdf.Value) bool {
	mdp := rdr.Trailer().Key("Root").Key("Perms").Key("DocMDP")
	if mdp.IsNull() || mdp.GetPtr() != sig.GetPtr() {
		return false
	}
	refs := sig.Key("Reference")
	for i := 0; i < refs.Len(); i++ {
		r := refs.Index(i)
		if r.Key("TransformMethod").Name() == "DocMDP" && r.Key("TransformParams").Key("P").Int64() == 1 {
			return true
		}
	}
	return false
}

// VerifyFile reads the file at path and verifies it (Verify). A file that cannot
// be read is an error that is not a *VerifyError.
func (v *Verifier) VerifyFile(path string) (*Verified, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return v.Verify(data)
}

// signatureDict finds the one signature of the document.
func signatureDict(rdr *pdf.Reader) (pdf.Value, error) {
	fields := rdr.Trailer().Key("Root").Key("AcroForm").Key("Fields")
	var sigs []pdf.Value
	for i := 0; i < fields.Len(); i++ {
		f := fields.Index(i)
		if f.Key("FT").Name() == "Sig" && !f.Key("V").IsNull() {
			sigs = append(sigs, f.Key("V"))
		}
	}
	switch len(sigs) {
	case 0:
		return pdf.Value{}, bad(ProblemUnsigned, "no signature field")
	case 1:
		return sigs[0], nil
	default:
		return pdf.Value{}, bad(ProblemCoverage, "%d signatures; a certificate carries exactly one", len(sigs))
	}
}

// signedBytes checks that the signature's ByteRange covers the whole file except
// its own /Contents hex string, and returns the covered bytes.
func signedBytes(data []byte, sig pdf.Value) ([]byte, error) {
	br := sig.Key("ByteRange")
	if br.Len() != 4 {
		return nil, bad(ProblemCoverage, "ByteRange has %d numbers, want 4", br.Len())
	}
	var r [4]int64
	for i := range r {
		r[i] = br.Index(i).Int64()
	}
	size := int64(len(data))
	switch {
	case r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0:
		return nil, bad(ProblemCoverage, "ByteRange %v", r)
	case r[2]+r[3] > size:
		return nil, bad(ProblemNotPDF, "the signature covers %d bytes but the file has %d (truncated)", r[2]+r[3], size)
	case r[2]+r[3] < size:
		return nil, bad(ProblemCoverage, "%d bytes were added after the signed part", size-r[2]-r[3])
	}
	gap := data[r[1]:r[2]]
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' || bytes.IndexFunc(gap[1:len(gap)-1], func(c rune) bool {
		return !strings.ContainsRune("0123456789abcdefABCDEF", c)
	}) >= 0 {
		return nil, bad(ProblemCoverage, "the unsigned gap is not just the signature value")
	}
	out := make([]byte, 0, r[1]+r[3])
	out = append(out, data[:r[1]]...)
	return append(out, data[r[2]:r[2]+r[3]]...), nil
}

// embeddedRecord returns the bytes of the record.json attachment.
func embeddedRecord(rdr *pdf.Reader) ([]byte, error) {
	names := rdr.Trailer().Key("Root").Key("Names").Key("EmbeddedFiles").Key("Names")
	for i := 1; i < names.Len(); i += 2 {
		spec := names.Index(i)
		name := spec.Key("UF").Text()
		if name == "" {
			name = spec.Key("F").Text()
		}
		if name != attachmentName {
			continue
		}
		rc := spec.Key("EF").Key("F").Reader()
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return nil, bad(ProblemNoRecord, "read %s: %v", attachmentName, err)
		}
		return b, nil
	}
	return nil, bad(ProblemNoRecord, "no %s attachment", attachmentName)
}
