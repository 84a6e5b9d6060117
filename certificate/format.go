package certificate

import (
	"fmt"
	"math"

	"strconv"
	"strings"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
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
func (l *labels) describeMedia(d devices.Device) string {
	var kind string
	switch d.Kind {
	case devices.KindOptical:
		kind = "Optical disc"
	case devices.KindPhone:
		kind = "Phone / tablet"
	case devices.KindCard:
		kind = "Memory card"
	case devices.KindDisk:
		switch {
		case d.Transport == devices.TransportFile:
			kind = "Image file"
		case d.Transport == devices.TransportLoop:
			kind = "Loop device (virtual)"
		case d.Transport == devices.TransportNVMe:
			kind = "NVMe SSD"
		case d.Rotational:
			kind = "Hard disk drive"
		case d.Transport == devices.TransportUSB || d.Transport == devices.TransportUAS:
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
	if d.Transport != "" && d.Transport != devices.TransportFile && d.Transport != devices.TransportLoop {
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
func serial(d devices.Device) string {
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

// backup says whether the data was backed up as far as the record shows it: Yes
// only for a backup the job made and verified (the record's Backup); an
// operator's "Yes" alone is a claim, so it prints as unknown with what was
// stated.
func (l *labels) backup(rec *wipe.Record) (backedUp, location string) {
	if b := rec.Backup; b != nil {
		loc := b.Location
		if b.SHA256 != "" {
			loc += ", SHA-256 " + b.SHA256
		}
		if b.SizeBytes > 0 {
			loc += ", " + humanBytes(b.SizeBytes)
		}
		if !b.Verified {
			return l.backupUnverified, loc
		}
		return l.word("Yes"), loc
	}
	loc := rec.Details.BackupLocation
	if loc != "" {
		loc += l.stated
	}
	switch v := rec.Details.DataBackedUp; v {
	case "No":
		return l.word(v), loc
	case "Yes":
		return l.backupClaimed, loc
	default:
		return l.word("Unknown"), loc
	}
}

func (l *labels) verificationMethod(v wipe.Verification) string {
	mode := l.verifyMode[v.Mode]
	if mode == "" {
		mode = v.Mode
	}
	method := v.Method.In(l.lang)
	switch {
	case mode == "":
		return method
	case method == "":
		return mode
	default:
		return mode + l.colon + method
	}
}

// verified is the word for a positive verification: a wipe's read-back passed;
// a destruction's remains were looked at, which is not a verification by
// reading the medium.
func (l *labels) verified(rec *wipe.Record) string {
	if rec.Status == wipe.StatusDestroyed {
		return l.inspected
	}
	return l.verifyPassed
}

func (l *labels) verificationResult(rec *wipe.Record) string {
	v := rec.Verification
	if rec.Status == wipe.StatusDestroyed {
		if v.Verified {
			return l.inspectedResult
		}
		return l.attestedResult
	}
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

func (l *labels) hidden(h *wipe.HiddenAreaOutcome) string {
	if h == nil {
		return ""
	}
	c := l.covered
	if !h.Covered {
		c = l.notCovered
	}
	return l.hiddenFmt(groupDigits(int64(h.NativeSectors)), groupDigits(int64(h.AccessibleSectors)), c)
}

// Long lists are shortened on the page; record.json, embedded in the PDF, has
// every entry, and the page says how many it leaves out.
const (
	// condensePasses: a method with more passes than this prints its pass list
	// grouped ("passes 1-4/35: random", the fixed patterns in one list).
	condensePasses = 8
	// exceptionsHead and exceptionsTail are the exceptions printed when there are
	// more than their sum: the first ones, then the last (the summary lines).
	exceptionsHead, exceptionsTail = 6, 3
	// rangesShown are the failed ranges listed.
	rangesShown = 5
)

// methodDetailLines are the method details in the certificate's language, with a
// long list of passes grouped: consecutive passes that write the same thing as
// one line, consecutive fixed patterns as one list in order. A 35-pass Gutmann
// prints in five lines instead of 35; every pass is still there.
func (l *labels) methodDetailLines(details []msg.Message) []string {
	type pass struct {
		n, of int
		what  msg.Message
	}
	// parse reads the overwrite engine's detail for one pass (msg.OverwritePass:
	// "pass 3/35: 0x55").
	parse := func(m msg.Message) (pass, bool) {
		if m.ID != msg.OverwritePass || len(m.Args) != 3 || m.Args[2].Msg == nil {
			return pass{}, false
		}
		n, err1 := strconv.Atoi(m.Args[0].Text)
		of, err2 := strconv.Atoi(m.Args[1].Text)
		return pass{n, of, *m.Args[2].Msg}, err1 == nil && err2 == nil
	}
	// fixedPattern reports whether a pass writes fixed bytes (not the random stream).
	fixedPattern := func(m msg.Message) bool { return m.ID == msg.OverwritePattern }
	var out []string
	for i := 0; i < len(details); {
		// The run of consecutive passes of one method starting at i.
		var run []pass
		for j := i; j < len(details); j++ {
			p, ok := parse(details[j])
			if !ok || len(run) > 0 && (p.of != run[0].of || p.n != run[len(run)-1].n+1) {
				break
			}
			run = append(run, p)
		}
		if len(run) <= condensePasses {
			n := max(len(run), 1)
			for _, d := range details[i : i+n] {
				out = append(out, d.In(l.lang))
			}
			i += n
			continue
		}
		for k := 0; k < len(run); {
			first := run[k]
			end := k + 1
			fixed := fixedPattern(first.what)
			for end < len(run) && (fixed && fixedPattern(run[end].what) || !fixed && run[end].what.String() == first.what.String()) {
				end++
			}
			last := run[end-1]
			switch {
			case end-k == 1:
				out = append(out, msg.New(msg.OverwritePass, first.n, first.of, first.what).In(l.lang))
			case !fixed:
				out = append(out, l.passRange(first.n, last.n, first.of, first.what.In(l.lang)))
			default:
				patterns := make([]string, 0, end-k)
				for _, p := range run[k:end] {
					patterns = append(patterns, p.what.In(l.lang))
				}
				out = append(out, l.passList(first.n, last.n, first.of, patterns))
			}
			k = end
		}
		i += len(run)
	}
	return out
}

// exceptions lists everything an auditor must know that is not a clean pass.
func (l *labels) exceptions(rec *wipe.Record, whyNot *msg.Message) []string {
	var out []string
	if whyNot != nil {
		out = append(out, l.reason+l.colon+whyNot.In(l.lang))
	}
	exc := rec.Exceptions
	if n := len(exc); n > exceptionsHead+exceptionsTail+1 {
		for _, e := range exc[:exceptionsHead] {
			out = append(out, e.In(l.lang))
		}
		out = append(out, l.moreExceptions(n-exceptionsHead-exceptionsTail))
		exc = exc[n-exceptionsTail:]
	}
	for _, e := range exc {
		out = append(out, e.In(l.lang))
	}
	if n := len(rec.Errors); n > 0 {
		out = append(out, fmt.Sprintf("%d %s%s", n, l.rangeErrors, strings.TrimSpace(l.colon)))
		for i, e := range rec.Errors {
			if i == rangesShown {
				out = append(out, l.moreRanges(n-rangesShown))
				break
			}
			out = append(out, l.rangeLine(msg.New(wipe.PhaseWord(e.Phase)).In(l.lang), e.Pass, groupDigits(e.Offset), groupDigits(e.Length), e.Err))
		}
	}
	return out
}
