// Floating-point arithmetic as DDI 0487 shared/functions/float defines it:
// NaN and infinity/zero cases first, then the exact result rounded once by
// FPRound. Exact results come from integer arithmetic on the significands
// (128-bit products and aligned sums with a sticky "jam" bit, long division,
// integer square root), so every rounding mode, flush-to-zero and the
// tininess-before-rounding Underflow rule follow from round.h alone.
#include "cpu/fp/arith.h"

#include <cmath>

#include "cpu/fp/nan.h"
#include "cpu/fp/round.h"

namespace vp::cpu::fp {
namespace {

inline int clz128(u128 v) {
    const uint64_t hi = uint64_t(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll(uint64_t(v));
}

// An exact (up to a sticky bit below bit 0 of mant) signed value.
struct exact {
    bool zero;
    bool sign;
    int exp;
    u128 mant;
};

// (-1)^s1 * m1 * 2^e1 + (-1)^s2 * m2 * 2^e2, m1, m2 nonzero and < 2^126.
// Both are aligned with their top bit at 125; the smaller one is shifted
// right with the bits it loses jammed into bit 0, far below any rounding
// position (a result needs at most 53 + 2 bits).
exact add_exact(bool s1, int e1, u128 m1, bool s2, int e2, u128 m2) {
    int k = clz128(m1) - 2;
    m1 <<= k;
    e1 -= k;
    k = clz128(m2) - 2;
    m2 <<= k;
    e2 -= k;
    if (e1 < e2 || (e1 == e2 && m1 < m2)) {
        std::swap(s1, s2);
        std::swap(e1, e2);
        std::swap(m1, m2);
    }
    const int d = e1 - e2;
    if (d >= 126) m2 = 1;
    else if (d > 0) {
        const bool lost = (m2 & ((u128(1) << d) - 1)) != 0;
        m2 = (m2 >> d) | u128(lost);
    }
    const u128 m = s1 == s2 ? m1 + m2 : m1 - m2; // |first| >= |second|
    return {m == 0, s1, e1, m};
}

template <unsigned N> uint64_t round_exact(const exact& x, ctl& c) {
    if (x.zero) return fmt<N>::zero(c.mode() == neginf); // exact zero: sign from the rounding mode
    return round<N>(x.sign, x.exp, x.mant, false, c, c.mode());
}

// Largest r with r*r <= v, for v < 2^126.
uint64_t isqrt(u128 v) {
    uint64_t r = uint64_t(sqrtl(static_cast<long double>(v)));
    while (u128(r) * r > v) --r;
    while (u128(r + 1) * (r + 1) <= v) ++r;
    return r;
}

// FPMulAdd's and FPRecipStepFused's common core: addend + op1 * op2 where
// the caller has dealt with NaNs, infinities and exact zero products.
template <unsigned N> uint64_t fused(const unpacked& ad, const unpacked& a, const unpacked& b, int scale, ctl& c) {
    const bool sp = a.sign != b.sign;
    const bool zero_p = a.t == type::zero || b.t == type::zero;
    exact x;
    if (zero_p) { // addend nonzero here: exact
        x = {false, ad.sign, ad.exp, ad.mant};
    } else {
        const u128 p = u128(a.mant) * b.mant;
        if (ad.t == type::zero) x = {false, sp, a.exp + b.exp, p};
        else x = add_exact(ad.sign, ad.exp, ad.mant, sp, a.exp + b.exp, p);
    }
    x.exp += scale;
    return round_exact<N>(x, c);
}

// FPAdd, and FPSub (SUB: op2's sign flipped after NaN processing, so a NaN
// operand propagates unchanged).
template <unsigned N, bool SUB> uint64_t add_impl(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op1, c);
    unpacked b = unpack<N>(op2, c);
    uint64_t r;
    if (process_nans<N>(a, b, op1, op2, r, c)) return r;
    if (SUB) b.sign = !b.sign;
    const bool inf1 = a.t == type::infinity, inf2 = b.t == type::infinity;
    if (inf1 && inf2 && a.sign != b.sign) {
        c.exc |= ioc;
        return f::default_nan();
    }
    if (inf1) return f::infinity(a.sign);
    if (inf2) return f::infinity(b.sign);
    const bool zero1 = a.t == type::zero, zero2 = b.t == type::zero;
    if (zero1 && zero2) return a.sign == b.sign ? f::zero(a.sign) : f::zero(c.mode() == neginf);
    if (zero1) return round<N>(b.sign, b.exp, b.mant, false, c, c.mode());
    if (zero2) return round<N>(a.sign, a.exp, a.mant, false, c, c.mode());
    return round_exact<N>(add_exact(a.sign, a.exp, a.mant, b.sign, b.exp, b.mant), c);
}

template <unsigned N, bool X> uint64_t mul_impl(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    uint64_t r;
    if (process_nans<N>(a, b, op1, op2, r, c)) return r;
    const bool inf1 = a.t == type::infinity, inf2 = b.t == type::infinity;
    const bool zero1 = a.t == type::zero, zero2 = b.t == type::zero;
    const bool s = a.sign != b.sign;
    if ((inf1 && zero2) || (zero1 && inf2)) {
        if (X) return f::two(s); // FPMulX
        c.exc |= ioc;
        return f::default_nan();
    }
    if (inf1 || inf2) return f::infinity(s);
    if (zero1 || zero2) return f::zero(s);
    return round<N>(s, a.exp + b.exp, u128(a.mant) * b.mant, false, c, c.mode());
}

// Shared by FPMax/FPMin: value order of two non-NaN operands.
inline bool less(const unpacked& a, const unpacked& b, uint64_t op1, uint64_t op2, uint64_t sign_bit) {
    // Zeros (incl. flushed denormals) compare equal; otherwise order by
    // sign-magnitude bits (infinity has the largest magnitude).
    const int64_t k1 = a.t == type::zero ? 0 : (a.sign ? -int64_t(op1 & ~sign_bit) : int64_t(op1 & ~sign_bit));
    const int64_t k2 = b.t == type::zero ? 0 : (b.sign ? -int64_t(op2 & ~sign_bit) : int64_t(op2 & ~sign_bit));
    return k1 < k2;
}

template <unsigned N, bool MAX> uint64_t maxmin_impl(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    uint64_t r;
    if (process_nans<N>(a, b, op1, op2, r, c)) return r;
    // FPMax: value1 > value2 ? op1 : op2; FPMin: value1 < value2 ? op1 : op2.
    const bool first = MAX ? less(b, a, op2, op1, f::sign_bit) : less(a, b, op1, op2, f::sign_bit);
    const unpacked& w = first ? a : b;
    if (w.t == type::infinity) return f::infinity(w.sign);
    if (w.t == type::zero) return f::zero(MAX ? (a.sign && b.sign) : (a.sign || b.sign));
    return first ? op1 : op2; // FPRound of an exact representable value
}

template <unsigned N, bool MAX> uint64_t maxmin_num(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    // FPMaxNum/FPMinNum: a single quiet NaN is replaced by the infinity
    // that loses; signalling NaNs are left to FPMax/FPMin.
    if (a.t == type::qnan && b.t != type::qnan) op1 = f::infinity(MAX);
    else if (a.t != type::qnan && b.t == type::qnan) op2 = f::infinity(MAX);
    return maxmin_impl<N, MAX>(op1, op2, c);
}

// Shared by FPCompare*: -1, 0, 1, or 2 for unordered.
template <unsigned N> int order(const unpacked& a, const unpacked& b, uint64_t op1, uint64_t op2) {
    if (a.is_nan() || b.is_nan()) return 2;
    if (less(a, b, op1, op2, fmt<N>::sign_bit)) return -1;
    if (less(b, a, op2, op1, fmt<N>::sign_bit)) return 1;
    return 0;
}

} // namespace

template <unsigned N> uint64_t add_soft(uint64_t a, uint64_t b, ctl& c) { return add_impl<N, false>(a, b, c); }
template <unsigned N> uint64_t sub_soft(uint64_t a, uint64_t b, ctl& c) { return add_impl<N, true>(a, b, c); }
template <unsigned N> uint64_t mul_soft(uint64_t a, uint64_t b, ctl& c) { return mul_impl<N, false>(a, b, c); }
template <unsigned N> uint64_t mulx(uint64_t a, uint64_t b, ctl& c) { return mul_impl<N, true>(a, b, c); }
template <unsigned N> uint64_t max(uint64_t a, uint64_t b, ctl& c) { return maxmin_impl<N, true>(a, b, c); }
template <unsigned N> uint64_t min(uint64_t a, uint64_t b, ctl& c) { return maxmin_impl<N, false>(a, b, c); }
template <unsigned N> uint64_t maxnum(uint64_t a, uint64_t b, ctl& c) { return maxmin_num<N, true>(a, b, c); }
template <unsigned N> uint64_t minnum(uint64_t a, uint64_t b, ctl& c) { return maxmin_num<N, false>(a, b, c); }

template <unsigned N> uint64_t div_soft(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    uint64_t r;
    if (process_nans<N>(a, b, op1, op2, r, c)) return r;
    const bool inf1 = a.t == type::infinity, inf2 = b.t == type::infinity;
    const bool zero1 = a.t == type::zero, zero2 = b.t == type::zero;
    const bool s = a.sign != b.sign;
    if ((inf1 && inf2) || (zero1 && zero2)) {
        c.exc |= ioc;
        return f::default_nan();
    }
    if (inf1 || zero2) {
        if (!inf1) c.exc |= dzc;
        return f::infinity(s);
    }
    if (zero1 || inf2) return f::zero(s);
    // Both significands normalised to bit 63: the quotient has 64 or 65 bits.
    const int la = __builtin_clzll(a.mant), lb = __builtin_clzll(b.mant);
    const uint64_t ma = a.mant << la, mb = b.mant << lb;
    const u128 num = u128(ma) << 64;
    const u128 q = num / mb;
    const bool rem = q * mb != num;
    return round<N>(s, (a.exp - la) - (b.exp - lb) - 64, q, rem, c, c.mode());
}

template <unsigned N> uint64_t sqrt_soft(uint64_t op, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) return process_nan<N>(a.t, op, c);
    if (a.t == type::zero) return f::zero(a.sign);
    if (a.t == type::infinity && !a.sign) return f::infinity(false);
    if (a.sign) {
        c.exc |= ioc;
        return f::default_nan();
    }
    // m * 2^e with e even and m scaled to [2^124, 2^126): sqrt = isqrt(m) * 2^(e/2).
    int e = a.exp;
    u128 m = a.mant;
    int k = clz128(m) - 2; // top bit at 125
    if ((e - k) & 1) --k;  // keep the exponent even
    m <<= k;
    e -= k;
    const uint64_t r = isqrt(m);
    return round<N>(false, e / 2, r, u128(r) * r != m, c, c.mode());
}

template <unsigned N> uint64_t muladd_soft(uint64_t addend, uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    const unpacked ad = unpack<N>(addend, c), a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    const bool inf1 = a.t == type::infinity, inf2 = b.t == type::infinity;
    const bool zero1 = a.t == type::zero, zero2 = b.t == type::zero;
    uint64_t r;
    const bool done = process_nans3<N>(ad, a, b, addend, op1, op2, r, c);
    // A quiet NaN addend does not hide the InvalidOp of infinity * 0.
    if (ad.t == type::qnan && ((inf1 && zero2) || (zero1 && inf2))) {
        c.exc |= ioc;
        return f::default_nan();
    }
    if (done) return r;
    const bool infa = ad.t == type::infinity, zeroa = ad.t == type::zero;
    const bool sp = a.sign != b.sign, infp = inf1 || inf2, zerop = zero1 || zero2;
    if ((inf1 && zero2) || (zero1 && inf2) || (infa && infp && ad.sign != sp)) {
        c.exc |= ioc;
        return f::default_nan();
    }
    if ((infa && !ad.sign) || (infp && !sp)) return f::infinity(false);
    if ((infa && ad.sign) || (infp && sp)) return f::infinity(true);
    if (zeroa && zerop) return ad.sign == sp ? f::zero(ad.sign) : f::zero(c.mode() == neginf);
    return fused<N>(ad, a, b, 0, c);
}

// FPRecipStepFused / FPRSqrtStepFused: op1 is negated first (so a NaN op1
// comes back negated), infinity * 0 gives exactly 2 (or 1.5).
template <unsigned N, bool RSQRT> uint64_t step_fused(uint64_t op1, uint64_t op2, ctl& c) {
    using f = fmt<N>;
    op1 = f::neg(op1);
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    uint64_t r;
    if (process_nans<N>(a, b, op1, op2, r, c)) return r;
    const bool inf1 = a.t == type::infinity, inf2 = b.t == type::infinity;
    const bool zero1 = a.t == type::zero, zero2 = b.t == type::zero;
    if ((inf1 && zero2) || (zero1 && inf2)) return RSQRT ? f::one_point_five(false) : f::two(false);
    if (inf1 || inf2) return f::infinity(a.sign != b.sign);
    const unpacked k = {type::nonzero, false, 0, RSQRT ? 3u : 2u}; // 3.0 or 2.0
    return fused<N>(k, a, b, RSQRT ? -1 : 0, c);
}

template <unsigned N> uint64_t recip_step(uint64_t a, uint64_t b, ctl& c) { return step_fused<N, false>(a, b, c); }
template <unsigned N> uint64_t rsqrt_step(uint64_t a, uint64_t b, ctl& c) { return step_fused<N, true>(a, b, c); }

template <unsigned N> uint32_t compare(uint64_t op1, uint64_t op2, bool signal_nans, ctl& c) {
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    switch (order<N>(a, b, op1, op2)) {
    case 2:
        if (a.t == type::snan || b.t == type::snan || signal_nans) c.exc |= ioc;
        return 0x30000000; // C, V: unordered
    case 0: return 0x60000000; // Z, C
    case -1: return 0x80000000; // N
    default: return 0x20000000; // C
    }
}

template <unsigned N> bool compare_eq(uint64_t op1, uint64_t op2, ctl& c) {
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    const int o = order<N>(a, b, op1, op2);
    if (o == 2 && (a.t == type::snan || b.t == type::snan)) c.exc |= ioc;
    return o == 0;
}
template <unsigned N> bool compare_ge(uint64_t op1, uint64_t op2, ctl& c) {
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    const int o = order<N>(a, b, op1, op2);
    if (o == 2) c.exc |= ioc;
    return o == 0 || o == 1;
}
template <unsigned N> bool compare_gt(uint64_t op1, uint64_t op2, ctl& c) {
    const unpacked a = unpack<N>(op1, c), b = unpack<N>(op2, c);
    const int o = order<N>(a, b, op1, op2);
    if (o == 2) c.exc |= ioc;
    return o == 1;
}

#define VP_FP_INSTANTIATE(N)                                                                                         \
    template uint64_t add_soft<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t sub_soft<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t mul_soft<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t mulx<N>(uint64_t, uint64_t, ctl&);                                                             \
    template uint64_t div_soft<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t sqrt_soft<N>(uint64_t, ctl&);                                                                       \
    template uint64_t muladd_soft<N>(uint64_t, uint64_t, uint64_t, ctl&);                                                 \
    template uint64_t max<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t min<N>(uint64_t, uint64_t, ctl&);                                                              \
    template uint64_t maxnum<N>(uint64_t, uint64_t, ctl&);                                                           \
    template uint64_t minnum<N>(uint64_t, uint64_t, ctl&);                                                           \
    template uint64_t recip_step<N>(uint64_t, uint64_t, ctl&);                                                       \
    template uint64_t rsqrt_step<N>(uint64_t, uint64_t, ctl&);                                                       \
    template uint32_t compare<N>(uint64_t, uint64_t, bool, ctl&);                                                    \
    template bool compare_eq<N>(uint64_t, uint64_t, ctl&);                                                           \
    template bool compare_ge<N>(uint64_t, uint64_t, ctl&);                                                           \
    template bool compare_gt<N>(uint64_t, uint64_t, ctl&);
VP_FP_INSTANTIATE(32)
VP_FP_INSTANTIATE(64)

} // namespace vp::cpu::fp
