// The PMU event MEM_ACCESS (0x13; components/cpu/pmu_mem_access.cpp): one
// Memory-read operation per instruction that reads memory, one
// Memory-write operation per instruction that writes it, counted once made,
// at the EL that executes the instruction; enables, HPMN, CHAIN and the
// overflow interrupt as for any event. Counting sends data accesses to the
// slow paths: the tests also check that enabling a counter takes them off
// the fast paths (translation off and on) and that a block counts exactly.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using vp::test::core_harness;
using vp::test::dev_base;
using vp::test::ram_base;
using vp::test::ram_size;

namespace {

using namespace vp::test::pmu_keys;

constexpr uint64_t E = 1, HPME = 1u << 7;
constexpr uint64_t filter_el1 = 1ull << 31, filter_el0 = 1ull << 30, NSH = 1ull << 27;
constexpr uint64_t MEM_ACCESS = 0x13, CHAIN = 0x1e;

// A64 encodings (X0 holds the address).
constexpr uint32_t nop = 0xd503201f, b_self = 0x14000000, mov_x5_1 = 0xd2800025;
constexpr uint32_t ldr_x1 = 0xf9400001, str_x1 = 0xf9000001, ldr_w1 = 0xb9400001, ldur_x1_1 = 0xf8401001;
constexpr uint32_t ldp_x1_x2 = 0xa9400801, ldtr_x1 = 0xf8400801, dc_zva = 0xd50b7420, stp_x1_x2 = 0xa9000801;

// Records the PMU interrupt request with the instruction count it changed
// at, and drives the core's IRQ input with it (as the GIC does on vp).
struct irq_harness : core_harness {
    std::vector<std::pair<bool, uint64_t>> requests;
    void pmu_interrupt(bool level) override {
        requests.emplace_back(level, cpu.instructions());
        interrupt_lines l;
        l.irq = level;
        cpu.set_interrupt_lines(l);
    }
};

struct pmu_mem_access : vp::test::program_fixture<irq_harness> {
    static constexpr uint64_t data = ram_base + 0x40000; // 64-byte aligned (DC ZVA)

    void SetUp() override {
        program_fixture::SetUp();
        nops_at_code(1024);
    }
    // Counter n counts MEM_ACCESS with `filter`, enabled, from 0.
    void count_on(unsigned n, uint64_t filter = NSH) {
        wr(pmevtyper(n), MEM_ACCESS | filter);
        wr(pmevcntr(n), 0);
        wr(pmcntenset, rd(pmcntenset) | (1ull << n));
        wr(pmcr, E);
    }
    bool exec(uint32_t insn, uint64_t addr = data) { return program_fixture::exec(insn, addr); }
    // The operations one execution of `insn` added to counter 0.
    uint64_t counted(uint32_t insn, uint64_t addr = data) {
        const uint64_t before = rd(pmevcntr(0));
        EXPECT_TRUE(exec(insn, addr)) << std::hex << insn << " did not complete";
        return rd(pmevcntr(0)) - before;
    }
    // Stage 1 of EL2 on: 4 KiB granule, 39-bit VA, identity by 1 GiB blocks,
    // Device below 1 GiB (the test device), Normal from 1 GiB (RAM).
    void translation_on_at_el2() {
        constexpr uint64_t l1 = ram_base + 0x80000, block = 1, af = 1u << 10, normal = 1u << 2;
        h.write64(l1, 0 | block | af);                       // AttrIndx 0: Device-nGnRnE
        h.write64(l1 + 8, 0x40000000 | block | af | normal); // AttrIndx 1: Normal
        s.sys.mair_el2 = 0xff00;
        s.sys.tcr_el2 = 25 | (5ull << 16); // T0SZ 25, PS 48 bits
        s.sys.ttbr0_el2 = l1;
        s.sys.sctlr_el2 |= 1;
        h.cpu.translation_changed();
    }
};

TEST_F(pmu_mem_access, AdvertisedInPmceid0) { EXPECT_EQ((rd(pmceid0) >> MEM_ACCESS) & 1, 1u); }

// The instruction's accesses in one direction are one operation, whatever
// it moves; an instruction that reads and writes nothing counts nothing.
TEST_F(pmu_mem_access, OneOperationPerInstructionAndDirection) {
    count_on(0);
    struct row { uint32_t insn; uint64_t operations; const char* what; };
    const row rows[] = {
        {ldr_x1, 1, "LDR X1, [X0]"},
        {str_x1, 1, "STR X1, [X0]"},
        {0x39400001, 1, "LDRB W1, [X0]"},
        {0x79000001, 1, "STRH W1, [X0]"},
        {0x3dc00000, 1, "LDR Q0, [X0] (two 64-bit pieces)"},
        {0x3d800000, 1, "STR Q0, [X0]"},
        {ldp_x1_x2, 1, "LDP X1, X2, [X0]"},
        {stp_x1_x2, 1, "STP X1, X2, [X0]"},
        {0xad400400, 1, "LDP Q0, Q1, [X0]"},
        {0xad000400, 1, "STP Q0, Q1, [X0]"},
        {0x4c402000, 1, "LD1 {V0.16B-V3.16B}, [X0] (64 bytes)"},
        {0x4c002000, 1, "ST1 {V0.16B-V3.16B}, [X0]"},
        {0x4c400800, 1, "LD4 {V0.4S-V3.4S}, [X0] (16 elements)"},
        {0x4d40c400, 1, "LD1R {V0.8H}, [X0]"},
        {0x0d000c00, 1, "ST1 {V0.B}[3], [X0]"},
        {0xc8dffc01, 1, "LDAR X1, [X0]"},
        {0xc89ffc01, 1, "STLR X1, [X0]"},
        {0xc85f7c01, 1, "LDXR X1, [X0]"},
        {0xc8037c01, 1, "STXR W3, X1, [X0]: the monitor is exclusive, it stores"},
        {0xc8037c01, 0, "STXR W3, X1, [X0]: the monitor is open, it stores nothing"},
        {0xc87f0801, 1, "LDXP X1, X2, [X0]"},
        {0xc8230801, 1, "STXP W3, X1, X2, [X0]"},
        {0xf9800000, 0, "PRFM PLDL1KEEP, [X0] (a hint)"},
        {0xd50b7e20, 0, "DC CIVAC, X0 (maintenance)"},
        {nop, 0, "NOP"},
    };
    for (const auto& r : rows) EXPECT_EQ(counted(r.insn), r.operations) << r.what;
    EXPECT_EQ(h.cpu.x(3), 0u) << "the STXP after the LDXP stored";
    EXPECT_EQ(counted(ldr_w1, dev_base), 1u) << "a device read is a Memory-read operation too";
    ASSERT_EQ(h.bus.size(), 1u);
}

// An access that faults makes no operation; the first element of a pair made
// before the second faulted is one.
TEST_F(pmu_mem_access, FaultingAccessesMakeNone) {
    count_on(0);
    EXPECT_FALSE(exec(ldur_x1_1)) << "misaligned, translation off (Device): Alignment fault";
    EXPECT_FALSE(exec(dc_zva)) << "DC ZVA to Device memory: Alignment fault";
    EXPECT_EQ(rd(pmevcntr(0)), 0u);
    at(2);
    EXPECT_FALSE(exec(ldp_x1_x2, ram_base + ram_size - 8)) << "the second element is past RAM: external abort";
    EXPECT_EQ(rd(pmevcntr(0)), 1u);
}

// PMEVTYPER<n>_EL0.{P, U, NSH} filter by the EL executing the instruction;
// LDTR at EL1 (EL0 permissions) is EL1's.
TEST_F(pmu_mem_access, FilteredByTheExecutingEl) {
    count_on(0, filter_el0);            // EL1 counts, EL0 and EL2 (NSH = 0) not
    count_on(1, filter_el1 | NSH);      // EL0 and EL2 count, EL1 not
    at(2);
    ASSERT_TRUE(exec(ldr_x1));
    at(1);
    ASSERT_TRUE(exec(ldr_x1));
    ASSERT_TRUE(exec(ldtr_x1));
    at(0);
    ASSERT_TRUE(exec(str_x1));
    EXPECT_EQ(rd(pmevcntr(0)), 2u) << "EL1: LDR and LDTR";
    EXPECT_EQ(rd(pmevcntr(1)), 2u) << "EL2 and EL0";
}

// The counter counts while enabled: PMCNTENSET_EL0 and PMCR_EL0.E below
// MDCR_EL2.HPMN, PMCNTENSET_EL0 and MDCR_EL2.HPME from HPMN up.
TEST_F(pmu_mem_access, CountsOnlyWhileEnabled) {
    wr(mdcr_el2, 4);
    count_on(0);
    count_on(5);
    ASSERT_TRUE(exec(ldr_x1));
    EXPECT_EQ(rd(pmevcntr(0)), 1u);
    EXPECT_EQ(rd(pmevcntr(5)), 0u) << "HPME = 0";
    wr(mdcr_el2, 4 | HPME);
    wr(pmcr, 0);
    ASSERT_TRUE(exec(ldr_x1));
    EXPECT_EQ(rd(pmevcntr(0)), 1u) << "PMCR_EL0.E = 0";
    EXPECT_EQ(rd(pmevcntr(5)), 1u);
    wr(pmcntenclr, 1u << 5);
    ASSERT_TRUE(exec(ldr_x1));
    EXPECT_EQ(rd(pmevcntr(5)), 1u) << "PMCNTENCLR_EL0";
    wr(pmevtyper(5), 0x08 | NSH); // INST_RETIRED: no counter on MEM_ACCESS is left
    wr(pmcntenset, 1u << 5);
    ASSERT_TRUE(exec(ldr_x1));
    EXPECT_EQ(rd(pmevcntr(5)), 2u) << "the LDR as an instruction";
}

// The overflow of an even counter on MEM_ACCESS is what CHAIN counts above it.
TEST_F(pmu_mem_access, ChainCountsTheOverflows) {
    wr(pmevtyper(3), CHAIN | NSH);
    count_on(2);
    wr(pmevcntr(2), 0xfffffffeull);
    wr(pmevcntr(3), 0xffffffffull);
    wr(pmcntenset, 0xc);
    ASSERT_TRUE(exec(ldp_x1_x2));
    EXPECT_EQ(rd(pmovsset), 0u);
    ASSERT_TRUE(exec(str_x1));
    EXPECT_EQ(rd(pmevcntr(2)), 0u);
    EXPECT_EQ(rd(pmevcntr(3)), 0u) << "CHAIN counted the overflow, and wrapped";
    EXPECT_EQ(rd(pmovsset), 0xcu);
}

// Inside a block the count is exact: a loop of N loads (kvm-unit-tests'
// mem_access_loop) is N operations, and the LDP that overflows the counter
// raises the request at once, taken before the next instruction, although
// the environment was not told to stop there.
TEST_F(pmu_mem_access, LoopCountsExactlyAndOverflowIsTakenAtTheInstruction) {
    const uint32_t loop[] = {0xd100054a, 0xf9400009, 0xf100015f, 0x54ffffac, b_self}; // 1: SUB X10; LDR X9, [X0]; CMP X10, #0; B.GT 1b; B .
    for (unsigned k = 0; k < 5; ++k) h.write32(code + 4 * k, loop[k]);
    count_on(0);
    h.cpu.set_x(0, data);
    h.cpu.set_x(10, 20);
    h.cpu.set_pc(code);
    h.cpu.run(1000);
    EXPECT_EQ(h.cpu.pc(), code + 16);
    EXPECT_EQ(rd(pmevcntr(0)), 20u);

    const uint32_t straight[] = {nop, ldr_x1, 0x91000463, 0xf9000403, nop, 0xa9401003, mov_x5_1, nop, b_self};
    for (unsigned k = 0; k < 9; ++k) h.write32(code + 4 * k, straight[k]);
    h.write32(vbar2 + 0x280, b_self); // IRQ, current EL with SP_EL2
    s.sys.hcr_el2 |= 1u << 4;         // IMO: physical IRQs to EL2
    wr(pmevcntr(0), 0xfffffffdull);
    wr(pmintenset, 1);
    EXPECT_EQ(h.cpu.pmu_instructions_to_overflow(), ~uint64_t(0)) << "no instruction counter to stop at";
    at(2);
    h.cpu.set_x(5, 0);
    h.cpu.set_pc(code);
    const uint64_t start = h.cpu.instructions();
    h.cpu.run(100);
    ASSERT_EQ(h.requests.size(), 1u);
    EXPECT_TRUE(h.requests[0].first);
    EXPECT_EQ(h.requests[0].second, start + 6) << "at the end of the LDP, the sixth instruction";
    EXPECT_EQ(s.elr[2], code + 24) << "taken before the MOV after it";
    EXPECT_EQ(h.cpu.x(5), 0u);
    EXPECT_EQ(h.cpu.pc(), vbar2 + 0x280);
    EXPECT_EQ(rd(pmovsset), 1u);
}

// With translation on, a counter enabled after the TLB gave a page its
// fast-path tags still sees every access; disabled, it sees none.
TEST_F(pmu_mem_access, EnablingTakesTranslatedAccessesOffTheFastPath) {
    translation_on_at_el2();
    wr(pmevtyper(0), MEM_ACCESS | NSH);
    wr(pmcr, E);
    ASSERT_TRUE(exec(ldr_x1));
    ASSERT_TRUE(exec(str_x1));
    EXPECT_EQ(rd(pmevcntr(0)), 0u) << "not enabled";
    wr(pmcntenset, 1);
    EXPECT_EQ(counted(ldr_x1), 1u);
    EXPECT_EQ(counted(str_x1), 1u);
    EXPECT_EQ(counted(stp_x1_x2), 1u);
    EXPECT_EQ(counted(dc_zva), 1u) << "DC ZVA writes its 64-byte block: one Memory-write operation";
    wr(pmcntenclr, 1);
    ASSERT_TRUE(exec(ldr_x1));
    EXPECT_EQ(rd(pmevcntr(0)), 4u);
}

} // namespace
