package wipe

import (
	"bytes"
	"testing"
)

// Throughput of what an overwrite does per byte besides the device's own I/O. Run
// with: go test -run '^$' -bench . ./wipe/

func BenchmarkFill(b *testing.B) {
	cases := []struct {
		name      string
		pass      Pass
		cryptoAES bool // the crypto/aes path even where VAES exists
	}{
		{"pattern-1-byte", Pass{Pattern: []byte{0x55}}, false},
		{"pattern-3-byte", Pass{Pattern: []byte{0x92, 0x49, 0x24}}, false},
		{"aes-ctr-stream", Pass{Random: true}, false},
		{"aes-ctr-stream-crypto-aes", Pass{Random: true}, true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			g, err := newGenerator(c.pass)
			if err != nil {
				b.Fatal(err)
			}
			if c.cryptoAES {
				g.vs = nil
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
// stream and compare it with what was "read" (with VAES, where the CPU has it, and
// with crypto/aes).
func BenchmarkVerifyChunk(b *testing.B) {
	for _, cryptoAES := range []bool{false, true} {
		name := "vaes-where-available"
		if cryptoAES {
			name = "crypto-aes"
		}
		b.Run(name, func(b *testing.B) {
			g, _ := newGenerator(Pass{Random: true})
			if cryptoAES {
				g.vs = nil
			}
			bufs, release, _ := alignedBuffers(2, chunkBytes)
			defer release()
			got, want := bufs[0], bufs[1]
			g.fill(got, 0)
			e := &engine{}
			b.SetBytes(chunkBytes)
			for b.Loop() {
				e.verifyChunk(g, got, want[:pieceBytes], 0, nil)
			}
			if e.res.Mismatches != 0 {
				b.Fatal("mismatch")
			}
		})
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
