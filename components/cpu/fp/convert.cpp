// Conversions as DDI 0487 shared/functions/float defines them (FPConvert,
// FPConvertNaN, FPToFixed, FixedToFP, FPRoundInt), exact integer arithmetic
// on the unpacked significand, rounding by round.h.
#include "cpu/fp/convert.h"

#include "cpu/fp/nan.h"
#include "cpu/fp/round.h"

namespace vp::cpu::fp {

template <unsigned N, unsigned M> uint64_t convert(uint64_t op, ctl& c, rounding r) {
    using fn = fmt<N>;
    using fm = fmt<M>;
    const unpacked a = unpack<N>(op, c); // FPUnpackCV: FZ16 = 0
    const bool alt_hp = M == 16 && c.ahp();
    if (a.is_nan()) {
        uint64_t result;
        if (alt_hp) result = fm::zero(a.sign);
        else if (c.dn()) result = fm::default_nan();
        else { // FPConvertNaN: sign, quiet, the fraction's top bits
            const uint64_t frac = op & (fn::frac_mask >> 1);
            const uint64_t f = fn::F > fm::F ? frac >> (fn::F - fm::F) : frac << (fm::F - fn::F);
            result = fm::zero(a.sign) | fm::exp_mask | fm::quiet_bit | f;
        }
        if (a.t == type::snan || alt_hp) c.exc |= ioc;
        return result;
    }
    if (a.t == type::infinity) {
        if (alt_hp) {
            c.exc |= ioc;
            return fm::zero(a.sign) | (fm::mask >> 1);
        }
        return fm::infinity(a.sign);
    }
    if (a.t == type::zero) return fm::zero(a.sign);
    return round<M>(a.sign, a.exp, a.mant, false, c, r);
}

template <unsigned N> uint64_t to_fixed(uint64_t op, unsigned fbits, bool is_unsigned, unsigned m, ctl& c, rounding r) {
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) { // value 0 after InvalidOp
        c.exc |= ioc;
        return 0;
    }
    const uint64_t max_mag = is_unsigned ? (m == 64 ? ~0ull : (1ull << m) - 1) : (1ull << (m - 1)) - (a.sign ? 0 : 1);
    bool overflow = false, inexact = false;
    uint64_t mag = 0;
    if (a.t == type::infinity) overflow = true;
    else if (a.t == type::nonzero) {
        const int e = a.exp + int(fbits);
        if (e >= 0) { // an integer: too big when bits reach 2^64
            if (e > __builtin_clzll(a.mant)) overflow = true;
            else mag = a.mant << e;
        } else {
            const split s = shift_right(a.mant, -e);
            mag = s.integer;
            inexact = s.half || s.sticky;
            if (round_up(r, a.sign, mag & 1, s.half, s.sticky)) {
                if (++mag == 0) overflow = true;
            }
        }
    }
    if (!overflow && is_unsigned && a.sign && mag != 0) overflow = true;
    if (!overflow && mag > max_mag) overflow = true;
    if (overflow) {
        c.exc |= ioc;
        if (is_unsigned) return a.sign ? 0 : max_mag;
        const uint64_t v = a.sign ? uint64_t(0) - (1ull << (m - 1)) : max_mag;
        return m == 64 ? v : v & ((1ull << m) - 1);
    }
    if (inexact) c.exc |= ixc;
    const uint64_t v = a.sign ? uint64_t(0) - mag : mag;
    return m == 64 ? v : v & ((1ull << m) - 1);
}

template <unsigned N> uint64_t from_fixed(uint64_t op, unsigned m, unsigned fbits, bool is_unsigned, ctl& c, rounding r) {
    if (m < 64) op &= (1ull << m) - 1;
    bool sign = false;
    if (!is_unsigned && ((op >> (m - 1)) & 1)) {
        sign = true;
        op = (m == 64 ? 0 : (1ull << m)) - op; // magnitude (2^(m-1) for the most negative)
    }
    if (op == 0) return fmt<N>::zero(false);
    return round<N>(sign, -int(fbits), op, false, c, r);
}

template <unsigned N> uint64_t round_int(uint64_t op, ctl& c, rounding r, bool exact) {
    using f = fmt<N>;
    const unpacked a = unpack<N>(op, c);
    if (a.is_nan()) return process_nan<N>(a.t, op, c);
    if (a.t == type::infinity) return f::infinity(a.sign);
    if (a.t == type::zero) return f::zero(a.sign);
    if (a.exp >= 0) return op; // already an integer (FPRound of it is exact)
    const split s = shift_right(a.mant, -a.exp);
    uint64_t mag = s.integer;
    if (round_up(r, a.sign, mag & 1, s.half, s.sticky)) ++mag;
    if ((s.half || s.sticky) && exact) c.exc |= ixc;
    if (mag == 0) return f::zero(a.sign);
    ctl quiet{c.fpcr}; // re-encoding an integer is exact: no exceptions
    return round<N>(a.sign, 0, mag, false, quiet, zero);
}

template uint64_t convert<16, 32>(uint64_t, ctl&, rounding);
template uint64_t convert<16, 64>(uint64_t, ctl&, rounding);
template uint64_t convert<32, 16>(uint64_t, ctl&, rounding);
template uint64_t convert<32, 64>(uint64_t, ctl&, rounding);
template uint64_t convert<64, 16>(uint64_t, ctl&, rounding);
template uint64_t convert<64, 32>(uint64_t, ctl&, rounding);
template uint64_t to_fixed<32>(uint64_t, unsigned, bool, unsigned, ctl&, rounding);
template uint64_t to_fixed<64>(uint64_t, unsigned, bool, unsigned, ctl&, rounding);
template uint64_t from_fixed<32>(uint64_t, unsigned, unsigned, bool, ctl&, rounding);
template uint64_t from_fixed<64>(uint64_t, unsigned, unsigned, bool, ctl&, rounding);
template uint64_t round_int<32>(uint64_t, ctl&, rounding, bool);
template uint64_t round_int<64>(uint64_t, ctl&, rounding, bool);

} // namespace vp::cpu::fp
