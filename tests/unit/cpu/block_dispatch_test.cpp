// The run loop's blocks and chains (docs/iss-dispatch.md): system
// instructions that run inside a block (MSR of a register resolved at decode
// time, MSR DAIFSet/DAIFClr, hints, barriers, CLREX) and the chain's page
// change must give the counts, exceptions and interrupt boundaries the
// instructions gave when they ran alone: each test first runs the code once
// (decoded, blocks scanned), then again where a fallback must happen.
#include <gtest/gtest.h>

#include <set>

#include "core_harness.h"
#include "cpu/exceptions.h"
#include "cpu/sysregs.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using namespace vp::cpu::exceptions;
using sysregs::key;
using vp::test::core_harness;
using vp::test::dev_base;
using vp::test::mrs;
using vp::test::msr;
using vp::test::ram_base;

namespace {

constexpr uint32_t k_tpidr_el1 = key(3, 0, 13, 0, 4), k_contextidr = key(3, 0, 13, 0, 1);
constexpr uint32_t k_daif = key(3, 3, 4, 2, 1);

constexpr uint32_t add_x1_1 = 0x91000421, b_self = 0x14000000;
constexpr uint32_t ldr_w3_x4 = 0xb9400083; // x4 = a device address: the environment sees the count
constexpr uint32_t isb = 0xd5033fdf, dsb_sy = 0xd5033f9f, dmb_ish = 0xd5033bbf, clrex = 0xd5033f5f;
constexpr uint32_t nop = 0xd503201f, yield = 0xd503203f, wfi = 0xd503207f, wfe = 0xd503205f;
constexpr uint32_t daifclr_i = 0xd50342ff, daifset_i = 0xd50342df;
constexpr uint32_t ldxr_x5_x6 = 0xc85f7cc5, stxr_w7_x5_x6 = 0xc8077cc5;
constexpr uint32_t br_x5 = 0xd61f00a0;
constexpr uint32_t b_to(uint64_t from, uint64_t to) { return 0x14000000u | (uint32_t((to - from) >> 2) & 0x3ffffff); }

// Records the environment's view of system registers it claims, with the count.
struct owning_harness : core_harness {
    std::set<uint32_t> owned;
    std::vector<uint64_t> counts;
    bool ext_sysreg_implements(uint32_t k) const override { return owned.count(k) != 0; }
    sysreg_result ext_sysreg_write(uint32_t, unsigned, bool, uint64_t) override {
        counts.push_back(cpu.instructions());
        return sysreg_result::ok;
    }
    // Reads return the count they see, as a counter register would a time.
    sysreg_result ext_sysreg_read(uint32_t, unsigned el, bool, uint64_t& v) override {
        if (el == 0) return sysreg_result::trap_el1;
        v = cpu.instructions();
        counts.push_back(v);
        return sysreg_result::ok;
    }
};

struct block_dispatch : vp::test::program_fixture<owning_harness> {
    void at(unsigned el, uint32_t daif = 0) {
        h.cpu.set_el(el, true);
        h.cpu.set_daif(daif);
    }
    // Runs `n` instructions from `pc`; returns the count before.
    uint64_t run_from(uint64_t pc, uint64_t n) {
        h.cpu.set_pc(pc);
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(n);
        return before;
    }
};

// An MSR inside a block that reaches the environment (it claims the register
// after the core ran with its own copy): the environment sees the exact count.
TEST_F(block_dispatch, MsrReachingTheEnvironmentSeesTheExactCount) {
    put(code, {add_x1_1, add_x1_1, msr(k_tpidr_el1, 2), add_x1_1, b_self});
    at(1);
    h.cpu.set_x(2, 0x77);
    run_from(code, 5);
    EXPECT_EQ(s.sys.tpidr_el1, 0x77u);
    h.owned.insert(k_tpidr_el1);
    h.cpu.forget_ext_sysregs();
    const uint64_t before = run_from(code, 5);
    ASSERT_EQ(h.counts.size(), 1u);
    EXPECT_EQ(h.counts[0], before + 3);
    EXPECT_EQ(h.cpu.instructions(), before + 5);
}

// An MRS of a register the environment owns (a timer's counter polled in a
// loop) runs inside the block: it sees the exact count, and a refusal traps
// at the MRS.
TEST_F(block_dispatch, MrsOfAnEnvironmentRegisterSeesTheExactCountInsideABlock) {
    constexpr uint32_t k_cntvct = key(3, 3, 14, 0, 2);
    h.owned.insert(k_cntvct);
    put(code, {add_x1_1, mrs(k_cntvct, 2), add_x1_1, mrs(k_cntvct, 3), add_x1_1, b_self});
    at(1);
    const uint64_t before = run_from(code, 6);
    ASSERT_EQ(h.counts.size(), 2u);
    EXPECT_EQ(h.counts[0], before + 2) << "the MRS counts itself, as when it ran alone";
    EXPECT_EQ(h.counts[1], before + 4);
    EXPECT_EQ(h.cpu.x(2), before + 2);
    EXPECT_EQ(h.cpu.x(3), before + 4);
    EXPECT_EQ(h.cpu.instructions(), before + 6);

    at(0); // the environment refuses EL0: a trap to EL1 at the first MRS
    h.counts.clear();
    const uint64_t at0 = run_from(code, 2);
    EXPECT_TRUE(h.counts.empty());
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.elr[1], code + 4);
    EXPECT_EQ(s.esr[1], esr(ec_sysreg, iss_sysreg(3, 3, 14, 0, 2, 2, true)));
    EXPECT_EQ(h.cpu.instructions(), at0 + 2) << "the ADD and the trapped MRS count";
}

// The environment's answer to an MRS of its register inside a block (the
// core's direct path, core::ext_sysreg_read_direct): it is asked with the EL
// and HCR_EL2.TGE, its value lands in Rt, and each refusal is taken at the MRS
// with the exact count: a trap to EL2 (CNTHCTL_EL2.EL1PCTEN), UNDEFINED.
struct answering_harness : core_harness {
    static constexpr uint32_t k_cntpct = key(3, 3, 14, 0, 1);
    sysreg_result answer = sysreg_result::ok;
    std::vector<uint64_t> counts;
    std::vector<std::pair<unsigned, bool>> asked; // el, tge
    bool ext_sysreg_implements(uint32_t k) const override { return k == k_cntpct; }
    sysreg_result ext_sysreg_read(uint32_t, unsigned el, bool tge, uint64_t& v) override {
        asked.push_back({el, tge});
        counts.push_back(cpu.instructions());
        v = 0x1000 + cpu.instructions();
        return answer;
    }
};
struct direct_read : vp::test::program_fixture<answering_harness> {};

TEST_F(direct_read, EnvironmentAnswersInsideABlockWithElAndTge) {
    constexpr uint32_t k = answering_harness::k_cntpct;
    put(code, {add_x1_1, mrs(k, 2), add_x1_1, mrs(k, 3), add_x1_1, b_self});
    h.cpu.set_el(2, true);
    h.cpu.set_pc(code);
    h.cpu.run(6); // decoded, blocks scanned
    h.counts.clear();
    h.asked.clear();
    s.sys.hcr_el2 |= hcr::tge;
    h.cpu.set_pc(code);
    const uint64_t before = h.cpu.instructions();
    h.cpu.run(6);
    ASSERT_EQ(h.counts.size(), 2u);
    EXPECT_EQ(h.counts[0], before + 2);
    EXPECT_EQ(h.counts[1], before + 4);
    EXPECT_EQ(h.cpu.x(2), 0x1000 + before + 2);
    EXPECT_EQ(h.cpu.x(3), 0x1000 + before + 4);
    EXPECT_EQ(h.asked[0], std::make_pair(2u, true));

    // From EL1, refused with a trap to EL2: taken at the first MRS.
    s.sys.hcr_el2 &= ~hcr::tge;
    h.cpu.set_el(1, true);
    h.answer = core_env::sysreg_result::trap_el2;
    h.asked.clear();
    h.cpu.set_x(2, 0);
    h.cpu.set_pc(code);
    const uint64_t at1 = h.cpu.instructions();
    h.cpu.run(2);
    ASSERT_EQ(h.asked.size(), 1u);
    EXPECT_EQ(h.asked[0], std::make_pair(1u, false));
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.elr[2], code + 4);
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 3, 14, 0, 1, 2, true)));
    EXPECT_EQ(h.cpu.x(2), 0u) << "Rt unchanged";
    EXPECT_EQ(h.cpu.instructions(), at1 + 2);

    // From EL0 with TGE: asked with tge; UNDEFINED goes to EL2 (TGE routes it).
    s.sys.hcr_el2 |= hcr::tge;
    h.cpu.set_el(0, false);
    h.answer = core_env::sysreg_result::undefined;
    h.asked.clear();
    h.cpu.set_pc(code);
    h.cpu.run(2);
    ASSERT_EQ(h.asked.size(), 1u);
    EXPECT_EQ(h.asked[0], std::make_pair(0u, true));
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2] >> 26, uint64_t(ec_unknown));
    EXPECT_EQ(s.elr[2], code + 4);
}

// An MSR inside a block trapped by HCR_EL2.TVM after it ran untrapped: the
// exception is taken at the MSR, which counts, and nothing after it runs.
TEST_F(block_dispatch, TrappedMsrInsideABlockIsExact) {
    put(code, {add_x1_1, add_x1_1, msr(k_contextidr, 2), add_x1_1, b_self});
    at(1);
    h.cpu.set_x(2, 0x1234);
    run_from(code, 5);
    EXPECT_EQ(s.sys.contextidr_el1, 0x1234u);
    s.sys.hcr_el2 |= hcr::tvm;
    at(1);
    h.cpu.set_x(1, 0);
    h.cpu.set_x(2, 0x5678);
    const uint64_t before = run_from(code, 3);
    EXPECT_EQ(h.cpu.instructions(), before + 3);
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.elr[2], code + 8);
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 13, 0, 1, 2, false)));
    EXPECT_EQ(s.sys.contextidr_el1, 0x1234u);
    EXPECT_EQ(h.cpu.x(1), 2u);
}

// MSR DAIFClr and MSR DAIF inside a block unmask a pending IRQ: it is taken
// right after the MSR (ELR = the next instruction), not at the block's end.
TEST_F(block_dispatch, UnmaskingInsideABlockTakesThePendingInterruptAtOnce) {
    for (const uint32_t unmask : {daifclr_i, msr(k_daif, 0)}) {
        put(code, {add_x1_1, unmask, add_x1_1, add_x1_1, b_self});
        put(vbar1 + 0x280, {b_self}); // current EL with SP_ELx, IRQ
        at(1, daif_i);
        h.cpu.set_x(0, 0);
        run_from(code, 5); // decoded and scanned, no interrupt pending
        vp::cpu::interrupt_lines l;
        l.irq = true;
        h.cpu.set_interrupt_lines(l);
        at(1, daif_i);
        h.cpu.set_x(1, 0);
        const uint64_t taken = h.cpu.interrupts_taken(irq_kind::irq, 1);
        const uint64_t before = run_from(code, 5);
        EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::irq, 1), taken + 1);
        EXPECT_EQ(s.elr[1], code + 8);
        EXPECT_EQ(h.cpu.x(1), 1u);
        EXPECT_EQ(h.cpu.pc(), vbar1 + 0x280);
        EXPECT_EQ(h.cpu.instructions(), before + 5) << "the budget goes on in the vector";
        h.cpu.set_interrupt_lines({});
    }
}

// MSR DAIFSet at EL0 without SCTLR_EL1.UMA traps inside a block as alone.
TEST_F(block_dispatch, DaifSetAtEl0TrapsInsideABlock) {
    put(code, {add_x1_1, daifset_i, add_x1_1, b_self});
    s.sys.sctlr_el1 |= 1u << 9; // UMA
    at(0);
    run_from(code, 4);
    EXPECT_EQ(h.cpu.daif(), daif_i);
    s.sys.sctlr_el1 &= ~(1u << 9);
    at(0);
    h.cpu.set_x(1, 0);
    const uint64_t before = run_from(code, 2);
    EXPECT_EQ(h.cpu.instructions(), before + 2);
    EXPECT_EQ(h.cpu.el(), 1u);
    EXPECT_EQ(s.elr[1], code + 4);
    EXPECT_EQ(s.esr[1], esr(ec_sysreg, iss_sysreg(0, 3, 4, 2, 6, 31, false)));
    EXPECT_EQ(h.cpu.x(1), 1u);
}

// Barriers, NOP-like hints and CLREX inside a block: a device access after
// them sees the exact count, and CLREX still clears the monitor.
TEST_F(block_dispatch, BarriersAndHintsKeepTheCountExact) {
    put(code, {ldxr_x5_x6, add_x1_1, isb, dsb_sy, dmb_ish, nop, yield, clrex, stxr_w7_x5_x6, ldr_w3_x4, add_x1_1,
               b_self});
    at(1);
    h.cpu.set_x(4, dev_base);
    h.cpu.set_x(6, ram_base + 0x8000);
    run_from(code, 12);
    h.bus.clear();
    const uint64_t before = run_from(code, 12);
    ASSERT_EQ(h.bus.size(), 1u);
    EXPECT_EQ(h.bus[0].icount, before + 10);
    EXPECT_EQ(h.cpu.x(7), 1u) << "CLREX cleared the monitor: STXR fails";
    EXPECT_EQ(h.cpu.instructions(), before + 12);
    EXPECT_EQ(h.cpu.pc(), code + 4 * 11);
}

// WFI and WFE stay alone: WFI stops run() right after it with its count.
TEST_F(block_dispatch, WfiStillStopsTheRun) {
    put(code, {add_x1_1, wfe, add_x1_1, wfi, add_x1_1, b_self});
    at(1);
    const uint64_t before = run_from(code, 6);
    EXPECT_EQ(h.cpu.instructions(), before + 4);
    EXPECT_EQ(h.cpu.pc(), code + 16);
}

// A chain that crosses into the next page (decoded before): the device
// access there sees the exact count; a page not decoded yet, or a misaligned
// branch target, goes through the full page lookup.
TEST_F(block_dispatch, ChainAcrossPagesKeepsTheCountExact) {
    const uint64_t a = ram_base + 0x3ff8, b = ram_base + 0x4000;
    put(a, {add_x1_1, add_x1_1});
    put(b, {add_x1_1, ldr_w3_x4, add_x1_1, b_self});
    at(1);
    h.cpu.set_x(4, dev_base);
    h.cpu.set_x(1, 0);
    uint64_t before = run_from(a, 6); // the first run allocates page b
    ASSERT_EQ(h.bus.size(), 1u);
    EXPECT_EQ(h.bus[0].icount, before + 4);
    h.bus.clear();
    h.cpu.set_x(1, 0);
    before = run_from(a, 6);
    ASSERT_EQ(h.bus.size(), 1u);
    EXPECT_EQ(h.bus[0].icount, before + 4);
    EXPECT_EQ(h.cpu.x(1), 4u);
    EXPECT_EQ(h.cpu.instructions(), before + 6);

    // BR to a misaligned target from inside a chain: PC alignment fault.
    put(code, {add_x1_1, br_x5});
    h.cpu.set_x(5, b + 2);
    at(1);
    run_from(code, 2);
    at(1);
    h.cpu.set_x(1, 0);
    before = run_from(code, 3);
    EXPECT_EQ(h.cpu.instructions(), before + 3);
    EXPECT_EQ(s.esr[1], esr(ec_pc_align, 0));
    EXPECT_EQ(s.elr[1], b + 2);
    EXPECT_EQ(s.far[1], b + 2);
    EXPECT_EQ(h.cpu.x(1), 1u);
}

// With stage 1 on: the chain's page change uses the TLB entry only when it
// grants execution. Page b made privileged-execute-never after it ran, its
// TLB entry refilled by a data load (readable, not executable): the chain
// into it takes the Instruction Abort at b, after the two instructions of a.
TEST_F(block_dispatch, ChainIntoAPageWithoutExecutePermissionFaults) {
    constexpr uint64_t l1 = ram_base + 0x80000, l2 = l1 + 0x1000, l3 = l1 + 0x2000;
    constexpr uint64_t table = 3, page = 3, af = 1u << 10, normal = 1u << 2, pxn = 1ull << 53;
    const uint64_t a = ram_base + 0x3ff8, b = ram_base + 0x4000;
    h.write64(l1 + 8 * 1, l2 | table); // VA 0x40000000.. (39-bit VA, 4 KiB granule)
    h.write64(l2, l3 | table);
    for (uint64_t i = 0; i < 256; ++i) h.write64(l3 + 8 * i, (ram_base + (i << 12)) | page | af | normal);
    s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
    s.sys.ttbr0_el1 = l1;
    s.sys.mair_el1 = 0xff00; // AttrIndx 1: Normal
    s.sys.sctlr_el1 |= 1;
    put(a, {add_x1_1, add_x1_1});
    put(b, {add_x1_1, b_self});
    put(code, {0xb9400103 /* ldr w3, [x8] */, b_self});
    at(1);
    h.cpu.translation_changed();
    uint64_t before = run_from(a, 4);
    EXPECT_EQ(h.cpu.instructions(), before + 4);
    EXPECT_EQ(h.cpu.pc(), b + 4);

    h.write64(l3 + 8 * 4, b | page | af | normal | pxn);
    h.cpu.translation_changed(); // as a TLBI
    h.cpu.set_x(8, b);
    run_from(code, 1);
    ASSERT_EQ(h.cpu.pc(), code + 4) << "b stays readable";
    h.cpu.set_x(1, 0);
    before = run_from(a, 3);
    EXPECT_EQ(h.cpu.instructions(), before + 3) << "the failed fetch counts";
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x200);
    EXPECT_EQ(s.esr[1] >> 26, unsigned(ec_iabt_same));
    EXPECT_EQ(s.esr[1] & 0x3f, 0x0fu) << "permission fault, level 3";
    EXPECT_EQ(s.elr[1], b);
    EXPECT_EQ(s.far[1], b);
    EXPECT_EQ(h.cpu.x(1), 2u);
}

// An observer of every instruction sees each boundary once, also across a
// page change (the chain is off; the page lookup happens in the outer loop).
TEST_F(block_dispatch, ObserverSeesEachInstructionOnceAcrossPages) {
    struct pcs : core_observer {
        std::vector<uint64_t> seen;
        bool before_instruction(uint64_t pc) override {
            seen.push_back(pc);
            return false;
        }
    } o;
    const uint64_t a = ram_base + 0x5ff8, b = ram_base + 0x6000;
    put(a, {add_x1_1, isb});
    put(b, {add_x1_1, b_to(b + 4, a)});
    at(1);
    run_from(a, 4);
    h.cpu.set_observer(&o, true, false);
    run_from(a, 6);
    h.cpu.set_observer(nullptr, false, false);
    const std::vector<uint64_t> want = {a, a + 4, b, b + 4, a, a + 4};
    EXPECT_EQ(o.seen, want);
}

} // namespace
