// PSTATE.{N,Z,C,V} as the core keeps them (one byte per flag, set from host
// condition codes; docs/iss-dispatch.md "Flags") against the architecture:
// every flag-setting data-processing form, 32 and 64 bit, over edge operands,
// is followed by all 16 conditions evaluated by B.cond (one handler per
// condition) and by CSINC (a condition read at run time), MRS NZCV, and an
// SVC whose exception entry saves the flags in SPSR_EL2. The expected flags
// come from AddWithCarry() and ConditionHolds() (DDI 0487 J1) written out
// here with 128-bit arithmetic. Hand-encoded instructions.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cpu/core.h"
#include "quiet_core_env.h"

namespace {

using vp::cpu::core;

constexpr uint64_t ram_base = 0x40000000, ram_size = 1 << 20;
constexpr uint64_t code = ram_base, vectors = ram_base + 0x10000;

// A64 encodings (Rd = X2, Rn = X0, Rm = X1 in the instruction under test).
constexpr uint32_t msr_nzcv_x9 = 0xd51b4209, mrs_x3_nzcv = 0xd53b4203, svc0 = 0xd4000001, wfi = 0xd503207f;
constexpr uint32_t b_cond_skip(unsigned cond) { return 0x54000040u | cond; } // B.cond .+8
constexpr uint32_t orr_x5_bit(unsigned bit) { return 0xb24000a5u | (((64 - bit) & 63) << 16); } // ORR X5, X5, #1<<bit
constexpr uint32_t csinc_x6_zr(unsigned cond) { return 0x9a9f07e6u | (cond << 12); } // CSINC X6, XZR, XZR, cond
constexpr uint32_t orr_x7_x6_lsl(unsigned s) { return 0xaa0600e7u | (s << 10); }     // ORR X7, X7, X6, LSL #s

constexpr uint32_t N = 8, Z = 4, C = 2, V = 1; // a NZCV nibble

// ConditionHolds() (J1): cond<3:1> selects the test, cond<0> inverts it
// except for 0b1111.
bool condition_holds_ref(unsigned cond, uint32_t nzcv) {
    const bool n = nzcv & N, z = nzcv & Z, c = nzcv & C, v = nzcv & V;
    bool r = true;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break;
    }
    return (cond & 1) && cond != 15 ? !r : r;
}

struct result {
    uint64_t value;
    uint32_t nzcv;
};

// AddWithCarry(x, y, carry_in) at `bits` (J1 shared pseudocode).
result add_with_carry_ref(uint64_t x, uint64_t y, unsigned carry, unsigned bits) {
    const uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    x &= mask;
    y &= mask;
    auto sext = [&](uint64_t v) -> __int128 { return bits == 64 ? __int128(int64_t(v)) : __int128(int32_t(uint32_t(v))); };
    const unsigned __int128 usum = (unsigned __int128)x + y + carry;
    const __int128 ssum = sext(x) + sext(y) + carry;
    const uint64_t r = uint64_t(usum) & mask;
    uint32_t f = 0;
    if ((r >> (bits - 1)) & 1) f |= N;
    if (r == 0) f |= Z;
    if ((unsigned __int128)r != usum) f |= C;
    if (sext(r) != ssum) f |= V;
    return {r, f};
}

result logic_ref(uint64_t r, unsigned bits) {
    const uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    r &= mask;
    return {r, uint32_t(((r >> (bits - 1)) & 1) ? N : 0) | (r == 0 ? Z : 0)};
}

const uint64_t operands[] = {0,
                             1,
                             2,
                             0x7f,
                             0x7fffffff,
                             0x80000000,
                             0x80000001,
                             0xfffffffe,
                             0xffffffff,
                             0x100000000ull,
                             0x7fffffffffffffffull,
                             0x8000000000000000ull,
                             0x8000000000000001ull,
                             0xfffffffffffffffeull,
                             0xffffffffffffffffull,
                             0x123456789abcdef0ull};

struct flags : testing::Test {
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size, 0);
    vp::test::quiet_core_env env;
    core c{vp::cpu::core_config{}, &env};

    void SetUp() override { c.map_ram(ram.data(), ram_base, ram_size); }

    // Runs MSR NZCV (prior flags), `insn`, the 16 conditions by B.cond and by
    // CSINC, MRS NZCV and SVC at EL2, and checks all against `want`.
    void check(uint32_t insn, uint64_t x0, uint64_t x1, uint32_t prior, result want, bool writes_x2,
               const std::string& what) {
        std::vector<uint32_t> p{msr_nzcv_x9, insn};
        for (unsigned cond = 0; cond < 16; ++cond) {
            p.push_back(b_cond_skip(cond)); // taken: skips the ORR
            p.push_back(orr_x5_bit(cond));
        }
        for (unsigned cond = 0; cond < 16; ++cond) {
            p.push_back(csinc_x6_zr(cond)); // X6 = holds ? 0 : 1
            p.push_back(orr_x7_x6_lsl(cond));
        }
        p.push_back(mrs_x3_nzcv);
        p.push_back(svc0);
        std::memcpy(&ram[code - ram_base], p.data(), 4 * p.size());
        std::memcpy(&ram[vectors + 0x200 - ram_base], &wfi, 4); // sync, current EL, SP_ELx
        c.invalidate_code(code, 4 * p.size());
        c.reset(code);
        c.state().sys.vbar_el2 = vectors;
        c.set_x(0, x0);
        c.set_x(1, x1);
        c.set_x(2, 0xdeadbeef);
        c.set_x(9, uint64_t(prior) << 28);
        const auto r = c.run(1000);
        SCOPED_TRACE(what);
        ASSERT_EQ(r.reason, vp::cpu::stop_reason::wfi);
        uint64_t not_holding = 0;
        for (unsigned cond = 0; cond < 16; ++cond)
            if (!condition_holds_ref(cond, want.nzcv)) not_holding |= 1ull << cond;
        EXPECT_EQ(c.x(3), uint64_t(want.nzcv) << 28) << "MRS NZCV";
        EXPECT_EQ(c.x(5), not_holding) << "B.cond, per condition (bit set: not taken)";
        EXPECT_EQ(c.x(7), not_holding) << "CSINC, per condition (bit set: condition false)";
        EXPECT_EQ(c.state().spsr[2] >> 28, want.nzcv) << "SPSR_EL2 at exception entry";
        EXPECT_EQ(c.nzcv(), uint32_t(want.nzcv) << 28) << "core::nzcv()";
        if (writes_x2) {
            EXPECT_EQ(c.x(2), want.value) << "result";
        }
    }
};

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(v));
    return b;
}

// ADDS/SUBS/ANDS (shifted register, amount 0 and 1), SUBS (extended
// register, UXTW), ADCS/SBCS with both carries in.
TEST_F(flags, RegisterFormsAgainstAddWithCarry) {
    for (const bool sf : {false, true}) {
        const unsigned bits = sf ? 64 : 32;
        const uint64_t mask = sf ? ~0ull : 0xffffffffull;
        const uint32_t s = sf ? 0x80000000u : 0;
        for (const uint64_t x : operands) {
            for (const uint64_t y : operands) {
                const std::string ops = std::to_string(bits) + " " + hex(x) + ", " + hex(y);
                check(s | 0x2b010002u, x, y, 0, add_with_carry_ref(x, y, 0, bits), true, "ADDS " + ops);
                check(s | 0x6b010002u, x, y, 0, add_with_carry_ref(x, ~y, 1, bits), true, "SUBS " + ops);
                check(s | 0x6b010402u, x, y, 0, add_with_carry_ref(x, ~((y << 1) & mask), 1, bits), true,
                      "SUBS LSL #1 " + ops);
                check(s | 0x6b214002u, x, y, 0, add_with_carry_ref(x, ~uint64_t(uint32_t(y)), 1, bits), true,
                      "SUBS UXTW " + ops);
                check(s | 0x2b214002u, x, y, 0, add_with_carry_ref(x, uint32_t(y), 0, bits), true, "ADDS UXTW " + ops);
                check(s | 0x6a010002u, x, y, 0, logic_ref(x & y, bits), true, "ANDS " + ops);
                check(s | 0x6a210002u, x, y, 0, logic_ref(x & ~y, bits), true, "BICS " + ops);
                for (const unsigned carry : {0u, 1u}) {
                    check(s | 0x3a010002u, x, y, carry ? C : 0, add_with_carry_ref(x, y, carry, bits), true,
                          "ADCS carry " + std::to_string(carry) + " " + ops);
                    check(s | 0x7a010002u, x, y, carry ? C : 0, add_with_carry_ref(x, ~y, carry, bits), true,
                          "SBCS carry " + std::to_string(carry) + " " + ops);
                }
            }
        }
    }
}

// ADDS/SUBS/ANDS (immediate): CMP/CMN/TST #imm are these with Rd = ZR.
TEST_F(flags, ImmediateFormsAgainstAddWithCarry) {
    for (const bool sf : {false, true}) {
        const unsigned bits = sf ? 64 : 32;
        const uint32_t s = sf ? 0x80000000u : 0;
        for (const uint64_t x : operands) {
            for (const uint64_t imm : {0ull, 1ull, 0x7full, 0xfffull}) {
                const std::string ops = std::to_string(bits) + " " + hex(x) + ", #" + hex(imm);
                const uint32_t i12 = uint32_t(imm) << 10;
                check(s | 0x31000002u | i12, x, 0, 0, add_with_carry_ref(x, imm, 0, bits), true, "ADDS " + ops);
                check(s | 0x71000002u | i12, x, 0, 0, add_with_carry_ref(x, ~imm, 1, bits), true, "SUBS " + ops);
                // LSL #12 form.
                check(s | 0x71400002u | i12, x, 0, 0, add_with_carry_ref(x, ~(imm << 12), 1, bits), true,
                      "SUBS LSL #12 " + ops);
            }
            // ANDS #0xff (N = sf, immr = 0, imms = 7).
            check(s | (sf ? 0x72401c02u : 0x72001c02u), x, 0, 0, logic_ref(x & 0xff, bits), true, "ANDS #0xff " + hex(x));
        }
    }
}

// CCMP/CCMN (register and immediate): the comparison when the condition
// holds on the prior flags, the immediate NZCV otherwise.
TEST_F(flags, ConditionalCompareAgainstAddWithCarry) {
    const uint64_t few[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x8000000000000000ull, 0xffffffffffffffffull};
    for (const bool sf : {false, true}) {
        const unsigned bits = sf ? 64 : 32;
        const uint32_t s = sf ? 0x80000000u : 0;
        for (unsigned cond = 0; cond < 16; ++cond) {
            for (const uint32_t prior : {0u, N | V, Z | C, C, N, V, Z, N | Z | C | V}) {
                const bool holds = condition_holds_ref(cond, prior);
                for (const uint64_t x : few) {
                    for (const uint64_t y : few) {
                        const std::string ops = std::to_string(bits) + " cond " + std::to_string(cond) + " prior " +
                                                std::to_string(prior) + " " + hex(x) + ", " + hex(y);
                        const uint32_t fields = (cond << 12) | (1u << 16) | 0x0;
                        const result cmp = holds ? add_with_carry_ref(x, ~y, 1, bits) : result{0, 0x5};
                        check(s | 0x7a400005u | fields, x, y, prior, cmp, false, "CCMP #5 " + ops);
                        const result cmn = holds ? add_with_carry_ref(x, y, 0, bits) : result{0, 0xa};
                        check(s | 0x3a40000au | fields, x, y, prior, cmn, false, "CCMN #10 " + ops);
                    }
                    // CCMP Xn, #31, #0 (immediate form).
                    const result cmpi = holds ? add_with_carry_ref(x, ~uint64_t(31), 1, bits) : result{0, 0};
                    check(s | 0x7a5f0800u | (cond << 12), x, 0, prior, cmpi, false,
                          "CCMP #31 cond " + std::to_string(cond) + " prior " + std::to_string(prior) + " " + hex(x));
                }
            }
        }
    }
}

// MSR NZCV then MRS NZCV, every value: the byte form converts both ways, and
// the flags no instruction sets (bits 27:0) read as zero.
TEST_F(flags, MsrMrsRoundTrip) {
    for (uint32_t nzcv = 0; nzcv < 16; ++nzcv) {
        // ORR X2, X2, X2 in place of a flag setter: the prior flags stay.
        check(0xaa020042u, 0, 0, nzcv, result{0, nzcv}, false, "MSR/MRS " + std::to_string(nzcv));
    }
    c.set_nzcv(0xffffffffu);
    EXPECT_EQ(c.nzcv(), 0xf0000000u);
    EXPECT_EQ(c.pstate() >> 28, 0xfu);
}

} // namespace
