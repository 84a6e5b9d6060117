//go:build !amd64 || purego

package wipe

// haveVAES is false: the VAES keystream code exists only for amd64.
const haveVAES = false

func keystreamVAES(s *vaesState, ctr *[8]uint64, dst *byte, blocks int) {
	panic("keystreamVAES without VAES")
}

func differsVAES(s *vaesState, ctr *[8]uint64, src *byte, blocks int) bool {
	panic("differsVAES without VAES")
}
