package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// formatBytes prints a size the way drive labels do: decimal units, one decimal.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for v := n / unit; v >= unit && exp < 4; v /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTP"[exp])
}

// formatRate prints a throughput in decimal megabytes per second.
func formatRate(bytesPerSecond float64) string {
	if bytesPerSecond <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f MB/s", bytesPerSecond/1e6)
}

// formatDuration prints an ETA or a duration compactly: 45s, 3m12s, 2h05m.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	default:
		return fmt.Sprintf("%ds", s)
	}
}

// shortBay names the port a device hangs off from its bus path, keeping the part a
// technician can match to a bay: "pci-0000:00:14.0-usb-0:3:1.0" is "usb 0:3:1.0".
func shortBay(busPath string) string {
	if busPath == "" {
		return "-"
	}
	parts := strings.Split(busPath, "-")
	if len(parts) >= 2 {
		return parts[len(parts)-2] + " " + parts[len(parts)-1]
	}
	return busPath
}

// fit cuts s (which may hold ANSI styling) to width cells.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "~")
}

// fitLines cuts every line to width and pads or cuts the block to exactly height
// lines, so that the screen never scrolls and nothing moves between frames.
func fitLines(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:height]
	}
	out := make([]string, 0, height)
	for _, l := range lines {
		out = append(out, strings.TrimRight(fit(l, width), " "))
	}
	for len(out) < height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// shortPath fits a path into width cells, keeping its end (the part that
// tells image files apart, and a certificate's file name): "~/demo-disk-1.img".
func shortPath(path string, width int) string {
	w := ansi.StringWidth(path)
	if w <= width || width < 2 {
		return path
	}
	return "~" + ansi.TruncateLeft(path, w-width+1, "")
}

// pathCell is a device path as a column of width cells. A device node or a
// phone's address is shown whole, pushing the rest of its line along, since
// its start names the kind of device (mtp:, /dev/nvme); an image file is cut
// from the left.
func pathCell(path string, width int) string {
	if strings.HasPrefix(path, "/dev/") || strings.Contains(path, ":") {
		if ansi.StringWidth(path) >= width {
			return path
		}
		return cell(path, width)
	}
	return cell(shortPath(path, width), width)
}

// cell pads s (which may hold ANSI styling) with spaces to width terminal
// cells, or cuts it to width: a wide character counts two, a combining mark
// none, so that the columns after it stay in place.
func cell(s string, width int) string {
	s = fit(s, width)
	if w := ansi.StringWidth(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// cellRight is cell aligned right.
func cellRight(s string, width int) string {
	s = fit(s, width)
	if w := ansi.StringWidth(s); w < width {
		s = strings.Repeat(" ", width-w) + s
	}
	return s
}

// wrap breaks text into lines of at most width cells (never under 10), at
// spaces where it can and inside a word longer than a line (a path, a serial)
// where it must. Widths are terminal cells: a wide character counts two.
func wrap(text string, width int) []string {
	width = max(10, width)
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			for ansi.StringWidth(word) > width {
				if line != "" {
					out, line = append(out, line), ""
				}
				head := ansi.Truncate(word, width, "")
				// A path breaks after a folder or a name's part where it can,
				// so that a certificate ID stays whole.
				if i := strings.LastIndexAny(head, "/_"); i > 0 {
					head = head[:i+1]
				}
				out = append(out, head)
				word = ansi.TruncateLeft(word, ansi.StringWidth(head), "")
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out, line = append(out, line), word
			}
		}
		out = append(out, line)
	}
	return out
}

// orDash shows "-" for an unknown value.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// deviceTitle is vendor and model, without repeating a vendor the model names.
func deviceTitle(vendor, model string) string {
	vendor, model = strings.TrimSpace(vendor), strings.TrimSpace(model)
	switch {
	case vendor == "":
		return orDash(model)
	case model == "":
		return vendor
	case strings.HasPrefix(strings.ToLower(model), strings.ToLower(vendor)):
		return model
	default:
		return vendor + " " + model
	}
}

// ineligibleReason is why d is not a target, in English ("" when it is one).
func ineligibleReason(d devices.Device) string {
	return msg.Text(d.Ineligible)
}
