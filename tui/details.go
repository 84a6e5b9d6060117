package tui

import (
	"fmt"
	"strings"

	"github.com/wipestation/wipestation/devices"
)

// detailsView shows everything discovery knows about one device: identity,
// capabilities, hidden areas, and each recommendation with why.
type detailsView struct {
	page
	device devices.Device
}

func (v *detailsView) show(d devices.Device) {
	v.device, v.offset = d, 0
}

func (v *detailsView) scroll(delta int) { v.page.scroll(delta, len(v.lines(DefaultStyles()))) }

// View renders the visible part of the details.
func (v *detailsView) View(s Styles) string { return v.render(v.lines(s)) }

// page is a screen of facts that scrolls (details, a result).
type page struct {
	offset int
	width  int
	height int
}

// SetSize sets the area the page renders into.
func (p *page) SetSize(width, height int) { p.width, p.height = width, height }

// scroll moves by delta lines over a text of n lines.
func (p *page) scroll(delta, n int) { p.offset = max(0, min(p.offset+delta, n-p.height)) }

// render is the visible part of lines.
func (p *page) render(lines []string) string {
	start := min(p.offset, max(0, len(lines)-1))
	return fitLines(lines[start:], p.width, p.height)
}

// labelWidth is the label column of a facts screen (details, a result).
const labelWidth = 21

// kvLines is a labelled value wrapped in full to width, the lines after the
// first indented under the value.
func kvLines(s Styles, label, value string, width int) []string {
	var out []string
	for i, l := range wrap(value, width-labelWidth) {
		if i == 0 {
			out = append(out, s.Label.Render(cell("  "+label, labelWidth-1))+" "+l)
			continue
		}
		out = append(out, strings.Repeat(" ", labelWidth)+l)
	}
	return out
}

func (v *detailsView) lines(s Styles) []string {
	d := v.device
	var lines []string
	kv := func(label, value string) {
		lines = append(lines, kvLines(s, label, value, v.width)...)
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	lines = append(lines, s.Header.Render("Identity"))
	kv("Vendor / model", deviceTitle(d.Vendor, d.Model))
	kv("Serial", orDash(d.Serial))
	kv("Path", d.Path)
	if d.BridgeSerial != "" || d.USBVendorID != "" {
		kv("USB bridge", fmt.Sprintf("%s:%s serial %s", orDash(d.USBVendorID), orDash(d.USBProductID), orDash(d.BridgeSerial)))
	}
	if d.WWN != "" {
		kv("WWN", d.WWN)
	}
	kv("Kind / transport", fmt.Sprintf("%s / %s", d.Kind, orDash(string(d.Transport))))
	kv("Size", fmt.Sprintf("%s (%d bytes), sectors %d/%d", formatBytes(d.SizeBytes), d.SizeBytes, d.LogicalSectorBytes, d.PhysicalSectorBytes))
	kv("Firmware", orDash(d.Firmware))
	kv("Bay / port", orDash(d.BusPath))
	kv("Flags", fmt.Sprintf("rotational %s · removable %s · read-only %s · virtual %s", yes(d.Rotational), yes(d.Removable), yes(d.ReadOnly), yes(d.Virtual)))
	if d.Eligible {
		kv("Eligible", s.OK.Render("yes"))
	} else {
		kv("Eligible", s.Bad.Render("NO: "+orDash(ineligibleReason(d))))
	}

	lines = append(lines, "", s.Header.Render("Capabilities"))
	c := d.Capabilities
	probed := false
	if a := c.ATA; a != nil {
		probed = true
		kv("ATA security", fmt.Sprintf("supported %s · enabled %s · locked %s · frozen %s · enhanced %s",
			yes(a.SecuritySupported), yes(a.SecurityEnabled), yes(a.SecurityLocked), yes(a.SecurityFrozen), yes(a.EnhancedEraseSupported)))
		if a.NormalEraseMinutes > 0 || a.EnhancedEraseMinutes > 0 {
			kv("ATA erase time", fmt.Sprintf("normal %d min · enhanced %d min", a.NormalEraseMinutes, a.EnhancedEraseMinutes))
		}
		kv("ATA sanitize", fmt.Sprintf("supported %s · crypto %s · block %s · overwrite %s",
			yes(a.SanitizeSupported), yes(a.SanitizeCrypto), yes(a.SanitizeBlockErase), yes(a.SanitizeOverwrite)))
	}
	if n := c.NVMe; n != nil {
		probed = true
		kv("NVMe format", fmt.Sprintf("supported %s · crypto %s · all namespaces %s", yes(n.FormatSupported), yes(n.FormatCryptoErase), yes(n.FormatAppliesToAllNamespaces)))
		kv("NVMe sanitize", fmt.Sprintf("crypto %s · block %s · overwrite %s", yes(n.SanitizeCrypto), yes(n.SanitizeBlockErase), yes(n.SanitizeOverwrite)))
	}
	if sc := c.SCSI; sc != nil {
		probed = true
		kv("SCSI sanitize", fmt.Sprintf("crypto %s · block %s · overwrite %s", sc.SanitizeCrypto, sc.SanitizeBlockErase, sc.SanitizeOverwrite))
	}
	if f := c.BlockFormat; f != nil {
		text := fmt.Sprintf("%d blocks of %d bytes · protection type %d · FORMAT UNIT %s", f.LogicalBlocks, f.LogicalBlockBytes, f.ProtectionType, f.FormatUnit)
		if f.NeedsReformat {
			text = s.Warn.Render("NEEDS REFORMAT: " + text)
		}
		kv("Block format", text)
	}
	if e := c.SED; e != nil {
		probed = true
		locked := yes(e.Locked)
		if e.Locked {
			locked = s.Warn.Render("YES")
		}
		kv("Self-encrypting", fmt.Sprintf("TCG %s · locking enabled %s · locked %s · media encryption %s · PSID revert %s",
			e.SSC, yes(e.LockingEnabled), locked, yes(e.MediaEncryption), yes(e.PSIDRevert)))
	}
	if o := c.Optical; o != nil {
		probed = true
		kv("Disc", fmt.Sprintf("%s (%s) · blank %s · erasable %s %s", orDash(o.ProfileName), o.Media, yes(o.Blank), yes(o.Erasable), o.VolumeLabel))
	}
	if p := c.Phone; p != nil {
		probed = true
		kv("Phone", fmt.Sprintf("%s %s · %s · encrypted %s", p.Manufacturer, p.Product, strings.Join(p.Protocols, ","), p.Encrypted))
		for _, st := range p.Storages {
			kv("  storage", fmt.Sprintf("%s %s, %s free", st.Description, formatBytes(int64(st.MaxBytes)), formatBytes(int64(st.FreeBytes))))
		}
	}
	if !probed {
		lines = append(lines, s.Dim.Render("  none probed (host overwrite only)"))
	}
	switch h := c.HiddenArea; {
	case h == nil:
		kv("Hidden areas", "not probed")
	case h.Hidden():
		kv("Hidden areas", s.Warn.Render(fmt.Sprintf("YES: native %d sectors, accessible %d (HPA %s, DCO %s)", h.NativeSectors, h.AccessibleSectors, yes(h.HPA), yes(h.DCO))))
	default:
		kv("Hidden areas", fmt.Sprintf("none (%d sectors)", h.NativeSectors))
	}
	// A loop device or image file answers no drive commands: the probes that
	// tried are not news about it.
	if d.Virtual && len(c.ProbeErrors) > 0 {
		lines = append(lines, s.Dim.Render("  drive commands do not apply to a loop device or image file"))
	} else {
		for _, e := range c.ProbeErrors {
			kv("Probe error", s.Warn.Render(e))
		}
	}
	lines = append(lines, healthLines(d, s, func(label, value string) []string { return kvLines(s, label, value, v.width) })...)

	lines = append(lines, "", s.Header.Render("Recommended methods (strongest first)"))
	if len(d.Recommendations) == 0 {
		lines = append(lines, s.Dim.Render("  none"))
	}
	for i, r := range d.Recommendations {
		lines = append(lines, fmt.Sprintf("  %d. %s %s", i+1, cell(r.Method, 26), r.Class))
		for _, l := range wrap(r.Reason.String(), v.width-6) {
			lines = append(lines, "      "+s.Dim.Render(l))
		}
	}
	return lines
}
