package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// recordReason is why a record's job did not end erased, as the TUI shows it.
// Every place the TUI shows a record's reason goes through here.
func recordReason(rec *wipe.Record) string { return msg.Text(rec.Reason) }

// recordExceptions are what an auditor must know about a record's job, as the
// TUI shows them.
func recordExceptions(rec *wipe.Record) []string { return msg.Texts(rec.Exceptions) }

// resultView is one finished job in full: the record's facts, the reason, and
// where the certificate and the record are, every value wrapped, never cut.
type resultView struct {
	page
	row *jobRow
}

func (v *resultView) show(r *jobRow) { v.row, v.offset = r, 0 }

func (v *resultView) scroll(delta int) { v.page.scroll(delta, len(v.lines(DefaultStyles()))) }

// View renders the visible part of the result.
func (v *resultView) View(s Styles) string { return v.render(v.lines(s)) }

func (v *resultView) lines(s Styles) []string {
	r := v.row
	if r == nil {
		return nil
	}
	var lines []string
	kv := func(label, value string) {
		lines = append(lines, kvLines(s, label, value, v.width)...)
	}
	kv("Status", statusStyle(s, r.status).Render(strings.ToUpper(string(r.status))))
	rec := r.record
	if rec != nil {
		kv("Certificate ID", s.Accent.Render(orDash(rec.CertificateID)))
	}
	if r.reason != "" {
		kv("Reason", s.Bad.Render(r.reason))
	}
	if rec != nil {
		for _, e := range recordExceptions(rec) {
			kv("Exception", s.Warn.Render(e))
		}
	}
	if r.filing != "" {
		kv("Not filed", s.Bad.Render(r.filing))
	}
	kv("Certificate", orDash(r.certPath))
	kv("Record", orDash(r.recordPath))
	lines = append(lines, "")
	d := r.device
	if rec != nil && rec.Device.Path != "" {
		d = rec.Device
	}
	kv("Device", d.Path)
	kv("Vendor / model", deviceTitle(d.Vendor, d.Model))
	kv("Serial", orDash(d.Serial))
	kv("Size", formatBytes(d.SizeBytes))
	method := orDash(r.method)
	if r.bayMode {
		method += " (bay mode)"
	}
	kv("Method", method)
	if rec == nil {
		return lines
	}
	san := rec.Sanitization
	kv("Class / technique", fmt.Sprintf("%s / %s", orDash(string(san.Class)), orDash(san.Technique)))
	det := rec.Details
	kv("Operator", orDash(strings.TrimSpace(det.Operator.Name+" "+det.Operator.Title)))
	kv("Organization", orDash(det.Operator.Organization))
	kv("Asset tag", orDash(det.AssetTag))
	kv("Customer/source", orDash(det.Source))
	kv("Classification", orDash(det.Classification))
	kv("Destination", orDash(det.Destination))
	kv("Started", stamp(rec.Started))
	kv("Finished", stamp(rec.Finished))
	kv("Written", fmt.Sprintf("%s (%d bytes)", formatBytes(rec.BytesWritten), rec.BytesWritten))
	ver := rec.Verification
	verified := "no"
	if ver.Verified {
		verified = "yes"
	}
	kv("Verified", fmt.Sprintf("%s · %s · read %s · %d mismatching blocks", verified, orDash(ver.Mode), formatBytes(ver.BytesRead), ver.Mismatches))
	kv("Unwritten ranges", fmt.Sprint(len(rec.Errors)))
	return lines
}

// stamp is a record's time as a technician reads it.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}
