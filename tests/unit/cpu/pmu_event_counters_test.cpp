// The PMU event counters (DDI 0487 D7, D13.4; cpu/pmu.h): PMCR_EL0.N = 6
// 32-bit counters programmed by PMEVTYPER<n>_EL0 (or PMSELR_EL0 and
// PMXEVTYPER_EL0); INST_RETIRED and CPU_CYCLES count one per instruction,
// SW_INCR counts PMSWINC_EL0 writes, CHAIN the overflows of the even counter
// below (MEM_ACCESS: pmu_mem_access_test.cpp). MDCR_EL2.HPMN splits them
// between EL1 (PMCR_EL0.E) and EL2 (MDCR_EL2.HPME); PMUSERENR_EL0 opens them
// to EL0.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "cpu/exceptions.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using namespace vp::cpu::exceptions;
using vp::test::core_harness;
using vp::test::ram_base;

namespace {

using namespace vp::test::pmu_keys;
using vp::test::mrs;
using vp::test::msr;
constexpr uint32_t k_pmcr = pmcr, k_pmcntenset = pmcntenset, k_pmswinc = pmswinc, k_pmselr = pmselr;
constexpr uint32_t k_pmceid0 = pmceid0, k_pmccntr = pmccntr, k_pmxevtyper = pmxevtyper, k_pmxevcntr = pmxevcntr;
constexpr uint32_t k_pmuserenr = pmuserenr, k_pmovsset = pmovsset, k_pmovsclr = pmovsclr, k_mdcr_el2 = mdcr_el2;

constexpr uint64_t E = 1, P = 2, C = 4, HPME = 1u << 7, TPMCR = 1u << 5;
constexpr uint64_t filter_el1 = 1ull << 31, filter_el0 = 1ull << 30, NSH = 1ull << 27;
constexpr uint64_t SW_INCR = 0x00, INST_RETIRED = 0x08, CPU_CYCLES = 0x11, MEM_ACCESS = 0x13, CHAIN = 0x1e;

constexpr uint32_t k_pmintenset = pmintenset, k_pmintenclr = pmintenclr;

// Records the PMU interrupt request with the instruction count it changed at.
struct pmu_harness : core_harness {
    std::vector<std::pair<bool, uint64_t>> requests;
    void pmu_interrupt(bool level) override { requests.emplace_back(level, cpu.instructions()); }
};

struct pmu_events : vp::test::program_fixture<pmu_harness> {
    void SetUp() override {
        program_fixture::SetUp();
        nops_at_code(1024);
    }
    // Runs n instructions. While the overflow interrupt is armed, a PMU
    // register write or an EL change stops run() first (stop_reason::requested).
    void run(uint64_t n) {
        uint64_t done = 0;
        for (int stops = 0; done < n && stops < 3; ++stops) done += h.cpu.run(n - done).executed;
        ASSERT_EQ(done, n);
    }
    bool exec(uint32_t insn, uint64_t x = 0) { return program_fixture::exec(insn, x); }
};

TEST_F(pmu_events, SixCountersAndTheEventsThatCount) {
    EXPECT_EQ((rd(k_pmcr) >> 11) & 0x1f, 6u) << "PMCR_EL0.N at EL2";
    EXPECT_EQ(rd(k_pmceid0),
              (1ull << SW_INCR) | (1ull << INST_RETIRED) | (1ull << CPU_CYCLES) | (1ull << MEM_ACCESS) | (1ull << CHAIN));
    EXPECT_EQ(rd(k_mdcr_el2) & 0x1f, 6u) << "MDCR_EL2.HPMN resets to N";
}

// At EL2 every counter counts only with NSH, as the cycle counter.
TEST_F(pmu_events, InstRetiredAndCpuCyclesCountEachInstruction) {
    wr(pmevtyper(0), INST_RETIRED | NSH);
    wr(pmevtyper(1), CPU_CYCLES | NSH);
    wr(pmevtyper(2), 0xea | NSH); // not implemented: programmable, counts nothing
    wr(pmevtyper(3), INST_RETIRED); // NSH = 0: EL2 filtered out
    wr(k_pmcntenset, 0xf);
    run(50);
    EXPECT_EQ(rd(pmevcntr(0)), 0u) << "PMCR_EL0.E = 0";
    wr(k_pmcr, E);
    run(100);
    EXPECT_EQ(rd(pmevcntr(0)), 100u);
    EXPECT_EQ(rd(pmevcntr(1)), 100u);
    EXPECT_EQ(rd(pmevcntr(2)), 0u);
    EXPECT_EQ(rd(pmevtyper(2)) & 0x3ff, 0xeau);
    EXPECT_EQ(rd(pmevcntr(3)), 0u);
    EXPECT_EQ(rd(k_pmccntr), 0u) << "the cycle counter is not enabled";
    at(1);
    run(10);
    EXPECT_EQ(rd(pmevcntr(3)), 10u) << "EL1 counts with P = 0";
    wr(k_pmcr, E | P);
    EXPECT_EQ(rd(pmevcntr(0)), 0u) << "PMCR_EL0.P resets the event counters";
    run(7);
    EXPECT_EQ(rd(pmevcntr(0)), 7u);
}

// PMSELR_EL0.SEL selects the counter PMXEVTYPER_EL0 and PMXEVCNTR_EL0 reach.
TEST_F(pmu_events, SelectedCounterThroughPmxev) {
    wr(k_pmselr, 4);
    wr(k_pmxevtyper, 0xea);
    wr(k_pmxevcntr, 0xdeadbeef);
    EXPECT_EQ(rd(pmevtyper(4)), 0xeau);
    EXPECT_EQ(rd(pmevcntr(4)), 0xdeadbeefu);
    wr(pmevcntr(4), 0x1234567890ull);
    EXPECT_EQ(rd(k_pmxevcntr), 0x34567890u) << "32-bit counters";
}

// Overflow out of bit 31 sets PMOVSSET_EL0.P<n>; an odd counter on CHAIN
// counts the overflows of the even one below it.
TEST_F(pmu_events, OverflowAndChain) {
    wr(pmevtyper(0), INST_RETIRED | NSH);
    wr(pmevtyper(1), CHAIN | NSH);
    wr(pmevtyper(2), INST_RETIRED | NSH);
    wr(pmevcntr(0), 0xffffffffull - 4);
    wr(pmevcntr(1), 7);
    wr(pmevcntr(2), 0xfffffff0ull);
    wr(k_pmcntenset, 0x7);
    wr(k_pmcr, E);
    run(4);
    EXPECT_EQ(rd(k_pmovsset), 0u);
    run(1);
    EXPECT_EQ(rd(pmevcntr(0)), 0u);
    EXPECT_EQ(rd(k_pmovsset), 1u);
    EXPECT_EQ(rd(pmevcntr(1)), 8u) << "CHAIN counted the overflow of counter 0";
    run(20);
    EXPECT_EQ(rd(pmevcntr(2)), 9u) << "0xfffffff0 + 25, 32 bits";
    EXPECT_EQ(rd(k_pmovsset), 0x5u) << "counter 2 overflowed; CHAIN only pairs 2n and 2n+1";
    wr(k_pmovsclr, 0x5);
    EXPECT_EQ(rd(k_pmovsset), 0u);
}

// PMSWINC_EL0 counts on the enabled counters programmed with SW_INCR whose
// filter lets the current EL count.
TEST_F(pmu_events, SoftwareIncrement) {
    wr(pmevtyper(0), SW_INCR | NSH);
    wr(pmevtyper(1), SW_INCR | NSH);
    wr(pmevtyper(2), INST_RETIRED | NSH);
    wr(pmevtyper(3), SW_INCR); // EL2 filtered out
    wr(k_pmcntenset, 0xd);     // counter 1 not enabled
    wr(k_pmcr, E);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(exec(msr(k_pmswinc, 0), 0xf));
    EXPECT_EQ(rd(pmevcntr(0)), 3u);
    EXPECT_EQ(rd(pmevcntr(1)), 0u) << "not enabled";
    EXPECT_EQ(rd(pmevcntr(2)), 3u) << "INST_RETIRED: the three MSRs, not the writes";
    EXPECT_EQ(rd(pmevcntr(3)), 0u) << "filtered";
    // SW_INCR overflow into a CHAIN counter.
    wr(pmevtyper(1), CHAIN | NSH);
    wr(k_pmcntenset, 0x3);
    wr(pmevcntr(0), 0xffffffffull);
    ASSERT_TRUE(exec(msr(k_pmswinc, 0), 1));
    EXPECT_EQ(rd(pmevcntr(0)), 0u);
    EXPECT_EQ(rd(pmevcntr(1)), 1u);
    EXPECT_EQ(rd(k_pmovsset) & 1, 1u);
}

// MDCR_EL2.HPMN: EL1 and EL0 see PMCR_EL0.N = HPMN and only those counters
// (UNDEFINED beyond); the counters from HPMN up are enabled by HPME, not by
// PMCR_EL0.E.
TEST_F(pmu_events, HpmnReservesCountersForEl2) {
    wr(k_mdcr_el2, 2);
    wr(pmevtyper(0), INST_RETIRED);
    wr(pmevtyper(3), INST_RETIRED);
    wr(k_pmcntenset, 0x9);
    wr(k_pmcr, E);
    at(1);
    ASSERT_TRUE(exec(mrs(k_pmcr, 0)));
    EXPECT_EQ((h.cpu.x(0) >> 11) & 0x1f, 2u) << "PMCR_EL0.N at EL1 is HPMN";
    ASSERT_TRUE(exec(mrs(pmevcntr(1), 0)));
    EXPECT_FALSE(exec(mrs(pmevcntr(3), 0))) << "counter 3 >= HPMN at EL1";
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    at(1);
    EXPECT_FALSE(exec(msr(pmevtyper(2), 0)));
    at(1);
    ASSERT_TRUE(exec(msr(k_pmselr, 0), 5));
    EXPECT_FALSE(exec(mrs(k_pmxevcntr, 0))) << "PMXEVCNTR_EL0 with SEL >= HPMN";
    at(1);
    const uint64_t c0 = rd(pmevcntr(0)), c3 = rd(pmevcntr(3));
    run(10);
    EXPECT_EQ(rd(pmevcntr(0)), c0 + 10);
    EXPECT_EQ(rd(pmevcntr(3)), c3) << "HPME = 0";
    wr(k_mdcr_el2, 2 | HPME);
    run(10);
    EXPECT_EQ(rd(pmevcntr(3)), c3 + 10);
    // PMCR_EL0.P from EL1 leaves the EL2 counters alone.
    ASSERT_TRUE(exec(msr(k_pmcr, 0), E | P));
    EXPECT_EQ(rd(pmevcntr(0)), 0u);
    EXPECT_NE(rd(pmevcntr(3)), 0u);
}

// MDCR_EL2.TPMCR traps EL1 accesses to PMCR_EL0 to EL2.
TEST_F(pmu_events, TpmcrTrapsPmcr) {
    wr(k_mdcr_el2, 6 | TPMCR);
    at(1);
    EXPECT_FALSE(exec(mrs(k_pmcr, 0)));
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2] >> 26, uint64_t(ec_sysreg));
    at(1);
    EXPECT_TRUE(exec(mrs(pmevcntr(0), 0))) << "TPMCR is for PMCR_EL0 only";
}

// PMUSERENR_EL0 at EL0: EN opens everything; SW only PMSWINC_EL0, CR only
// reads of PMCCNTR_EL0, ER reads of the event counters and PMSELR_EL0.
TEST_F(pmu_events, UserEnableBits) {
    struct check { uint64_t userenr; uint32_t insn; bool allowed; };
    const check checks[] = {
        {0, mrs(k_pmccntr, 0), false},   {4, mrs(k_pmccntr, 0), true},  {4, msr(k_pmccntr, 0), false},
        {2, msr(k_pmswinc, 0), true},    {0, msr(k_pmswinc, 0), false}, {8, mrs(pmevcntr(0), 0), true},
        {8, msr(pmevcntr(0), 0), false}, {8, msr(k_pmselr, 0), true},   {8, mrs(k_pmxevcntr, 0), true},
        {8, mrs(pmevtyper(0), 0), false}, {1, msr(pmevtyper(0), 0), true}, {14, mrs(k_pmcr, 0), false},
    };
    for (const auto& c : checks) {
        wr(k_pmuserenr, c.userenr);
        wr(k_pmselr, 0);
        at(0);
        EXPECT_EQ(exec(c.insn), c.allowed) << std::hex << "PMUSERENR_EL0 " << c.userenr << " insn " << c.insn;
        if (!c.allowed) {
            EXPECT_EQ(s.esr[1] >> 26, uint64_t(ec_sysreg));
        }
    }
}

// The overflow interrupt request: an overflow flag with its interrupt
// enabled on an enabled counter. The core tells how far the next overflow
// is (the SystemC CPU stops there), and reports a change at the next
// instruction boundary.
TEST_F(pmu_events, OverflowInterruptRequest) {
    wr(pmevtyper(0), INST_RETIRED | NSH);
    wr(pmevcntr(0), 0xffffffffull - 9);
    wr(k_pmcntenset, 1);
    wr(k_pmcr, E);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), ~uint64_t(0)) << "no interrupt enabled";
    wr(k_pmintenset, 1);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), 10u);
    run(9);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), 1u);
    run(1);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), 1ull << 32) << "the count brought up to date: wrapped";
    EXPECT_TRUE(h.requests.empty()) << "told at the next instruction boundary";
    const uint64_t at = h.cpu.instructions();
    run(1);
    ASSERT_EQ(h.requests.size(), 1u);
    EXPECT_TRUE(h.requests[0].first);
    EXPECT_EQ(h.requests[0].second, at);
    wr(k_pmintenclr, 1);
    run(1);
    ASSERT_EQ(h.requests.size(), 2u);
    EXPECT_FALSE(h.requests[1].first) << "PMINTENCLR_EL1 lowers it";
    wr(k_pmintenset, 1);
    run(1);
    EXPECT_TRUE(h.requests.back().first);
    wr(k_pmcr, 0);
    run(1);
    EXPECT_FALSE(h.requests.back().first) << "PMCR_EL0.E = 0 disables the counter's request";
    wr(k_pmcr, E);
    run(1);
    EXPECT_TRUE(h.requests.back().first);
    wr(k_pmovsclr, 1);
    run(1);
    EXPECT_FALSE(h.requests.back().first) << "PMOVSCLR_EL0 lowers it";
    EXPECT_EQ(h.requests.size(), 6u);
}

// From HPMN up, MDCR_EL2.HPME enables the counter's request, not PMCR_EL0.E.
TEST_F(pmu_events, OverflowInterruptOfEl2CounterFollowsHpme) {
    wr(k_mdcr_el2, 4);
    wr(k_pmovsset, 1u << 5);
    wr(k_pmintenset, 1u << 5);
    wr(k_pmcr, E);
    run(1);
    EXPECT_TRUE(h.requests.empty());
    wr(k_mdcr_el2, 4 | HPME);
    run(1);
    ASSERT_EQ(h.requests.size(), 1u);
    EXPECT_TRUE(h.requests[0].first);
}

// An EL change while the interrupt is armed stops run(): the filters of the
// new EL change the distance to the overflow.
TEST_F(pmu_events, ElChangeStopsRunWhileArmed) {
    wr(pmevtyper(0), INST_RETIRED); // EL1 counts, EL2 not
    wr(k_pmintenset, 1);
    wr(k_pmcntenset, 1);
    wr(k_pmcr, E);
    at(2);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), ~uint64_t(0)) << "filtered out at EL2";
    at(1);
    EXPECT_EQ(h.cpu.run(100).reason, stop_reason::requested);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), 1ull << 32);
}

} // namespace
