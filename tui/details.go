package tui

import (
	"fmt"
	"strings"

	"github.com/wipestation/wipestation/devices"
)

// detailsView shows everything discovery knows about one device: identity,
// capabilities, hidden areas, and each recommendation with why.
type detailsView struct {
	device devices.Device
	offset int
	width  int
	height int
}

// SetSize sets the area the details render into.
func (v *detailsView) SetSize(width, height int) { v.width, v.height = width, height }

func (v *detailsView) show(d devices.Device) {
	v.device, v.offset = d, 0
}

func (v *detailsView) scroll(delta int) {
	v.offset = max(0, min(v.offset+delta, len(v.lines(DefaultStyles()))-v.height))
}

// View renders the visible part of the details.
func (v *detailsView) View(s Styles) string {
	lines := v.lines(s)
	start := min(v.offset, max(0, len(lines)-1))
	return fitLines(lines[start:], v.width, v.height)
}

func (v *detailsView) lines(s Styles) []string {
	d := v.device
	kv := func(label, value string) string {
		return s.Label.Render(fmt.Sprintf("  %-18s", label)) + " " + value
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	lines := []string{s.Header.Render("Identity")}
	lines = append(lines,
		kv("Vendor / model", deviceTitle(d.Vendor, d.Model)),
		kv("Serial", orDash(d.Serial)),
	)
	if d.BridgeSerial != "" || d.USBVendorID != "" {
		lines = append(lines, kv("USB bridge", fmt.Sprintf("%s:%s serial %s", orDash(d.USBVendorID), orDash(d.USBProductID), orDash(d.BridgeSerial))))
	}
	if d.WWN != "" {
		lines = append(lines, kv("WWN", d.WWN))
	}
	lines = append(lines,
		kv("Kind / transport", fmt.Sprintf("%s / %s", d.Kind, orDash(string(d.Transport)))),
		kv("Size", fmt.Sprintf("%s (%d bytes), sectors %d/%d", formatBytes(d.SizeBytes), d.SizeBytes, d.LogicalSectorBytes, d.PhysicalSectorBytes)),
		kv("Firmware", orDash(d.Firmware)),
		kv("Bay / port", orDash(d.BusPath)),
		kv("Flags", fmt.Sprintf("rotational %s · removable %s · read-only %s · virtual %s", yes(d.Rotational), yes(d.Removable), yes(d.ReadOnly), yes(d.Virtual))),
	)
	if d.Eligible {
		lines = append(lines, kv("Eligible", s.OK.Render("yes")))
	} else {
		lines = append(lines, kv("Eligible", s.Bad.Render("NO: "+orDash(ineligibleReason(d)))))
	}

	lines = append(lines, "", s.Header.Render("Capabilities"))
	c := d.Capabilities
	probed := false
	if a := c.ATA; a != nil {
		probed = true
		lines = append(lines, kv("ATA security", fmt.Sprintf("supported %s · enabled %s · locked %s · frozen %s · enhanced %s",
			yes(a.SecuritySupported), yes(a.SecurityEnabled), yes(a.SecurityLocked), yes(a.SecurityFrozen), yes(a.EnhancedEraseSupported))))
		if a.NormalEraseMinutes > 0 || a.EnhancedEraseMinutes > 0 {
			lines = append(lines, kv("ATA erase time", fmt.Sprintf("normal %d min · enhanced %d min", a.NormalEraseMinutes, a.EnhancedEraseMinutes)))
		}
		lines = append(lines, kv("ATA sanitize", fmt.Sprintf("supported %s · crypto %s · block %s · overwrite %s",
			yes(a.SanitizeSupported), yes(a.SanitizeCrypto), yes(a.SanitizeBlockErase), yes(a.SanitizeOverwrite))))
	}
	if n := c.NVMe; n != nil {
		probed = true
		lines = append(lines,
			kv("NVMe format", fmt.Sprintf("supported %s · crypto %s · all namespaces %s", yes(n.FormatSupported), yes(n.FormatCryptoErase), yes(n.FormatAppliesToAllNamespaces))),
			kv("NVMe sanitize", fmt.Sprintf("crypto %s · block %s · overwrite %s", yes(n.SanitizeCrypto), yes(n.SanitizeBlockErase), yes(n.SanitizeOverwrite))))
	}
	if sc := c.SCSI; sc != nil {
		probed = true
		lines = append(lines, kv("SCSI sanitize", fmt.Sprintf("crypto %s · block %s · overwrite %s", sc.SanitizeCrypto, sc.SanitizeBlockErase, sc.SanitizeOverwrite)))
	}
	if f := c.BlockFormat; f != nil {
		text := fmt.Sprintf("%d blocks of %d bytes · protection type %d · FORMAT UNIT %s", f.LogicalBlocks, f.LogicalBlockBytes, f.ProtectionType, f.FormatUnit)
		if f.NeedsReformat {
			text = s.Warn.Render("NEEDS REFORMAT: " + text)
		}
		lines = append(lines, kv("Block format", text))
	}
	if e := c.SED; e != nil {
		probed = true
		locked := yes(e.Locked)
		if e.Locked {
			locked = s.Warn.Render("YES")
		}
		lines = append(lines, kv("Self-encrypting", fmt.Sprintf("TCG %s · locking enabled %s · locked %s · media encryption %s · PSID revert %s",
			e.SSC, yes(e.LockingEnabled), locked, yes(e.MediaEncryption), yes(e.PSIDRevert))))
	}
	if o := c.Optical; o != nil {
		probed = true
		lines = append(lines, kv("Disc", fmt.Sprintf("%s (%s) · blank %s · erasable %s %s", orDash(o.ProfileName), o.Media, yes(o.Blank), yes(o.Erasable), o.VolumeLabel)))
	}
	if p := c.Phone; p != nil {
		probed = true
		lines = append(lines, kv("Phone", fmt.Sprintf("%s %s · %s · encrypted %s", p.Manufacturer, p.Product, strings.Join(p.Protocols, ","), p.Encrypted)))
		for _, st := range p.Storages {
			lines = append(lines, kv("  storage", fmt.Sprintf("%s %s, %s free", st.Description, formatBytes(int64(st.MaxBytes)), formatBytes(int64(st.FreeBytes)))))
		}
	}
	if !probed {
		lines = append(lines, s.Dim.Render("  none probed (host overwrite only)"))
	}
	switch h := c.HiddenArea; {
	case h == nil:
		lines = append(lines, kv("Hidden areas", "not probed"))
	case h.Hidden():
		lines = append(lines, kv("Hidden areas", s.Warn.Render(fmt.Sprintf("YES: native %d sectors, accessible %d (HPA %s, DCO %s)", h.NativeSectors, h.AccessibleSectors, yes(h.HPA), yes(h.DCO)))))
	default:
		lines = append(lines, kv("Hidden areas", fmt.Sprintf("none (%d sectors)", h.NativeSectors)))
	}
	for _, e := range c.ProbeErrors {
		lines = append(lines, kv("Probe error", s.Warn.Render(e)))
	}
	lines = append(lines, healthLines(d, s, kv)...)

	lines = append(lines, "", s.Header.Render("Recommended methods (strongest first)"))
	if len(d.Recommendations) == 0 {
		lines = append(lines, s.Dim.Render("  none"))
	}
	for i, r := range d.Recommendations {
		lines = append(lines, fmt.Sprintf("  %d. %-26s %-8s %s", i+1, r.Method, r.Class, s.Dim.Render(r.Reason.String())))
	}
	return lines
}
