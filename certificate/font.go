package certificate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FontEnv names the environment variable that points at the certificate font.
const FontEnv = "WIPESTATION_FONT"

// DefaultFontPaths are tried in order when neither the config file's `font` key nor
// $WIPESTATION_FONT names a font. The first is where Debian's fonts-lxgw-wenkai
// (scripts/install-deps) puts it; the font covers Latin and Traditional Chinese.
func DefaultFontPaths() []string {
	return []string{
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
		"/usr/local/share/fonts/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf",
	}
}

// ErrNoFont means no usable certificate font was found. Certificates are never
// rendered with a substitute that would print garbage for Chinese text.
var ErrNoFont = errors.New("no certificate font (install fonts-lxgw-wenkai, or set the config file's font key or $WIPESTATION_FONT to a TrueType .ttf)")

// Fonts holds the certificate font files in memory, read and checked once, so that
// rendering a certificate does no file I/O. Safe for concurrent use (read-only).
type Fonts struct {
	RegularPath string
	BoldPath    string // RegularPath when the family has no bold face beside it
	regular     []byte
	bold        []byte
	// regularID and boldID name the files as certificates record them (fontID).
	regularID, boldID string
	// glyphs are the characters both faces can draw.
	glyphs *coverage
}

// FindFont returns the font file to use: configured (the config file's font key)
// when set, else $WIPESTATION_FONT when set, else the first of DefaultFontPaths
// that exists. An explicitly named font that is missing is an error, never a
// reason to try another.
func FindFont(configured string, getenv func(string) string) (string, error) {
	if configured != "" {
		return configured, nil
	}
	if getenv != nil {
		if p := getenv(FontEnv); p != "" {
			return p, nil
		}
	}
	for _, p := range DefaultFontPaths() {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoFont
}

// LoadFonts reads and checks the regular face at path and, when a file with
// "Regular" replaced by "Bold" sits beside it, the bold face (otherwise the
// regular face also serves for headings).
func LoadFonts(path string) (*Fonts, error) {
	regular, err := readTrueType(path)
	if err != nil {
		return nil, err
	}
	boldPath, bold := path, regular
	base := filepath.Base(path)
	if strings.Contains(base, "Regular") {
		p := filepath.Join(filepath.Dir(path), strings.Replace(base, "Regular", "Bold", 1))
		if _, err := os.Stat(p); err == nil {
			if bold, err = readTrueType(p); err != nil {
				return nil, err
			}
			boldPath = p
		}
	}
	return newFonts(path, boldPath, regular, bold)
}

// newFonts checks the two faces' glyph tables and names them (fontID).
func newFonts(regularPath, boldPath string, regular, bold []byte) (*Fonts, error) {
	glyphs, err := fontCoverage(regular)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", regularPath, err)
	}
	boldGlyphs, err := fontCoverage(bold)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", boldPath, err)
	}
	glyphs.intersect(boldGlyphs)
	return &Fonts{RegularPath: regularPath, BoldPath: boldPath, regular: regular, bold: bold,
		regularID: fontID(regular), boldID: fontID(bold), glyphs: glyphs}, nil
}

// fontID names a font file as a certificate records it (fontKeywords): the
// font's own full name and version (its name table), with spaces as "_" so that
// it stays one keyword, and the SHA-256 of the file, e.g.
// LXGW_WenKai_Regular_Version_1.250@sha256:<hex>. The digest identifies the font
// program; the name, taken from the font rather than the file's path, is for
// people and is the same wherever the font is installed.
func fontID(data []byte) string {
	sum := sha256.Sum256(data)
	return strings.Join(strings.Fields(fontName(data)), "_") + "@sha256:" + hex.EncodeToString(sum[:])
}

// fontName is the full name and version a font states in its name table
// (OpenType spec, "name": name IDs 4 and 5, Windows Unicode records, US English
// preferred), or "unnamed".
func fontName(b []byte) string {
	t, ok := sfntTable(b, "name")
	if !ok {
		return "unnamed"
	}
	count, strOff := int(u16(t, 2)), int(u16(t, 4))
	found := map[uint16]string{}
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(t) {
			break
		}
		platform, encoding, lang, id := u16(t, rec), u16(t, rec+2), u16(t, rec+4), u16(t, rec+6)
		length, off := int(u16(t, rec+8)), strOff+int(u16(t, rec+10))
		if platform != 3 || (encoding != 1 && encoding != 10) || (id != 4 && id != 5) || off+length > len(t) {
			continue
		}
		if _, seen := found[id]; seen && lang != 0x409 {
			continue
		}
		found[id] = string(decodeUTF16(string(t[off : off+length])))
	}
	name := strings.TrimSpace(found[4] + " " + found[5])
	if name == "" {
		return "unnamed"
	}
	return name
}

// Keywords that name the fonts a page was drawn with.
const (
	fontKeyword     = "font:"
	boldFontKeyword = "font-bold:"
)

// fontKeywords are the keywords naming the fonts f draws with.
func (f *Fonts) fontKeywords() string {
	return fontKeyword + f.regularID + " " + boldFontKeyword + f.boldID
}

// readTrueType reads a font file and checks that it is a glyf TrueType font, which
// is all fpdf can embed: fpdf refuses CFF (.otf) and collections (.ttc) and reports
// that on standard output, which would corrupt the terminal UI.
func readTrueType(path string) ([]byte, error) {
	b, err := mapFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("font %s: %w", path, ErrNoFont)
		}
		return nil, fmt.Errorf("read font %s: %w", path, err)
	}
	if err := checkTrueType(b); err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return b, nil
}

// checkTrueType looks at the sfnt version tag (OpenType spec, "Organization of an
// OpenType font"): 00 01 00 00 or "true" is glyf TrueType; "OTTO" is CFF and
// "ttcf" a collection.
func checkTrueType(b []byte) error {
	if len(b) < 12 {
		return errors.New("not a font file (too short)")
	}
	switch tag := b[:4]; {
	case bytes.Equal(tag, []byte{0, 1, 0, 0}), bytes.Equal(tag, []byte("true")):
		return nil
	case bytes.Equal(tag, []byte("OTTO")):
		return errors.New("a CFF OpenType font (.otf); a glyf TrueType font (.ttf) is needed")
	case bytes.Equal(tag, []byte("ttcf")):
		return errors.New("a font collection (.ttc); a single TrueType font (.ttf) is needed")
	default:
		return fmt.Errorf("not a TrueType font (starts with % x)", tag)
	}
}
