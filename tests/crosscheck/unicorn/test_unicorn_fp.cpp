// Differential test, floating point: every scalar FP encoding class and the
// FP instructions of the Advanced SIMD classes (DDI 0487 C4.1.6), operands
// that are FP edge values (NaNs quiet and signalling, infinities, zeros,
// denormals, conversion limits, rounding ties) and a random FPCR per block
// (every RMode, FZ, DN, AHP), compared with Unicorn 2.0.1 after every
// instruction: X0-X30, SP, PC, NZCV, V0-V31, FPCR, FPSR (cumulative flags).
// Longer runs: VP_XCHECK_SCALE=20 ./test_unicorn_fp --gtest_filter='*fp_dp2*'
#include "xcheck_test_macros.h"

VP_XCHECK_CLASS(unicorn_fp, fp_dp1)
VP_XCHECK_CLASS(unicorn_fp, fp_dp2)
VP_XCHECK_CLASS(unicorn_fp, fp_dp3)
VP_XCHECK_CLASS(unicorn_fp, fp_compare)
VP_XCHECK_CLASS(unicorn_fp, fp_imm)
VP_XCHECK_CLASS(unicorn_fp, fp_int)
VP_XCHECK_CLASS(unicorn_fp, fp_fixed)
VP_XCHECK_CLASS(unicorn_fp, space_fp)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fp_3same)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fp_2misc)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fp_pairwise)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fp_elem)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fp_shift)
VP_XCHECK_CLASS(unicorn_simd_fp, simd_fmov_imm)
