package certificate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// CanonicalRecord is the exact byte form of rec that a certificate embeds, signs
// and digests: compact JSON in the field order of wipe.Record, without HTML
// escaping and without a trailing newline. Readers must digest the embedded bytes
// as they are, never a re-encoding, because later versions may add fields.
func CanonicalRecord(rec *wipe.Record) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return nil, fmt.Errorf("encode record %s: %w", rec.CertificateID, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Embedded is a record as its certificate embeds it.
type Embedded struct {
	Record    wipe.Record // with Details.Language filled in
	Canonical []byte      // CanonicalRecord(&Record)
	Digest    string      // RecordDigest(Canonical)
}

// EmbedRecord is the one place where a record's final bytes and their digest are
// made: the certificate embeds and prints them, and the audit log records the
// same digest. It returns rec with Details.Language set to the language used (the
// record's own, else lang, else English), in canonical form.
func EmbedRecord(rec *wipe.Record, lang string) (*Embedded, error) {
	e := &Embedded{Record: *rec}
	if e.Record.Details.Language == "" {
		e.Record.Details.Language = lang
	}
	if e.Record.Details.Language == "" {
		e.Record.Details.Language = LangEnglish
	}
	if _, err := labelsFor(e.Record.Details.Language); err != nil {
		return nil, err
	}
	canonical, err := CanonicalRecord(&e.Record)
	if err != nil {
		return nil, err
	}
	e.Canonical, e.Digest = canonical, RecordDigest(canonical)
	return e, nil
}

// EmbedRecord is EmbedRecord with the Certifier's language: the record exactly as
// c.Render embeds it.
func (c *Certifier) EmbedRecord(rec *wipe.Record) (*Embedded, error) {
	return EmbedRecord(rec, c.Language)
}

// RecordDigest is the lower-case hex SHA-256 of canonical record bytes: the value
// printed on the certificate and encoded in its QR code.
func RecordDigest(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// IsErasure reports whether rec may be presented as a certificate of erasure or
// destruction. Everything else, including an "erased" record that contradicts
// itself (unwritten ranges, mismatches, no positive verification), yields a "not
// erased" report: when in doubt, understate. The second result says why not.
func IsErasure(rec *wipe.Record) (bool, *msg.Message) {
	if why := rec.Contradiction(); why != nil {
		return false, why
	}
	if rec.Status.Sanitized() {
		return true, nil
	}
	if rec.Reason == nil {
		return false, msg.New(msg.OutcomeNoReason, rec.Status).Ptr()
	}
	return false, rec.Reason
}

// Kind is what a certificate document is.
type Kind string

// The kinds of document a certificate file can be.
const (
	KindSanitization Kind = "certificate of sanitization"
	KindDestruction  Kind = "destruction certificate"
	KindNotErased    Kind = "NOT ERASED report"
)

// DocumentKind is the kind of document rec makes: a destruction certificate, a
// certificate of sanitization, or a NOT ERASED report for everything IsErasure
// does not accept.
func DocumentKind(rec *wipe.Record) Kind {
	switch ok, _ := IsErasure(rec); {
	case !ok:
		return KindNotErased
	case rec.Status == wipe.StatusDestroyed:
		return KindDestruction
	default:
		return KindSanitization
	}
}
