// Floating-point formats and FPUnpack (DDI 0487 shared/functions/float:
// FPUnpackBase, FPZero, FPInfinity, FPMaxNormal, FPDefaultNaN, FPTwo ...).
// A value is handled as its bit pattern in a uint64_t of width N = 16, 32, 64.
#pragma once

#include <cstdint>

#include "cpu/fp/control.h"

namespace vp::cpu::fp {

template <unsigned N> struct format;
template <> struct format<16> { static constexpr int E = 5, F = 10; };
template <> struct format<32> { static constexpr int E = 8, F = 23; };
template <> struct format<64> { static constexpr int E = 11, F = 52; };

template <unsigned N> struct fmt : format<N> {
    using format<N>::E;
    using format<N>::F;
    static constexpr int bias = (1 << (E - 1)) - 1;
    static constexpr int min_exp = 1 - bias; // exponent of the smallest normal
    static constexpr uint64_t sign_bit = 1ull << (N - 1);
    static constexpr uint64_t frac_mask = (1ull << F) - 1;
    static constexpr uint64_t exp_mask = ((1ull << E) - 1) << F;
    static constexpr uint64_t quiet_bit = 1ull << (F - 1);
    static constexpr uint64_t mask = N == 64 ? ~0ull : (1ull << N) - 1;

    static constexpr uint64_t zero(bool s) { return s ? sign_bit : 0; }
    static constexpr uint64_t infinity(bool s) { return zero(s) | exp_mask; }
    static constexpr uint64_t max_normal(bool s) { return zero(s) | (exp_mask - (1ull << F)) | frac_mask; }
    static constexpr uint64_t default_nan() { return exp_mask | quiet_bit; }
    // sign : bias+e : frac of small exact constants (FPTwo, FPOnePointFive, FPThree)
    static constexpr uint64_t make(bool s, int e, uint64_t frac) { return zero(s) | (uint64_t(e + bias) << F) | frac; }
    static constexpr uint64_t two(bool s) { return make(s, 1, 0); }
    static constexpr uint64_t one_point_five(bool s) { return make(s, 0, 1ull << (F - 1)); }
    static constexpr uint64_t neg(uint64_t op) { return op ^ sign_bit; }  // FPNeg
    static constexpr uint64_t abs(uint64_t op) { return op & ~sign_bit; } // FPAbs
};

// FPType (denormals are FPType_Nonzero; FPType_Denormal only names them in
// comments).
enum class type : uint8_t { zero, nonzero, infinity, qnan, snan };

// An unpacked operand: for nonzero, value = (-1)^sign * mant * 2^exp.
struct unpacked {
    type t;
    bool sign;
    int exp;
    uint64_t mant;
    bool is_nan() const { return t == type::qnan || t == type::snan; }
};

// FPUnpack(op, fpcr): with FPCR.FZ a single or double denormal is a zero of
// its sign and raises InputDenorm. Half precision (conversions only in
// Armv8.0) is never flushed (no FZ16) and with FPCR.AHP has no infinities or
// NaNs (exponent 31 is a normal exponent).
template <unsigned N> inline unpacked unpack(uint64_t op, ctl& c) {
    using f = fmt<N>;
    const bool sign = (op >> (N - 1)) & 1;
    const unsigned e = unsigned((op & f::exp_mask) >> f::F);
    const uint64_t frac = op & f::frac_mask;
    if (e == 0) {
        if (frac == 0) return {type::zero, sign, 0, 0};
        if (N != 16 && c.fz()) {
            c.exc |= idc;
            return {type::zero, sign, 0, 0};
        }
        return {type::nonzero, sign, f::min_exp - f::F, frac};
    }
    if (e == (1u << f::E) - 1 && !(N == 16 && c.ahp())) {
        if (frac == 0) return {type::infinity, sign, 0, 0};
        return {(frac & f::quiet_bit) ? type::qnan : type::snan, sign, 0, 0};
    }
    return {type::nonzero, sign, int(e) - f::bias - f::F, frac | (1ull << f::F)};
}

} // namespace vp::cpu::fp
