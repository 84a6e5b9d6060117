package wipe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
)

// generator fills a buffer with what one pass puts at a given device offset. It is
// a pure function of (pass, key, offset), so verification regenerates exactly what
// was written without keeping any of it.
type generator struct {
	pattern []byte
	block   cipher.Block // nil for pattern passes
	iv      [aes.BlockSize]byte
	// zero is the all-zero source the keystream is XORed onto, one cache-sized piece
	// at a time: generating costs one pass over the buffer, not a clear and a pass.
	zero []byte
	// vs drives the AVX-512 VAES code (nil where the CPU lacks it): the same
	// AES-128-CTR stream, four blocks per instruction instead of one.
	vs *vaesState
}

// pieceBytes is how much keystream is generated (or compared) at once: small enough
// to stay in the CPU cache.
const pieceBytes = 64 << 10

// newGenerator builds the generator for p. Random passes get a fresh AES-128 key and
// initial counter from crypto/rand; they live only as long as the job.
func newGenerator(p Pass) (*generator, error) {
	if !p.Random {
		if len(p.Pattern) == 0 {
			return nil, fmt.Errorf("pass without pattern")
		}
		return &generator{pattern: p.Pattern}, nil
	}
	var key [16]byte
	g := &generator{}
	if _, err := rand.Read(key[:]); err != nil {
		return nil, fmt.Errorf("read key from crypto/rand: %w", err)
	}
	if _, err := rand.Read(g.iv[:]); err != nil {
		return nil, fmt.Errorf("read counter from crypto/rand: %w", err)
	}
	return newStreamGenerator(key[:], g.iv[:])
}

// newStreamGenerator is the random pass for a known key and initial counter (tests
// regenerate a pass from them).
func newStreamGenerator(key, iv []byte) (*generator, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("aes key: %w", err)
	}
	g := &generator{block: block, zero: make([]byte, pieceBytes)}
	copy(g.iv[:], iv)
	if haveVAES && len(key) == 16 {
		g.vs = newVAESState(key)
	}
	return g, nil
}

// fill writes into buf what the pass holds at device offset off. For random passes
// off must be a multiple of 16 (the engine's requests always are).
func (g *generator) fill(buf []byte, off int64) {
	if g.block == nil {
		fillPattern(buf, g.pattern, off)
		return
	}
	g.at(off).next(buf)
}

// streamAt produces a pass's bytes from an offset onwards, in consecutive pieces.
type streamAt struct {
	g   *generator
	off int64
	// ctr is the crypto/aes stream positioned at off, made when first needed (nil
	// after the VAES code has moved off on).
	ctr cipher.Stream
}

// at starts the pass's bytes at device offset off (a multiple of 16 for the stream).
func (g *generator) at(off int64) *streamAt {
	return &streamAt{g: g, off: off}
}

// next fills dst with the following len(dst) bytes of the pass.
func (s *streamAt) next(dst []byte) {
	if s.g.block == nil {
		fillPattern(dst, s.g.pattern, s.off)
		s.off += int64(len(dst))
		return
	}
	if n := s.vaesSpan(len(dst)); n > 0 {
		hi, lo := s.counter()
		keystreamVAES(s.g.vs, counterLanes(hi, lo), &dst[0], n/16)
		s.off += int64(n)
		s.ctr = nil
		dst = dst[n:]
	}
	if len(dst) == 0 {
		return
	}
	if s.ctr == nil {
		s.ctr = cipher.NewCTR(s.g.block, counterAt(s.g.iv, s.off))
	}
	for p := 0; p < len(dst); p += pieceBytes {
		n := min(pieceBytes, len(dst)-p)
		s.ctr.XORKeyStream(dst[p:p+n], s.g.zero[:n])
	}
	s.off += int64(len(dst))
}

// skipIfEqual compares got with the following len(got) bytes of the stream without
// writing them anywhere (each keystream block is XORed with what was read and the
// results ORed together). When got holds exactly those bytes it moves past them and
// reports true; otherwise (a difference, a pattern pass, no VAES, or a length the
// VAES code does not take) it leaves the position alone and reports false, and the
// caller regenerates and compares the ordinary way.
func (s *streamAt) skipIfEqual(got []byte) bool {
	if s.g.block == nil || len(got) == 0 || s.vaesSpan(len(got)) != len(got) {
		return false
	}
	hi, lo := s.counter()
	if differsVAES(s.g.vs, counterLanes(hi, lo), &got[0], len(got)/16) {
		return false
	}
	s.off += int64(len(got))
	s.ctr = nil
	return true
}

// vaesSpan is how many of the next n bytes the VAES code can produce: whole groups
// of vaesBlocks blocks from a block boundary, and only while the low 64 bits of the
// counter do not wrap (the code adds to them without carrying; the wrap, once in
// 2^64 blocks, goes through crypto/aes).
func (s *streamAt) vaesSpan(n int) int {
	if s.g.vs == nil || s.off%aes.BlockSize != 0 {
		return 0
	}
	blocks := uint64(n / aes.BlockSize / vaesBlocks * vaesBlocks)
	if _, lo := s.counter(); lo+blocks < lo {
		return 0
	}
	return int(blocks) * aes.BlockSize
}

// counter is the counter block at off as its high and low 64-bit halves.
func (s *streamAt) counter() (hi, lo uint64) {
	c := counterAt(s.g.iv, s.off)
	return binary.BigEndian.Uint64(c[:8]), binary.BigEndian.Uint64(c[8:])
}

// period is the length after which fill repeats itself (0 for the stream).
func (g *generator) period() int {
	if g.block != nil {
		return 0
	}
	return len(g.pattern)
}

// counterAt is the CTR counter block for device offset off: the initial counter plus
// off/16, as a 128-bit big-endian addition.
func counterAt(iv [aes.BlockSize]byte, off int64) []byte {
	hi := binary.BigEndian.Uint64(iv[:8])
	lo := binary.BigEndian.Uint64(iv[8:])
	add := uint64(off) / aes.BlockSize
	nlo := lo + add
	if nlo < lo {
		hi++
	}
	out := make([]byte, aes.BlockSize)
	binary.BigEndian.PutUint64(out[:8], hi)
	binary.BigEndian.PutUint64(out[8:], nlo)
	return out
}

// fillPattern fills buf with pattern repeated from device offset 0, so that byte i of
// buf is pattern[(off+i) % len(pattern)]: a 3-byte Gutmann pattern stays in phase
// across requests and at the last partial block.
func fillPattern(buf, pattern []byte, off int64) {
	period := len(pattern)
	phase := int(off % int64(period))
	n := 0
	for n < len(buf) && n < period {
		buf[n] = pattern[(phase+n)%period]
		n++
	}
	// buf[:n] is one period in phase; doubling copies move by multiples of the
	// period, so the phase holds to the end.
	for n < len(buf) {
		n += copy(buf[n:], buf[:n])
	}
}
