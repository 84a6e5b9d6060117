package backup

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/internal/testutil"
	"github.com/wipestation/wipestation/wipe"
)

var _ wipe.Backuper = (*Backuper)(nil)

// segment is a run of test content.
type segment struct {
	kind   string // "random", "text", "zero", "byte"
	length int
}

// content builds a device image from segments, deterministically.
func content(seed uint64, segs ...segment) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b []byte
	text := []byte("The quick brown fox jumps over the lazy dog. 設備資料備份後才可清除。\n")
	for _, s := range segs {
		switch s.kind {
		case "random":
			p := make([]byte, s.length)
			for i := range p {
				p[i] = byte(rng.Uint32())
			}
			b = append(b, p...)
		case "text":
			for i := 0; i < s.length; i++ {
				b = append(b, text[i%len(text)])
			}
		case "zero":
			b = append(b, make([]byte, s.length)...)
		case "byte": // zeros with one 0xff in the middle
			p := make([]byte, s.length)
			p[s.length/2] = 0xff
			b = append(b, p...)
		}
	}
	return b
}

const mib = 1 << 20

// mixedSegments is random data, text, long zero runs, a lone byte inside a zero
// region, runs that end off any block boundary, and a tail that is not a multiple
// of the read size nor of 4 KiB (device sizes are multiples of 512).
var mixedSegments = []segment{
	{"random", 1 * mib},
	{"text", 1*mib + 333},
	{"zero", 18*mib - 333},
	{"random", 4097},
	{"zero", 3*mib - 4097},
	{"byte", 5 * mib},
	{"text", 777},
	{"zero", 12*mib - 777 + 1536 - 1000},
	{"random", 1000},
}

// testKeys is the organization's key pair of a test.
type testKeys struct {
	identity  *age.X25519Identity
	recipient string
}

func newKeys(t testing.TB) testKeys {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return testKeys{identity: id, recipient: id.Recipient().String()}
}

func fixedClock() time.Time { return time.Date(2026, 11, 26, 18, 30, 5, 0, time.UTC) }

func newTestBackuper() *Backuper {
	return New(Config{ToolVersion: "test", Host: "desk1", Now: fixedClock})
}

// loopWith makes a loop device holding data.
func loopWith(t *testing.T, data []byte) *testutil.LoopDevice {
	t.Helper()
	loop := testutil.NewLoopDevice(t, int64(len(data)))
	writeDevice(t, loop.Path, data)
	return loop
}

func writeDevice(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

func readDevice(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return b
}

// firstDiff says where two images differ, for failure messages.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func mustEqual(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes, want %d; first difference at offset %d", what, len(got), len(want), firstDiff(got, want))
	}
}

// backupBytes backs data up through an image file (no root needed).
func backupBytes(t *testing.T, keys testKeys, data []byte) (*wipe.BackupInfo, string) {
	t.Helper()
	dir := testutil.ScratchDir(t)
	info, err := newTestBackuper().BackupImage(context.Background(), bytes.NewReader(data), int64(len(data)),
		devices.Device{Path: "/dev/test", Name: "test", Serial: "SER1", Model: "Model X"},
		Options{Dir: dir, Recipient: keys.recipient}, nil)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	return info, dir
}

func openArchive(t *testing.T, path string, ids ...age.Identity) *Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewReader(f, ids...)
	if err != nil {
		t.Fatalf("open archive: %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, filepath.Join(dir, e.Name()))
	}
	return names
}
