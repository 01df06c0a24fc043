//go:build amd64 && !purego

#include "textflag.h"

// func fskKernel(k *fskLanes, lo *[80][2]float32, ix int, x []int16, out []fskRec) (ixOut int)
//
// Lanes [I1, Q1, I2, Q2]: stage 1 of sample m and stage 2 of sample m-2.
// X0, X1: input histories h1, h2; X2, X3: output histories y1, y2;
// X4, X5, X6: b0, a1, a2; X7: pwr (lane 0); X8: sign of lane 1; X9: 1/16.
// Per sample, with in = [x*cos, x*-sin, y2 I1, y2 Q1] (stage 2's input
// y[m-2] comes from two steps back, so the only chain from one step to the
// next is a1*y1):
//	out = b0*((h1+h1+in)+h2) - a1*y1 - a2*y2
// then h2, h1, y2, y1 = h1, in, y1, out, and from z = y1 high lanes,
// z1 = y2 high lanes (the previous stage-2 output):
//	dot = zI*z1I + zQ*z1Q, disc = zQ*z1I - zI*z1Q, p = zI*zI + zQ*zQ
//	pwr = pwr + (p-pwr)*(1/16)
// the expressions and order of fskFilter.stage1/stage2 (no fused
// multiply-add), so the results are bit-identical.
TEXT ·fskKernel(SB), NOSPLIT, $0-80
	MOVQ   k+0(FP), R8
	MOVQ   lo+8(FP), SI
	MOVQ   ix+16(FP), DX
	MOVQ   x_base+24(FP), BX
	MOVQ   x_len+32(FP), CX
	MOVQ   out_base+48(FP), DI
	MOVUPS 0(R8), X0
	MOVUPS 16(R8), X1
	MOVUPS 32(R8), X2
	MOVUPS 48(R8), X3
	MOVUPS 64(R8), X4
	MOVUPS 80(R8), X5
	MOVUPS 96(R8), X6
	MOVSS  112(R8), X7
	MOVQ   $0x80000000, AX
	MOVQ   AX, X8
	SHUFPS $0x51, X8, X8   // [0, sign, 0, 0]
	MOVQ   $0x3d800000, AX // 1/16
	MOVQ   AX, X9
	TESTQ  CX, CX
	JZ     done

loop:
	// mixer: in = [x*cos, x*-sin, y2 lanes 0-1]
	MOVWLSX  (BX), AX
	XORPS    X10, X10
	CVTSL2SS AX, X10
	SHUFPS   $0x00, X10, X10
	MOVQ     (SI)(DX*8), X11
	MULPS    X10, X11
	MOVLHPS  X3, X11

	// both biquads
	MOVAPS X0, X12
	ADDPS  X12, X12
	ADDPS  X11, X12
	ADDPS  X1, X12
	MULPS  X4, X12
	MOVAPS X2, X13
	MULPS  X5, X13
	SUBPS  X13, X12
	MOVAPS X3, X13
	MULPS  X6, X13
	SUBPS  X13, X12
	MOVAPS X0, X1
	MOVAPS X11, X0
	MOVAPS X2, X3
	MOVAPS X12, X2

	// z = X2 lanes 2-3, z1 = X3 lanes 2-3:
	// [zI, zQ, zI, zQ] * [z1I, z1I, zI, zQ]  = [zI z1I, zQ z1I, zI zI, -]
	// [zQ, zI, zQ, zI] * [z1Q, z1Q, zQ, zQ]  = [zQ z1Q, zI z1Q, zQ zQ, -]
	MOVAPS X2, X10
	SHUFPS $0xEE, X10, X10 // [zI, zQ, zI, zQ]
	MOVAPS X3, X11
	SHUFPS $0xEA, X2, X11  // [z1I, z1I, zI, zQ]
	MULPS  X11, X10
	MOVAPS X2, X13
	SHUFPS $0xBB, X13, X13 // [zQ, zI, zQ, zI]
	MOVAPS X3, X14
	SHUFPS $0xFF, X2, X14  // [z1Q, z1Q, zQ, zQ]
	MULPS  X14, X13
	XORPS  X8, X13
	ADDPS  X13, X10        // [dot, disc, p, -]

	// pwr = pwr + (p-pwr)/16
	MOVHLPS X10, X15
	SUBSS   X7, X15
	MULSS   X9, X15
	ADDSS   X15, X7

	MOVUPS X10, 0(DI)
	MOVSS  X7, 12(DI)
	ADDQ   $2, BX
	ADDQ   $16, DI
	INCQ   DX
	CMPQ   DX, $80
	JNE    next
	XORQ   DX, DX

next:
	DECQ CX
	JNZ  loop

done:
	MOVUPS X0, 0(R8)
	MOVUPS X1, 16(R8)
	MOVUPS X2, 32(R8)
	MOVUPS X3, 48(R8)
	MOVSS  X7, 112(R8)
	MOVQ   DX, ixOut+72(FP)
	RET
