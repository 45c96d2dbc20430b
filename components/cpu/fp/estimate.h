// Reciprocal and reciprocal square root estimates (DDI 0487
// shared/functions/float: FPRecipEstimate, FPRSqrtEstimate, FPRecpX,
// UnsignedRecipEstimate, UnsignedRSqrtEstimate, and the 9-bit tables of
// RecipEstimate / RecipSqrtEstimate).
#pragma once

#include <cstdint>

#include "cpu/fp/control.h"

namespace vp::cpu::fp {

// RecipEstimate(a), a in [256, 512); RecipSqrtEstimate(a), a in [128, 512).
unsigned recip_estimate_table(unsigned a);
unsigned rsqrt_estimate_table(unsigned a);

template <unsigned N> uint64_t recip_estimate(uint64_t op, ctl& c); // FRECPE
template <unsigned N> uint64_t rsqrt_estimate(uint64_t op, ctl& c); // FRSQRTE
template <unsigned N> uint64_t recpx(uint64_t op, ctl& c);          // FRECPX
uint32_t unsigned_recip_estimate(uint32_t op);                      // URECPE
uint32_t unsigned_rsqrt_estimate(uint32_t op);                      // URSQRTE

} // namespace vp::cpu::fp
