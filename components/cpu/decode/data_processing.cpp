// Decoder: data processing, immediate (C4.1.2) and register (C4.1.5).
#include <array>
#include <utility>

#include "cpu/decode/fields.h"
#include "cpu/execute/data_processing.h"
#include "cpu/execute/system.h"

namespace vp::cpu::decoding {
namespace {

#define VP_PICK3(F, x, y, z)                                                                                         \
    ((x) ? ((y) ? ((z) ? insn_handler(&F<true, true, true>) : insn_handler(&F<true, true, false>))                   \
                : ((z) ? insn_handler(&F<true, false, true>) : insn_handler(&F<true, false, false>)))                \
         : ((y) ? ((z) ? insn_handler(&F<false, true, true>) : insn_handler(&F<false, true, false>))                 \
                : ((z) ? insn_handler(&F<false, false, true>) : insn_handler(&F<false, false, false>))))
#define VP_PICK2(F, x, y)                                                                                            \
    ((x) ? ((y) ? insn_handler(&F<true, true>) : insn_handler(&F<true, false>))                                      \
         : ((y) ? insn_handler(&F<false, true>) : insn_handler(&F<false, false>)))
#define VP_PICK1(F, x) ((x) ? insn_handler(&F<true>) : insn_handler(&F<false>))

template <bool SF, std::size_t... I> constexpr std::array<insn_handler, sizeof...(I)> logical_imm_table(std::index_sequence<I...>) {
    return {&exec::logical_imm<SF, I>...};
}
// Index = opc:N * 4 + shift type.
template <bool SF, std::size_t... I> constexpr std::array<insn_handler, sizeof...(I)> logical_reg_table(std::index_sequence<I...>) {
    return {&exec::logical_reg<SF, I / 4, I % 4>...};
}
// Index = opc * 2 + extract.
template <bool SF, std::size_t... I> constexpr std::array<insn_handler, sizeof...(I)> bitfield_table(std::index_sequence<I...>) {
    return {&exec::bitfield<SF, I / 2, (I % 2) != 0>...};
}
template <bool SF, std::size_t... I> constexpr std::array<insn_handler, sizeof...(I)> csel_table(std::index_sequence<I...>) {
    return {&exec::cond_select<SF, I>...};
}
template <bool SF, std::size_t... I> constexpr std::array<insn_handler, sizeof...(I)> shiftv_table(std::index_sequence<I...>) {
    return {&exec::shift_var<SF, I>...};
}

constexpr auto logical_imm_32 = logical_imm_table<false>(std::make_index_sequence<4>{});
constexpr auto logical_imm_64 = logical_imm_table<true>(std::make_index_sequence<4>{});
constexpr auto logical_reg_32 = logical_reg_table<false>(std::make_index_sequence<32>{});
constexpr auto logical_reg_64 = logical_reg_table<true>(std::make_index_sequence<32>{});
constexpr auto bitfield_32 = bitfield_table<false>(std::make_index_sequence<6>{});
constexpr auto bitfield_64 = bitfield_table<true>(std::make_index_sequence<6>{});
constexpr auto csel_32 = csel_table<false>(std::make_index_sequence<4>{});
constexpr auto csel_64 = csel_table<true>(std::make_index_sequence<4>{});
constexpr auto shiftv_32 = shiftv_table<false>(std::make_index_sequence<4>{});
constexpr auto shiftv_64 = shiftv_table<true>(std::make_index_sequence<4>{});

void pc_relative(uint32_t raw, insn& out) {
    const uint64_t imm = (bits(raw, 23, 5) << 2) | bits(raw, 30, 29);
    out.rd = dst_zr(bits(raw, 4, 0));
    if (bit(raw, 31)) {
        out.imm = sext(imm, 21) << 12;
        out.fn = &exec::adrp;
    } else {
        out.imm = sext(imm, 21);
        out.fn = &exec::adr;
    }
}

void add_sub_immediate(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31), sub = bit(raw, 30), s = bit(raw, 29);
    out.imm = uint64_t(bits(raw, 21, 10)) << (bit(raw, 22) ? 12 : 0);
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rd = s ? dst_zr(bits(raw, 4, 0)) : reg_or_sp(bits(raw, 4, 0));
    out.fn = VP_PICK3(exec::add_sub_imm, sf, sub, s);
}

void logical_immediate(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned opc = bits(raw, 30, 29), n = bit(raw, 22);
    if (!sf && n) return decode_undefined(raw, out);
    uint64_t mask;
    if (!decode_bitmask(n, bits(raw, 15, 10), bits(raw, 21, 16), sf ? 64 : 32, mask)) return decode_undefined(raw, out);
    out.imm = mask;
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = opc == 3 ? dst_zr(bits(raw, 4, 0)) : reg_or_sp(bits(raw, 4, 0)); // ANDS writes XZR, others SP
    out.fn = (sf ? logical_imm_64 : logical_imm_32)[opc];
}

void move_wide(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned opc = bits(raw, 30, 29), hw = bits(raw, 22, 21);
    if (opc == 1 || (!sf && hw >= 2)) return decode_undefined(raw, out);
    const unsigned shift = hw * 16;
    out.rd = dst_zr(bits(raw, 4, 0));
    const uint64_t imm16 = bits(raw, 20, 5);
    switch (opc) {
    case 0: out.imm = imm16 << shift; out.fn = VP_PICK1(exec::movn, sf); break;
    case 2: out.imm = imm16 << shift; out.fn = &exec::movz; break;
    default: out.imm = imm16; out.a = uint8_t(shift); out.b = sf; out.fn = &exec::movk; break;
    }
}

void bitfield(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned opc = bits(raw, 30, 29), n = bit(raw, 22), immr = bits(raw, 21, 16), imms = bits(raw, 15, 10);
    if (opc == 3 || n != unsigned(sf) || (!sf && (immr >= 32 || imms >= 32))) return decode_undefined(raw, out);
    out.a = uint8_t(immr);
    out.b = uint8_t(imms);
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    const bool extract = imms >= immr;
    const unsigned w = extract ? imms - immr + 1 : imms + 1; // field width, 1..64
    out.imm = w >= 64 ? ~0ull : (1ull << w) - 1;
    out.fn = (sf ? bitfield_64 : bitfield_32)[opc * 2 + (extract ? 1 : 0)];
}

void extract(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned imms = bits(raw, 15, 10);
    if (bits(raw, 30, 29) != 0 || bit(raw, 21) || bit(raw, 22) != sf || (!sf && imms >= 32))
        return decode_undefined(raw, out);
    out.a = uint8_t(imms);
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    out.fn = VP_PICK1(exec::extr, sf);
}

void logical_shifted(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned amount = bits(raw, 15, 10);
    if (!sf && amount >= 32) return decode_undefined(raw, out);
    const unsigned opc_n = (bits(raw, 30, 29) << 1) | bit(raw, 21);
    out.a = uint8_t(amount);
    out.b = uint8_t(bits(raw, 23, 22));
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    if (opc_n == 2 && out.rn == reg_zr && amount == 0) { // MOV Xd, Xm
        out.fn = VP_PICK1(exec::mov_reg, sf);
        return;
    }
    out.fn = (sf ? logical_reg_64 : logical_reg_32)[opc_n * 4 + out.b];
}

void add_sub_shifted(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31), sub = bit(raw, 30), s = bit(raw, 29);
    const unsigned shift = bits(raw, 23, 22), amount = bits(raw, 15, 10);
    if (shift == 3 || (!sf && amount >= 32)) return decode_undefined(raw, out);
    out.a = uint8_t(amount);
    out.b = uint8_t(shift);
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    out.fn = amount == 0 ? VP_PICK3(exec::add_sub_reg, sf, sub, s) : VP_PICK3(exec::add_sub_shift, sf, sub, s);
}

void add_sub_extended(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31), sub = bit(raw, 30), s = bit(raw, 29);
    const unsigned amount = bits(raw, 12, 10);
    if (bits(raw, 23, 22) != 0 || amount > 4) return decode_undefined(raw, out);
    out.a = uint8_t(amount);
    out.b = uint8_t(bits(raw, 15, 13));
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rd = s ? dst_zr(bits(raw, 4, 0)) : reg_or_sp(bits(raw, 4, 0));
    out.fn = VP_PICK3(exec::add_sub_ext, sf, sub, s);
}

void add_sub_carry(uint32_t raw, insn& out) {
    if (bits(raw, 15, 10) != 0) return decode_undefined(raw, out); // RMIF/SETF (v8.4) not implemented
    const bool sf = bit(raw, 31), sub = bit(raw, 30), s = bit(raw, 29);
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    out.fn = VP_PICK3(exec::add_sub_carry, sf, sub, s);
}

void conditional_compare(uint32_t raw, insn& out) {
    if (!bit(raw, 29) || bit(raw, 10) || bit(raw, 4)) return decode_undefined(raw, out);
    const bool sf = bit(raw, 31), sub = bit(raw, 30), imm = bit(raw, 11);
    out.a = uint8_t(bits(raw, 15, 12));
    out.b = uint8_t(bits(raw, 3, 0));
    out.imm = bits(raw, 20, 16);
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.fn = VP_PICK3(exec::cond_compare, sf, sub, imm);
}

void conditional_select(uint32_t raw, insn& out) {
    if (bit(raw, 29) || bit(raw, 11)) return decode_undefined(raw, out);
    const bool sf = bit(raw, 31);
    const unsigned op = (bit(raw, 30) << 1) | bit(raw, 10);
    out.a = uint8_t(bits(raw, 15, 12));
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    out.fn = (sf ? csel_64 : csel_32)[op];
}

void data_processing_2src(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned opcode = bits(raw, 15, 10);
    if (bit(raw, 29)) return decode_undefined(raw, out);
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    switch (opcode) {
    case 0x02: out.fn = VP_PICK1(exec::udiv, sf); return;
    case 0x03: out.fn = VP_PICK1(exec::sdiv, sf); return;
    case 0x08: case 0x09: case 0x0a: case 0x0b: out.fn = (sf ? shiftv_64 : shiftv_32)[opcode - 8]; return;
    case 0x10: case 0x11: case 0x12: case 0x13: // CRC32B/H/W/X (sf must match the X form)
    case 0x14: case 0x15: case 0x16: case 0x17: { // CRC32CB/H/W/X
        const unsigned sz = opcode & 3;
        if ((sz == 3) != sf) return decode_undefined(raw, out);
        out.a = uint8_t(sz);
        out.fn = (opcode & 4) ? &exec::crc32<true> : &exec::crc32<false>;
        return;
    }
    default: return decode_undefined(raw, out); // PAC, MTE
    }
}

void data_processing_1src(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned opcode = bits(raw, 15, 10);
    if (bit(raw, 29) || bits(raw, 20, 16) != 0) return decode_undefined(raw, out);
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    switch (opcode) {
    case 0: out.fn = VP_PICK1(exec::rbit, sf); return;
    case 1: out.a = 16; out.fn = VP_PICK1(exec::rev, sf); return;
    case 2: out.a = sf ? 32 : 0; out.fn = VP_PICK1(exec::rev, sf); return; // REV32 / REV (32-bit)
    case 3: if (!sf) break; out.a = 0; out.fn = &exec::rev<true>; return;
    case 4: out.fn = VP_PICK1(exec::clz, sf); return;
    case 5: out.fn = VP_PICK1(exec::cls, sf); return;
    default: break;
    }
    decode_undefined(raw, out);
}

void data_processing_3src(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned op = (bits(raw, 23, 21) << 1) | bit(raw, 15);
    if (bits(raw, 30, 29) != 0) return decode_undefined(raw, out);
    out.rm = src_zr(bits(raw, 20, 16));
    out.ra = src_zr(bits(raw, 14, 10));
    out.rn = src_zr(bits(raw, 9, 5));
    out.rd = dst_zr(bits(raw, 4, 0));
    if (op <= 1) {
        out.fn = VP_PICK2(exec::madd, sf, op == 1);
        return;
    }
    if (!sf) return decode_undefined(raw, out);
    switch (op) {
    case 0x2: out.fn = &exec::madd_long<true, false>; return;  // SMADDL
    case 0x3: out.fn = &exec::madd_long<true, true>; return;   // SMSUBL
    // SMULH/UMULH: Ra is should-be-one; other values are CONSTRAINED
    // UNPREDICTABLE and this model ignores them (as QEMU does).
    case 0x4: out.fn = &exec::mul_high<true>; return;
    case 0xa: out.fn = &exec::madd_long<false, false>; return; // UMADDL
    case 0xb: out.fn = &exec::madd_long<false, true>; return;  // UMSUBL
    case 0xc: out.fn = &exec::mul_high<false>; return;
    default: break;
    }
    decode_undefined(raw, out);
}

} // namespace

bool decode_bitmask(unsigned n, unsigned imms, unsigned immr, unsigned datasize, uint64_t& mask) {
    const unsigned combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0) return false;
    const unsigned len = 31 - __builtin_clz(combined);
    if (len < 1) return false;
    const unsigned levels = (1u << len) - 1;
    if ((imms & levels) == levels) return false; // all-ones element is reserved
    const unsigned s = imms & levels, r = immr & levels, esize = 1u << len;
    if (esize > datasize) return false;
    uint64_t elem = exec::ones(s + 1);
    if (r) elem = ((elem >> r) | (elem << (esize - r))) & exec::ones(esize);
    uint64_t m = 0;
    for (unsigned i = 0; i < datasize; i += esize) m |= elem << i;
    mask = m;
    return true;
}

void decode_dp_immediate(uint32_t raw, insn& out) {
    switch (bits(raw, 25, 23)) {
    case 0: case 1: return pc_relative(raw, out);
    case 2: return add_sub_immediate(raw, out);
    case 4: return logical_immediate(raw, out);
    case 5: return move_wide(raw, out);
    case 6: return bitfield(raw, out);
    case 7: return extract(raw, out);
    default: return decode_undefined(raw, out); // 3: add/sub with tags (MTE)
    }
}

void decode_dp_register(uint32_t raw, insn& out) {
    if (!bit(raw, 28)) {
        if (!bit(raw, 24)) return logical_shifted(raw, out);
        return bit(raw, 21) ? add_sub_extended(raw, out) : add_sub_shifted(raw, out);
    }
    switch (bits(raw, 24, 21)) {
    case 0x0: return add_sub_carry(raw, out);
    case 0x2: return conditional_compare(raw, out);
    case 0x4: return conditional_select(raw, out);
    case 0x6: return bit(raw, 30) ? data_processing_1src(raw, out) : data_processing_2src(raw, out);
    default:
        if (bit(raw, 24)) return data_processing_3src(raw, out);
        return decode_undefined(raw, out);
    }
}

void decode_undefined(uint32_t, insn& out) { out.fn = &exec::undefined; }

} // namespace vp::cpu::decoding
