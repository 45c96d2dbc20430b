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

} // namespace
