// Execute handlers: data processing, immediate and register (DDI 0487
// C4.1.2 / C4.1.5 encoding groups, C6 instruction pages). Operand fields were
// extracted by the decoder (decode/data_processing.cpp).
#pragma once

#include "cpu/execute/common.h"

namespace vp::cpu::exec {

// ---- immediate ----

inline void adr(core& c, const insn& i) { c.st_.r[i.rd] = c.st_.pc + i.imm; next(c); }
inline void adrp(core& c, const insn& i) { c.st_.r[i.rd] = (c.st_.pc & ~0xfffull) + i.imm; next(c); }

// ADD/SUB/ADDS/SUBS (immediate): imm already shifted by LSL #12 if requested.
template <bool SF, bool SUB, bool S> void add_sub_imm(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t a = r[i.rn];
    uint64_t res;
    if constexpr (S) {
        res = SUB ? subs<SF>(a, i.imm, c.st_.nzcv) : adds<SF>(a, i.imm, c.st_.nzcv);
    } else {
        res = SUB ? a - i.imm : a + i.imm;
    }
    r[i.rd] = width<SF>(res);
    next(c);
}

// AND/ORR/EOR/ANDS (immediate): imm is the decoded bitmask.
template <bool SF, unsigned OPC> void logical_imm(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t a = r[i.rn];
    uint64_t res;
    if constexpr (OPC == 0 || OPC == 3) res = a & i.imm;
    else if constexpr (OPC == 1) res = a | i.imm;
    else res = a ^ i.imm;
    res = width<SF>(res);
    if constexpr (OPC == 3) logic_flags<SF>(res, c.st_.nzcv);
    r[i.rd] = res;
    next(c);
}

// MOVN/MOVZ (imm = value already placed), MOVK (imm = imm16, a = shift).
template <bool SF> void movn(core& c, const insn& i) { c.st_.r[i.rd] = width<SF>(~i.imm); next(c); }
inline void movz(core& c, const insn& i) { c.st_.r[i.rd] = i.imm; next(c); }
inline void movk(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t v = (r[i.rd] & ~(0xffffull << i.a)) | (i.imm << i.a);
    r[i.rd] = i.b ? v : uint32_t(v); // b = sf
    next(c);
}

// SBFM/BFM/UBFM: a = immr, b = imms, imm = ones(field width) (C6.2
// "Bitfield move" pseudocode, written as extract/insert cases). EXTRACT
// (imms >= immr: field [imms:immr] to bit 0, LSR/ASR/UBFX/SBFX/UXTB...) or
// insert (field [imms:0] at bit (bits - immr), LSL/UBFIZ...) is chosen by the
// decoder, so that the common aliases run without a test or a mask to build.
template <bool SF, unsigned OPC, bool EXTRACT> void bitfield(core& c, const insn& i) {
    constexpr unsigned bits = SF ? 64 : 32;
    auto& r = c.st_.r;
    const uint64_t src = width<SF>(r[i.rn]);
    const unsigned immr = i.a, imms = i.b;
    const uint64_t wmask = i.imm;
    uint64_t res;
    if constexpr (EXTRACT) {
        const uint64_t field = (src >> immr) & wmask;
        if constexpr (OPC == 0) res = sign_extend(field, imms - immr + 1);
        else if constexpr (OPC == 2) res = field;
        else res = (r[i.rd] & ~wmask) | field;
    } else {
        const unsigned pos = bits - immr;
        const uint64_t field = src & wmask;
        if constexpr (OPC == 0) res = sign_extend(field, imms + 1) << pos;
        else if constexpr (OPC == 2) res = field << pos;
        else res = (r[i.rd] & ~(wmask << pos)) | (field << pos);
    }
    r[i.rd] = width<SF>(res);
    next(c);
}

// EXTR: a = lsb.
template <bool SF> void extr(core& c, const insn& i) {
    auto& r = c.st_.r;
    const unsigned lsb = i.a;
    uint64_t res;
    if constexpr (SF) {
        res = lsb ? (r[i.rm] >> lsb) | (r[i.rn] << (64 - lsb)) : r[i.rm];
    } else {
        const uint64_t cat = (uint64_t(uint32_t(r[i.rn])) << 32) | uint32_t(r[i.rm]);
        res = uint32_t(cat >> lsb);
    }
    r[i.rd] = res;
    next(c);
}

// ---- register ----

// Logical (shifted register): OPC = opc:N (AND BIC ORR ORN EOR EON ANDS BICS),
// SHIFT = shift type (one handler each: no switch on it); a = amount.
template <bool SF, unsigned OPC, unsigned SHIFT> void logical_reg(core& c, const insn& i) {
    auto& r = c.st_.r;
    uint64_t op2 = shift_value<SF>(r[i.rm], SHIFT, i.a);
    if constexpr (OPC & 1) op2 = ~op2;
    const uint64_t a = r[i.rn];
    uint64_t res;
    if constexpr ((OPC >> 1) == 0 || (OPC >> 1) == 3) res = a & op2;
    else if constexpr ((OPC >> 1) == 1) res = a | op2;
    else res = a ^ op2;
    res = width<SF>(res);
    if constexpr ((OPC >> 1) == 3) logic_flags<SF>(res, c.st_.nzcv);
    r[i.rd] = res;
    next(c);
}

// MOV (register) alias fast path: ORR Xd, XZR, Xm.
template <bool SF> void mov_reg(core& c, const insn& i) { c.st_.r[i.rd] = width<SF>(c.st_.r[i.rm]); next(c); }

template <bool SF, bool SUB, bool S> inline void add_sub_common(core& c, const insn& i, uint64_t op2) {
    auto& r = c.st_.r;
    const uint64_t a = r[i.rn];
    uint64_t res;
    if constexpr (S) res = SUB ? subs<SF>(a, op2, c.st_.nzcv) : adds<SF>(a, op2, c.st_.nzcv);
    else res = SUB ? a - op2 : a + op2;
    r[i.rd] = width<SF>(res);
    next(c);
}

// ADD/SUB (shifted register): a = amount, b = shift type.
template <bool SF, bool SUB, bool S> void add_sub_shift(core& c, const insn& i) {
    add_sub_common<SF, SUB, S>(c, i, shift_value<SF>(c.st_.r[i.rm], i.b, i.a));
}

// ADD/SUB (shifted register) with amount 0 (CMP Xn, Xm, the common form).
template <bool SF, bool SUB, bool S> void add_sub_reg(core& c, const insn& i) {
    add_sub_common<SF, SUB, S>(c, i, width<SF>(c.st_.r[i.rm]));
}

// ADD/SUB (extended register): a = shift (0-4), b = option.
template <bool SF, bool SUB, bool S> void add_sub_ext(core& c, const insn& i) {
    add_sub_common<SF, SUB, S>(c, i, extend_value(c.st_.r[i.rm], i.b, i.a));
}

// ADC/SBC(S).
template <bool SF, bool SUB, bool S> void add_sub_carry(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t op2 = SUB ? ~r[i.rm] : r[i.rm];
    const unsigned carry = c.st_.nzcv.c;
    nzcv_flags flags;
    const uint64_t res = add_with_carry<SF>(r[i.rn], op2, carry, flags);
    if constexpr (S) c.st_.nzcv = flags;
    r[i.rd] = width<SF>(res);
    next(c);
}

// CCMN/CCMP (register or immediate): a = cond, b = nzcv if false, imm = imm5
// when IMM.
template <bool SF, bool SUB, bool IMM> void cond_compare(core& c, const insn& i) {
    if (condition_holds(i.a, c.st_.nzcv)) {
        const uint64_t op2 = IMM ? i.imm : c.st_.r[i.rm];
        if constexpr (SUB) subs<SF>(c.st_.r[i.rn], op2, c.st_.nzcv);
        else adds<SF>(c.st_.r[i.rn], op2, c.st_.nzcv);
    } else {
        c.st_.nzcv.set(uint32_t(i.b) << 28);
    }
    next(c);
}

// CSEL/CSINC/CSINV/CSNEG: OP = op:op2<0>, a = cond.
template <bool SF, unsigned OP> void cond_select(core& c, const insn& i) {
    auto& r = c.st_.r;
    uint64_t res;
    if (condition_holds(i.a, c.st_.nzcv)) {
        res = r[i.rn];
    } else {
        res = r[i.rm];
        if constexpr (OP == 1) res = res + 1;
        else if constexpr (OP == 2) res = ~res;
        else if constexpr (OP == 3) res = 0 - res;
    }
    r[i.rd] = width<SF>(res);
    next(c);
}

// UDIV/SDIV: division by zero gives 0; INT_MIN / -1 gives INT_MIN (C6.2 SDIV).
template <bool SF> void udiv(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t n = width<SF>(r[i.rn]), m = width<SF>(r[i.rm]);
    r[i.rd] = m ? n / m : 0;
    next(c);
}
template <bool SF> void sdiv(core& c, const insn& i) {
    auto& r = c.st_.r;
    uint64_t res = 0;
    if constexpr (SF) {
        const int64_t n = int64_t(r[i.rn]), m = int64_t(r[i.rm]);
        if (m == 0) res = 0;
        else if (m == -1) res = 0 - uint64_t(n);
        else res = uint64_t(n / m);
    } else {
        const int32_t n = int32_t(r[i.rn]), m = int32_t(r[i.rm]);
        if (m == 0) res = 0;
        else if (m == -1) res = uint32_t(0u - uint32_t(n));
        else res = uint32_t(n / m);
    }
    r[i.rd] = res;
    next(c);
}

// LSLV/LSRV/ASRV/RORV: the amount is Rm modulo the data size.
template <bool SF, unsigned TYPE> void shift_var(core& c, const insn& i) {
    auto& r = c.st_.r;
    const unsigned amount = unsigned(r[i.rm]) & (SF ? 63 : 31);
    r[i.rd] = shift_value<SF>(r[i.rn], TYPE, amount);
    next(c);
}

template <bool SF> void rbit(core& c, const insn& i) {
    uint64_t v = c.st_.r[i.rn], res = 0;
    for (unsigned b = 0; b < (SF ? 64 : 32); ++b) res |= ((v >> b) & 1) << ((SF ? 63 : 31) - b);
    c.st_.r[i.rd] = res;
    next(c);
}
// REV16 (a = 16), REV32 (a = 32), REV (a = data size).
template <bool SF> void rev(core& c, const insn& i) {
    const uint64_t v = c.st_.r[i.rn];
    uint64_t res;
    if (i.a == 16) {
        res = ((v & 0x00ff00ff00ff00ffull) << 8) | ((v >> 8) & 0x00ff00ff00ff00ffull);
    } else if (i.a == 32) {
        const uint64_t s = __builtin_bswap64(v);
        res = (s << 32) | (s >> 32);
    } else {
        res = SF ? __builtin_bswap64(v) : __builtin_bswap32(uint32_t(v));
    }
    c.st_.r[i.rd] = width<SF>(res);
    next(c);
}
template <bool SF> void clz(core& c, const insn& i) {
    const uint64_t v = width<SF>(c.st_.r[i.rn]);
    if constexpr (SF) c.st_.r[i.rd] = v ? __builtin_clzll(v) : 64;
    else c.st_.r[i.rd] = v ? __builtin_clz(uint32_t(v)) : 32;
    next(c);
}
// CLS: leading bits equal to the sign bit, not counting the sign bit.
template <bool SF> void cls(core& c, const insn& i) {
    const uint64_t v = width<SF>(c.st_.r[i.rn]);
    if constexpr (SF) {
        const uint64_t x = v ^ (v << 1);
        c.st_.r[i.rd] = x ? __builtin_clzll(x) : 63;
    } else {
        const uint32_t w = uint32_t(v), x = w ^ (w << 1);
        c.st_.r[i.rd] = x ? __builtin_clz(x) : 31;
    }
    next(c);
}

// CRC32{B,H,W,X} / CRC32C{B,H,W,X} (FEAT_CRC32): a = log2(bytes) of Rm,
// reflected polynomial 0xEDB88320 (CRC-32) or 0x82F63B78 (CRC-32C).
template <bool CASTAGNOLI> void crc32(core& c, const insn& i) {
    constexpr uint32_t poly = CASTAGNOLI ? 0x82f63b78u : 0xedb88320u;
    uint32_t acc = uint32_t(c.st_.r[i.rn]);
    const uint64_t data = c.st_.r[i.rm];
    const unsigned bytes = 1u << i.a;
    for (unsigned n = 0; n < bytes; ++n) {
        acc ^= uint8_t(data >> (8 * n));
        for (int k = 0; k < 8; ++k) acc = (acc >> 1) ^ (poly & (0u - (acc & 1u)));
    }
    c.st_.r[i.rd] = acc;
    next(c);
}

// MADD/MSUB.
template <bool SF, bool SUB> void madd(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t p = r[i.rn] * r[i.rm];
    r[i.rd] = width<SF>(SUB ? r[i.ra] - p : r[i.ra] + p);
    next(c);
}
// SMADDL/SMSUBL/UMADDL/UMSUBL: 32 x 32 -> 64.
template <bool SIGNED, bool SUB> void madd_long(core& c, const insn& i) {
    auto& r = c.st_.r;
    const uint64_t p = SIGNED ? uint64_t(int64_t(int32_t(r[i.rn])) * int64_t(int32_t(r[i.rm])))
                              : uint64_t(uint32_t(r[i.rn])) * uint32_t(r[i.rm]);
    r[i.rd] = SUB ? r[i.ra] - p : r[i.ra] + p;
    next(c);
}
template <bool SIGNED> void mul_high(core& c, const insn& i) {
    auto& r = c.st_.r;
    if constexpr (SIGNED) r[i.rd] = uint64_t((__int128(int64_t(r[i.rn])) * int64_t(r[i.rm])) >> 64);
    else r[i.rd] = uint64_t((unsigned __int128)(r[i.rn]) * r[i.rm] >> 64);
    next(c);
}

} // namespace vp::cpu::exec
