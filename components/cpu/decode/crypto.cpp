// Decoder: Cryptographic AES, three-register SHA and two-register SHA
// (C4.1.6). Advertised by ID_AA64ISAR0_EL1.{AES = 2, SHA1 = 1, SHA2 = 1}.
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"
#include "cpu/execute/crypto.h"

namespace vp::cpu::decoding::simd {

using namespace exec;

namespace {
void regs(uint32_t raw, insn& out) {
    out.rd = uint8_t(bits(raw, 4, 0));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rm = uint8_t(bits(raw, 20, 16));
}
} // namespace

void crypto_aes(uint32_t raw, insn& out) {
    regs(raw, out);
    if (bits(raw, 23, 22) != 0) return decode_undefined(raw, out);
    switch (bits(raw, 16, 12)) {
    case 4: out.fn = &aes_round<false>; return;
    case 5: out.fn = &aes_round<true>; return;
    case 6: out.fn = &aes_mix<false>; return;
    case 7: out.fn = &aes_mix<true>; return;
    default: return decode_undefined(raw, out);
    }
}

void crypto_sha3(uint32_t raw, insn& out) {
    regs(raw, out);
    if (bits(raw, 23, 22) != 0) return decode_undefined(raw, out);
    static constexpr insn_handler ops[8] = {&sha1_hash<0>, &sha1_hash<1>, &sha1_hash<2>, &sha1su0,
                                            &sha256_hash<true>, &sha256_hash<false>, &sha256su1, nullptr};
    out.fn = ops[bits(raw, 14, 12)];
    if (!out.fn) decode_undefined(raw, out);
}

void crypto_sha2(uint32_t raw, insn& out) {
    regs(raw, out);
    if (bits(raw, 23, 22) != 0) return decode_undefined(raw, out);
    switch (bits(raw, 16, 12)) {
    case 0: out.fn = &sha1h; return;
    case 1: out.fn = &sha1su1; return;
    case 2: out.fn = &sha256su0; return;
    default: return decode_undefined(raw, out);
    }
}

} // namespace vp::cpu::decoding::simd
