//go:build !purego

#include "textflag.h"

// AES-128-CTR with VAES on 512-bit registers: 32 counter blocks (512 bytes) per
// iteration, 8 registers of 4 blocks each so that the rounds of independent
// registers overlap. Layout of *vaesState: 11 round keys (176 bytes), the
// byte-reversing shuffle (16 bytes), then the counter increment lanes (64 bytes).
// ctr points at 4 lanes of (low, high) 64-bit counter halves, the first 4 blocks;
// the caller guarantees that the low halves do not wrap within the call.

#define LOADKEYS \
	VBROADCASTI32X4 0(AX), Z16; \
	VBROADCASTI32X4 16(AX), Z17; \
	VBROADCASTI32X4 32(AX), Z18; \
	VBROADCASTI32X4 48(AX), Z19; \
	VBROADCASTI32X4 64(AX), Z20; \
	VBROADCASTI32X4 80(AX), Z21; \
	VBROADCASTI32X4 96(AX), Z22; \
	VBROADCASTI32X4 112(AX), Z23; \
	VBROADCASTI32X4 128(AX), Z24; \
	VBROADCASTI32X4 144(AX), Z25; \
	VBROADCASTI32X4 160(AX), Z26; \
	VBROADCASTI32X4 176(AX), Z29; \
	VMOVDQU64 192(AX), Z30; \
	VMOVDQU64 0(BX), Z27

#define COUNTERS \
	VPSHUFB Z29, Z27, Z0; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z1; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z2; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z3; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z4; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z5; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z6; \
	VPADDQ Z30, Z27, Z27; \
	VPSHUFB Z29, Z27, Z7; \
	VPADDQ Z30, Z27, Z27

#define ROUND(k) \
	VAESENC k, Z0, Z0; \
	VAESENC k, Z1, Z1; \
	VAESENC k, Z2, Z2; \
	VAESENC k, Z3, Z3; \
	VAESENC k, Z4, Z4; \
	VAESENC k, Z5, Z5; \
	VAESENC k, Z6, Z6; \
	VAESENC k, Z7, Z7

#define ENCRYPT \
	VPXORQ Z16, Z0, Z0; \
	VPXORQ Z16, Z1, Z1; \
	VPXORQ Z16, Z2, Z2; \
	VPXORQ Z16, Z3, Z3; \
	VPXORQ Z16, Z4, Z4; \
	VPXORQ Z16, Z5, Z5; \
	VPXORQ Z16, Z6, Z6; \
	VPXORQ Z16, Z7, Z7; \
	ROUND(Z17); \
	ROUND(Z18); \
	ROUND(Z19); \
	ROUND(Z20); \
	ROUND(Z21); \
	ROUND(Z22); \
	ROUND(Z23); \
	ROUND(Z24); \
	ROUND(Z25); \
	VAESENCLAST Z26, Z0, Z0; \
	VAESENCLAST Z26, Z1, Z1; \
	VAESENCLAST Z26, Z2, Z2; \
	VAESENCLAST Z26, Z3, Z3; \
	VAESENCLAST Z26, Z4, Z4; \
	VAESENCLAST Z26, Z5, Z5; \
	VAESENCLAST Z26, Z6, Z6; \
	VAESENCLAST Z26, Z7, Z7

// func keystreamVAES(s *vaesState, ctr *[8]uint64, dst *byte, blocks int)
TEXT ·keystreamVAES(SB), NOSPLIT, $0-32
	MOVQ s+0(FP), AX
	MOVQ ctr+8(FP), BX
	MOVQ dst+16(FP), DI
	MOVQ blocks+24(FP), CX
	LOADKEYS

ksloop:
	CMPQ CX, $32
	JB   ksdone
	COUNTERS
	ENCRYPT
	VMOVDQU64 Z0, 0(DI)
	VMOVDQU64 Z1, 64(DI)
	VMOVDQU64 Z2, 128(DI)
	VMOVDQU64 Z3, 192(DI)
	VMOVDQU64 Z4, 256(DI)
	VMOVDQU64 Z5, 320(DI)
	VMOVDQU64 Z6, 384(DI)
	VMOVDQU64 Z7, 448(DI)
	ADDQ $512, DI
	SUBQ $32, CX
	JMP  ksloop

ksdone:
	VZEROUPPER
	RET

// func differsVAES(s *vaesState, ctr *[8]uint64, src *byte, blocks int) bool
TEXT ·differsVAES(SB), NOSPLIT, $0-33
	MOVQ s+0(FP), AX
	MOVQ ctr+8(FP), BX
	MOVQ src+16(FP), SI
	MOVQ blocks+24(FP), CX
	LOADKEYS
	VPXORQ Z31, Z31, Z31

dfloop:
	CMPQ CX, $32
	JB   dfdone
	COUNTERS
	ENCRYPT
	VPXORQ 0(SI), Z0, Z0
	VPXORQ 64(SI), Z1, Z1
	VPXORQ 128(SI), Z2, Z2
	VPXORQ 192(SI), Z3, Z3
	VPXORQ 256(SI), Z4, Z4
	VPXORQ 320(SI), Z5, Z5
	VPXORQ 384(SI), Z6, Z6
	VPXORQ 448(SI), Z7, Z7
	VPORQ Z0, Z31, Z31
	VPORQ Z1, Z31, Z31
	VPORQ Z2, Z31, Z31
	VPORQ Z3, Z31, Z31
	VPORQ Z4, Z31, Z31
	VPORQ Z5, Z31, Z31
	VPORQ Z6, Z31, Z31
	VPORQ Z7, Z31, Z31
	ADDQ $512, SI
	SUBQ $32, CX
	JMP  dfloop

dfdone:
	VPTESTMQ Z31, Z31, K1
	KORTESTW K1, K1
	SETNE    ret+32(FP)
	VZEROUPPER
	RET
