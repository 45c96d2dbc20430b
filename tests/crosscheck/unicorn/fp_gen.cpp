#include "fp_gen.h"

namespace vp::xcheck {
namespace {

// An FP value of width n (16, 32, 64) worth testing.
uint64_t fp_value(rng& r, unsigned n) {
    const unsigned e = n == 16 ? 5 : n == 32 ? 8 : 11, f = n - 1 - e;
    const int bias = (1 << (e - 1)) - 1;
    const uint64_t sign = uint64_t(r.bits(1)) << (n - 1);
    const uint64_t frac_mask = (uint64_t(1) << f) - 1, emax = (uint64_t(1) << e) - 1;
    auto make = [&](uint64_t exp, uint64_t frac) { return sign | (exp << f) | (frac & frac_mask); };
    switch (r.below(16)) {
    case 0: return sign;                                               // zero
    case 1: return make(emax, 0);                                      // infinity
    case 2: return make(emax, (uint64_t(1) << (f - 1)) | r.next());   // quiet NaN
    case 3: return make(emax, (r.next() & (frac_mask >> 1)) | 1);     // signalling NaN
    case 4: return make(0, r.next() >> r.below(64));                   // denormal (or zero)
    case 5: return make(1, r.chance(50) ? 0 : r.next());               // smallest normals
    case 6: return make(emax - 1, r.chance(50) ? frac_mask : r.next()); // largest normals
    case 7: { // an integer or a half-integer near a conversion limit
        static const int pow2[] = {0, 1, 2, 15, 16, 31, 32, 52, 53, 63, 64};
        const int p = pow2[r.below(11)];
        if (p + bias >= int(emax)) return make(emax - 1, r.next());
        const int lsb = p - int(f); // exponent of the last fraction bit
        uint64_t frac = r.next();
        if (lsb < 0 && r.chance(50)) frac &= ~((uint64_t(1) << (-lsb - (r.chance(50) ? 1 : 0))) - 1); // (half-)integer
        return make(uint64_t(p + bias), r.chance(30) ? (r.chance(50) ? 0 : frac_mask) : frac);
    }
    case 8: case 9: return make(uint64_t(bias + int(r.below(9)) - 4), r.next() << r.below(f)); // near 1
    default: return make(1 + r.below(uint32_t(emax - 1)), r.next()); // any normal
    }
}

uint64_t lanes64(rng& r, unsigned n) {
    uint64_t v = 0;
    for (unsigned k = 0; k < 64; k += n) v |= fp_value(r, n) << k;
    return v;
}

// Sets V`reg` to FP lanes of width n (most of the time; otherwise the
// previous result stays, so results feed later instructions).
void vsrc(gen_ctx& g, step& s, unsigned reg, unsigned n) {
    if (s.nvset >= 3 || g.r.chance(15)) return;
    for (unsigned i = 0; i < s.nvset; ++i)
        if (s.vset[i].reg == reg) return;
    s.withv(uint8_t(reg), lanes64(g.r, n), lanes64(g.r, n));
}
// Sets Xn to an integer operand for conversions to FP.
void xsrc(gen_ctx& g, step& s, unsigned reg) {
    if (reg != 31 && g.r.chance(85)) s.with(uint8_t(reg), g.r.operand());
}
uint32_t reg(gen_ctx& g) { return g.r.bits(5); }
unsigned width(unsigned ptype) { return ptype == 0 ? 32 : ptype == 1 ? 64 : 16; }

// ---- scalar FP (C4.1.6) ----

void gen_fp_dp1(gen_ctx& g) {
    step s;
    s.what = "FP data-processing (1 source)";
    static const unsigned ops[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15};
    unsigned ptype = g.r.below(2), op = ops[g.r.below(14)];
    if (op >= 4 && op <= 7) { // FCVT: any pair of distinct precisions
        static const unsigned pairs[6][2] = {{0, 1}, {0, 3}, {1, 0}, {1, 3}, {3, 0}, {3, 1}};
        const auto& p = pairs[g.r.below(6)];
        ptype = p[0];
        op = 4 + p[1];
    }
    const uint32_t rn = reg(g);
    s.raw = 0x1e204000u | ptype << 22 | op << 15 | rn << 5 | reg(g);
    vsrc(g, s, rn, width(ptype));
    g.emit(s);
}

void gen_fp_dp2(gen_ctx& g) {
    step s;
    s.what = "FP data-processing (2 source)";
    const uint32_t ptype = g.r.below(2), rn = reg(g), rm = reg(g);
    s.raw = 0x1e200800u | ptype << 22 | rm << 16 | g.r.below(9) << 12 | rn << 5 | reg(g);
    vsrc(g, s, rn, width(ptype));
    vsrc(g, s, rm, width(ptype));
    g.emit(s);
}

void gen_fp_dp3(gen_ctx& g) {
    step s;
    s.what = "FP data-processing (3 source)";
    const uint32_t ptype = g.r.below(2), rn = reg(g), rm = reg(g), ra = reg(g);
    s.raw = 0x1f000000u | ptype << 22 | g.r.bits(1) << 21 | rm << 16 | g.r.bits(1) << 15 | ra << 10 | rn << 5 | reg(g);
    vsrc(g, s, rn, width(ptype));
    vsrc(g, s, rm, width(ptype));
    vsrc(g, s, ra, width(ptype));
    g.emit(s);
}

void gen_fp_compare(gen_ctx& g) {
    step s;
    const uint32_t ptype = g.r.below(2), rn = reg(g), rm = reg(g);
    switch (g.r.below(3)) {
    case 0:
        s.what = "FCMP/FCMPE";
        s.raw = 0x1e202000u | ptype << 22 | rm << 16 | g.r.bits(2) << 3 | rn << 5;
        if (s.raw & 8) s.raw &= ~(31u << 16); // the zero forms encode Rm = 0
        break;
    case 1:
        s.what = "FCCMP/FCCMPE";
        s.raw = 0x1e200400u | ptype << 22 | rm << 16 | g.r.bits(4) << 12 | rn << 5 | g.r.bits(1) << 4 | g.r.bits(4);
        s.flags(g.r.bits(4) << 28);
        break;
    default:
        s.what = "FCSEL";
        s.raw = 0x1e200c00u | ptype << 22 | rm << 16 | g.r.bits(4) << 12 | rn << 5 | reg(g);
        s.flags(g.r.bits(4) << 28);
        break;
    }
    vsrc(g, s, rn, width(ptype));
    vsrc(g, s, rm, width(ptype));
    g.emit(s);
}

void gen_fp_imm(gen_ctx& g) {
    step s;
    s.what = "FMOV (scalar, immediate)";
    s.raw = 0x1e201000u | g.r.below(2) << 22 | g.r.bits(8) << 13 | reg(g);
    g.emit(s);
}

void gen_fp_int(gen_ctx& g) {
    step s;
    const uint32_t sf = g.r.bits(1), rn = reg(g), rd = reg(g);
    uint32_t ptype = g.r.below(2), rmode = 0, opcode;
    switch (g.r.below(4)) {
    case 0: case 1: // FCVT[NPMZ][SU] or FCVTA[SU]
        s.what = "FCVT[NPMZA][SU] (scalar, integer)";
        if (g.r.chance(80)) { rmode = g.r.bits(2); opcode = g.r.bits(1); }
        else opcode = 4 + g.r.bits(1);
        vsrc(g, s, rn, width(ptype));
        break;
    case 2:
        s.what = "SCVTF/UCVTF (scalar, integer)";
        opcode = 2 + g.r.bits(1);
        xsrc(g, s, rn);
        break;
    default: { // FMOV general <-> vector
        s.what = "FMOV (general)";
        const unsigned form = g.r.below(3); // W<->S, X<->D, X<->V.D[1]
        opcode = 6 + g.r.bits(1);
        ptype = form == 0 ? 0 : form == 1 ? 1 : 2;
        rmode = form == 2 ? 1 : 0;
        s.raw = (form ? 1u : 0u) << 31 | 0x1e200000u | ptype << 22 | rmode << 19 | opcode << 16 | rn << 5 | rd;
        if (opcode == 7) xsrc(g, s, rn);
        else vsrc(g, s, rn, 64);
        g.emit(s);
        return;
    }
    }
    s.raw = sf << 31 | 0x1e200000u | ptype << 22 | rmode << 19 | opcode << 16 | rn << 5 | rd;
    g.emit(s);
}

void gen_fp_fixed(gen_ctx& g) {
    step s;
    const uint32_t sf = g.r.bits(1), ptype = g.r.below(2), rn = reg(g);
    const uint32_t scale = sf ? g.r.bits(6) : 32 + g.r.bits(5);
    uint32_t rmode, opcode;
    if (g.r.chance(50)) {
        s.what = "SCVTF/UCVTF (scalar, fixed-point)";
        rmode = 0;
        opcode = 2 + g.r.bits(1);
        xsrc(g, s, rn);
    } else {
        s.what = "FCVTZS/FCVTZU (scalar, fixed-point)";
        rmode = 3;
        opcode = g.r.bits(1);
        vsrc(g, s, rn, width(ptype));
    }
    s.raw = sf << 31 | 0x1e000000u | ptype << 22 | rmode << 19 | opcode << 16 | scale << 10 | rn << 5 | reg(g);
    g.emit(s);
}

// Any word of the scalar FP space (op0 = x0x1): the same result or
// UNDEFINED on both.
void gen_space_fp(gen_ctx& g) {
    step s;
    s.what = "scalar FP encoding space";
    s.raw = (g.r.bits(32) & ~(0xfu << 25 | 1u << 30)) | 0xfu << 25;
    vsrc(g, s, (s.raw >> 5) & 31, 64);
    vsrc(g, s, (s.raw >> 16) & 31, 64);
    g.emit(s);
}

// ---- Advanced SIMD, FP instructions ----

// A vector arrangement: sz (0: S lanes, 1: D lanes) and Q, never 1D.
void arrangement(gen_ctx& g, uint32_t& sz, uint32_t& q) {
    sz = g.r.bits(1);
    q = sz ? 1 : g.r.bits(1);
}

void gen_simd_fp_3same(gen_ctx& g) {
    step s;
    // U:a:opcode<2:0> of the allocated FP three-same encodings
    static const uint8_t vec[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0e, 0x0f, 0x10,
                                  0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1a, 0x1c, 0x1d, 0x1e};
    static const uint8_t sca[] = {0x03, 0x04, 0x07, 0x0f, 0x14, 0x15, 0x1a, 0x1c, 0x1d};
    const bool scalar = g.r.chance(30);
    const unsigned k = scalar ? sca[g.r.below(9)] : vec[g.r.below(24)];
    uint32_t sz, q;
    arrangement(g, sz, q);
    const uint32_t rn = reg(g), rm = reg(g), rd = reg(g);
    s.what = scalar ? "AdvSIMD scalar three same (FP)" : "AdvSIMD three same (FP)";
    s.raw = (scalar ? 0x5e200400u : 0x0e200400u | q << 30) | (k >> 4) << 29 | ((k >> 3) & 1) << 23 | sz << 22 |
            rm << 16 | (0x18 | (k & 7)) << 11 | rn << 5 | rd;
    vsrc(g, s, rn, sz ? 64 : 32);
    vsrc(g, s, rm, sz ? 64 : 32);
    vsrc(g, s, rd, sz ? 64 : 32); // accumulator of FMLA/FMLS
    g.emit(s);
}

void gen_simd_fp_2misc(gen_ctx& g) {
    step s;
    // U:a:opcode of the FP two-register misc encodings (vector / scalar)
    static const uint8_t vec[] = {0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x2c, 0x2d, 0x2e, 0x2f, 0x38, 0x39, 0x3a,
                                  0x3b, 0x3c, 0x3d, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x6c, 0x6d, 0x6f, 0x79,
                                  0x7a, 0x7b, 0x7c, 0x7d, 0x7f, 0x16, 0x17, 0x56};
    static const uint8_t sca[] = {0x1a, 0x1b, 0x1c, 0x1d, 0x2c, 0x2d, 0x2e, 0x3a, 0x3b,
                                  0x3d, 0x3f, 0x56, 0x5a, 0x5b, 0x5c, 0x5d, 0x6c, 0x6d, 0x7a, 0x7b, 0x7d};
    const bool scalar = g.r.chance(30);
    const unsigned k = scalar ? sca[g.r.below(21)] : vec[g.r.below(34)];
    const unsigned opcode = k & 31;
    uint32_t sz, q;
    arrangement(g, sz, q);
    if (opcode == 0x16 || opcode == 0x17) q = g.r.bits(1); // FCVTN/FCVTL/FCVTXN (2 forms)
    if (k == 0x56) sz = 1;                // FCVTXN: from D
    if (k == 0x3c || k == 0x7c) sz = 0;   // URECPE/URSQRTE: 32-bit lanes
    const uint32_t rn = reg(g), rd = reg(g);
    s.what = scalar ? "AdvSIMD scalar two-reg misc (FP)" : "AdvSIMD two-reg misc (FP)";
    s.raw = (scalar ? 0x5e200800u : 0x0e200800u | q << 30) | (k >> 6) << 29 | ((k >> 5) & 1) << 23 | sz << 22 |
            opcode << 12 | rn << 5 | rd;
    const unsigned n = opcode == 0x17 ? (sz ? 32 : 16) : (sz ? 64 : 32);
    if (k == 0x3c || k == 0x7c) s.withv(uint8_t(rn), g.r.next(), g.r.next());
    else vsrc(g, s, rn, n);
    vsrc(g, s, rd, 32); // the kept half of FCVTN2/FCVTXN2
    g.emit(s);
}

void gen_simd_fp_pairwise(gen_ctx& g) {
    step s;
    const uint32_t rn = reg(g), rd = reg(g);
    static const uint8_t ops[] = {0x0c, 0x0d, 0x0f, 0x2c, 0x2f}; // a:opcode
    const unsigned k = ops[g.r.below(5)];
    if (g.r.chance(50)) {
        s.what = "AdvSIMD scalar pairwise (FP)";
        const uint32_t sz = g.r.bits(1);
        s.raw = 0x7e300800u | ((k >> 5) & 1) << 23 | sz << 22 | (k & 31) << 12 | rn << 5 | rd;
        vsrc(g, s, rn, sz ? 64 : 32);
    } else {
        s.what = "AdvSIMD across lanes (FP)";
        const unsigned op = g.r.chance(50) ? 0x0c : 0x0f;
        s.raw = 0x6e300800u | g.r.bits(1) << 23 | op << 12 | rn << 5 | rd;
        vsrc(g, s, rn, 32);
    }
    g.emit(s);
}

void gen_simd_fp_elem(gen_ctx& g) {
    step s;
    static const uint8_t ops[] = {0x01, 0x05, 0x09, 0x19}; // U:opcode
    const unsigned k = ops[g.r.below(4)];
    const bool scalar = g.r.chance(30);
    uint32_t sz, q;
    arrangement(g, sz, q);
    const uint32_t rn = reg(g), rm = reg(g), rd = reg(g);
    const uint32_t h = g.r.bits(1), l = sz ? 0 : g.r.bits(1);
    s.what = scalar ? "AdvSIMD scalar by element (FP)" : "AdvSIMD by element (FP)";
    s.raw = (scalar ? 0x5f800000u : 0x0f800000u | q << 30) | (k >> 4) << 29 | sz << 22 | l << 21 | rm << 16 |
            (k & 15) << 12 | h << 11 | rn << 5 | rd;
    vsrc(g, s, rn, sz ? 64 : 32);
    vsrc(g, s, rm, sz ? 64 : 32);
    vsrc(g, s, rd, sz ? 64 : 32);
    g.emit(s);
}

void gen_simd_fp_shift(gen_ctx& g) {
    step s;
    const bool scalar = g.r.chance(30);
    uint32_t sz, q;
    arrangement(g, sz, q);
    const uint32_t immhb = sz ? 64 + g.r.bits(6) : 32 + g.r.bits(5);
    const uint32_t opcode = g.r.chance(50) ? 0x1c : 0x1f, rn = reg(g);
    s.what = opcode == 0x1c ? "SCVTF/UCVTF (fixed-point, AdvSIMD)" : "FCVTZS/FCVTZU (fixed-point, AdvSIMD)";
    s.raw = (scalar ? 0x5f000400u : 0x0f000400u | q << 30) | g.r.bits(1) << 29 | immhb << 16 | opcode << 11 |
            rn << 5 | reg(g);
    if (opcode == 0x1c) s.withv(uint8_t(rn), g.r.operand(), g.r.operand());
    else vsrc(g, s, rn, sz ? 64 : 32);
    g.emit(s);
}

void gen_simd_fmov_imm(gen_ctx& g) {
    step s;
    s.what = "FMOV (vector, immediate)";
    const uint32_t op = g.r.bits(1), q = op ? 1 : g.r.bits(1), imm8 = g.r.bits(8);
    s.raw = 0x0f00f400u | q << 30 | op << 29 | (imm8 >> 5) << 16 | (imm8 & 31) << 5 | reg(g);
    g.emit(s);
}

} // namespace

const std::vector<encoding_class>& fp_encoding_classes() {
    using k = block_kind;
    static const std::vector<encoding_class> classes = {
        {"fp_dp1", "C4.1.6 FP data-processing (1 source)", gen_fp_dp1, k::straight, false, 60000},
        {"fp_dp2", "C4.1.6 FP data-processing (2 source)", gen_fp_dp2, k::straight, false, 60000},
        {"fp_dp3", "C4.1.6 FP data-processing (3 source)", gen_fp_dp3, k::straight, false, 60000},
        {"fp_compare", "C4.1.6 FP compare, conditional compare, conditional select", gen_fp_compare, k::straight, false,
         40000},
        {"fp_imm", "C4.1.6 FP immediate", gen_fp_imm, k::straight, false, 5000},
        {"fp_int", "C4.1.6 Conversion between FP and integer", gen_fp_int, k::straight, false, 60000},
        {"fp_fixed", "C4.1.6 Conversion between FP and fixed-point", gen_fp_fixed, k::straight, false, 40000},
        {"space_fp", "C4.1.6 scalar FP space", gen_space_fp, k::decode, false, 30000},
        {"simd_fp_3same", "C4.1.6 AdvSIMD (scalar) three same, FP", gen_simd_fp_3same, k::straight, false, 60000},
        {"simd_fp_2misc", "C4.1.6 AdvSIMD (scalar) two-reg misc, FP", gen_simd_fp_2misc, k::straight, false, 60000},
        {"simd_fp_pairwise", "C4.1.6 AdvSIMD scalar pairwise / across lanes, FP", gen_simd_fp_pairwise, k::straight,
         false, 20000},
        {"simd_fp_elem", "C4.1.6 AdvSIMD (scalar) x indexed element, FP", gen_simd_fp_elem, k::straight, false, 30000},
        {"simd_fp_shift", "C4.1.6 AdvSIMD (scalar) shift by immediate, fixed-point", gen_simd_fp_shift, k::straight,
         false, 20000},
        {"simd_fmov_imm", "C4.1.6 AdvSIMD modified immediate, FMOV", gen_simd_fmov_imm, k::straight, false, 2000},
    };
    return classes;
}

} // namespace vp::xcheck
