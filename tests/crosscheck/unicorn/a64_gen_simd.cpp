// Encoding generators for the Advanced SIMD integer, data-movement and
// crypto classes (C4.1.6): every field of the class random, so each word is
// either an allocated instruction (same result as Unicorn) or UNDEFINED on
// both. Operands are the random V0-V31 (edge values in each half) and X
// registers of each block. Floating-point opcodes of these classes are
// left out here (they are decode_fp()'s, with their own tests).
#include "a64_gen.h"

namespace vp::xcheck {
namespace {

struct simd_class_def {
    uint32_t mask, value;
    bool (*skip)(uint32_t w); // words of the class that are not this test's
};

uint32_t field(uint32_t w, unsigned hi, unsigned lo) { return (w >> lo) & ((1u << (hi - lo + 1)) - 1); }
bool none(uint32_t) { return false; }
bool fp_three_same(uint32_t w) { return field(w, 15, 11) >= 24; }
bool fp_two_misc(uint32_t w) {
    const uint32_t op = field(w, 16, 12);
    return (op >= 12 && op <= 15) || op == 22 || op == 23 || op >= 24;
}
bool fp_across(uint32_t w) { return field(w, 16, 12) == 12 || field(w, 16, 12) == 15; }
bool fp_shift(uint32_t w) { return field(w, 22, 19) == 0 || field(w, 15, 11) == 28 || field(w, 15, 11) == 31; }
bool fp_by_element(uint32_t w) { return (field(w, 15, 12) & 3) == 1; }
bool not_addp(uint32_t w) { return field(w, 16, 12) != 27; }

// The classes' (mask, value) as in decode/simd.cpp.
const simd_class_def defs[] = {
    {0x9f200400, 0x0e200400, fp_three_same},  // 0 three same
    {0x9f200c00, 0x0e200000, none},           // 1 three different
    {0x9f3e0c00, 0x0e200800, fp_two_misc},    // 2 two-register misc
    {0x9f3e0c00, 0x0e300800, fp_across},      // 3 across lanes
    {0x9fe08400, 0x0e000400, none},           // 4 copy
    {0x9f000400, 0x0f000000, fp_by_element},  // 5 vector x indexed element
    {0x9ff80400, 0x0f000400, none},           // 6 modified immediate
    {0x9f800400, 0x0f000400, fp_shift},       // 7 shift by immediate
    {0xbf208c00, 0x0e000000, none},           // 8 table lookup
    {0xbf208c00, 0x0e000800, none},           // 9 permute
    {0xbf208400, 0x2e000000, none},           // 10 extract
    {0xdf200400, 0x5e200400, fp_three_same},  // 11 scalar three same
    {0xdf3e0c00, 0x5e200800, fp_two_misc},    // 12 scalar two-register misc
    {0xdf3e0c00, 0x5e300800, not_addp},       // 13 scalar pairwise
    {0xdfe08400, 0x5e000400, none},           // 14 scalar copy
    {0xdf800400, 0x5f000400, fp_shift},       // 15 scalar shift by immediate
    {0xff3e0c00, 0x4e280800, none},           // 16 crypto AES
    {0xff208c00, 0x5e000000, none},           // 17 crypto three-register SHA
    {0xff3e0c00, 0x5e280800, none},           // 18 crypto two-register SHA
    {0xdf200c00, 0x5e200000, none},           // 19 scalar three different
    {0xdf000400, 0x5f000000, fp_by_element},  // 20 scalar x indexed element
};

template <unsigned K> void gen_class(gen_ctx& g) {
    const simd_class_def& d = defs[K];
    step s;
    s.what = "Advanced SIMD";
    do {
        s.raw = (static_cast<uint32_t>(g.r.next()) & ~d.mask) | d.value;
    } while (d.skip(s.raw));
    // A third of the time, the source registers get fresh edge values.
    if (g.r.chance(33)) {
        const uint8_t rn = (s.raw >> 5) & 31, rm = (s.raw >> 16) & 31;
        s.withv(rn, g.r.operand(), g.r.operand());
        if (rm != rn) s.withv(rm, g.r.operand(), g.r.operand());
    }
    g.emit(s);
}

} // namespace

const std::vector<encoding_class>& simd_encoding_classes() {
    using k = block_kind;
    static const std::vector<encoding_class> classes = {
        {"simd_three_same", "C4.1.6 AdvSIMD three same", gen_class<0>, k::decode, false, 20000},
        {"simd_three_diff", "C4.1.6 AdvSIMD three different", gen_class<1>, k::decode, false, 10000},
        {"simd_two_misc", "C4.1.6 AdvSIMD two-register misc", gen_class<2>, k::decode, false, 10000},
        {"simd_across", "C4.1.6 AdvSIMD across lanes", gen_class<3>, k::decode, false, 5000},
        {"simd_copy", "C4.1.6 AdvSIMD copy", gen_class<4>, k::decode, false, 10000},
        {"simd_by_element", "C4.1.6 AdvSIMD vector x indexed element", gen_class<5>, k::decode, false, 10000},
        {"simd_modified_imm", "C4.1.6 AdvSIMD modified immediate", gen_class<6>, k::decode, false, 5000},
        {"simd_shift_imm", "C4.1.6 AdvSIMD shift by immediate", gen_class<7>, k::decode, false, 10000},
        {"simd_table", "C4.1.6 AdvSIMD table lookup", gen_class<8>, k::decode, false, 5000},
        {"simd_permute", "C4.1.6 AdvSIMD permute", gen_class<9>, k::decode, false, 5000},
        {"simd_extract", "C4.1.6 AdvSIMD extract", gen_class<10>, k::decode, false, 5000},
        {"simd_scalar_three_same", "C4.1.6 AdvSIMD scalar three same", gen_class<11>, k::decode, false, 10000},
        {"simd_scalar_two_misc", "C4.1.6 AdvSIMD scalar two-register misc", gen_class<12>, k::decode, false, 5000},
        {"simd_scalar_pairwise", "C4.1.6 AdvSIMD scalar pairwise", gen_class<13>, k::decode, false, 2000},
        {"simd_scalar_copy", "C4.1.6 AdvSIMD scalar copy", gen_class<14>, k::decode, false, 2000},
        {"simd_scalar_shift_imm", "C4.1.6 AdvSIMD scalar shift by immediate", gen_class<15>, k::decode, false, 10000},
        {"crypto_aes", "C4.1.6 Cryptographic AES", gen_class<16>, k::decode, false, 20000},
        {"crypto_sha3", "C4.1.6 Cryptographic three-register SHA", gen_class<17>, k::decode, false, 5000},
        {"crypto_sha2", "C4.1.6 Cryptographic two-register SHA", gen_class<18>, k::decode, false, 20000},
        {"simd_scalar_three_diff", "C4.1.6 AdvSIMD scalar three different", gen_class<19>, k::decode, false, 5000},
        {"simd_scalar_by_element", "C4.1.6 AdvSIMD scalar x indexed element", gen_class<20>, k::decode, false, 5000},
    };
    return classes;
}

} // namespace vp::xcheck
