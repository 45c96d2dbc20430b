// Top-level A64 decode (DDI 0487 C4.1 "A64 instruction set encoding",
// op0 = bits 28:25).
#include "cpu/decode/fields.h"

namespace vp::cpu {

void decode(uint32_t raw, insn& out) {
    out = insn{};
    out.raw = raw;
    const unsigned op0 = decoding::bits(raw, 28, 25);
    switch (op0) {
    case 0x8: case 0x9: return decoding::decode_dp_immediate(raw, out);
    case 0xa: case 0xb: return decoding::decode_branch_system(raw, out);
    case 0x5: case 0xd: return decoding::decode_dp_register(raw, out);
    case 0x4: case 0x6: case 0xc: case 0xe: return decoding::decode_load_store(raw, out);
    case 0x7: case 0xf: return decoding::decode_simd_fp(raw, out);
    default: // 0000 reserved (UDF), 0010 SVE, 0001/0011 unallocated: UNDEFINED
        return decoding::decode_undefined(raw, out);
    }
}

} // namespace vp::cpu
