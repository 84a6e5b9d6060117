package firmware

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/nvme"
	"github.com/wipestation/wipestation/devices/sgio"
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

func (r *run) detail(format string, args ...any) {
	r.out.Sanitization.Details = append(r.out.Sanitization.Details, fmt.Sprintf(format, args...))
}

func (r *run) exception(format string, args ...any) {
	r.out.Exceptions = append(r.out.Exceptions, fmt.Sprintf(format, args...))
}

// Execute runs x: refuses it up front when the probed capabilities (or the drive's
// live state) say it cannot work, samples the medium, sends the command, waits for
// it and verifies. A command already issued cannot be recalled: on cancellation
// Execute stops polling and reports the job as not erased with ctx's error.
func (e *Executor) Execute(ctx context.Context, x wipe.Execution) (wipe.Outcome, error) {
	s, ok := lookup(x.Method.ID)
	if !ok {
		return wipe.Outcome{}, fmt.Errorf("firmware: %q is not a firmware method", x.Method.ID)
	}
	out := &wipe.Outcome{Sanitization: wipe.Sanitization{Class: x.Method.Class, MethodID: s.ID, MethodName: x.Method.Name}}
	if err := devices.Supports(x.Job.Device, s.ID); err != nil {
		return *out, err
	}
	drv, err := e.open.Open(x)
	if err != nil {
		out.Reason = fmt.Sprintf("open %s for %s: %v", x.Job.Device.Path, s.ID, err)
		return *out, nil
	}
	if drv.Close != nil {
		defer drv.Close()
	}
	r := &run{e: e, x: x, s: s, drv: drv, out: out}
	err = r.execute(ctx)
	if err != nil && ctx.Err() != nil {
		if r.issued && !out.Completed {
			out.Reason = fmt.Sprintf("cancelled after the command was sent to the drive (it cannot be recalled and may still be running): %v", ctx.Err())
		} else if out.Reason == "" {
			out.Reason = err.Error()
		}
		return *out, ctx.Err()
	}
	if err != nil && !errors.Is(err, errNotErased) {
		var rf *devices.RefusalError
		if errors.As(err, &rf) {
			return *out, err
		}
		if out.Reason == "" {
			out.Reason = err.Error()
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
		if r.out.Reason == "" {
			r.out.Reason = err.Error()
		}
		return errNotErased
	}
	r.out.Completed = true
	return nil
}

func (r *run) fail(format string, args ...any) error {
	r.out.Reason = fmt.Sprintf(format, args...)
	return errNotErased
}

// notVerifiedMethod is the verification method of a job run with --verify off.
const notVerifiedMethod = "not verified (--verify off): no samples were read before or after the command"

func (r *run) execute(ctx context.Context) error {
	if r.s.act == actFormatUnit {
		return r.executeFormat(ctx)
	}
	m := r.drv.Medium
	if m == nil || m.Size() <= 0 || m.SectorBytes() <= 0 {
		return r.fail("the medium cannot be read back, so the command could not be verified; nothing was sent")
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

	seed, err := r.samplingSeed()
	if err != nil {
		return err
	}
	if r.x.Job.Options.Verify == wipe.VerifyOff {
		// Not read back, as asked: the record says so and the job is not erased.
		r.out.Verification = wipe.Verification{Mode: "none", Method: notVerifiedMethod}
		return r.send(ctx, command)
	}
	full := r.fullVerify()
	plan, total := readPlan(m, full, seed)

	r.progress(wipe.Progress{Phase: wipe.PhaseSample, Pass: 1, Passes: 1, BytesTotal: total})
	before, err := readSamples(ctx, m, plan, func(done int64) {
		r.progress(wipe.Progress{Phase: wipe.PhaseSample, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
	})
	if err != nil {
		return r.fail("cancelled while sampling, before any command was sent: %v", err)
	}
	for _, b := range before {
		if b.Err != nil {
			r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: b.Off, Length: b.Len, Phase: "sample", Pass: 1, Err: b.Err.Error()})
		}
	}
	if n := len(r.out.Errors); n > 0 {
		return r.fail("%d sample(s) could not be read before the command, so its effect could not be verified; nothing was sent", n)
	}

	if err := r.send(ctx, command); err != nil {
		return err
	}

	r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesTotal: total})
	after, err := readSamples(ctx, m, plan, func(done int64) {
		r.progress(wipe.Progress{Phase: wipe.PhaseVerify, Pass: 1, Passes: 1, BytesDone: done, BytesTotal: total})
	})
	if err != nil {
		return r.fail("the command completed, but verification was cancelled: %v", err)
	}
	return r.verdict(before, after, full, seed, total)
}

// samplingSeed is the Executor's fixed seed, or one drawn from crypto/rand (it is
// recorded either way).
func (r *run) samplingSeed() (uint64, error) {
	if r.e.Seed != 0 {
		return r.e.Seed, nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, fmt.Errorf("sampling seed: %w", err)
	}
	return binary.LittleEndian.Uint64(b[:]), nil
}

// fullVerify says the job asked for the whole medium to be read back.
func (r *run) fullVerify() bool {
	return r.x.Job.Options.Verify == wipe.VerifyFull || r.x.Job.Options.Verify == wipe.VerifyAll
}

// readPlan is what verification reads of m: everything, or the NIST SP 800-88
// 4.7 samples of seed; total is the bytes it covers.
func readPlan(m Medium, full bool, seed uint64) (plan []Range, total int64) {
	if full {
		plan = PlanFull(m.Size(), m.SectorBytes())
	} else {
		plan = PlanSampling(m.Size(), m.SectorBytes(), seed)
	}
	for _, p := range plan {
		total += p.Len
	}
	return plan, total
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
		v.Method = fmt.Sprintf("full: all %d bytes read (O_DIRECT) before the command and again after it, SHA-256 per 1 MiB; %s",
			size, r.expect)
	} else {
		v.Mode = "sampling"
		v.Method = fmt.Sprintf("NIST SP 800-88 Rev. 1 4.7 sampling: %d subsections, %d pseudorandom non-overlapping samples in each "+
			"(seed %016x) plus the first and last LBA, %d samples, %d of %d bytes (%.1f%%), read (O_DIRECT) before the command "+
			"(SHA-256 per sample) and again after it; %s",
			Subsections, SamplesPerSubsection, seed, len(after), total, size, 100*float64(total)/float64(size), r.expect)
	}
	if len(c.uniformValue) > 0 {
		v.Method += "; found:"
		for _, b := range []byte{0x00, 0xFF} {
			if n := c.uniformValue[b]; n > 0 {
				v.Method += fmt.Sprintf(" %02Xh in %d samples", b, n)
			}
		}
	}
	for _, s := range c.readErrors {
		r.out.Errors = append(r.out.Errors, wipe.RangeError{Offset: s.Off, Length: s.Len, Phase: "verify", Pass: 1, Err: s.Err.Error()})
	}
	switch {
	case len(c.readErrors) > 0:
		note := ""
		if r.s.act == actSanitizeBlock {
			note = " (some drives answer MEDIUM ERROR after a block erase until each block is written again)"
		}
		return r.fail("the command reported success, but %d of %d samples could not be read back%s: the erase is not verified",
			len(c.readErrors), len(after), note)
	case len(c.mismatches) > 0:
		if c.unchanged > 0 {
			return r.fail("the command reported success, but %d of %d samples still hold the data they held before it "+
				"(%d mismatching in all): the drive did not erase the medium", c.unchanged, len(after), len(c.mismatches))
		}
		return r.fail("the command reported success, but %d of %d samples do not read as expected (%s)",
			len(c.mismatches), len(after), r.expect)
	case c.alreadyHeld == len(after):
		return r.fail("no sample held data before the command (each already read as %s), so its effect cannot be shown; "+
			"write data to the medium and run the method again", heldWhat(r.expect))
	}
	if c.alreadyHeld > 0 {
		r.exception("%d of %d samples held no data before the command (each already read as %s): their change could not be shown",
			c.alreadyHeld, len(after), heldWhat(r.expect))
	}
	v.Verified = true
	return nil
}

func heldWhat(e Expectation) string {
	if e.Changed {
		return "one repeated byte, before and after"
	}
	return "the expected value"
}

// hiddenArea records native vs accessible capacity and whether the command reaches
// the hidden sectors.
func (r *run) hiddenArea() {
	h := r.x.Job.Device.Capabilities.HiddenArea
	if h == nil {
		if r.s.Family == FamilyATA {
			r.exception("hidden area unknown: the drive's native capacity could not be read; the command reaches up to the native maximum " +
				"(a Host Protected Area included), but sectors removed by a DCO, if any, are not covered")
		}
		return
	}
	r.out.Sanitization.HiddenArea = &wipe.HiddenAreaOutcome{
		NativeSectors: h.NativeSectors, AccessibleSectors: h.AccessibleSectors, Covered: !h.Hidden() || r.hiddenCovered,
	}
	if h.Hidden() {
		if r.hiddenCovered {
			r.exception("hidden area: %d native sectors, %d accessible; the drive's command covers the hidden sectors, but verification reads only the accessible ones",
				h.NativeSectors, h.AccessibleSectors)
		} else {
			r.exception("hidden area NOT covered: %d native sectors, %d accessible (DCO); restore the native capacity and erase again to reach them",
				h.NativeSectors, h.AccessibleSectors)
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
			return r.fail("cancelled while the command was running on the drive (it cannot be recalled and continues): %v", ctx.Err())
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
