package certificate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

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

// IsErasure reports whether rec may be presented as a certificate of erasure or
// destruction. Everything else, including an "erased" record that contradicts
// itself (unwritten ranges, mismatches, no positive verification), yields a "not
// erased" report: when in doubt, understate. The second result says why not.
func IsErasure(rec *wipe.Record) (bool, string) {
	if why := rec.Contradiction(); why != "" {
		return false, why
	}
	if rec.Status.Sanitized() {
		return true, ""
	}
	return false, rec.Reason
}
