// Differential test, data processing: every immediate (Arm ARM C4.1.92) and
// register (C4.1.95) data-processing encoding class of the A64 base integer
// instruction set, random fields and edge-value operands, compared with
// Unicorn 2.0.1 after every instruction (X0-X30, SP, PC, NZCV).
//
// Default run: ~1 M instructions over all test_unicorn_* classes. Longer runs
// by hand, e.g. 20x the instructions with another seed:
//   VP_XCHECK_SCALE=20 VP_XCHECK_SEED=0x1234 ctest --test-dir build -R unicorn_ -j2
// or one class:  VP_XCHECK_SCALE=50 ./test_unicorn_dp --gtest_filter='*dp2*'
#include "xcheck_test_macros.h"

#include <cstring>

#include "cpu/core.h"

// C4.1.92 Data processing -- immediate
VP_XCHECK_CLASS(unicorn_dp_imm, adr_adrp)
VP_XCHECK_CLASS(unicorn_dp_imm, addsub_imm)
VP_XCHECK_CLASS(unicorn_dp_imm, logical_imm)
VP_XCHECK_CLASS(unicorn_dp_imm, movewide)
VP_XCHECK_CLASS(unicorn_dp_imm, bitfield)
VP_XCHECK_CLASS(unicorn_dp_imm, extract)

// C4.1.95 Data processing -- register
VP_XCHECK_CLASS(unicorn_dp_reg, logical_shifted)
VP_XCHECK_CLASS(unicorn_dp_reg, addsub_shifted)
VP_XCHECK_CLASS(unicorn_dp_reg, addsub_extended)
VP_XCHECK_CLASS(unicorn_dp_reg, adc_sbc)
VP_XCHECK_CLASS(unicorn_dp_reg, cond_compare)
VP_XCHECK_CLASS(unicorn_dp_reg, cond_select)
VP_XCHECK_CLASS(unicorn_dp_reg, dp3)
VP_XCHECK_CLASS(unicorn_dp_reg, dp2)
VP_XCHECK_CLASS(unicorn_dp_reg, dp1)

// Any 32-bit word of the data-processing encoding groups, allocated or not:
// the same result, or UNDEFINED on both.
VP_XCHECK_CLASS(unicorn_space, space_dp_imm)
VP_XCHECK_CLASS(unicorn_space, space_dp_reg)

// Every straight-line class interleaved (data processing and memory).
VP_XCHECK_CLASS(unicorn_mixed, mixed)

// The suite must compare at least a million instructions (issue 5, Tests).
TEST(unicorn_suite, default_run_compares_at_least_a_million_instructions) {
    uint64_t total = 0;
    for (const auto& c : vp::xcheck::encoding_classes()) total += c.default_count;
    EXPECT_GE(total, 1000000u);
}

// The harness itself: a difference planted on one side is reported, with
// the register named. (A comparison that could not fail would prove nothing.)
TEST(unicorn_suite, harness_reports_a_planted_difference) {
    vp::xcheck::lockstep ls;
    vp::xcheck::rng r(1);
    ls.begin_block(r, false);
    std::vector<vp::xcheck::step> steps(2);
    steps[0].raw = 0x910004a0; // add x0, x5, #1
    steps[0].what = "ADD";
    steps[0].with(5, 41);
    steps[1].raw = 0xd503201f; // nop
    steps[1].what = "NOP";
    ls.run_block(steps, vp::xcheck::layout::ring_base, false);
    EXPECT_EQ(ls.report().mismatches, 0u);
    ls.begin_block(r, false);
    steps[0].nset = 0;
    ls.ours().set_x(5, 7); // ours computes 8, Unicorn something else
    ls.run_block(steps, vp::xcheck::layout::ring_base + 64, false);
    ASSERT_EQ(ls.report().mismatches, 1u);
    EXPECT_NE(ls.report().messages.front().find("X0 ours=0x8"), std::string::npos) << ls.report().messages.front();
}

// The lock-step harness rewrites code behind the core's back and calls
// core::invalidate_code(), as any DMA/loader would. Rewriting the page the
// core is executing in twice must be seen both times (the decode cache
// must not keep the second rewrite's stale entry). Found by the branch
// classes at VP_XCHECK_SCALE=10, reduced to this.
TEST(unicorn_suite, core_sees_code_rewritten_twice_in_its_current_page) {
    vp::xcheck::lockstep ls;
    auto& core = ls.ours();
    const uint64_t a = vp::xcheck::layout::ring_base + 0x40;
    auto put = [&](uint32_t insn) {
        std::memcpy(ls.ours_mem(a), &insn, 4);
        core.invalidate_code(a, 4);
        core.set_pc(a);
        core.step();
    };
    core.set_x(0, 0);
    put(0x91000400); // add x0, x0, #1
    put(0x91000800); // add x0, x0, #2
    put(0x91001000); // add x0, x0, #4
    EXPECT_EQ(core.x(0), 7u) << "executed a stale decoded instruction";
}
