package wipe

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"syscall"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/memdisk"
)

// The test requests are small so that a few hundred KiB cross many request
// boundaries; the size is deliberately not a multiple of the request, of 16 or of 3.
const (
	testChunk = 64 << 10
	testSize  = 3*testChunk + 1000 + 7
)

var (
	_ Target       = (*memdisk.Disk)(nil)
	_ syncer       = (*memdisk.Disk)(nil)
	_ presence     = (*memdisk.Disk)(nil)
	_ Target       = (*devices.Opened)(nil)
	_ cacheDropper = (*devices.Opened)(nil)
	_ presence     = (*devices.Opened)(nil)
	_ aligner      = (*devices.Opened)(nil)
)

// expected is what pass p, with generator g, should leave on a medium of size
// bytes, computed the slow, obvious way for patterns.
func expected(t *testing.T, pp passPlan, size int64) []byte {
	t.Helper()
	want := make([]byte, size)
	if pp.Pass.Random {
		pp.gen.fill(want, 0) // one request from 0: independent of the engine's chunking
		return want
	}
	for i := range want {
		want[i] = pp.Pass.Pattern[i%len(pp.Pass.Pattern)]
	}
	return want
}

func TestFillPatternStaysInPhase(t *testing.T) {
	patterns := map[string][]byte{"one byte": {0xAA}, "three bytes": {0x92, 0x49, 0x24}, "five bytes": {1, 2, 3, 4, 5}}
	for name, pat := range patterns {
		for _, off := range []int64{0, 1, 2, 3, 4096, 4097, 1<<20 + 2} {
			for _, n := range []int{0, 1, 2, 3, 7, 4096, 5000} {
				t.Run(name, func(t *testing.T) {
					buf := make([]byte, n)
					fillPattern(buf, pat, off)
					for i, b := range buf {
						if want := pat[(off+int64(i))%int64(len(pat))]; b != want {
							t.Fatalf("off %d len %d: byte %d is %#x, want %#x", off, n, i, b, want)
						}
					}
				})
			}
		}
	}
}

func TestStreamRegeneratesAtAnyOffset(t *testing.T) {
	g, err := newGenerator(Pass{Random: true})
	if err != nil {
		t.Fatal(err)
	}
	whole := make([]byte, 1<<20)
	g.fill(whole, 0)
	if bytes.Count(whole, []byte{0}) > len(whole)/100 {
		t.Fatalf("stream has %d zero bytes of %d: not a keystream", bytes.Count(whole, []byte{0}), len(whole))
	}
	for _, c := range []struct{ off, n int }{{0, 16}, {16, 4096}, {4096, 65536}, {1<<20 - 4096, 4096}, {48, 1000}} {
		part := make([]byte, c.n)
		g.fill(part, int64(c.off))
		if !bytes.Equal(part, whole[c.off:c.off+c.n]) {
			t.Errorf("fill at %d (+%d) differs from the stream written in one go", c.off, c.n)
		}
	}
	// A second pass gets a different key.
	g2, _ := newGenerator(Pass{Random: true})
	other := make([]byte, 4096)
	g2.fill(other, 0)
	if bytes.Equal(other, whole[:4096]) {
		t.Error("two random passes produced the same stream")
	}
}

func TestCounterAtCarries(t *testing.T) {
	var iv [16]byte
	for i := 8; i < 16; i++ {
		iv[i] = 0xFF
	}
	got := counterAt(iv, 16)
	want := []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	if !bytes.Equal(got, want) {
		t.Fatalf("counterAt(ff..ff, 16) = %x, want %x", got, want)
	}
}

// runEngine runs plan on d with test-sized requests and returns the engine.
func runEngine(t *testing.T, ctx context.Context, d Target, policy ErrorPolicy, plan []passPlan, hook func(*engine)) (*engine, error) {
	t.Helper()
	e, err := newEngineChunk(d, policy, nil, nil, testChunk)
	if err != nil {
		t.Fatal(err)
	}
	if hook != nil {
		hook(e)
	}
	return e, e.run(ctx, plan)
}

func TestEveryMethodLandsOnTheMedium(t *testing.T) {
	for _, m := range Methods() {
		if m.Engine != EngineOverwrite {
			continue
		}
		t.Run(m.ID, func(t *testing.T) {
			d := memdisk.New(testSize)
			plan, err := buildPlan(m, Options{Verify: VerifyAll, Rounds: 1})
			if err != nil {
				t.Fatal(err)
			}
			var written []Pass
			e, err := runEngine(t, t.Context(), d, OnErrorContinue, plan, func(e *engine) {
				e.afterWrite = func(pp passPlan) {
					written = append(written, pp.Pass)
					if !bytes.Equal(d.Bytes(), expected(t, pp, testSize)) {
						t.Errorf("after pass %d (%s) the medium does not hold the pass", pp.Index, pp.Pass)
					}
				}
			})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if len(written) != len(m.Passes) {
				t.Fatalf("%d passes written, the method has %d", len(written), len(m.Passes))
			}
			// Fixed passes keep their place; a Shuffle group holds the same patterns in
			// some order.
			var gotGroup, wantGroup []string
			for i, p := range m.Passes {
				if p.Shuffle {
					gotGroup, wantGroup = append(gotGroup, written[i].String()), append(wantGroup, p.String())
					continue
				}
				if written[i].String() != p.String() {
					t.Errorf("pass %d is %s, want %s", i+1, written[i], p)
				}
			}
			slices.Sort(gotGroup)
			slices.Sort(wantGroup)
			if !slices.Equal(gotGroup, wantGroup) {
				t.Errorf("shuffled passes %v, want a permutation of %v", gotGroup, wantGroup)
			}
			r := e.res
			if len(r.Errors) != 0 || r.Mismatches != 0 || r.PassesVerified != len(m.Passes) {
				t.Errorf("errors %v, mismatches %d, verified %d of %d", r.Errors, r.Mismatches, r.PassesVerified, len(m.Passes))
			}
			if r.BytesWritten != int64(len(m.Passes))*testSize || r.BytesRead != int64(len(m.Passes))*testSize {
				t.Errorf("wrote %d and read %d bytes, want %d each", r.BytesWritten, r.BytesRead, int64(len(m.Passes))*testSize)
			}
			if d.Syncs() < len(m.Passes) {
				t.Errorf("%d fdatasyncs for %d passes", d.Syncs(), len(m.Passes))
			}
		})
	}
}

func TestGutmannOrderDiffersBetweenJobs(t *testing.T) {
	m, _ := LookupMethod("gutmann")
	first, _ := expandPasses(m, Options{Rounds: 1})
	for range 5 {
		again, _ := expandPasses(m, Options{Rounds: 1})
		for i := range again {
			if again[i].String() != first[i].String() {
				return
			}
		}
	}
	t.Fatal("six Gutmann plans in a row had the same order: the fixed patterns are not shuffled")
}

func TestPlanOptions(t *testing.T) {
	m, _ := LookupMethod("dod-3pass")
	cases := []struct {
		name              string
		opts              Options
		writes, verifies  int
		lastIsBlank       bool
		verifiedPassIndex []int
	}{
		{"default verifies the last pass", Options{}.normalized(), 3, 1, false, []int{3}},
		{"verify all", Options{Verify: VerifyAll}.normalized(), 3, 3, false, []int{1, 2, 3}},
		{"verify off", Options{Verify: VerifyOff}.normalized(), 3, 0, false, nil},
		{"blank adds a verified zero pass", Options{Blank: true}.normalized(), 4, 1, true, []int{4}},
		{"two rounds", Options{Rounds: 2}.normalized(), 6, 1, false, []int{6}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan, err := buildPlan(m, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			var verified []int
			for _, pp := range plan {
				if pp.Verify {
					verified = append(verified, pp.Index)
				}
			}
			if len(plan) != c.writes || !slices.Equal(verified, c.verifiedPassIndex) {
				t.Errorf("%d passes, verified %v; want %d, %v", len(plan), verified, c.writes, c.verifiedPassIndex)
			}
			if last := plan[len(plan)-1].Pass; c.lastIsBlank != (!last.Random && bytes.Equal(last.Pattern, []byte{0})) {
				t.Errorf("last pass %s, blank expected %v", last, c.lastIsBlank)
			}
		})
	}
}

func TestVerificationCatchesAMediumThatDoesNotHoldTheData(t *testing.T) {
	for _, id := range []string{"zero", "random", "gutmann"} {
		t.Run(id, func(t *testing.T) {
			m, _ := LookupMethod(id)
			d := memdisk.New(testSize)
			plan, _ := buildPlan(m, Options{Verify: VerifyLast, Rounds: 1})
			e, err := runEngine(t, t.Context(), d, OnErrorContinue, plan, func(e *engine) {
				e.beforeVerify = func(passPlan) {
					d.Corrupt(testChunk-1, 2)     // straddles a request boundary
					d.Corrupt(testSize-10, 3)     // in the last partial request
					d.Corrupt(2*testChunk+600, 1) // one byte
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			r := e.res
			// Blocks of 512: the first corruption touches two blocks, the others one each.
			if r.Mismatches != 4 {
				t.Errorf("mismatches %d, want 4", r.Mismatches)
			}
			want := []int64{testChunk - 1, testChunk, 2*testChunk + 600, testSize - 10}
			if !slices.Equal(r.FirstMismatchOffsets, want) {
				t.Errorf("first mismatch offsets %v, want %v", r.FirstMismatchOffsets, want)
			}
		})
	}
}

func TestVerifyOnly(t *testing.T) {
	m, _ := LookupMethod("verify-zero")
	cases := []struct {
		name       string
		prepare    func(*memdisk.Disk)
		mismatches int64
	}{
		{"all zero", func(*memdisk.Disk) {}, 0},
		{"one stray byte", func(d *memdisk.Disk) { d.Bytes()[5000] = 1 }, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := memdisk.New(testSize)
			c.prepare(d)
			plan, _ := buildPlan(m, Options{}.normalized())
			e, err := runEngine(t, t.Context(), d, OnErrorContinue, plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e.res.Mismatches != c.mismatches || e.res.BytesWritten != 0 {
				t.Errorf("mismatches %d (want %d), wrote %d bytes", e.res.Mismatches, c.mismatches, e.res.BytesWritten)
			}
		})
	}
}

func TestIOErrors(t *testing.T) {
	const badOff, badLen = testChunk + 4096, 1536 // three sectors inside the second request
	zero, _ := LookupMethod("zero")
	one, _ := LookupMethod("one")
	cases := []struct {
		name       string
		m          Method
		policy     ErrorPolicy
		inject     func(*memdisk.Disk)
		wantErr    error
		wantRanges []RangeError
		wantBytes  int64
	}{
		{
			name: "transient error is retried", m: one, policy: OnErrorContinue,
			inject:    func(d *memdisk.Disk) { d.FailNext(2) },
			wantBytes: testSize,
		},
		{
			name: "bad range recorded, wipe continues", m: one, policy: OnErrorContinue,
			inject:     func(d *memdisk.Disk) { d.FailWrites(badOff, badLen) },
			wantRanges: []RangeError{{Offset: badOff, Length: badLen, Phase: "write", Pass: 1}},
			wantBytes:  testSize - badLen,
		},
		{
			name: "bad range stops the wipe with --on-error abort", m: one, policy: OnErrorAbort,
			inject:     func(d *memdisk.Disk) { d.FailWrites(badOff, badLen) },
			wantErr:    ErrStoppedOnError,
			wantRanges: []RangeError{{Offset: badOff, Length: badLen, Phase: "write", Pass: 1}},
			wantBytes:  2*testChunk - badLen,
		},
		{
			name: "unreadable range recorded", m: zero, policy: OnErrorContinue,
			inject:     func(d *memdisk.Disk) { d.FailReads(badOff, badLen) },
			wantRanges: []RangeError{{Offset: badOff, Length: badLen, Phase: "verify", Pass: 1}},
			wantBytes:  testSize,
		},
		{
			name: "device vanishes with EIO", m: one, policy: OnErrorContinue,
			inject:    func(d *memdisk.Disk) { d.VanishAfter(testChunk, syscall.EIO) },
			wantErr:   ErrDeviceGone,
			wantBytes: testChunk,
		},
		{
			name: "device vanishes with ENODEV", m: one, policy: OnErrorContinue,
			inject:    func(d *memdisk.Disk) { d.VanishAfter(2*testChunk, syscall.ENODEV) },
			wantErr:   ErrDeviceGone,
			wantBytes: 2 * testChunk,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := memdisk.New(testSize)
			c.inject(d)
			plan, _ := buildPlan(c.m, Options{}.normalized())
			e, err := runEngine(t, t.Context(), d, c.policy, plan, nil)
			if !errors.Is(err, c.wantErr) || (c.wantErr == nil) != (err == nil) {
				t.Fatalf("run: %v, want %v", err, c.wantErr)
			}
			var got []RangeError
			for _, r := range e.res.Errors {
				r.Err = ""
				got = append(got, r)
			}
			if !slices.Equal(got, c.wantRanges) {
				t.Errorf("error ranges %+v, want %+v", got, c.wantRanges)
			}
			if e.res.BytesWritten != c.wantBytes {
				t.Errorf("wrote %d bytes, want %d", e.res.BytesWritten, c.wantBytes)
			}
			if c.name == "bad range recorded, wipe continues" {
				// The bad range still holds zeros, so the read-back finds it too.
				if e.res.Mismatches != badLen/compareBlock {
					t.Errorf("mismatches %d, want %d", e.res.Mismatches, badLen/compareBlock)
				}
			}
		})
	}
}

func TestADiskThatFailsEverythingEndsTheJob(t *testing.T) {
	const size = 8 << 20
	d := memdisk.New(size)
	d.FailWrites(0, size)
	m, _ := LookupMethod("zero")
	plan, _ := buildPlan(m, Options{}.normalized())
	e, err := newEngineChunk(d, OnErrorContinue, nil, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	err = e.run(t.Context(), plan)
	if !errors.Is(err, ErrDeviceUnresponsive) {
		t.Fatalf("run: %v, want ErrDeviceUnresponsive", err)
	}
	// Three 1 MiB requests, recorded as one failed range, found with a bounded number
	// of requests: the first request is narrowed to sectors for four 64 KiB pieces,
	// the next two only piece by piece.
	if len(e.res.Errors) != 1 || e.res.Errors[0].Offset != 0 || e.res.Errors[0].Length != 3<<20 {
		t.Errorf("errors %+v, want one range of 3 MiB at 0", e.res.Errors)
	}
	if calls := d.WriteCalls(); calls > 3*(1+ioRetries+16)+4*128 {
		t.Errorf("%d write requests to find a dead disk", calls)
	}
}

// cancelAfter cancels a context once n writes have gone through.
type cancelAfter struct {
	*memdisk.Disk
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) WriteAt(b []byte, off int64) (int, error) {
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return c.Disk.WriteAt(b, off)
}

func TestCancelStopsBetweenRequests(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	d := &cancelAfter{Disk: memdisk.New(testSize), n: 2, cancel: cancel}
	m, _ := LookupMethod("dod-7pass")
	plan, _ := buildPlan(m, Options{}.normalized())
	e, err := runEngine(t, ctx, d, OnErrorContinue, plan, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %v, want context.Canceled", err)
	}
	if e.res.PassesWritten != 0 || e.res.BytesWritten != 2*testChunk {
		t.Errorf("after cancel: %d passes, %d bytes written; want 0 passes, %d bytes", e.res.PassesWritten, e.res.BytesWritten, 2*testChunk)
	}
}
