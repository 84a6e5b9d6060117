package wipe

import (
	"bytes"
	"testing"
)

// Throughput of what an overwrite does per byte besides the device's own I/O. Run
// with: go test -run '^$' -bench . ./wipe/

func BenchmarkFill(b *testing.B) {
	cases := []struct {
		name string
		pass Pass
	}{
		{"pattern-1-byte", Pass{Pattern: []byte{0x55}}},
		{"pattern-3-byte", Pass{Pattern: []byte{0x92, 0x49, 0x24}}},
		{"aes-ctr-stream", Pass{Random: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			g, err := newGenerator(c.pass)
			if err != nil {
				b.Fatal(err)
			}
			buf, release, _ := alignedBuffers(1, chunkBytes)
			defer release()
			b.SetBytes(chunkBytes)
			var off int64
			for b.Loop() {
				g.fill(buf[0], off)
				off += chunkBytes
			}
		})
	}
}

// BenchmarkVerifyChunk is the read-back side: regenerate a request's worth of the
// stream and compare it with what was "read".
func BenchmarkVerifyChunk(b *testing.B) {
	g, _ := newGenerator(Pass{Random: true})
	bufs, release, _ := alignedBuffers(2, chunkBytes)
	defer release()
	got, want := bufs[0], bufs[1]
	g.fill(got, 0)
	e := &engine{}
	b.SetBytes(chunkBytes)
	for b.Loop() {
		e.verifyChunk(g, got, want, 0, nil)
	}
	if e.res.Mismatches != 0 {
		b.Fatal("mismatch")
	}
}

func BenchmarkCompare(b *testing.B) {
	x := bytes.Repeat([]byte{1}, chunkBytes)
	y := bytes.Repeat([]byte{1}, chunkBytes)
	b.SetBytes(chunkBytes)
	for b.Loop() {
		if !bytes.Equal(x, y) {
			b.Fatal("differ")
		}
	}
}
