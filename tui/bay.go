package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/wipestation/wipestation/devices"
)

// bayView is the device bay: every medium discovery reports, keyed by path, with
// the cursor and the selection. It renders two lines per device.
type bayView struct {
	devices  []devices.Device // sorted by path
	selected map[string]bool
	cursor   int
	width    int
	height   int
}

func newBayView() bayView {
	return bayView{selected: map[string]bool{}}
}

// SetSize sets the area the bay renders into.
func (b *bayView) SetSize(width, height int) { b.width, b.height = width, height }

// index is the position of path in the bay, or -1.
func (b *bayView) index(path string) int {
	return slices.IndexFunc(b.devices, func(d devices.Device) bool { return d.Path == path })
}

// device returns the medium at path.
func (b *bayView) device(path string) (devices.Device, bool) {
	if i := b.index(path); i >= 0 {
		return b.devices[i], true
	}
	return devices.Device{}, false
}

// current is the device under the cursor.
func (b *bayView) current() (devices.Device, bool) {
	if b.cursor < 0 || b.cursor >= len(b.devices) {
		return devices.Device{}, false
	}
	return b.devices[b.cursor], true
}

// setAll replaces the list (a full discovery), keeping the cursor on the same
// device and the selection of devices that are still there and still eligible.
func (b *bayView) setAll(devs []devices.Device) {
	cur, _ := b.current()
	b.devices = slices.Clone(devs)
	slices.SortStableFunc(b.devices, func(x, y devices.Device) int { return strings.Compare(x.Path, y.Path) })
	for path := range b.selected {
		if d, ok := b.device(path); !ok || !d.Eligible {
			delete(b.selected, path)
		}
	}
	b.cursor = max(0, b.index(cur.Path))
	b.clamp()
}

// upsert adds or replaces one device and returns what was there before.
func (b *bayView) upsert(d devices.Device) (prev devices.Device, existed bool) {
	cur, _ := b.current()
	if i := b.index(d.Path); i >= 0 {
		prev, existed = b.devices[i], true
		b.devices[i] = d
	} else {
		b.devices = append(b.devices, d)
		slices.SortStableFunc(b.devices, func(x, y devices.Device) int { return strings.Compare(x.Path, y.Path) })
	}
	if !d.Eligible {
		delete(b.selected, d.Path)
	}
	if cur.Path != "" {
		b.cursor = max(0, b.index(cur.Path))
	}
	b.clamp()
	return prev, existed
}

// remove drops the device at path.
func (b *bayView) remove(path string) (devices.Device, bool) {
	i := b.index(path)
	if i < 0 {
		return devices.Device{}, false
	}
	d := b.devices[i]
	b.devices = slices.Delete(b.devices, i, i+1)
	delete(b.selected, path)
	if b.cursor > i {
		b.cursor--
	}
	b.clamp()
	return d, true
}

func (b *bayView) clamp() {
	b.cursor = min(b.cursor, len(b.devices)-1)
	b.cursor = max(b.cursor, 0)
}

// focus puts the cursor on path, so that it is in view.
func (b *bayView) focus(path string) {
	if i := b.index(path); i >= 0 {
		b.cursor = i
	}
}

func (b *bayView) move(delta int) {
	b.cursor += delta
	b.clamp()
}

// toggle selects or unselects the device under the cursor; busy says which paths
// have a job running and cannot be selected. It returns why not, if it cannot.
func (b *bayView) toggle(busy func(string) bool) string {
	d, ok := b.current()
	switch {
	case !ok:
		return "no device"
	case !d.Eligible:
		return fmt.Sprintf("%s cannot be selected: %s", d.Path, orDash(ineligibleReason(d)))
	case busy(d.Path):
		return fmt.Sprintf("%s has a job running", d.Path)
	}
	if b.selected[d.Path] {
		delete(b.selected, d.Path)
	} else {
		b.selected[d.Path] = true
	}
	return ""
}

// toggleAll selects every eligible idle device, or clears the selection when they
// all are selected already.
func (b *bayView) toggleAll(busy func(string) bool) {
	var candidates []string
	for _, d := range b.devices {
		if d.Eligible && !busy(d.Path) {
			candidates = append(candidates, d.Path)
		}
	}
	all := len(candidates) > 0
	for _, p := range candidates {
		all = all && b.selected[p]
	}
	clear(b.selected)
	if !all {
		for _, p := range candidates {
			b.selected[p] = true
		}
	}
}

// selection is the selected devices in bay order.
func (b *bayView) selection() []devices.Device {
	var out []devices.Device
	for _, d := range b.devices {
		if b.selected[d.Path] {
			out = append(out, d)
		}
	}
	return out
}

// eligibleCount counts the devices that may be selected.
func (b *bayView) eligibleCount() int {
	n := 0
	for _, d := range b.devices {
		if d.Eligible {
			n++
		}
	}
	return n
}

// View renders the bay. status gives the job state of a path ("" when it never
// had one), busy whether that job is still running.
func (b *bayView) View(s Styles, status func(path string) string, busy func(path string) bool) string {
	if len(b.devices) == 0 {
		lines := []string{
			"",
			"  No media found.",
			"",
			s.Dim.Render("  Plug in a drive, stick or card: it appears here by itself."),
			s.Dim.Render("  Press r to scan again."),
		}
		return fitLines(lines, b.width, b.height)
	}
	// The serial column is as wide as the longest serial (at most 20), so that
	// the state (an ineligible device's reason) has all the room left.
	serialWidth := 1
	for _, d := range b.devices {
		serialWidth = max(serialWidth, min(20, ansi.StringWidth(orDash(d.Serial))))
	}
	// Rows differ in height (a long reason wraps): render them all, then show
	// the window that ends with the cursor's row when it would not fit from
	// the top.
	var lines []string
	cursorEnd := 0
	for i, d := range b.devices {
		lines = append(lines, b.row(s, d, i == b.cursor, status(d.Path), busy(d.Path), serialWidth)...)
		if i == b.cursor {
			cursorEnd = len(lines)
		}
	}
	if start := cursorEnd - b.height; start > 0 {
		lines = lines[start:]
	}
	return fitLines(lines, b.width, b.height)
}

// row renders one device: identity on the first line; bay, serial and state on
// the second, the state wrapped under itself when it is longer than the line.
func (b *bayView) row(s Styles, d devices.Device, isCursor bool, jobStatus string, busy bool, serialWidth int) []string {
	pointer := "  "
	if isCursor {
		pointer = "> "
	}
	box := "[ ]"
	switch {
	case busy:
		box = "[*]"
	case !d.Eligible:
		box = " - "
	case b.selected[d.Path]:
		box = s.Selected.Render("[x]")
	}
	first := pathCell(d.Path, 14) + " " + cell(string(d.Kind), 7) + " " + cell(orDash(string(d.Transport)), 6) + " " + cellRight(sizeText(d), 9) + "  " + deviceTitle(d.Vendor, d.Model)
	if isCursor {
		first = s.Cursor.Render(fit(first, max(0, b.width-6)))
	}
	var state string
	style := s.Accent
	switch {
	case busy:
		state, style = jobStatus, s.Warn
	case !d.Eligible:
		state, style = "NOT ELIGIBLE: "+orDash(ineligibleReason(d)), s.Bad
	case jobStatus != "":
		state = jobStatus
	default:
		if r, ok := recommended(d); ok {
			state, style = fmt.Sprintf("%s (%s)", r.Method, r.Class), s.OK
		} else {
			state, style = noRecommendation(d), s.Warn
		}
	}
	prefix := "      " + cell(shortBay(d.BusPath), 16) + " S/N " + cell(orDash(d.Serial), serialWidth) + "  "
	indent := ansi.StringWidth(prefix)
	out := []string{pointer + box + " " + first}
	for i, l := range wrap(state, b.width-indent) {
		if i == 0 {
			out = append(out, prefix+style.Render(l))
			continue
		}
		out = append(out, strings.Repeat(" ", indent)+style.Render(l))
	}
	return out
}

// sizeText is a medium's size as the bay shows it.
func sizeText(d devices.Device) string {
	switch {
	case d.SizeBytes > 0:
		return formatBytes(d.SizeBytes)
	case d.Kind == devices.KindPhone:
		return "-" // a phone's storages are in its details
	default:
		return "no medium"
	}
}
