package tui

import (
	"fmt"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/health"
)

// healthLines is the details screen's "Health" section: what the drive said about
// itself when it was probed. Nothing when it was not asked (optical drives,
// phones, files).
func healthLines(d devices.Device, s Styles, kv func(label, value string) []string) []string {
	h := d.Health
	if h == nil {
		return nil
	}
	lines := []string{"", s.Header.Render("Health (" + string(h.Source) + ")")}
	if h.State != health.Available {
		lines = append(lines, kv("Self-assessment", s.Dim.Render("not available: the drive or its bridge gave nothing ("+string(h.State)+")"))...)
		for _, e := range h.Errors {
			lines = append(lines, kv("Health error", s.Warn.Render(e))...)
		}
		return lines
	}
	verdict := s.Dim.Render("none given")
	switch h.Overall {
	case health.Passed:
		verdict = s.OK.Render("passed")
	case health.Failing:
		verdict = s.Bad.Render("FAILING")
	}
	lines = append(lines, kv("Self-assessment", verdict)...)
	num := func(v *uint64, unit string) string {
		if v == nil {
			return "n/a"
		}
		return fmt.Sprintf("%d%s", *v, unit)
	}
	temp := "n/a"
	if h.TemperatureCelsius != nil {
		temp = fmt.Sprintf("%d °C", *h.TemperatureCelsius)
	}
	lines = append(lines, kv("Power-on / temp", num(h.PowerOnHours, " h")+" · "+temp)...)
	switch {
	case h.PercentageUsed != nil:
		lines = append(lines, kv("Wear", fmt.Sprintf("%d %% of rated endurance used", *h.PercentageUsed))...)
	case h.WearLevelling != nil:
		lines = append(lines, kv("Wear", fmt.Sprintf("attribute %d normalized %d (worst %d)", h.WearLevelling.ID, h.WearLevelling.Value, h.WearLevelling.Worst))...)
	}
	if a := h.ATA; a != nil {
		lines = append(lines, kv("Sectors", fmt.Sprintf("reallocated %s · pending %s · uncorrectable %s",
			num(a.ReallocatedSectors, ""), num(a.PendingSectors, ""), num(a.UncorrectableSectors, "")))...)
		if len(a.SelfTests) > 0 {
			t := a.SelfTests[0]
			lines = append(lines, kv("Last self-test", fmt.Sprintf("type %d, status %d at %d h", t.Type, t.Status, t.PowerOnHours))...)
		}
	}
	if n := h.NVMe; n != nil {
		lines = append(lines, kv("Warnings / errors", fmt.Sprintf("critical warning %02Xh · media errors %d · unsafe shutdowns %d", n.CriticalWarning, n.MediaErrors, n.UnsafeShutdowns))...)
		lines = append(lines, kv("Spare / written", fmt.Sprintf("spare %d %% (threshold %d %%) · %d data units written, %d read", n.AvailableSpare, n.AvailableSpareThreshold, n.DataUnitsWritten, n.DataUnitsRead))...)
	}
	if sc := h.SCSI; sc != nil {
		var r, w *uint64
		if sc.ReadErrors != nil {
			r = sc.ReadErrors.Uncorrected
		}
		if sc.WriteErrors != nil {
			w = sc.WriteErrors.Uncorrected
		}
		lines = append(lines, kv("Uncorrected", fmt.Sprintf("read %s · write %s", num(r, ""), num(w, "")))...)
	}
	for _, e := range h.Errors {
		lines = append(lines, kv("Health error", s.Warn.Render(e))...)
	}
	return lines
}
