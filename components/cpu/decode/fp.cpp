// Decoder: floating-point arithmetic of the "Data Processing -- Scalar
// Floating-Point and Advanced SIMD" group (see decode_fp in fields.h).
#include "cpu/decode/fields.h"

namespace vp::cpu::decoding {

bool decode_fp(uint32_t /*raw*/, insn& /*out*/) { return false; }

} // namespace vp::cpu::decoding
