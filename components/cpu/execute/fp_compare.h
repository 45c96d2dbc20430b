// Execute handlers: FCMP/FCMPE (register, zero), FCCMP/FCCMPE and FCSEL
// (DDI 0487 C7; FPCompare in components/cpu/fp/arith.h). b = condition,
// imm = the NZCV value (bits 31:28) of FCCMP when the condition fails.
#pragma once

#include "cpu/execute/fp_lanes.h"

namespace vp::cpu::exec {

template <unsigned N, bool SIGNAL, bool WITH_ZERO> void fp_cmp(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const uint64_t b = WITH_ZERO ? 0 : fp_lane<N>(c.st_.v[i.rm], 0);
    c.st_.nzcv.set(fp::compare<N>(fp_lane<N>(c.st_.v[i.rn], 0), b, SIGNAL, f));
    fp_done(c, f);
}

template <unsigned N, bool SIGNAL> void fp_ccmp(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    if (condition_holds(i.b, c.st_.nzcv))
        c.st_.nzcv.set(fp::compare<N>(fp_lane<N>(c.st_.v[i.rn], 0), fp_lane<N>(c.st_.v[i.rm], 0), SIGNAL, f));
    else c.st_.nzcv.set(uint32_t(i.imm));
    fp_done(c, f);
}

template <unsigned N> void fp_csel(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    const unsigned s = condition_holds(i.b, c.st_.nzcv) ? i.rn : i.rm;
    vreg r{};
    fp_set_lane<N>(r, 0, fp_lane<N>(c.st_.v[s], 0));
    c.st_.v[i.rd] = r;
    next(c);
}

} // namespace vp::cpu::exec
