package tcg

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Control tokens (Core 3.2.2.3.1, table 04).
const (
	TokStartList        = 0xF0
	TokEndList          = 0xF1
	TokStartName        = 0xF2
	TokEndName          = 0xF3
	TokCall             = 0xF8
	TokEndOfData        = 0xF9
	TokEndOfSession     = 0xFA
	TokStartTransaction = 0xFB
	TokEndTransaction   = 0xFC
	TokEmpty            = 0xFF
)

// Encoder appends tokens to a method stream (Core 3.2.2.3).
type Encoder struct{ b []byte }

// Bytes returns the encoded stream.
func (e *Encoder) Bytes() []byte { return e.b }

// Control appends a control token.
func (e *Encoder) Control(t byte) *Encoder { e.b = append(e.b, t); return e }

// Uint appends an unsigned integer atom: a tiny atom below 64, else a short atom
// of the fewest bytes that hold v (big-endian).
func (e *Encoder) Uint(v uint64) *Encoder {
	if v < 64 {
		e.b = append(e.b, byte(v))
		return e
	}
	n := 8
	for n > 1 && v>>(8*(n-1)) == 0 {
		n--
	}
	e.b = append(e.b, 0x80|byte(n))
	for i := n - 1; i >= 0; i-- {
		e.b = append(e.b, byte(v>>(8*i)))
	}
	return e
}

// Atom appends a byte-sequence atom: short (up to 15 bytes), medium (up to 2047)
// or long.
func (e *Encoder) Atom(data []byte) *Encoder {
	n := len(data)
	switch {
	case n < 16:
		e.b = append(e.b, 0xA0|byte(n))
	case n < 2048:
		e.b = append(e.b, 0xD0|byte(n>>8), byte(n))
	default:
		e.b = append(e.b, 0xE2, byte(n>>16), byte(n>>8), byte(n))
	}
	e.b = append(e.b, data...)
	return e
}

// UID appends an 8-byte UID atom.
func (e *Encoder) UID(u UID) *Encoder { return e.Atom(u[:]) }

// Kind tells a token's type.
type Kind int

// The token kinds.
const (
	KindControl Kind = iota
	KindUint
	KindInt
	KindBytes
)

// Token is one decoded token.
type Token struct {
	Kind    Kind
	Control byte   // KindControl
	Uint    uint64 // KindUint (and the bits of KindInt)
	Bytes   []byte // KindBytes
}

// IsControl reports whether t is the control token c.
func (t Token) IsControl(c byte) bool { return t.Kind == KindControl && t.Control == c }

// IsUID reports whether t is the byte atom of u.
func (t Token) IsUID(u UID) bool { return t.Kind == KindBytes && string(t.Bytes) == string(u[:]) }

func (t Token) String() string {
	switch t.Kind {
	case KindControl:
		return fmt.Sprintf("%02Xh", t.Control)
	case KindBytes:
		return fmt.Sprintf("% X", t.Bytes)
	}
	return fmt.Sprint(t.Uint)
}

// ErrTruncated says a token stream ended inside a token.
var ErrTruncated = errors.New("tcg token stream truncated")

// Decode splits a method stream into tokens. Empty atoms (FFh) are dropped.
func Decode(b []byte) ([]Token, error) {
	var out []Token
	for i := 0; i < len(b); {
		h := b[i]
		var hdr, n int
		var bytesAtom, signed bool
		switch {
		case h < 0x80: // tiny atom
			t := Token{Kind: KindUint, Uint: uint64(h & 0x3F)}
			if h&0x40 != 0 {
				t.Kind = KindInt
			}
			out = append(out, t)
			i++
			continue
		case h < 0xC0: // short atom
			hdr, n, bytesAtom, signed = 1, int(h&0x0F), h&0x20 != 0, h&0x10 != 0
		case h < 0xE0: // medium atom
			if i+2 > len(b) {
				return out, ErrTruncated
			}
			hdr, n, bytesAtom, signed = 2, int(h&0x07)<<8|int(b[i+1]), h&0x10 != 0, h&0x08 != 0
		case h < 0xE4: // long atom
			if i+4 > len(b) {
				return out, ErrTruncated
			}
			hdr, n, bytesAtom, signed = 4, int(b[i+1])<<16|int(b[i+2])<<8|int(b[i+3]), h&0x02 != 0, h&0x01 != 0
		case h == TokEmpty:
			i++
			continue
		case h >= 0xF0:
			out = append(out, Token{Kind: KindControl, Control: h})
			i++
			continue
		default:
			return out, fmt.Errorf("tcg token %02Xh at byte %d: reserved", h, i)
		}
		if i+hdr+n > len(b) {
			return out, ErrTruncated
		}
		data := b[i+hdr : i+hdr+n]
		switch {
		case bytesAtom:
			out = append(out, Token{Kind: KindBytes, Bytes: append([]byte(nil), data...)})
		case n > 8:
			return out, fmt.Errorf("tcg integer atom of %d bytes at byte %d", n, i)
		default:
			var v uint64
			for _, c := range data {
				v = v<<8 | uint64(c)
			}
			t := Token{Kind: KindUint, Uint: v}
			if signed {
				t.Kind = KindInt
			}
			out = append(out, t)
		}
		i += hdr + n
	}
	return out, nil
}

// UID is an 8-byte TCG object or method identifier.
type UID [8]byte

func uid(v uint64) UID {
	var u UID
	binary.BigEndian.PutUint64(u[:], v)
	return u
}

// The UIDs the PSID revert uses (Core 5.1.4 and 5.2.3, Opal 2.01 tables 240-244,
// the PSID authority of the Opal Feature Set: PSID).
var (
	UIDSessionManager = uid(0x00000000000000FF)
	UIDStartSession   = uid(0x000000000000FF02)
	UIDSyncSession    = uid(0x000000000000FF03)
	UIDAdminSP        = uid(0x0000020500000001)
	UIDLockingSP      = uid(0x0000020500000002)
	UIDPSIDAuthority  = uid(0x000000090001FF01)
	UIDRevert         = uid(0x0000000600000202)
)
