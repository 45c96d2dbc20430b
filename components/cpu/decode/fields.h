// Decoder helpers: bit-field extraction, register-slot mapping, and the
// per-class decode entry points (DDI 0487 C4.1 encoding index).
#pragma once

#include <cstdint>

#include "cpu/decode/insn.h"
#include "cpu/state.h"

namespace vp::cpu::decoding {

constexpr uint32_t bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }
constexpr bool bit(uint32_t v, unsigned n) { return (v >> n) & 1; }
constexpr uint64_t sext(uint64_t v, unsigned width) {
    const unsigned s = 64 - width;
    return uint64_t(int64_t(v << s) >> s);
}

// Register 31 as a source: XZR reads 0; as a destination: writes vanish.
constexpr uint8_t src_zr(uint32_t n) { return uint8_t(n); }
constexpr uint8_t dst_zr(uint32_t n) { return uint8_t(n == 31 ? reg_sink : n); }
// Register 31 as SP (source or destination).
constexpr uint8_t reg_or_sp(uint32_t n) { return uint8_t(n == 31 ? reg_sp : n); }

// DecodeBitMasks() for logical immediates (C6.2, shared pseudocode
// aarch64/instrs/integer/bitmasks). False for a reserved encoding.
bool decode_bitmask(unsigned n, unsigned imms, unsigned immr, unsigned datasize, uint64_t& mask);

// One entry per top-level encoding group (C4.1 table "Main encoding table").
void decode_dp_immediate(uint32_t raw, insn& out);
void decode_dp_register(uint32_t raw, insn& out);
void decode_branch_system(uint32_t raw, insn& out);
void decode_load_store(uint32_t raw, insn& out);
void decode_undefined(uint32_t raw, insn& out);

// C4.1 "Data Processing -- Scalar Floating-Point and Advanced SIMD"
// (op0 = x111), simd.cpp: calls decode_fp() first, then the AdvSIMD
// integer, permute, copy, immediate and crypto classes.
void decode_simd_fp(uint32_t raw, insn& out);
// Floating-point arithmetic of that group (fp.cpp): FP data-processing
// 1/2/3-source, compare, conditional compare/select, immediate, conversions
// FP<->integer/fixed (incl. FMOV general<->vector), and every scalar or
// vector AdvSIMD instruction whose operation is floating point. Returns false
// when `raw` is none of those (the caller goes on decoding).
bool decode_fp(uint32_t raw, insn& out);
// Loads and stores of SIMD&FP registers (V = 1), load_store_simd.cpp.
void decode_load_store_simd(uint32_t raw, insn& out);

} // namespace vp::cpu::decoding
