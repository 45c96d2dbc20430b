// Differential test, loads and stores (Arm ARM C4.1.94): every size and
// addressing mode -- unsigned offset, unscaled, pre/post index,
// unprivileged, register offset with every extend, literal, pairs incl.
// LDPSW and non-temporal, exclusives (single and pair, with and without
// acquire/release, success and failure), LDAR/STLR, PRFM -- compared with
// Unicorn 2.0.1 after every instruction (registers and the data window).
//
// Unicorn does not fault misaligned accesses with translation off, so the
// default classes use aligned accesses (our data accesses are Device memory
// and fault when misaligned: test_unicorn_align checks that). The
// unicorn_ldst_normal cases compare misaligned accesses with HCR_EL2.DC = 1,
// where EL1 data accesses are Normal memory and need no alignment (D5.2.9).
//
// Longer run by hand:
//   VP_XCHECK_SCALE=20 VP_XCHECK_SEED=0x1234 ctest --test-dir build -R unicorn_ -j2
#include "xcheck_test_macros.h"

#include "cpu/core.h"

VP_XCHECK_CLASS(unicorn_ldst, ld_literal)
VP_XCHECK_CLASS(unicorn_ldst, exclusive)
VP_XCHECK_CLASS(unicorn_ldst, acquire_release)
VP_XCHECK_CLASS(unicorn_ldst, ldst_pair_nt)
VP_XCHECK_CLASS(unicorn_ldst, ldst_pair_post)
VP_XCHECK_CLASS(unicorn_ldst, ldst_pair_offset)
VP_XCHECK_CLASS(unicorn_ldst, ldst_pair_pre)
VP_XCHECK_CLASS(unicorn_ldst, ldst_unscaled)
VP_XCHECK_CLASS(unicorn_ldst, ldst_post)
VP_XCHECK_CLASS(unicorn_ldst, ldst_unpriv)
VP_XCHECK_CLASS(unicorn_ldst, ldst_pre)
VP_XCHECK_CLASS(unicorn_ldst, ldst_regoff)
VP_XCHECK_CLASS(unicorn_ldst, ldst_unsigned)
VP_XCHECK_CLASS(unicorn_ldst, prfm)

// DC ZVA zeroes its 64-byte block; compared in Normal memory (HCR_EL2.DC =
// 1), since to Device memory it must take an Alignment fault instead.
TEST(unicorn_ldst, dc_zva_normal_memory) {
    vp::xcheck::run_options o;
    o.normal_misaligned = true;
    const auto rep = vp::xcheck::run_class(vp::xcheck::find_class("dc_zva"), o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << (rep.messages.empty() ? "" : rep.messages.front());
}

// Any word of the integer load/store group, allocated or not (but the
// CONSTRAINED UNPREDICTABLE corners): same result, UNDEFINED on both, or an
// access outside RAM on both. Normal memory (HCR_EL2.DC = 1), as Unicorn.
TEST(unicorn_space, space_ldst) {
    vp::xcheck::run_options o;
    o.normal_misaligned = true;
    const auto rep = vp::xcheck::run_class(vp::xcheck::find_class("space_ldst"), o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << (rep.messages.empty() ? "" : rep.messages.front());
}

// Misaligned accesses to Normal memory (HCR_EL2.DC = 1): no alignment fault
// for ordinary loads and stores (SCTLR_EL1.A = 0), same data as Unicorn.
class unicorn_ldst_normal : public testing::TestWithParam<const char*> {};
TEST_P(unicorn_ldst_normal, misaligned) {
    vp::xcheck::run_options o;
    o.normal_misaligned = true;
    const auto& c = vp::xcheck::find_class(GetParam());
    o.count = c.default_count / 4 * vp::xcheck::env_scale();
    const auto rep = vp::xcheck::run_class(c, o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << (rep.messages.empty() ? "" : rep.messages.front());
}
INSTANTIATE_TEST_SUITE_P(unicorn, unicorn_ldst_normal,
                         testing::Values("ldst_unsigned", "ldst_unscaled", "ldst_pre", "ldst_post", "ldst_regoff",
                                         "ldst_unpriv", "ldst_pair_offset", "ldst_pair_pre", "ldst_pair_post",
                                         "ldst_pair_nt"),
                         [](const testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

// Stage 1 translation on in both (identity map by 2 MiB blocks and 4 KiB
// pages around the data window), misaligned addresses included (so not the
// exclusive and acquire/release classes, which must fault when misaligned;
// the atomics programs run them translated in test_unicorn_programs).
class unicorn_ldst_stage1 : public testing::TestWithParam<const char*> {};
TEST_P(unicorn_ldst_stage1, translated) { expect_same_with_stage1(GetParam()); }
INSTANTIATE_TEST_SUITE_P(unicorn, unicorn_ldst_stage1,
                         testing::Values("ldst_unsigned", "ldst_unscaled", "ldst_pre", "ldst_post", "ldst_regoff",
                                         "ldst_unpriv", "ld_literal", "ldst_pair_offset", "ldst_pair_pre",
                                         "ldst_pair_post", "ldst_pair_nt", "dc_zva"),
                         [](const testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

// Guest self-modifying code in the page it runs from, with the architected
// maintenance (DC CVAU, DSB, IC IVAU, DSB, ISB; B2.4.4): the instruction at
// +0x20 is patched to ADD #2 and run, then patched to ADD #4 and run again.
// Both machines must execute the new instruction each time (X0 = 6).
TEST(unicorn_ldst, self_modifying_code_in_the_running_page_B2_4_4) {
    static constexpr uint32_t code[] = {
        0xb9000041, // str w1, [x2]
        0xd50b7b22, // dc cvau, x2
        0xd5033b9f, // dsb ish
        0xd50b7522, // ic ivau, x2
        0xd5033b9f, // dsb ish
        0xd5033fdf, // isb
        0xd503201f, // nop
        0xd503201f, // nop
        0x91000400, // +0x20: add x0, x0, #1 (patched)
        0xb9000043, // str w3, [x2]
        0xd50b7b22, // dc cvau, x2
        0xd5033b9f, // dsb ish
        0xd50b7522, // ic ivau, x2
        0xd5033b9f, // dsb ish
        0xd5033fdf, // isb
        0x17fffff9, // b +0x20
        0xd503201f, // (not reached: the 17th instruction executed is +0x20 again)
    };
    vp::xcheck::lockstep ls;
    vp::xcheck::rng r(7);
    const uint64_t at = vp::xcheck::layout::ring_base + 0x400;
    std::vector<vp::xcheck::step> steps;
    for (uint32_t w : code) {
        vp::xcheck::step s;
        s.raw = w;
        s.what = "self-modifying code";
        steps.push_back(s);
    }
    steps[0].with(0, 0).with(1, 0x91000800).with(2, at + 0x20).with(3, 0x91001000);
    ls.begin_block(r, false);
    ls.run_block(steps, at, false);
    EXPECT_EQ(ls.report().compared, steps.size());
    EXPECT_EQ(ls.report().mismatches, 0u) << (ls.report().messages.empty() ? "" : ls.report().messages.front());
    EXPECT_EQ(ls.ours().x(0), 6u) << "ran ADD #2 then ADD #4";
}
