// Generators for the floating-point encoding classes (DDI 0487 C4.1.6: the
// scalar FP classes and the FP instructions of the Advanced SIMD classes),
// with operands that are FP edge values: signed zeros, infinities, quiet and
// signalling NaNs with payloads, denormals, the smallest/largest normals,
// integers and halves (rounding ties) around the conversion limits. FPCR
// (RMode, FZ, DN, AHP) is random per block (lockstep::begin_block).
#pragma once

#include <vector>

#include "a64_gen.h"

namespace vp::xcheck {

const std::vector<encoding_class>& fp_encoding_classes();

} // namespace vp::xcheck
