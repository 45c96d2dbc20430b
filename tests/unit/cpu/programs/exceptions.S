// One-instruction snippets for the exception-model tests
// (exceptions_test.cpp sets up the state and checks ESR/ELR/SPSR/PC).
#include "snippets.inc"
    .text
    .global _start
_start:
    b .
    .arch armv8-a+fp
.macro ONE name, insn:vararg
    .balign 4
    .global \name
\name:
    \insn
    .global \name\()_next
\name\()_next:
    nop
    b .
.endm
    ONE ex_svc, svc #0x12
    ONE ex_hvc, hvc #0x34
    ONE ex_smc, smc #0x56
    ONE ex_brk, brk #0x78
    ONE ex_udf, .inst 0x00000000
    ONE ex_fp, fmov d0, x1
    ONE ex_simd_ld, ldr q0, [x1]
    ONE ex_eret, eret
    ONE ex_wfi, wfi
    ONE ex_nop, nop
    ONE ex_ldr, ldr x0, [x1]
    ONE ex_ldrw, ldr w0, [x1]
    ONE ex_str, str x0, [x1]
    ONE ex_ldp, ldp x2, x3, [x1]
    ONE ex_ldxr, ldxr x0, [x1]
    ONE ex_ldr_sp, ldr x0, [sp]
    ONE ex_mrs_impdef, mrs x0, s3_0_c15_c0_0
    ONE ex_mrs_hcr, mrs x0, hcr_el2
    ONE ex_msr_hcr, msr hcr_el2, x0
    ONE ex_mrs_sctlr1, mrs x0, sctlr_el1
    ONE ex_msr_sctlr1, msr sctlr_el1, x0
    ONE ex_mrs_ttbr0, mrs x0, ttbr0_el1
    ONE ex_mrs_pfr0, mrs x0, id_aa64pfr0_el1
    ONE ex_mrs_midr, mrs x0, midr_el1
    ONE ex_mrs_mpidr, mrs x0, mpidr_el1
    ONE ex_mrs_isr, mrs x0, isr_el1
    ONE ex_mrs_daif, mrs x0, daif
    ONE ex_mrs_sp_el0, mrs x0, sp_el0
    ONE ex_mrs_ctr, mrs x0, ctr_el0
    ONE ex_mrs_cntvct, mrs x0, cntvct_el0
    ONE ex_msr_cntv_ctl, msr cntv_ctl_el0, x0
    ONE ex_mrs_icc_sre, mrs x0, s3_0_c12_c12_5
    ONE ex_br, br x1
    ONE ex_daifclr, msr daifclr, #3
    ONE ex_semihost, hlt #0xf000
    ONE ex_hlt, hlt #0x1
    ONE ex_dczva, dc zva, x1
    ONE ex_tlbi_el2, tlbi alle2
    ONE ex_ldadd, .inst 0xf8200020
    ONE ex_crc_bad, .inst 0x1ac14c00
    ONE ex_sp_add, add sp, sp, #8
    ONE ex_stxr_unaligned, stxr w2, x0, [x1]
    ONE ex_stp_dev, stp x0, x0, [x1]
    ONE ex_msr_spsel0, msr spsel, #0
    ONE ex_msr_spsr2, msr spsr_el2, x0
