// NaN handling (DDI 0487 shared/functions/float: FPProcessNaN,
// FPProcessNaNs, FPProcessNaNs3): a signalling NaN is quietened and raises
// InvalidOp; signalling NaNs win over quiet ones, then operand order; with
// FPCR.DN the result is the default NaN instead.
#pragma once

#include "cpu/fp/format.h"

namespace vp::cpu::fp {

template <unsigned N> inline uint64_t process_nan(type t, uint64_t op, ctl& c) {
    using f = fmt<N>;
    if (t == type::snan) {
        op |= f::quiet_bit;
        c.exc |= ioc;
    }
    return c.dn() ? f::default_nan() : op;
}

// True (and the result) when an operand is a NaN.
template <unsigned N> inline bool process_nans(const unpacked& a, const unpacked& b, uint64_t op1, uint64_t op2,
                                               uint64_t& result, ctl& c) {
    if (a.t == type::snan) result = process_nan<N>(a.t, op1, c);
    else if (b.t == type::snan) result = process_nan<N>(b.t, op2, c);
    else if (a.t == type::qnan) result = process_nan<N>(a.t, op1, c);
    else if (b.t == type::qnan) result = process_nan<N>(b.t, op2, c);
    else return false;
    return true;
}

template <unsigned N> inline bool process_nans3(const unpacked& a, const unpacked& b, const unpacked& d,
                                                uint64_t op1, uint64_t op2, uint64_t op3, uint64_t& result, ctl& c) {
    if (a.t == type::snan) result = process_nan<N>(a.t, op1, c);
    else if (b.t == type::snan) result = process_nan<N>(b.t, op2, c);
    else if (d.t == type::snan) result = process_nan<N>(d.t, op3, c);
    else if (a.t == type::qnan) result = process_nan<N>(a.t, op1, c);
    else if (b.t == type::qnan) result = process_nan<N>(b.t, op2, c);
    else if (d.t == type::qnan) result = process_nan<N>(d.t, op3, c);
    else return false;
    return true;
}

} // namespace vp::cpu::fp
