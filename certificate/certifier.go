package certificate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wipestation/wipestation/wipe"
)

// attachmentName is the file name of the embedded job record.
const attachmentName = "record.json"

// Certifier issues signed certificates. Build one per process (NewCertifier reads
// the fonts once) and share it: it is safe for concurrent use.
type Certifier struct {
	Key *Key
	// Fonts is the machine's certificate font; nil: English certificates are drawn
	// with the embedded Go fonts and Traditional Chinese ones are refused
	// (FontsFor).
	Fonts *Fonts
	// Language is used when a record does not name its own ("en" when empty).
	Language string
	// Dir is where Issue files certificates (created 0750 when missing).
	Dir string
	// Now is the clock for the signing time (time.Now when nil).
	Now func() time.Time
}

// Document is an issued certificate before filing.
type Document struct {
	PDF []byte
	// Record is the canonical record embedded in PDF; Digest its SHA-256 (hex).
	Record []byte
	Digest string
	// Erasure is true for a certificate of erasure or destruction, false for a
	// "not erased" report.
	Erasure bool
}

// Render makes the signed certificate (or "not erased" report) for rec. The record
// embedded in it is rec with Details.Language set to the language used.
func (c *Certifier) Render(rec *wipe.Record) (*Document, error) {
	if c.Key == nil {
		return nil, errors.New("certifier: no signing key")
	}
	if rec.CertificateID == "" {
		return nil, errors.New("certify: record has no certificate ID")
	}
	embedded, err := c.EmbedRecord(rec)
	if err != nil {
		return nil, err
	}
	canonical, digest := embedded.Canonical, embedded.Digest
	// Draw from the record as it reads back from JSON, exactly as `cert verify`
	// will, so that nothing that JSON drops (a zone's name) reaches the page.
	var parsed wipe.Record
	if err := json.Unmarshal(canonical, &parsed); err != nil {
		return nil, fmt.Errorf("re-read record %s: %w", rec.CertificateID, err)
	}
	fonts, err := FontsFor(c.Fonts, parsed.Details.Language)
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %w", rec.CertificateID, err)
	}
	unsigned, err := render(fonts, renderInput{rec: &parsed, canonical: canonical, digest: digest, fingerprint: c.Key.Fingerprint()})
	if err != nil {
		return nil, err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	signed, err := signPDF(unsigned, c.Key, &parsed, now())
	if err != nil {
		return nil, err
	}
	erasure, _ := IsErasure(&parsed)
	return &Document{PDF: signed, Record: canonical, Digest: digest, Erasure: erasure}, nil
}

// Issue renders and signs rec's certificate and files it in c.Dir under FileName,
// with the canonical record beside it (same name, .json). It returns the PDF's
// path. recordPath, the Runner's own copy of the record, is not changed. It has
// the signature of wipe.RunnerConfig.Certify.
func (c *Certifier) Issue(rec *wipe.Record, recordPath string) (string, error) {
	doc, err := c.Render(rec)
	if err != nil {
		return "", err
	}
	if c.Dir == "" {
		return "", errors.New("certify: no certificate folder")
	}
	if err := os.MkdirAll(c.Dir, 0o750); err != nil {
		return "", fmt.Errorf("create certificate folder %s: %w", c.Dir, err)
	}
	path := filepath.Join(c.Dir, FileName(rec))
	if err := writeFileAtomic(path, doc.PDF, 0o644, false); err != nil {
		return "", err
	}
	jsonPath := strings.TrimSuffix(path, ".pdf") + ".json"
	// Exactly the embedded bytes, so that the file hashes to the record digest
	// printed on the certificate.
	if err := writeFileAtomic(jsonPath, doc.Record, 0o644, false); err != nil {
		return path, err
	}
	return path, nil
}

// FileName is the name a certificate is filed under, sortable by an asset
// manager: date_serial_certificateID.pdf, e.g.
// 2026-11-26_WD-WCC4E1234567_WS-20261126-7F3K9Q2M.pdf. The date is the day the
// job ended in the workstation's zone; characters other than letters, digits,
// '.', '-' and '+' in the serial become '-'.
func FileName(rec *wipe.Record) string {
	t := rec.Finished
	if t.IsZero() {
		t = rec.Started
	}
	serial := safeName(rec.Device.Serial)
	if serial == "" {
		serial = "no-serial"
	}
	return fmt.Sprintf("%s_%s_%s.pdf", t.Format("2006-01-02"), serial, safeName(rec.CertificateID))
}

func safeName(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '+':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), ".-")
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}
