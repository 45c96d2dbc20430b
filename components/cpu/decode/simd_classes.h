// Per-class decoders of the Advanced SIMD (non-floating-point) and
// Cryptographic encoding classes (C4.1.6), called by decode_simd_fp().
// Each fills `out` or decodes the word as UNDEFINED.
#pragma once

#include <cstdint>

#include "cpu/decode/insn.h"

namespace vp::cpu::decoding::simd {

void crypto_aes(uint32_t raw, insn& out);
void crypto_sha3(uint32_t raw, insn& out);
void crypto_sha2(uint32_t raw, insn& out);
void scalar_copy(uint32_t raw, insn& out);
void scalar_pairwise(uint32_t raw, insn& out);
void scalar_two_misc(uint32_t raw, insn& out);
void scalar_three_diff(uint32_t raw, insn& out);
void scalar_three_same(uint32_t raw, insn& out);
void scalar_shift_imm(uint32_t raw, insn& out);
void scalar_by_element(uint32_t raw, insn& out);
void table_lookup(uint32_t raw, insn& out);
void permute(uint32_t raw, insn& out);
void extract(uint32_t raw, insn& out);
void copy(uint32_t raw, insn& out);
void across_lanes(uint32_t raw, insn& out);
void two_misc(uint32_t raw, insn& out);
void three_diff(uint32_t raw, insn& out);
void three_same(uint32_t raw, insn& out);
void modified_imm(uint32_t raw, insn& out);
void shift_imm(uint32_t raw, insn& out);
void by_element(uint32_t raw, insn& out);

} // namespace vp::cpu::decoding::simd
