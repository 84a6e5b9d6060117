package firmware

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
	"github.com/wipestation/wipestation/msg"
	"github.com/wipestation/wipestation/wipe"
)

// SCSI sends one SCSI command (SG_IO on the target, or a simulated drive).
type SCSI interface {
	Do(ctx context.Context, req sgio.Request) (sgio.Response, error)
}

// NVMe sends one NVMe admin command and returns the completion's DW0.
type NVMe interface {
	Admin(ctx context.Context, cmd nvme.Command) (uint32, error)
}

// Medium reads the medium as verification must: past every cache (O_DIRECT).
// Offsets and lengths are multiples of SectorBytes and buffers are 4096-aligned.
type Medium interface {
	ReadAt(p []byte, off int64) (int, error)
	Size() int64
	SectorBytes() int
}

// Drive is the device of one job as the executor reaches it.
type Drive struct {
	SCSI   SCSI // nil when the target has no SG_IO
	NVMe   NVMe // nil unless the target is an NVMe namespace
	NSID   uint32
	Medium Medium
	// Close releases what Open took (not the Target itself); may be nil.
	Close func() error
}

// Opener turns the opened target of a job into a Drive. Production uses
// TargetOpener; tests hand in simulated drives.
type Opener interface {
	Open(x wipe.Execution) (Drive, error)
}

// OpenerFunc adapts a function to Opener.
type OpenerFunc func(x wipe.Execution) (Drive, error)

// Open calls f.
func (f OpenerFunc) Open(x wipe.Execution) (Drive, error) { return f(x) }

// Password is the ATA user password set for a security erase. It is fixed and
// documented so that a drive left locked by a power loss can always be unlocked
// (hdparm --user-master u --security-disable wipestation).
const Password = "wipestation"

// Executor runs firmware methods. Configure the fields before the first Execute;
// it is then safe for concurrent use (one job per device).
type Executor struct {
	open Opener
	// PollInterval is how often a running sanitize is polled (2 s by default).
	PollInterval time.Duration
	// Seed, when non-zero, fixes the sampling seed (tests); otherwise each job
	// draws one from crypto/rand and records it.
	Seed uint64
}

// New returns an Executor that reaches devices through open.
func New(open Opener) *Executor {
	return &Executor{open: open, PollInterval: 2 * time.Second}
}

var _ wipe.Executor = (*Executor)(nil)

// errNotErased marks a failure already described in the outcome.
var errNotErased = errors.New("not erased")

// run is one job in progress.
type run struct {
	e      *Executor
	x      wipe.Execution
	s      spec
	drv    Drive
	out    *wipe.Outcome
	expect Expectation
	// hiddenCovered says whether the command reaches sectors beyond the accessible max.
	hiddenCovered bool
	// issued is set once the destructive command may have reached the drive.
	issued bool
}

func (r *run) progress(p wipe.Progress) {
	if r.x.Progress != nil {
		r.x.Progress(p)
	}
}

func (r *run) detail(id msg.ID, args ...any) {
	r.out.Sanitization.Details = append(r.out.Sanitization.Details, msg.New(id, args...))
}

func (r *run) exception(id msg.ID, args ...any) {
	r.out.Exceptions = append(r.out.Exceptions, msg.New(id, args...))
}

// Execute runs x: refuses it up front when the probed capabilities (or the drive's
// live state) say it cannot work, samples the medium, sends the command, waits for
// it and verifies. A command already issued cannot be recalled: on cancellation
// Execute stops polling and reports the job as not erased with ctx's error.
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	s, ok := lookup(x.Method.ID)
	if !ok {
		return wipe.Outcome{}, msg.Errorf(msg.FirmwareNotFirmwareMethod, strconv.Quote(x.Method.ID))
	}
	out := &wipe.Outcome{Sanitization: wipe.Sanitization{Class: x.Method.Class, MethodID: s.ID, MethodName: x.Method.Name}}
	if err := devices.Supports(x.Job.Device, s.ID); err != nil {
		return *out, err
	}
	drv, err := e.open.Open(x)
	if err != nil {
		out.Reason = msg.New(msg.FirmwareOpenFailed, x.Job.Device.Path, s.ID, err).Ptr()
		return *out, nil
	}
	if drv.Close != nil {
		defer drv.Close()
	}
	r := &run{e: e, x: x, s: s, drv: drv, out: out}
	err = r.execute(ctx)
	if err != nil && ctx.Err() != nil {
		if r.issued && !out.Completed {
			out.Reason = msg.New(msg.FirmwareCancelledAfterSend, ctx.Err()).Ptr()
		} else if out.Reason == nil {
			out.Reason = msg.Of(err).Ptr()
		}
		return *out, ctx.Err()
	}
	if err != nil && !errors.Is(err, errNotErased) {
		var rf *devices.RefusalError
		if errors.As(err, &rf) {
			return *out, err
		}
		if out.Reason == nil {
			out.Reason = msg.Of(err).Ptr()
		}
		if ctx.Err() != nil {
			return *out, ctx.Err()
		}
	}
	return *out, nil
}

// send issues the drive command; from here on it cannot be recalled.
func (r *run) send(ctx context.Context, command func(context.Context) error) error {
	r.progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1})
	r.issued = true
	if err := command(ctx); err != nil {
		if r.out.Reason == nil {
			r.out.Reason = msg.Of(err).Ptr()
		}
		return errNotErased
	}
	r.out.Completed = true
	return nil
}

// fail records why the job did not end erased.
func (r *run) fail(id msg.ID, args ...any) error {
	r.out.Reason = msg.New(id, args...).Ptr()
	return errNotErased
}

func (r *run) execute(ctx context.Context) error {
	m := r.drv.Medium
	if m == nil || m.Size() <= 0 || m.SectorBytes() <= 0 {
		return r.fail(msg.FirmwareMediumUnreadable)
	}
	var command func(context.Context) error
	var err error
	switch r.s.Family {
	case FamilyATA:
		command, err = r.prepareATA(ctx)
	case FamilyNVMe:
		command, err = r.prepareNVMe(ctx)
	case FamilySCSI:
		command, err = r.prepareSCSI(ctx)
	}
	if err != nil {
		return err
	}
	r.hiddenArea()

	seed := r.e.Seed
	if seed == 0 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return msg.Errorf(msg.FirmwareSamplingSeed, err)
		}
		seed = binary.LittleEndian.Uint64(b[:])
	}
	if r.x.Job.Options.Verify == wipe.VerifyOff {
		// Not read back, as asked: the record says so and the job is not erased.
		r.out.Verification = wipe.Verification{Mode: "none", Method: msg.New(msg.FirmwareVerifyOff)}
		return r.send(ctx, command)
	}
	full := r.x.Job.Options.Verify == wipe.VerifyFull || r.x.Job.Options.Verify == wipe.VerifyAll
	var plan []Range
	if full {
		plan = PlanFull(m.Size(), m.SectorBytes())
	} else {
		plan = PlanSampling(m.Size(), m.SectorBytes(), seed)
	}
	var total int64
	for _, p := range plan {
		total += p.Len
	}

	r.progress(wipe.Progress{Phase: wipe.PhaseSample, Pass: 1, Passes: 1, BytesTotal: total})
	before, err := readSamples(ctx, m, plan, func(done int64) {
		r.progress(wipe.Progress{Phase: wipe.PhaseSample, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
	})
	if err != nil {
		return r.fail(msg.FirmwareCancelledSampling, err)
	}
	for _, b := range before {
		if b.Err != nil {
			r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: b.Off, Length: b.Len, Phase: "sample", Pass: 1, Err: b.Err.Error()})
		}
	}
	if n := len(r.out.Errors); n > 0 {
		return r.fail(msg.FirmwareSamplesUnreadableBefore, n)
	}

	if err := r.send(ctx, command); err != nil {
		return err
	}

	r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesTotal: total})
	after, err := readSamples(ctx, m, plan, func(done int64) {
		r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
	})
	if err != nil {
		return r.fail(msg.FirmwareCancelledVerify, err)
	}
	return r.verdict(before, after, full, seed, total)
}

func (r *run) verdict(before, after []Sample, full bool, seed uint64, total int64) error {
	c := compare(before, after, r.expect)
	v := &r.out.Verification
	v.BytesRead = c.bytesRead
	v.Mismatches = int64(len(c.mismatches))
	for i, m := range c.mismatches {
		if i == 10 {
			break
		}
		v.FirstMismatchOffsets = append(v.FirstMismatchOffsets, m.Off)
	}
	size := r.drv.Medium.Size()
	if full {
		v.Mode = "full"
		v.Method = msg.New(msg.FirmwareMethodFull, size, r.expect.Message())
	} else {
		v.Mode = "sampling"
		v.Method = msg.New(msg.FirmwareMethodSampling, Subsections, SamplesPerSubsection, fmt.Sprintf("%016x", seed),
			len(after), total, size, fmt.Sprintf("%.1f", 100*float64(total)/float64(size)), r.expect.Message())
	}
	var found []any // value, count, value, count
	for _, b := range []byte{0x00, 0xFF} {
		if n := c.uniformValue[b]; n > 0 {
			found = append(found, fmt.Sprintf("%02X", b), n)
		}
	}
	switch len(found) {
	case 2:
		v.Method = msg.New(msg.FirmwareFoundOne, append([]any{v.Method}, found...)...)
	case 4:
		v.Method = msg.New(msg.FirmwareFoundTwo, append([]any{v.Method}, found...)...)
	}
	for _, s := range c.readErrors {
		r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: s.Off, Length: s.Len, Phase: "verify", Pass: 1, Err: s.Err.Error()})
	}
	switch {
	case len(c.readErrors) > 0:
		id := msg.FirmwareSamplesUnreadable
		if r.s.act == actSanitizeBlock {
			id = msg.FirmwareSamplesUnreadableBlockErase
		}
		return r.fail(id, len(c.readErrors), len(after))
	case len(c.mismatches) > 0:
		if c.unchanged > 0 {
			return r.fail(msg.FirmwareSamplesUnchanged, c.unchanged, len(after), len(c.mismatches))
		}
		return r.fail(msg.FirmwareSamplesUnexpected, len(c.mismatches), len(after), r.expect.Message())
	case c.alreadyHeld == len(after):
		return r.fail(msg.FirmwareNothingHeld, heldWhat(r.expect))
	}
	if c.alreadyHeld > 0 {
		r.exception(msg.FirmwareSomeHeldNothing, c.alreadyHeld, len(after), heldWhat(r.expect))
	}
	v.Verified = true
	return nil
}

func heldWhat(e Expectation) msg.Message {
	if e.Changed {
		return msg.New(msg.FirmwareHeldRepeated)
	}
	return msg.New(msg.FirmwareHeldExpected)
}

// hiddenArea records native vs accessible capacity and whether the command reaches
// the hidden sectors.
func (r *run) hiddenArea() {
	h := r.x.Job.Device.Capabilities.HiddenArea
	if h == nil {
		if r.s.Family == FamilyATA {
			r.exception(msg.FirmwareHiddenUnknown)
		}
		return
	}
	r.out.Sanitization.HiddenArea = &wipe.HiddenAreaOutcome{
		NativeSectors: h.NativeSectors, AccessibleSectors: h.AccessibleSectors, Covered: !h.Hidden() || r.hiddenCovered,
	}
	if h.Hidden() {
		if r.hiddenCovered {
			r.exception(msg.FirmwareHiddenCovered, h.NativeSectors, h.AccessibleSectors)
		} else {
			r.exception(msg.FirmwareHiddenNotCovered, h.NativeSectors, h.AccessibleSectors)
		}
	}
}

// poll calls step every PollInterval until it reports done, fails, or ctx ends.
func (r *run) poll(ctx context.Context, step func() (done bool, err error)) error {
	for {
		done, err := step()
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return r.fail(msg.FirmwareCancelledRunning, ctx.Err())
		case <-time.After(r.e.PollInterval):
		}
	}
}

func (r *run) commandProgress(fraction float64) {
	const scale = 1 << 16
	r.progress(wipe.Progress{Phase: wipe.PhaseCommand, Pass: 1, Passes: 1,
		BytesDone: int64(fraction * scale), BytesTotal: scale})
}

// deviceName is what errors call the device.
func (r *run) deviceName() string { return r.x.Job.Device.Path }
