// Execute handlers: loads and stores (DDI 0487 C4.1.4, C6 pages). Memory
// is Device (translation off), so every access must be naturally aligned
// (the core's load/store take the Alignment fault otherwise).
#pragma once

#include <type_traits>

#include "cpu/exceptions.h"
#include "cpu/execute/common.h"

namespace vp::cpu::exec {

// What a single-register access does with the data.
enum ldst_kind : unsigned {
    st,        // store
    ld,        // load, zero-extend
    ld_s64,    // load, sign-extend to 64 bits
    ld_s32,    // load, sign-extend to 32 bits (then zero-extend)
};
// Addressing mode; `unprivileged` is LDTR/STTR (an offset access checked
// with EL0 permissions when executed at EL1, D1.6.4).
enum ldst_mode : unsigned { offset, pre_index, post_index, unprivileged };

template <typename T> constexpr unsigned size_log2() {
    return sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3;
}

template <typename T, unsigned KIND> inline uint64_t extend_loaded(T v) {
    using S = std::make_signed_t<T>;
    if constexpr (KIND == ld_s64) return uint64_t(int64_t(S(v)));
    else if constexpr (KIND == ld_s32) return uint32_t(int32_t(S(v)));
    else return uint64_t(v);
}

// Data-abort syndrome of a single-register access (ISV=1 when there is no
// writeback). Reported only by a stage 2 abort taken to EL2 (D13.2.37); the
// exception entry drops it otherwise (exceptions::iss_instruction_syndrome).
template <typename T, unsigned KIND> inline uint32_t access_iss(const insn& i, bool writeback, bool acq_rel = false) {
    if (writeback) return 0;
    const bool sf = KIND == ld_s64 || (KIND != ld_s32 && sizeof(T) == 8);
    return exceptions::iss_access(size_log2<T>(), KIND == ld_s64 || KIND == ld_s32, i.raw & 31, sf, acq_rel);
}

template <typename T, unsigned KIND> inline bool transfer(core& c, const insn& i, uint64_t addr, uint32_t iss) {
    if constexpr (KIND == st) {
        return c.store<T>(addr, T(c.st_.r[i.rd]), iss);
    } else {
        T v;
        if (!c.load<T>(addr, v, iss)) return false;
        c.st_.r[i.rd] = extend_loaded<T, KIND>(v);
        return true;
    }
}

// Base register read with the SP alignment check (D1.8.2) when the base is SP.
inline bool base_address(core& c, const insn& i, uint64_t& base) {
    base = c.st_.r[i.rn];
    if (VP_CPU_UNLIKELY(i.rn == reg_sp) && !c.check_sp_alignment(base)) return false;
    return true;
}

// The common case of a single-register access with no call (so that the
// handler needs no stack frame): the base is not a misaligned SP and the
// access takes core::load_fast/store_fast. False: nothing was done, the full
// handler runs. SP: the base register is SP (the decoder picks the handler,
// so that the others do not test Rn).
template <typename T, unsigned KIND, bool SP>
[[gnu::always_inline]] inline bool fast_transfer(core& c, const insn& i, uint64_t base, uint64_t addr) {
    if (SP && (base & 15) != 0) return false;
    if constexpr (KIND == st) {
        return c.store_fast<T>(addr, T(c.st_.r[i.rd]));
    } else {
        T v;
        if (!c.load_fast<T>(addr, v)) return false;
        c.st_.r[i.rd] = extend_loaded<T, KIND>(v);
        return true;
    }
}

// LDR/STR (immediate: unsigned offset, unscaled, pre/post-index): imm = offset.
// For loads rd is the destination slot, for stores the source slot.
template <typename T, unsigned KIND, unsigned MODE> void ldst_imm_full(core& c, const insn& i);
template <typename T, unsigned KIND, unsigned MODE, bool SP> void ldst_imm(core& c, const insn& i) {
    if constexpr (MODE != unprivileged) {
        const uint64_t base = c.st_.r[i.rn];
        const uint64_t addr = MODE == post_index ? base : base + i.imm;
        if (VP_CPU_LIKELY((fast_transfer<T, KIND, SP>(c, i, base, addr)))) {
            if constexpr (MODE == pre_index || MODE == post_index) c.st_.r[i.rn] = base + i.imm;
            next(c);
            return;
        }
    }
    ldst_imm_full<T, KIND, MODE>(c, i);
}
template <typename T, unsigned KIND, unsigned MODE> [[gnu::noinline]] void ldst_imm_full(core& c, const insn& i) {
    constexpr bool writeback = MODE == pre_index || MODE == post_index;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const uint64_t addr = MODE == post_index ? base : base + i.imm;
    if constexpr (MODE == unprivileged) {
        c.begin_unprivileged();
        const bool ok = transfer<T, KIND>(c, i, addr, access_iss<T, KIND>(i, false));
        c.end_unprivileged();
        if (!ok) return;
    } else {
        if (!transfer<T, KIND>(c, i, addr, access_iss<T, KIND>(i, writeback))) return;
    }
    if constexpr (writeback) c.st_.r[i.rn] = base + i.imm;
    next(c);
}

// The offset register of a register-offset access: EXTEND false when the
// option is UXTX/SXTX (LSL: the register as it is, the common form).
template <bool EXTEND> inline uint64_t offset_value(const core& c, const insn& i) {
    return EXTEND ? extend_value(c.st_.r[i.rm], i.b, i.a) : c.st_.r[i.rm] << i.a;
}

// LDR/STR (register offset): a = shift amount, b = option (extend).
template <typename T, unsigned KIND> void ldst_reg_full(core& c, const insn& i);
template <typename T, unsigned KIND, bool EXTEND, bool SP> void ldst_reg(core& c, const insn& i) {
    const uint64_t base = c.st_.r[i.rn];
    const uint64_t addr = base + offset_value<EXTEND>(c, i);
    if (VP_CPU_LIKELY((fast_transfer<T, KIND, SP>(c, i, base, addr)))) {
        next(c);
        return;
    }
    ldst_reg_full<T, KIND>(c, i);
}
template <typename T, unsigned KIND> [[gnu::noinline]] void ldst_reg_full(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const uint64_t addr = base + extend_value(c.st_.r[i.rm], i.b, i.a);
    if (!transfer<T, KIND>(c, i, addr, access_iss<T, KIND>(i, false))) return;
    next(c);
}

// LDR (literal): address = PC + imm.
template <typename T, unsigned KIND> void ldr_literal(core& c, const insn& i) {
    if (!transfer<T, KIND>(c, i, c.st_.pc + i.imm, access_iss<T, KIND>(i, false))) return;
    next(c);
}

// LDP/STP/LDNP/STNP/LDPSW: rd = Rt, ra = Rt2, imm = scaled offset.
template <typename T, unsigned KIND, unsigned MODE> void ldst_pair_full(core& c, const insn& i);
template <typename T, unsigned KIND, unsigned MODE, bool SP> void ldst_pair(core& c, const insn& i) {
    const uint64_t base = c.st_.r[i.rn];
    const uint64_t addr = MODE == post_index ? base : base + i.imm;
    // Both elements in one page: one check covers both (core::pair_fast), and
    // the fast path does both accesses or none.
    if (VP_CPU_LIKELY((!SP || (base & 15) == 0) && (addr & 0xfff) <= 0x1000 - 2 * sizeof(T))) {
        auto& r = c.st_.r;
        uint8_t* const host = c.pair_fast<T, KIND == st>(addr);
        if (VP_CPU_LIKELY(host != nullptr)) {
            if constexpr (KIND == st) {
                const T v1 = T(r[i.rd]), v2 = T(r[i.ra]);
                std::memcpy(host, &v1, sizeof(T));
                std::memcpy(host + sizeof(T), &v2, sizeof(T));
            } else {
                T v1, v2;
                std::memcpy(&v1, host, sizeof(T));
                std::memcpy(&v2, host + sizeof(T), sizeof(T));
                r[i.rd] = extend_loaded<T, KIND>(v1);
                r[i.ra] = extend_loaded<T, KIND>(v2);
            }
            if constexpr (MODE != offset) r[i.rn] = base + i.imm;
            next(c);
            return;
        }
    }
    ldst_pair_full<T, KIND, MODE>(c, i);
}
template <typename T, unsigned KIND, unsigned MODE> [[gnu::noinline]] void ldst_pair_full(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const uint64_t addr = MODE == post_index ? base : base + i.imm;
    auto& r = c.st_.r;
    if constexpr (KIND == st) {
        // Check the first element before writing anything (no partial pair
        // on an alignment fault in Device memory).
        if (!c.check_data_alignment(addr, sizeof(T), true, 0)) return;
        if (!c.store<T>(addr, T(r[i.rd]), 0)) return;
        if (!c.store<T>(addr + sizeof(T), T(r[i.ra]), 0)) return;
    } else {
        T v1, v2;
        if (!c.load<T>(addr, v1, 0)) return;
        if (!c.load<T>(addr + sizeof(T), v2, 0)) return;
        r[i.rd] = extend_loaded<T, KIND>(v1);
        r[i.ra] = extend_loaded<T, KIND>(v2);
    }
    if constexpr (MODE != offset) r[i.rn] = base + i.imm;
    next(c);
}

// PRFM/PRFUM: a hint, no architecturally visible effect (and never faults).
inline void prfm(core& c, const insn&) { next(c); }

// LDAR/STLR and the exclusives. The model is in order, so acquire/release
// need no extra ordering. They must be naturally aligned whatever the memory
// type (B2.5.2; no FEAT_LSE2): an Alignment fault even in Normal memory.
template <typename T> void load_acquire(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, sizeof(T), false, access_iss<T, ld>(i, false, true))) return;
    T v;
    if (!c.load<T>(base, v, access_iss<T, ld>(i, false, true))) return;
    c.st_.r[i.rd] = v;
    next(c);
}
template <typename T> void store_release(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, sizeof(T), true, access_iss<T, st>(i, false, true))) return;
    if (!c.store<T>(base, T(c.st_.r[i.rd]), access_iss<T, st>(i, false, true))) return;
    next(c);
}

// LDXR/LDAXR: mark the local monitor exclusive for [addr, addr+size).
template <typename T> void load_exclusive(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, sizeof(T), false, 0)) return;
    T v;
    if (!c.load<T>(base, v, 0)) return;
    c.set_exclusive(base, sizeof(T));
    c.st_.r[i.rd] = v;
    next(c);
}
// STXR/STLXR: rm = Ws (status), rd = Rt. The alignment check comes first
// even when the monitor would fail the store (B2.9.5).
template <typename T> void store_exclusive(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, sizeof(T), true, 0)) return;
    const uint64_t value = c.st_.r[i.rd];
    if (c.check_exclusive(base, sizeof(T))) {
        if (!c.store<T>(base, T(value), 0)) return;
        c.st_.r[i.rm] = 0;
    } else {
        c.st_.r[i.rm] = 1;
    }
    c.clear_exclusive();
    next(c);
}
// LDXP/LDAXP: the pair must be aligned to its total size.
template <typename T> void load_exclusive_pair(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, 2 * sizeof(T), false, 0)) return;
    T v1, v2;
    if (!c.load<T>(base, v1, 0) || !c.load<T>(base + sizeof(T), v2, 0)) return;
    c.set_exclusive(base, 2 * sizeof(T));
    c.st_.r[i.rd] = v1;
    c.st_.r[i.ra] = v2;
    next(c);
}
template <typename T> void store_exclusive_pair(core& c, const insn& i) {
    uint64_t base;
    if (!base_address(c, i, base)) return;
    if (!c.check_alignment(base, 2 * sizeof(T), true, 0)) return;
    const uint64_t v1 = c.st_.r[i.rd], v2 = c.st_.r[i.ra];
    if (c.check_exclusive(base, 2 * sizeof(T))) {
        if (!c.store<T>(base, T(v1), 0) || !c.store<T>(base + sizeof(T), T(v2), 0)) return;
        c.st_.r[i.rm] = 0;
    } else {
        c.st_.r[i.rm] = 1;
    }
    c.clear_exclusive();
    next(c);
}

} // namespace vp::cpu::exec
