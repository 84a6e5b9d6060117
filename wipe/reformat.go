package wipe

import (
	"context"
	"errors"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// ErrNoReformatter says a job asked for --reformat in a build without a way to
// send FORMAT UNIT.
var ErrNoReformatter = msg.Errorf(msg.ReformatNoReformatter)

// ErrReformatBackup refuses --reformat with --backup: the disk cannot be read
// before the format, and the format erases it.
var ErrReformatBackup = errors.New("a disk that needs a reformat cannot be backed up first")

// reformatFirst runs --reformat on the opened target of a host overwrite: when
// the disk's block format is one Linux cannot use, FORMAT UNIT to 512/4096-byte
// blocks, a rescan of the disk's size, and the explicit acceptance of exactly the
// new size by the identity check. The record keeps what the format did
// (Sanitization.Reformat). ok is false when the job must stop, before anything
// was overwritten.
func (j *jobRun) reformatFirst(ctx context.Context, m Method, o *devices.Opened) (ok bool) {
	f := j.job.Device.Capabilities.BlockFormat
	if !j.job.Options.Reformat || f == nil || !f.NeedsReformat {
		return true
	}
	if j.job.Options.BackupDir != "" {
		j.refuse(ErrReformatBackup, msg.New(msg.ReformatWithBackup, f.LogicalBlockBytes, f.ProtectionType))
		return false
	}
	if j.r.cfg.Reformatter == nil {
		j.fail(ctx, ErrNoReformatter, msg.ReformatNothingSent)
		return false
	}
	j.emit(Event{Type: EventPhase, Progress: &Progress{Phase: PhaseCommand, Pass: 1, Passes: 1}})
	ro, err := j.r.cfg.Reformatter.Reformat(ctx, Execution{Job: j.job, Method: m, Target: o.File})
	j.rec.Sanitization.Reformat = ro
	if err != nil {
		j.fail(ctx, err, msg.ReformatFirst)
		return false
	}
	if ro == nil || ro.After == nil {
		j.fail(ctx, msg.Errorf(msg.ReformatNoGeometry), msg.ReformatFirst)
		return false
	}
	if int(ro.After.LogicalBlockBytes) != o.LogicalSectorBytes {
		// O_DIRECT alignment follows the kernel's logical block size, fixed at open.
		j.fail(ctx, msg.Errorf(msg.ReformatBlockMismatch, ro.After.LogicalBlockBytes, o.LogicalSectorBytes), msg.ReformatFirst)
		return false
	}
	rescanErr := j.r.cfg.System.RescanCapacity(o)
	want := int64(ro.After.LogicalBlocks) * int64(ro.After.LogicalBlockBytes)
	if _, err := o.ExpectSize(want); err != nil {
		if rescanErr != nil {
			err = msg.Wrap(err, msg.ReformatRescan, err, rescanErr)
		}
		j.fail(ctx, err, msg.ReformatCapacity)
		return false
	}
	j.rec.Device.SizeBytes = want
	return true
}
