package wipe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/wipestation/wipestation/msg"
	"io"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
)

// Target is what the overwrite engine writes to and reads back: a whole device or an
// image file. ReadAt and WriteAt follow io.ReaderAt and io.WriterAt (an error
// whenever n < len(p)); the engine never calls them concurrently on overlapping
// ranges. Size is the number of bytes the engine covers, from offset 0.
type Target interface {
	io.ReaderAt
	io.WriterAt
	Size() int64
}

// Optional capabilities of a Target, looked up with type assertions.
type (
	// syncer makes written data durable (fdatasync).
	syncer interface{ Sync() error }
	// aligner gives the alignment, in bytes, O_DIRECT needs for offsets and lengths.
	aligner interface{ Alignment() int }
	// presence reports a non-nil error once the device has gone away.
	presence interface{ Alive() error }
	// cacheDropper evicts cached pages before a read-back that cannot bypass the
	// page cache; it says in words what it did.
	cacheDropper interface{ DropCache() (msg.Message, error) }
)

// Engine tuning. Requests are large so that a drive streams; four buffers of 4 MiB
// keep a job at 16 MiB of buffer memory.
const (
	chunkBytes   = 4 << 20
	bufferCount  = 4
	syncEvery    = 256 // chunks between periodic fdatasyncs: 1 GiB
	ioRetries    = 3   // extra attempts of a failed request before narrowing down
	compareBlock = 512 // mismatches are counted in blocks of this many bytes
	// maxMismatchOffsets is how many first mismatch offsets a record keeps.
	maxMismatchOffsets = 16
	// narrowPieceBytes is the first step of narrowing a failed request.
	narrowPieceBytes = 64 << 10
	// deadPieces failing pieces in a row stop sector-by-sector narrowing;
	// deadRequests failing requests in a row end the job.
	deadPieces   = 4
	deadRequests = 3
)

// Sentinels for how an overwrite ended early; callers test with errors.Is.
var (
	// ErrDeviceGone says the device disappeared mid-job (unplugged, reset, fd gone).
	ErrDeviceGone = errors.New("device vanished")
	// ErrStoppedOnError says --on-error abort stopped the job at an unrecoverable range.
	ErrStoppedOnError = errors.New("stopped at an unrecoverable range (--on-error abort)")
	// ErrDeviceUnresponsive says every request failed for several requests in a row:
	// the device has stopped answering even if it is still attached.
	ErrDeviceUnresponsive = errors.New("device stopped responding")
	// ErrVerifyMismatch says the medium did not hold what was written.
	ErrVerifyMismatch = errors.New("verification mismatch")
)

// passPlan is one step of a job: write a pass, read it back, or both.
type passPlan struct {
	Index  int // 1-based among the job's write passes (verify-only: 1)
	Pass   Pass
	Write  bool
	Verify bool
	gen    *generator
}

// counters are the live figures of a job, updated by the engine and read by the
// runner's progress ticker.
type counters struct {
	phase        atomic.Pointer[Phase]
	pass         atomic.Int64
	passes       atomic.Int64
	done         atomic.Int64 // bytes done in the current phase of the current pass
	total        atomic.Int64 // bytes in the current phase
	overall      atomic.Int64 // bytes done over the whole job (writes and reads)
	overallTotal atomic.Int64
	errors       atomic.Int64
}

// engineResult is what an overwrite did.
type engineResult struct {
	BytesWritten         int64
	BytesRead            int64
	Errors               []RangeError
	Mismatches           int64
	FirstMismatchOffsets []int64
	PassesWritten        int
	PassesVerified       int
	Notes                []msg.Message
}

// engine writes and reads back one target. It is used by one goroutine (plus its
// own helper goroutine per pass).
type engine struct {
	t       Target
	size    int64
	align   int
	policy  ErrorPolicy
	c       *counters
	onPhase func(Phase, int) // called synchronously on every phase change
	bufs    [][]byte
	release func()
	res     engineResult
	// deadRun counts requests in a row that failed entirely; used by one goroutine
	// at a time (the writer, or the read-ahead goroutine of a verification).
	deadRun int

	// afterWrite and beforeVerify are test hooks at the medium boundary: after a
	// pass is written and synced, and right before it is read back.
	afterWrite   func(passPlan)
	beforeVerify func(passPlan)
}

func newEngine(t Target, policy ErrorPolicy, c *counters, onPhase func(Phase, int)) (*engine, error) {
	return newEngineLayout(t, policy, c, onPhase, chunkBytes, bufferCount)
}

// newEngineChunk is newEngine with requests of chunk bytes (tests use small ones to
// cross many request boundaries cheaply).
func newEngineChunk(t Target, policy ErrorPolicy, c *counters, onPhase func(Phase, int), chunk int) (*engine, error) {
	return newEngineLayout(t, policy, c, onPhase, chunk, bufferCount)
}

// newEngineLayout is newEngine with requests of chunk bytes and count buffers
// (benchmarks compare layouts).
func newEngineLayout(t Target, policy ErrorPolicy, c *counters, onPhase func(Phase, int), chunk, count int) (*engine, error) {
	size := t.Size()
	align := 512
	if a, ok := t.(aligner); ok && a.Alignment() > align {
		align = a.Alignment()
	}
	bufBytes := chunk
	if size < int64(bufBytes) {
		bufBytes = int(roundUp(max(size, 1), 4096))
	}
	bufs, release, err := alignedBuffers(count, bufBytes)
	if err != nil {
		return nil, fmt.Errorf("allocate buffers: %w", err)
	}
	if onPhase == nil {
		onPhase = func(Phase, int) {}
	}
	if c == nil {
		c = &counters{}
	}
	return &engine{t: t, size: size, align: align, policy: policy, c: c, onPhase: onPhase, bufs: bufs, release: release}, nil
}

func roundUp(n, to int64) int64 { return (n + to - 1) / to * to }

// run carries out the plan. It returns nil when every step ran to its end (errors
// and mismatches are then in e.res), or why it stopped early: ctx's error,
// ErrDeviceGone, ErrDeviceUnresponsive or ErrStoppedOnError.
func (e *engine) run(ctx context.Context, plan []passPlan) error {
	defer e.release()
	var steps int64
	for _, pp := range plan {
		if pp.Write {
			steps++
		}
		if pp.Verify {
			steps++
		}
	}
	e.c.overallTotal.Store(steps * e.size)
	for _, pp := range plan {
		if pp.Write {
			if err := e.writePass(ctx, pp); err != nil {
				return err
			}
			e.res.PassesWritten++
			if e.afterWrite != nil {
				e.afterWrite(pp)
			}
		}
		if pp.Verify {
			if e.beforeVerify != nil {
				e.beforeVerify(pp)
			}
			if err := e.verifyPass(ctx, pp); err != nil {
				return err
			}
			e.res.PassesVerified++
		}
	}
	return nil
}

func (e *engine) setPhase(ph Phase, pass int) {
	e.c.phase.Store(&ph)
	e.c.pass.Store(int64(pass))
	e.c.done.Store(0)
	e.c.total.Store(e.size)
	e.onPhase(ph, pass)
}

type chunk struct {
	off  int64
	buf  []byte
	slot int
	bad  []RangeError // verify: ranges that could not be read
	err  error        // the device is gone (verify), or the helper panicked
}

// guard turns a panic in a helper goroutine into an error its consumer reads, so
// that it fails the job, not the whole process. Deferred after close(full), so it
// runs first.
func guard(full chan<- chunk, stop <-chan struct{}) {
	if p := recover(); p != nil {
		select {
		case full <- chunk{err: fmt.Errorf("internal error in the I/O helper (panic: %v)", p)}:
		case <-stop:
		}
	}
}

// fillState remembers what a buffer holds, so that a pattern pass refills a buffer
// only when the pattern's phase or the length changes.
type fillState struct {
	valid  bool
	phase  int64
	length int
}

func (e *engine) fill(st *fillState, g *generator, buf []byte, off int64) {
	p := int64(g.period())
	if p > 0 && st.valid && st.phase == off%p && st.length == len(buf) {
		return
	}
	g.fill(buf, off)
	*st = fillState{valid: p > 0, phase: off % max(p, 1), length: len(buf)}
}

// writePass writes one pass over the whole target. A helper goroutine generates the
// next requests while this one writes, so generating and writing overlap.
func (e *engine) writePass(ctx context.Context, pp passPlan) error {
	e.setPhase(PhaseWrite, pp.Index)
	free := make(chan int, len(e.bufs))
	for i := range e.bufs {
		free <- i
	}
	full := make(chan chunk, len(e.bufs))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(full)
		defer guard(full, stop)
		states := make([]fillState, len(e.bufs))
		for off := int64(0); off < e.size; off += int64(len(e.bufs[0])) {
			var slot int
			select {
			case slot = <-free:
			case <-stop:
				return
			}
			n := int(min(int64(len(e.bufs[slot])), e.size-off))
			buf := e.bufs[slot][:n]
			e.fill(&states[slot], pp.gen, buf, off)
			select {
			case full <- chunk{off: off, buf: buf, slot: slot}:
			case <-stop:
				return
			}
		}
	})
	defer func() {
		close(stop)
		wg.Wait()
	}()

	syncFrom, chunks := int64(0), 0
	for c := range full {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
		if err := e.writeChunk(ctx, pp, c.off, c.buf); err != nil {
			return err
		}
		free <- c.slot
		e.c.done.Add(int64(len(c.buf)))
		e.c.overall.Add(int64(len(c.buf)))
		if chunks++; chunks%syncEvery == 0 {
			if err := e.sync(pp, syncFrom, c.off+int64(len(c.buf))); err != nil {
				return err
			}
			syncFrom = c.off + int64(len(c.buf))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return e.sync(pp, syncFrom, e.size)
}

// sync makes the pass durable. A failed fdatasync cannot say which blocks were lost,
// so the whole span since the last good sync is recorded as not written.
func (e *engine) sync(pp passPlan, from, to int64) error {
	s, ok := e.t.(syncer)
	if !ok {
		return nil
	}
	err := s.Sync()
	if err == nil {
		return nil
	}
	if gone := e.gone(err); gone != nil {
		return gone
	}
	e.addError(RangeError{Offset: from, Length: to - from, Phase: string(PhaseWrite), Pass: pp.Index, Err: "fdatasync: " + err.Error()})
	if e.policy == OnErrorAbort {
		return fmt.Errorf("%w: fdatasync: %w", ErrStoppedOnError, err)
	}
	return nil
}

// writeChunk writes buf at off, retrying a failed request, then narrowing down to
// the blocks that fail and recording them.
func (e *engine) writeChunk(ctx context.Context, pp passPlan, off int64, buf []byte) error {
	bad, written, err := e.transfer(ctx, buf, off, func(b []byte, o int64) error { return writeFull(e.t, b, o) })
	e.res.BytesWritten += written
	for _, r := range bad {
		r.Phase, r.Pass = string(PhaseWrite), pp.Index
		e.addError(r)
	}
	if err != nil {
		return err
	}
	if len(bad) > 0 && e.policy == OnErrorAbort {
		return fmt.Errorf("%w: write at offset %d: %s", ErrStoppedOnError, bad[0].Offset, bad[0].Err)
	}
	return nil
}

// transfer does one request with retries and narrowing. It returns the ranges that
// failed for good, how many bytes went through, and a non-nil error only when the
// device is gone, has stopped answering, or ctx is done.
//
// Narrowing goes in two steps so that a dead region costs few requests: 64 KiB
// pieces first, then, inside a failing piece, one logical sector at a time. After
// deadPieces whole pieces in a row fail sector by sector (or right after a request
// that failed entirely), further failing pieces are recorded whole; after deadRequests whole requests in a row fail, the device is
// taken to have stopped answering (a disk that returns EIO for everything would
// otherwise be probed sector by sector for hours).
func (e *engine) transfer(ctx context.Context, buf []byte, off int64, do func([]byte, int64) error) ([]RangeError, int64, error) {
	var err error
	for range 1 + ioRetries {
		if err = do(buf, off); err == nil {
			e.deadRun = 0
			return nil, int64(len(buf)), nil
		}
		if gone := e.gone(err); gone != nil {
			return nil, 0, gone
		}
	}
	var bad []RangeError
	var done int64
	record := func(o int64, n int, err error) {
		if k := len(bad) - 1; k >= 0 && bad[k].Offset+bad[k].Length == o {
			bad[k].Length += int64(n)
			return
		}
		bad = append(bad, RangeError{Offset: o, Length: int64(n), Err: err.Error()})
	}
	piece := max(narrowPieceBytes, e.align)
	deadPieceRun := 0
	for p := 0; p < len(buf); p += piece {
		if err := ctx.Err(); err != nil {
			return bad, done, err
		}
		pn := min(piece, len(buf)-p)
		perr := do(buf[p:p+pn], off+int64(p))
		if perr == nil {
			done += int64(pn)
			deadPieceRun = 0
			continue
		}
		if gone := e.gone(perr); gone != nil {
			return bad, done, gone
		}
		if deadPieceRun >= deadPieces || e.deadRun > 0 {
			record(off+int64(p), pn, perr)
			continue
		}
		pieceDone := int64(0)
		for sub := p; sub < p+pn; sub += e.align {
			if err := ctx.Err(); err != nil {
				return bad, done, err
			}
			n := min(e.align, p+pn-sub)
			o := off + int64(sub)
			err := do(buf[sub:sub+n], o)
			if err == nil {
				pieceDone += int64(n)
				continue
			}
			if gone := e.gone(err); gone != nil {
				return bad, done + pieceDone, gone
			}
			record(o, n, err)
		}
		done += pieceDone
		if pieceDone == 0 {
			deadPieceRun++
		} else {
			deadPieceRun = 0
		}
	}
	if done == 0 {
		if e.deadRun++; e.deadRun >= deadRequests {
			return bad, done, fmt.Errorf("%w: %d requests in a row failed entirely (last at offset %d: %v)", ErrDeviceUnresponsive, e.deadRun, off, err)
		}
	} else {
		e.deadRun = 0
	}
	return bad, done, nil
}

// addError records a failed range, merging it with the previous one when adjacent
// (the merged range keeps the first error's wording).
func (e *engine) addError(r RangeError) {
	e.c.errors.Add(1)
	if k := len(e.res.Errors) - 1; k >= 0 {
		p := &e.res.Errors[k]
		if p.Phase == r.Phase && p.Pass == r.Pass && p.Offset+p.Length == r.Offset {
			p.Length += r.Length
			return
		}
	}
	e.res.Errors = append(e.res.Errors, r)
}

// gone tells a vanished device from a bad block: ENODEV, ENXIO, EBADF and a closed
// file say so directly; after an EIO the target is asked whether it is still there.
func (e *engine) gone(err error) error {
	if goneErrno(err) || errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("%w: %w", ErrDeviceGone, err)
	}
	if p, ok := e.t.(presence); ok {
		if perr := p.Alive(); perr != nil {
			return fmt.Errorf("%w (%v): %w", ErrDeviceGone, perr, err)
		}
	}
	return nil
}

func writeFull(t io.WriterAt, buf []byte, off int64) error {
	for len(buf) > 0 {
		n, err := t.WriteAt(buf, off)
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrShortWrite
		}
		buf, off = buf[n:], off+int64(n)
	}
	return nil
}

func readFull(t io.ReaderAt, buf []byte, off int64) error {
	for len(buf) > 0 {
		n, err := t.ReadAt(buf, off)
		if n == len(buf) {
			return nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("read at %d: %w", off+int64(n), io.ErrUnexpectedEOF)
			}
			return err
		}
		if n == 0 {
			return io.ErrNoProgress
		}
		buf, off = buf[n:], off+int64(n)
	}
	return nil
}

// verifyPass reads the whole target back and compares it with the pass regenerated
// from its key or pattern. A helper goroutine reads ahead while this one
// regenerates and compares; nothing but the current requests is kept in memory.
func (e *engine) verifyPass(ctx context.Context, pp passPlan) error {
	e.setPhase(PhaseVerify, pp.Index)
	if d, ok := e.t.(cacheDropper); ok {
		note, err := d.DropCache()
		if err != nil {
			note = msg.New(msg.OverwriteDropCacheFailed, err)
		}
		e.note(note)
	}
	readSlots := len(e.bufs) - 1
	expSlot := readSlots
	free := make(chan int, readSlots)
	for i := range readSlots {
		free <- i
	}
	full := make(chan chunk, readSlots)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(full)
		defer guard(full, stop)
		for off := int64(0); off < e.size; off += int64(len(e.bufs[0])) {
			var slot int
			select {
			case slot = <-free:
			case <-stop:
				return
			}
			n := int(min(int64(len(e.bufs[slot])), e.size-off))
			buf := e.bufs[slot][:n]
			bad, _, err := e.transfer(ctx, buf, off, func(b []byte, o int64) error { return readFull(e.t, b, o) })
			select {
			case full <- chunk{off: off, buf: buf, slot: slot, bad: bad, err: err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	})
	defer func() {
		close(stop)
		wg.Wait()
	}()

	scratch := e.bufs[expSlot][:min(pieceBytes, len(e.bufs[expSlot]))]
	for c := range full {
		if err := ctx.Err(); err != nil {
			return err
		}
		var unread int64
		for _, r := range c.bad {
			r.Phase, r.Pass = string(PhaseVerify), pp.Index
			e.addError(r)
			unread += r.Length
		}
		if c.err != nil {
			return c.err
		}
		e.verifyChunk(pp.gen, c.buf, scratch, c.off, c.bad)
		e.res.BytesRead += int64(len(c.buf)) - unread
		free <- c.slot
		e.c.done.Add(int64(len(c.buf)))
		e.c.overall.Add(int64(len(c.buf)))
		if len(c.bad) > 0 && e.policy == OnErrorAbort {
			return fmt.Errorf("%w: read at offset %d: %s", ErrStoppedOnError, c.bad[0].Offset, c.bad[0].Err)
		}
	}
	return ctx.Err()
}

// verifyChunk compares what was read at off with the pass regenerated piece by
// piece into scratch (cache-sized), so the expected bytes never travel through
// main memory.
func (e *engine) verifyChunk(g *generator, got, scratch []byte, off int64, bad []RangeError) {
	st := g.at(off)
	for p := 0; p < len(got); p += len(scratch) {
		n := min(len(scratch), len(got)-p)
		if len(bad) == 0 && st.skipIfEqual(got[p:p+n]) {
			continue
		}
		want := scratch[:n]
		st.next(want)
		if len(bad) == 0 && bytes.Equal(got[p:p+n], want) {
			continue
		}
		e.compare(off+int64(p), got[p:p+n], want, bad)
	}
}

// compare counts the blocks of got that differ from want, skipping unreadable
// ranges (already recorded as errors), and keeps the first differing offsets.
func (e *engine) compare(off int64, got, want []byte, bad []RangeError) {
	if len(bad) == 0 && bytes.Equal(got, want) {
		return
	}
	for b := 0; b < len(got); b += compareBlock {
		n := min(compareBlock, len(got)-b)
		o := off + int64(b)
		if overlaps(bad, o, int64(n)) || bytes.Equal(got[b:b+n], want[b:b+n]) {
			continue
		}
		e.res.Mismatches++
		if len(e.res.FirstMismatchOffsets) < maxMismatchOffsets {
			i := 0
			for got[b+i] == want[b+i] {
				i++
			}
			e.res.FirstMismatchOffsets = append(e.res.FirstMismatchOffsets, o+int64(i))
		}
	}
}

func overlaps(rs []RangeError, off, n int64) bool {
	for _, r := range rs {
		if off < r.Offset+r.Length && r.Offset < off+n {
			return true
		}
	}
	return false
}

func (e *engine) note(m msg.Message) {
	for _, n := range e.res.Notes {
		if reflect.DeepEqual(n, m) {
			return
		}
	}
	e.res.Notes = append(e.res.Notes, m)
}
