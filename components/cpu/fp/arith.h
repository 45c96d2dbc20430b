// Floating-point arithmetic, one function per pseudocode function of DDI 0487
// shared/functions/float (FPAdd, FPSub, FPMul, FPMulX, FPDiv, FPSqrt,
// FPMulAdd, FPMax, FPMin, FPMaxNum, FPMinNum, FPRecipStepFused,
// FPRSqrtStepFused, FPCompare*). Operands and results are bit patterns of
// width N (32 or 64); exceptions are collected in `c`.
#pragma once

#include <cstdint>

#include "cpu/fp/control.h"

namespace vp::cpu::fp {

template <unsigned N> uint64_t add(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t sub(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t mul(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t mulx(uint64_t a, uint64_t b, ctl& c);  // infinity * 0 = 2
template <unsigned N> uint64_t div(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t sqrt(uint64_t a, ctl& c);
// FPMulAdd(addend, op1, op2): addend + op1 * op2 with one rounding.
template <unsigned N> uint64_t muladd(uint64_t addend, uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t max(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t min(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t maxnum(uint64_t a, uint64_t b, ctl& c); // a quiet NaN loses
template <unsigned N> uint64_t minnum(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t recip_step(uint64_t a, uint64_t b, ctl& c); // 2 - a * b   (FRECPS)
template <unsigned N> uint64_t rsqrt_step(uint64_t a, uint64_t b, ctl& c); // (3 - a * b) / 2 (FRSQRTS)

// FPCompare: NZCV (bits 31:28). `signal_nans` (FCMPE): any NaN raises
// InvalidOp; otherwise only signalling NaNs do.
template <unsigned N> uint32_t compare(uint64_t a, uint64_t b, bool signal_nans, ctl& c);
// FPCompareEQ/GE/GT: the vector compares (EQ is quiet, GE/GT signal on any NaN).
template <unsigned N> bool compare_eq(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> bool compare_ge(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> bool compare_gt(uint64_t a, uint64_t b, ctl& c);

} // namespace vp::cpu::fp
