// Decoder: floating-point arithmetic of the "Data Processing -- Scalar
// Floating-Point and Advanced SIMD" group (DDI 0487 C4.1.6; see decode_fp in
// fields.h). Claims every scalar FP encoding (op0 = x0x1; unallocated ones
// decode to UNDEFINED) and the FP instructions of the Advanced SIMD classes
// (three same, two-register miscellaneous, pairwise, across lanes, by
// element, shift by immediate fixed-point conversions). FMOV (vector,
// immediate) is decoded with the other modified-immediate forms (simd_move.cpp).
// Armv8.0: no FEAT_FP16 (half precision only in conversions), no FCMLA/FCADD,
// FJCVTZS, FRINT32/64.
#include "cpu/decode/fields.h"
#include "cpu/execute/fp_compare.h"
#include "cpu/execute/fp_convert.h"
#include "cpu/execute/fp_lanes.h"
#include "cpu/fp/estimate.h"

namespace vp::cpu::decoding {
namespace {

using namespace vp::cpu::exec;
namespace fp = vp::cpu::fp;

// Handler for single (sz = 0) or double (sz = 1) precision.
#define VP_FP_SZ(sz, F) ((sz) ? insn_handler(&F<64>) : insn_handler(&F<32>))
#define VP_FP_SZT(sz, F, ...) ((sz) ? insn_handler(&F<64, __VA_ARGS__>) : insn_handler(&F<32, __VA_ARGS__>))
#define VP_FP_BIN(sz, OP, ELEM)                                                                                      \
    ((sz) ? insn_handler(&fp_binary<64, &OP<64>, ELEM>) : insn_handler(&fp_binary<32, &OP<32>, ELEM>))
#define VP_FP_UN(sz, OP) ((sz) ? insn_handler(&fp_unary<64, &OP<64>>) : insn_handler(&fp_unary<32, &OP<32>>))
#define VP_FP_PAIR(sz, OP) ((sz) ? insn_handler(&fp_pairwise<64, &OP<64>>) : insn_handler(&fp_pairwise<32, &OP<32>>))
#define VP_FP_PAIRS(sz, OP)                                                                                          \
    ((sz) ? insn_handler(&fp_pair_scalar<64, &OP<64>>) : insn_handler(&fp_pair_scalar<32, &OP<32>>))
#define VP_FP_RINT(sz, RM, X) ((sz) ? insn_handler(&fp_unary<64, &fp_rint<64, RM, X>>) : insn_handler(&fp_unary<32, &fp_rint<32, RM, X>>))
#define VP_FP_TOFIX(sz, RM, U) ((sz) ? insn_handler(&fp_to_fixed_lanes<64, RM, U>) : insn_handler(&fp_to_fixed_lanes<32, RM, U>))
#define VP_FP_FROMFIX(sz, U) ((sz) ? insn_handler(&fixed_to_fp_lanes<64, U>) : insn_handler(&fixed_to_fp_lanes<32, U>))

uint64_t urecpe(uint64_t a, fp::ctl&) { return fp::unsigned_recip_estimate(uint32_t(a)); }
uint64_t ursqrte(uint64_t a, fp::ctl&) { return fp::unsigned_rsqrt_estimate(uint32_t(a)); }
template <unsigned N> uint64_t frecpe(uint64_t a, fp::ctl& c) { return fp::recip_estimate<N>(a, c); }
template <unsigned N> uint64_t frsqrte(uint64_t a, fp::ctl& c) { return fp::rsqrt_estimate<N>(a, c); }
template <unsigned N> uint64_t frecpx(uint64_t a, fp::ctl& c) { return fp::recpx<N>(a, c); }

// VFPExpandImm(imm8) for N bits.
uint64_t expand_imm(unsigned imm8, unsigned n) {
    const unsigned e = n == 16 ? 5 : n == 32 ? 8 : 11, f = n - e - 1;
    const uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1;
    uint64_t exp = (b6 ^ 1) << (e - 1);
    if (b6) exp |= ((1ull << (e - 3)) - 1) << 2;
    exp |= (imm8 >> 4) & 3;
    const uint64_t frac = uint64_t(imm8 & 15) << (f - 4);
    return (sign << (n - 1)) | (exp << f) | frac;
}

// ---------------------------------------------------------------- scalar FP

bool undefined(uint32_t raw, insn& out) {
    decode_undefined(raw, out);
    return true;
}

// SCVTF/UCVTF (scalar) from a W (sf = 0) or X register to S (sz = 0) or D.
insn_handler scvtf_handler(bool sz, bool sf, bool u) {
    return sz ? (sf ? (u ? insn_handler(&gpr_to_fp<64, 64, true>) : &gpr_to_fp<64, 64, false>)
                    : (u ? insn_handler(&gpr_to_fp<64, 32, true>) : &gpr_to_fp<64, 32, false>))
              : (sf ? (u ? insn_handler(&gpr_to_fp<32, 64, true>) : &gpr_to_fp<32, 64, false>)
                    : (u ? insn_handler(&gpr_to_fp<32, 32, true>) : &gpr_to_fp<32, 32, false>));
}

// Conversion between floating-point and integer (C4.1.6.x).
bool fp_int(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned ptype = bits(raw, 23, 22), rmode = bits(raw, 20, 19), opcode = bits(raw, 18, 16);
    const unsigned rn = bits(raw, 9, 5), rd = bits(raw, 4, 0);
    if (opcode >= 6) { // FMOV general <-> vector
        const bool to_gpr = opcode == 6;
        if (!sf && ptype == 0 && rmode == 0) out.a = 4;
        else if (sf && ptype == 1 && rmode == 0) out.a = 8;
        else if (sf && ptype == 2 && rmode == 1) { out.a = 8; out.b = 1; }
        else return undefined(raw, out);
        if (to_gpr) { out.rn = uint8_t(rn); out.rd = dst_zr(rd); out.fn = &fp_mov_to_gpr; }
        else { out.rn = src_zr(rn); out.rd = uint8_t(rd); out.fn = &fp_mov_from_gpr; }
        return true;
    }
    if (ptype > 1) return undefined(raw, out); // half precision: FEAT_FP16
    const bool sz = ptype == 1;
    if (opcode == 2 || opcode == 3) { // SCVTF/UCVTF
        if (rmode) return undefined(raw, out);
        const bool u = opcode == 3;
        out.rn = src_zr(rn);
        out.rd = uint8_t(rd);
        out.fn = scvtf_handler(sz, sf, u);
        return true;
    }
    unsigned rm; // FCVT[NPMZ][SU] (opcode 0/1), FCVTA[SU] (opcode 4/5)
    if (opcode <= 1) rm = rmode == 0 ? fp::tieeven : rmode == 1 ? fp::posinf : rmode == 2 ? fp::neginf : fp::zero;
    else if (rmode == 0) rm = fp::tieaway;
    else return undefined(raw, out);
    const bool u = opcode & 1;
    out.rn = uint8_t(rn);
    out.rd = dst_zr(rd);
#define VP_FP_TOGPR(RM)                                                                                              \
    (sz ? (sf ? (u ? insn_handler(&fp_to_gpr<64, 64, RM, true>) : &fp_to_gpr<64, 64, RM, false>)                    \
            : (u ? insn_handler(&fp_to_gpr<64, 32, RM, true>) : &fp_to_gpr<64, 32, RM, false>))                     \
        : (sf ? (u ? insn_handler(&fp_to_gpr<32, 64, RM, true>) : &fp_to_gpr<32, 64, RM, false>)                    \
              : (u ? insn_handler(&fp_to_gpr<32, 32, RM, true>) : &fp_to_gpr<32, 32, RM, false>)))
    switch (rm) {
    case fp::tieeven: out.fn = VP_FP_TOGPR(fp::tieeven); break;
    case fp::posinf: out.fn = VP_FP_TOGPR(fp::posinf); break;
    case fp::neginf: out.fn = VP_FP_TOGPR(fp::neginf); break;
    case fp::zero: out.fn = VP_FP_TOGPR(fp::zero); break;
    default: out.fn = VP_FP_TOGPR(fp::tieaway); break;
    }
    return true;
}

// Conversion between floating-point and fixed-point.
bool fp_fixed(uint32_t raw, insn& out) {
    const bool sf = bit(raw, 31);
    const unsigned ptype = bits(raw, 23, 22), rmode = bits(raw, 20, 19), opcode = bits(raw, 18, 16);
    const unsigned scale = bits(raw, 15, 10);
    if (ptype > 1 || (!sf && scale < 32)) return undefined(raw, out);
    const bool sz = ptype == 1;
    out.b = uint8_t(64 - scale);
    const unsigned rn = bits(raw, 9, 5), rd = bits(raw, 4, 0);
    if (rmode == 0 && (opcode == 2 || opcode == 3)) { // SCVTF/UCVTF
        const bool u = opcode == 3;
        out.rn = src_zr(rn);
        out.rd = uint8_t(rd);
        out.fn = scvtf_handler(sz, sf, u);
        return true;
    }
    if (rmode == 3 && opcode <= 1) { // FCVTZS/FCVTZU
        const bool u = opcode == 1;
        out.rn = uint8_t(rn);
        out.rd = dst_zr(rd);
        out.fn = VP_FP_TOGPR(fp::zero);
        return true;
    }
    return undefined(raw, out);
}

bool fp_1source(uint32_t raw, insn& out) {
    const unsigned ptype = bits(raw, 23, 22), opcode = bits(raw, 20, 15);
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.a = 1;
    if (opcode >= 4 && opcode <= 7) { // FCVT between precisions
        const unsigned to = opcode & 3; // 0 single, 1 double, 3 half
        if (to == 2 || to == ptype || ptype == 2) return undefined(raw, out);
        static const insn_handler table[4][4] = {
            {nullptr, &fp_convert<32, 64>, nullptr, &fp_convert<32, 16>},
            {&fp_convert<64, 32>, nullptr, nullptr, &fp_convert<64, 16>},
            {nullptr, nullptr, nullptr, nullptr},
            {&fp_convert<16, 32>, &fp_convert<16, 64>, nullptr, nullptr}};
        out.fn = table[ptype][to];
        return true;
    }
    if (ptype > 1) return undefined(raw, out);
    const bool sz = ptype == 1;
    switch (opcode) {
    case 0: out.fn = VP_FP_UN(sz, fp_mov); return true;
    case 1: out.fn = VP_FP_UN(sz, fp_abs); return true;
    case 2: out.fn = VP_FP_UN(sz, fp_neg); return true;
    case 3: out.fn = VP_FP_UN(sz, fp_sqrt); return true;
    case 8: out.fn = VP_FP_RINT(sz, fp::tieeven, false); return true;
    case 9: out.fn = VP_FP_RINT(sz, fp::posinf, false); return true;
    case 10: out.fn = VP_FP_RINT(sz, fp::neginf, false); return true;
    case 11: out.fn = VP_FP_RINT(sz, fp::zero, false); return true;
    case 12: out.fn = VP_FP_RINT(sz, fp::tieaway, false); return true;
    case 14: out.fn = VP_FP_RINT(sz, rm_fpcr, true); return true;  // FRINTX
    case 15: out.fn = VP_FP_RINT(sz, rm_fpcr, false); return true; // FRINTI
    default: return undefined(raw, out);
    }
}

bool fp_2source(uint32_t raw, insn& out) {
    const unsigned ptype = bits(raw, 23, 22), opcode = bits(raw, 15, 12);
    if (ptype > 1 || opcode > 8) return undefined(raw, out);
    const bool sz = ptype == 1;
    out.rm = uint8_t(bits(raw, 20, 16));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.a = 1;
#define VP_FP_SCALAR(OP) (sz ? insn_handler(&fp_scalar_binary<64, &OP<64>>) : insn_handler(&fp_scalar_binary<32, &OP<32>>))
#define VP_FP_SCALAR_H(OP)                                                                                           \
    (sz ? insn_handler(&fp_scalar_binary<64, &fp::OP##_soft<64>, &fp::host::OP<64>>)                                \
        : insn_handler(&fp_scalar_binary<32, &fp::OP##_soft<32>, &fp::host::OP<32>>))
    switch (opcode) {
    case 0: out.fn = VP_FP_SCALAR_H(mul); break;
    case 1: out.fn = VP_FP_SCALAR_H(div); break;
    case 2: out.fn = VP_FP_SCALAR_H(add); break;
    case 3: out.fn = VP_FP_SCALAR_H(sub); break;
    case 4: out.fn = VP_FP_SCALAR(fp::max); break;
    case 5: out.fn = VP_FP_SCALAR(fp::min); break;
    case 6: out.fn = VP_FP_SCALAR(fp::maxnum); break;
    case 7: out.fn = VP_FP_SCALAR(fp::minnum); break;
    default: out.fn = VP_FP_SCALAR(fp_nmul); break;
    }
#undef VP_FP_SCALAR
#undef VP_FP_SCALAR_H
    return true;
}

bool fp_3source(uint32_t raw, insn& out) {
    const unsigned ptype = bits(raw, 23, 22);
    if (ptype > 1 || bit(raw, 31) || bit(raw, 29)) return undefined(raw, out);
    const bool sz = ptype == 1, o1 = bit(raw, 21), o0 = bit(raw, 15);
    out.rm = uint8_t(bits(raw, 20, 16));
    out.ra = uint8_t(bits(raw, 14, 10));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    // FMADD: a + n*m; FMSUB: a - n*m; FNMADD: -a - n*m; FNMSUB: -a + n*m.
#if VP_HOST_FMA
    static const bool host_fma = __builtin_cpu_supports("fma");
    if (host_fma) {
        if (!o1) out.fn = o0 ? VP_FP_SZT(sz, fp_madd_fma, false, true) : VP_FP_SZT(sz, fp_madd_fma, false, false);
        else out.fn = o0 ? VP_FP_SZT(sz, fp_madd_fma, true, false) : VP_FP_SZT(sz, fp_madd_fma, true, true);
        return true;
    }
#endif
    if (!o1) out.fn = o0 ? VP_FP_SZT(sz, fp_madd, false, true) : VP_FP_SZT(sz, fp_madd, false, false);
    else out.fn = o0 ? VP_FP_SZT(sz, fp_madd, true, false) : VP_FP_SZT(sz, fp_madd, true, true);
    return true;
}

bool scalar_fp(uint32_t raw, insn& out) {
    if (bit(raw, 29)) return undefined(raw, out); // S
    if (bit(raw, 24)) return fp_3source(raw, out);
    // bit 31 is sf in the conversions, M (must be 0) elsewhere
    if (!bit(raw, 21)) return fp_fixed(raw, out);
    if (bits(raw, 15, 10) == 0) return fp_int(raw, out);
    if (bit(raw, 31)) return undefined(raw, out);
    const unsigned ptype = bits(raw, 23, 22);
    if (bits(raw, 14, 10) == 0x10) return fp_1source(raw, out);
    if (ptype > 1) return undefined(raw, out);
    const bool sz = ptype == 1;
    out.rm = uint8_t(bits(raw, 20, 16));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    if (bits(raw, 13, 10) == 0x8) { // FCMP/FCMPE
        if (bits(raw, 15, 14) || bits(raw, 2, 0)) return undefined(raw, out);
        const bool e = bit(raw, 4), z = bit(raw, 3);
        out.fn = sz ? (e ? (z ? insn_handler(&fp_cmp<64, true, true>) : &fp_cmp<64, true, false>)
                         : (z ? insn_handler(&fp_cmp<64, false, true>) : &fp_cmp<64, false, false>))
                    : (e ? (z ? insn_handler(&fp_cmp<32, true, true>) : &fp_cmp<32, true, false>)
                         : (z ? insn_handler(&fp_cmp<32, false, true>) : &fp_cmp<32, false, false>));
        return true;
    }
    if (bits(raw, 12, 10) == 0x4) { // FMOV (scalar, immediate)
        if (bits(raw, 9, 5)) return undefined(raw, out);
        out.imm = expand_imm(bits(raw, 20, 13), sz ? 64 : 32);
        out.a = 1;
        out.fn = &fp_mov_imm;
        return true;
    }
    switch (bits(raw, 11, 10)) {
    case 1: // FCCMP/FCCMPE
        out.b = uint8_t(bits(raw, 15, 12));
        out.imm = uint64_t(bits(raw, 3, 0)) << 28;
        out.fn = bit(raw, 4) ? VP_FP_SZT(sz, fp_ccmp, true) : VP_FP_SZT(sz, fp_ccmp, false);
        return true;
    case 2: return fp_2source(raw, out);
    case 3: // FCSEL
        out.b = uint8_t(bits(raw, 15, 12));
        out.fn = VP_FP_SZ(sz, fp_csel);
        return true;
    default: return undefined(raw, out);
    }
}

// ------------------------------------------------------------ Advanced SIMD

// Lane count of a vector FP operation: 2S/4S (sz = 0), 2D (sz = 1, Q = 1);
// 0 for the reserved 1D arrangement.
unsigned fp_lanes(bool q, bool sz) { return sz ? (q ? 2 : 0) : (q ? 4 : 2); }

// Three same (FP part, opcode 11xxx), vector or scalar: the handler, or
// nullptr when unallocated. k = U:a:opcode<2:0>.
insn_handler three_same(unsigned k, bool sz, bool scalar) {
    switch (k) {
    case 0x00: return scalar ? nullptr : VP_FP_BIN(sz, fp::maxnum, false);
    case 0x01: return scalar ? nullptr : VP_FP_SZT(sz, fp_mla, false, false);
    case 0x02: return scalar ? nullptr : VP_FP_BIN(sz, fp::add, false);
    case 0x03: return VP_FP_BIN(sz, fp::mulx, false);
    case 0x04: return VP_FP_BIN(sz, fp_cmeq, false);
    case 0x06: return scalar ? nullptr : VP_FP_BIN(sz, fp::max, false);
    case 0x07: return VP_FP_BIN(sz, fp::recip_step, false);
    case 0x08: return scalar ? nullptr : VP_FP_BIN(sz, fp::minnum, false);
    case 0x09: return scalar ? nullptr : VP_FP_SZT(sz, fp_mla, true, false);
    case 0x0a: return scalar ? nullptr : VP_FP_BIN(sz, fp::sub, false);
    case 0x0e: return scalar ? nullptr : VP_FP_BIN(sz, fp::min, false);
    case 0x0f: return VP_FP_BIN(sz, fp::rsqrt_step, false);
    case 0x10: return scalar ? nullptr : VP_FP_PAIR(sz, fp::maxnum);
    case 0x12: return scalar ? nullptr : VP_FP_PAIR(sz, fp::add);
    case 0x13: return scalar ? nullptr : VP_FP_BIN(sz, fp::mul, false);
    case 0x14: return VP_FP_BIN(sz, fp_cmge, false);
    case 0x15: return VP_FP_BIN(sz, fp_acge, false);
    case 0x16: return scalar ? nullptr : VP_FP_PAIR(sz, fp::max);
    case 0x17: return scalar ? nullptr : VP_FP_BIN(sz, fp::div, false);
    case 0x18: return scalar ? nullptr : VP_FP_PAIR(sz, fp::minnum);
    case 0x1a: return VP_FP_BIN(sz, fp_abd, false);
    case 0x1c: return VP_FP_BIN(sz, fp_cmgt, false);
    case 0x1d: return VP_FP_BIN(sz, fp_acgt, false);
    case 0x1e: return scalar ? nullptr : VP_FP_PAIR(sz, fp::min);
    default: return nullptr;
    }
}

bool three_same_fp(uint32_t raw, insn& out, bool scalar) {
    const unsigned opcode = bits(raw, 15, 11);
    if (opcode < 0x18) return false; // integer operations
    const bool sz = bit(raw, 22), q = bit(raw, 30);
    const unsigned k = (bit(raw, 29) << 4) | (bit(raw, 23) << 3) | (opcode & 7);
    const insn_handler fn = three_same(k, sz, scalar);
    out.a = uint8_t(scalar ? 1 : fp_lanes(q, sz));
    if (!fn || !out.a) return undefined(raw, out);
    out.fn = fn;
    out.rm = uint8_t(bits(raw, 20, 16));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    return true;
}

// FCVT[NPMZA][SU] / SCVTF / UCVTF / FRINT* / estimates / compares with zero
// of the two-register miscellaneous classes. k = U:a:opcode.
insn_handler two_reg_misc(unsigned k, bool sz, bool scalar) {
    switch (k) {
    case 0x18: return scalar ? nullptr : VP_FP_RINT(sz, fp::tieeven, false); // FRINTN
    case 0x19: return scalar ? nullptr : VP_FP_RINT(sz, fp::neginf, false);  // FRINTM
    case 0x1a: return VP_FP_TOFIX(sz, fp::tieeven, false);                   // FCVTNS
    case 0x1b: return VP_FP_TOFIX(sz, fp::neginf, false);                    // FCVTMS
    case 0x1c: return VP_FP_TOFIX(sz, fp::tieaway, false);                   // FCVTAS
    case 0x1d: return VP_FP_FROMFIX(sz, false);                              // SCVTF
    case 0x2c: return VP_FP_UN(sz, fp_cmgt0);
    case 0x2d: return VP_FP_UN(sz, fp_cmeq0);
    case 0x2e: return VP_FP_UN(sz, fp_cmlt0);
    case 0x2f: return scalar ? nullptr : VP_FP_UN(sz, fp_abs);
    case 0x38: return scalar ? nullptr : VP_FP_RINT(sz, fp::posinf, false);  // FRINTP
    case 0x39: return scalar ? nullptr : VP_FP_RINT(sz, fp::zero, false);    // FRINTZ
    case 0x3a: return VP_FP_TOFIX(sz, fp::posinf, false);                    // FCVTPS
    case 0x3b: return VP_FP_TOFIX(sz, fp::zero, false);                      // FCVTZS
    case 0x3c: return scalar || sz ? nullptr : insn_handler(&fp_unary<32, &urecpe>);
    case 0x3d: return VP_FP_UN(sz, frecpe);
    case 0x3f: return scalar ? VP_FP_UN(sz, frecpx) : nullptr;
    case 0x58: return scalar ? nullptr : VP_FP_RINT(sz, fp::tieaway, false); // FRINTA
    case 0x59: return scalar ? nullptr : VP_FP_RINT(sz, rm_fpcr, true);      // FRINTX
    case 0x5a: return VP_FP_TOFIX(sz, fp::tieeven, true);                    // FCVTNU
    case 0x5b: return VP_FP_TOFIX(sz, fp::neginf, true);                     // FCVTMU
    case 0x5c: return VP_FP_TOFIX(sz, fp::tieaway, true);                    // FCVTAU
    case 0x5d: return VP_FP_FROMFIX(sz, true);                               // UCVTF
    case 0x6c: return VP_FP_UN(sz, fp_cmge0);
    case 0x6d: return VP_FP_UN(sz, fp_cmle0);
    case 0x6f: return scalar ? nullptr : VP_FP_UN(sz, fp_neg);
    case 0x79: return scalar ? nullptr : VP_FP_RINT(sz, rm_fpcr, false);     // FRINTI
    case 0x7a: return VP_FP_TOFIX(sz, fp::posinf, true);                     // FCVTPU
    case 0x7b: return VP_FP_TOFIX(sz, fp::zero, true);                       // FCVTZU
    case 0x7c: return scalar || sz ? nullptr : insn_handler(&fp_unary<32, &ursqrte>);
    case 0x7d: return VP_FP_UN(sz, frsqrte);
    case 0x7f: return scalar ? nullptr : VP_FP_UN(sz, fp_sqrt);
    default: return nullptr;
    }
}

bool two_reg_misc_fp(uint32_t raw, insn& out, bool scalar) {
    const unsigned opcode = bits(raw, 16, 12);
    const bool u = bit(raw, 29), a = bit(raw, 23), sz = bit(raw, 22), q = bit(raw, 30);
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    if (opcode == 0x16 && !a) { // FCVTN/FCVTN2 (U = 0), FCVTXN/FCVTXN2 (U = 1)
        if (u && !sz) return undefined(raw, out);
        if (scalar && !u) return false;
        out.d = uint8_t(!scalar && q);
        out.a = uint8_t(scalar ? 1 : sz ? 2 : 4);
        out.fn = u ? insn_handler(&fp_convert_narrow<64, 32, true>)
                   : sz ? insn_handler(&fp_convert_narrow<64, 32, false>) : insn_handler(&fp_convert_narrow<32, 16, false>);
        return true;
    }
    if (opcode == 0x17 && !a && !u && !scalar) { // FCVTL/FCVTL2
        out.d = uint8_t(q);
        out.fn = sz ? insn_handler(&fp_convert_long<32, 64>) : insn_handler(&fp_convert_long<16, 32>);
        return true;
    }
    if (opcode < 0x0c || (opcode > 0x0f && opcode < 0x18)) return false; // integer operations
    const insn_handler fn = two_reg_misc((u << 6) | (a << 5) | opcode, sz, scalar);
    if (!fn) return opcode < 0x18 ? false : undefined(raw, out);
    out.a = uint8_t(scalar ? 1 : fp_lanes(q, sz));
    if (!out.a) return undefined(raw, out);
    out.fn = fn;
    return true;
}

// FMAXNMP/FADDP/FMAXP/FMINNMP/FMINP (scalar pairwise).
bool pairwise_fp(uint32_t raw, insn& out) {
    if (!bit(raw, 29)) return false;
    const unsigned opcode = bits(raw, 16, 12);
    const bool a = bit(raw, 23), sz = bit(raw, 22);
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.a = 1;
    switch ((a << 5) | opcode) {
    case 0x0c: out.fn = VP_FP_PAIRS(sz, fp::maxnum); return true;
    case 0x0d: out.fn = VP_FP_PAIRS(sz, fp::add); return true;
    case 0x0f: out.fn = VP_FP_PAIRS(sz, fp::max); return true;
    case 0x2c: out.fn = VP_FP_PAIRS(sz, fp::minnum); return true;
    case 0x2f: out.fn = VP_FP_PAIRS(sz, fp::min); return true;
    default: return opcode >= 0x0c ? undefined(raw, out) : false;
    }
}

// FMAXNMV/FMAXV/FMINNMV/FMINV (4S only in Armv8.0).
bool across_lanes_fp(uint32_t raw, insn& out) {
    const unsigned opcode = bits(raw, 16, 12);
    if (!bit(raw, 29) || (opcode != 0x0c && opcode != 0x0f)) return false;
    if (!bit(raw, 30) || bit(raw, 22)) return undefined(raw, out);
    const bool a = bit(raw, 23);
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    if (opcode == 0x0c) out.fn = a ? insn_handler(&fp_reduce4<&fp::minnum<32>>) : insn_handler(&fp_reduce4<&fp::maxnum<32>>);
    else out.fn = a ? insn_handler(&fp_reduce4<&fp::min<32>>) : insn_handler(&fp_reduce4<&fp::max<32>>);
    return true;
}

// FMLA/FMLS/FMUL/FMULX (by element), vector or scalar.
bool by_element_fp(uint32_t raw, insn& out, bool scalar) {
    const unsigned opcode = bits(raw, 15, 12), size = bits(raw, 23, 22);
    const bool u = bit(raw, 29), q = bit(raw, 30);
    const bool fmla = opcode == 1 && !u, fmls = opcode == 5 && !u, fmul = opcode == 9;
    if (!fmla && !fmls && !fmul) return false;
    if (size < 2) return undefined(raw, out); // half precision: FEAT_FP16
    const bool sz = size == 3, l = bit(raw, 21), h = bit(raw, 11);
    if (sz && l) return undefined(raw, out);
    out.b = uint8_t(sz ? h : (h << 1) | l);
    out.rm = uint8_t(bits(raw, 20, 16));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.a = uint8_t(scalar ? 1 : fp_lanes(q, sz));
    if (!out.a) return undefined(raw, out);
    if (fmla) out.fn = VP_FP_SZT(sz, fp_mla, false, true);
    else if (fmls) out.fn = VP_FP_SZT(sz, fp_mla, true, true);
    else out.fn = u ? VP_FP_BIN(sz, fp::mulx, true) : VP_FP_BIN(sz, fp::mul, true);
    return true;
}

// SCVTF/UCVTF/FCVTZS/FCVTZU (vector or scalar, fixed-point) of the shift by
// immediate classes.
bool shift_imm_fp(uint32_t raw, insn& out, bool scalar) {
    const unsigned opcode = bits(raw, 15, 11), immh = bits(raw, 22, 19);
    if (opcode != 0x1c && opcode != 0x1f) return false;
    const bool u = bit(raw, 29), q = bit(raw, 30);
    if (immh < 4) return undefined(raw, out); // 001x: half precision (FEAT_FP16)
    const bool sz = immh >= 8;
    const unsigned immhb = bits(raw, 22, 16);
    out.b = uint8_t((sz ? 128 : 64) - immhb);
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.a = uint8_t(scalar ? 1 : fp_lanes(q, sz));
    if (!out.a) return undefined(raw, out);
    if (opcode == 0x1c) out.fn = u ? VP_FP_FROMFIX(sz, true) : VP_FP_FROMFIX(sz, false);
    else out.fn = u ? VP_FP_TOFIX(sz, fp::zero, true) : VP_FP_TOFIX(sz, fp::zero, false);
    return true;
}

} // namespace

bool decode_fp(uint32_t raw, insn& out) {
    if (bit(raw, 28) && !bit(raw, 30)) return scalar_fp(raw, out); // op0 = x0x1
    if (bit(raw, 31)) return false;
    const bool scalar = bit(raw, 28); // op0 = 01x1: AdvSIMD scalar; 0xx0: vector
    if (bit(raw, 24)) {
        if (!bit(raw, 10)) return by_element_fp(raw, out, scalar);
        if (bit(raw, 23)) return false;
        if (bits(raw, 22, 19) == 0) return false; // modified immediate (incl. FMOV vector): simd_move.cpp
        return shift_imm_fp(raw, out, scalar);
    }
    if (!bit(raw, 21)) return false;
    if (bit(raw, 10)) return three_same_fp(raw, out, scalar);
    if (bits(raw, 11, 10) != 2) return false;
    const unsigned b2017 = bits(raw, 20, 17);
    if (b2017 == 0) return two_reg_misc_fp(raw, out, scalar);
    if (b2017 == 8) return scalar ? pairwise_fp(raw, out) : across_lanes_fp(raw, out);
    return false;
}

} // namespace vp::cpu::decoding
