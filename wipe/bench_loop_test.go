package wipe

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wipestation/wipestation/internal/testutil"
)

// directFile is a loop device opened with O_DIRECT, the way devices.OpenForWipe
// opens a real one.
type directFile struct {
	*os.File
	size int64
}

func (d directFile) Size() int64    { return d.size }
func (d directFile) Alignment() int { return 512 }
func (d directFile) Sync() error    { return unix.Fdatasync(int(d.Fd())) }

// BenchmarkEngineVsRaw compares one random pass written and verified by the engine
// with a raw O_DIRECT write of zeros and read to a discarded buffer (what dd does)
// of the same tmpfs-backed loop device, alternating, and reports the ratio of the
// best times. WIPESTATION_BENCH_MIB sets the device size (default 1024),
// WIPESTATION_BENCH_CHUNK_KIB and WIPESTATION_BENCH_BUFS the engine's layout, and
// WIPESTATION_BENCH_CRYPTO_AES=1 takes the crypto/aes path even where VAES exists.
//
//	sudo go test -run '^$' -bench EngineVsRaw -benchtime 7x ./wipe/
func BenchmarkEngineVsRaw(b *testing.B) {
	mib := envInt("WIPESTATION_BENCH_MIB", 1024)
	chunk := envInt("WIPESTATION_BENCH_CHUNK_KIB", chunkBytes>>10) << 10
	count := envInt("WIPESTATION_BENCH_BUFS", bufferCount)
	cryptoAES := os.Getenv("WIPESTATION_BENCH_CRYPTO_AES") != ""
	size := int64(mib) << 20
	loop := testutil.NewLoopDevice(b, size)
	f, err := os.OpenFile(loop.Path, os.O_RDWR|unix.O_DIRECT|unix.O_EXCL, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	d := directFile{File: f, size: size}
	raw, release, err := alignedBuffers(1, 4<<20)
	if err != nil {
		b.Fatal(err)
	}
	defer release()
	rawCPU, engineCPU := time.Duration(1<<62), time.Duration(1<<62)
	rawPass := func() time.Duration {
		c0 := cpuTime()
		defer func() { rawCPU = min(rawCPU, cpuTime()-c0) }()
		t0 := time.Now()
		for off := int64(0); off < size; off += int64(len(raw[0])) {
			if _, err := f.WriteAt(raw[0], off); err != nil {
				b.Fatal(err)
			}
		}
		for off := int64(0); off < size; off += int64(len(raw[0])) {
			if _, err := f.ReadAt(raw[0], off); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(t0)
	}
	rawPass() // tmpfs allocates its pages here, not in a timed pass
	bestRaw, bestEngine := time.Duration(1<<62), time.Duration(1<<62)
	var bestW, bestV time.Duration
	b.SetBytes(2 * size)
	for b.Loop() {
		bestRaw = min(bestRaw, rawPass())
		g, err := newGenerator(Pass{Random: true})
		if err != nil {
			b.Fatal(err)
		}
		if cryptoAES {
			g.vs = nil
		}
		e, err := newEngineLayout(d, OnErrorContinue, nil, nil, chunk, count)
		if err != nil {
			b.Fatal(err)
		}
		var tw time.Time
		e.afterWrite = func(passPlan) { tw = time.Now() }
		c0 := cpuTime()
		t0 := time.Now()
		if err := e.run(context.Background(), []passPlan{{Index: 1, Pass: Pass{Random: true}, Write: true, Verify: true, gen: g}}); err != nil {
			b.Fatal(err)
		}
		el := time.Since(t0)
		engineCPU = min(engineCPU, cpuTime()-c0)
		if e.res.Mismatches != 0 || len(e.res.Errors) != 0 {
			b.Fatalf("mismatches %d, errors %v", e.res.Mismatches, e.res.Errors)
		}
		if el < bestEngine {
			bestEngine, bestW, bestV = el, tw.Sub(t0), el-tw.Sub(t0)
		}
	}
	b.ReportMetric(bestRaw.Seconds(), "raw-s")
	b.ReportMetric(bestEngine.Seconds(), "engine-s")
	b.ReportMetric(bestW.Seconds(), "write-s")
	b.ReportMetric(bestV.Seconds(), "verify-s")
	b.ReportMetric(bestEngine.Seconds()/bestRaw.Seconds(), "ratio")
	b.ReportMetric(rawCPU.Seconds(), "raw-cpu-s")
	b.ReportMetric(engineCPU.Seconds(), "engine-cpu-s")
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
