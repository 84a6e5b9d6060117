package certificate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTrueType(t *testing.T) {
	pad := make([]byte, 12)
	tests := []struct {
		name  string
		magic string
		want  string // "" for accepted
	}{
		{"glyf TrueType", "\x00\x01\x00\x00", ""},
		{"Apple true", "true", ""},
		{"CFF OpenType", "OTTO", "CFF"},
		{"collection", "ttcf", "collection"},
		{"not a font", "%PDF", "not a TrueType font"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTrueType(append([]byte(tt.magic), pad...))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("checkTrueType(%q) = %v, want %q", tt.magic, err, tt.want)
			}
		})
	}
	if err := checkTrueType([]byte{0, 1}); err == nil {
		t.Error("a 2-byte file passed as a font")
	}
}

func TestLoadFonts(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing file is ErrNoFont", func(t *testing.T) {
		if _, err := LoadFonts(filepath.Join(dir, "none.ttf")); !errors.Is(err, ErrNoFont) {
			t.Fatalf("LoadFonts = %v, want ErrNoFont", err)
		}
	})
	t.Run("otf refused before fpdf sees it", func(t *testing.T) {
		p := filepath.Join(dir, "x.otf")
		os.WriteFile(p, append([]byte("OTTO"), make([]byte, 64)...), 0o644)
		if _, err := LoadFonts(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Fatalf("LoadFonts = %v, want an error naming %s", err, p)
		}
	})
	t.Run("explicit font wins and is not second-guessed", func(t *testing.T) {
		got, err := FindFont("/nowhere/font.ttf", func(string) string { return "/env/font.ttf" })
		if err != nil || got != "/nowhere/font.ttf" {
			t.Fatalf("FindFont = %q, %v", got, err)
		}
		got, err = FindFont("", func(string) string { return "/env/font.ttf" })
		if err != nil || got != "/env/font.ttf" {
			t.Fatalf("FindFont = %q, %v", got, err)
		}
	})
	t.Run("bold face found beside regular", func(t *testing.T) {
		f := testFonts(t)
		if strings.Contains(f.RegularPath, "Regular") && !strings.Contains(f.BoldPath, "Bold") {
			if _, err := os.Stat(strings.Replace(f.RegularPath, "Regular", "Bold", 1)); err == nil {
				t.Errorf("bold face beside %s not used", f.RegularPath)
			}
		}
	})
}

// TestFontCoverage reads the characters the certificate font has from its cmap,
// and a damaged font is an error, never a panic.
func TestFontCoverage(t *testing.T) {
	f := testFonts(t)
	for _, r := range "A z 0 林王臺" {
		if !f.glyphs.has(r) {
			t.Errorf("font %s: %U reported missing", f.RegularPath, r)
		}
	}
	for _, r := range []rune{0x2161A, 0x1F600, 0xE000} {
		if f.glyphs.has(r) {
			t.Errorf("%U reported present", r)
		}
	}
	for _, n := range []int{0, 12, 100, 1000, len(f.regular) / 2} {
		fontCoverage(f.regular[:n]) // must not panic
	}
	if _, err := fontCoverage([]byte("\x00\x01\x00\x00\x00\x00")); err == nil {
		t.Error("a font without a cmap table was accepted")
	}
}
