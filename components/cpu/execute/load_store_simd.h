// Execute handlers: loads and stores of SIMD&FP registers (DDI 0487 C4.1.4,
// C7 LDR/STR/LDP/STP/LDNP/STNP (SIMD&FP), LD1-LD4/ST1-ST4, LD1R-LD4R). All
// data goes through core::load/store (translation, alignment, aborts); a
// data abort on these reports ISV = 0 (D13.2.37: the ISS is only valid for
// general-purpose register accesses).
#pragma once

#include "cpu/execute/load_store.h"
#include "cpu/execute/simd_common.h"

namespace vp::cpu::exec {

template <unsigned N> struct uint_of;
template <> struct uint_of<1> { using type = uint8_t; };
template <> struct uint_of<2> { using type = uint16_t; };
template <> struct uint_of<4> { using type = uint32_t; };
template <> struct uint_of<8> { using type = uint64_t; };

// Reads/writes N (1, 2, 4, 8 or 16) bytes at addr. A 128-bit access is two
// 64-bit accesses after the 16-byte alignment check of the whole access
// (Device memory or SCTLR_ELx.A: Mem[] checks the 16-byte size).
template <unsigned N> inline bool vmem_read(core& c, uint64_t addr, uint8_t* dst) {
    if constexpr (N <= 8) {
        typename uint_of<N>::type v;
        if (!c.load(addr, v, 0)) return false;
        std::memcpy(dst, &v, N);
    } else {
        if (!c.check_data_alignment(addr, 16, false, 0)) return false;
        uint64_t lo, hi;
        if (!c.load(addr, lo, 0) || !c.load(addr + 8, hi, 0)) return false;
        std::memcpy(dst, &lo, 8);
        std::memcpy(dst + 8, &hi, 8);
    }
    return true;
}
template <unsigned N> inline bool vmem_write(core& c, uint64_t addr, const uint8_t* src) {
    if constexpr (N <= 8) {
        typename uint_of<N>::type v;
        std::memcpy(&v, src, N);
        return c.store(addr, v, 0);
    } else {
        if (!c.check_data_alignment(addr, 16, true, 0)) return false;
        uint64_t lo, hi;
        std::memcpy(&lo, src, 8);
        std::memcpy(&hi, src + 8, 8);
        return c.store(addr, lo, 0) && c.store(addr + 8, hi, 0);
    }
}

// One whole-register transfer: a load zero-extends into Vt (C1.2.5).
template <unsigned N, bool LOAD> inline bool vtransfer(core& c, unsigned t, uint64_t addr) {
    vreg& v = vr(c, t);
    if constexpr (LOAD) {
        vreg tmp{};
        if (!vmem_read<N>(c, addr, vbytes(tmp))) return false;
        v = tmp;
        return true;
    } else {
        return vmem_write<N>(c, addr, vbytes(v));
    }
}

// vtransfer() without a call, when it cannot fault or reach the environment:
// core::load_fast/store_fast for up to 8 bytes; for 16, a 16-byte aligned
// access (so in one page, and no alignment fault) through core::pair_fast,
// which succeeds exactly when both 64-bit halves would take the fast path.
// False: nothing was done, the full path runs.
template <unsigned N, bool LOAD> [[gnu::always_inline]] inline bool vtransfer_fast(core& c, unsigned t, uint64_t addr) {
    vreg& v = vr(c, t);
    if constexpr (N <= 8) {
        using U = typename uint_of<N>::type;
        U x;
        if constexpr (LOAD) {
            if (!c.load_fast<U>(addr, x)) return false;
            v.d[0] = x; // zero-extends into Vt (C1.2.5)
            v.d[1] = 0;
            return true;
        } else {
            std::memcpy(&x, vbytes(v), N);
            return c.store_fast<U>(addr, x);
        }
    } else {
        if (addr & 15) return false;
        uint8_t* const host = c.pair_fast<uint64_t, !LOAD>(addr);
        if (!host) return false;
        if constexpr (LOAD) std::memcpy(vbytes(v), host, 16);
        else std::memcpy(host, vbytes(v), 16);
        return true;
    }
}

// LDR/STR (immediate, SIMD&FP): rd = Vt, imm = offset (scaled for the
// unsigned-offset form). The fast path calls nothing (no stack frame, as
// the general-purpose loads/stores, docs/iss-dispatch.md); when SIMD&FP is
// disabled or the access needs more, the full handler runs from the start.
template <unsigned N, bool LOAD, unsigned MODE> void vldst_imm_full(core& c, const insn& i);
// SP: the base register is SP (picked by the decoder, as for ldst_imm).
template <unsigned N, bool LOAD, unsigned MODE, bool SP> void vldst_imm(core& c, const insn& i) {
    if (VP_CPU_LIKELY(c.fp_access_ok())) {
        const uint64_t base = c.st_.r[i.rn];
        const uint64_t addr = MODE == post_index ? base : base + i.imm;
        if (VP_CPU_LIKELY(((!SP || (base & 15) == 0) && vtransfer_fast<N, LOAD>(c, i.rd, addr)))) {
            if constexpr (MODE != offset) c.st_.r[i.rn] = base + i.imm;
            next(c);
            return;
        }
    }
    vldst_imm_full<N, LOAD, MODE>(c, i);
}
template <unsigned N, bool LOAD, unsigned MODE> [[gnu::noinline]] void vldst_imm_full(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const uint64_t addr = MODE == post_index ? base : base + i.imm;
    if (!vtransfer<N, LOAD>(c, i.rd, addr)) return;
    if constexpr (MODE != offset) c.st_.r[i.rn] = base + i.imm;
    next(c);
}

// LDR/STR (register offset, SIMD&FP): a = shift, b = option. Fast path as
// vldst_imm.
template <unsigned N, bool LOAD, bool EXTEND> void vldst_reg_full(core& c, const insn& i);
template <unsigned N, bool LOAD, bool EXTEND, bool SP> void vldst_reg(core& c, const insn& i) {
    if (VP_CPU_LIKELY(c.fp_access_ok())) {
        const uint64_t base = c.st_.r[i.rn];
        if (VP_CPU_LIKELY(((!SP || (base & 15) == 0) &&
                           vtransfer_fast<N, LOAD>(c, i.rd, base + offset_value<EXTEND>(c, i))))) {
            next(c);
            return;
        }
    }
    vldst_reg_full<N, LOAD, EXTEND>(c, i);
}
template <unsigned N, bool LOAD, bool EXTEND> [[gnu::noinline]] void vldst_reg_full(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!vtransfer<N, LOAD>(c, i.rd, base + offset_value<EXTEND>(c, i))) return;
    next(c);
}

// LDR (literal, SIMD&FP).
template <unsigned N> void vldr_literal(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    if (!vtransfer<N, true>(c, i.rd, c.st_.pc + i.imm)) return;
    next(c);
}

// LDP/STP/LDNP/STNP (SIMD&FP): rd = Vt, ra = Vt2, imm = scaled offset.
template <unsigned N, bool LOAD, unsigned MODE> void vldst_pair(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const uint64_t addr = MODE == post_index ? base : base + i.imm;
    if constexpr (LOAD) {
        vreg a{}, b{};
        if (!vmem_read<N>(c, addr, vbytes(a)) || !vmem_read<N>(c, addr + N, vbytes(b))) return;
        vr(c, i.rd) = a;
        vr(c, i.ra) = b;
    } else {
        // No partial pair on an alignment fault in Device memory.
        if (!c.check_data_alignment(addr, N, true, 0)) return;
        if (!vmem_write<N>(c, addr, vbytes(vr(c, i.rd))) || !vmem_write<N>(c, addr + N, vbytes(vr(c, i.ra)))) return;
    }
    if constexpr (MODE != offset) c.st_.r[i.rn] = base + i.imm;
    next(c);
}

} // namespace vp::cpu::exec
