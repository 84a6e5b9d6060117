package wipe

import "encoding/binary"

// vaesState is what the VAES keystream code reads: AES-128 round keys in the byte
// order of FIPS 197 (the order the AES instructions take them), the shuffle that
// turns a little-endian counter lane into a big-endian counter block, and the
// increment of the four lanes of a register. Its layout is fixed by vaes_amd64.s.
type vaesState struct {
	roundKeys [11][16]byte
	bswap     [16]byte
	inc       [8]uint64
}

// newVAESState expands key (16 bytes) into the AES-128 round keys (FIPS 197 §5.2).
// Tests compare the stream it drives with crypto/aes byte for byte.
func newVAESState(key []byte) *vaesState {
	s := &vaesState{}
	var w [44]uint32
	for i := range 4 {
		w[i] = binary.BigEndian.Uint32(key[4*i:])
	}
	rcon := uint32(1)
	for i := 4; i < 44; i++ {
		t := w[i-1]
		if i%4 == 0 {
			t = subWord(t<<8|t>>24) ^ rcon<<24
			rcon = uint32(gfMul(byte(rcon), 2))
		}
		w[i] = w[i-4] ^ t
	}
	for i, v := range w {
		binary.BigEndian.PutUint32(s.roundKeys[i/4][4*(i%4):], v)
	}
	for i := range 16 {
		s.bswap[i] = byte(15 - i)
	}
	for l := range 4 {
		s.inc[2*l] = 4
	}
	return s
}

// subWord applies the AES S-box to each byte of w.
func subWord(w uint32) uint32 {
	return uint32(sbox(byte(w>>24)))<<24 | uint32(sbox(byte(w>>16)))<<16 | uint32(sbox(byte(w>>8)))<<8 | uint32(sbox(byte(w)))
}

// sbox is the AES S-box computed from its definition (the multiplicative inverse
// in GF(2^8), then the affine map), so no table can hold a wrong byte. The key
// schedule needs it 40 times per key. It runs in constant time (the inverse is
// x^254 by a fixed chain of multiplications; gfMul has no data-dependent
// branches), so the key's bytes do not show in its timing.
func sbox(x byte) byte {
	inv, sq := byte(1), x
	for e := byte(254); e != 0; e >>= 1 {
		if e&1 != 0 { // e is the constant exponent, not data
			inv = gfMul(inv, sq)
		}
		sq = gfMul(sq, sq)
	}
	r := inv
	for i := 1; i <= 4; i++ {
		r ^= inv<<i | inv>>(8-i)
	}
	return r ^ 0x63
}

// gfMul multiplies in GF(2^8) modulo x^8+x^4+x^3+x+1, without branches on a or b.
func gfMul(a, b byte) byte {
	var p byte
	for range 8 {
		p ^= a & -(b & 1)
		a = a<<1 ^ 0x1b&-(a>>7)
		b >>= 1
	}
	return p
}

// vaesBlocks is how many 16-byte blocks the VAES code handles per iteration.
const vaesBlocks = 32

// counterLanes is the first four counter blocks from (hi, lo) as the VAES code
// loads them: (low, high) pairs, one block apart.
func counterLanes(hi, lo uint64) *[8]uint64 {
	var c [8]uint64
	for l := range 4 {
		c[2*l], c[2*l+1] = lo+uint64(l), hi
	}
	return &c
}
