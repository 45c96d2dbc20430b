// Decoder: Advanced SIMD data movement classes (C4.1.6): copy and scalar
// copy (DUP, INS, UMOV, SMOV), modified immediate (MOVI, MVNI, ORR, BIC,
// FMOV vector immediate), permute, extract, table lookup.
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"
#include "cpu/execute/simd_move.h"

namespace vp::cpu::decoding::simd {
namespace {

using namespace exec;


// Element size from the lowest set bit of imm5 (4 = reserved).
unsigned imm5_size(unsigned imm5) { return imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : imm5 & 8 ? 3 : 4; }

insn_handler pick(unsigned size, insn_handler h8, insn_handler h16, insn_handler h32, insn_handler h64) {
    switch (size) {
    case 0: return h8;
    case 1: return h16;
    case 2: return h32;
    default: return h64;
    }
}
#define VP_BY_SIZE(size, tmpl) \
    pick(size, &tmpl<uint8_t>, &tmpl<uint16_t>, &tmpl<uint32_t>, &tmpl<uint64_t>)

void regs(uint32_t raw, insn& out) {
    out.rd = uint8_t(bits(raw, 4, 0));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rm = uint8_t(bits(raw, 20, 16));
    out.a = bit(raw, 30) ? 16 : 8;
}

// AdvSIMDExpandImm(op, cmode, imm8) (shared pseudocode), as a 64-bit pattern.
uint64_t expand_imm(unsigned op, unsigned cmode, unsigned imm8) {
    auto rep32 = [](uint64_t v) { return v | (v << 32); };
    auto rep16 = [](uint64_t v) { return v * 0x0001000100010001ull; };
    switch (cmode >> 1) {
    case 0: return rep32(imm8);
    case 1: return rep32(uint64_t(imm8) << 8);
    case 2: return rep32(uint64_t(imm8) << 16);
    case 3: return rep32(uint64_t(imm8) << 24);
    case 4: return rep16(imm8);
    case 5: return rep16(uint64_t(imm8) << 8);
    case 6: return (cmode & 1) ? rep32((uint64_t(imm8) << 16) | 0xffff) : rep32((uint64_t(imm8) << 8) | 0xff);
    default:
        if (!(cmode & 1) && !op) return imm8 * 0x0101010101010101ull;
        if (!(cmode & 1) && op) {
            uint64_t v = 0;
            for (unsigned b = 0; b < 8; ++b)
                if ((imm8 >> b) & 1) v |= 0xffull << (8 * b);
            return v;
        }
        if (!op) { // FMOV (vector, immediate), single precision
            const uint32_t a = imm8 >> 7, b = (imm8 >> 6) & 1, cdefgh = imm8 & 0x3f;
            const uint32_t f = (a << 31) | ((b ^ 1) << 30) | ((b ? 0x1fu : 0u) << 25) | (cdefgh << 19);
            return rep32(f);
        }
        { // double precision
            const uint64_t a = imm8 >> 7, b = (imm8 >> 6) & 1, cdefgh = imm8 & 0x3f;
            return (a << 63) | ((b ^ 1) << 62) | ((b ? 0xffull : 0ull) << 54) | (cdefgh << 48);
        }
    }
}

} // namespace

void copy(uint32_t raw, insn& out) {
    regs(raw, out);
    const bool q = bit(raw, 30), op = bit(raw, 29);
    const unsigned imm5 = bits(raw, 20, 16), imm4 = bits(raw, 14, 11), size = imm5_size(imm5);
    if (size > 3) return decode_undefined(raw, out);
    out.b = uint8_t(imm5 >> (size + 1));
    if (op) { // INS (element)
        if (!q) return decode_undefined(raw, out);
        out.c = uint8_t(imm4 >> size);
        out.fn = VP_BY_SIZE(size, ins_element);
        return;
    }
    switch (imm4) {
    case 0: // DUP (element)
        if (size == 3 && !q) return decode_undefined(raw, out);
        out.fn = VP_BY_SIZE(size, dup_element);
        return;
    case 1: // DUP (general)
        if (size == 3 && !q) return decode_undefined(raw, out);
        out.rn = src_zr(bits(raw, 9, 5));
        out.fn = VP_BY_SIZE(size, dup_general);
        return;
    case 3: // INS (general)
        if (!q) return decode_undefined(raw, out);
        out.rn = src_zr(bits(raw, 9, 5));
        out.fn = VP_BY_SIZE(size, ins_general);
        return;
    case 5: // SMOV: W from B/H, X from B/H/S
        out.rd = dst_zr(bits(raw, 4, 0));
        if (size == 0) out.fn = q ? &move_to_general<uint8_t, true, true> : &move_to_general<uint8_t, true, false>;
        else if (size == 1) out.fn = q ? &move_to_general<uint16_t, true, true> : &move_to_general<uint16_t, true, false>;
        else if (size == 2 && q) out.fn = &move_to_general<uint32_t, true, true>;
        else return decode_undefined(raw, out);
        return;
    case 7: // UMOV: W from B/H/S, X from D
        out.rd = dst_zr(bits(raw, 4, 0));
        if (!q && size <= 2)
            out.fn = size == 0 ? &move_to_general<uint8_t, false, false>
                   : size == 1 ? &move_to_general<uint16_t, false, false> : &move_to_general<uint32_t, false, false>;
        else if (q && size == 3) out.fn = &move_to_general<uint64_t, false, true>;
        else return decode_undefined(raw, out);
        return;
    default: return decode_undefined(raw, out);
    }
}

void scalar_copy(uint32_t raw, insn& out) {
    regs(raw, out);
    const unsigned imm5 = bits(raw, 20, 16), size = imm5_size(imm5);
    if (bit(raw, 29) || bits(raw, 14, 11) != 0 || size > 3) return decode_undefined(raw, out);
    out.b = uint8_t(imm5 >> (size + 1));
    out.a = uint8_t(1u << size); // DUP (element), scalar: one element
    out.fn = VP_BY_SIZE(size, dup_element);
}

void modified_imm(uint32_t raw, insn& out) {
    regs(raw, out);
    const bool q = bit(raw, 30), op = bit(raw, 29);
    const unsigned cmode = bits(raw, 15, 12), imm8 = (bits(raw, 18, 16) << 5) | bits(raw, 9, 5);
    if (bit(raw, 11)) return decode_undefined(raw, out); // o2: FMOV half precision (FEAT_FP16)
    if (cmode == 15 && op && !q) return decode_undefined(raw, out);
    out.imm = expand_imm(op, cmode, imm8);
    const bool orr_bic = (cmode < 12) && (cmode & 1);
    if (orr_bic) out.fn = op ? &modified_immediate<mi_bic> : &modified_immediate<mi_orr>;
    else if (op && cmode < 14) out.fn = &modified_immediate<mi_mvni>;
    else out.fn = &modified_immediate<mi_movi>; // incl. MOVI 64-bit and FMOV (vector, immediate)
}

void permute(uint32_t raw, insn& out) {
    regs(raw, out);
    const unsigned size = bits(raw, 23, 22), opcode = bits(raw, 14, 12);
    if (size == 3 && !bit(raw, 30)) return decode_undefined(raw, out);
    out.b = uint8_t(opcode >> 2);
    switch (opcode & 3) {
    case 1: out.fn = pick(size, &exec::permute<uint8_t, pk_uzp>, &exec::permute<uint16_t, pk_uzp>, &exec::permute<uint32_t, pk_uzp>, &exec::permute<uint64_t, pk_uzp>); return;
    case 2: out.fn = pick(size, &exec::permute<uint8_t, pk_trn>, &exec::permute<uint16_t, pk_trn>, &exec::permute<uint32_t, pk_trn>, &exec::permute<uint64_t, pk_trn>); return;
    case 3: out.fn = pick(size, &exec::permute<uint8_t, pk_zip>, &exec::permute<uint16_t, pk_zip>, &exec::permute<uint32_t, pk_zip>, &exec::permute<uint64_t, pk_zip>); return;
    default: return decode_undefined(raw, out);
    }
}

void extract(uint32_t raw, insn& out) {
    regs(raw, out);
    const unsigned imm4 = bits(raw, 14, 11);
    if (bits(raw, 23, 22) != 0 || (!bit(raw, 30) && (imm4 & 8))) return decode_undefined(raw, out);
    out.b = uint8_t(imm4);
    out.fn = &ext_bytes;
}

void table_lookup(uint32_t raw, insn& out) {
    regs(raw, out);
    if (bits(raw, 23, 22) != 0) return decode_undefined(raw, out);
    out.b = uint8_t(bits(raw, 14, 13) + 1);
    out.fn = bit(raw, 12) ? &exec::table_lookup<true> : &exec::table_lookup<false>;
}

} // namespace vp::cpu::decoding::simd
