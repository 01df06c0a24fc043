//go:build amd64 && !purego

#include "textflag.h"

// func goertzel8(b *goertzelBank, coef *[8]float32, x []int16) (energy int64)
//
// X0, X1: s[n-1] of the row and column filters; X2, X3: s[n-2];
// X4, X5: coefficients. Per sample: s = c*s1 + (x - s2), the expression
// and order of goertzel8Generic, so the results are bit-identical.
TEXT ·goertzel8(SB), NOSPLIT, $0-48
	MOVQ   b+0(FP), DI
	MOVQ   coef+8(FP), SI
	MOVQ   x_base+16(FP), BX
	MOVQ   x_len+24(FP), CX
	MOVUPS 0(DI), X0
	MOVUPS 16(DI), X1
	MOVUPS 32(DI), X2
	MOVUPS 48(DI), X3
	MOVUPS 0(SI), X4
	MOVUPS 16(SI), X5
	XORQ   R9, R9
	TESTQ  CX, CX
	JZ     done

loop:
	MOVWQSX  (BX), AX
	XORPS    X8, X8
	CVTSL2SS AX, X8
	SHUFPS   $0, X8, X8
	IMULQ    AX, AX
	ADDQ     AX, R9
	MOVAPS   X8, X9
	SUBPS    X2, X8
	SUBPS    X3, X9
	MOVAPS   X0, X2
	MOVAPS   X1, X3
	MULPS    X4, X0
	MULPS    X5, X1
	ADDPS    X8, X0
	ADDPS    X9, X1
	ADDQ     $2, BX
	DECQ     CX
	JNZ      loop

done:
	MOVUPS X0, 0(DI)
	MOVUPS X1, 16(DI)
	MOVUPS X2, 32(DI)
	MOVUPS X3, 48(DI)
	MOVQ   R9, energy+40(FP)
	RET
