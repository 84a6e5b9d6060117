package wipe

import (
	"context"
	"fmt"
	"strings"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// hiddenResult is what --restore-hidden achieved before a host overwrite.
type hiddenResult struct {
	// restored says the target now reaches nativeSectors (the kernel accepted the
	// new size): the overwrite and its verification cover them.
	restored      bool
	nativeSectors uint64
	// accessibleBytes is the size before the restore.
	accessibleBytes int64
	// note says why the hidden sectors stay hidden although the job asked for them.
	note *msg.Message
}

// restoreHidden runs --restore-hidden on the opened target of a host overwrite: a
// volatile SET MAX ADDRESS to the native maximum, a rescan of the disk's size,
// and the explicit acceptance of exactly the native size by the identity check.
// A restore that cannot be done leaves the hidden sectors hidden and says why (the
// job goes on over the accessible sectors). ok is false when the job must stop:
// the size changed to something other than what was expected.
func (j *jobRun) restoreHidden(ctx context.Context, m Method, o *devices.Opened) (h hiddenResult, ok bool) {
	ha := j.job.Device.Capabilities.HiddenArea
	h.accessibleBytes = o.SizeBytes
	if !j.job.Options.RestoreHidden || !ha.Hidden() {
		return h, true
	}
	if !ha.HPA {
		h.note = msg.New(msg.HiddenDCO).Ptr()
		return h, true
	}
	if j.r.cfg.HiddenRestorer == nil {
		h.note = msg.New(msg.HiddenNoRestorer).Ptr()
		return h, true
	}
	j.emit(Event{Type: EventPhase, Progress: &Progress{Phase: PhaseCommand, Pass: 1, Passes: 1,
		Message: fmt.Sprintf("Restoring the native capacity: %d sectors are hidden behind a Host Protected Area (volatile, until the drive's next power cycle)", ha.NativeSectors-ha.AccessibleSectors)}})
	native, err := j.r.cfg.HiddenRestorer.RestoreHidden(ctx, Execution{Job: j.job, Method: m, Target: o.File})
	if err != nil {
		h.note = msg.New(msg.HiddenRestoreFailed, err).Ptr()
		return h, true
	}
	want := int64(native) * int64(o.LogicalSectorBytes)
	if want <= o.SizeBytes {
		h.note = msg.New(msg.HiddenNothingMore, native, o.SizeBytes).Ptr()
		return h, true
	}
	rescanErr := j.r.cfg.System.RescanCapacity(o)
	now, err := o.ExpectSize(want)
	switch {
	case err == nil:
		h.restored, h.nativeSectors = true, native
		return h, true
	case now == o.SizeBytes:
		if rescanErr != nil {
			h.note = msg.New(msg.HiddenKernelSizeUnchangedError, native, now, rescanErr).Ptr()
		} else {
			h.note = msg.New(msg.HiddenKernelSizeUnchanged, native, now).Ptr()
		}
		return h, true
	}
	j.rec.Exceptions = append(j.rec.Exceptions, msg.New(msg.HiddenRestoredNothingWritten, native))
	j.fail(ctx, err, msg.StepCapacityChange)
	return h, false
}

// recordHidden says in the record whether the overwrite reached the sectors beyond
// the accessible maximum, and when that is unknown, that it is.
func (j *jobRun) recordHidden(h hiddenResult, readOnly bool) {
	rec := j.rec
	san := &rec.Sanitization
	ha := rec.Device.Capabilities.HiddenArea
	if ha == nil {
		if hiddenUnknown(rec.Device) {
			why := msg.New(msg.HiddenNativeUnreadable)
			if errs := hiddenProbeErrors(rec.Device); errs != "" {
				why = msg.New(msg.HiddenNativeUnreadableBecause, errs)
			}
			rec.Exceptions = append(rec.Exceptions, msg.New(msg.HiddenUnknown, why))
		}
		return
	}
	out := &HiddenAreaOutcome{NativeSectors: ha.NativeSectors, AccessibleSectors: ha.AccessibleSectors, Covered: !ha.Hidden()}
	san.HiddenArea = out
	switch {
	case !ha.Hidden():
		return
	case h.restored:
		san.Details = append(san.Details, msg.New(msg.HiddenRestored, h.nativeSectors, ha.AccessibleSectors))
		if h.nativeSectors >= ha.NativeSectors {
			out.Covered = true
			return
		}
		rec.Exceptions = append(rec.Exceptions, msg.New(msg.HiddenDCONotCovered, h.nativeSectors, ha.NativeSectors-1))
	case readOnly:
		rec.Exceptions = append(rec.Exceptions, msg.New(msg.HiddenNotRead, ha.AccessibleSectors, ha.NativeSectors))
	default:
		why := msg.New(msg.HiddenRunRestore)
		if j.job.Options.RestoreHidden && h.note != nil {
			why = *h.note
		}
		rec.Exceptions = append(rec.Exceptions, msg.New(msg.HiddenNotCovered, ha.AccessibleSectors, ha.NativeSectors, hiddenKind(ha), why))
	}
}

// hiddenUnknown reports whether a device without a HiddenArea could have one: an
// ATA drive whose native capacity could not be read, or a drive behind a SATA or
// USB transport that could not be asked. NVMe, SCSI, MMC, virtual devices and
// image files have no HPA or DCO.
func hiddenUnknown(d devices.Device) bool {
	if d.Virtual || d.Transport == devices.TransportFile || d.Transport == devices.TransportLoop {
		return false
	}
	if d.Capabilities.ATA != nil {
		return true
	}
	switch d.Transport {
	case devices.TransportSATA, devices.TransportUSB, devices.TransportUAS:
		return true
	}
	return false
}

// hiddenProbeErrors are the probe errors that left the hidden area unknown.
func hiddenProbeErrors(d devices.Device) string {
	var out []string
	for _, e := range d.Capabilities.ProbeErrors {
		if strings.Contains(e, "HPA") || strings.Contains(e, "DCO") || strings.Contains(e, "ata identify device") {
			out = append(out, e)
		}
	}
	return strings.Join(out, "; ")
}

func hiddenKind(ha *devices.HiddenArea) string {
	switch {
	case ha.HPA && ha.DCO:
		return "HPA and DCO"
	case ha.DCO:
		return "DCO"
	case ha.HPA:
		return "HPA"
	}
	return "HPA/DCO"
}
