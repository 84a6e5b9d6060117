package certificate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a certificate can draw. fpdf writes text with two-byte character codes
// (Identity-H, code = Unicode scalar), so it can draw only characters of the
// Basic Multilingual Plane that the font maps to a glyph; anything else (a CJK
// Extension B character such as U+2161A in a Taiwanese name, an emoji, a control
// character, a byte that is not UTF-8) made it panic or print an empty box. The
// page instead writes every character it cannot draw as its code point, so that
// nothing is dropped silently; the embedded record keeps the exact text.

// coverage is the set of BMP characters a font has a glyph for.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return c != nil && r >= 0 && r <= 0xFFFF && c[r/64]&(1<<(uint(r)%64)) != 0
}

func (c *coverage) add(r uint32) {
	if r <= 0xFFFF {
		c[r/64] |= 1 << (r % 64)
	}
}

// intersect keeps only the characters o also has: text drawn in either face of
// the family must have a glyph in both.
func (c *coverage) intersect(o *coverage) {
	for i := range c {
		c[i] &= o[i]
	}
}

// rightToLeft are the scripts written right to left. fpdf neither reorders nor
// shapes text, so a font's glyphs for these would print a name backwards and
// unjoined: they are written as code points even when the font has them.
var rightToLeft = []*unicode.RangeTable{
	unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko,
	unicode.Samaritan, unicode.Mandaic, unicode.Adlam, unicode.Hanifi_Rohingya,
}

// invisible are characters that draw nothing, or nothing certain, even when a
// font maps them: controls, format characters (zero-width joiners, direction
// marks), surrogates, private use, line and paragraph separators and variation
// selectors. A name holding one is not what it looks like, so it is marked.
var invisible = []*unicode.RangeTable{
	unicode.Cc, unicode.Cf, unicode.Cs, unicode.Co, unicode.Zl, unicode.Zp, unicode.Variation_Selector,
}

// drawable reports whether r prints as itself on a certificate.
func (f *Fonts) drawable(r rune) bool {
	switch {
	case r == ' ':
		return true
	case r > 0xFFFF, !f.glyphs.has(r), unicode.In(r, invisible...):
		return false
	case r < 0x0590:
		return true // below the first right-to-left block
	default:
		return !unicode.In(r, rightToLeft...)
	}
}

// markOpen and markClose enclose the code points of characters the certificate
// cannot draw: "林[U+2161A]".
const markOpen, markClose = "[", "]"

// printable returns s with each run of characters that cannot be drawn written as
// their code points in brackets ("[U+2161A]", "[U+05E9 U+05DC]"; a byte that is
// not UTF-8 as "[0xFF]"). Line breaks are kept when keepNewlines. The result has
// only drawable characters, so printable(printable(s)) == printable(s).
func (f *Fonts) printable(s string, keepNewlines bool) string {
	if f.allDrawable(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	open := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		ok := f.drawable(r) || keepNewlines && r == '\n'
		if r == utf8.RuneError && size == 1 {
			ok = false
		}
		switch {
		case ok && open:
			b.WriteString(markClose)
			open = false
		case !ok && open:
			b.WriteByte(' ')
		case !ok:
			b.WriteString(markOpen)
			open = true
		}
		switch {
		case ok:
			b.WriteRune(r)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "0x%02X", s[i])
		default:
			fmt.Fprintf(&b, "U+%04X", r)
		}
		i += size
	}
	if open {
		b.WriteString(markClose)
	}
	return b.String()
}

func (f *Fonts) allDrawable(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !f.drawable(r) && !(keepNewlines && r == '\n') {
			return false
		}
		i += size
	}
	return true
}

// fontCoverage reads the characters a TrueType font maps to glyphs from its
// Unicode cmap subtable (OpenType spec, "cmap"): format 12 when the font has one,
// else format 4.
func fontCoverage(b []byte) (*coverage, error) {
	cmap, ok := sfntTable(b, "cmap")
	if !ok {
		return nil, errors.New("no cmap table")
	}
	if len(cmap) < 4 {
		return nil, errors.New("cmap table too short")
	}
	n := int(u16(cmap, 2))
	best, bestRank := -1, 0
	for i := range n {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), int(u32(cmap, rec+4))
		if off+2 > len(cmap) || off < 0 {
			continue
		}
		format := u16(cmap, off)
		rank := 0
		switch {
		case format == 12 && (platform == 3 && encoding == 10 || platform == 0):
			rank = 2
		case format == 4 && (platform == 3 && encoding == 1 || platform == 0):
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = off, rank
		}
	}
	if best < 0 {
		return nil, errors.New("no Unicode cmap subtable (format 4 or 12)")
	}
	c := new(coverage)
	sub := cmap[best:]
	if u16(sub, 0) == 12 {
		if len(sub) < 16 {
			return nil, errors.New("cmap format 12 too short")
		}
		groups := int(u32(sub, 12))
		for g := range groups {
			o := 16 + 12*g
			if o+12 > len(sub) {
				return nil, errors.New("cmap format 12 truncated")
			}
			start, end, glyph := u32(sub, o), u32(sub, o+4), u32(sub, o+8)
			for r := start; r <= end && r <= 0xFFFF; r++ {
				if glyph+(r-start) != 0 {
					c.add(r)
				}
			}
		}
		return c, nil
	}
	if len(sub) < 14 {
		return nil, errors.New("cmap format 4 too short")
	}
	segs := int(u16(sub, 6)) / 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if ranges+2*segs > len(sub) {
		return nil, errors.New("cmap format 4 truncated")
	}
	for s := range segs {
		start, end := uint32(u16(sub, starts+2*s)), uint32(u16(sub, ends+2*s))
		delta, rangeOff := u16(sub, deltas+2*s), int(u16(sub, ranges+2*s))
		for r := start; r <= end && r < 0xFFFF; r++ {
			glyph := uint16(r) + delta
			if rangeOff != 0 {
				at := ranges + 2*s + rangeOff + 2*int(r-start)
				if at+2 > len(sub) {
					break
				}
				if glyph = u16(sub, at); glyph != 0 {
					glyph += delta
				}
			}
			if glyph != 0 {
				c.add(r)
			}
		}
	}
	return c, nil
}

// sfntTable returns the bytes of the table tagged tag.
func sfntTable(b []byte, tag string) ([]byte, bool) {
	if len(b) < 12 {
		return nil, false
	}
	n := int(u16(b, 4))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, false
		}
		if string(b[rec:rec+4]) != tag {
			continue
		}
		off, length := int64(u32(b, rec+8)), int64(u32(b, rec+12))
		if off+length > int64(len(b)) {
			return nil, false
		}
		return b[off : off+length], true
	}
	return nil, false
}

func u16(b []byte, off int) uint16 {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[off:])
}

func u32(b []byte, off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}
