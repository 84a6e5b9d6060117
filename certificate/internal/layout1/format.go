// FROZEN: layout 1 (wipestation-layout/1), as drawn by the release at commit
// 3ed9d9e (certificate/format.go there). Never edit this file: certificates issued by
// that release are verified by drawing their pages again with exactly this code
// (docs/certificate.md, "Layout versions").

package layout1

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The formats below turn record values into the words printed on a certificate.
// They read only what survives the record's JSON encoding (for example a time's
// offset, not its zone name), because `cert verify` renders the page again from
// the embedded JSON and compares.

// timeLayout prints a time with its UTC offset, which is all JSON keeps of a zone.
const timeLayout = "2006-01-02 15:04:05 -07:00"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(timeLayout)
}

// humanBytes prints a size in decimal units, as drive makers label capacity.
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// groupDigits prints n with thousands separators: 500,107,862,016.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func (l *labels) exactBytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d %s", n, l.bytesUnit)
	}
	return fmt.Sprintf("%s %s (%s)", groupDigits(n), l.bytesUnit, humanBytes(n))
}

func (l *labels) formatDuration(seconds float64) string {
	if seconds <= 0 || math.IsNaN(seconds) {
		return l.durationFmt(0, 0, 0)
	}
	s := int(math.Round(seconds))
	return l.durationFmt(s/3600, s/60%60, s%60)
}

// mediaType describes the medium as Appendix G's "Media Type".
func (l *labels) describeMedia(d device) string {
	var kind string
	switch d.Kind {
	case kindOptical:
		kind = "Optical disc"
	case kindPhone:
		kind = "Phone / tablet"
	case kindCard:
		kind = "Memory card"
	case kindDisk:
		switch {
		case d.Transport == transportFile:
			kind = "Image file (demo)"
		case d.Transport == transportLoop:
			kind = "Loop device (virtual)"
		case d.Transport == transportNVMe:
			kind = "NVMe SSD"
		case d.Rotational:
			kind = "Hard disk drive"
		case d.Transport == transportUSB || d.Transport == transportUAS:
			if d.Removable {
				kind = "USB flash drive"
			} else {
				kind = "USB disk"
			}
		default:
			kind = "Solid-state drive"
		}
	default:
		kind = "Other"
	}
	parts := []string{l.word(kind)}
	if d.Transport != "" && d.Transport != transportFile && d.Transport != transportLoop {
		parts[0] += " (" + strings.ToUpper(string(d.Transport)) + ")"
	}
	if d.Capabilities.Optical != nil && d.Capabilities.Optical.ProfileName != "" {
		parts = append(parts, d.Capabilities.Optical.ProfileName)
	}
	if d.SizeBytes > 0 {
		parts = append(parts, humanBytes(d.SizeBytes))
	}
	return strings.Join(parts, ", ")
}

// serial is the medium's serial, with the USB bridge's serial when it differs.
func serial(d device) string {
	s := d.Serial
	if d.BridgeSerial != "" && d.BridgeSerial != d.Serial {
		if s == "" {
			s = "USB " + d.BridgeSerial
		} else {
			s += " (USB " + d.BridgeSerial + ")"
		}
	}
	return s
}

func (l *labels) backup(rec *record) (backedUp, location string) {
	if b := rec.Backup; b != nil {
		loc := b.Location
		if b.SHA256 != "" {
			loc += ", SHA-256 " + b.SHA256
		}
		if b.SizeBytes > 0 {
			loc += ", " + humanBytes(b.SizeBytes)
		}
		yes := l.word("Yes")
		if !b.Verified {
			yes += " (" + l.verifyNotChecked + ")"
		}
		return yes, loc
	}
	v := rec.Details.DataBackedUp
	if v == "" {
		v = "Unknown"
	}
	return l.word(v), rec.Details.BackupLocation
}

func (l *labels) verificationMethod(v verification) string {
	mode := l.verifyMode[v.Mode]
	if mode == "" {
		mode = v.Mode
	}
	method := l.translate(v.Method)
	switch {
	case mode == "":
		return method
	case method == "":
		return mode
	default:
		return mode + l.colon + method
	}
}

func (l *labels) verificationResult(v verification) string {
	var b strings.Builder
	switch {
	case v.Verified:
		b.WriteString(l.verifyPassed)
	case v.Mismatches > 0:
		b.WriteString(l.verifyFailed)
	default:
		b.WriteString(l.verifyNotChecked)
	}
	if v.BytesRead > 0 || v.Mismatches > 0 {
		b.WriteString(l.readBack(humanBytes(v.BytesRead), v.Mismatches))
	}
	if len(v.FirstMismatchOffsets) > 0 {
		offs := make([]string, len(v.FirstMismatchOffsets))
		for i, o := range v.FirstMismatchOffsets {
			offs[i] = groupDigits(o)
		}
		fmt.Fprintf(&b, " [%s]", strings.Join(offs, ", "))
	}
	return b.String()
}

func (l *labels) hidden(h *hiddenAreaOutcome) string {
	if h == nil {
		return ""
	}
	c := l.covered
	if !h.Covered {
		c = l.notCovered
	}
	return l.hiddenFmt(groupDigits(int64(h.NativeSectors)), groupDigits(int64(h.AccessibleSectors)), c)
}

// exceptions lists everything an auditor must know that is not a clean pass.
func (l *labels) exceptions(rec *record, whyNot string) []string {
	var out []string
	if whyNot != "" {
		out = append(out, l.reason+l.colon+l.translate(whyNot))
	}
	for _, e := range rec.Exceptions {
		out = append(out, l.translate(e))
	}
	if n := len(rec.Errors); n > 0 {
		out = append(out, fmt.Sprintf("%d %s%s", n, l.rangeErrors, strings.TrimSpace(l.colon)))
		const shown = 8
		for i, e := range rec.Errors {
			if i == shown {
				out = append(out, l.moreRanges(n-shown))
				break
			}
			out = append(out, l.rangeLine(e.Phase, e.Pass, groupDigits(e.Offset), groupDigits(e.Length), e.Err))
		}
	}
	return out
}
