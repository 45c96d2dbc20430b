// Encoding generators for the SIMD&FP loads and stores (C4.1.4 with V = 1):
// LDR/STR of B/H/S/D/Q in every addressing form, LDR literal, LDP/STP/LDNP/
// STNP, LD1-LD4/ST1-ST4 multiple and single structure, LD1R-LD4R, with and
// without post-index. Accesses land element-aligned in the data window
// (Unicorn does not fault misaligned accesses; our EL1 data accesses are
// Device memory without HCR_EL2.DC), except in the Normal-memory runs.
#include "a64_gen.h"

namespace vp::xcheck {
namespace {

uint32_t reg(gen_ctx& g) { return g.r.bits(5); }
int64_t sext(uint64_t v, unsigned bits) { return static_cast<int64_t>(v << (64 - bits)) >> (64 - bits); }
void set_base(step& s, uint32_t rn, uint64_t base) { s.with(static_cast<uint8_t>(rn == 31 ? uint32_t(setup_sp) : rn), base); }

// size:opc of a single-register SIMD&FP access: B, H, S, D (size 0-3,
// opc 0x) or Q (size 0, opc 1x); opc<0> = load.
struct vform {
    uint32_t size, opc;
    unsigned bytes() const { return (opc & 2) ? 16 : 1u << size; }
    unsigned scale() const { return (opc & 2) ? 4 : size; }
};
vform pick_vform(gen_ctx& g) {
    const uint32_t l = g.r.bits(1);
    if (g.r.chance(25)) return {0, 2 | l};
    return {g.r.bits(2), l};
}

void gen_vldst_unsigned(gen_ctx& g) {
    step s;
    s.what = "LDR/STR SIMD&FP (unsigned offset)";
    const vform f = pick_vform(g);
    const uint32_t rn = reg(g), imm12 = g.r.chance(30) ? 0 : g.r.bits(12);
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    s.raw = f.size << 30 | 0x3du << 24 | f.opc << 22 | imm12 << 10 | rn << 5 | reg(g);
    set_base(s, rn, addr - (uint64_t(imm12) << f.scale()));
    g.emit(s);
}

// Unscaled (00), post-index (01), pre-index (11).
void gen_vldst_imm9(gen_ctx& g) {
    static const uint32_t modes[] = {0, 1, 3};
    static const char* const names[] = {"LDUR/STUR SIMD&FP", "LDR/STR SIMD&FP (post-index)", "",
                                        "LDR/STR SIMD&FP (pre-index)"};
    step s;
    const uint32_t mode = modes[g.r.below(3)];
    s.what = names[mode];
    const vform f = pick_vform(g);
    const uint32_t rn = reg(g), imm9 = g.r.bits(9);
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    s.raw = f.size << 30 | 0x3cu << 24 | f.opc << 22 | imm9 << 12 | mode << 10 | rn << 5 | reg(g);
    set_base(s, rn, mode == 1 ? addr : addr - static_cast<uint64_t>(sext(imm9, 9)));
    g.emit(s);
}

void gen_vldst_regoff(gen_ctx& g) {
    step s;
    s.what = "LDR/STR SIMD&FP (register offset)";
    static constexpr uint32_t options[] = {2, 3, 6, 7};
    const vform f = pick_vform(g);
    const uint32_t rn = reg(g), option = options[g.r.below(4)], shift = g.r.bits(1);
    uint32_t rm = reg(g);
    while (rm == rn) rm = reg(g);
    const uint64_t addr = g.data_addr(f.bytes(), f.bytes());
    const uint64_t rm_value = rm == 31 ? 0 : static_cast<uint64_t>(sext(g.r.bits(10), 10));
    uint64_t off = rm_value;
    if (option == 2) off = static_cast<uint32_t>(rm_value);
    if (option == 6) off = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rm_value)));
    off <<= shift ? f.scale() : 0;
    s.raw = f.size << 30 | 0x3cu << 24 | f.opc << 22 | 1u << 21 | rm << 16 | option << 13 | shift << 12 | 2u << 10 |
            rn << 5 | reg(g);
    set_base(s, rn, addr - off);
    if (rm != 31) s.with(static_cast<uint8_t>(rm), rm_value);
    g.emit(s);
}

void gen_vld_literal(gen_ctx& g) {
    step s;
    s.what = "LDR SIMD&FP (literal)";
    const uint32_t opc = g.r.below(3);
    const unsigned bytes = 4u << opc;
    // Near the code (both literal data areas and the code ring are RAM).
    int64_t imm19 = static_cast<int64_t>(g.r.bits(16)) - (1 << 15);
    const uint64_t target = g.pc() + 4 * imm19;
    imm19 -= static_cast<int64_t>((target & (bytes - 1)) / 4); // aligned (Device memory)
    s.raw = opc << 30 | 0x1cu << 24 | (static_cast<uint32_t>(imm19) & 0x7ffff) << 5 | reg(g);
    g.emit(s);
}

void gen_vldst_pair(gen_ctx& g) {
    static const char* const names[] = {"LDNP/STNP SIMD&FP", "LDP/STP SIMD&FP (post-index)",
                                        "LDP/STP SIMD&FP (signed offset)", "LDP/STP SIMD&FP (pre-index)"};
    step s;
    const uint32_t mode = g.r.bits(2), l = g.r.bits(1), opc = g.r.below(3), rn = reg(g);
    s.what = names[mode];
    uint32_t rt = reg(g), rt2 = reg(g);
    while (l && rt == rt2) rt2 = reg(g); // LDP Vt == Vt2: CONSTRAINED UNPREDICTABLE
    const unsigned bytes = 4u << opc;
    const uint64_t addr = g.data_addr(2 * bytes, bytes);
    const uint32_t imm7 = g.r.bits(7);
    s.raw = opc << 30 | 0xbu << 26 | mode << 23 | l << 22 | imm7 << 15 | rt2 << 10 | rn << 5 | rt;
    set_base(s, rn, mode == 1 ? addr : addr - static_cast<uint64_t>(sext(imm7, 7) * bytes));
    g.emit(s);
}

// Post-index: immediate (Rm = 31) or a register offset that keeps the base
// near the window.
void post_index(gen_ctx& g, step& s, uint32_t rn, uint32_t& rm) {
    rm = g.r.chance(50) ? 31 : reg(g);
    while (rm != 31 && rm == rn) rm = reg(g);
    if (rm != 31) s.with(static_cast<uint8_t>(rm), static_cast<uint64_t>(sext(g.r.bits(9), 9)));
}

void gen_vldst_multiple(gen_ctx& g) {
    static const uint32_t opcodes[] = {0x0, 0x2, 0x4, 0x6, 0x7, 0x8, 0xa};
    static const unsigned regs[] = {4, 4, 3, 3, 1, 2, 2};
    static const unsigned selems[] = {4, 1, 3, 1, 1, 2, 1};
    step s;
    const unsigned k = g.r.below(7);
    const uint32_t q = g.r.bits(1), l = g.r.bits(1), post = g.r.bits(1), rn = reg(g);
    uint32_t size = g.r.bits(2);
    if (size == 3 && !q && selems[k] > 1) size = 2;
    s.what = l ? "LD1-LD4 (multiple structures)" : "ST1-ST4 (multiple structures)";
    uint32_t rm = 0;
    if (post) post_index(g, s, rn, rm);
    const unsigned total = (q ? 16 : 8) * regs[k];
    set_base(s, rn, g.data_addr(total, 1u << size));
    s.raw = q << 30 | 0x0cu << 24 | post << 23 | l << 22 | rm << 16 | opcodes[k] << 12 | size << 10 | rn << 5 | reg(g);
    g.emit(s);
}

void gen_vldst_single(gen_ctx& g) {
    step s;
    const uint32_t q = g.r.bits(1), post = g.r.bits(1), r = g.r.bits(1), rn = reg(g);
    uint32_t l = g.r.bits(1), opcode = g.r.bits(3), sbit = g.r.bits(1), size = g.r.bits(2);
    unsigned scale = opcode >> 1;
    switch (scale) {
    case 1: size &= 2; break;
    case 2:
        size &= 1;
        if (size) { sbit = 0; scale = 3; }
        break;
    case 3: l = 1; sbit = 0; scale = size; break; // LD1R-LD4R
    default: break;
    }
    s.what = (opcode >> 1) == 3 ? "LD1R-LD4R" : l ? "LD1-LD4 (single structure)" : "ST1-ST4 (single structure)";
    const unsigned selem = ((opcode & 1) << 1 | r) + 1;
    uint32_t rm = 0;
    if (post) post_index(g, s, rn, rm);
    set_base(s, rn, g.data_addr(selem << scale, 1u << scale));
    s.raw = q << 30 | 0x0du << 24 | post << 23 | l << 22 | r << 21 | rm << 16 | opcode << 13 | sbit << 12 | size << 10 |
            rn << 5 | reg(g);
    g.emit(s);
}

// Any word of the SIMD&FP load/store space (op0 = x1x0, V = 1), base in the
// data window; Normal memory (HCR_EL2.DC = 1).
void gen_space_vldst(gen_ctx& g) {
    step s;
    s.what = "random word, SIMD&FP loads and stores";
    for (;;) {
        s.raw = (static_cast<uint32_t>(g.r.next()) & ~(0xau << 24)) | 0xcu << 24; // bits 27:26 = 11, 25 = 0
        const bool pair = ((s.raw >> 27) & 7) == 5, load = (s.raw >> 22) & 1;
        if (pair && load && (s.raw & 31) == ((s.raw >> 10) & 31)) continue; // LDP Vt == Vt2
        break;
    }
    const uint32_t rn = (s.raw >> 5) & 31, rm = (s.raw >> 16) & 31;
    if (rm != 31 && rm != rn) s.with(static_cast<uint8_t>(rm), g.r.bits(8));
    set_base(s, rn, layout::data_base + layout::data_size / 2);
    g.emit(s);
}

} // namespace

const std::vector<encoding_class>& simd_ldst_encoding_classes() {
    using k = block_kind;
    static const std::vector<encoding_class> classes = {
        {"vldst_unsigned", "C4.1.94.22 (V=1)", gen_vldst_unsigned, k::straight, true, 20000},
        {"vldst_imm9", "C4.1.94.15/16/18 (V=1)", gen_vldst_imm9, k::straight, true, 20000},
        {"vldst_regoff", "C4.1.94.20 (V=1)", gen_vldst_regoff, k::straight, true, 20000},
        {"vld_literal", "C4.1.94.8 (V=1)", gen_vld_literal, k::straight, false, 10000},
        {"vldst_pair", "C4.1.94.10-13 (V=1)", gen_vldst_pair, k::straight, true, 20000},
        {"vldst_multiple", "C4.1.94.1/2", gen_vldst_multiple, k::straight, true, 20000},
        {"vldst_single", "C4.1.94.3/4", gen_vldst_single, k::straight, true, 20000},
        {"space_vldst", "C4.1.94 (V=1)", gen_space_vldst, k::decode, true, 30000},
    };
    return classes;
}

} // namespace vp::xcheck
