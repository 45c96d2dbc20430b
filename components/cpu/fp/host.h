// A host-FPU shortcut for the common case of FADD/FSUB/FMUL/FDIV/FSQRT/
// FMADD on single and double precision: when FPCR.RMode is round to nearest
// (the host's mode) and FPSR.IXC is already set, and every operand is a
// normal number, the host's IEEE 754 result is the Arm result exactly if it
// is a normal number above the smallest normal: no NaN, infinity or
// denormal is involved (so FZ, DN and NaN propagation do not matter), the
// result is neither tiny (Underflow) nor overflowed, and the only flag it
// could raise (Inexact) is already set. Anything else goes to the
// pseudocode implementation (arith.cpp). Assumes the host FPU in its
// default state (round to nearest, no flush-to-zero/DAZ), and no
// contraction of the separate operations below into fused ones.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "cpu/fp/format.h"

// x86-64 compiled without FMA: handlers that fuse (FMADD ...) are also built
// for the FMA extension, picked at decode time when the host CPU has it.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__FMA__)
#define VP_HOST_FMA 1
#else
#define VP_HOST_FMA 0
#endif

namespace vp::cpu::fp::host {

template <unsigned N> struct type_of;
template <> struct type_of<32> { using type = float; using bits = uint32_t; };
template <> struct type_of<64> { using type = double; using bits = uint64_t; };
template <unsigned N> using real = typename type_of<N>::type;

template <unsigned N> inline real<N> to_host(uint64_t x) {
    const typename type_of<N>::bits b = static_cast<typename type_of<N>::bits>(x);
    real<N> r;
    std::memcpy(&r, &b, sizeof r);
    return r;
}
template <unsigned N> inline uint64_t from_host(real<N> r) {
    typename type_of<N>::bits b;
    std::memcpy(&b, &r, sizeof b);
    return b;
}

// A normal (nonzero, finite, not denormal) operand.
template <unsigned N> inline bool normal(uint64_t x) {
    using f = fmt<N>;
    const uint64_t e = (x & f::exp_mask) >> f::F;
    return e - 1 < (1ull << f::E) - 2;
}
// A result taken as is: finite and of magnitude above the smallest normal.
template <unsigned N> inline bool plain_result(uint64_t r) {
    using f = fmt<N>;
    const uint64_t m = r & ~f::sign_bit;
    return m > (1ull << f::F) && m < f::exp_mask;
}

template <unsigned N> inline bool add(uint64_t a, uint64_t b, uint64_t& r) {
    if (!normal<N>(a) || !normal<N>(b)) return false;
    r = from_host<N>(to_host<N>(a) + to_host<N>(b));
    // A sum of two normals that is zero is exact (+0 in round to nearest).
    return plain_result<N>(r) || (r << 1) == 0;
}
template <unsigned N> inline bool sub(uint64_t a, uint64_t b, uint64_t& r) {
    if (!normal<N>(a) || !normal<N>(b)) return false;
    r = from_host<N>(to_host<N>(a) - to_host<N>(b));
    return plain_result<N>(r) || (r << 1) == 0;
}
template <unsigned N> inline bool mul(uint64_t a, uint64_t b, uint64_t& r) {
    if (!normal<N>(a) || !normal<N>(b)) return false;
    r = from_host<N>(to_host<N>(a) * to_host<N>(b));
    return plain_result<N>(r);
}
template <unsigned N> inline bool div(uint64_t a, uint64_t b, uint64_t& r) {
    if (!normal<N>(a) || !normal<N>(b)) return false;
    r = from_host<N>(to_host<N>(a) / to_host<N>(b));
    return plain_result<N>(r);
}
template <unsigned N> inline bool sqrt(uint64_t a, uint64_t& r) {
    if (!normal<N>(a) || (a >> (N - 1))) return false;
    r = from_host<N>(std::sqrt(to_host<N>(a)));
    return plain_result<N>(r);
}
// addend + a * b, one rounding (std::fma: the host instruction or glibc's
// exact emulation).
template <unsigned N> inline bool muladd(uint64_t addend, uint64_t a, uint64_t b, uint64_t& r) {
    if (!normal<N>(a) || !normal<N>(b) || !normal<N>(addend)) return false;
    r = from_host<N>(std::fma(to_host<N>(a), to_host<N>(b), to_host<N>(addend)));
    return plain_result<N>(r);
}

} // namespace vp::cpu::fp::host
