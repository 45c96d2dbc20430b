// Differential test, SIMD&FP loads and stores (C4.1.4 with V = 1): LDR/STR
// of B/H/S/D/Q (unsigned offset, unscaled, pre/post-index, register offset),
// LDR literal, LDP/STP/LDNP/STNP, LD1-LD4/ST1-ST4 (multiple and single
// structure, post-index by immediate and register), LD1R-LD4R; compared
// with Unicorn 2.0.1 after every instruction (X, V, FPCR/FPSR, data window).
#include "xcheck_test_macros.h"

VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_unsigned)
VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_imm9)
VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_regoff)
VP_XCHECK_CLASS(unicorn_simd_ldst, vld_literal)
VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_pair)
VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_multiple)
VP_XCHECK_CLASS(unicorn_simd_ldst, vldst_single)

// Any word of the SIMD&FP load/store space: same result, UNDEFINED on both,
// or an access outside RAM on both. Normal memory (HCR_EL2.DC = 1).
TEST(unicorn_space, space_vldst) { expect_same_in_normal_memory("space_vldst"); }

// Misaligned element addresses in Normal memory (no alignment fault).
class unicorn_simd_ldst_normal : public testing::TestWithParam<const char*> {};
TEST_P(unicorn_simd_ldst_normal, misaligned) { expect_same_in_normal_memory(GetParam()); }
INSTANTIATE_TEST_SUITE_P(classes, unicorn_simd_ldst_normal,
                         testing::Values("vldst_unsigned", "vldst_imm9", "vldst_pair", "vldst_multiple",
                                         "vldst_single"));

// Stage 1 translation on in both, every access translated (identity map,
// 2 MiB blocks and 4 KiB pages around the data window), misaligned included.
class unicorn_simd_ldst_stage1 : public testing::TestWithParam<const char*> {};
TEST_P(unicorn_simd_ldst_stage1, translated) { expect_same_with_stage1(GetParam()); }
INSTANTIATE_TEST_SUITE_P(classes, unicorn_simd_ldst_stage1,
                         testing::Values("vldst_unsigned", "vldst_imm9", "vldst_regoff", "vld_literal", "vldst_pair",
                                         "vldst_multiple", "vldst_single"));
