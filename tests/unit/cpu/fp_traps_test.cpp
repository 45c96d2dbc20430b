// SIMD&FP enable traps (DDI 0487 D1 pseudocode CheckFPAdvSIMDEnabled64,
// AArch64.AdvSIMDFPAccessTrap; D13.2 CPACR_EL1.FPEN, CPTR_EL2.TFP) from EL0,
// EL1 and EL2, for an Advanced SIMD instruction, a SIMD&FP load and MRS/MSR
// of FPCR/FPSR, with the exact ESR values. Also the reset/ID values the FP
// state is advertised with.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "cpu/sysregs.h"

using namespace vp::cpu;
using vp::test::core_harness;
using vp::test::ram_base;

namespace {

constexpr uint64_t vbar1 = ram_base + 0x10000, vbar2 = ram_base + 0x20000;
constexpr uint64_t code = ram_base + 0x1000;
constexpr uint64_t cptr_tfp = 1u << 10;
constexpr uint64_t hcr_tge = 1ull << 27, hcr_rw = 1ull << 31;

// EC 0x07, IL = 1, ISS: CV = 1, COND = 0b1110 (ConditionSyndrome()).
constexpr uint64_t esr_fp_trap = 0x1fe00000;
// EC 0x00 (Uncategorized), IL = 1: a CPACR_EL1 trap re-routed by HCR_EL2.TGE.
constexpr uint64_t esr_uncategorized = 0x02000000;

struct insn_case {
    const char* what;
    uint32_t raw;
};
const insn_case instructions[] = {
    {"ORR v1.16b, v2.16b, v3.16b", 0x4ea31c41},
    {"AESE v0.16b, v1.16b", 0x4e284820},
    {"LDR q3, [x0]", 0x3dc00003},
    {"LDR d3, [x0, x1]", 0xfc616803},        // register offset: fast path first, then the trap
    {"STR d3, [x0, x1, lsl #3]", 0xfc217803},
    {"STP d1, d2, [x0]", 0x6d000801},
    {"MRS x1, FPCR", 0xd53b4401},
    {"MSR FPSR, x1", 0xd51b4421},
};

struct outcome {
    bool trapped;
    unsigned el;
    uint64_t esr, elr;
};

// Runs `raw` once at `el` with the given controls; reports where it went.
outcome run_one(uint32_t raw, unsigned el, uint64_t cpacr, uint64_t cptr, uint64_t hcr) {
    core_harness h;
    h.write32(code, raw);
    auto& st = h.cpu.state();
    st.sys.vbar_el1 = vbar1;
    st.sys.vbar_el2 = vbar2;
    st.sys.cpacr_el1 = cpacr;
    st.sys.cptr_el2 = 0x33ff | cptr;
    st.sys.hcr_el2 = hcr_rw | hcr;
    h.cpu.set_el(el, el != 0);
    h.cpu.set_x(0, ram_base + 0x8000);
    h.cpu.set_pc(code);
    const uint64_t e1 = h.cpu.exceptions_taken(1), e2 = h.cpu.exceptions_taken(2);
    h.cpu.step();
    outcome o{};
    if (h.cpu.exceptions_taken(2) != e2) o = {true, 2, st.esr[2], st.elr[2]};
    else if (h.cpu.exceptions_taken(1) != e1) o = {true, 1, st.esr[1], st.elr[1]};
    else EXPECT_EQ(h.cpu.pc(), code + 4);
    return o;
}

struct trap_row {
    unsigned el;
    unsigned fpen; // CPACR_EL1.FPEN
    bool tfp;      // CPTR_EL2.TFP
    bool tge;      // HCR_EL2.TGE
    bool trapped;
    unsigned target;
    uint64_t esr;
};

// The CheckFPAdvSIMDEnabled64() outcomes, one row per case.
const trap_row rows[] = {
    // EL0: FPEN 00/10 trap, 01 traps EL0 only, 11 enables
    {0, 0, false, false, true, 1, esr_fp_trap},
    {0, 1, false, false, true, 1, esr_fp_trap},
    {0, 2, false, false, true, 1, esr_fp_trap},
    {0, 3, false, false, false, 0, 0},
    {0, 3, true, false, true, 2, esr_fp_trap},       // CPTR_EL2.TFP
    {0, 0, true, false, true, 1, esr_fp_trap},       // CPACR first, to EL1
    {0, 0, false, true, true, 2, esr_uncategorized}, // TGE: CPACR trap goes to EL2 as EC 0x00
    {0, 3, false, true, false, 0, 0},
    {0, 3, true, true, true, 2, esr_fp_trap},
    // EL1
    {1, 0, false, false, true, 1, esr_fp_trap},
    {1, 1, false, false, false, 0, 0},
    {1, 2, false, false, true, 1, esr_fp_trap},
    {1, 3, false, false, false, 0, 0},
    {1, 1, true, false, true, 2, esr_fp_trap},
    {1, 2, true, false, true, 1, esr_fp_trap},
    // EL2: CPACR_EL1 does not apply, CPTR_EL2.TFP traps EL2 itself
    {2, 0, false, false, false, 0, 0},
    {2, 0, true, false, true, 2, esr_fp_trap},
    {2, 3, true, true, true, 2, esr_fp_trap},
};

TEST(fp_traps, CheckFPAdvSIMDEnabled64_EveryLevelAndControl) {
    for (const auto& in : instructions) {
        for (const auto& r : rows) {
            SCOPED_TRACE(std::string(in.what) + " at EL" + std::to_string(r.el) + " FPEN=" + std::to_string(r.fpen) +
                         " TFP=" + std::to_string(r.tfp) + " TGE=" + std::to_string(r.tge));
            const outcome o = run_one(in.raw, r.el, uint64_t(r.fpen) << 20, r.tfp ? cptr_tfp : 0, r.tge ? hcr_tge : 0);
            EXPECT_EQ(o.trapped, r.trapped);
            if (!r.trapped) continue;
            EXPECT_EQ(o.el, r.target);
            EXPECT_EQ(o.esr, r.esr);
            EXPECT_EQ(o.elr, code); // preferred return: the trapped instruction
        }
    }
}

// An UNDEFINED encoding of the SIMD&FP space stays UNDEFINED (EC 0x00 to
// EL1) when FP is disabled: the enable check belongs to allocated
// instructions only.
TEST(fp_traps, UnallocatedSimdIsUndefinedNotTrapped) {
    const outcome o = run_one(0x4ee09c00, 1, 0, 0, 0); // MUL v0.2d: size 0b11 is reserved
    EXPECT_TRUE(o.trapped);
    EXPECT_EQ(o.el, 1u);
    EXPECT_EQ(o.esr, 0x02000000u);
}

TEST(fp_traps, ResetAndIdentification) {
    core_harness h;
    EXPECT_EQ(h.cpu.fpcr(), 0u);
    EXPECT_EQ(h.cpu.fpsr(), 0u);
    uint64_t pfr0 = 0;
    ASSERT_TRUE(h.cpu.read_sysreg(sysregs::key(3, 0, 0, 4, 0), pfr0));
    EXPECT_EQ((pfr0 >> 16) & 0xf, 0u) << "FP implemented";
    EXPECT_EQ((pfr0 >> 20) & 0xf, 0u) << "AdvSIMD implemented";
    // FPCR/FPSR keep only their Armv8.0 AArch64 fields (RES0 elsewhere).
    ASSERT_TRUE(h.cpu.write_sysreg(sysregs::key(3, 3, 4, 4, 0), ~0ull));
    ASSERT_TRUE(h.cpu.write_sysreg(sysregs::key(3, 3, 4, 4, 1), ~0ull));
    uint64_t fpcr = 0, fpsr = 0;
    ASSERT_TRUE(h.cpu.read_sysreg(sysregs::key(3, 3, 4, 4, 0), fpcr));
    ASSERT_TRUE(h.cpu.read_sysreg(sysregs::key(3, 3, 4, 4, 1), fpsr));
    EXPECT_EQ(fpcr, 0x07c00000u); // AHP DN FZ RMode
    EXPECT_EQ(fpsr, 0x0800009fu); // QC IDC IXC UFC OFC DZC IOC
    // CPACR_EL1: FPEN and TTA writable.
    ASSERT_TRUE(h.cpu.write_sysreg(sysregs::key(3, 0, 1, 0, 2), ~0ull));
    uint64_t cpacr = 0;
    ASSERT_TRUE(h.cpu.read_sysreg(sysregs::key(3, 0, 1, 0, 2), cpacr));
    EXPECT_EQ(cpacr, (1ull << 28) | (3ull << 20));
}

// The core keeps "SIMD&FP enabled" for the current EL between changes
// (core::fp_enabled_): a write of CPACR_EL1/CPTR_EL2 or an EL change inside
// one run must be seen by the very next SIMD&FP instruction, also by the
// call-free fast paths of SIMD&FP loads inside a block.
struct sequence {
    core_harness h;
    arch_state& st = h.cpu.state();
    static constexpr uint64_t code2 = ram_base + 0x3000;
    sequence(unsigned el, uint64_t cpacr, uint64_t cptr, std::initializer_list<uint32_t> prog,
             std::initializer_list<uint32_t> prog2 = {}) {
        uint64_t a = code;
        for (uint32_t w : prog) { h.write32(a, w); a += 4; }
        a = code2;
        for (uint32_t w : prog2) { h.write32(a, w); a += 4; }
        for (uint64_t v : {vbar1, vbar2})
            for (uint64_t off : {0x000, 0x200, 0x400}) h.write32(v + off, 0x14000000); // B .
        st.sys.vbar_el1 = vbar1;
        st.sys.vbar_el2 = vbar2;
        st.sys.cpacr_el1 = cpacr;
        st.sys.cptr_el2 = 0x33ff | cptr;
        st.sys.hcr_el2 = hcr_rw;
        h.cpu.set_el(el, el != 0);
        h.cpu.set_x(0, ram_base + 0x8000);
        h.cpu.set_x(1, 8);
        h.cpu.set_pc(code);
    }
    // Runs to the end (a trap ends in B . at its vector); how many went where.
    void run() { h.cpu.run(64); }
    uint64_t taken(unsigned el) const { return h.cpu.exceptions_taken(el); }
};

constexpr uint32_t orr_v = 0x4ea31c41, ldr_d_reg = 0xfc616803, eret = 0xd69f03e0, b_self = 0x14000000;
constexpr uint32_t msr_cpacr_x2 = 0xd5181042, msr_cptr_x2 = 0xd51c1142, msr_hcr_x3 = 0xd51c1103;

TEST(fp_traps, CpacrWriteDisablingFpTrapsTheNextInstruction) {
    for (uint32_t after : {orr_v, ldr_d_reg}) {
        sequence s(1, 3ull << 20, 0, {orr_v, ldr_d_reg, msr_cpacr_x2, after, b_self});
        s.h.cpu.set_x(2, 0); // FPEN = 00
        s.run();
        EXPECT_EQ(s.taken(1), 1u);
        EXPECT_EQ(s.st.esr[1], esr_fp_trap);
        EXPECT_EQ(s.st.elr[1], code + 12);
    }
}

TEST(fp_traps, CpacrWriteEnablingFpLetsTheNextInstructionRun) {
    sequence s(1, 0, 0, {msr_cpacr_x2, orr_v, ldr_d_reg, b_self});
    s.h.cpu.set_x(2, 3ull << 20);
    s.run();
    EXPECT_EQ(s.taken(1) + s.taken(2), 0u);
    EXPECT_EQ(s.h.cpu.pc(), code + 12);
}

TEST(fp_traps, CptrWriteSettingTfpTrapsEl2) {
    sequence s(2, 0, 0, {orr_v, msr_cptr_x2, ldr_d_reg, b_self});
    s.h.cpu.set_x(2, 0x33ff | cptr_tfp);
    s.run();
    EXPECT_EQ(s.taken(2), 1u);
    EXPECT_EQ(s.st.esr[2], esr_fp_trap);
    EXPECT_EQ(s.st.elr[2], code + 8);
}

// EL2 ignores CPACR_EL1.FPEN = 00; after ERET to EL1 it applies.
TEST(fp_traps, EretToEl1AppliesCpacr) {
    sequence s(2, 0, 0, {orr_v, eret}, {ldr_d_reg, b_self});
    s.st.elr[2] = sequence::code2;
    s.st.spsr[2] = 0x3c5; // EL1h, DAIF masked
    s.run();
    EXPECT_EQ(s.taken(1), 1u);
    EXPECT_EQ(s.st.esr[1], esr_fp_trap);
    EXPECT_EQ(s.st.elr[1], sequence::code2);
}

// HCR_EL2.TGE written at EL2, then EL0 with FPEN = 00: the trap goes to
// EL2 as Uncategorized (AArch64.AdvSIMDFPAccessTrap).
TEST(fp_traps, HcrTgeWriteRoutesTheEl0TrapToEl2) {
    sequence s(2, 0, 0, {msr_hcr_x3, eret}, {orr_v, b_self});
    s.h.cpu.set_x(3, hcr_rw | hcr_tge);
    s.st.elr[2] = sequence::code2;
    s.st.spsr[2] = 0x3c0; // EL0t
    s.run();
    EXPECT_EQ(s.taken(1), 0u);
    EXPECT_EQ(s.taken(2), 1u);
    EXPECT_EQ(s.st.esr[2], esr_uncategorized);
    EXPECT_EQ(s.st.elr[2], sequence::code2);
}

} // namespace
