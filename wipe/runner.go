package wipe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/msg"
)

// progressInterval is how often a running job reports progress.
const progressInterval = 200 * time.Millisecond

// Runner runs jobs, one goroutine per device; one job failing never stops another.
// Events from every job arrive on one channel. A Runner is safe for concurrent use.
type Runner struct {
	cfg    RunnerConfig
	events chan Event

	mu      sync.Mutex
	cancels map[string]context.CancelFunc
	wg      sync.WaitGroup

	// wrapTarget, set only by tests, puts a fault-injecting layer between the engine
	// and the opened device (the lowest boundary).
	wrapTarget func(Target) Target
}

// NewRunner returns a Runner wired by cfg.
func NewRunner(cfg RunnerConfig) *Runner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.System.Sys == nil {
		cfg.System = devices.HostSystem()
	}
	return &Runner{cfg: cfg, events: make(chan Event, 256), cancels: map[string]context.CancelFunc{}}
}

// Start begins job and returns its ID. The job ends when it is done, when Cancel is
// called with its ID, or when ctx is cancelled; it then emits its result event.
func (r *Runner) Start(ctx context.Context, job Job) (jobID string, err error) {
	if job.Device.Path == "" {
		return "", errors.New("start job: no device path")
	}
	if job.Method == "" {
		return "", fmt.Errorf("start job %s: no method", job.Device.Path)
	}
	if err := job.Validate(); err != nil {
		return "", fmt.Errorf("start job %s: %w", job.Device.Path, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("start job %s: %w", job.Device.Path, err)
	}
	jobID = hex.EncodeToString(b[:])
	certID, err := NewCertificateID(r.cfg.Now())
	if err != nil {
		return "", fmt.Errorf("start job %s: %w", job.Device.Path, err)
	}
	jctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	r.cancels[jobID] = cancel
	r.mu.Unlock()
	r.wg.Go(func() {
		defer func() {
			cancel()
			r.mu.Lock()
			delete(r.cancels, jobID)
			r.mu.Unlock()
		}()
		r.run(jctx, jobID, certID, job)
	})
	return jobID, nil
}

// Cancel stops the job with this ID; it ends aborted, never erased.
func (r *Runner) Cancel(jobID string) {
	r.mu.Lock()
	cancel := r.cancels[jobID]
	r.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Events is the channel every job reports on. It is never closed. The consumer
// must keep reading it: start, phase and result events wait until received (they
// are never dropped), so a consumer that stops reading stalls its jobs.
func (r *Runner) Events() <-chan Event { return r.events }

// Wait blocks until every started job has emitted its result.
func (r *Runner) Wait() { r.wg.Wait() }

// jobRun is the state of one running job.
type jobRun struct {
	r   *Runner
	id  string
	job Job
	rec *Record
	c   *counters
	// facts is what ran, the verdict's only input.
	facts Facts
}

func (j *jobRun) emit(ev Event) {
	ev.JobID, ev.Device, ev.Time = j.id, j.job.Device.Path, j.r.cfg.Now()
	j.r.events <- ev
}

// emitProgress sends a progress tick unless the channel is full: ticks may be
// merged, the next one carries the newer figures.
func (j *jobRun) emitProgress(p Progress) {
	ev := Event{Type: EventProgress, JobID: j.id, Device: j.job.Device.Path, Time: j.r.cfg.Now(), Progress: &p}
	select {
	case j.r.events <- ev:
	default:
	}
}

func (r *Runner) run(ctx context.Context, id, certID string, job Job) {
	started := r.cfg.Now()
	j := &jobRun{r: r, id: id, job: job, c: &counters{}}
	j.rec = &Record{
		Schema:        RecordSchema,
		CertificateID: certID,
		Device:        job.Device,
		Details:       job.Details,
		Errors:        []RangeError{},
		Exceptions:    []msg.Message{},
		Started:       started,
		Tool:          "wipestation",
		ToolVersion:   r.cfg.ToolVersion,
		Host:          r.cfg.Host,
	}
	j.rec.Sanitization.MethodID = job.Method
	j.rec.Sanitization.Standards = job.Details.Standards
	j.rec.Verification.Mode = "none"
	if j.rec.Details.DataBackedUp == "" {
		j.rec.Details.DataBackedUp = "Unknown"
	}
	j.emit(Event{Type: EventStart})

	j.executeIsolated(ctx)
	Decide(j.facts).apply(j.rec)

	rec := j.rec
	rec.Finished = r.cfg.Now()
	rec.DurationSeconds = rec.Finished.Sub(rec.Started).Seconds()
	result := Event{Type: EventResult, Result: rec}
	// The record comes first: nothing after the medium was touched may keep it from
	// being written, and a failing certificate fails only this job's certificate.
	path, err := WriteRecord(r.cfg.RecordsDir, rec)
	result.RecordPath = path
	if err != nil {
		result.Err = err.Error()
	} else if r.cfg.Certify != nil {
		cert, err := certifyIsolated(r.cfg.Certify, rec, path)
		result.CertificatePath = cert
		if err != nil {
			result.Err = fmt.Sprintf("certificate: %v", err)
		}
	}
	j.emit(result)
}

// executeIsolated runs the job and turns a panic in any engine into this job's
// failure: no panic escapes a job, and the record is still written.
func (j *jobRun) executeIsolated(ctx context.Context) {
	defer func() {
		if p := recover(); p != nil {
			j.facts.Completed = false
			j.facts.Failure = msg.New(msg.OverwriteInternalError, fmt.Sprint(p)).Ptr()
		}
	}()
	j.execute(ctx)
}

// certifyIsolated calls certify, turning a panic into an error of this job's
// certificate alone.
func certifyIsolated(certify func(*Record, string) (string, error), rec *Record, path string) (cert string, err error) {
	defer func() {
		if p := recover(); p != nil {
			cert, err = "", fmt.Errorf("internal error while issuing the certificate (panic: %v); the record %s holds the job", p, path)
		}
	}()
	return certify(rec, path)
}

// fail records err as what stopped the job: a cancellation, a refusal by a safety
// rule, or a failure during what.
func (j *jobRun) fail(ctx context.Context, err error, what msg.ID) {
	var refusal *devices.RefusalError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		j.facts.Cancelled = true
		j.facts.Failure = msg.New(msg.OverwriteDuringStep, msg.New(what)).Ptr()
	case errors.As(err, &refusal):
		j.facts.Refusal = refusal
	default:
		j.facts.Failure = msg.New(msg.Lead, msg.New(what), err).Ptr()
	}
}

// refuse records a refusal before anything was written or sent.
func (j *jobRun) refuse(err error, reason msg.Message) {
	j.facts.Refusal = &devices.RefusalError{Path: j.job.Device.Path, Err: err, Reason: reason}
}

func (j *jobRun) execute(ctx context.Context) {
	job, rec := j.job, j.rec
	opts := job.Options.normalized()
	res, err := Resolve(job.Device, job.Method, opts.Fallback)
	if err != nil {
		j.fail(ctx, err, msg.StepMethod)
		return
	}
	m := res.Method
	san := &rec.Sanitization
	san.MethodID, san.MethodName, san.Technique = m.ID, m.Name, m.Technique
	j.facts.Class = res.Class
	san.Class = res.Class // the class attempted, until the verdict
	san.Details = append(san.Details, opts.Prepared...)
	if res.Fallback != nil {
		san.Fallback = res.Fallback
		rec.Exceptions = append(rec.Exceptions, *res.Fallback)
	}
	if m.RequiresVerify && opts.Verify == VerifyOff {
		j.refuse(ErrVerifyRequired, msg.New(msg.OutcomeVerifyOffNotAllowed, m.ID))
		return
	}
	switch m.Engine {
	case EngineOverwrite, EngineVerify:
		j.overwrite(ctx, m, opts)
	default:
		j.external(ctx, m, opts)
	}
}

// describeDevice fills in what the open found and selection did not say (image
// files, a thin Lookup).
func (j *jobRun) describeDevice(o *devices.Opened) {
	d := &j.rec.Device
	if d.SizeBytes == 0 {
		d.SizeBytes = o.SizeBytes
	}
	if d.DevNumber == "" {
		d.DevNumber = o.DevNumber
	}
	if d.LogicalSectorBytes == 0 {
		d.LogicalSectorBytes = o.LogicalSectorBytes
	}
	if o.IsFile {
		d.Transport, d.Virtual = devices.TransportFile, true
	}
}

// backup runs the configured Backuper when the job asks for one. It reports false
// when the job must stop (nothing has been erased then).
func (j *jobRun) backup(ctx context.Context, m Method, o *devices.Opened) bool {
	opts := j.job.Options
	if opts.BackupDir == "" {
		return true
	}
	if j.r.cfg.Backup == nil {
		j.facts.Failure = msg.New(msg.OutcomeNoBackupEngine).Ptr()
		return false
	}
	j.emit(Event{Type: EventPhase, Progress: &Progress{Phase: PhaseBackup}})
	var target *os.File
	if o != nil {
		// The backup reads with ordinary buffers: a second, buffered descriptor of the
		// device this job holds exclusively.
		f, err := reopenBuffered(o)
		if err != nil {
			j.fail(ctx, err, msg.StepBackup)
			return false
		}
		defer f.Close()
		target = f
	}
	info, err := j.r.cfg.Backup.Backup(ctx, Execution{Job: j.job, Method: m, Target: target, Progress: j.progressFunc()})
	if err != nil {
		j.fail(ctx, err, msg.StepBackup)
		return false
	}
	j.rec.Backup = info
	if info != nil {
		j.rec.Details.DataBackedUp, j.rec.Details.BackupLocation = "Yes", info.Location
	}
	return true
}

func reopenBuffered(o *devices.Opened) (*os.File, error) {
	f, err := os.Open(o.Path)
	if err != nil {
		return nil, fmt.Errorf("reopen %s: %w", o.Path, err)
	}
	a, errA := f.Stat()
	b, errB := o.File.Stat()
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		f.Close()
		return nil, &devices.RefusalError{Path: o.Path, Reason: msg.New(msg.RefusalPathRenamed), Err: devices.ErrIdentity}
	}
	return f, nil
}

// progressFunc is the Progress callback executors get: phase changes become phase
// events (never dropped), the rest progress ticks.
func (j *jobRun) progressFunc() func(Progress) {
	var mu sync.Mutex
	var last Phase
	return func(p Progress) {
		mu.Lock()
		changed := p.Phase != last
		last = p.Phase
		mu.Unlock()
		if changed {
			j.emit(Event{Type: EventPhase, Progress: &p})
			return
		}
		j.emitProgress(p)
	}
}

// overwrite runs the built-in engines: host overwrite and read-only checks.
func (j *jobRun) overwrite(ctx context.Context, m Method, opts Options) {
	rec := j.rec
	readOnly := m.Engine == EngineVerify
	if sed := j.job.Device.Capabilities.SED; sed != nil && sed.Locked {
		j.refuse(ErrLockedSED, msg.New(msg.RefusalLockedSED, sed.SSC))
		return
	}
	o, err := j.r.cfg.System.OpenForWipe(j.job.Device.Path, j.job.Device, devices.OpenOptions{AllowFile: opts.AllowFile, ReadOnly: readOnly})
	if err != nil {
		j.fail(ctx, err, msg.StepOpen)
		return
	}
	defer o.Close()
	j.describeDevice(o)
	if !readOnly && !j.reformatFirst(ctx, m, o) {
		return
	}
	if o.SizeBytes == 0 {
		j.facts.Failure = msg.New(msg.OutcomeEmptyMedium).Ptr()
		return
	}
	if !readOnly && !j.backup(ctx, m, o) {
		return
	}
	plan, err := buildPlan(m, opts)
	if err != nil {
		j.fail(ctx, err, msg.StepPlan)
		return
	}
	hidden, ok := hiddenResult{}, true
	if !readOnly {
		if hidden, ok = j.restoreHidden(ctx, m, o); !ok {
			return
		}
	}
	writes, verifies := 0, 0
	for _, pp := range plan {
		if pp.Write {
			writes++
		}
		if pp.Verify {
			verifies++
		}
	}
	j.c.passes.Store(int64(max(writes, 1)))
	var target Target = o
	if j.r.wrapTarget != nil {
		target = j.r.wrapTarget(o)
	}
	e, err := newEngine(target, opts.OnError, j.c, func(ph Phase, pass int) {
		j.emit(Event{Type: EventPhase, Progress: &Progress{Phase: ph, Pass: pass, Passes: max(writes, 1), BytesTotal: o.SizeBytes,
			OverallDone: j.c.overall.Load(), OverallTotal: j.c.overallTotal.Load()}})
	})
	if err != nil {
		j.fail(ctx, err, msg.StepStart)
		return
	}

	stopTicker := j.startTicker()
	runErr := e.run(ctx, plan)
	stopTicker()

	r := e.res
	san := &rec.Sanitization
	for _, pp := range plan {
		if pp.Write {
			san.Details = append(san.Details, msg.New(msg.OverwritePass, pp.Index, writes, pp.Pass.Message()))
		}
	}
	if readOnly {
		san.Details = append(san.Details, msg.New(msg.OverwriteReadOnlyCheck, m.Passes[0].Message()))
		rec.Exceptions = append(rec.Exceptions, msg.New(msg.OverwriteReadOnlyException))
	} else {
		if opts.Rounds > 1 {
			san.Details = append(san.Details, msg.New(msg.OverwriteRounds, opts.Rounds, len(m.Passes)))
		}
		if opts.Blank {
			san.Details = append(san.Details, msg.New(msg.OverwriteBlank))
		}
		if hasRandom(plan) {
			san.Details = append(san.Details, msg.New(msg.OverwriteRandomStream))
		}
		san.Details = append(san.Details, msg.New(msg.OverwriteIO, o.SizeBytes, chunkBytes>>20))
	}
	if o.Direct {
		san.Details = append(san.Details, msg.New(msg.OverwriteDirectIO))
	} else {
		san.Details = append(san.Details, o.DirectNote)
		rec.Exceptions = append(rec.Exceptions, o.DirectNote)
	}
	// The restored sectors count as covered only when every pass reached them.
	if hidden.restored && (runErr != nil || r.PassesWritten != writes) {
		hidden.restored = false
		hidden.note = msg.New(msg.HiddenRestoredIncomplete, hidden.nativeSectors).Ptr()
	}
	j.recordHidden(hidden, readOnly)

	rec.BytesWritten = r.BytesWritten
	rec.Errors = append(rec.Errors, r.Errors...)
	v := &rec.Verification
	v.BytesRead, v.Mismatches, v.FirstMismatchOffsets = r.BytesRead, r.Mismatches, r.FirstMismatchOffsets
	switch {
	case readOnly:
		v.Mode = "full"
		v.Method = msg.New(msg.OverwriteVerifyReadOnly, m.Passes[0].Message())
	case verifies == 0:
		v.Mode = "none"
		v.Method = msg.New(msg.OverwriteVerifyOff)
	case opts.Verify == VerifyAll || opts.Verify == VerifyFull:
		v.Mode = "all-passes"
		v.Method = msg.New(msg.OverwriteVerifyAll)
	default:
		v.Mode = "last-pass"
		v.Method = msg.New(msg.OverwriteVerifyLast)
	}
	for _, n := range r.Notes {
		v.Method = msg.New(msg.Join, v.Method, n)
	}

	f := &j.facts
	f.ReadOnly = readOnly
	f.Errors, f.Mismatches, f.CompareBlock = r.Errors, r.Mismatches, compareBlock
	if len(r.FirstMismatchOffsets) > 0 {
		f.FirstMismatchAt = r.FirstMismatchOffsets[0]
	}
	f.CheckPlanned = verifies > 0
	f.CheckPassed = r.PassesVerified == verifies
	f.Completed = r.PassesWritten == writes
	if !readOnly {
		f.Progress = msg.New(msg.OutcomePassesWritten, r.PassesWritten, writes).Ptr()
	}
	switch {
	case ctx.Err() != nil || errors.Is(runErr, context.Canceled):
		f.Cancelled = true
	case errors.Is(runErr, ErrDeviceGone):
		f.Failure = msg.New(msg.OutcomeDeviceGone, runErr).Ptr()
	case errors.Is(runErr, ErrDeviceUnresponsive):
		f.Failure = msg.New(msg.OutcomeDeviceUnresponsive, runErr).Ptr()
	case runErr != nil:
		f.Failure = msg.Of(runErr).Ptr()
	}
}

func hasRandom(plan []passPlan) bool {
	for _, pp := range plan {
		if pp.Pass.Random {
			return true
		}
	}
	return false
}

// startTicker emits progress every progressInterval from the job's counters, and a
// final tick when stopped.
func (j *jobRun) startTicker() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		start := time.Now()
		lastT, lastB, rate := start, int64(0), 0.0
		snapshot := func() Progress {
			now := time.Now()
			b := j.c.overall.Load()
			if dt := now.Sub(lastT).Seconds(); dt > 0 {
				inst := float64(b-lastB) / dt
				if rate == 0 {
					rate = inst
				} else {
					rate = 0.7*rate + 0.3*inst
				}
			}
			lastT, lastB = now, b
			p := Progress{
				Pass:               int(j.c.pass.Load()),
				Passes:             int(j.c.passes.Load()),
				BytesDone:          j.c.done.Load(),
				BytesTotal:         j.c.total.Load(),
				RateBytesPerSecond: rate,
				Errors:             int(j.c.errors.Load()),
				OverallDone:        b,
				OverallTotal:       j.c.overallTotal.Load(),
			}
			if ph := j.c.phase.Load(); ph != nil {
				p.Phase = *ph
			}
			if rate > 0 {
				left := j.c.overallTotal.Load() - b
				p.ETA = time.Duration(float64(left) / rate * float64(time.Second))
			}
			return p
		}
		for {
			select {
			case <-t.C:
				j.emitProgress(snapshot())
			case <-done:
				// The final figures: sent even if the channel is full.
				p := snapshot()
				j.r.events <- Event{Type: EventProgress, JobID: j.id, Device: j.job.Device.Path, Time: j.r.cfg.Now(), Progress: &p}
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// external hands a method to the executor of its engine.
func (j *jobRun) external(ctx context.Context, m Method, opts Options) {
	ex := j.r.cfg.Executors[m.Engine]
	if ex == nil {
		j.refuse(ErrEngineMissing, msg.New(msg.OutcomeExecutorUnavailable, m.ID, m.Engine))
		return
	}
	var target *os.File
	switch m.Engine {
	case EngineFirmware, EngineOptical:
		// An optical drive is opened read-only, without waiting for a disc: the sr
		// driver refuses write opens of most discs (EROFS), and blanking goes through
		// SG_IO, which a read-only descriptor carries for root.
		optical := m.Engine == EngineOptical
		o, err := j.r.cfg.System.OpenForWipe(j.job.Device.Path, j.job.Device, devices.OpenOptions{
			AllowFile: opts.AllowFile, Buffered: true, NonBlock: optical, ReadOnly: optical,
		})
		if err != nil {
			j.fail(ctx, err, msg.StepOpen)
			return
		}
		defer o.Close()
		j.describeDevice(o)
		target = o.File
		if !j.backup(ctx, m, o) {
			return
		}
	default:
		// Phones are not block devices: the executor checks and holds its own handle.
		if !j.backup(ctx, m, nil) {
			return
		}
	}
	job := j.job
	job.Method = m.ID
	job.Options = opts
	m.Class = j.rec.Sanitization.Class // the class this device gets, not the nominal one
	out, err := ex.Execute(ctx, Execution{Job: job, Method: m, Target: target, Progress: j.progressFunc()})
	takeOutcome(j.rec, &j.facts, m.ID, out, err, ctx.Err() != nil)
}

// takeOutcome copies an executor's outcome into the record and the facts.
func takeOutcome(rec *Record, f *Facts, method string, out Outcome, err error, cancelled bool) {
	if out.Sanitization.Technique != "" {
		rec.Sanitization.Technique = out.Sanitization.Technique
	}
	rec.Sanitization.Details = append(rec.Sanitization.Details, out.Sanitization.Details...)
	if out.Sanitization.Reformat != nil {
		rec.Sanitization.Reformat = out.Sanitization.Reformat
	}
	if out.Sanitization.HiddenArea != nil {
		rec.Sanitization.HiddenArea = out.Sanitization.HiddenArea
	}
	if out.Sanitization.TCG != nil {
		rec.Sanitization.TCG = out.Sanitization.TCG
	}
	if out.Verification.Mode != "" {
		rec.Verification = out.Verification
	}
	rec.BytesWritten = out.BytesWritten
	rec.Errors = append(rec.Errors, out.Errors...)
	rec.Exceptions = append(rec.Exceptions, out.Exceptions...)

	f.ObservedClass = out.Sanitization.Class
	f.Completed = out.Completed
	f.CheckPlanned = rec.Verification.Mode != "none"
	f.CheckPassed = out.Verification.Verified
	f.Inconclusive = out.Inconclusive
	f.Errors, f.Mismatches = out.Errors, out.Verification.Mismatches
	if len(out.Verification.FirstMismatchOffsets) > 0 {
		f.FirstMismatchAt = out.Verification.FirstMismatchOffsets[0]
	}
	var refusal *devices.RefusalError
	switch {
	case errors.As(err, &refusal):
		f.Refusal = refusal
	case cancelled:
		f.Cancelled = true
		f.Failure = out.Reason
	case err != nil:
		var why any = err
		if errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.ENXIO) || errors.Is(err, ErrDeviceGone) {
			why = msg.New(msg.OutcomeDeviceGone, err)
		}
		f.Failure = msg.New(msg.Lead, method, why).Ptr()
		if out.Reason != nil && !strings.Contains(err.Error(), out.Reason.String()) {
			f.Failure = msg.New(msg.OutcomeMethodFailedBecause, method, *out.Reason, err).Ptr()
		}
	case out.Reason != nil && out.Inconclusive == nil:
		f.Failure = out.Reason
	}
}

// RecordOutcome files an executor's outcome into rec exactly as the Runner does
// after Execute returns, and decides the verdict; rec.Sanitization.Class is the
// class the policy gave the method. For tests and tools that replay an executor.
func RecordOutcome(rec *Record, out Outcome, err error) {
	f := Facts{Class: rec.Sanitization.Class}
	takeOutcome(rec, &f, rec.Sanitization.MethodID, out, err, false)
	Decide(f).apply(rec)
}
