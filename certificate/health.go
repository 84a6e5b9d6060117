package certificate

import (
	"strconv"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/health"
)

// healthRows is the short summary of the drive's health a record carries: the
// drive's own verdict, power-on hours, temperature, wear (always for solid-state
// drives) and the defects it counts. A value the drive did not give says so.
func (l *labels) healthRows(d devices.Device) []kv {
	h := d.Health
	if h == nil {
		return nil
	}
	if h.State != health.Available {
		return []kv{{l.healthOverall, l.healthNotAvailable}}
	}
	source := l.healthSource[string(h.Source)]
	overall := l.notAvailable
	switch h.Overall {
	case health.Passed:
		overall = l.healthPassed + " (" + source + ")"
	case health.Failing:
		overall = l.healthFailing + " (" + source
		if h.NVMe != nil && h.NVMe.CriticalWarning != 0 {
			overall += ", " + l.nvmeWarningFmt(h.NVMe.CriticalWarning)
		}
		overall += ")"
	}
	rows := []kv{{l.healthOverall, overall}}
	hours, temp := l.notAvailable, l.notAvailable
	if h.PowerOnHours != nil {
		hours = l.hoursFmt(*h.PowerOnHours)
	}
	if h.TemperatureCelsius != nil {
		temp = l.celsiusFmt(*h.TemperatureCelsius)
	}
	rows = append(rows, kv{l.powerOnHours, hours}, kv{l.temperature, temp})
	switch {
	case h.PercentageUsed != nil:
		rows = append(rows, kv{l.wear, l.percentUsedFmt(*h.PercentageUsed)})
	case h.WearLevelling != nil:
		rows = append(rows, kv{l.wear, l.ataWearFmt(h.WearLevelling.ID, h.WearLevelling.Value)})
	case !d.Rotational:
		rows = append(rows, kv{l.wear, l.notAvailable})
	}
	if def := l.healthDefects(h); def != "" {
		rows = append(rows, kv{l.defects, def})
	}
	return rows
}

// healthDefects is the defect counts of the source that gave them, or "".
func (l *labels) healthDefects(h *health.Report) string {
	count := func(v *uint64) string {
		if v == nil {
			return l.notAvailable
		}
		return strconv.FormatUint(*v, 10)
	}
	switch {
	case h.ATA != nil && h.ATA.AttributesState == health.Available:
		a := h.ATA
		return l.ataDefectsFmt(count(a.ReallocatedSectors), count(a.PendingSectors), count(a.UncorrectableSectors))
	case h.NVMe != nil:
		n := h.NVMe
		return l.nvmeDefectsFmt(n.MediaErrors, n.AvailableSpare, n.AvailableSpareThreshold)
	case h.SCSI != nil && (h.SCSI.ReadErrors != nil || h.SCSI.WriteErrors != nil):
		var read, write *uint64
		if h.SCSI.ReadErrors != nil {
			read = h.SCSI.ReadErrors.Uncorrected
		}
		if h.SCSI.WriteErrors != nil {
			write = h.SCSI.WriteErrors.Uncorrected
		}
		return l.scsiDefectsFmt(count(read), count(write))
	}
	return ""
}
