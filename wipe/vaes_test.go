package wipe

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"testing"
)

// stdlibStream is the reference: crypto/aes's CTR from the counter at off.
func stdlibStream(t *testing.T, key []byte, iv [16]byte, off int64, n int) []byte {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, n)
	cipher.NewCTR(block, counterAt(iv, off)).XORKeyStream(out, out)
	return out
}

func TestRoundKeysMatchFIPS197(t *testing.T) {
	// FIPS 197 Appendix A.1: the key 2b7e1516 28aed2a6 abf71588 09cf4f3c expands to
	// w[40..43] = d014f9a8 c9ee2589 e13f0cc8 b6630ca6.
	key := []byte{0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c}
	want := []byte{0xd0, 0x14, 0xf9, 0xa8, 0xc9, 0xee, 0x25, 0x89, 0xe1, 0x3f, 0x0c, 0xc8, 0xb6, 0x63, 0x0c, 0xa6}
	if got := newVAESState(key).roundKeys[10][:]; !bytes.Equal(got, want) {
		t.Errorf("last round key %x, want %x", got, want)
	}
}

// TestStreamMatchesCryptoAES checks that the generator's stream, on whichever path
// this CPU takes (VAES or crypto/aes) and on the crypto/aes path forced, is
// crypto/aes's AES-128-CTR byte for byte: at offsets and lengths that are and are not
// multiples of the VAES group, across a wrap of the counter's low 64 bits, and in
// pieces.
func TestStreamMatchesCryptoAES(t *testing.T) {
	key := make([]byte, 16)
	rand.Read(key)
	var ivRandom, ivWrap [16]byte
	rand.Read(ivRandom[:])
	rand.Read(ivWrap[:8])
	binary.BigEndian.PutUint64(ivWrap[8:], ^uint64(0)-100) // wraps 101 blocks in
	cases := []struct {
		name   string
		iv     [16]byte
		off    int64
		n      int
		pieces int
	}{
		{"one group from 0", ivRandom, 0, 512, 1},
		{"a request", ivRandom, 4 << 20, 4 << 20, 1},
		{"request in 64 KiB pieces", ivRandom, 12 << 20, 4 << 20, 64},
		{"unaligned length", ivRandom, 1 << 30, 512*7 + 16*5 + 3, 1},
		{"odd pieces", ivRandom, 4096, 100000, 7},
		{"block offset not a group", ivRandom, 16 * 3, 2048, 1},
		{"low counter wraps inside", ivWrap, 0, 64 << 10, 1},
		{"low counter wraps, pieces", ivWrap, 512, 64 << 10, 16},
		{"after the wrap", ivWrap, 4096, 8192, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := stdlibStream(t, key, c.iv, c.off, c.n)
			for _, forceStdlib := range []bool{false, true} {
				g, err := newStreamGenerator(key, c.iv[:])
				if err != nil {
					t.Fatal(err)
				}
				if forceStdlib {
					g.vs = nil
				}
				got := make([]byte, c.n)
				st := g.at(c.off)
				step := (c.n + c.pieces - 1) / c.pieces
				for p := 0; p < c.n; p += step {
					st.next(got[p:min(p+step, c.n)])
				}
				if i := firstDiff(got, want); i >= 0 {
					t.Fatalf("stdlib forced %v: first difference at byte %d of %d", forceStdlib, i, c.n)
				}
			}
		})
	}
}

// TestSkipIfEqual checks the compare-without-writing path: equal data is passed
// over, and one flipped bit anywhere (first byte, last byte, each 64-byte lane of a
// group) is noticed.
func TestSkipIfEqual(t *testing.T) {
	key := make([]byte, 16)
	rand.Read(key)
	var iv [16]byte
	rand.Read(iv[:])
	g, err := newStreamGenerator(key, iv[:])
	if err != nil {
		t.Fatal(err)
	}
	const off, n = 8 << 20, 64 << 10
	want := stdlibStream(t, key, iv, off, n)
	// Without VAES it declines everything and stays put: the caller compares.
	noVAES := *g
	noVAES.vs = nil
	if st := noVAES.at(off); st.skipIfEqual(want) || st.off != off {
		t.Fatal("skipIfEqual without VAES did not decline")
	}
	if g.vs == nil {
		t.Skip("this CPU has no AVX-512 VAES: the rest checks the VAES comparison")
	}
	if st := g.at(off); !st.skipIfEqual(want) || st.off != off+n {
		t.Fatalf("equal data not passed over (position %d)", st.off)
	}
	positions := []int{0, 1, 15, 16, 63, 64, 511, 512, n / 2, n - 64, n - 1}
	for _, pos := range positions {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(want)
			bad[pos] ^= bit
			if st := g.at(off); st.skipIfEqual(bad) || st.off != off {
				t.Errorf("bit %#x flipped at byte %d: not noticed (position %d)", bit, pos, st.off)
			}
		}
	}
	// A length the VAES code does not take is declined, never half-compared.
	if st := g.at(off); st.skipIfEqual(want[:n-16]) {
		t.Error("a length that is not a whole group was accepted")
	}
}

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

// TestSbox checks the computed S-box against values of FIPS 197 Figure 7.
func TestSbox(t *testing.T) {
	cases := []struct{ in, want byte }{
		{0x00, 0x63}, {0x01, 0x7c}, {0x53, 0xed}, {0x10, 0xca}, {0xff, 0x16}, {0x9a, 0xb8}, {0xc9, 0xdd},
	}
	for _, c := range cases {
		if got := sbox(c.in); got != c.want {
			t.Errorf("sbox(%#02x) = %#02x, want %#02x", c.in, got, c.want)
		}
	}
}
