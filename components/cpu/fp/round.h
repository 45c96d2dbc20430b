// FPRound (DDI 0487 shared/functions/float/fpround/FPRoundBase) on an exact
// value given as a significand, an exponent and a sticky bit, and the
// round-to-integer decision shared by FPRoundInt and FPToFixed.
#pragma once

#include <cstdint>

#include "cpu/fp/format.h"

namespace vp::cpu::fp {

using u128 = unsigned __int128;

// Whether rounding the magnitude `lsb`-ending integer part up is required,
// given the first discarded bit `half` and whether any lower bit is set.
// Sign-magnitude form of the pseudocode's "RoundDown, then round_up" cases.
inline bool round_up(rounding r, bool sign, bool lsb, bool half, bool sticky) {
    switch (r) {
    case tieeven: return half && (sticky || lsb);
    case tieaway: return half;
    case posinf: return (half || sticky) && !sign;
    case neginf: return (half || sticky) && sign;
    default: return false; // zero, odd
    }
}

// The magnitude of mant * 2^-shift split into its integer part and the
// rounding information (first discarded bit, any bit below it).
struct split {
    uint64_t integer;
    bool half, sticky;
};
inline split shift_right(uint64_t mant, int shift) {
    if (shift <= 0) return {mant, false, false};
    if (shift >= 64) return {0, shift == 64 && (mant >> 63), shift > 64 ? mant != 0 : (mant << 1) != 0};
    return {mant >> shift, bool((mant >> (shift - 1)) & 1), (mant & ((1ull << (shift - 1)) - 1)) != 0};
}

// FPRoundBase(): value = (-1)^sign * (mant + s) * 2^exp with mant != 0 and
// 0 <= s < 1 nonzero iff `sticky`. `flush` is false for FPRoundCV to half
// precision (FZ16 = 0); the pseudocode flushes only N != 16 anyway.
template <unsigned N> inline uint64_t round(bool sign, int exp, uint64_t mant, bool sticky, ctl& c, rounding r) {
    using f = fmt<N>;
    const int lz = __builtin_clzll(mant);
    mant <<= lz;
    const int exponent = exp - lz + 63; // value in [2^exponent, 2^(exponent+1))
    if (N != 16 && c.fz() && exponent < f::min_exp) { // flush-to-zero: UFC, not IXC
        c.exc |= ufc;
        return f::zero(sign);
    }
    int biased = exponent - f::min_exp + 1;
    int shift = 63 - f::F;
    if (biased <= 0) { // denormal range: fewer significand bits
        shift += 1 - biased;
        biased = 0;
    }
    split s = shift_right(mant, shift);
    s.sticky |= sticky;
    const bool inexact = s.half || s.sticky;
    if (biased == 0 && inexact) c.exc |= ufc; // tininess before rounding
    uint64_t int_mant = s.integer;
    if (round_up(r, sign, int_mant & 1, s.half, s.sticky)) {
        ++int_mant;
        if (int_mant == (1ull << f::F)) biased = 1; // denormal rounded up to normal
        if (int_mant == (2ull << f::F)) {           // next binade
            ++biased;
            int_mant >>= 1;
        }
    }
    if (r == odd && inexact) int_mant |= 1; // von Neumann rounding (FCVTXN)
    if (N != 16 || !c.ahp()) {
        if (biased >= (1 << f::E) - 1) {
            const bool to_inf = r == tieeven || (r == posinf && !sign) || (r == neginf && sign);
            c.exc |= ofc | ixc;
            return to_inf ? f::infinity(sign) : f::max_normal(sign);
        }
    } else if (biased >= (1 << f::E)) { // alternative half precision: no infinity
        c.exc |= ioc;
        return f::zero(sign) | (f::mask >> 1);
    }
    if (inexact) c.exc |= ixc;
    return f::zero(sign) | (uint64_t(biased) << f::F) | (int_mant & f::frac_mask);
}

// The same for a 128-bit significand (products, fused sums).
template <unsigned N> inline uint64_t round(bool sign, int exp, u128 mant, bool sticky, ctl& c, rounding r) {
    const uint64_t hi = uint64_t(mant >> 64);
    if (!hi) return round<N>(sign, exp, uint64_t(mant), sticky, c, r);
    const int lz = __builtin_clzll(hi);
    const u128 m = mant << lz; // top bit at 127
    return round<N>(sign, exp - lz + 64, uint64_t(m >> 64), sticky || uint64_t(m) != 0, c, r);
}

} // namespace vp::cpu::fp
