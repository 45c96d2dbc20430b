// Advanced SIMD classes not implemented yet: UNDEFINED (each moves to its
// own file when implemented).
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"

namespace vp::cpu::decoding::simd {

#define VP_SIMD_PENDING(name) \
    void name(uint32_t raw, insn& out) { decode_undefined(raw, out); }
VP_SIMD_PENDING(crypto_aes)
VP_SIMD_PENDING(crypto_sha3)
VP_SIMD_PENDING(crypto_sha2)
VP_SIMD_PENDING(scalar_copy)
VP_SIMD_PENDING(scalar_pairwise)
VP_SIMD_PENDING(scalar_two_misc)
VP_SIMD_PENDING(scalar_three_diff)
VP_SIMD_PENDING(scalar_three_same)
VP_SIMD_PENDING(scalar_shift_imm)
VP_SIMD_PENDING(scalar_by_element)
VP_SIMD_PENDING(table_lookup)
VP_SIMD_PENDING(permute)
VP_SIMD_PENDING(extract)
VP_SIMD_PENDING(copy)
VP_SIMD_PENDING(across_lanes)
VP_SIMD_PENDING(two_misc)
VP_SIMD_PENDING(three_diff)
VP_SIMD_PENDING(three_same)
VP_SIMD_PENDING(modified_imm)
VP_SIMD_PENDING(shift_imm)
VP_SIMD_PENDING(by_element)
#undef VP_SIMD_PENDING

} // namespace vp::cpu::decoding::simd
