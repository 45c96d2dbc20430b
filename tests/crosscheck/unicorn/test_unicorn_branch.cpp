// Differential test, branches (Arm ARM C4.1.93): B, BL, B.cond (all 16
// conditions incl. AL/NV), CBZ/CBNZ, TBZ/TBNZ (all 64 bits), BR, BLR, RET,
// with offsets to the ends of their ranges (B/BL +-128 MiB), compared with
// Unicorn 2.0.1 after the branch (PC, X30, all registers, NZCV).
//
// Longer run by hand:
//   VP_XCHECK_SCALE=20 VP_XCHECK_SEED=0x1234 ctest --test-dir build -R unicorn_branch -j2
#include "xcheck_test_macros.h"

VP_XCHECK_CLASS(unicorn_branch, b_bl)
VP_XCHECK_CLASS(unicorn_branch, bcond)
VP_XCHECK_CLASS(unicorn_branch, cbz_cbnz)
VP_XCHECK_CLASS(unicorn_branch, tbz_tbnz)
VP_XCHECK_CLASS(unicorn_branch, br_blr_ret)

// Any 32-bit word of the branch group (but system instructions, exception
// generation and ERET/DRPS), allocated or not: same result or UNDEFINED on both.
VP_XCHECK_CLASS(unicorn_space, space_branch)
