// Helpers shared by the execute handlers: condition codes, flag-setting
// arithmetic, shifts and extends (DDI 0487 C1.2.4, J1 shared pseudocode).
#pragma once

#include <cstdint>
#include <type_traits>

#include "cpu/core.h"
#include "cpu/decode/insn.h"
#include "cpu/state.h"

namespace vp::cpu::exec {

#define VP_CPU_LIKELY(x) __builtin_expect(!!(x), 1)
#define VP_CPU_UNLIKELY(x) __builtin_expect(!!(x), 0)

// ConditionHolds(): for each condition, a 16-bit set of the NZCV nibbles for
// which it holds.
constexpr uint16_t condition_mask(unsigned cond) {
    uint16_t m = 0;
    for (unsigned f = 0; f < 16; ++f) {
        const bool n = f & 8, z = f & 4, c = f & 2, v = f & 1;
        bool r = false;
        switch (cond >> 1) {
        case 0: r = z; break;              // EQ/NE
        case 1: r = c; break;              // CS/CC
        case 2: r = n; break;              // MI/PL
        case 3: r = v; break;              // VS/VC
        case 4: r = c && !z; break;        // HI/LS
        case 5: r = n == v; break;         // GE/LT
        case 6: r = n == v && !z; break;   // GT/LE
        default: r = true; break;          // AL/NV (both always)
        }
        if ((cond & 1) && cond != 15) r = !r;
        if (r) m |= uint16_t(1u << f);
    }
    return m;
}

struct condition_table {
    uint16_t m[16];
    constexpr condition_table() : m() {
        for (unsigned c = 0; c < 16; ++c) m[c] = condition_mask(c);
    }
};
inline constexpr condition_table conditions{};

// ConditionHolds() on the flags as the core keeps them (state.h): the
// nibble is composed from the four bytes, each read on its own (a flag
// setter stores them as four bytes; one wider load of them right after would
// miss the host's store forwarding).
inline bool condition_holds(unsigned cond, const nzcv_flags& f) {
    const unsigned nzcv = (unsigned(f.n) << 3) | (unsigned(f.z) << 2) | (unsigned(f.c) << 1) | f.v;
    return (conditions.m[cond] >> nzcv) & 1;
}

// ConditionHolds() for a condition known at compile time (B.cond has one
// handler per condition): only the flags it names are read, and since each
// is 0 or 1, HI is C > Z and GE is N == V.
template <unsigned COND> inline bool condition_holds(const nzcv_flags& f) {
    bool r;
    switch (COND >> 1) {
    case 0: r = f.z; break;                            // EQ/NE
    case 1: r = f.c; break;                            // CS/CC
    case 2: r = f.n; break;                            // MI/PL
    case 3: r = f.v; break;                            // VS/VC
    case 4: r = f.c > f.z; break;                      // HI/LS: C = 1 and Z = 0
    case 5: r = f.n == f.v; break;                     // GE/LT
    case 6: r = ((f.n ^ f.v) | f.z) == 0; break;       // GT/LE
    default: r = true; break;                          // AL/NV
    }
    return (COND & 1) && COND != 15 ? !r : r;
}

// Result of a data-processing operation of width SF ? 64 : 32, zero-extended.
template <bool SF> inline uint64_t width(uint64_t v) { return SF ? v : uint32_t(v); }

// AddWithCarry(): result and NZCV (ADC/SBC/ADCS/SBCS).
template <bool SF> inline uint64_t add_with_carry(uint64_t x, uint64_t y, unsigned carry, nzcv_flags& f) {
    if constexpr (SF) {
        const uint64_t r = x + y + carry;
        f.n = uint8_t(r >> 63);
        f.z = r == 0;
        f.c = carry ? (r <= x) : (r < x);
        f.v = uint8_t(((x ^ r) & (y ^ r)) >> 63);
        return r;
    } else {
        const uint32_t a = uint32_t(x), b = uint32_t(y);
        const uint32_t r = a + b + carry;
        f.n = uint8_t(r >> 31);
        f.z = r == 0;
        f.c = carry ? (r <= a) : (r < a);
        f.v = uint8_t(((a ^ r) & (b ^ r)) >> 31);
        return r;
    }
}

// AddWithCarry(x, y, 0) (ADDS/CMN) and AddWithCarry(x, NOT(y), 1) (SUBS/CMP):
// the same result and flags. For x - y, C = NOT borrow and V = the signed
// overflow of x - y. On x86-64 one host ADD/SUB gives all four as host flags
// (SF, ZF, CF, OF) and SETcc stores each as a byte; a compiler does not share
// the host flags between the four tests (it recomputes them, then assembles).
#if defined(__x86_64__)
#define VP_CPU_FLAGS_ASM(OP, CARRY, LHS, RHS, FLAGS)                                                          \
    asm(OP " %[rhs], %[lhs]\n\tsets %[n]\n\tsetz %[z]\n\t" CARRY " %[c]\n\tseto %[v]"                    \
        : [lhs] "+r"(LHS), [n] "=m"(FLAGS.n), [z] "=m"(FLAGS.z), [c] "=m"(FLAGS.c), [v] "=m"(FLAGS.v)         \
        : [rhs] "r"(RHS)                                                                                      \
        : "cc")
template <bool SF> inline uint64_t adds(uint64_t x, uint64_t y, nzcv_flags& f) {
    if constexpr (SF) {
        VP_CPU_FLAGS_ASM("addq", "setc", x, y, f);
        return x;
    } else {
        uint32_t a = uint32_t(x);
        const uint32_t b = uint32_t(y);
        VP_CPU_FLAGS_ASM("addl", "setc", a, b, f);
        return a;
    }
}
template <bool SF> inline uint64_t subs(uint64_t x, uint64_t y, nzcv_flags& f) {
    if constexpr (SF) {
        VP_CPU_FLAGS_ASM("subq", "setae", x, y, f); // C = NOT borrow = NOT CF
        return x;
    } else {
        uint32_t a = uint32_t(x);
        const uint32_t b = uint32_t(y);
        VP_CPU_FLAGS_ASM("subl", "setae", a, b, f);
        return a;
    }
}
#undef VP_CPU_FLAGS_ASM
#else
template <bool SF> inline uint64_t adds(uint64_t x, uint64_t y, nzcv_flags& f) {
    using U = std::conditional_t<SF, uint64_t, uint32_t>;
    using S = std::make_signed_t<U>;
    U r;
    f.c = __builtin_add_overflow(U(x), U(y), &r);
    S sr;
    f.v = __builtin_add_overflow(S(U(x)), S(U(y)), &sr);
    f.n = uint8_t(r >> (sizeof(U) * 8 - 1));
    f.z = r == 0;
    return r;
}
template <bool SF> inline uint64_t subs(uint64_t x, uint64_t y, nzcv_flags& f) {
    using U = std::conditional_t<SF, uint64_t, uint32_t>;
    using S = std::make_signed_t<U>;
    const U r = U(U(x) - U(y));
    S sr;
    f.v = __builtin_sub_overflow(S(U(x)), S(U(y)), &sr);
    f.n = uint8_t(r >> (sizeof(U) * 8 - 1));
    f.z = r == 0;
    f.c = U(x) >= U(y);
    return r;
}
#endif

// N and Z from a logical result, C = V = 0 (ANDS/BICS/TST).
template <bool SF> inline void logic_flags(uint64_t r, nzcv_flags& f) {
    f.n = uint8_t(SF ? r >> 63 : uint32_t(r) >> 31);
    f.z = (SF ? r : uint32_t(r)) == 0;
    f.c = 0;
    f.v = 0;
}

enum shift_type : uint8_t { lsl = 0, lsr = 1, asr = 2, ror = 3 };

template <bool SF> inline uint64_t shift_value(uint64_t v, unsigned type, unsigned amount) {
    if constexpr (SF) {
        switch (type) {
        case lsl: return v << amount;
        case lsr: return v >> amount;
        case asr: return uint64_t(int64_t(v) >> amount);
        default: return amount ? (v >> amount) | (v << (64 - amount)) : v;
        }
    } else {
        const uint32_t w = uint32_t(v);
        switch (type) {
        case lsl: return uint32_t(w << amount);
        case lsr: return w >> amount;
        case asr: return uint32_t(int32_t(w) >> amount);
        default: return amount ? uint32_t((w >> amount) | (w << (32 - amount))) : w;
        }
    }
}

// ExtendReg(): option = UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX.
inline uint64_t extend_value(uint64_t v, unsigned option, unsigned shift) {
    switch (option) {
    case 0: v = uint8_t(v); break;
    case 1: v = uint16_t(v); break;
    case 2: v = uint32_t(v); break;
    case 3: break;
    case 4: v = uint64_t(int64_t(int8_t(v))); break;
    case 5: v = uint64_t(int64_t(int16_t(v))); break;
    case 6: v = uint64_t(int64_t(int32_t(v))); break;
    default: break;
    }
    return v << shift;
}

inline uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : ((1ull << n) - 1); }

inline uint64_t sign_extend(uint64_t v, unsigned bits) {
    const unsigned s = 64 - bits;
    return uint64_t(int64_t(v << s) >> s);
}

inline void next(core& c) { c.st_.pc += 4; }

} // namespace vp::cpu::exec
