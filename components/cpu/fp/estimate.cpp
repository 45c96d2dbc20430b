// Estimates as DDI 0487 shared/functions/float defines them. The two 9-bit
// tables are computed once from the pseudocode's integer formulas.
#include "cpu/fp/estimate.h"

#include "cpu/fp/nan.h"

namespace vp::cpu::fp {
namespace {

struct tables {
    uint16_t recip[256], rsqrt[384];
    tables() {
        for (unsigned a = 256; a < 512; ++a) { // RecipEstimate
            const unsigned x = a * 2 + 1;           // round to odd
            const unsigned b = (1u << 19) / x;
            recip[a - 256] = uint16_t((b + 1) / 2); // round to nearest
        }
        for (unsigned a = 128; a < 512; ++a) { // RecipSqrtEstimate
            uint64_t x = a < 256 ? a * 2 + 1 : ((a >> 1) << 1) * 2 + 2; // units of 1/512 (1/256)
            uint64_t b = 512;
            while (x * (b + 1) * (b + 1) < (1ull << 28)) ++b;
            rsqrt[a - 128] = uint16_t((b + 1) / 2);
        }
    }
};
const tables& t() {
    static const tables instance;
    return instance;
}

} // namespace

unsigned recip_estimate_table(unsigned a) { return t().recip[a - 256]; }
unsigned rsqrt_estimate_table(unsigned a) { return t().rsqrt[a - 128]; }

template <unsigned N> uint64_t recip_estimate(uint64_t op, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) return process_nan<N>(a.t, op, c);
    if (a.t == type::infinity) return f::zero(a.sign);
    if (a.t == type::zero) {
        c.exc |= dzc;
        return f::infinity(a.sign);
    }
    const unsigned exp_bits = unsigned((op & f::exp_mask) >> f::F);
    // |value| < 2^-(bias+1): the reciprocal overflows (value = mant * 2^exp).
    const int top = a.exp + 63 - __builtin_clzll(a.mant); // floor(log2 |value|)
    if (top < -(f::bias + 1)) {
        const rounding r = c.mode();
        const bool to_inf = r == tieeven || (r == posinf && !a.sign) || (r == neginf && a.sign);
        c.exc |= ofc | ixc;
        return to_inf ? f::infinity(a.sign) : f::max_normal(a.sign);
    }
    if (N != 16 && c.fz() && top >= f::bias - 1) { // the result would be denormal: flushed
        c.exc |= ufc;
        return f::zero(a.sign);
    }
    // Scale to a fraction in [0.5, 1) in 1/512 steps (double-precision layout).
    uint64_t fraction = (op & f::frac_mask) << (52 - f::F);
    int exp = int(exp_bits);
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & ((1ull << 52) - 1);
        } else {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
        }
    }
    const unsigned scaled = 256 | unsigned(fraction >> 44);
    int result_exp = 2 * f::bias - 1 - exp; // 29/253/2045 - exp
    const unsigned estimate = recip_estimate_table(scaled);
    fraction = uint64_t(estimate & 0xff) << 44;
    if (result_exp == 0) fraction = (1ull << 51) | (fraction >> 1);
    else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return f::zero(a.sign) | (uint64_t(result_exp) << f::F) | (fraction >> (52 - f::F));
}

template <unsigned N> uint64_t rsqrt_estimate(uint64_t op, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) return process_nan<N>(a.t, op, c);
    if (a.t == type::zero) {
        c.exc |= dzc;
        return f::infinity(a.sign);
    }
    if (a.sign) {
        c.exc |= ioc;
        return f::default_nan();
    }
    if (a.t == type::infinity) return f::zero(false);
    uint64_t fraction = (op & f::frac_mask) << (52 - f::F);
    int exp = int((op & f::exp_mask) >> f::F);
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
            --exp;
        }
        fraction = (fraction << 1) & ((1ull << 52) - 1);
    }
    // exp even: [0.5, 1) in 1/256 steps; odd: [0.25, 0.5) in 1/512 steps.
    const unsigned scaled = (exp & 1) ? 128 | unsigned(fraction >> 45) : 256 | unsigned(fraction >> 44);
    const int k = N == 16 ? 44 : N == 32 ? 380 : 3068;
    const int d = k - exp; // >= 0
    const unsigned result_exp = unsigned(d / 2);
    const unsigned estimate = rsqrt_estimate_table(scaled);
    return (uint64_t(result_exp) << f::F) | (uint64_t(estimate & 0xff) << (f::F - 8));
}

template <unsigned N> uint64_t recpx(uint64_t op, ctl& c) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) return process_nan<N>(a.t, op, c);
    const uint64_t exp = op & f::exp_mask;
    const uint64_t max_exp = f::exp_mask - (1ull << f::F); // Ones(E) - 1
    return f::zero(a.sign) | (exp == 0 ? max_exp : (~op & f::exp_mask));
}

uint32_t unsigned_recip_estimate(uint32_t op) {
    if (!(op >> 31)) return 0xffffffffu;
    return uint32_t(recip_estimate_table(op >> 23) & 0x1ff) << 23;
}

uint32_t unsigned_rsqrt_estimate(uint32_t op) {
    if (!(op >> 30)) return 0xffffffffu;
    return uint32_t(rsqrt_estimate_table(op >> 23) & 0x1ff) << 23;
}

template uint64_t recip_estimate<32>(uint64_t, ctl&);
template uint64_t recip_estimate<64>(uint64_t, ctl&);
template uint64_t rsqrt_estimate<32>(uint64_t, ctl&);
template uint64_t rsqrt_estimate<64>(uint64_t, ctl&);
template uint64_t recpx<32>(uint64_t, ctl&);
template uint64_t recpx<64>(uint64_t, ctl&);

} // namespace vp::cpu::fp
