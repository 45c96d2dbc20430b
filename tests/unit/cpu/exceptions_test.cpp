// The exception model (DDI 0487 D1.10, D1.11, D1.3.6): the pure tables in
// exceptions.h tested exhaustively, then the core taking each exception from
// one-instruction snippets (programs/exceptions.S).
#include <gtest/gtest.h>

#include "core_harness.h"
#include "stage2_identity.h"
#include "cpu/exceptions.h"

using namespace vp::cpu;
using namespace vp::cpu::exceptions;
using vp::test::core_harness;

namespace {

// ---------------------------------------------------------------- tables --

// D1.10.2 Table "Vector offsets from vector table base address".
TEST(exception_tables, VectorOffsetEveryCombination_D1_10_2) {
    const vector_kind kinds[] = {vector_kind::sync, vector_kind::irq, vector_kind::fiq, vector_kind::serror};
    for (unsigned k = 0; k < 4; ++k) {
        const uint64_t slot = 0x80 * k;
        for (unsigned target = 1; target <= 2; ++target) {
            for (unsigned from = 0; from <= target; ++from) {
                for (bool spsel : {false, true}) {
                    uint64_t expected;
                    if (from < target) expected = 0x400 + slot;      // lower EL, AArch64
                    else if (!spsel) expected = 0x000 + slot;        // current EL with SP_EL0
                    else expected = 0x200 + slot;                    // current EL with SP_ELx
                    EXPECT_EQ(vector_offset(from, target, spsel, kinds[k]), expected)
                        << "from EL" << from << " to EL" << target << " spsel " << spsel << " kind " << k;
                }
            }
        }
    }
}

// D1.3.6 routing and masking, written out row by row from the Arm ARM's
// tables (no EL3, E2H = 0): {el, IMO, TGE} -> target EL and whether the
// interrupt is taken with PSTATE.I clear / set.
struct routing_row {
    unsigned el;
    bool routed, tge;
    unsigned target;
    bool taken_unmasked, taken_masked;
};

const routing_row physical_irq_rows[] = {
    {0, false, false, 1, true, false}, {1, false, false, 1, true, false}, {2, false, false, 1, false, false},
    {0, true, false, 2, true, true},   {1, true, false, 2, true, true},   {2, true, false, 2, true, false},
    {0, false, true, 2, true, true},   {1, false, true, 2, true, true},   {2, false, true, 2, true, false},
    {0, true, true, 2, true, true},    {1, true, true, 2, true, true},    {2, true, true, 2, true, false},
};
const routing_row virtual_irq_rows[] = {
    {0, false, false, 0, false, false}, {1, false, false, 0, false, false}, {2, false, false, 0, false, false},
    {0, true, false, 1, true, false},   {1, true, false, 1, true, false},   {2, true, false, 1, false, false},
    {0, false, true, 0, false, false},  {1, false, true, 0, false, false},  {2, false, true, 0, false, false},
    {0, true, true, 0, false, false},   {1, true, true, 0, false, false},   {2, true, true, 0, false, false},
};

void check_rows(interrupt kind, const routing_row* rows, std::size_t n, uint64_t route_bit, uint32_t mask_bit) {
    for (std::size_t i = 0; i < n; ++i) {
        const routing_row& r = rows[i];
        const uint64_t hcr = (r.routed ? route_bit : 0) | (r.tge ? hcr::tge : 0);
        const route unmasked = route_interrupt(kind, r.el, 0, hcr);
        const route masked = route_interrupt(kind, r.el, mask_bit, hcr);
        // The other mask bit never matters.
        const route other = route_interrupt(kind, r.el, 0x3c0 & ~mask_bit, hcr);
        SCOPED_TRACE("row " + std::to_string(i));
        EXPECT_EQ(unmasked.taken, r.taken_unmasked);
        EXPECT_EQ(masked.taken, r.taken_masked);
        EXPECT_EQ(other.taken, r.taken_unmasked);
        if (r.target) {
            EXPECT_EQ(unmasked.target_el, r.target);
        }
    }
}

TEST(exception_tables, PhysicalIrqRoutingMatrix_D1_3_6) {
    check_rows(interrupt::irq, physical_irq_rows, std::size(physical_irq_rows), hcr::imo, daif_i);
}
TEST(exception_tables, PhysicalFiqRoutingMatrixUsesFmoAndF_D1_3_6) {
    check_rows(interrupt::fiq, physical_irq_rows, std::size(physical_irq_rows), hcr::fmo, daif_f);
}
TEST(exception_tables, VirtualIrqRoutingMatrix_D1_3_6_2) {
    check_rows(interrupt::virq, virtual_irq_rows, std::size(virtual_irq_rows), hcr::imo, daif_i);
}
TEST(exception_tables, VirtualFiqRoutingMatrix_D1_3_6_2) {
    check_rows(interrupt::vfiq, virtual_irq_rows, std::size(virtual_irq_rows), hcr::fmo, daif_f);
}
TEST(exception_tables, ImoDoesNotRouteFiq) {
    EXPECT_EQ(route_interrupt(interrupt::fiq, 1, 0, hcr::imo).target_el, 1u);
    EXPECT_FALSE(route_interrupt(interrupt::vfiq, 1, 0, hcr::imo).taken);
}

// D1.6.2: WFI wakes on a physical interrupt whatever the masks, and on a
// virtual one only where it could be taken.
TEST(exception_tables, WfiWakeUpEvents_D1_6_2) {
    for (unsigned el = 0; el <= 2; ++el) {
        EXPECT_TRUE(wakes_wfi(interrupt::irq, el, 0));
        EXPECT_TRUE(wakes_wfi(interrupt::fiq, el, hcr::imo));
    }
    EXPECT_TRUE(wakes_wfi(interrupt::virq, 1, hcr::imo));
    EXPECT_TRUE(wakes_wfi(interrupt::virq, 0, hcr::imo));
    EXPECT_FALSE(wakes_wfi(interrupt::virq, 2, hcr::imo));
    EXPECT_FALSE(wakes_wfi(interrupt::virq, 1, 0));
    EXPECT_FALSE(wakes_wfi(interrupt::virq, 1, hcr::imo | hcr::tge));
}

// C5.2.18 SPSR M[4:0] and D1.11.2 illegal return rules.
TEST(exception_tables, ExceptionReturnTargets_D1_11_2) {
    struct row {
        uint64_t m;
        unsigned current;
        uint64_t hcr;
        bool legal;
        unsigned el;
        bool spsel;
    } rows[] = {
        {0x0, 2, 0, true, 0, false}, {0x4, 2, 0, true, 1, false}, {0x5, 2, 0, true, 1, true},
        {0x8, 2, 0, true, 2, false}, {0x9, 2, 0, true, 2, true},  {0x0, 1, 0, true, 0, false},
        {0x5, 1, 0, true, 1, true},  {0x9, 1, 0, false, 0, false}, // EL2 from EL1
        {0xd, 2, 0, false, 0, false},                              // EL3
        {0x1, 2, 0, false, 0, false},                              // reserved EL0h
        {0x10, 2, 0, false, 0, false},                             // AArch32
        {0x5, 2, hcr::tge, false, 0, false},                       // EL1 with TGE
        {0x0, 2, hcr::tge, true, 0, false},
        {0x6, 2, 0, false, 0, false},                              // M[1] set
    };
    for (const auto& r : rows) {
        const auto t = exception_return_target(r.m | 0xf00003c0u, r.current, r.hcr);
        SCOPED_TRACE("M=" + std::to_string(r.m) + " from EL" + std::to_string(r.current));
        EXPECT_EQ(t.legal, r.legal);
        if (r.legal) {
            EXPECT_EQ(t.el, r.el);
            EXPECT_EQ(t.spsel, r.spsel);
        }
    }
}

TEST(exception_tables, SyndromeEncodings_D13_2_37) {
    EXPECT_EQ(esr(ec_svc64, 0x12), 0x56000012u);
    EXPECT_EQ(esr(ec_unknown, 0), 0x02000000u);
    EXPECT_EQ(iss_sysreg(3, 0, 1, 0, 0, 0, false), 0x300400u); // SCTLR_EL1 write, Rt = X0
    EXPECT_EQ(iss_sysreg(3, 3, 14, 3, 1, 5, true), 0x32f8a7u); // CNTV_CTL_EL0 read into X5
    EXPECT_EQ(iss_wfi, 0x1e00000u);
}

// ------------------------------------------------------------ the core --

constexpr uint64_t vbar_el1 = 0x40010000, vbar_el2 = 0x40020000;

struct core_exceptions : ::testing::Test {
    core_harness h{CPU_TEST_PROGRAMS "/exceptions.elf"};
    arch_state& s = h.cpu.state();

    void SetUp() override {
        s.sys.vbar_el1 = vbar_el1;
        s.sys.vbar_el2 = vbar_el2;
    }
    // Enter `el` (SPSel = 1 unless EL0) with DAIF clear and known flags.
    void at(unsigned el, bool spsel = true) {
        h.cpu.set_el(el, spsel);
        h.cpu.set_daif(0);
        h.cpu.set_nzcv(0x60000000);
        h.cpu.set_sp(0x40080000);
    }
    uint64_t sym(const char* n) { return h.sym(n); }
    void step_at(const char* name) {
        h.cpu.set_pc(sym(name));
        h.cpu.step();
    }
    // One instruction boundary with no instruction executed.
    void boundary() { h.cpu.run(0); }
};

TEST_F(core_exceptions, ResetStateIsEl2hWithDaifMasked_D1_9) {
    h.cpu.reset(0x40001000);
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_TRUE(h.cpu.spsel());
    EXPECT_EQ(h.cpu.daif(), 0x3c0u);
    EXPECT_EQ(h.cpu.pc(), 0x40001000u);
}

// SVC from EL0 goes to EL1 "lower EL" vector; ELR is the next instruction.
TEST_F(core_exceptions, SvcFromEl0ToEl1_C6_2_SVC) {
    at(0);
    step_at("ex_svc");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x400);
    EXPECT_EQ(s.esr[1], 0x56000012u);
    EXPECT_EQ(s.elr[1], sym("ex_svc_next"));
    EXPECT_EQ(s.spsr[1], 0x60000000u); // EL0t, DAIF clear, Z C
    EXPECT_EQ(h.cpu.daif(), 0x3c0u);
    EXPECT_TRUE(h.cpu.spsel());
}

TEST_F(core_exceptions, SvcFromEl1hUsesCurrentElSpxVector) {
    at(1);
    step_at("ex_svc");
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x200);
    EXPECT_EQ(s.spsr[1], 0x60000005u);
}

TEST_F(core_exceptions, SvcFromEl1tUsesCurrentElSp0Vector) {
    at(1, false);
    step_at("ex_svc");
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x000);
    EXPECT_EQ(s.spsr[1], 0x60000004u);
}

TEST_F(core_exceptions, SvcAtEl2StaysAtEl2) {
    at(2);
    step_at("ex_svc");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x200);
    EXPECT_EQ(s.esr[2], 0x56000012u);
    EXPECT_EQ(s.spsr[2], 0x60000009u);
}

// D1.10.4: with HCR_EL2.TGE, exceptions from EL0 go to EL2.
TEST_F(core_exceptions, SvcFromEl0WithTgeGoesToEl2) {
    s.sys.hcr_el2 |= hcr::tge;
    at(0);
    step_at("ex_svc");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x400);
    EXPECT_EQ(s.esr[2], 0x56000012u);
}

TEST_F(core_exceptions, HvcFromEl1ToEl2_C6_2_HVC) {
    at(1);
    step_at("ex_hvc");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x400);
    EXPECT_EQ(s.esr[2], esr(ec_hvc64, 0x34));
    EXPECT_EQ(s.elr[2], sym("ex_hvc_next"));
    EXPECT_EQ(s.spsr[2], 0x60000005u);
}

TEST_F(core_exceptions, HvcAtEl0IsUndefined) {
    at(0);
    step_at("ex_hvc");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
    EXPECT_EQ(s.elr[1], sym("ex_hvc"));
}

TEST_F(core_exceptions, HvcWithHcdIsUndefined) {
    s.sys.hcr_el2 |= hcr::hcd;
    at(1);
    step_at("ex_hvc");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

TEST_F(core_exceptions, SmcIsUndefinedWithoutEl3) {
    at(1);
    step_at("ex_smc");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
    EXPECT_EQ(s.elr[1], sym("ex_smc"));
    at(2);
    step_at("ex_smc");
    EXPECT_EQ(s.esr[2], 0x02000000u);
}

// HCR_EL2.TSC traps SMC at EL1 to EL2 before any firmware sees it; the
// preferred return address is the SMC itself.
TEST_F(core_exceptions, SmcAtEl1WithTscTrapsToEl2) {
    bool called = false;
    h.firmware = [&](core_env::conduit) { return called = true; };
    s.sys.hcr_el2 |= hcr::tsc;
    at(1);
    step_at("ex_smc");
    EXPECT_FALSE(called);
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2], esr(ec_smc64, 0x56));
    EXPECT_EQ(s.elr[2], sym("ex_smc"));
}

// Platform firmware (vp's PSCI) answering on its conduit: the call completes
// like an instruction, with the registers it wrote; other calls fall back to
// the architecture.
TEST_F(core_exceptions, FirmwareAnswersSmcAndHvcOnItsConduit) {
    h.firmware = [&](core_env::conduit via) {
        if (via != core_env::conduit::smc) return false;
        h.cpu.set_x(0, 0x10000);
        return true;
    };
    at(2);
    step_at("ex_smc");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(h.cpu.pc(), sym("ex_smc") + 4);
    EXPECT_EQ(h.cpu.x(0), 0x10000u);
    at(1);
    step_at("ex_hvc"); // not the firmware's conduit: taken to EL2
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2], esr(ec_hvc64, 0x34));
}

TEST_F(core_exceptions, BrkReportsImmediateAndItsOwnAddress) {
    at(1);
    step_at("ex_brk");
    EXPECT_EQ(s.esr[1], esr(ec_brk64, 0x78));
    EXPECT_EQ(s.elr[1], sym("ex_brk"));
}

TEST_F(core_exceptions, UnallocatedEncodingIsUndefined) {
    at(1);
    step_at("ex_udf");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    EXPECT_EQ(s.elr[1], sym("ex_udf"));
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x200);
}

// FP/AdvSIMD are not implemented (ID_AA64PFR0_EL1.FP = 0xF): UNDEFINED.
// With CPACR_EL1.FPEN = 0 (its reset value here) a SIMD&FP instruction at
// EL1 takes the SIMD&FP access trap (EC 0x07, CV = 1, COND = 0b1110);
// fp_traps_test.cpp covers every level and control.
TEST_F(core_exceptions, SimdLoadTrapsWhileFpDisabled) {
    at(1);
    step_at("ex_simd_ld");
    EXPECT_EQ(s.esr[1], 0x1fe00000u);
    EXPECT_EQ(s.elr[1], sym("ex_simd_ld"));
}

TEST_F(core_exceptions, LseAtomicsAreUndefined) {
    at(1);
    step_at("ex_ldadd");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    EXPECT_EQ(s.elr[1], sym("ex_ldadd"));
}

TEST_F(core_exceptions, Crc32WithMismatchedSfIsUndefined) {
    at(1);
    step_at("ex_crc_bad");
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

// ---- exception return ----

struct eret_case {
    uint64_t spsr;
    unsigned el;
    bool spsel;
};

TEST_F(core_exceptions, EretFromEl2ToEachLevel_D1_11) {
    const eret_case cases[] = {{0x3c9, 2, true}, {0x3c8, 2, false}, {0x3c5, 1, true}, {0x3c4, 1, false}, {0x3c0, 0, false}};
    for (const auto& c : cases) {
        at(2);
        s.sp_el[0] = 0x1000;
        s.sp_el[1] = 0x2000;
        s.spsr[2] = c.spsr | 0x90000000u;
        s.elr[2] = sym("ex_nop");
        step_at("ex_eret");
        SCOPED_TRACE("SPSR " + std::to_string(c.spsr));
        EXPECT_EQ(h.cpu.el(), c.el);
        EXPECT_EQ(h.cpu.spsel(), c.spsel);
        EXPECT_EQ(h.cpu.pc(), sym("ex_nop"));
        EXPECT_EQ(h.cpu.nzcv(), 0x90000000u);
        EXPECT_EQ(h.cpu.daif(), 0x3c0u);
        EXPECT_FALSE(s.il);
        if (c.el != 2) {
            EXPECT_EQ(h.cpu.sp(), c.spsel ? 0x2000u : 0x1000u);
        }
    }
}

TEST_F(core_exceptions, EretFromEl1ToEl0RestoresDaif) {
    at(1);
    s.spsr[1] = 0x00000080; // EL0t, I masked
    s.elr[1] = sym("ex_nop");
    step_at("ex_eret");
    EXPECT_EQ(h.cpu.el(), 0u);
    EXPECT_EQ(h.cpu.daif(), 0x80u);
}

TEST_F(core_exceptions, EretAtEl0IsUndefined) {
    at(0);
    step_at("ex_eret");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

// D1.11.5: an illegal return sets PSTATE.IL; the next instruction takes the
// Illegal Execution state exception (EC 0x0E) at the unchanged EL.
TEST_F(core_exceptions, IllegalReturnToHigherElSetsIl_D1_11_5) {
    at(1);
    s.spsr[1] = 0x9; // EL2h from EL1: illegal
    s.elr[1] = sym("ex_nop");
    step_at("ex_eret");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_TRUE(s.il);
    EXPECT_EQ(h.cpu.pc(), sym("ex_nop"));
    h.cpu.step();
    EXPECT_EQ(s.esr[1], esr(ec_illegal_state, 0));
    EXPECT_EQ(s.elr[1], sym("ex_nop"));
    EXPECT_EQ(s.spsr[1] & (1u << 20), 1u << 20); // SPSR.IL records it
    EXPECT_FALSE(s.il);
}

// SPSR_EL2 written by MSR keeps M[4], so returning to "AArch32" is illegal.
TEST_F(core_exceptions, MsrSpsrKeepsModeBit4) {
    at(2);
    h.cpu.set_x(0, 0xf0000010ull | 0xff000000000ull);
    step_at("ex_msr_spsr2");
    EXPECT_EQ(s.spsr[2], 0xf0000010u); // RES0 bits dropped
    s.elr[2] = sym("ex_nop");
    step_at("ex_eret");
    EXPECT_TRUE(s.il);
}

TEST_F(core_exceptions, IllegalReturnToAArch32) {
    at(2);
    s.spsr[2] = 0x10;
    s.elr[2] = sym("ex_nop");
    step_at("ex_eret");
    EXPECT_TRUE(s.il);
    EXPECT_EQ(h.cpu.el(), 2u);
}

// ---- aborts and alignment ----

// B2.5.2 / D5.2.9: translation off, data accesses are Device memory, so a
// misaligned access takes an Alignment fault. ISS: DFSC 0x21, ISV = 0: only
// a stage 2 abort reports the instruction syndrome, at EL2 too (D13.2.37).
TEST_F(core_exceptions, MisalignedLoadTakesAlignmentFault) {
    at(2);
    h.cpu.set_x(1, 0x40030004);
    step_at("ex_ldr");
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x200);
    EXPECT_EQ(s.esr[2], esr(ec_dabt_same, 0x21));
    EXPECT_EQ(s.far[2], 0x40030004u);
    EXPECT_EQ(s.elr[2], sym("ex_ldr"));
}

TEST_F(core_exceptions, MisalignedLoadFromEl0IsLowerElAbortAtEl1) {
    at(0);
    h.cpu.set_x(1, 0x40030002);
    step_at("ex_ldrw");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x400);
    EXPECT_EQ(s.esr[1], esr(ec_dabt_lower, 0x21)); // ISV 0 in ESR_EL1
    EXPECT_EQ(s.far[1], 0x40030002u);
}

TEST_F(core_exceptions, MisalignedStoreSetsWnR) {
    at(1);
    h.cpu.set_x(1, 0x40030001);
    step_at("ex_str");
    EXPECT_EQ(s.esr[1] & 0x7f, 0x40u | 0x21u);
}

TEST_F(core_exceptions, MisalignedPairAndExclusiveFault) {
    at(1);
    h.cpu.set_x(1, 0x40030004);
    step_at("ex_ldp");
    EXPECT_EQ(s.esr[1] >> 26, ec_dabt_same);
    EXPECT_EQ(s.esr[1] & 0x3f, 0x21u);
    EXPECT_EQ(h.cpu.x(2), 0u); // nothing loaded
    at(1);
    step_at("ex_ldxr");
    EXPECT_EQ(s.esr[1] & 0x3f, 0x21u);
    at(1);
    step_at("ex_stxr_unaligned");
    EXPECT_EQ(s.esr[1] & 0x3f, 0x21u);
}

// With HCR_EL2.DC = 1, EL1&0 data accesses are Normal memory: no fault.
TEST_F(core_exceptions, HcrDcMakesEl1MisalignedAccessLegal) {
    const uint64_t table = vp::test::ram_base + vp::test::ram_size - 4096;
    vp::test::identity_stage2(h.ram.data() + (table - vp::test::ram_base), table, s.sys);
    s.sys.hcr_el2 |= vp::test::hcr_dc;
    h.write64(0x40030000, 0x1122334455667788ull);
    h.write64(0x40030008, 0x99aabbccddeeff00ull);
    at(1);
    h.cpu.set_x(1, 0x40030004);
    step_at("ex_ldr");
    EXPECT_EQ(h.cpu.pc(), sym("ex_ldr_next"));
    EXPECT_EQ(h.cpu.x(0), 0xddeeff0011223344ull);
}

// A TLM error (here: nothing mapped) is a synchronous external abort.
TEST_F(core_exceptions, BusErrorIsSynchronousExternalAbort) {
    at(1);
    h.cpu.set_x(1, 0x80000000);
    step_at("ex_ldr");
    EXPECT_EQ(s.esr[1], esr(ec_dabt_same, 0x10)); // ISV 0 in ESR_EL1 (D13.2.37)
    EXPECT_EQ(s.far[1], 0x80000000u);
    at(2);
    step_at("ex_str");
    EXPECT_EQ(s.esr[2] & 0x7f, 0x40u | 0x10u);
    at(2);
    step_at("ex_str"); // same cause again: not logged again
    ASSERT_EQ(h.warnings.size(), 2u);
    EXPECT_NE(h.warnings[0].find("read at 0x80000000"), std::string::npos);
    EXPECT_NE(h.warnings[1].find("write at 0x80000000"), std::string::npos);
}

TEST_F(core_exceptions, StorePairToDeviceIsTwoBusWrites) {
    at(1);
    h.cpu.set_x(0, 0xabcd);
    h.cpu.set_x(1, vp::test::dev_base + 0x40);
    step_at("ex_stp_dev");
    ASSERT_EQ(h.bus.size(), 2u);
    EXPECT_EQ(h.bus[0].addr, vp::test::dev_base + 0x40);
    EXPECT_EQ(h.bus[1].addr, vp::test::dev_base + 0x48);
    EXPECT_EQ(h.bus[1].value, 0xabcdu);
}

// D1.8.1: a branch to a misaligned address faults when the target is
// fetched; ELR = FAR = the misaligned PC.
TEST_F(core_exceptions, PcAlignmentFault_D1_8_1) {
    at(1);
    h.cpu.set_x(1, sym("ex_nop") + 2);
    step_at("ex_br");
    EXPECT_EQ(h.cpu.pc(), sym("ex_nop") + 2);
    h.cpu.step();
    EXPECT_EQ(s.esr[1], esr(ec_pc_align, 0));
    EXPECT_EQ(s.far[1], sym("ex_nop") + 2);
    EXPECT_EQ(s.elr[1], sym("ex_nop") + 2);
}

TEST_F(core_exceptions, FetchFromNowhereIsInstructionAbort) {
    at(1);
    h.cpu.set_x(1, 0x80000000);
    step_at("ex_br");
    h.cpu.step();
    EXPECT_EQ(s.esr[1], esr(ec_iabt_same, 0x10));
    EXPECT_EQ(s.far[1], 0x80000000u);
    at(0);
    h.cpu.set_x(1, 0x80000000);
    step_at("ex_br");
    h.cpu.step();
    EXPECT_EQ(s.esr[1], esr(ec_iabt_lower, 0x10));
}

// D1.8.2: SP alignment checking with SCTLR_ELx.SA.
TEST_F(core_exceptions, SpAlignmentFault_D1_8_2) {
    at(2);
    s.sys.sctlr_el2 |= 1u << 3;
    h.cpu.set_sp(0x40080008);
    step_at("ex_ldr_sp");
    EXPECT_EQ(s.esr[2], esr(ec_sp_align, 0));
    s.sys.sctlr_el2 &= ~(1ull << 3);
    at(2);
    h.cpu.set_sp(0x40080008);
    step_at("ex_ldr_sp");
    EXPECT_EQ(h.cpu.pc(), sym("ex_ldr_sp_next"));
}

// ---- system registers ----

TEST_F(core_exceptions, UnimplementedSysregIsUndefinedAndLoggedOnce) {
    for (int i = 0; i < 3; ++i) {
        at(2);
        step_at("ex_mrs_impdef");
        EXPECT_EQ(s.esr[2], 0x02000000u);
    }
    EXPECT_EQ(h.warnings.size(), 1u);
}

TEST_F(core_exceptions, GicV3SysregsAndTimerWithoutTimerAreUndefined) {
    at(1);
    step_at("ex_mrs_icc_sre");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    at(1);
    step_at("ex_mrs_cntvct");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    EXPECT_EQ(h.warnings.size(), 2u);
}

TEST_F(core_exceptions, El2RegisterFromEl1IsUndefined) {
    at(1);
    step_at("ex_mrs_hcr");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
    at(1);
    step_at("ex_msr_hcr");
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

TEST_F(core_exceptions, El1RegisterFromEl0IsUndefined) {
    at(0);
    step_at("ex_mrs_sctlr1");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

// HCR_EL2.TVM / TRVM trap EL1 writes / reads of the VM registers (EC 0x18).
TEST_F(core_exceptions, TvmTrapsSctlrWriteToEl2) {
    s.sys.hcr_el2 |= hcr::tvm;
    at(1);
    h.cpu.set_x(0, 0x30d50801);
    step_at("ex_msr_sctlr1");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 1, 0, 0, 0, false)));
    EXPECT_EQ(s.elr[2], sym("ex_msr_sctlr1"));
    EXPECT_EQ(s.sys.sctlr_el1, 0x30d50800u); // unchanged
    at(1);
    step_at("ex_mrs_sctlr1"); // TVM does not trap reads
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(h.cpu.x(0), 0x30d50800u);
}

// SCTLR_EL1.M = 1 turns translation on from the next instruction: with TTBR0
// pointing at nothing (PA 0 is not memory here), the fetch walk takes a
// synchronous external abort on the level 0 table read (IFSC 0x14).
TEST_F(core_exceptions, EnablingTheMmuTranslatesTheNextFetch) {
    at(1);
    s.sys.tcr_el1 = 16; // T0SZ = 16: 48-bit VA, 4 KiB granule, walk starts at level 0
    h.cpu.set_x(0, 0x30d50801);
    step_at("ex_msr_sctlr1");
    EXPECT_EQ(h.cpu.pc(), sym("ex_msr_sctlr1_next"));
    EXPECT_EQ(s.sys.sctlr_el1, 0x30d50801u);
    h.cpu.step();
    EXPECT_EQ(s.esr[1], esr(ec_iabt_same, 0x14));
    EXPECT_EQ(s.far[1], sym("ex_msr_sctlr1_next"));
    EXPECT_EQ(s.elr[1], sym("ex_msr_sctlr1_next"));
}

TEST_F(core_exceptions, TrvmTrapsTtbrReadToEl2) {
    s.sys.hcr_el2 |= hcr::trvm;
    at(1);
    step_at("ex_mrs_ttbr0");
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 2, 0, 0, 0, true)));
}

TEST_F(core_exceptions, Tid3TrapsIdRegisterRead) {
    s.sys.hcr_el2 |= hcr::tid3;
    at(1);
    step_at("ex_mrs_pfr0");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2] >> 26, ec_sysreg);
}

// At EL1, MIDR_EL1/MPIDR_EL1 return VPIDR_EL2/VMPIDR_EL2.
TEST_F(core_exceptions, El1SeesVirtualizedIdRegisters) {
    s.sys.vpidr_el2 = 0x411fd070;
    s.sys.vmpidr_el2 = 0x80000003;
    at(1);
    step_at("ex_mrs_midr");
    EXPECT_EQ(h.cpu.x(0), 0x411fd070u);
    at(1);
    step_at("ex_mrs_mpidr");
    EXPECT_EQ(h.cpu.x(0), 0x80000003u);
    at(2);
    step_at("ex_mrs_midr");
    EXPECT_EQ(h.cpu.x(0), 0x410fd034u);
}

// ISR_EL1 (D17.2.83): at EL1 with IMO the I bit shows the virtual IRQ.
TEST_F(core_exceptions, IsrShowsPendingInterruptsAsTheLevelSeesThem) {
    vp::cpu::interrupt_lines l;
    l.virq = true;
    h.cpu.set_interrupt_lines(l);
    s.sys.hcr_el2 |= hcr::imo;
    at(1);
    h.cpu.set_daif(0x3c0);
    step_at("ex_mrs_isr");
    EXPECT_EQ(h.cpu.x(0), 0x80u);
    at(2);
    h.cpu.set_daif(0x3c0);
    step_at("ex_mrs_isr");
    EXPECT_EQ(h.cpu.x(0), 0u); // at EL2 the physical line, which is low
}

TEST_F(core_exceptions, DaifAtEl0TrapsWithoutUma) {
    at(0);
    step_at("ex_mrs_daif");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1] >> 26, ec_sysreg);
    s.sys.sctlr_el1 |= 1u << 9;
    at(0);
    step_at("ex_mrs_daif");
    EXPECT_EQ(h.cpu.el(), 0u);
}

TEST_F(core_exceptions, SpEl0WhileSelectedIsUndefined) {
    at(1, false);
    step_at("ex_mrs_sp_el0");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    at(1, true);
    s.sp_el[0] = 0x1230;
    step_at("ex_mrs_sp_el0");
    EXPECT_EQ(h.cpu.x(0), 0x1230u);
}

TEST_F(core_exceptions, MsrSpselAtEl0IsUndefined) {
    at(0);
    step_at("ex_msr_spsel0");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

TEST_F(core_exceptions, TlbiEl2FromEl1IsUndefined) {
    at(1);
    step_at("ex_tlbi_el2");
    EXPECT_EQ(s.esr[1], 0x02000000u);
    at(2);
    step_at("ex_tlbi_el2");
    EXPECT_EQ(h.cpu.pc(), sym("ex_tlbi_el2_next"));
}

// DC ZVA on Device memory (translation off) is an Alignment fault; on Normal
// memory (EL1 with HCR_EL2.DC) it zeroes the 64-byte block.
TEST_F(core_exceptions, DcZvaFaultsOnDeviceAndZeroesNormal) {
    at(2);
    h.write64(0x40030040, ~0ull);
    h.cpu.set_x(1, 0x40030048);
    step_at("ex_dczva");
    EXPECT_EQ(s.esr[2] >> 26, ec_dabt_same);
    EXPECT_EQ(s.esr[2] & 0x3f, 0x21u);
    const uint64_t table = vp::test::ram_base + vp::test::ram_size - 4096;
    vp::test::identity_stage2(h.ram.data() + (table - vp::test::ram_base), table, s.sys);
    s.sys.hcr_el2 |= vp::test::hcr_dc;
    at(1);
    h.cpu.set_x(1, 0x40030048);
    step_at("ex_dczva");
    EXPECT_EQ(h.cpu.pc(), sym("ex_dczva_next"));
    EXPECT_EQ(h.read64(0x40030040), 0u);
}

// ---- WFI ----

TEST_F(core_exceptions, WfiTrappedByTwiGoesToEl2_D1_16_2) {
    s.sys.hcr_el2 |= hcr::twi;
    at(1);
    step_at("ex_wfi");
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2], esr(ec_wfx, iss_wfi));
    EXPECT_EQ(s.elr[2], sym("ex_wfi"));
}

TEST_F(core_exceptions, WfiAtEl0TrapsToEl1WithoutNTwi) {
    s.sys.sctlr_el1 &= ~(1ull << 16);
    at(0);
    step_at("ex_wfi");
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.esr[1], esr(ec_wfx, iss_wfi));
}

TEST_F(core_exceptions, WfiStopsWhenNothingPending) {
    at(2);
    h.cpu.set_pc(sym("ex_wfi"));
    const auto r = h.cpu.run(10);
    EXPECT_EQ(r.reason, stop_reason::wfi);
    EXPECT_EQ(h.cpu.pc(), sym("ex_wfi_next"));
}

// A masked physical interrupt still completes WFI (D1.6.2).
TEST_F(core_exceptions, WfiCompletesOnMaskedInterrupt) {
    at(2);
    h.cpu.set_daif(0x3c0);
    vp::cpu::interrupt_lines l;
    l.irq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.set_pc(sym("ex_wfi"));
    const auto r = h.cpu.run(2);
    EXPECT_EQ(r.reason, stop_reason::limit);
    EXPECT_EQ(h.cpu.pc(), sym("ex_wfi_next") + 4);
}

TEST_F(core_exceptions, VirqDoesNotWakeWfiAtEl2) {
    s.sys.hcr_el2 |= hcr::imo;
    at(2);
    vp::cpu::interrupt_lines l;
    l.virq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.set_pc(sym("ex_wfi"));
    EXPECT_EQ(h.cpu.run(10).reason, stop_reason::wfi);
}

// ---- interrupts ----

TEST_F(core_exceptions, IrqRoutedToEl2IsTakenFromEl1DespiteI) {
    s.sys.hcr_el2 |= hcr::imo;
    at(1);
    h.cpu.set_daif(0x3c0);
    h.cpu.set_pc(sym("ex_nop"));
    vp::cpu::interrupt_lines l;
    l.irq = true;
    h.cpu.set_interrupt_lines(l);
    boundary();
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x480);
    EXPECT_EQ(s.elr[2], sym("ex_nop"));
    EXPECT_EQ(s.spsr[2], 0x600003c5u);
    EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::irq, 2), 1u);
}

TEST_F(core_exceptions, IrqAtEl2MaskedUntilDaifClr) {
    s.sys.hcr_el2 |= hcr::imo;
    at(2);
    h.cpu.set_daif(0x3c0);
    vp::cpu::interrupt_lines l;
    l.irq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.set_pc(sym("ex_daifclr"));
    h.cpu.step(); // msr daifclr, #3: the IRQ is taken before the next instruction
    EXPECT_EQ(h.cpu.pc(), vbar_el2 + 0x280);
    EXPECT_EQ(s.elr[2], sym("ex_daifclr_next"));
    EXPECT_EQ(s.spsr[2] & 0x3c0, 0x300u);
}

// docs/architecture.md section 4: a pending virtual interrupt unmasked by
// MSR DAIFClr is taken before the next instruction.
TEST_F(core_exceptions, PendingVirqUnmaskedByDaifClrTakenBeforeNextInstruction) {
    s.sys.hcr_el2 |= hcr::imo;
    at(1);
    h.cpu.set_daif(0x3c0);
    vp::cpu::interrupt_lines l;
    l.virq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.set_pc(sym("ex_daifclr"));
    h.cpu.run(0);
    EXPECT_EQ(h.cpu.pc(), sym("ex_daifclr")); // masked: still pending
    h.cpu.step();                             // daifclr; the vIRQ is taken at the boundary
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x280);
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.elr[1], sym("ex_daifclr_next"));
    EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::virq, 1), 1u);
}

TEST_F(core_exceptions, VirqTakenAtEl1WhenUnmasked) {
    s.sys.hcr_el2 |= hcr::imo;
    at(1);
    h.cpu.set_pc(sym("ex_nop"));
    vp::cpu::interrupt_lines l;
    l.virq = true;
    h.cpu.set_interrupt_lines(l);
    boundary();
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x280);
    EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::virq, 1), 1u);
}

TEST_F(core_exceptions, VirqIgnoredWithoutImo) {
    at(1);
    h.cpu.set_pc(sym("ex_nop"));
    vp::cpu::interrupt_lines l;
    l.virq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.step();
    EXPECT_EQ(h.cpu.pc(), sym("ex_nop_next"));
}

// HCR_EL2.VI is ORed with the vIRQ line; VF with vFIQ (FIQ vector 0x100/0x300).
TEST_F(core_exceptions, HcrViAndVfRaiseVirtualInterrupts) {
    s.sys.hcr_el2 |= hcr::imo | hcr::fmo | hcr::vf;
    at(0);
    h.cpu.set_pc(sym("ex_nop"));
    h.cpu.pstate_changed();
    boundary();
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x500);
    EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::vfiq, 1), 1u);
}

TEST_F(core_exceptions, MsrHcrWithViIsTakenBeforeNextGuestInstruction) {
    at(2);
    h.cpu.set_x(0, hcr::imo | hcr::vi | hcr::rw);
    step_at("ex_msr_hcr");
    EXPECT_EQ(h.cpu.pc(), sym("ex_msr_hcr_next")); // not taken at EL2
    s.spsr[2] = 0x5;                              // EL1h, unmasked
    s.elr[2] = sym("ex_nop");
    step_at("ex_eret");
    EXPECT_EQ(h.cpu.el(), 1u);
    boundary();
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x280);
    EXPECT_EQ(s.elr[1], sym("ex_nop"));
}

TEST_F(core_exceptions, FiqTakenBeforeIrq) {
    at(1);
    h.cpu.set_pc(sym("ex_nop"));
    vp::cpu::interrupt_lines l;
    l.irq = l.fiq = true;
    h.cpu.set_interrupt_lines(l);
    boundary();
    EXPECT_EQ(h.cpu.pc(), vbar_el1 + 0x300);
}

// ---- semihosting ----

TEST_F(core_exceptions, SemihostingExitWithParameterBlock) {
    at(2);
    h.write64(0x40030000, 0x20026);
    h.write64(0x40030008, 42);
    h.cpu.set_x(0, 0x18);
    h.cpu.set_x(1, 0x40030000);
    h.cpu.set_pc(sym("ex_semihost"));
    const auto r = h.cpu.run(10);
    EXPECT_EQ(r.reason, stop_reason::exited);
    EXPECT_TRUE(h.cpu.exited());
    EXPECT_EQ(h.cpu.exit_code(), 42);
}

TEST_F(core_exceptions, SemihostingExitExtendedAndOtherReasons) {
    at(2);
    h.write64(0x40030000, 0x20023); // ADP_Stopped_RunTimeErrorUnknown
    h.write64(0x40030008, 5);
    h.cpu.set_x(0, 0x20);
    h.cpu.set_x(1, 0x40030000);
    step_at("ex_semihost");
    EXPECT_TRUE(h.cpu.exited());
    EXPECT_EQ(h.cpu.exit_code(), 1);
}

TEST_F(core_exceptions, SemihostingConsoleAndClock) {
    at(2);
    const char text[] = "hi\n";
    std::memcpy(h.ram.data() + 0x30100, text, sizeof text);
    h.cpu.set_x(0, 0x04);
    h.cpu.set_x(1, 0x40030100);
    step_at("ex_semihost");
    EXPECT_EQ(h.cpu.x(0), 0x04u);
    h.ram[0x30200] = 'x';
    h.cpu.set_x(0, 0x03);
    h.cpu.set_x(1, 0x40030200);
    step_at("ex_semihost");
    h.write64(0x40030300, 1);
    h.write64(0x40030308, 0x40030100);
    h.write64(0x40030310, 2);
    h.cpu.set_x(0, 0x05);
    h.cpu.set_x(1, 0x40030300);
    step_at("ex_semihost");
    EXPECT_EQ(h.cpu.x(0), 0u);
    EXPECT_EQ(h.console, "hi\nxhi");
    h.now_ns = 2500000000ull;
    h.cpu.set_x(0, 0x10);
    step_at("ex_semihost");
    EXPECT_EQ(h.cpu.x(0), 250u);
    h.cpu.set_x(0, 0x11);
    step_at("ex_semihost");
    EXPECT_EQ(h.cpu.x(0), 2u);
    EXPECT_FALSE(h.cpu.exited());
    EXPECT_EQ(h.cpu.pc(), sym("ex_semihost_next"));
}

TEST_F(core_exceptions, HltOtherThanSemihostingIsUndefined) {
    at(1);
    step_at("ex_hlt");
    EXPECT_EQ(s.esr[1], 0x02000000u);
}

TEST_F(core_exceptions, UnknownSemihostingCallReturnsMinusOneAndWarns) {
    at(2);
    h.cpu.set_x(0, 0x99);
    step_at("ex_semihost");
    EXPECT_EQ(h.cpu.x(0), ~0ull);
    EXPECT_EQ(h.warnings.size(), 1u);
}

} // namespace

// ------------------------------------------------ exception-loop detection --
// issue 16 / issue 10: the same exception at the same place with no forward
// progress stops the core (vp then exits with status 117 and PC/EL/ESR/FAR).

struct exception_loop : core_exceptions {
    static constexpr uint64_t code = 0x400c0000, vectors = 0x400d0000, unmapped = 0x80000000;
    static constexpr uint32_t ldr_x0_x1 = 0xf9400020, b_back = 0x17ffffff, eret = 0xd69f03e0,
                              mrs_x2_elr_el1 = 0xd5384022, add_x2_4 = 0x91001042, msr_elr_el1_x2 = 0xd5184022,
                              hvc0 = 0xd4000002;
    void SetUp() override {
        core_exceptions::SetUp();
        h.cpu.set_exception_loop_limit(1000);
    }
    void put(uint64_t addr, std::initializer_list<uint32_t> words) {
        for (uint32_t w : words) {
            h.write32(addr, w);
            addr += 4;
        }
    }
    bool runs_until_stopped(uint64_t budget) {
        for (uint64_t n = 0; n < budget && !h.cpu.exited();)
            n += h.cpu.run(budget - n).executed + 1;
        return h.cpu.exited();
    }
};

// Entry point outside RAM and no vector table: the instruction abort's vector
// faults too, forever (it used to run until --max-time, or for ever).
TEST_F(exception_loop, UnmappedVectorTableIsDetected) {
    at(2);
    s.sys.vbar_el2 = unmapped;
    h.cpu.set_pc(unmapped + 0x10000);
    ASSERT_TRUE(runs_until_stopped(100000));
    EXPECT_TRUE(h.cpu.exception_loop());
    const auto& sig = h.cpu.last_sync_exception();
    EXPECT_EQ(sig.el, 2u);
    EXPECT_EQ(sig.elr, unmapped + 0x200) << "the vector itself faults";
    EXPECT_EQ(sig.esr >> 26, ec_iabt_same);
    EXPECT_EQ(sig.far, unmapped + 0x200);
    EXPECT_LT(h.cpu.instructions(), 1100u);
}

// A handler that returns to the faulting load without fixing anything.
TEST_F(exception_loop, HandlerReturningToTheFaultIsDetected) {
    at(1);
    s.sys.vbar_el1 = vectors;
    put(vectors + 0x200, {eret});
    put(code, {ldr_x0_x1, b_back});
    h.cpu.set_x(1, unmapped);
    h.cpu.set_pc(code);
    ASSERT_TRUE(runs_until_stopped(100000));
    EXPECT_TRUE(h.cpu.exception_loop());
    EXPECT_EQ(h.cpu.last_sync_exception().elr, code);
    EXPECT_EQ(h.cpu.last_sync_exception().far, unmapped);
    EXPECT_EQ(h.cpu.last_sync_exception().esr >> 26, ec_dabt_same);
}

// Progress: a handler that emulates the access (skips it) while the guest
// polls in a loop takes the same exception at the same place for ever, but
// each time the guest moves on. Not a loop.
TEST_F(exception_loop, EmulatedAccessInAPollingLoopIsProgress) {
    at(1);
    s.sys.vbar_el1 = vectors;
    put(vectors + 0x200, {mrs_x2_elr_el1, add_x2_4, msr_elr_el1_x2, eret});
    put(code, {ldr_x0_x1, b_back});
    h.cpu.set_x(1, unmapped);
    h.cpu.set_pc(code);
    EXPECT_FALSE(runs_until_stopped(200000));
    EXPECT_FALSE(h.cpu.exception_loop());
    EXPECT_GT(h.cpu.exceptions_taken(1), 10000u);
}

// A hypercall in a tight loop: the same HVC over and over is progress too.
TEST_F(exception_loop, HypercallLoopIsProgress) {
    at(1);
    put(vbar_el2 + 0x400, {eret}); // lower EL, AArch64, synchronous
    put(code, {hvc0, b_back});
    h.cpu.set_pc(code);
    EXPECT_FALSE(runs_until_stopped(100000));
    EXPECT_GT(h.cpu.exceptions_taken(2), 10000u);
}

TEST_F(exception_loop, ZeroDisablesDetection) {
    h.cpu.set_exception_loop_limit(0);
    at(2);
    s.sys.vbar_el2 = unmapped;
    h.cpu.set_pc(unmapped);
    EXPECT_FALSE(runs_until_stopped(50000));
}
