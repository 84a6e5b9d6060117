package certificate

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

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

// RecordDigest is the lower-case hex SHA-256 of canonical record bytes: the value
// printed on the certificate and encoded in its QR code.
func RecordDigest(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// idAlphabet is Crockford's base 32: no I, L, O or U, so that an ID read aloud or
// typed from paper is not misread.
const idAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewID returns a new certificate ID such as WS-20261126-7F3K9Q2M: the date the
// job ended (in its own zone) and 40 random bits, so that IDs sort by date and two
// workstations never collide in practice. random is normally crypto/rand.Reader.
func NewID(finished time.Time, random io.Reader) (string, error) {
	if random == nil {
		random = rand.Reader
	}
	var b [5]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", fmt.Errorf("certificate id: %w", err)
	}
	v := uint64(b[0])<<32 | uint64(b[1])<<24 | uint64(b[2])<<16 | uint64(b[3])<<8 | uint64(b[4])
	var s [8]byte
	for i := 7; i >= 0; i-- {
		s[i] = idAlphabet[v&31]
		v >>= 5
	}
	return "WS-" + finished.Format("20060102") + "-" + string(s[:]), nil
}

// IsErasure reports whether rec may be presented as a certificate of erasure or
// destruction. Everything else, including an "erased" record that contradicts
// itself (unwritten ranges, mismatches, no positive verification), yields a "not
// erased" report: when in doubt, understate. The second result says why not.
func IsErasure(rec *wipe.Record) (bool, string) {
	switch rec.Status {
	case wipe.StatusDestroyed:
		return true, ""
	case wipe.StatusErased:
		switch {
		case len(rec.Errors) > 0:
			return false, fmt.Sprintf("the record says erased but lists %d unwritten or unreadable ranges", len(rec.Errors))
		case rec.Verification.Mismatches > 0:
			return false, fmt.Sprintf("the record says erased but verification found %d mismatching blocks", rec.Verification.Mismatches)
		case !rec.Verification.Verified:
			return false, "the record says erased but verification did not confirm it"
		}
		return true, ""
	default:
		return false, rec.Reason
	}
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
