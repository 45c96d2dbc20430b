// Decoder: "Data Processing -- Scalar Floating-Point and Advanced SIMD"
// (C4.1, op0 = x111). Floating-point arithmetic is decoded by decode_fp()
// (fp.cpp) first; the rest is found in a table of encoding classes
// (C4.1.6 "Advanced SIMD ..." and "Cryptographic ..." class tables), each
// class a (mask, value) pattern with its own decoder.
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"

namespace vp::cpu::decoding {
namespace {

struct simd_class {
    uint32_t mask, value;
    void (*decode)(uint32_t raw, insn& out);
};

// First match wins: the more specific patterns come first.
constexpr simd_class classes[] = {
    {0xff3e0c00, 0x4e280800, &simd::crypto_aes},         // Cryptographic AES
    {0xff208c00, 0x5e000000, &simd::crypto_sha3},        // Cryptographic three-register SHA
    {0xff3e0c00, 0x5e280800, &simd::crypto_sha2},        // Cryptographic two-register SHA
    {0xdfe08400, 0x5e000400, &simd::scalar_copy},        // AdvSIMD scalar copy
    {0xdf3e0c00, 0x5e300800, &simd::scalar_pairwise},    // AdvSIMD scalar pairwise
    {0xdf3e0c00, 0x5e200800, &simd::scalar_two_misc},    // AdvSIMD scalar two-register miscellaneous
    {0xdf200c00, 0x5e200000, &simd::scalar_three_diff},  // AdvSIMD scalar three different
    {0xdf200400, 0x5e200400, &simd::scalar_three_same},  // AdvSIMD scalar three same
    {0xdf800400, 0x5f000400, &simd::scalar_shift_imm},   // AdvSIMD scalar shift by immediate
    {0xdf000400, 0x5f000000, &simd::scalar_by_element},  // AdvSIMD scalar x indexed element
    {0xbf208c00, 0x0e000000, &simd::table_lookup},       // AdvSIMD table lookup
    {0xbf208c00, 0x0e000800, &simd::permute},            // AdvSIMD permute
    {0xbf208400, 0x2e000000, &simd::extract},            // AdvSIMD extract
    {0x9fe08400, 0x0e000400, &simd::copy},               // AdvSIMD copy
    {0x9f3e0c00, 0x0e300800, &simd::across_lanes},       // AdvSIMD across lanes
    {0x9f3e0c00, 0x0e200800, &simd::two_misc},           // AdvSIMD two-register miscellaneous
    {0x9f200c00, 0x0e200000, &simd::three_diff},         // AdvSIMD three different
    {0x9f200400, 0x0e200400, &simd::three_same},         // AdvSIMD three same
    {0x9ff80400, 0x0f000400, &simd::modified_imm},       // AdvSIMD modified immediate (immh = 0)
    {0x9f800400, 0x0f000400, &simd::shift_imm},          // AdvSIMD shift by immediate (immh != 0)
    {0x9f000400, 0x0f000000, &simd::by_element},        // AdvSIMD vector x indexed element
};

} // namespace

void decode_simd_fp(uint32_t raw, insn& out) {
    if (decode_fp(raw, out)) return;
    for (const simd_class& c : classes)
        if ((raw & c.mask) == c.value) return c.decode(raw, out);
    decode_undefined(raw, out);
}

} // namespace vp::cpu::decoding
