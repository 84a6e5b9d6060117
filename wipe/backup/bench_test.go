package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"os"
	"testing"
	"time"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
)

// benchImages are 64 MiB images of the kinds a desk sees.
var benchImages = []struct {
	name string
	segs []segment
}{
	{"random", []segment{{"random", 64 * mib}}},
	{"text", []segment{{"text", 64 * mib}}},
	{"mixed", []segment{{"random", 16 * mib}, {"text", 16 * mib}, {"zero", 32 * mib}}},
	{"zero", []segment{{"zero", 64 * mib}}},
}

// BenchmarkBackupImage is the whole backup of an in-memory image into tmpfs: read,
// hash, skip zeros, zstd, age, write, sync, then read back and check. MB/s are of
// the device.
func BenchmarkBackupImage(b *testing.B) {
	keys := newKeys(b)
	for _, bi := range benchImages {
		data := content(1, bi.segs...)
		b.Run(bi.name, func(b *testing.B) {
			dir := testutil.ScratchDir(b)
			bk := newTestBackuper()
			b.SetBytes(int64(len(data)))
			var stored int64
			for b.Loop() {
				info, err := bk.BackupImage(context.Background(), bytes.NewReader(data), int64(len(data)), devices.Device{Path: "/dev/bench"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
				if err != nil {
					b.Fatal(err)
				}
				fi, _ := os.Stat(info.Location)
				stored = fi.Size()
				os.Remove(info.Location)
			}
			b.ReportMetric(100*float64(stored)/float64(len(data)), "%stored")
		})
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkCopy is the copy pass alone (no file, no read-back): read, hash, skip
// zeros, zstd and age into a counter.
func BenchmarkCopy(b *testing.B) {
	keys := newKeys(b)
	for _, bi := range benchImages {
		data := content(1, bi.segs...)
		b.Run(bi.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var out countingWriter
				w, err := newArchiveWriter(&out, Header{Version: FormatVersion, Kind: KindImage, Metadata: Metadata{SizeBytes: int64(len(data))}}, keys.identity.Recipient())
				if err != nil {
					b.Fatal(err)
				}
				sum, err := copyImage(context.Background(), bytes.NewReader(data), int64(len(data)), w, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := w.Finish(int64(len(data)), sum); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify is the read-back pass alone: age, zstd, rebuild and hash.
func BenchmarkVerify(b *testing.B) {
	keys := newKeys(b)
	for _, bi := range benchImages {
		data := content(1, bi.segs...)
		b.Run(bi.name, func(b *testing.B) {
			var out bytes.Buffer
			w, _ := newArchiveWriter(&out, Header{Version: FormatVersion, Kind: KindImage, Metadata: Metadata{SizeBytes: int64(len(data))}}, keys.identity.Recipient())
			sum, _ := copyImage(context.Background(), bytes.NewReader(data), int64(len(data)), w, nil, nil)
			w.Finish(int64(len(data)), sum)
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Verify(context.Background(), bytes.NewReader(out.Bytes()), nil, keys.identity); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSHA256 is the floor: every backup hashes the whole device twice.
func BenchmarkSHA256(b *testing.B) {
	data := make([]byte, 4*mib)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sha256.Sum256(data)
	}
}

var _ io.Writer = (*countingWriter)(nil)

// throttled is a device that reads at a drive's speed: each read takes as long
// as it would at bytesPerSecond.
type throttled struct {
	r              io.ReaderAt
	bytesPerSecond float64
}

func (d throttled) ReadAt(p []byte, off int64) (int, error) {
	time.Sleep(time.Duration(float64(len(p)) / d.bytesPerSecond * float64(time.Second)))
	return d.r.ReadAt(p, off)
}

// BenchmarkThrottledDevice compares, on devices reading at 500 MB/s (a SATA SSD),
// a plain sequential read in 4 MiB requests (what dd does) with the copy pass
// alone and with the whole backup (copy, and the read-back that runs alongside
// it). The devices are 512 MiB: half random and half zero ("half"), or all zero
// but the last 3 MiB ("sparse"). MB/s are of the device.
func BenchmarkThrottledDevice(b *testing.B) {
	keys := newKeys(b)
	devs := []struct {
		name string
		dev  io.ReaderAt
	}{
		{"half", synthDevice{size: 512 * mib}},
		{"sparse", sparseDevice{size: 512 * mib}},
	}
	for _, d := range devs {
		dev := throttled{r: d.dev, bytesPerSecond: 500e6}
		size := int64(512 * mib)
		b.Run(d.name+"/dd", func(b *testing.B) {
			b.SetBytes(size)
			buf := alignedBuffer(readBufferBytes)
			for b.Loop() {
				for off := int64(0); off < size; off += readBufferBytes {
					dev.ReadAt(buf, off)
				}
			}
		})
		b.Run(d.name+"/copy", func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				w, _ := newArchiveWriter(&countingWriter{}, Header{Version: FormatVersion, Kind: KindImage, Metadata: Metadata{SizeBytes: size}}, keys.identity.Recipient())
				sum, err := copyImage(context.Background(), dev, size, w, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				w.Finish(size, sum)
			}
		})
		b.Run(d.name+"/backup", func(b *testing.B) {
			dir := testutil.ScratchDir(b)
			b.SetBytes(size)
			for b.Loop() {
				info, err := newTestBackuper().BackupImage(context.Background(), dev, size, devices.Device{Path: "/dev/bench"}, Options{Dir: dir, Recipient: keys.recipient}, nil)
				if err != nil {
					b.Fatal(err)
				}
				os.Remove(info.Location)
			}
		})
	}
}

// sparseDevice is synthDevice's content only in its last 3 MiB.
type sparseDevice struct{ size int64 }

func (d sparseDevice) ReadAt(p []byte, off int64) (int, error) {
	s := synthDevice{size: d.size}
	if off+int64(len(p)) <= d.size-3*mib {
		clear(p)
		return len(p), nil
	}
	return s.ReadAt(p, off)
}
