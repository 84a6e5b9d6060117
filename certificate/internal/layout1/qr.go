// FROZEN: layout 1 (wipestation-layout/1), as drawn by the release at commit
// 3ed9d9e (certificate/qr.go there). Never edit this file: certificates issued by
// that release are verified by drawing their pages again with exactly this code
// (docs/certificate.md, "Layout versions").

package layout1

import (
	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/qr"
)

// qrMark tags the QR code's drawing in the page content (a marked-content
// sequence, PDF 32000-1 14.6), so that `cert verify` can compare exactly the
// modules drawn with those the embedded record calls for.
const qrMark = "/WipestationQR BMC\n"

// drawQR draws payload as a QR code of size mm at (x, y): dark modules as vector
// rectangles, one per horizontal run, so it prints sharp at any resolution and
// costs a few kilobytes. The quiet zone is inside size.
func drawQR(pdf *fpdf.Fpdf, x, y, size float64, payload string) {
	code, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		pdf.SetError(err)
		return
	}
	n := code.Bounds().Dx()
	const quiet = 2 // modules of white border inside the box
	m := size / float64(n+2*quiet)
	pdf.RawWriteStr(qrMark)
	pdf.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !dark(code.At(col, row)) {
				col++
				continue
			}
			start := col
			for col < n && dark(code.At(col, row)) {
				col++
			}
			pdf.Rect(x+float64(quiet+start)*m, y+float64(quiet+row)*m, float64(col-start)*m, m, "F")
		}
	}
	pdf.RawWriteStr("EMC\n")
}

func dark(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, _, _, _ := c.RGBA()
	return r < 0x8000
}
