// Differential test, Advanced SIMD integer and data-movement classes
// (C4.1.6): random words of each class (every field random; floating-point
// opcodes excluded), compared with Unicorn 2.0.1: same X, V, FPSR (QC) and
// FPCR, or UNDEFINED on both.
#include "xcheck_test_macros.h"

VP_XCHECK_CLASS(unicorn_simd, simd_three_same)
VP_XCHECK_CLASS(unicorn_simd, simd_three_diff)
VP_XCHECK_CLASS(unicorn_simd, simd_two_misc)
VP_XCHECK_CLASS(unicorn_simd, simd_across)
VP_XCHECK_CLASS(unicorn_simd, simd_copy)
VP_XCHECK_CLASS(unicorn_simd, simd_by_element)
VP_XCHECK_CLASS(unicorn_simd, simd_modified_imm)
VP_XCHECK_CLASS(unicorn_simd, simd_shift_imm)
VP_XCHECK_CLASS(unicorn_simd, simd_table)
VP_XCHECK_CLASS(unicorn_simd, simd_permute)
VP_XCHECK_CLASS(unicorn_simd, simd_extract)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_three_same)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_two_misc)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_pairwise)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_copy)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_shift_imm)
VP_XCHECK_CLASS(unicorn_simd, crypto_aes)
VP_XCHECK_CLASS(unicorn_simd, crypto_sha3)
VP_XCHECK_CLASS(unicorn_simd, crypto_sha2)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_three_diff)
VP_XCHECK_CLASS(unicorn_simd, simd_scalar_by_element)
