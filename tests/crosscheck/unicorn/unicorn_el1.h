// Unicorn 2.0.1 at AArch64 Non-secure EL1, so that its MMU works.
//
// Unicorn resets its AArch64 CPU to EL1h but leaves SCR_EL3 = 0 (RW = 0,
// NS = 0). QEMU 5 (target/arm, arm_el_is_aa64) then takes EL1 as AArch32
// and, once SCTLR_EL1.M = 1, walks TCR_EL1 as a short-descriptor TTBCR
// (EAE = 0): TCR_EL1 bit 4 (part of T0SZ) reads as PD0, so every fetch takes
// a level 1 Translation fault (prefetch abort) right after the MSR. With
// SCR_EL3.RW = 1 (EL1 AArch64), SCR_EL3.NS = 1 and HCR_EL2.RW = 1 (needed
// once Non-secure, as EL2 exists) EL1 is AArch64 Non-secure, as on our core
// (PAR_EL1.NS = 1 in AT results). docs/unicorn-mmu.md has the details.
#pragma once

#include <unicorn/unicorn.h>

namespace vp::xcheck {

inline void unicorn_aarch64_el1(uc_engine* uc) {
    // uc_arm64_cp_reg: {CRn, CRm, op0, op1, op2, value}
    uc_arm64_cp_reg scr{1, 1, 3, 6, 0, (1u << 10) | 1u}; // SCR_EL3 = RW | NS
    uc_arm64_cp_reg hcr{1, 1, 3, 4, 0, 1ull << 31};      // HCR_EL2 = RW
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &scr);
    uc_reg_write(uc, UC_ARM64_REG_CP_REG, &hcr);
}

} // namespace vp::xcheck
