// Advanced SIMD classes not implemented yet: UNDEFINED (each moves to its
// own file when implemented).
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"

namespace vp::cpu::decoding::simd {

#define VP_SIMD_PENDING(name) \
    void name(uint32_t raw, insn& out) { decode_undefined(raw, out); }
VP_SIMD_PENDING(scalar_three_diff)
VP_SIMD_PENDING(scalar_by_element)
#undef VP_SIMD_PENDING

} // namespace vp::cpu::decoding::simd
