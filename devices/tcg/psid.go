package tcg

import (
	"errors"
	"fmt"
	"strings"
)

// PSIDLength is the length of the PSID printed on a drive's label (32
// characters: the TCG PSID feature set's credential, as the label and barcode
// carry it).
const PSIDLength = 32

// PSID is the credential of the PSID authority. It prints redacted (String,
// GoString, MarshalJSON): only Last4 may go into a record or a log.
type PSID struct{ s string }

// ErrPSIDFormat says an operator's PSID is not 32 letters and digits.
var ErrPSIDFormat = errors.New("a PSID is the 32 letters and digits printed on the drive's label")

// ParsePSID checks what the operator typed or scanned: surrounding white space
// is dropped, nothing else is changed (no case folding: the drive compares the
// bytes, and a guessed variant would spend one of the few attempts).
func ParsePSID(s string) (PSID, error) {
	s = strings.TrimSpace(s)
	if len(s) != PSIDLength {
		return PSID{}, fmt.Errorf("%w: %d characters given", ErrPSIDFormat, len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return PSID{}, fmt.Errorf("%w: character %d is not a letter or digit", ErrPSIDFormat, i+1)
		}
	}
	return PSID{s: s}, nil
}

// IsZero reports whether no PSID was given.
func (p PSID) IsZero() bool { return p.s == "" }

// Last4 is the PSID's last four characters, the most a record keeps.
func (p PSID) Last4() string {
	if len(p.s) < 4 {
		return ""
	}
	return p.s[len(p.s)-4:]
}

// String is the redacted form.
func (p PSID) String() string {
	if p.s == "" {
		return ""
	}
	return "PSID …" + p.Last4()
}

// GoString is the redacted form (%#v).
func (p PSID) GoString() string { return p.String() }

// MarshalJSON writes the redacted form.
func (p PSID) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", p.String())), nil }

// bytes is the credential as StartSession sends it.
func (p PSID) bytes() []byte { return []byte(p.s) }
