// Execute handlers: floating-point conversions and moves (DDI 0487 C7:
// FCVT, FCVTL/FCVTN/FCVTXN, FCVT[NPMZA][SU], SCVTF/UCVTF incl. fixed
// point, FRINT*, FMOV register/immediate/general). Semantics in
// components/cpu/fp/convert.h. Rounding template arguments: the FPRounding
// values of fp::rounding, or rm_fpcr for FPCR.RMode.
#pragma once

#include "cpu/execute/fp_lanes.h"
#include "cpu/fp/convert.h"

namespace vp::cpu::exec {

constexpr unsigned rm_fpcr = 7;
inline fp::rounding fp_rounding(unsigned rm, const fp::ctl& f) { return rm == rm_fpcr ? f.mode() : fp::rounding(rm); }

// FRINTN/P/M/Z/A (exact = false), FRINTI (FPCR, not exact), FRINTX (FPCR, exact).
template <unsigned N, unsigned RM, bool EXACT> uint64_t fp_rint(uint64_t a, fp::ctl& c) {
    return fp::round_int<N>(a, c, fp_rounding(RM, c), EXACT);
}

// Vector/scalar AdvSIMD FP -> integer or fixed point (b = fbits), same size.
template <unsigned N, unsigned RM, bool U> void fp_to_fixed_lanes(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn];
    vreg r{};
    const fp::rounding rm = fp_rounding(RM, f);
    for (unsigned k = 0; k < i.a; ++k) fp_set_lane<N>(r, k, fp::to_fixed<N>(fp_lane<N>(a, k), i.b, U, N, f, rm));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// Vector/scalar AdvSIMD SCVTF/UCVTF (integer or fixed point, b = fbits).
template <unsigned N, bool U> void fixed_to_fp_lanes(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn];
    vreg r{};
    for (unsigned k = 0; k < i.a; ++k) fp_set_lane<N>(r, k, fp::from_fixed<N>(fp_lane<N>(a, k), N, i.b, U, f, f.mode()));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FCVT[NPMZA][SU] / FCVTZS/FCVTZU (fixed) to a general register of M bits.
template <unsigned N, unsigned M, unsigned RM, bool U> void fp_to_gpr(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    c.st_.r[i.rd] = fp::to_fixed<N>(fp_lane<N>(c.st_.v[i.rn], 0), i.b, U, M, f, fp_rounding(RM, f));
    fp_done(c, f);
}

// SCVTF/UCVTF (scalar, integer or fixed point) from an M-bit general register.
template <unsigned N, unsigned M, bool U> void gpr_to_fp(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    vreg r{};
    fp_set_lane<N>(r, 0, fp::from_fixed<N>(c.st_.r[i.rn], M, i.b, U, f, f.mode()));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FCVT (scalar) between precisions.
template <unsigned N, unsigned M> void fp_convert(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    vreg r{};
    fp_set_lane<M>(r, 0, fp::convert<N, M>(fp_lane<N>(c.st_.v[i.rn], 0), f, f.mode()));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FCVTL/FCVTL2: the lower (d = 0) or upper (d = 1) half of Vn widened.
template <unsigned N, unsigned M> void fp_convert_long(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn];
    constexpr unsigned n = 64 / N;
    vreg r{};
    for (unsigned k = 0; k < n; ++k) fp_set_lane<M>(r, k, fp::convert<N, M>(fp_lane<N>(a, i.d * n + k), f, f.mode()));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FCVTN/FCVTN2, FCVTXN/FCVTXN2 (ODD: round to odd) and scalar FCVTXN: a
// lanes narrowed into the lower half of Vd (d = 0, upper cleared) or its
// upper half (d = 1, lower kept).
template <unsigned N, unsigned M, bool ODD> void fp_convert_narrow(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn];
    vreg r{};
    if (i.d) r.d[0] = c.st_.v[i.rd].d[0];
    const fp::rounding rm = ODD ? fp::odd : f.mode();
    for (unsigned k = 0; k < i.a; ++k)
        fp_set_lane<M>(r, i.d * i.a + k, fp::convert<N, M>(fp_lane<N>(a, k), f, rm));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FMOV (scalar, immediate): imm = VFPExpandImm(imm8), upper bits cleared.
inline void fp_mov_imm(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    c.st_.v[i.rd] = vreg{{i.imm, 0}};
    next(c);
}

// FMOV to a general register: Wd/Xd = Sn/Dn (a = bytes), or Xd = Vn.D[1] (b = 1).
inline void fp_mov_to_gpr(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    const uint64_t v = c.st_.v[i.rn].d[i.b];
    c.st_.r[i.rd] = i.a == 4 ? uint32_t(v) : v;
    next(c);
}

// FMOV from a general register: Sd/Dd = Wn/Xn (upper cleared), or Vd.D[1] = Xn (b = 1).
inline void fp_mov_from_gpr(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    const uint64_t x = c.st_.r[i.rn];
    if (i.b) c.st_.v[i.rd].d[1] = x;
    else c.st_.v[i.rd] = vreg{{i.a == 4 ? uint32_t(x) : x, 0}};
    next(c);
}

} // namespace vp::cpu::exec
