package firmware

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// scsi-format-unit: SCSI FORMAT UNIT to 512- or 4096-byte blocks without
// protection information (docs/scsi-format.md).
//
// Class: Clear, with or without security initialize (the reasoning is at
// devices.scsiFormatReason, the policy row). Verification is what Clear asks:
// the new medium is read back through SG_IO READ(16), sampled per NIST SP 800-88
// Rev. 1 4.7 or in full (--verify full), and every byte must be the pattern. No
// samples are read before the command: after a block length change the old and
// new blocks do not line up, and a disk with 520-byte blocks cannot be read
// through the block device at all. A drive that formats without writing (QEMU
// does) leaves the old data, which is not the pattern, and fails.

const (
	// formatPattern is the initialization pattern: zeros, what a buyer expects of
	// a blank disk.
	formatPattern = 0x00
	// formatCommandTimeout bounds each command of the sequence; FORMAT UNIT is
	// sent with IMMED, so it returns before the format runs.
	formatCommandTimeout = 60 * time.Second
	// formatReadBytesMax bounds one READ(16) (512 blocks of 512 bytes), below the
	// transfer limit of every HBA the kernel drives.
	formatReadBytesMax = 256 << 10
)

// executeFormat runs the whole format sequence; it replaces execute's
// sample-before-and-after flow for this method.
func (r *run) executeFormat(ctx context.Context) error {
	if r.drv.SCSI == nil {
		return r.fail(msg.FirmwareNoSGIOSCSI, r.deviceName())
	}
	before, err := r.readCapacity(ctx)
	if err != nil {
		return r.fail(msg.FormatCapacityBefore, err)
	}
	target := devices.ReformatBlockBytes(before.BlockBytes)
	ro := &wipe.ReformatOutcome{Before: geometry(before), Pattern: formatPattern, SecurityInitializeRequested: true}
	r.out.Sanitization.Reformat = ro

	if before.BlockBytes != target {
		params := sgio.BlockLengthParams(target, before.LogicalBlocks > 0xFFFFFFFF)
		if err := r.scsi(ctx, sgio.ModeSelect10(uint16(len(params))), sgio.DirToDevice, params); err != nil {
			return r.fail(msg.FormatModeSelect, target, err)
		}
	}

	format := func(ctx context.Context) error {
		f := sgio.FormatUnit{Immed: true, SecurityInitialize: true, Pattern: []byte{formatPattern}}
		err := r.scsi(ctx, f.CDB(), sgio.DirToDevice, f.Params())
		var se *sgio.SenseError
		if errors.As(err, &se) && se.ParameterListRejected() {
			// SBC-4: a device server without security initialize refuses SI with
			// 26h/00h before formatting anything; the record says it ran without.
			f.SecurityInitialize = false
			err = r.scsi(ctx, f.CDB(), sgio.DirToDevice, f.Params())
		}
		if err != nil {
			return r.fail(msg.FormatRejected, err)
		}
		ro.SecurityInitialize = f.SecurityInitialize
		if err := r.pollFormat(ctx, ro); err != nil {
			return err
		}
		after, err := r.readCapacity(ctx)
		if err != nil {
			return r.fail(msg.FormatCapacityAfter, err)
		}
		g := geometry(after)
		ro.After = &g
		if after.BlockBytes != target || after.ProtectionType != 0 {
			return r.fail(msg.FormatWrongGeometry, after.BlockBytes, after.ProtectionType, target)
		}
		return nil
	}

	if r.x.Job.Options.Verify == wipe.VerifyOff {
		r.out.Verification = wipe.Verification{Mode: "none", Method: msg.New(msg.FirmwareVerifyOff)}
		return r.send(ctx, format)
	}
	if err := r.send(ctx, format); err != nil {
		return err
	}
	return r.verifyFormat(ctx, ro)
}

// pollFormat follows the format with REQUEST SENSE until it is no longer in progress.
func (r *run) pollFormat(ctx context.Context, ro *wipe.ReformatOutcome) error {
	polls, ended, err := r.pollSense(ctx, msg.FormatRequestSense, sgio.Sense.FormatInProgress)
	ro.ProgressPolls = polls
	switch {
	case err != nil:
		return err
	case ended == nil:
		return nil
	}
	ro.Sense = ended.String()
	if ended.FormatFailed() {
		return r.fail(msg.FormatFailedCorrupted, ended.String())
	}
	return r.fail(msg.FormatFailed, ended.String())
}

// verifyFormat reads the new medium back and checks every byte is the pattern.
func (r *run) verifyFormat(ctx context.Context, ro *wipe.ReformatOutcome) error {
	m := &scsiBlocks{ctx: ctx, port: r.drv.SCSI, blocks: ro.After.LogicalBlocks, blockBytes: ro.After.LogicalBlockBytes}
	full := r.fullVerify()
	var seed uint64
	r.out.Verification.Mode = "full"
	if !full {
		var err error
		if seed, err = r.samplingSeed(); err != nil {
			return err
		}
		r.out.Verification.Mode, ro.SampleSeed = "sampling", seed
	}
	plan, total := readPlan(m, full, seed)
	ro.Samples = len(plan)
	pattern := fmt.Sprintf("%02X", formatPattern)
	if full {
		r.out.Verification.Method = msg.New(msg.FormatMethodFull, m.Size(), pattern)
	} else {
		r.out.Verification.Method = msg.New(msg.FormatMethodSampling, Subsections, SamplesPerSubsection, fmt.Sprintf("%016x", seed),
			len(plan), total, m.Size(), pattern)
	}
	r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesTotal: total})
	after, err := readSamples(ctx, m, plan, func(done int64) {
		r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
	})
	if err != nil {
		return r.fail(msg.FormatVerifyCancelled, err)
	}
	v := &r.out.Verification
	var readErrors int
	for _, s := range after {
		switch {
		case s.Err != nil:
			readErrors++
			r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: s.Off, Length: s.Len, Phase: "verify", Pass: 1, Err: s.Err.Error()})
		case !s.Uniform || s.Value != formatPattern:
			v.BytesRead += s.Len
			v.Mismatches++
			if len(v.FirstMismatchOffsets) < 10 {
				v.FirstMismatchOffsets = append(v.FirstMismatchOffsets, s.Off)
			}
		default:
			v.BytesRead += s.Len
		}
	}
	switch {
	case readErrors > 0:
		return r.fail(msg.FormatUnreadable, readErrors, len(after))
	case v.Mismatches > 0:
		return r.fail(msg.FormatNotPattern, v.Mismatches, len(after), fmt.Sprintf("%02X", formatPattern))
	}
	v.Verified = true
	return nil
}

// scsi sends one command of the sequence and turns its answer into an error.
func (r *run) scsi(ctx context.Context, cdb []byte, dir sgio.Direction, data []byte) error {
	if dir == sgio.DirNone {
		data = nil
	}
	resp, err := r.drv.SCSI.Do(ctx, sgio.Request{CDB: cdb, Dir: dir, Data: data, Timeout: formatCommandTimeout})
	if err != nil {
		return err
	}
	return resp.Err(cdb)
}

func (r *run) readCapacity(ctx context.Context) (sgio.Capacity, error) {
	return readCapacity(ctx, r.drv.SCSI)
}

// readCapacity asks the drive its block format (READ CAPACITY(16)).
func readCapacity(ctx context.Context, port SCSI) (sgio.Capacity, error) {
	b := make([]byte, 32)
	cdb := sgio.ReadCapacity16(uint32(len(b)))
	resp, err := port.Do(ctx, sgio.Request{CDB: cdb, Dir: sgio.DirFromDevice, Data: b, Timeout: formatCommandTimeout})
	if err == nil {
		err = resp.Err(cdb)
	}
	if err != nil {
		return sgio.Capacity{}, err
	}
	return sgio.ParseReadCapacity16(b)
}

func geometry(c sgio.Capacity) wipe.BlockGeometry {
	return wipe.BlockGeometry{LogicalBlockBytes: c.BlockBytes, LogicalBlocks: c.LogicalBlocks, ProtectionType: c.ProtectionType}
}

// scsiBlocks reads the disk through SG_IO READ(16), in a block format the kernel's
// block device does not know: the new one after FORMAT UNIT (until a rescan), or
// one Linux cannot use at all (520-byte blocks, which the kernel shows as 0 bytes).
type scsiBlocks struct {
	ctx        context.Context
	port       SCSI
	blocks     uint64
	blockBytes uint32
}

// UnaddressableMedium is how the firmware methods read back a SCSI disk whose
// block device has no size (Linux does not take its block format): through
// READ(16), in the geometry READ CAPACITY(16) reports. ok is false when the
// block device has a size (read it there) or the drive did not answer.
func UnaddressableMedium(ctx context.Context, port SCSI, blockDeviceBytes int64) (m Medium, ok bool) {
	if blockDeviceBytes > 0 || port == nil {
		return nil, false
	}
	c, err := readCapacity(ctx, port)
	if err != nil {
		return nil, false
	}
	return &scsiBlocks{ctx: ctx, port: port, blocks: c.LogicalBlocks, blockBytes: c.BlockBytes}, true
}

func (m *scsiBlocks) Size() int64      { return int64(m.blocks) * int64(m.blockBytes) }
func (m *scsiBlocks) SectorBytes() int { return int(m.blockBytes) }

func (m *scsiBlocks) ReadAt(p []byte, off int64) (int, error) {
	bs := int64(m.blockBytes)
	if off%bs != 0 || int64(len(p))%bs != 0 {
		return 0, fmt.Errorf("read at %d length %d: not aligned to %d-byte blocks", off, len(p), bs)
	}
	step := max(formatReadBytesMax/bs, 1) * bs
	for done := int64(0); done < int64(len(p)); done += step {
		chunk := p[done:min(done+step, int64(len(p)))]
		cdb := sgio.Read16(uint64((off+done)/bs), uint32(int64(len(chunk))/bs))
		resp, err := m.port.Do(m.ctx, sgio.Request{CDB: cdb, Dir: sgio.DirFromDevice, Data: chunk, Timeout: formatCommandTimeout})
		if err == nil {
			err = resp.Err(cdb)
		}
		if err == nil && resp.Resid != 0 {
			err = fmt.Errorf("READ(16) returned %d bytes short", resp.Resid)
		}
		if err != nil {
			return int(done), err
		}
	}
	return len(p), nil
}

// Reformatter is the Runner's wipe.Reformatter (wipe --reformat): the format
// sequence of scsi-format-unit on the job's opened target, without its
// read-back, which the host overwrite that follows replaces with its own.
type Reformatter struct {
	// Port reaches the drive behind the target; nil: SG_IO on the target itself.
	// Tests put a simulated drive here.
	Port func(target *os.File) SCSI
	// PollInterval is how often the format's progress is polled (2 s when 0).
	PollInterval time.Duration
}

var _ wipe.Reformatter = Reformatter{}

// Reformat implements wipe.Reformatter. It refuses, sending nothing, when the
// probed capabilities say the drive does not take FORMAT UNIT.
func (f Reformatter) Reformat(ctx context.Context, x wipe.Execution) (*wipe.ReformatOutcome, error) {
	if err := devices.Supports(x.Job.Device, "scsi-format-unit"); err != nil {
		return nil, err
	}
	if x.Target == nil && f.Port == nil {
		return nil, msg.Errorf(msg.FormatNoTarget)
	}
	var port SCSI
	if f.Port != nil {
		port = f.Port(x.Target)
	} else {
		port = sgio.New(x.Target)
	}
	s, _ := lookup("scsi-format-unit")
	e := &Executor{PollInterval: f.PollInterval}
	if e.PollInterval == 0 {
		e.PollInterval = 2 * time.Second
	}
	x.Job.Options.Verify = wipe.VerifyOff
	r := &run{e: e, x: x, s: s, drv: Drive{SCSI: port}, out: &wipe.Outcome{}}
	err := r.executeFormat(ctx)
	ro := r.out.Sanitization.Reformat
	switch {
	case err == nil && r.out.Completed:
		return ro, nil
	case r.out.Reason != nil:
		return ro, msg.Errorf(msg.ReformatDevice, x.Job.Device.Path, *r.out.Reason)
	case err != nil:
		return ro, msg.Wrap(err, msg.ReformatDevice, x.Job.Device.Path, err)
	}
	return ro, msg.Errorf(msg.ReformatDevice, x.Job.Device.Path, msg.New(msg.FormatDidNotComplete))
}
