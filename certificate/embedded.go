package certificate

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// ErrNoCJKFont means a certificate in a language that needs Chinese characters was
// asked for on a machine without a CJK font: such a page is never drawn with the
// characters written as code points.
var ErrNoCJKFont = errors.New("a Traditional Chinese certificate needs a CJK font: install fonts-lxgw-wenkai, or set the config file's font key or $WIPESTATION_FONT to a TrueType .ttf")

// embeddedFonts are the Go fonts (golang.org/x/image/font/gofont, BSD licence),
// built into the binary: English certificates need no file outside it. They
// cover Latin, Greek and Cyrillic; other characters are marked as code points.
var embeddedFonts = sync.OnceValues(func() (*Fonts, error) {
	f, err := newFonts("embedded:Go-Regular", "embedded:Go-Bold", goregular.TTF, gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("embedded Go fonts: %w", err)
	}
	return f, nil
})

// EmbeddedFonts are the fonts built into the binary (the Go fonts).
func EmbeddedFonts() (*Fonts, error) { return embeddedFonts() }

// FontsFor picks the fonts a certificate in lang is drawn with: the machine's
// certificate font when there is one (it covers Latin and Chinese), else the
// embedded Go fonts for an English certificate. A zh-TW certificate without a
// machine font is ErrNoCJKFont.
func FontsFor(system *Fonts, lang string) (*Fonts, error) {
	switch {
	case system != nil:
		return system, nil
	case lang == LangTraditionalChinese:
		return nil, ErrNoCJKFont
	}
	return EmbeddedFonts()
}
