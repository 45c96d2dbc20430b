// Floating-point arithmetic, one function per pseudocode function of DDI 0487
// shared/functions/float (FPAdd, FPSub, FPMul, FPMulX, FPDiv, FPSqrt,
// FPMulAdd, FPMax, FPMin, FPMaxNum, FPMinNum, FPRecipStepFused,
// FPRSqrtStepFused, FPCompare*). Operands and results are bit patterns of
// width N (32 or 64); exceptions are collected in `c`.
#pragma once

#include <cstdint>

#include "cpu/fp/control.h"
#include "cpu/fp/host.h"

namespace vp::cpu::fp {

// The pseudocode implementations (arith.cpp).
template <unsigned N> uint64_t add_soft(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t sub_soft(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t mul_soft(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t div_soft(uint64_t a, uint64_t b, ctl& c);
template <unsigned N> uint64_t sqrt_soft(uint64_t a, ctl& c);
template <unsigned N> uint64_t muladd_soft(uint64_t addend, uint64_t a, uint64_t b, ctl& c);

// FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd(addend, op1, op2) (= addend
// + op1 * op2, one rounding): the host FPU when host.h allows, else the
// pseudocode implementation.
template <unsigned N> inline uint64_t add(uint64_t a, uint64_t b, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::add<N>(a, b, r)) return r;
    return add_soft<N>(a, b, c);
}
template <unsigned N> inline uint64_t sub(uint64_t a, uint64_t b, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::sub<N>(a, b, r)) return r;
    return sub_soft<N>(a, b, c);
}
template <unsigned N> inline uint64_t mul(uint64_t a, uint64_t b, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::mul<N>(a, b, r)) return r;
    return mul_soft<N>(a, b, c);
}
template <unsigned N> inline uint64_t div(uint64_t a, uint64_t b, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::div<N>(a, b, r)) return r;
    return div_soft<N>(a, b, c);
}
template <unsigned N> inline uint64_t sqrt(uint64_t a, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::sqrt<N>(a, r)) return r;
    return sqrt_soft<N>(a, c);
}
template <unsigned N> inline uint64_t muladd(uint64_t addend, uint64_t a, uint64_t b, ctl& c) {
    uint64_t r;
    if (N != 16 && c.host_ok && host::muladd<N>(addend, a, b, r)) return r;
    return muladd_soft<N>(addend, a, b, c);
}
template <unsigned N> uint64_t mulx(uint64_t a, uint64_t b, ctl& c);  // infinity * 0 = 2
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
