#include "a64_gen.h"
#include "fp_gen.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu/core.h"

namespace vp::xcheck {

namespace {

// ---- helpers ----

// Sets a source register operand unless the field names XZR (31 without SP
// meaning). A quarter of the time the value is left as the previous
// instruction made it, so that results feed later instructions.
void src(gen_ctx& g, step& s, unsigned field, bool sp_ok = false) {
    if (field == 31 && !sp_ok) return;
    if (s.nset >= 4 || g.r.chance(25)) return;
    s.with(static_cast<uint8_t>(field), g.r.operand());
}
void random_flags(gen_ctx& g, step& s) {
    if (g.r.chance(75)) s.flags(g.r.bits(4) << 28);
}
uint32_t reg(gen_ctx& g) { return g.r.bits(5); }
int64_t sext(uint64_t v, unsigned bits) { return static_cast<int64_t>(v << (64 - bits)) >> (64 - bits); }
// An immediate field, biased toward its extremes.
uint32_t imm_field(gen_ctx& g, unsigned bits) {
    switch (g.r.below(6)) {
    case 0: return 0;
    case 1: return (1u << bits) - 1;
    case 2: return 1u << (bits - 1);           // most negative when signed
    case 3: return (1u << (bits - 1)) - 1;     // most positive when signed
    default: return g.r.bits(bits);
    }
}

// ---- C4.1.92 Data processing -- immediate ----

void gen_adr_adrp(gen_ctx& g) {
    step s;
    s.what = "ADR/ADRP";
    const uint32_t imm = imm_field(g, 21);
    s.raw = g.r.bits(1) << 31 | (imm & 3) << 29 | 0x10u << 24 | (imm >> 2) << 5 | reg(g);
    g.emit(s);
}

void gen_addsub_imm(gen_ctx& g) {
    step s;
    s.what = "ADD/ADDS/SUB/SUBS (immediate)";
    const uint32_t sf = g.r.bits(1), rn = reg(g);
    s.raw = sf << 31 | g.r.bits(1) << 30 | g.r.bits(1) << 29 | 0x22u << 23 | g.r.bits(1) << 22 |
            imm_field(g, 12) << 10 | rn << 5 | reg(g);
    src(g, s, rn, true);
    g.emit(s);
}

// Valid bitmask immediates only (DecodeBitMasks, C6.2 / J1): an element of
// e bits with s+1 ones rotated by immr; all ones in an element is reserved.
void gen_logical_imm(gen_ctx& g) {
    step s;
    s.what = "AND/ORR/EOR/ANDS (immediate)";
    const uint32_t sf = g.r.bits(1), rn = reg(g);
    const unsigned log_e = 1 + g.r.below(sf ? 6 : 5); // 2..64 (32 for sf = 0)
    const unsigned e = 1u << log_e;
    const uint32_t ones = g.r.below(e - 1);          // s: 0 .. e-2
    const uint32_t n = e == 64;
    const uint32_t imms = ((~(2 * e - 1)) & 0x3f) | ones;
    s.raw = sf << 31 | g.r.bits(2) << 29 | 0x24u << 23 | n << 22 | g.r.bits(6) << 16 | imms << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    g.emit(s);
}

void gen_movewide(gen_ctx& g) {
    step s;
    s.what = "MOVN/MOVZ/MOVK";
    static constexpr uint32_t opcs[] = {0, 2, 3}; // opc 01 is unallocated
    const uint32_t sf = g.r.bits(1), rd = reg(g);
    s.raw = sf << 31 | opcs[g.r.below(3)] << 29 | 0x25u << 23 | g.r.bits(sf ? 2 : 1) << 21 | imm_field(g, 16) << 5 |
            rd;
    src(g, s, rd); // MOVK keeps the other bits
    g.emit(s);
}

void gen_bitfield(gen_ctx& g) {
    step s;
    s.what = "SBFM/BFM/UBFM";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rd = reg(g);
    const unsigned width = sf ? 6 : 5; // N == sf; immr/imms < datasize
    s.raw = sf << 31 | g.r.below(3) << 29 | 0x26u << 23 | sf << 22 | g.r.bits(width) << 16 | g.r.bits(width) << 10 |
            rn << 5 | rd;
    src(g, s, rn);
    src(g, s, rd); // BFM inserts into Rd
    g.emit(s);
}

void gen_extract(gen_ctx& g) {
    step s;
    s.what = "EXTR";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = g.r.chance(20) ? rn : reg(g);
    s.raw = sf << 31 | 0x27u << 23 | sf << 22 | rm << 16 | g.r.bits(sf ? 6 : 5) << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    src(g, s, rm);
    g.emit(s);
}

// ---- C4.1.95 Data processing -- register ----

void gen_logical_shifted(gen_ctx& g) {
    step s;
    s.what = "AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register)";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | g.r.bits(2) << 29 | 0x0Au << 24 | g.r.bits(2) << 22 | g.r.bits(1) << 21 | rm << 16 |
            g.r.bits(sf ? 6 : 5) << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    src(g, s, rm);
    g.emit(s);
}

void gen_addsub_shifted(gen_ctx& g) {
    step s;
    s.what = "ADD/ADDS/SUB/SUBS (shifted register)";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | g.r.bits(1) << 30 | g.r.bits(1) << 29 | 0x0Bu << 24 | g.r.below(3) << 22 | rm << 16 |
            g.r.bits(sf ? 6 : 5) << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    src(g, s, rm);
    g.emit(s);
}

void gen_addsub_extended(gen_ctx& g) {
    step s;
    s.what = "ADD/ADDS/SUB/SUBS (extended register)";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | g.r.bits(1) << 30 | g.r.bits(1) << 29 | 0x0Bu << 24 | 1u << 21 | rm << 16 | g.r.bits(3) << 13 |
            g.r.below(5) << 10 | rn << 5 | reg(g);
    src(g, s, rn, true);
    src(g, s, rm);
    g.emit(s);
}

void gen_adc_sbc(gen_ctx& g) {
    step s;
    s.what = "ADC/ADCS/SBC/SBCS";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | g.r.bits(1) << 30 | g.r.bits(1) << 29 | 0xD0u << 21 | rm << 16 | rn << 5 | reg(g);
    src(g, s, rn);
    src(g, s, rm);
    random_flags(g, s);
    g.emit(s);
}

void gen_cond_compare(gen_ctx& g) {
    step s;
    s.what = "CCMN/CCMP (register, immediate)";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g), imm = g.r.bits(1);
    s.raw = sf << 31 | g.r.bits(1) << 30 | 1u << 29 | 0xD2u << 21 | rm << 16 | g.r.bits(4) << 12 | imm << 11 | rn << 5 |
            g.r.bits(4);
    src(g, s, rn);
    if (!imm) src(g, s, rm);
    random_flags(g, s);
    g.emit(s);
}

void gen_cond_select(gen_ctx& g) {
    step s;
    s.what = "CSEL/CSINC/CSINV/CSNEG";
    const uint32_t sf = g.r.bits(1), rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | g.r.bits(1) << 30 | 0xD4u << 21 | rm << 16 | g.r.bits(4) << 12 | g.r.bits(1) << 10 | rn << 5 |
            reg(g);
    src(g, s, rn);
    src(g, s, rm);
    random_flags(g, s);
    g.emit(s);
}

void gen_dp3(gen_ctx& g) {
    step s;
    s.what = "MADD/MSUB/SMADDL/SMSUBL/SMULH/UMADDL/UMSUBL/UMULH";
    // {op31, o0 allowed, 64-bit only, Ra must be 31}
    static constexpr struct { uint32_t op31; bool o0; bool only64; bool ra31; } forms[] = {
        {0, true, false, false}, {1, true, true, false}, {2, false, true, true},
        {5, true, true, false},  {6, false, true, true}};
    const auto& f = forms[g.r.below(5)];
    const uint32_t sf = f.only64 ? 1 : g.r.bits(1), rn = reg(g), rm = reg(g), ra = f.ra31 ? 31 : reg(g);
    s.raw = sf << 31 | 0x1Bu << 24 | f.op31 << 21 | rm << 16 | (f.o0 ? g.r.bits(1) : 0) << 15 | ra << 10 | rn << 5 |
            reg(g);
    src(g, s, rn);
    src(g, s, rm);
    src(g, s, ra);
    g.emit(s);
}

void gen_dp2(gen_ctx& g) {
    step s;
    s.what = "UDIV/SDIV/LSLV/LSRV/ASRV/RORV/CRC32*/CRC32C*";
    static constexpr uint32_t opcodes[] = {2, 3, 8, 9, 10, 11};
    uint32_t sf = g.r.bits(1), opcode;
    if (g.r.chance(25)) { // CRC32{B,H,W,X}, CRC32C{B,H,W,X}: opcode 010 C sz, X (sz 11) only with sf = 1
        const uint32_t sz = g.r.bits(2);
        sf = sz == 3;
        opcode = 0x10u | g.r.bits(1) << 2 | sz;
    } else {
        opcode = opcodes[g.r.below(6)];
    }
    const uint32_t rn = reg(g), rm = reg(g);
    s.raw = sf << 31 | 0xD6u << 21 | rm << 16 | opcode << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    src(g, s, rm);
    g.emit(s);
}

void gen_dp1(gen_ctx& g) {
    step s;
    s.what = "RBIT/REV16/REV32/REV/CLZ/CLS";
    const uint32_t sf = g.r.bits(1), rn = reg(g);
    uint32_t opcode = g.r.below(6);
    if (!sf && opcode == 3) opcode = 2; // REV (64-bit only) -> REV (32-bit)
    s.raw = sf << 31 | 1u << 30 | 0xD6u << 21 | opcode << 10 | rn << 5 | reg(g);
    src(g, s, rn);
    g.emit(s);
}

// ---- C4.1.94 Loads and stores ----

// A (size, opc) pair of the single-register load/store forms.
// C4.1.94.x: opc 00 store, 01 load, 10 load signed to 64 bits (PRFM for size
// 11), 11 load signed to 32 bits (sizes 00/01 only).
struct ls_form {
    uint32_t size, opc;
    bool load() const { return opc != 0; }
    unsigned bytes() const { return 1u << size; }
};
ls_form pick_ls_form(gen_ctx& g) {
    for (;;) {
        const ls_form f{g.r.bits(2), g.r.bits(2)};
        if (f.size == 3 && f.opc >= 2) continue; // PRFM / unallocated
        if (f.size == 2 && f.opc == 3) continue; // unallocated
        return f;
    }
}
// The base register (SP when 31) gets `base`.
void set_base(step& s, uint32_t rn, uint64_t base) { s.with(static_cast<uint8_t>(rn == 31 ? uint32_t(setup_sp) : rn), base); }
// The value a store writes (unless XZR, or the base itself).
void set_store_data(gen_ctx& g, step& s, uint32_t rt, uint32_t rn) {
    if (rt != 31 && rt != rn) s.with(static_cast<uint8_t>(rt), g.r.operand());
}

void gen_ldst_unsigned_imm(gen_ctx& g) {
    step s;
    s.what = "LDR/STR (unsigned offset)";
    const ls_form f = pick_ls_form(g);
    const uint32_t rn = reg(g), rt = reg(g);
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    const uint32_t imm12 = g.r.chance(30) ? 0 : g.r.bits(12);
    s.raw = f.size << 30 | 0x39u << 24 | f.opc << 22 | imm12 << 10 | rn << 5 | rt;
    set_base(s, rn, addr - (uint64_t(imm12) << f.size));
    if (!f.load()) set_store_data(g, s, rt, rn);
    g.emit(s);
}

// Unscaled (00), post-index (01), unprivileged (10), pre-index (11).
void gen_ldst_imm9(gen_ctx& g, uint32_t mode) {
    static const char* const names[] = {"LDUR/STUR (unscaled)", "LDR/STR (post-index)", "LDTR/STTR (unprivileged)",
                                        "LDR/STR (pre-index)"};
    step s;
    s.what = names[mode];
    const ls_form f = pick_ls_form(g);
    const bool writeback = mode == 1 || mode == 3;
    const uint32_t rn = reg(g);
    uint32_t rt = reg(g);
    // C6.2: writeback with Rt == Rn (not SP) is CONSTRAINED UNPREDICTABLE.
    while (writeback && rt == rn && rn != 31) rt = reg(g);
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    const uint32_t imm9 = imm_field(g, 9);
    const int64_t off = sext(imm9, 9);
    s.raw = f.size << 30 | 0x38u << 24 | f.opc << 22 | imm9 << 12 | mode << 10 | rn << 5 | rt;
    set_base(s, rn, mode == 1 ? addr : addr - static_cast<uint64_t>(off));
    if (!f.load()) set_store_data(g, s, rt, rn);
    g.emit(s);
}
void gen_ldst_unscaled(gen_ctx& g) { gen_ldst_imm9(g, 0); }
void gen_ldst_post(gen_ctx& g) { gen_ldst_imm9(g, 1); }
void gen_ldst_unpriv(gen_ctx& g) { gen_ldst_imm9(g, 2); }
void gen_ldst_pre(gen_ctx& g) { gen_ldst_imm9(g, 3); }

uint64_t extend_reg(uint64_t v, uint32_t option) {
    switch (option) {
    case 2: return static_cast<uint32_t>(v);                                        // UXTW
    case 6: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); // SXTW
    default: return v;                                                              // LSL/UXTX, SXTX
    }
}

void gen_ldst_regoff(gen_ctx& g) {
    step s;
    s.what = "LDR/STR (register offset)";
    static constexpr uint32_t options[] = {2, 3, 6, 7}; // option<1> == 0 is unallocated
    const ls_form f = pick_ls_form(g);
    const uint32_t rn = reg(g), rt = reg(g), option = options[g.r.below(4)], shift = g.r.bits(1);
    uint32_t rm = reg(g);
    while (rm == rn) rm = reg(g); // keeps the base computable from the offset
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    // Small offsets (both signs) or any 64-bit pattern (the base wraps).
    const uint64_t rm_value = rm == 31 ? 0 : g.r.chance(50) ? g.r.operand() : static_cast<uint64_t>(sext(g.r.bits(12), 12));
    const uint64_t off = extend_reg(rm_value, option) << (shift ? f.size : 0);
    s.raw = f.size << 30 | 0x38u << 24 | f.opc << 22 | 1u << 21 | rm << 16 | option << 13 | shift << 12 | 2u << 10 |
            rn << 5 | rt;
    set_base(s, rn, addr - off);
    if (rm != 31) s.with(static_cast<uint8_t>(rm), rm_value);
    if (!f.load() && rt != rm) set_store_data(g, s, rt, rn);
    g.emit(s);
}

void gen_ld_literal(gen_ctx& g) {
    step s;
    s.what = "LDR/LDRSW (literal)";
    const uint32_t opc = g.r.below(3); // 11 is PRFM (prfm class)
    uint32_t imm19 = imm_field(g, 19);
    // Device memory: the 8-byte LDR X needs an 8-byte aligned literal.
    if (opc == 1 && ((g.pc() + 4 * static_cast<uint64_t>(sext(imm19, 19))) & 7)) imm19 ^= 1;
    s.raw = opc << 30 | 0x18u << 24 | imm19 << 5 | reg(g);
    g.emit(s);
}

// Pairs: non-temporal (000), post-index (001), signed offset (010), pre-index (011).
void gen_ldst_pair_mode(gen_ctx& g, uint32_t mode) {
    static const char* const names[] = {"LDNP/STNP", "LDP/STP/LDPSW (post-index)", "LDP/STP/LDPSW (signed offset)",
                                        "LDP/STP/LDPSW (pre-index)"};
    step s;
    s.what = names[mode];
    const uint32_t l = g.r.bits(1);
    uint32_t opc = g.r.below(3);
    if (opc == 1 && (!l || mode == 0)) opc = 2; // LDPSW: loads only, no non-temporal form
    const bool writeback = mode == 1 || mode == 3;
    const uint32_t rn = reg(g);
    uint32_t rt, rt2;
    for (;;) {
        rt = reg(g);
        rt2 = reg(g);
        if (l && rt == rt2) continue;                                          // C6.2 LDP: UNPREDICTABLE
        if (writeback && rn != 31 && (rt == rn || rt2 == rn)) continue;         // writeback overlap
        break;
    }
    const unsigned bytes = opc == 2 ? 8 : 4;
    const uint64_t addr = g.data_addr(2 * bytes, bytes);
    const uint32_t imm7 = imm_field(g, 7);
    const int64_t off = sext(imm7, 7) * bytes;
    s.raw = opc << 30 | 0x5u << 27 | mode << 23 | l << 22 | imm7 << 15 | rt2 << 10 | rn << 5 | rt;
    set_base(s, rn, mode == 1 ? addr : addr - static_cast<uint64_t>(off));
    if (!l) {
        set_store_data(g, s, rt, rn);
        if (rt2 != rt) set_store_data(g, s, rt2, rn);
    }
    g.emit(s);
}
void gen_ldst_pair_nt(gen_ctx& g) { gen_ldst_pair_mode(g, 0); }
void gen_ldst_pair_post(gen_ctx& g) { gen_ldst_pair_mode(g, 1); }
void gen_ldst_pair_off(gen_ctx& g) { gen_ldst_pair_mode(g, 2); }
void gen_ldst_pair_pre(gen_ctx& g) { gen_ldst_pair_mode(g, 3); }

constexpr uint32_t clrex = 0xD5033F5F; // CLREX #15

// Exclusive groups (B2.9 local monitor):
//   LDXR; STXR              -> the store succeeds (status 0)
//   CLREX; STXR             -> fails (status 1), memory unchanged
//   LDXR; CLREX; STXR       -> fails
// in every size, single and pair, with and without acquire/release.
// Same address and size only: a mismatch is IMPLEMENTATION DEFINED.
void gen_exclusive(gen_ctx& g) {
    const bool pair = g.r.chance(35);
    const uint32_t size = pair ? 2 + g.r.bits(1) : g.r.bits(2);
    const unsigned total = pair ? 2u << size : 1u << size;
    const uint64_t addr = g.data_addr(total, total); // exclusives need natural alignment of the whole
    const uint32_t rn = reg(g);
    auto enc = [&](uint32_t l, uint32_t o0, uint32_t rs, uint32_t rt2, uint32_t rt) {
        return size << 30 | 0x08u << 24 | l << 22 | (pair ? 1u : 0u) << 21 | rs << 16 | o0 << 15 | rt2 << 10 | rn << 5 |
               rt;
    };
    const unsigned kind = g.r.below(3);
    // The load: Rt, Rt2 distinct and not the base (the store reuses it).
    if (kind != 1) {
        uint32_t rt, rt2;
        do {
            rt = reg(g);
            rt2 = pair ? reg(g) : 31;
        } while ((pair && rt == rt2) || (rn != 31 && (rt == rn || (pair && rt2 == rn))));
        step ld;
        ld.what = pair ? "LDXP/LDAXP" : "LDXR/LDAXR";
        ld.raw = enc(1, g.r.bits(1), 31, rt2, rt);
        set_base(ld, rn, addr);
        g.emit(ld);
    }
    if (kind != 0) {
        step c;
        c.what = "CLREX";
        c.raw = clrex;
        if (kind == 1) set_base(c, rn, addr);
        g.emit(c);
    }
    uint32_t rs, rt, rt2;
    do { // C6.2 STXR: Rs must differ from Rt, Rt2 and Rn (unless SP)
        rs = reg(g);
        rt = reg(g);
        rt2 = pair ? reg(g) : 31;
    } while (rs == rt || (pair && rs == rt2) || (rn != 31 && rs == rn));
    step st;
    st.what = pair ? "STXP/STLXP" : "STXR/STLXR";
    st.raw = enc(0, g.r.bits(1), rs, rt2, rt);
    set_store_data(g, st, rt, rn);
    if (pair && rt2 != rt) set_store_data(g, st, rt2, rn);
    g.emit(st);
}

void gen_acquire_release(gen_ctx& g) {
    step s;
    const uint32_t size = g.r.bits(2), l = g.r.bits(1), rn = reg(g), rt = reg(g);
    s.what = l ? "LDAR" : "STLR";
    const uint64_t addr = g.data_addr(1u << size, 1u << size);
    s.raw = size << 30 | 0x08u << 24 | 1u << 23 | l << 22 | 31u << 16 | 1u << 15 | 31u << 10 | rn << 5 | rt;
    set_base(s, rn, addr);
    if (!l) set_store_data(g, s, rt, rn);
    g.emit(s);
}

// PRFM never faults and has no architectural effect (C6.2 PRFM): any base,
// any prfop (unallocated prfops are NOPs too).
void gen_prfm(gen_ctx& g) {
    step s;
    s.what = "PRFM/PRFUM";
    const uint32_t rn = reg(g), prfop = reg(g);
    switch (g.r.below(4)) {
    case 0: s.raw = 0xF9800000u | g.r.bits(12) << 10 | rn << 5 | prfop; break;                    // immediate
    case 1: s.raw = 0xD8000000u | g.r.bits(19) << 5 | prfop; break;                               // literal
    case 2: s.raw = 0xF8A00800u | reg(g) << 16 | (2 + 4 * g.r.bits(1) + g.r.bits(1)) << 13 |     // register
                    g.r.bits(1) << 12 | rn << 5 | prfop; break;
    default: s.raw = 0xF8800000u | g.r.bits(9) << 12 | rn << 5 | prfop; break;                    // unscaled
    }
    src(g, s, rn, true);
    src(g, s, (s.raw >> 16) & 31);
    g.emit(s);
}

// DC ZVA (C5.3, D4.4.8 in DDI 0487): zeroes the naturally aligned block of
// 4 << DCZID_EL0.BS bytes (64 on both) holding Xt. Normal memory only: to
// Device memory it takes an Alignment fault (test_unicorn_align checks that),
// so this class runs in the HCR_EL2.DC = 1 configuration.
void gen_dc_zva(gen_ctx& g) {
    step s;
    s.what = "DC ZVA";
    uint32_t rt = reg(g);
    while (rt == 31) rt = reg(g);
    s.raw = 0xD50B7420u | rt;
    s.with(static_cast<uint8_t>(rt), g.data_addr(1, 1));
    g.emit(s);
}

// ---- C4.1.93 Branches ----

void gen_b_bl(gen_ctx& g) {
    step s;
    const uint32_t link = g.r.bits(1);
    s.what = link ? "BL" : "B";
    const uint32_t imm26 = g.r.chance(40) ? g.r.bits(26) : g.r.chance(50) ? imm_field(g, 26) : g.r.bits(8) - 128u;
    s.raw = link << 31 | 0x05u << 26 | (imm26 & 0x3ffffff);
    src(g, s, 30); // BL overwrites X30
    g.emit(s);
}

void gen_bcond(gen_ctx& g) {
    step s;
    s.what = "B.cond";
    s.raw = 0x54000000u | imm_field(g, 19) << 5 | g.r.bits(4);
    s.flags(g.r.bits(4) << 28);
    g.emit(s);
}

void gen_cbz(gen_ctx& g) {
    step s;
    s.what = "CBZ/CBNZ";
    const uint32_t rt = reg(g);
    s.raw = g.r.bits(1) << 31 | 0x1Au << 25 | g.r.bits(1) << 24 | imm_field(g, 19) << 5 | rt;
    if (rt != 31) s.with(static_cast<uint8_t>(rt), g.r.chance(30) ? (g.r.chance(50) ? 0 : g.r.next() << 32) : g.r.operand());
    g.emit(s);
}

void gen_tbz(gen_ctx& g) {
    step s;
    s.what = "TBZ/TBNZ";
    const uint32_t rt = reg(g), bit = g.r.bits(6);
    s.raw = (bit >> 5) << 31 | 0x1Bu << 25 | g.r.bits(1) << 24 | (bit & 31) << 19 | imm_field(g, 14) << 5 | rt;
    if (rt != 31) s.with(static_cast<uint8_t>(rt), g.r.chance(30) ? (g.r.next() ^ (1ull << bit)) : g.r.operand());
    g.emit(s);
}

void gen_branch_reg(gen_ctx& g) {
    step s;
    static const char* const names[] = {"BR", "BLR", "RET"};
    const uint32_t opc = g.r.below(3), rn = opc == 2 && g.r.chance(60) ? 30 : reg(g);
    s.what = names[opc];
    s.raw = 0xD61F0000u | opc << 21 | rn << 5;
    // A 4-aligned target in RAM (near the branch, or anywhere).
    const uint64_t target = g.r.chance(50) ? g.pc() + 4 * static_cast<uint64_t>(sext(g.r.bits(12), 12))
                                           : layout::ram_base + 4 * (g.r.next() % (layout::ram_size / 4));
    if (rn != 31) s.with(static_cast<uint8_t>(rn), target);
    if (rn != 30) src(g, s, 30);
    g.emit(s);
}

// ---- Decode spaces: any 32-bit word of an encoding group (C4.1) ----
// Allocated and unallocated encodings alike: our decoder must accept exactly
// what Unicorn's (an ARMv8.0 Cortex-A53 with CRC32) accepts. System
// instructions, exception generation and ERET/DRPS are left out (they
// depend on the exception model, which Unicorn does not expose).
void gen_space_dp_imm(gen_ctx& g) {
    step s;
    s.what = "random word, data processing -- immediate";
    s.raw = (static_cast<uint32_t>(g.r.next()) & ~(7u << 26)) | 4u << 26; // op0 = 100x
    random_flags(g, s);
    g.emit(s);
}
void gen_space_dp_reg(gen_ctx& g) {
    step s;
    s.what = "random word, data processing -- register";
    s.raw = (static_cast<uint32_t>(g.r.next()) & ~(7u << 25)) | 5u << 25; // op0 = x101
    random_flags(g, s);
    g.emit(s);
}
void gen_space_branch(gen_ctx& g) {
    step s;
    s.what = "random word, branches";
    for (;;) {
        s.raw = (static_cast<uint32_t>(g.r.next()) & ~(7u << 26)) | 5u << 26; // op0 = 101x
        if ((s.raw >> 22) == 0x354) continue;                              // system
        if ((s.raw >> 24) == 0xD4) continue;                               // exception generation
        if ((s.raw >> 21) == 0x6B4 || (s.raw >> 21) == 0x6B5) continue;    // ERET, DRPS
        break;
    }
    // Register branches to somewhere mapped (or not: any value is legal).
    const unsigned rn = (s.raw >> 5) & 31;
    if (rn != 31 && g.r.chance(70))
        s.with(static_cast<uint8_t>(rn), layout::ram_base + 4 * (g.r.next() % (layout::ram_size / 4)));
    random_flags(g, s);
    g.emit(s);
}

// CONSTRAINED UNPREDICTABLE corners of the load/store group (C6.2 of each
// instruction), where the two implementations may legitimately differ.
bool ldst_unpredictable(uint32_t w) {
    const uint32_t rt = w & 31, rn = (w >> 5) & 31, rt2 = (w >> 10) & 31, rs = (w >> 16) & 31;
    const bool load = (w >> 22) & 1;
    if (((w >> 27) & 7) == 5 && !((w >> 26) & 1)) { // pairs
        const bool writeback = ((w >> 23) & 1) != 0;    // post (01) and pre (11) index
        if (load && rt == rt2) return true;
        if (writeback && rn != 31 && (rt == rn || rt2 == rn)) return true;
    }
    if (((w >> 27) & 7) == 7 && ((w >> 24) & 3) == 0 && !((w >> 21) & 1)) { // imm9 forms
        const uint32_t mode = (w >> 10) & 3;
        if ((mode == 1 || mode == 3) && rn != 31 && rt == rn) return true;
    }
    if (((w >> 24) & 0x3f) == 0x08) { // exclusives, LDAR/STLR (and v8.1 forms)
        const bool o2 = (w >> 23) & 1, o1 = (w >> 21) & 1;
        if (!o2) {
            if (!o1 && rt2 != 31) return true;                     // Rt2 should be ones
            if (load && rs != 31) return true;                     // Rs should be ones
            if (load && o1 && rt == rt2) return true;              // LDXP Rt == Rt2
            if (!load && (rs == rt || (o1 && rs == rt2) || (rs == rn && rn != 31))) return true;
        } else if (!o1 && (rs != 31 || rt2 != 31)) {
            return true; // LDAR/STLR: Rs, Rt2 should be ones
        }
    }
    return false;
}

// Any word of the integer load/store group (op0 = x1x0, V = 0): the base is
// pointed at the data window, a register offset (bits 20:16) is small, so
// most accesses land in RAM; one outside RAM must be an external abort on
// ours where Unicorn reports an unmapped access. Runs with HCR_EL2.DC = 1
// (Normal memory: Unicorn does not model alignment faults).
void gen_space_ldst(gen_ctx& g) {
    // The local monitor's state after the previous random words (and the
    // data window refill) is outside the architecture's defined behaviour:
    // start from Open Access state on both.
    step c;
    c.what = "CLREX";
    c.raw = clrex;
    g.emit(c);
    step s;
    s.what = "random word, loads and stores";
    do {
        s.raw = (static_cast<uint32_t>(g.r.next()) & ~(0xeu << 24)) | 0x8u << 24; // bit 27 = 1, 26 (V) = 0, 25 = 0
    } while (ldst_unpredictable(s.raw));
    const uint32_t rn = (s.raw >> 5) & 31, rm = (s.raw >> 16) & 31, rt = s.raw & 31, rt2 = (s.raw >> 10) & 31;
    if (rm != 31) s.with(static_cast<uint8_t>(rm), g.r.bits(8));
    if (rt != 31) s.with(static_cast<uint8_t>(rt), g.r.operand());
    if (rt2 != 31) s.with(static_cast<uint8_t>(rt2), g.r.operand());
    set_base(s, rn, layout::data_base + layout::data_size / 2); // last: the base wins
    g.emit(s);
}

void gen_mixed(gen_ctx& g);

} // namespace

const std::vector<encoding_class>& encoding_classes() {
    using k = block_kind;
    static const std::vector<encoding_class> classes = {
        // Data processing -- immediate (C4.1.92)
        {"adr_adrp", "C4.1.92.1", gen_adr_adrp, k::straight, false, 40000},
        {"addsub_imm", "C4.1.92.4", gen_addsub_imm, k::straight, false, 80000},
        {"logical_imm", "C4.1.92.6", gen_logical_imm, k::straight, false, 80000},
        {"movewide", "C4.1.92.7", gen_movewide, k::straight, false, 40000},
        {"bitfield", "C4.1.92.8", gen_bitfield, k::straight, false, 80000},
        {"extract", "C4.1.92.9", gen_extract, k::straight, false, 40000},
        // Data processing -- register (C4.1.95)
        {"logical_shifted", "C4.1.95.12", gen_logical_shifted, k::straight, false, 80000},
        {"addsub_shifted", "C4.1.95.13", gen_addsub_shifted, k::straight, false, 80000},
        {"addsub_extended", "C4.1.95.14", gen_addsub_extended, k::straight, false, 80000},
        {"adc_sbc", "C4.1.95.15", gen_adc_sbc, k::straight, false, 60000},
        {"cond_compare", "C4.1.95.18/19", gen_cond_compare, k::straight, false, 60000},
        {"cond_select", "C4.1.95.20", gen_cond_select, k::straight, false, 60000},
        {"dp3", "C4.1.95.21", gen_dp3, k::straight, false, 80000},
        {"dp2", "C4.1.95.10", gen_dp2, k::straight, false, 80000},
        {"dp1", "C4.1.95.11", gen_dp1, k::straight, false, 60000},
        // Loads and stores (C4.1.94)
        {"ld_literal", "C4.1.94.8", gen_ld_literal, k::straight, false, 20000},
        {"exclusive", "C4.1.94.6", gen_exclusive, k::straight, true, 20000},
        {"acquire_release", "C4.1.94.6", gen_acquire_release, k::straight, true, 20000},
        {"ldst_pair_nt", "C4.1.94.10", gen_ldst_pair_nt, k::straight, true, 20000},
        {"ldst_pair_post", "C4.1.94.11", gen_ldst_pair_post, k::straight, true, 20000},
        {"ldst_pair_offset", "C4.1.94.12", gen_ldst_pair_off, k::straight, true, 20000},
        {"ldst_pair_pre", "C4.1.94.13", gen_ldst_pair_pre, k::straight, true, 20000},
        {"ldst_unscaled", "C4.1.94.15", gen_ldst_unscaled, k::straight, true, 20000},
        {"ldst_post", "C4.1.94.16", gen_ldst_post, k::straight, true, 20000},
        {"ldst_unpriv", "C4.1.94.17", gen_ldst_unpriv, k::straight, true, 20000},
        {"ldst_pre", "C4.1.94.18", gen_ldst_pre, k::straight, true, 20000},
        {"ldst_regoff", "C4.1.94.20", gen_ldst_regoff, k::straight, true, 30000},
        {"ldst_unsigned", "C4.1.94.22", gen_ldst_unsigned_imm, k::straight, true, 30000},
        {"prfm", "C6.2 PRFM", gen_prfm, k::straight, false, 10000},
        {"dc_zva", "C6.2 DC ZVA", gen_dc_zva, k::straight, true, 10000}, // Normal memory only
        // Branches (C4.1.93)
        {"b_bl", "C4.1.93.4", gen_b_bl, k::branch, false, 10000},
        {"bcond", "C4.1.93.1", gen_bcond, k::branch, false, 10000},
        {"cbz_cbnz", "C4.1.93.5", gen_cbz, k::branch, false, 10000},
        {"tbz_tbnz", "C4.1.93.6", gen_tbz, k::branch, false, 10000},
        {"br_blr_ret", "C4.1.93.3", gen_branch_reg, k::branch, false, 10000},
        // Whole encoding spaces, allocated or not (C4.1)
        {"space_dp_imm", "C4.1.92", gen_space_dp_imm, k::decode, false, 30000},
        {"space_dp_reg", "C4.1.95", gen_space_dp_reg, k::decode, false, 30000},
        {"space_branch", "C4.1.93", gen_space_branch, k::decode, false, 20000},
        {"space_ldst", "C4.1.94", gen_space_ldst, k::decode, true, 60000}, // CLREX + word; Normal memory only
        // All straight-line classes interleaved: results, flags and the
        // exclusive monitor flow from one class into the next.
        {"mixed", "C4.1", gen_mixed, k::straight, true, 100000},
    };
    return classes;
}

namespace {
void gen_mixed(gen_ctx& g) {
    static const std::vector<generator> gens = [] {
        std::vector<generator> v;
        for (const auto& c : encoding_classes())
            if (c.kind == block_kind::straight && c.gen != &gen_mixed && c.gen != &gen_dc_zva) v.push_back(c.gen);
        return v;
    }();
    gens[g.r.below(static_cast<uint32_t>(gens.size()))](g);
}
} // namespace

const encoding_class& find_class(const char* name) {
    for (const auto* table :
         {&encoding_classes(), &simd_ldst_encoding_classes(), &simd_encoding_classes(), &fp_encoding_classes()})
        for (const auto& c : *table)
            if (std::strcmp(c.name, name) == 0) return c;
    throw std::invalid_argument(name);
}

mismatch_report run_class(const encoding_class& c, const run_options& o) {
    const uint64_t count = o.count ? o.count : c.default_count * env_scale();
    const std::string name =
        std::string(c.name) + (o.stage1 ? "/stage1" : o.normal_misaligned ? "/normal_misaligned" : "");
    const uint64_t seed = class_seed(env_seed(), name.c_str());
    rng r(seed);
    lockstep ls;
    if (o.stage1) ls.use_stage1();
    else if (o.normal_misaligned) ls.use_normal_memory();
    std::vector<step> steps;
    steps.reserve(64);
    uint64_t ring = layout::ring_base;
    uint64_t generated = 0, slot = 0;
    constexpr std::size_t block_len = 32;
    while (generated < count) {
        steps.clear();
        ls.begin_block(r, c.memory);
        uint64_t at;
        if (c.kind == block_kind::straight) {
            if (ring + 4 * (block_len + 8) + 64 > layout::ring_base + layout::ring_size) ring = layout::ring_base;
            at = ring;
            gen_ctx g(r, at, steps);
            g.misaligned = o.normal_misaligned || o.stage1;
            while (steps.size() < block_len) c.gen(g);
            ring += 4 * steps.size() + 16; // a gap between blocks
        } else { // branch, decode: one step in the branch slot
            // Consecutive slots, so that a default-size run never rewrites a
            // slot (longer runs do, and exercise code rewriting as well).
            at = layout::branch_slot + 4 * (slot % (1u << 18));
            gen_ctx g(r, at, steps);
            c.gen(g);
            slot += steps.size();
        }
        generated += steps.size();
        ls.run_block(steps, at, c.memory, c.kind == block_kind::decode);
    }
    ls.print_summary(name.c_str(), seed);
    return ls.report();
}

} // namespace vp::xcheck
