// Conversions (DDI 0487 shared/functions/float): FPConvert between half,
// single and double precision (alternative half precision with FPCR.AHP),
// FPToFixed / FixedToFP (integer and fixed-point, any size, any rounding),
// FPRoundInt (FRINT*).
#pragma once

#include <cstdint>

#include "cpu/fp/control.h"

namespace vp::cpu::fp {

// FPConvert(op<N>, fpcr, rounding) -> M bits.
template <unsigned N, unsigned M> uint64_t convert(uint64_t op, ctl& c, rounding r);
// FPToFixed(op<N>, fbits, unsigned, fpcr, rounding) -> M-bit integer (zero-extended).
template <unsigned N> uint64_t to_fixed(uint64_t op, unsigned fbits, bool is_unsigned, unsigned m, ctl& c, rounding r);
// FixedToFP(op<M>, fbits, unsigned, fpcr, rounding) -> N bits.
template <unsigned N> uint64_t from_fixed(uint64_t op, unsigned m, unsigned fbits, bool is_unsigned, ctl& c, rounding r);
// FPRoundInt(op, fpcr, rounding, exact).
template <unsigned N> uint64_t round_int(uint64_t op, ctl& c, rounding r, bool exact);

} // namespace vp::cpu::fp
