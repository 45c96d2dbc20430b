// Threaded dispatch (components/cpu/threaded.h, docs/iss-dispatch.md): inside
// a block each handler jumps to the next entry's handler. What runs outside a
// block must still run alone, an instruction run again after the lazy FP
// enable check must not run the rest of its block twice, and the handlers
// of the integer, branch, system and load/store encodings have a threaded
// form of their own (the others are only one indirect call slower).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core_harness.h"
#include "cpu/decode/insn.h"
#include "cpu/threaded.h"
#include "program_fixture.h"

using namespace vp::cpu;
using vp::test::core_harness;
using vp::test::dev_base;

namespace {

constexpr uint32_t add_x1_1 = 0x91000421, add_x2_1 = 0x91000442, b_self = 0x14000000;
constexpr uint32_t tlbi_vmalle1 = 0xd508871f; // SYS: runs alone
constexpr uint32_t ldr_w3_x4 = 0xb9400083;    // x4 = a device address
constexpr uint32_t fmov_d0_x1 = 0x9e670020;   // FMOV D0, X1
constexpr uint32_t ldr_d0_x5 = 0xfd4000a0;    // LDR D0, [X5]
constexpr uint32_t b_to(uint64_t from, uint64_t to) { return 0x14000000u | (uint32_t((to - from) >> 2) & 0x3ffffff); }
constexpr uint64_t cpacr_fpen_all = 3u << 20;

// A device read turns the FP enable on behind the core's back, the way a
// register write it has not seen yet would: the core's cached answer stays
// "disabled" until the next FP instruction asks the registers again.
struct enabling_harness : core_harness {
    bool bus_read(uint64_t addr, void* data, unsigned size, bool fetch) override {
        cpu.state().sys.cpacr_el1 = cpacr_fpen_all;
        return core_harness::bus_read(addr, data, size, fetch);
    }
};

using threaded_dispatch = vp::test::program_fixture<core_harness>;
using threaded_fp_retry = vp::test::program_fixture<enabling_harness>;

// A chain that stops at an instruction that runs alone (TLBI) after a block
// whose end lies beyond it in the same page: that instruction runs alone,
// without going on to the entries after it.
TEST_F(threaded_dispatch, InstructionThatRunsAloneDoesNotRunOn) {
    const uint64_t alone = code + 8, blk = code + 40;
    put(code, {b_to(code, blk), b_self, tlbi_vmalle1, add_x2_1, b_self});
    put(blk, {add_x1_1, add_x1_1, b_to(blk + 8, alone)});
    at(1);
    for (int pass = 0; pass < 2; ++pass) { // decoded and scanned, then from the cache
        h.cpu.set_x(1, 0);
        h.cpu.set_x(2, 0);
        h.cpu.set_pc(blk);
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(4); // the block (3), then the TLBI alone
        EXPECT_EQ(h.cpu.instructions() - before, 4u) << "pass " << pass;
        EXPECT_EQ(h.cpu.x(1), 2u) << "pass " << pass;
        EXPECT_EQ(h.cpu.x(2), 0u) << "pass " << pass; // the ADD after the TLBI did not run
        EXPECT_EQ(h.cpu.pc(), alone + 4) << "pass " << pass;
    }
}

// The FP enable turns on in the middle of a block (seen only by the FP
// instruction's own check): the instruction runs once more through its
// plain handler, and the rest of the block runs once.
void expect_fp_retry_runs_once(threaded_fp_retry& t, uint32_t fp_insn) {
    auto& h = t.h;
    t.put(t.code, {ldr_w3_x4, fp_insn, add_x1_1, add_x2_1, b_self});
    t.put(t.code + 0x800, {0x11223344, 0x55667788});
    t.at(1);
    h.cpu.set_x(4, dev_base);
    h.cpu.set_x(5, t.code + 0x800);
    for (int pass = 0; pass < 2; ++pass) {
        t.s.sys.cpacr_el1 = cpacr_fpen_all;
        h.cpu.set_pc(t.code);
        h.cpu.run(5); // decodes and scans with FP enabled
        t.s.sys.cpacr_el1 = 0; // run() sees FP disabled; the device read enables it again
        h.cpu.set_x(1, 0x40);
        h.cpu.set_x(2, 0);
        h.cpu.set_pc(t.code);
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(5);
        EXPECT_EQ(h.cpu.instructions() - before, 5u) << "pass " << pass;
        EXPECT_EQ(h.cpu.pc(), t.code + 16) << "pass " << pass; // no trap: at B .
        EXPECT_EQ(h.cpu.x(1), 0x41u) << "pass " << pass;     // each ADD once
        EXPECT_EQ(h.cpu.x(2), 1u) << "pass " << pass;
    }
}

TEST_F(threaded_fp_retry, HandlerWithoutItsOwnFormRunsOnce) {
    ASSERT_FALSE(has_own_threaded_form(([] { insn i; decode(fmov_d0_x1, i); return i.fn; })()));
    expect_fp_retry_runs_once(*this, fmov_d0_x1);
    EXPECT_EQ(s.v[0].d[0], 0x40u); // FMOV D0, X1 with X1 = 0x40
}

TEST_F(threaded_fp_retry, HandlerWithItsOwnFormRunsOnce) {
    ASSERT_TRUE(has_own_threaded_form(([] { insn i; decode(ldr_d0_x5, i); return i.fn; })()));
    expect_fp_retry_runs_once(*this, ldr_d0_x5);
    EXPECT_EQ(s.v[0].d[0], 0x5566778811223344u);
}

// Every handler decode() gives an encoding of the integer data-processing,
// branch/system and load/store groups (DDI 0487 C4.1, op0) has a threaded
// form of its own (threaded_list.cpp), and thread_entry() keeps the way back
// to the plain handler for every encoding.
TEST(threaded_list, CoversTheIntegerBranchSystemAndLoadStoreGroups) {
    std::mt19937 rng(14);
    unsigned checked = 0;
    std::map<insn_handler, uint32_t> missing; // handler -> an encoding that decodes to it
    for (unsigned n = 0; n < 2000000; ++n) {
        const uint32_t raw = uint32_t(rng());
        const unsigned op0 = (raw >> 25) & 0xf;
        insn i;
        decode(raw, i);
        const insn_handler plain = i.fn;
        insn t = i;
        thread_entry(t);
        ASSERT_EQ(plain_handler(t), plain) << std::hex << raw;
        ASSERT_EQ(plain_handler(i), plain) << std::hex << raw; // not threaded: fn itself
        if (op0 == 0x7 || op0 == 0xf || op0 < 4) continue; // SIMD&FP data processing, SVE, unallocated
        if (!has_own_threaded_form(plain)) missing.emplace(plain, raw);
        else EXPECT_NE(t.fn, &threaded_plain) << std::hex << raw;
        ++checked;
    }
    EXPECT_GT(checked, 1000000u);
    for (const auto& [fn, raw] : missing) ADD_FAILURE() << "no threaded form for the handler of 0x" << std::hex << raw;
}

} // namespace
