// Execute handlers: Advanced SIMD data movement (DDI 0487 C7): copy (DUP,
// INS, UMOV, SMOV), modified immediate (MOVI, MVNI, ORR, BIC, FMOV vector
// immediate), permute (UZP, TRN, ZIP), EXT, TBL/TBX. a = bytes of the
// operation (8/16; element size for scalar DUP).
#pragma once

#include "cpu/execute/simd_common.h"

namespace vp::cpu::exec {

// DUP (element) vector and scalar: lane b of Vn to every lane.
template <class T> void dup_element(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const T v = lane<T>(vr(c, i.rn), i.b);
    vreg r{};
    for (unsigned k = 0; k < i.a / sizeof(T); ++k) set_lane<T>(r, k, v);
    vr(c, i.rd) = r;
    next(c);
}
// DUP (general): rn = general register slot.
template <class T> void dup_general(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const T v = T(c.st_.r[i.rn]);
    vreg r{};
    for (unsigned k = 0; k < i.a / sizeof(T); ++k) set_lane<T>(r, k, v);
    vr(c, i.rd) = r;
    next(c);
}
// INS (general): lane b of Vd = Xn; the other lanes are kept.
template <class T> void ins_general(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    set_lane<T>(vr(c, i.rd), i.b, T(c.st_.r[i.rn]));
    next(c);
}
// INS (element): lane b of Vd = lane c of Vn.
template <class T> void ins_element(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    set_lane<T>(vr(c, i.rd), i.b, lane<T>(vr(c, i.rn), i.c));
    next(c);
}
// UMOV / SMOV: rd = general register slot; SF: 64-bit destination.
template <class T, bool SIGNED, bool SF> void move_to_general(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const T v = lane<T>(vr(c, i.rn), i.b);
    uint64_t x = SIGNED ? uint64_t(int64_t(std::make_signed_t<T>(v))) : uint64_t(v);
    c.st_.r[i.rd] = SF ? x : uint32_t(x);
    next(c);
}

// Modified immediate: imm = the 64-bit pattern (AdvSIMDExpandImm).
enum modimm_kind : unsigned { mi_movi, mi_mvni, mi_orr, mi_bic };
template <unsigned K> void modified_immediate(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    vreg& d = vr(c, i.rd);
    vreg r{};
    for (unsigned k = 0; k < i.a / 8; ++k) {
        switch (K) {
        case mi_movi: r.d[k] = i.imm; break;
        case mi_mvni: r.d[k] = ~i.imm; break;
        case mi_orr: r.d[k] = d.d[k] | i.imm; break;
        default: r.d[k] = d.d[k] & ~i.imm; break;
        }
    }
    d = r;
    next(c);
}

// UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2: b = part (0: "1", 1: "2").
enum permute_kind : unsigned { pk_uzp, pk_trn, pk_zip };
// LANES and PART constants: the compiler reduces the lane copies to a few
// loads and stores (as vec3).
template <class T, unsigned K, unsigned LANES, unsigned PART> inline void permute_lanes(const vreg& n, const vreg& m, vreg& r) {
    constexpr unsigned lanes = LANES, part = PART;
    for (unsigned k = 0; k < lanes; ++k) {
        T v;
        if (K == pk_uzp) {
            const unsigned src = 2 * k + part; // from the concatenation m:n
            v = src < lanes ? lane<T>(n, src) : lane<T>(m, src - lanes);
        } else if (K == pk_trn) {
            v = (k & 1) ? lane<T>(m, (k & ~1u) + part) : lane<T>(n, k + part);
        } else {
            const unsigned base = part * lanes / 2;
            v = (k & 1) ? lane<T>(m, base + k / 2) : lane<T>(n, base + k / 2);
        }
        set_lane<T>(r, k, v);
    }
}
template <class T, unsigned K> void permute(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg n = vr(c, i.rn), m = vr(c, i.rm);
    constexpr unsigned q = 16 / sizeof(T), d = 8 / sizeof(T);
    vreg r{};
    if (i.a == 16) i.b ? permute_lanes<T, K, q, 1>(n, m, r) : permute_lanes<T, K, q, 0>(n, m, r);
    else i.b ? permute_lanes<T, K, d, 1>(n, m, r) : permute_lanes<T, K, d, 0>(n, m, r);
    vr(c, i.rd) = r;
    next(c);
}

// EXT: bytes b.. of the concatenation m:n.
inline void ext_bytes(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint8_t cat[32];
    std::memcpy(cat, vbytes(vr(c, i.rn)), i.a);
    std::memcpy(cat + i.a, vbytes(vr(c, i.rm)), i.a);
    vreg r{};
    std::memcpy(vbytes(r), cat + i.b, i.a);
    vr(c, i.rd) = r;
    next(c);
}

// TBL/TBX: table = b registers from Vn (mod 32); TBX keeps out-of-range bytes.
template <bool TBX> void table_lookup(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint8_t table[64];
    for (unsigned t = 0; t < i.b; ++t) std::memcpy(table + 16 * t, vbytes(vr(c, (i.rn + t) & 31)), 16);
    const vreg idx = vr(c, i.rm), d = vr(c, i.rd);
    vreg r{};
    for (unsigned k = 0; k < i.a; ++k) {
        const unsigned x = vbytes(idx)[k];
        vbytes(r)[k] = x < 16u * i.b ? table[x] : (TBX ? vbytes(d)[k] : 0);
    }
    vr(c, i.rd) = r;
    next(c);
}

} // namespace vp::cpu::exec
