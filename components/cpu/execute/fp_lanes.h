// Execute handlers: floating-point operations applied lane by lane, for the
// scalar FP data-processing classes (one lane, upper bits of Vd cleared) and
// the Advanced SIMD vector, scalar, by-element, pairwise and across-lanes
// classes (DDI 0487 C7 instruction pages; semantics in components/cpu/fp).
//
// insn fields: rd/rn/rm/ra = V register numbers, a = lane count (1 for a
// scalar), b = element index of Vm (by element) or fbits (fixed point).
// Every handler reads its sources before writing Vd (Vd may be a source),
// collects the FP exceptions of all lanes and ORs them into FPSR.
#pragma once

#include <cstring>

#include "cpu/execute/common.h"
#include "cpu/fp/arith.h"
#include "cpu/fp/format.h"

namespace vp::cpu::exec {

using fp_op1 = uint64_t (*)(uint64_t, fp::ctl&);
using fp_op2 = uint64_t (*)(uint64_t, uint64_t, fp::ctl&);

// Lane k of width N bits of a V register.
template <unsigned N> inline uint64_t fp_lane(const vreg& v, unsigned k) {
    if constexpr (N == 64) return v.d[k];
    else {
        uint8_t b[N / 8];
        std::memcpy(b, reinterpret_cast<const uint8_t*>(v.d) + k * (N / 8), N / 8);
        if constexpr (N == 32) { uint32_t x; std::memcpy(&x, b, 4); return x; }
        else { uint16_t x; std::memcpy(&x, b, 2); return x; }
    }
}
template <unsigned N> inline void fp_set_lane(vreg& v, unsigned k, uint64_t x) {
    if constexpr (N == 64) v.d[k] = x;
    else if constexpr (N == 32) { const uint32_t y = uint32_t(x); std::memcpy(reinterpret_cast<uint8_t*>(v.d) + 4 * k, &y, 4); }
    else { const uint16_t y = uint16_t(x); std::memcpy(reinterpret_cast<uint8_t*>(v.d) + 2 * k, &y, 2); }
}

// Ends an FP handler: FPSR gets the cumulative exceptions.
inline void fp_done(core& c, const fp::ctl& f) {
    c.st_.fpsr |= f.exc;
    next(c);
}

// The AArch64.CheckFPAdvSIMDEnabled() prologue of every handler.
#define VP_FP_ENABLED(c, i)                                                                                          \
    do {                                                                                                             \
        if (VP_CPU_UNLIKELY(!(c).fp_access_check(i))) return;                                                        \
    } while (0)

template <unsigned N, fp_op1 OP> void fp_unary(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn];
    vreg r{};
    for (unsigned k = 0; k < i.a; ++k) fp_set_lane<N>(r, k, OP(fp_lane<N>(a, k), f));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// Vd[k] = OP(Vn[k], Vm[k]) or, BY_ELEMENT, OP(Vn[k], Vm[b]).
template <unsigned N, fp_op2 OP, bool BY_ELEMENT> void fp_binary(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn], b = c.st_.v[i.rm];
    vreg r{};
    for (unsigned k = 0; k < i.a; ++k)
        fp_set_lane<N>(r, k, OP(fp_lane<N>(a, k), fp_lane<N>(b, BY_ELEMENT ? i.b : k), f));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// The scalar FP data-processing form (one lane, no vector copies). HOST,
// when given, is tried first without a call (fp/host.h); the full
// operation is a separate function so that the fast path saves no registers.
using fp_host2 = bool (*)(uint64_t, uint64_t, uint64_t&);
template <unsigned N, fp_op2 OP> __attribute__((noinline)) void fp_scalar_binary_full(core& c, const insn& i) {
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const uint64_t r = OP(fp_lane<N>(c.st_.v[i.rn], 0), fp_lane<N>(c.st_.v[i.rm], 0), f);
    c.st_.v[i.rd] = vreg{{r, 0}};
    fp_done(c, f);
}
inline bool no_host_shortcut(uint64_t, uint64_t, uint64_t&) { return false; }
// HOST is compared at run time, not with `if constexpr`: GCC does not take the
// address of a function as a constant expression under -fsanitize=undefined.
// The optimiser folds the test either way.
template <unsigned N, fp_op2 OP, fp_host2 HOST = no_host_shortcut> void fp_scalar_binary(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    if (HOST != no_host_shortcut) {
        uint64_t r;
        if (fp::host_allowed(c.st_.fpcr, c.st_.fpsr) &&
            HOST(fp_lane<N>(c.st_.v[i.rn], 0), fp_lane<N>(c.st_.v[i.rm], 0), r)) {
            c.st_.v[i.rd] = vreg{{r, 0}};
            return next(c);
        }
    }
    fp_scalar_binary_full<N, OP>(c, i);
}

// FMLA/FMLS (vector, by element): Vd[k] = FPMulAdd(Vd[k], +-Vn[k], Vm[k or b]).
template <unsigned N, bool SUB, bool BY_ELEMENT> void fp_mla(core& c, const insn& i) {
    using f_t = fp::fmt<N>;
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn], b = c.st_.v[i.rm], d = c.st_.v[i.rd];
    vreg r{};
    for (unsigned k = 0; k < i.a; ++k) {
        const uint64_t e1 = fp_lane<N>(a, k);
        fp_set_lane<N>(r, k, fp::muladd<N>(fp_lane<N>(d, k), SUB ? f_t::neg(e1) : e1,
                                           fp_lane<N>(b, BY_ELEMENT ? i.b : k), f));
    }
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// FMADD/FMSUB/FNMADD/FNMSUB: Vd = FPMulAdd(+-Va, +-Vn, Vm); the host
// shortcut inline, the full operation in a separate function.
template <unsigned N, bool NEG_A, bool NEG_N> __attribute__((noinline)) void fp_madd_full(core& c, const insn& i) {
    using f_t = fp::fmt<N>;
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const uint64_t a = fp_lane<N>(c.st_.v[i.ra], 0), n = fp_lane<N>(c.st_.v[i.rn], 0);
    const uint64_t m = fp_lane<N>(c.st_.v[i.rm], 0);
    c.st_.v[i.rd] = vreg{{fp::muladd_soft<N>(NEG_A ? f_t::neg(a) : a, NEG_N ? f_t::neg(n) : n, m, f), 0}};
    fp_done(c, f);
}
template <unsigned N, bool NEG_A, bool NEG_N> __attribute__((always_inline)) inline void fp_madd_body(core& c, const insn& i) {
    using f_t = fp::fmt<N>;
    VP_FP_ENABLED(c, i);
    const uint64_t a = fp_lane<N>(c.st_.v[i.ra], 0), n = fp_lane<N>(c.st_.v[i.rn], 0);
    uint64_t r;
    if (fp::host_allowed(c.st_.fpcr, c.st_.fpsr) &&
        fp::host::muladd<N>(NEG_A ? f_t::neg(a) : a, NEG_N ? f_t::neg(n) : n, fp_lane<N>(c.st_.v[i.rm], 0), r)) {
        c.st_.v[i.rd] = vreg{{r, 0}};
        return next(c);
    }
    fp_madd_full<N, NEG_A, NEG_N>(c, i);
}
template <unsigned N, bool NEG_A, bool NEG_N> void fp_madd(core& c, const insn& i) { fp_madd_body<N, NEG_A, NEG_N>(c, i); }
#if VP_HOST_FMA
// The same compiled for hosts with the x86 FMA extension (the decoder picks
// it when the CPU has it): std::fma becomes one VFMADD instruction instead of
// a call into libm through the PLT. Both are IEEE 754 fusedMultiplyAdd, one
// rounding: the same bits.
template <unsigned N, bool NEG_A, bool NEG_N> __attribute__((target("fma"))) void fp_madd_fma(core& c, const insn& i) {
    fp_madd_body<N, NEG_A, NEG_N>(c, i);
}
#endif

// Pairwise (vector): the operation on adjacent pairs of Vm:Vn (Vn low).
template <unsigned N, fp_op2 OP> void fp_pairwise(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg a = c.st_.v[i.rn], b = c.st_.v[i.rm];
    const unsigned n = i.a;
    vreg r{};
    for (unsigned k = 0; k < n; ++k) {
        const vreg& s = 2 * k < n ? a : b;
        const unsigned j = (2 * k) % n;
        fp_set_lane<N>(r, k, OP(fp_lane<N>(s, j), fp_lane<N>(s, j + 1), f));
    }
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// Pairwise (scalar): the operation on the two lanes of Vn.
template <unsigned N, fp_op2 OP> void fp_pair_scalar(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg& a = c.st_.v[i.rn];
    vreg r{};
    fp_set_lane<N>(r, 0, OP(fp_lane<N>(a, 0), fp_lane<N>(a, 1), f));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// Across lanes (4S): Reduce() halves recursively: OP(OP(e0, e1), OP(e2, e3)).
template <fp_op2 OP> void fp_reduce4(core& c, const insn& i) {
    VP_FP_ENABLED(c, i);
    fp::ctl f(c.st_.fpcr, c.st_.fpsr);
    const vreg& a = c.st_.v[i.rn];
    const uint64_t lo = OP(fp_lane<32>(a, 0), fp_lane<32>(a, 1), f);
    const uint64_t hi = OP(fp_lane<32>(a, 2), fp_lane<32>(a, 3), f);
    vreg r{};
    fp_set_lane<32>(r, 0, OP(lo, hi, f));
    c.st_.v[i.rd] = r;
    fp_done(c, f);
}

// ---- operations that are compositions of the pseudocode functions ----

template <unsigned N> uint64_t fp_nmul(uint64_t a, uint64_t b, fp::ctl& c) { // FNMUL
    return fp::fmt<N>::neg(fp::mul<N>(a, b, c));
}
template <unsigned N> uint64_t fp_abd(uint64_t a, uint64_t b, fp::ctl& c) { // FABD
    return fp::fmt<N>::abs(fp::sub<N>(a, b, c));
}
template <unsigned N> uint64_t fp_abs(uint64_t a, fp::ctl&) { return fp::fmt<N>::abs(a); }
template <unsigned N> uint64_t fp_neg(uint64_t a, fp::ctl&) { return fp::fmt<N>::neg(a); }
template <unsigned N> uint64_t fp_mov(uint64_t a, fp::ctl&) { return a; }
template <unsigned N> uint64_t fp_sqrt(uint64_t a, fp::ctl& c) { return fp::sqrt<N>(a, c); }

// Vector compares: all ones or zeros. FCMEQ/FCMGE/FCMGT, FACGE/FACGT
// (absolute values), and the compares with zero (LE/LT swap the operands).
template <unsigned N> constexpr uint64_t fp_true = fp::fmt<N>::mask;
template <unsigned N> uint64_t fp_cmeq(uint64_t a, uint64_t b, fp::ctl& c) { return fp::compare_eq<N>(a, b, c) ? fp_true<N> : 0; }
template <unsigned N> uint64_t fp_cmge(uint64_t a, uint64_t b, fp::ctl& c) { return fp::compare_ge<N>(a, b, c) ? fp_true<N> : 0; }
template <unsigned N> uint64_t fp_cmgt(uint64_t a, uint64_t b, fp::ctl& c) { return fp::compare_gt<N>(a, b, c) ? fp_true<N> : 0; }
template <unsigned N> uint64_t fp_acge(uint64_t a, uint64_t b, fp::ctl& c) {
    return fp::compare_ge<N>(fp::fmt<N>::abs(a), fp::fmt<N>::abs(b), c) ? fp_true<N> : 0;
}
template <unsigned N> uint64_t fp_acgt(uint64_t a, uint64_t b, fp::ctl& c) {
    return fp::compare_gt<N>(fp::fmt<N>::abs(a), fp::fmt<N>::abs(b), c) ? fp_true<N> : 0;
}
template <unsigned N> uint64_t fp_cmeq0(uint64_t a, fp::ctl& c) { return fp_cmeq<N>(a, 0, c); }
template <unsigned N> uint64_t fp_cmge0(uint64_t a, fp::ctl& c) { return fp_cmge<N>(a, 0, c); }
template <unsigned N> uint64_t fp_cmgt0(uint64_t a, fp::ctl& c) { return fp_cmgt<N>(a, 0, c); }
template <unsigned N> uint64_t fp_cmle0(uint64_t a, fp::ctl& c) { return fp_cmge<N>(0, a, c); }
template <unsigned N> uint64_t fp_cmlt0(uint64_t a, fp::ctl& c) { return fp_cmgt<N>(0, a, c); }

} // namespace vp::cpu::exec
