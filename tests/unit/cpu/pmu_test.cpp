// The PMU cycle counter (DDI 0487 D7 "The Performance Monitors Extension",
// D13.4 PMCR_EL0, PMCNTENSET_EL0, PMCCNTR_EL0, PMCCFILTR_EL0, PMOVSSET_EL0,
// PMXEVTYPER_EL0): it counts one cycle per instruction (the core's clock)
// while PMCR_EL0.E and PMCNTENSET_EL0.C are set and PMCCFILTR_EL0 lets the
// current EL count; PMCR_EL0.D divides by 64, PMCR_EL0.C resets it, and its
// overflow (bit 31, or 63 with PMCR_EL0.LC) sets PMOVSSET_EL0.C.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using vp::test::core_harness;
using vp::test::ram_base;

namespace {

using namespace vp::test::pmu_keys;
constexpr uint32_t k_pmcr = pmcr, k_pmcntenset = pmcntenset, k_pmcntenclr = pmcntenclr, k_pmovsclr = pmovsclr;
constexpr uint32_t k_pmselr = pmselr, k_pmccntr = pmccntr, k_pmxevtyper = pmxevtyper, k_pmovsset = pmovsset;
constexpr uint32_t k_pmccfiltr = pmccfiltr;
constexpr uint64_t E = 1, C = 4, D = 8, LC = 64, cycle = 1ull << 31;
constexpr uint64_t P = 1ull << 31, U = 1ull << 30, NSH = 1ull << 27;
constexpr uint32_t mrs_x0_pmccntr = 0xd53b9d00; // MRS X0, PMCCNTR_EL0

struct pmu : vp::test::program_fixture<core_harness> {
    void SetUp() override {
        program_fixture::SetUp();
        nops_at_code(4096);
    }
    // Runs `n` NOPs from where the PC is.
    void run(uint64_t n) { ASSERT_EQ(h.cpu.run(n).executed, n); }
    // Counting everywhere: EL2 needs PMCCFILTR_EL0.NSH.
    void start(uint64_t pmcr_bits = 0) {
        wr(k_pmccfiltr, NSH);
        wr(k_pmcntenset, cycle);
        wr(k_pmcr, E | C | pmcr_bits);
    }
};

TEST_F(pmu, CountsOneCyclePerInstructionOnlyWhileEnabled) {
    run(100);
    EXPECT_EQ(rd(k_pmccntr), 0u) << "PMCR_EL0.E = 0 at reset";
    start();
    run(100);
    EXPECT_EQ(rd(k_pmccntr), 100u);
    wr(k_pmcntenclr, cycle);
    run(50);
    EXPECT_EQ(rd(k_pmccntr), 100u) << "PMCNTENSET_EL0.C clear: stopped";
    EXPECT_EQ(rd(k_pmcntenset), 0u);
    wr(k_pmcntenset, cycle);
    run(10);
    wr(k_pmcr, 0); // E = 0
    run(10);
    EXPECT_EQ(rd(k_pmccntr), 110u);
    wr(k_pmcr, E | C);
    EXPECT_EQ(rd(k_pmccntr), 0u) << "PMCR_EL0.C resets the counter";
    EXPECT_EQ(rd(k_pmcr) & C, 0u) << "C is write-only, reads 0";
}

// An MRS reads the count at its own place in the instruction stream: two
// reads in a row differ by one, whatever runs them (blocks, single steps).
TEST_F(pmu, MrsSeesEveryInstructionBeforeIt) {
    start();
    h.write32(code + 40, mrs_x0_pmccntr);
    h.write32(code + 44, mrs_x0_pmccntr + 1); // MRS X1, PMCCNTR_EL0
    h.cpu.set_pc(code);
    run(12);
    const uint64_t a = h.cpu.x(0), b = h.cpu.x(1);
    EXPECT_EQ(b, a + 1);
    EXPECT_GE(a, 10u);
    EXPECT_LE(a, 11u);
}

TEST_F(pmu, WriteSetsTheCounterAndItCountsOnFromThere) {
    start();
    wr(k_pmccntr, 1000);
    run(24);
    EXPECT_EQ(rd(k_pmccntr), 1024u);
}

// PMCCFILTR_EL0 without EL3: P filters EL1, U filters EL0, EL2 counts only
// with NSH; NSK, NSU and M are RES0.
TEST_F(pmu, FilterDecidesWhichElCounts) {
    wr(k_pmcntenset, cycle);
    wr(k_pmcr, E | C);
    run(20); // EL2 with NSH = 0
    EXPECT_EQ(rd(k_pmccntr), 0u) << "EL2 does not count without NSH";
    h.cpu.set_el(1, true);
    run(20);
    EXPECT_EQ(rd(k_pmccntr), 20u);
    wr(k_pmccfiltr, P);
    run(20);
    EXPECT_EQ(rd(k_pmccntr), 20u) << "P: EL1 filtered out";
    h.cpu.set_el(0, false);
    run(20);
    EXPECT_EQ(rd(k_pmccntr), 40u) << "EL0 counts with U = 0";
    wr(k_pmccfiltr, U);
    run(20);
    EXPECT_EQ(rd(k_pmccntr), 40u) << "U: EL0 filtered out";
    h.cpu.set_el(2, true);
    wr(k_pmccfiltr, ~uint64_t(0));
    EXPECT_EQ(rd(k_pmccfiltr), P | U | NSH) << "NSK, NSU, M and the low bits are RES0";
    run(20);
    EXPECT_EQ(rd(k_pmccntr), 60u) << "NSH: EL2 counts";
}

// PMSELR_EL0.SEL == 31: PMXEVTYPER_EL0 is PMCCFILTR_EL0.
TEST_F(pmu, PmxevtyperWithSel31IsTheCycleFilter) {
    wr(k_pmselr, 31);
    wr(k_pmxevtyper, U | NSH);
    EXPECT_EQ(rd(k_pmccfiltr), U | NSH);
    wr(k_pmccfiltr, P);
    EXPECT_EQ(rd(k_pmxevtyper), P);
}

TEST_F(pmu, DividerCountsOncePer64Cycles) {
    start(D);
    run(64 * 3 + 63);
    EXPECT_EQ(rd(k_pmccntr), 3u);
    run(1);
    EXPECT_EQ(rd(k_pmccntr), 4u);
}

// Overflow: a carry out of bit 31 with LC = 0 (the counter still has 64
// bits), out of bit 63 with LC = 1; PMOVSCLR_EL0 clears the flag.
TEST_F(pmu, OverflowSetsPmovssetC) {
    start();
    wr(k_pmccntr, 0xffffffffull - 9);
    run(9);
    EXPECT_EQ(rd(k_pmovsset), 0u);
    run(1);
    EXPECT_EQ(rd(k_pmovsset), cycle) << "bit 31 carried";
    EXPECT_EQ(rd(k_pmccntr), 0x100000000ull) << "64 bits count on";
    wr(k_pmovsclr, cycle);
    EXPECT_EQ(rd(k_pmovsset), 0u);
    wr(k_pmcr, E | LC);
    wr(k_pmccntr, 0xfffffffffull);
    run(10);
    EXPECT_EQ(rd(k_pmovsset), 0u) << "LC: bit 31 carries do not count";
    wr(k_pmccntr, ~uint64_t(0) - 4);
    run(5);
    EXPECT_EQ(rd(k_pmovsset), cycle) << "LC: bit 63 carried";
    EXPECT_EQ(rd(k_pmccntr), 0u);
}

} // namespace
