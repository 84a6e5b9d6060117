package wipe

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/wipestation/wipestation/devices"
	"github.com/wipestation/wipestation/devices/memdisk"
	"github.com/wipestation/wipestation/internal/testutil"
)

// targetKind makes one kind of target of size bytes and returns it with a way to
// read its medium directly (around the engine) and to change one byte on it.
type targetKind struct {
	name string
	make func(t *testing.T, size int64) (Target, func() []byte, func(off int64))
}

func openedTarget(t *testing.T, path, backing string, allowFile bool) (Target, func() []byte, func(off int64)) {
	t.Helper()
	o, err := devices.HostSystem().OpenForWipe(path, devices.Device{}, devices.OpenOptions{AllowFile: allowFile})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	read := func() []byte {
		b, err := os.ReadFile(backing)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	flip := func(off int64) {
		f, err := os.OpenFile(backing, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b := []byte{0}
		f.ReadAt(b, off)
		b[0] ^= 0x80
		f.WriteAt(b, off)
	}
	return o, read, flip
}

var targetKinds = []targetKind{
	{"memdisk", func(t *testing.T, size int64) (Target, func() []byte, func(int64)) {
		d := memdisk.New(size)
		return d, d.Bytes, func(off int64) { d.Bytes()[off] ^= 0x80 }
	}},
	{"image file", func(t *testing.T, size int64) (Target, func() []byte, func(int64)) {
		p := filepath.Join(testutil.ScratchDir(t), "disk.img")
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
		return openedTarget(t, p, p, true)
	}},
	{"loop device", func(t *testing.T, size int64) (Target, func() []byte, func(int64)) {
		testutil.RequireRoot(t)
		l := testutil.NewLoopDevice(t, size)
		return openedTarget(t, l.Path, l.BackingFile, false)
	}},
}

// TestConformance runs the same engine scenarios on every kind of target.
func TestConformance(t *testing.T) {
	const size = 5<<20 + 8192 // more than one request, not a multiple of it
	m, _ := LookupMethod("dod-3pass")
	for _, k := range targetKinds {
		t.Run(k.name+"/passes land and verify", func(t *testing.T) {
			target, read, _ := k.make(t, size)
			plan, _ := buildPlan(m, Options{Verify: VerifyAll, Rounds: 1})
			e, err := newEngine(target, OnErrorContinue, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			e.afterWrite = func(pp passPlan) {
				if !bytes.Equal(read(), expected(t, pp, size)) {
					t.Errorf("pass %d (%s) is not on the medium", pp.Index, pp.Pass)
				}
			}
			if err := e.run(t.Context(), plan); err != nil {
				t.Fatal(err)
			}
			if e.res.PassesVerified != 3 || e.res.Mismatches != 0 || len(e.res.Errors) != 0 || e.res.BytesRead != 3*size {
				t.Errorf("result %+v", e.res)
			}
		})
		t.Run(k.name+"/a changed byte is found", func(t *testing.T) {
			target, _, flip := k.make(t, size)
			plan, _ := buildPlan(m, Options{Verify: VerifyLast, Rounds: 1})
			e, _ := newEngine(target, OnErrorContinue, nil, nil)
			e.beforeVerify = func(passPlan) { flip(size - 1) }
			if err := e.run(t.Context(), plan); err != nil {
				t.Fatal(err)
			}
			if e.res.Mismatches != 1 || len(e.res.FirstMismatchOffsets) != 1 || e.res.FirstMismatchOffsets[0] != size-1 {
				t.Errorf("mismatches %d at %v, want 1 at %d", e.res.Mismatches, e.res.FirstMismatchOffsets, size-1)
			}
		})
	}
}
