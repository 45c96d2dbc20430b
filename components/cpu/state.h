// Architectural state of one AArch64 processing element (EL0/EL1/EL2, no
// EL3, AArch64 only). Plain data: the core, the exception module, the system
// register table and the execute handlers all work on this one struct.
#pragma once

#include <cstdint>

namespace vp::cpu {

// Register-file slots. Instructions name register 31 as either SP or XZR;
// the decoder resolves that once, so handlers index `r[]` without a test:
// reads of XZR use slot 31 (always zero), writes to XZR go to the sink slot,
// SP (of the current level, as selected by PSTATE.SPSel) lives in slot 32.
enum : unsigned { reg_zr = 31, reg_sp = 32, reg_sink = 33, reg_slots = 34 };

// PSTATE.{N,Z,C,V} as SPSR and MRS NZCV hold them (bits 31:28).
constexpr uint32_t flag_n = 1u << 31, flag_z = 1u << 30, flag_c = 1u << 29, flag_v = 1u << 28;

// PSTATE.{N,Z,C,V} as the core keeps them: one byte per flag, 0 or 1. A
// flag-setting instruction stores each flag straight from a host condition
// (one host compare, four byte stores: no nibble to assemble), and a
// condition test reads only the bytes it needs (docs/iss-dispatch.md,
// "Flags"). value()/set() convert from and to the bits 31:28 form.
struct nzcv_flags {
    uint8_t n = 0, z = 0, c = 0, v = 0;
    constexpr uint32_t value() const {
        return (uint32_t(n) << 31) | (uint32_t(z) << 30) | (uint32_t(c) << 29) | (uint32_t(v) << 28);
    }
    constexpr void set(uint32_t nzcv) {
        n = uint8_t((nzcv >> 31) & 1);
        z = uint8_t((nzcv >> 30) & 1);
        c = uint8_t((nzcv >> 29) & 1);
        v = uint8_t((nzcv >> 28) & 1);
    }
};
// PSTATE.{D,A,I,F} as in DAIF/SPSR (bits 9:6).
constexpr uint32_t daif_d = 1u << 9, daif_a = 1u << 8, daif_i = 1u << 7, daif_f = 1u << 6;

// System registers stored by the core. Registers owned by another block (the
// generic timer) are not here: they are forwarded through core_env.
struct system_registers {
    // EL2 configuration
    uint64_t hcr_el2 = 0;
    uint64_t cptr_el2 = 0x33ff; // RES1 bits 13:12, 9:0 (Arm ARM D13.2.31)
    uint64_t hstr_el2 = 0;
    uint64_t mdcr_el2 = 6;      // HPMN = PMCR_EL0.N (cpu/pmu.h) at reset
    uint64_t hacr_el2 = 0;
    uint64_t vpidr_el2 = 0;     // reset: MIDR_EL1
    uint64_t vmpidr_el2 = 0;    // reset: MPIDR_EL1
    // Architecturally UNKNOWN at reset. Chosen: the RES1 bits, MMU and caches
    // off, SP alignment checks (SA/SA0) off (QEMU never checks them, so
    // firmware written for it may run with a misaligned SP), EL0 WFI/WFE not
    // trapped (nTWI/nTWE = 1).
    uint64_t sctlr_el2 = 0x30c50830;
    uint64_t sctlr_el1 = 0x30d50800;
    uint64_t cpacr_el1 = 0;
    uint64_t vbar_el1 = 0, vbar_el2 = 0;
    // Translation registers: stored as written, translation is not modelled.
    uint64_t ttbr0_el1 = 0, ttbr1_el1 = 0, tcr_el1 = 0, mair_el1 = 0, amair_el1 = 0;
    uint64_t ttbr0_el2 = 0, tcr_el2 = 0, mair_el2 = 0, amair_el2 = 0;
    uint64_t vttbr_el2 = 0, vtcr_el2 = 0;
    uint64_t hpfar_el2 = 0, par_el1 = 0;
    uint64_t afsr0_el1 = 0, afsr1_el1 = 0, afsr0_el2 = 0, afsr1_el2 = 0;
    uint64_t contextidr_el1 = 0, csselr_el1 = 0;
    uint64_t tpidr_el0 = 0, tpidrro_el0 = 0, tpidr_el1 = 0, tpidr_el2 = 0;
    // AArch32 banked SPSRs (SPSR_irq/abt/und/fiq): storage only.
    uint64_t spsr_irq = 0, spsr_abt = 0, spsr_und = 0, spsr_fiq = 0;
    // Self-hosted debug (DDI 0487 D2, components/cpu/debug_exceptions.h): the
    // breakpoint and watchpoint registers, MDSCR_EL1, the OS Lock.
    uint64_t mdscr_el1 = 0, mdccint_el1 = 0, osdlr_el1 = 0, dbgprcr_el1 = 0, dbgclaim = 0;
    // OSLM = 0b10 (OS Lock implemented); OSLK = 1: the OS Lock is locked after
    // a Cold reset (D2.5), so debug exceptions stay disabled until software
    // writes 0 to OSLAR_EL1 (Linux does at boot, kvm-unit-tests too).
    uint64_t oslsr_el1 = 0xa;
    // DBGBCR<n>_EL1.BAS (bits 8:5) is RES1: no AArch32 at any EL.
    uint64_t dbgbvr[6] = {}, dbgbcr[6] = {0x1e0, 0x1e0, 0x1e0, 0x1e0, 0x1e0, 0x1e0};
    uint64_t dbgwvr[4] = {}, dbgwcr[4] = {};
    // PMU (cpu/pmu.h): the cycle counter and six event counters.
    uint64_t pmcr_el0 = 0, pmcntenset = 0, pmintenset = 0, pmovsset = 0, pmselr = 0;
    uint64_t pmccntr = 0, pmccfiltr = 0, pmuserenr = 0;
    uint64_t pmevcntr[6] = {}, pmevtyper[6] = {};
};

// One SIMD&FP register V0-V31 (128 bits). Lane n of size S lives at byte
// offset n*S (little-endian host assumed, as for RAM); scalar B/H/S/D/Q
// views are the low bytes. Writes of a scalar or a 64-bit vector zero the
// upper bits (C1.2.5 "SIMD and floating-point registers").
struct vreg {
    alignas(16) uint64_t d[2];
};

// FPCR: AHP[26] DN[25] FZ[24] RMode[23:22] are the Armv8.0 AArch64 fields
// (Len/Stride, FZ16 and the trap enables are RES0 here: no AArch32, no
// FEAT_FP16, no FP exception trapping). FPSR: QC[27] IDC[7] IXC[4] UFC[3]
// OFC[2] DZC[1] IOC[0] (N/Z/C/V[31:28] are RES0 without AArch32).
constexpr uint32_t fpcr_writable = 0x07c00000u;
constexpr uint32_t fpsr_writable = 0x0800009fu;
constexpr uint32_t fpsr_qc = 1u << 27;

struct arch_state {
    uint64_t r[reg_slots] = {};
    vreg v[32] = {};
    uint32_t fpcr = 0; // UNKNOWN at reset: chosen 0 (round to nearest, IEEE mode)
    uint32_t fpsr = 0;
    uint64_t pc = 0;
    nzcv_flags nzcv;
    uint32_t daif = daif_d | daif_a | daif_i | daif_f;
    unsigned el = 2;    // PSTATE.EL
    bool spsel = true;  // PSTATE.SPSel (true: SP_ELx, false: SP_EL0)
    bool il = false;    // PSTATE.IL (set by an illegal exception return)
    bool ss = false;    // PSTATE.SS (software step, D2.12; SPSR bit 21)
    // Banked stack pointers. The one selected by (el, spsel) is live in
    // r[reg_sp]; the bank entry is stale while it is selected.
    uint64_t sp_el[3] = {};
    // Per-level exception registers, index = EL (index 0 unused).
    uint64_t elr[3] = {}, spsr[3] = {}, esr[3] = {}, far[3] = {};
    system_registers sys;
};

} // namespace vp::cpu
