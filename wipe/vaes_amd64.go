//go:build !purego

package wipe

import "golang.org/x/sys/cpu"

// haveVAES says the CPU and the OS run the AVX-512 VAES code.
var haveVAES = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VAES

// keystreamVAES writes blocks (a multiple of vaesBlocks) 16-byte keystream blocks
// to dst, counters from ctr's lanes.
//
//go:noescape
func keystreamVAES(s *vaesState, ctr *[8]uint64, dst *byte, blocks int)

// differsVAES reports whether the blocks (a multiple of vaesBlocks) at src differ
// from the keystream from ctr's lanes, without writing anything.
//
//go:noescape
func differsVAES(s *vaesState, ctr *[8]uint64, src *byte, blocks int) bool
