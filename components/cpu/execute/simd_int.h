// Execute handlers: Advanced SIMD integer classes (DDI 0487 C7: three same,
// three different, two-register misc, across lanes, by element, shift by
// immediate, and their scalar forms). One lane loop per shape, the lane
// operation is a small functor (f(n, m, d, qc)); saturation sets FPSR.QC.
// insn fields: rd/rn/rm = V registers, a = bytes of the operation (8 or 16
// for vectors, the element size for scalars), b = part (0: lower half,
// 1: upper half "2" forms) or the element index, imm = shift amount.
#pragma once

#include <limits>
#include <type_traits>

#include "cpu/execute/simd_common.h"

namespace vp::cpu::exec {

template <class T> using signed_t = std::make_signed_t<T>;
template <class T> struct wider;
template <> struct wider<uint8_t> { using type = uint16_t; };
template <> struct wider<uint16_t> { using type = uint32_t; };
template <> struct wider<uint32_t> { using type = uint64_t; };
template <class T> using wide_t = typename wider<T>::type;
template <class T> struct narrower;
template <> struct narrower<uint16_t> { using type = uint8_t; };
template <> struct narrower<uint32_t> { using type = uint16_t; };
template <> struct narrower<uint64_t> { using type = uint32_t; };
template <class T> using narrow_t = typename narrower<T>::type;

template <class T> inline T rbit_elem(T n) {
    T r = 0;
    for (unsigned b = 0; b < 8 * sizeof(T); ++b) r = T(r | (((n >> b) & 1) << (8 * sizeof(T) - 1 - b)));
    return r;
}
template <class T> inline unsigned clz_elem(T n) {
    return n == 0 ? unsigned(8 * sizeof(T)) : unsigned(__builtin_clzll(uint64_t(n))) - unsigned(64 - 8 * sizeof(T));
}
// Polynomial (carry-less) multiply, truncated to T (PMUL, PMULL).
template <class T> inline T clmul(T n, T m) {
    T r = 0;
    for (unsigned b = 0; b < 8 * sizeof(T); ++b)
        if ((m >> b) & 1) r = T(r ^ (n << b));
    return r;
}
constexpr unsigned bits_of(unsigned bytes) { return bytes * 8; }

inline void set_qc(core& c, bool qc) {
    if (qc) c.st_.fpsr |= fpsr_qc;
}

// Saturate a 128-bit intermediate to T (signed or unsigned), noting QC.
template <class T, bool SIGNED> inline T saturate(__int128 v, bool& qc) {
    if constexpr (SIGNED) {
        using S = signed_t<T>;
        constexpr __int128 lo = std::numeric_limits<S>::min(), hi = std::numeric_limits<S>::max();
        if (v < lo) { qc = true; return T(S(lo)); }
        if (v > hi) { qc = true; return T(S(hi)); }
        return T(S(v));
    } else {
        constexpr __int128 hi = std::numeric_limits<T>::max();
        if (v < 0) { qc = true; return 0; }
        if (v > hi) { qc = true; return T(hi); }
        return T(v);
    }
}
template <class T, bool SIGNED> inline __int128 ext(T v) {
    if constexpr (SIGNED) return __int128(signed_t<T>(v));
    else return __int128(v);
}

// Shift by a signed amount (negative: right), optionally rounding and
// saturating (SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL and the
// immediate shifts built on them).
template <class T, bool SIGNED, bool ROUND, bool SAT> inline T shift_elem(T n, int shift, bool& qc) {
    constexpr int esize = int(sizeof(T) * 8);
    const __int128 x = ext<T, SIGNED>(n);
    __int128 r;
    if (shift >= 0) {
        if (shift >= esize) r = x == 0 ? 0 : (x < 0 ? -(__int128(1) << 100) : (__int128(1) << 100));
        else r = x * (__int128(1) << shift);
    } else {
        const int s = -shift > 100 ? 100 : -shift;
        r = ROUND ? (x + (__int128(1) << (s - 1))) >> s : x >> s;
    }
    if constexpr (SAT) return saturate<T, SIGNED>(r, qc);
    else return T(r);
}

// ---- lane loops ----

// Elementwise over `a` bytes: d[k] = OP(n[k], m[k], d[k]). For the vector
// forms (8 or 16 bytes) the lane count is a constant, so the compiler
// unrolls the loop (and vectorises what it can) instead of looping on i.a.
template <class T, class OP, unsigned BYTES> inline void vec3_lanes(const vreg& n, const vreg& m, const vreg& d, vreg& r,
                                                                    bool& qc) {
    for (unsigned k = 0; k < BYTES / sizeof(T); ++k)
        set_lane<T>(r, k, OP::f(lane<T>(n, k), lane<T>(m, k), lane<T>(d, k), qc));
}
template <class T, class OP> void vec3(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), m = vr(c, i.rm), d = vr(c, i.rd);
    vreg r{};
    bool qc = false;
    if (i.a == 16) vec3_lanes<T, OP, 16>(n, m, d, r, qc);
    else if (i.a == 8) vec3_lanes<T, OP, 8>(n, m, d, r, qc);
    else // scalar forms of one element narrower than 64 bits (SQADD Bd ...)
        for (unsigned k = 0; k < i.a / sizeof(T); ++k)
            set_lane<T>(r, k, OP::f(lane<T>(n, k), lane<T>(m, k), lane<T>(d, k), qc));
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// By element: m is lane `b` of Vm (rm), for every k.
template <class T, class OP> void vec3_elem(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), d = vr(c, i.rd);
    const T m = lane<T>(vr(c, i.rm), i.b);
    vreg r{};
    bool qc = false;
    for (unsigned k = 0; k < i.a / sizeof(T); ++k) set_lane<T>(r, k, OP::f(lane<T>(n, k), m, lane<T>(d, k), qc));
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// Pairwise over the concatenation m:n (ADDP, SMAXP ...): a = bytes.
template <class T, class OP> void vec3_pairwise(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), m = vr(c, i.rm);
    const unsigned half = i.a / sizeof(T) / 2;
    vreg r{};
    bool qc = false;
    for (unsigned k = 0; k < half; ++k) {
        set_lane<T>(r, k, OP::f(lane<T>(n, 2 * k), lane<T>(n, 2 * k + 1), T(0), qc));
        set_lane<T>(r, half + k, OP::f(lane<T>(m, 2 * k), lane<T>(m, 2 * k + 1), T(0), qc));
    }
    vr(c, i.rd) = r;
    next(c);
}

// Long: wide[k] = OP(ext(n.part[k]), ext(m.part[k]), d[k]); WIDEN_N: n is
// already wide (the "W" forms). EXT: the narrow-to-wide conversion.
// The lanes of one part (BASE: first narrow lane read), a constant so that
// the compiler turns the lane copies into plain loads and shuffles.
template <class N, bool SIGNED, class OP, bool WIDE_N, bool BY_ELEM, unsigned LANES, unsigned BASE>
inline void vec_long_lanes(const insn& i, const vreg& n, const vreg& m, const vreg& d, vreg& r, bool& qc) {
    using W = wide_t<N>;
    for (unsigned k = 0; k < LANES; ++k) {
        const W nv = WIDE_N ? lane<W>(n, k) : W(ext<N, SIGNED>(lane<N>(n, BASE + k)));
        const W mv = W(ext<N, SIGNED>(lane<N>(m, BY_ELEM ? i.c : BASE + k)));
        set_lane<W>(r, k, OP::f(nv, mv, lane<W>(d, k), qc));
    }
}
template <class N, bool SIGNED, class OP, bool WIDE_N, bool BY_ELEM = false, bool SCALAR = false>
void vec_long(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), m = vr(c, i.rm), d = vr(c, i.rd);
    constexpr unsigned lanes = SCALAR ? 1 : 8 / sizeof(N);
    vreg r{};
    bool qc = false;
    if (!SCALAR && i.b) vec_long_lanes<N, SIGNED, OP, WIDE_N, BY_ELEM, lanes, lanes>(i, n, m, d, r, qc); // the "2" forms
    else vec_long_lanes<N, SIGNED, OP, WIDE_N, BY_ELEM, lanes, 0>(i, n, m, d, r, qc);
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// Narrow: narrow[k] = OP(n[k], m[k]) of wide lanes, into the lower half
// (upper cleared) or the upper half (lower kept) of Vd.
template <class N, class OP> void vec_narrow(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    using W = wide_t<N>;
    const vreg n = vr(c, i.rn), m = vr(c, i.rm);
    const unsigned lanes = 8 / sizeof(N);
    vreg r{};
    if (i.b) r.d[0] = vr(c, i.rd).d[0];
    bool qc = false;
    for (unsigned k = 0; k < lanes; ++k) set_lane<N>(r, (i.b ? lanes : 0) + k, N(OP::f(lane<W>(n, k), lane<W>(m, k), W(0), qc)));
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// Scalar narrow (SQXTN b, h ...): one element, the rest cleared.
template <class N, class OP> void scalar_narrow(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    using W = wide_t<N>;
    bool qc = false;
    vreg r{};
    set_lane<N>(r, 0, N(OP::f(lane<W>(vr(c, i.rn), 0), W(0), W(0), qc)));
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// Across lanes: ADDV, SMAXV ... (R = result type, wider for SADDLV/UADDLV).
template <class T, class R, bool SIGNED, class OP> void across(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn);
    bool qc = false;
    R acc = R(ext<T, SIGNED>(lane<T>(n, 0)));
    for (unsigned k = 1; k < i.a / sizeof(T); ++k) acc = OP::f(acc, R(ext<T, SIGNED>(lane<T>(n, k))), R(0), qc);
    vreg r{};
    set_lane<R>(r, 0, acc);
    vr(c, i.rd) = r;
    next(c);
}

// Pairwise long (SADDLP, UADDLP, SADALP, UADALP): ACC adds to Vd.
template <class N, bool SIGNED, bool ACC> void pairwise_long(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    using W = wide_t<N>;
    const vreg n = vr(c, i.rn), d = vr(c, i.rd);
    vreg r{};
    for (unsigned k = 0; k < i.a / sizeof(W); ++k) {
        W s = W(ext<N, SIGNED>(lane<N>(n, 2 * k)) + ext<N, SIGNED>(lane<N>(n, 2 * k + 1)));
        if (ACC) s = W(s + lane<W>(d, k));
        set_lane<W>(r, k, s);
    }
    vr(c, i.rd) = r;
    next(c);
}

// Lane permutation within elements: REV16/REV32/REV64 (reverse the T
// elements inside each CONTAINER-byte group).
template <class T, unsigned CONTAINER> void vec_rev(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn);
    vreg r{};
    static_assert(CONTAINER > sizeof(T), "REV reverses elements narrower than the container");
    constexpr unsigned per = CONTAINER / sizeof(T);
    for (unsigned k = 0; k < i.a / sizeof(T); ++k) set_lane<T>(r, k, lane<T>(n, (k / per) * per + (per - 1 - k % per)));
    vr(c, i.rd) = r;
    next(c);
}

// PMULL/PMULL2 (1Q, FEAT_PMULL): 64 x 64 -> 128-bit polynomial product of
// the part's doublewords.
inline void pmull_1q(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const uint64_t n = vr(c, i.rn).d[i.b], m = vr(c, i.rm).d[i.b];
    uint64_t lo = 0, hi = 0;
    for (unsigned b = 0; b < 64; ++b) {
        if ((m >> b) & 1) {
            lo ^= n << b;
            if (b) hi ^= n >> (64 - b);
        }
    }
    vr(c, i.rd).d[0] = lo;
    vr(c, i.rd).d[1] = hi;
    next(c);
}

// ---- lane operations: f(n, m, d, qc) ----

// U: T's arithmetic done unsigned (8- and 16-bit lanes would otherwise be
// promoted to int, where 0xffff * 0xffff overflows: UB; found by
// fuzz_a64_unicorn on UMLAL). The result is T's modulo, as the pseudocode's.
#define VP_SIMD_OP(name, expr)                                                        \
    struct name {                                                                     \
        template <class T> static T f(T n, T m, T d, bool& qc) {                      \
            (void)n; (void)m; (void)d; (void)qc;                                      \
            using S = signed_t<T>;                                                    \
            using U = std::common_type_t<T, unsigned>;                                \
            (void)sizeof(S);                                                          \
            (void)sizeof(U);                                                          \
            return T(expr);                                                           \
        }                                                                             \
    };
VP_SIMD_OP(op_add, n + m)
VP_SIMD_OP(op_sub, n - m)
VP_SIMD_OP(op_mul, U(n) * U(m))
VP_SIMD_OP(op_mla, U(d) + U(n) * U(m))
VP_SIMD_OP(op_mls, U(d) - U(n) * U(m))
VP_SIMD_OP(op_and, n & m)
VP_SIMD_OP(op_bic, n & ~m)
VP_SIMD_OP(op_orr, n | m)
VP_SIMD_OP(op_orn, n | ~m)
VP_SIMD_OP(op_eor, n ^ m)
VP_SIMD_OP(op_bsl, (d & n) | (~d & m))
VP_SIMD_OP(op_bit, (m & n) | (~m & d))
VP_SIMD_OP(op_bif, (~m & n) | (m & d))
VP_SIMD_OP(op_cmgt, S(n) > S(m) ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmge, S(n) >= S(m) ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmhi, n > m ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmhs, n >= m ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmeq, n == m ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmtst, (n & m) ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmlt0, S(n) < 0 ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmle0, S(n) <= 0 ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmgt0, S(n) > 0 ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmge0, S(n) >= 0 ? T(~T(0)) : T(0))
VP_SIMD_OP(op_cmeq0, n == 0 ? T(~T(0)) : T(0))
VP_SIMD_OP(op_smax, S(n) > S(m) ? n : m)
VP_SIMD_OP(op_smin, S(n) < S(m) ? n : m)
VP_SIMD_OP(op_umax, n > m ? n : m)
VP_SIMD_OP(op_umin, n < m ? n : m)
VP_SIMD_OP(op_sabd, S(n) > S(m) ? T(n - m) : T(m - n))
VP_SIMD_OP(op_uabd, n > m ? T(n - m) : T(m - n))
VP_SIMD_OP(op_saba, d + (S(n) > S(m) ? T(n - m) : T(m - n)))
VP_SIMD_OP(op_uaba, d + (n > m ? T(n - m) : T(m - n)))
VP_SIMD_OP(op_shadd, (ext<T, true>(n) + ext<T, true>(m)) >> 1)
VP_SIMD_OP(op_uhadd, (ext<T, false>(n) + ext<T, false>(m)) >> 1)
VP_SIMD_OP(op_srhadd, (ext<T, true>(n) + ext<T, true>(m) + 1) >> 1)
VP_SIMD_OP(op_urhadd, (ext<T, false>(n) + ext<T, false>(m) + 1) >> 1)
VP_SIMD_OP(op_shsub, (ext<T, true>(n) - ext<T, true>(m)) >> 1)
VP_SIMD_OP(op_uhsub, (ext<T, false>(n) - ext<T, false>(m)) >> 1)
VP_SIMD_OP(op_sqadd, (saturate<T, true>(ext<T, true>(n) + ext<T, true>(m), qc)))
VP_SIMD_OP(op_uqadd, (saturate<T, false>(ext<T, false>(n) + ext<T, false>(m), qc)))
VP_SIMD_OP(op_sqsub, (saturate<T, true>(ext<T, true>(n) - ext<T, true>(m), qc)))
VP_SIMD_OP(op_uqsub, (saturate<T, false>(ext<T, false>(n) - ext<T, false>(m), qc)))
VP_SIMD_OP(op_sshl, (shift_elem<T, true, false, false>(n, int8_t(m), qc)))
VP_SIMD_OP(op_ushl, (shift_elem<T, false, false, false>(n, int8_t(m), qc)))
VP_SIMD_OP(op_srshl, (shift_elem<T, true, true, false>(n, int8_t(m), qc)))
VP_SIMD_OP(op_urshl, (shift_elem<T, false, true, false>(n, int8_t(m), qc)))
VP_SIMD_OP(op_sqshl, (shift_elem<T, true, false, true>(n, int8_t(m), qc)))
VP_SIMD_OP(op_uqshl, (shift_elem<T, false, false, true>(n, int8_t(m), qc)))
VP_SIMD_OP(op_sqrshl, (shift_elem<T, true, true, true>(n, int8_t(m), qc)))
VP_SIMD_OP(op_uqrshl, (shift_elem<T, false, true, true>(n, int8_t(m), qc)))
// SQDMULH / SQRDMULH: high half of 2*n*m (rounded), saturated.
VP_SIMD_OP(op_sqdmulh, (saturate<T, true>((2 * ext<T, true>(n) * ext<T, true>(m)) >> (8 * sizeof(T)), qc)))
VP_SIMD_OP(op_sqrdmulh, (saturate<T, true>((2 * ext<T, true>(n) * ext<T, true>(m) + (__int128(1) << (8 * sizeof(T) - 1))) >> (8 * sizeof(T)), qc)))
// Two-register misc (m, d unused).
VP_SIMD_OP(op_abs, S(n) < 0 ? T(-n) : n)
VP_SIMD_OP(op_neg, T(0) - n)
VP_SIMD_OP(op_sqabs, (saturate<T, true>(ext<T, true>(n) < 0 ? -ext<T, true>(n) : ext<T, true>(n), qc)))
VP_SIMD_OP(op_sqneg, (saturate<T, true>(-ext<T, true>(n), qc)))
VP_SIMD_OP(op_not, ~n)
VP_SIMD_OP(op_cnt, __builtin_popcountll(uint64_t(n)))
VP_SIMD_OP(op_clz, clz_elem<T>(n))
VP_SIMD_OP(op_cls, clz_elem<T>(T(S(n) < 0 ? ~n : n)) - 1)
VP_SIMD_OP(op_rbit, rbit_elem<T>(n))
VP_SIMD_OP(op_pmul, clmul<T>(n, m))
// Long forms on the widened lanes.
VP_SIMD_OP(op_sqdmull, (saturate<T, true>(2 * ext<T, true>(n) * ext<T, true>(m), qc)))
VP_SIMD_OP(op_sqdmlal, (saturate<T, true>(ext<T, true>(d) + ext<T, true>(saturate<T, true>(2 * ext<T, true>(n) * ext<T, true>(m), qc)), qc)))
VP_SIMD_OP(op_sqdmlsl, (saturate<T, true>(ext<T, true>(d) - ext<T, true>(saturate<T, true>(2 * ext<T, true>(n) * ext<T, true>(m), qc)), qc)))
// Narrowing high half (T is the wide type).
VP_SIMD_OP(op_addhn, T(n + m) >> (4 * sizeof(T)))
VP_SIMD_OP(op_raddhn, T(n + m + (T(1) << (4 * sizeof(T) - 1))) >> (4 * sizeof(T)))
VP_SIMD_OP(op_subhn, T(n - m) >> (4 * sizeof(T)))
VP_SIMD_OP(op_rsubhn, T(n - m + (T(1) << (4 * sizeof(T) - 1))) >> (4 * sizeof(T)))
VP_SIMD_OP(op_xtn, n)
VP_SIMD_OP(op_sqxtn, (saturate<narrow_t<T>, true>(ext<T, true>(n), qc)))
VP_SIMD_OP(op_uqxtn, (saturate<narrow_t<T>, false>(ext<T, false>(n), qc)))
VP_SIMD_OP(op_sqxtun, (saturate<narrow_t<T>, false>(ext<T, true>(n), qc)))
// SUQADD: signed d + unsigned n, signed saturation; USQADD: unsigned d + signed n.
VP_SIMD_OP(op_suqadd, (saturate<T, true>(ext<T, true>(d) + ext<T, false>(n), qc)))
VP_SIMD_OP(op_usqadd, (saturate<T, false>(ext<T, false>(d) + ext<T, true>(n), qc)))
#undef VP_SIMD_OP

// ---- shifts by immediate (imm = shift amount) ----

enum shift_kind : unsigned {
    sk_sshr, sk_ushr, sk_srshr, sk_urshr, sk_ssra, sk_usra, sk_srsra, sk_ursra,
    sk_shl, sk_sqshl, sk_uqshl, sk_sqshlu, sk_sri, sk_sli,
};
template <class T, unsigned K> inline T shift_imm_elem(T n, T d, unsigned sh, bool& qc) {
    constexpr unsigned esize = 8 * sizeof(T);
    const int right = -int(sh);
    switch (K) {
    case sk_sshr: return shift_elem<T, true, false, false>(n, right, qc);
    case sk_ushr: return shift_elem<T, false, false, false>(n, right, qc);
    case sk_srshr: return shift_elem<T, true, true, false>(n, right, qc);
    case sk_urshr: return shift_elem<T, false, true, false>(n, right, qc);
    case sk_ssra: return T(d + shift_elem<T, true, false, false>(n, right, qc));
    case sk_usra: return T(d + shift_elem<T, false, false, false>(n, right, qc));
    case sk_srsra: return T(d + shift_elem<T, true, true, false>(n, right, qc));
    case sk_ursra: return T(d + shift_elem<T, false, true, false>(n, right, qc));
    case sk_shl: return T(n << sh);
    case sk_sqshl: return shift_elem<T, true, false, true>(n, int(sh), qc);
    case sk_uqshl: return shift_elem<T, false, false, true>(n, int(sh), qc);
    case sk_sqshlu: return saturate<T, false>(ext<T, true>(n) * (__int128(1) << sh), qc);
    case sk_sri: { // shift right and insert: the top sh bits of d stay
        if (sh >= esize) return d;
        const T mask = T(T(~T(0)) >> sh);
        return T((d & ~mask) | ((n >> sh) & mask));
    }
    default: { // sk_sli
        const T mask = T(T(~T(0)) << sh);
        return T((d & ~mask) | ((n << sh) & mask));
    }
    }
}

template <class T, unsigned K> void vec_shift_imm(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), d = vr(c, i.rd);
    vreg r{};
    bool qc = false;
    const unsigned sh = unsigned(i.imm);
    // A constant lane count for the vector forms, as vec3.
    const auto lanes = [&](auto bytes) {
        for (unsigned k = 0; k < decltype(bytes)::value / sizeof(T); ++k)
            set_lane<T>(r, k, shift_imm_elem<T, K>(lane<T>(n, k), lane<T>(d, k), sh, qc));
    };
    if (i.a == 16) lanes(std::integral_constant<unsigned, 16>{});
    else if (i.a == 8) lanes(std::integral_constant<unsigned, 8>{});
    else
        for (unsigned k = 0; k < i.a / sizeof(T); ++k) set_lane<T>(r, k, shift_imm_elem<T, K>(lane<T>(n, k), lane<T>(d, k), sh, qc));
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

// SSHLL/USHLL (and SXTL/UXTL): widen the part, shift left.
template <class N, bool SIGNED> void vec_shll(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    using W = wide_t<N>;
    const vreg n = vr(c, i.rn);
    constexpr unsigned lanes = 8 / sizeof(N);
    const unsigned sh = unsigned(i.imm);
    vreg r{};
    // The part as a constant (plain loads and shuffles); UXTL/SXTL (no shift) on their own.
    const auto part = [&](auto base, auto shifted) {
        for (unsigned k = 0; k < lanes; ++k) {
            const W w = W(ext<N, SIGNED>(lane<N>(n, decltype(base)::value + k)));
            set_lane<W>(r, k, decltype(shifted)::value ? W(w << sh) : w);
        }
    };
    using z = std::integral_constant<unsigned, 0>;
    using h = std::integral_constant<unsigned, lanes>;
    using no = std::false_type;
    using yes = std::true_type;
    if (i.b) sh ? part(h{}, yes{}) : part(h{}, no{});
    else sh ? part(z{}, yes{}) : part(z{}, no{});
    vr(c, i.rd) = r;
    next(c);
}

// Shift right narrow: SHRN/RSHRN, SQSHRN/SQRSHRN, UQSHRN/UQRSHRN,
// SQSHRUN/SQRSHRUN. SAT: 0 truncate, 1 signed, 2 unsigned result.
// SCALAR: one element into an otherwise cleared register.
template <class N, bool SIGNED, bool ROUND, unsigned SAT, bool SCALAR> void shift_narrow(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    using W = wide_t<N>;
    const vreg n = vr(c, i.rn);
    const unsigned lanes = SCALAR ? 1 : 8 / sizeof(N), base = (!SCALAR && i.b) ? lanes : 0;
    vreg r{};
    if (base) r.d[0] = vr(c, i.rd).d[0];
    bool qc = false;
    const int sh = int(i.imm);
    for (unsigned k = 0; k < lanes; ++k) {
        const __int128 x = ext<W, SIGNED>(lane<W>(n, k));
        const __int128 v = ROUND ? (x + (__int128(1) << (sh - 1))) >> sh : x >> sh;
        N out;
        if constexpr (SAT == 0) out = N(v);
        else out = saturate<N, SAT == 1>(v, qc);
        set_lane<N>(r, base + k, out);
    }
    vr(c, i.rd) = r;
    set_qc(c, qc);
    next(c);
}

} // namespace vp::cpu::exec
