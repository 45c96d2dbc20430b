// The AArch64 exception model as data (DDI 0487 D1.10, D1.11, D13.2.37):
// vector offsets, syndromes (ESR_ELx), SPSR, interrupt routing and masking,
// exception-return legality. Pure functions, no core state: the core applies
// the results. EL0/EL1/EL2 only (no EL3), HCR_EL2.E2H = 0 (no VHE).
#pragma once

#include <cstdint>

namespace vp::cpu::exceptions {

// Exception classes used by this model (ESR_ELx.EC, D13.2.37 table).
enum ec : unsigned {
    ec_unknown = 0x00,        // UNDEFINED instruction
    ec_wfx = 0x01,            // trapped WFI/WFE
    ec_fp_access = 0x07,      // SIMD&FP access trapped by CPACR_EL1.FPEN / CPTR_EL2.TFP
    ec_illegal_state = 0x0e,  // PSTATE.IL set
    ec_svc64 = 0x15,
    ec_hvc64 = 0x16,
    ec_smc64 = 0x17,
    ec_sysreg = 0x18,         // trapped MSR/MRS/SYS
    ec_iabt_lower = 0x20,
    ec_iabt_same = 0x21,
    ec_pc_align = 0x22,
    ec_dabt_lower = 0x24,
    ec_dabt_same = 0x25,
    ec_sp_align = 0x26,
    ec_brk64 = 0x3c,
};

// Fault status codes (DFSC/IFSC).
enum fsc : unsigned { fsc_sync_external = 0x10, fsc_alignment = 0x21 };

// Vector table slot (D1.10.2): offset = 0x80 * kind within a group.
enum class vector_kind : unsigned { sync = 0, irq = 1, fiq = 2, serror = 3 };

// VBAR_ELx offset for an exception taken from `from_el` to `target_el`
// (target >= from). Groups: 0x000 current EL with SP_EL0, 0x200 current EL
// with SP_ELx, 0x400 lower EL using AArch64, 0x600 lower EL using AArch32.
constexpr uint64_t vector_offset(unsigned from_el, unsigned target_el, bool spsel, vector_kind kind) {
    const uint64_t group = from_el < target_el ? 0x400 : (spsel ? 0x200 : 0x000);
    return group + 0x80 * static_cast<unsigned>(kind);
}

// ESR_ELx = EC[31:26] IL[25] ISS[24:0]. IL is 1 for every A64 instruction
// syndrome; 0 for exceptions not tied to an instruction length (PC/SP
// alignment uses 1, Illegal state 1, instruction abort 1; interrupts do not
// write ESR).
constexpr uint64_t esr(unsigned ec_value, uint32_t iss, bool il = true) {
    return (uint64_t(ec_value) << 26) | (uint64_t(il) << 25) | (iss & 0x1ffffffu);
}

// ISS of a trapped MSR/MRS (EC 0x18): Op0[21:20] Op2[19:17] Op1[16:14]
// CRn[13:10] Rt[9:5] CRm[4:1] Direction[0] (1 = read).
constexpr uint32_t iss_sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt,
                              bool read) {
    return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | unsigned(read);
}

// ISS of a trapped WFI (EC 0x01): CV=1, COND=0b1110, TI=0.
constexpr uint32_t iss_wfi = (1u << 24) | (0xeu << 20);
// ISS of a trapped SIMD&FP access (EC 0x07) from AArch64: CV=1, COND=0b1110
// (ConditionSyndrome() in AArch64.AdvSIMDFPAccessTrap), rest RES0.
constexpr uint32_t iss_fp_access = (1u << 24) | (0xeu << 20);

// Data abort ISS describing a single-register access (ISV=1): SAS[23:22],
// SSE[21], SRT[20:16], SF[15], AR[14]. WnR[6] and DFSC[5:0] are added when
// the abort is taken. Pairs, exclusives and writeback forms report ISV=0.
constexpr uint32_t iss_access(unsigned size_log2, bool sign_extend, unsigned rt, bool sf, bool acq_rel) {
    return (1u << 24) | (size_log2 << 22) | (unsigned(sign_extend) << 21) | ((rt & 31u) << 16) | (unsigned(sf) << 15) |
           (unsigned(acq_rel) << 14);
}
constexpr uint32_t iss_wnr = 1u << 6;
// ISS[24:14], the instruction syndrome (ISV, SAS, SSE, SRT, SF, AR). Only a
// stage 2 abort taken to EL2 reports it (DDI 0487 D13.2.37 "ISS encoding for
// an exception from a Data Abort": ISV is 0 for all faults reported in
// ESR_EL1 or ESR_EL3, and in ESR_EL2 except for stage 2 aborts).
constexpr uint32_t iss_instruction_syndrome = 0x01ffc000u;

// SPSR_ELx from PSTATE (C5.2.18): NZCV[31:28] IL[20] DAIF[9:6] M[3:0].
constexpr uint64_t spsr_from_pstate(uint32_t nzcv, uint32_t daif, unsigned el, bool spsel, bool il) {
    return uint64_t(nzcv & 0xf0000000u) | (uint64_t(il) << 20) | (daif & 0x3c0u) | (el << 2) | unsigned(spsel);
}

// Interrupt types.
enum class interrupt : unsigned { irq, fiq, virq, vfiq };

// HCR_EL2 bits the exception model reads.
namespace hcr {
constexpr uint64_t fmo = 1ull << 3, imo = 1ull << 4, amo = 1ull << 5;
constexpr uint64_t vf = 1ull << 6, vi = 1ull << 7;
constexpr uint64_t twi = 1ull << 13, twe = 1ull << 14;
constexpr uint64_t tid3 = 1ull << 18, tsc = 1ull << 19, tacr = 1ull << 21;
constexpr uint64_t tvm = 1ull << 26, tge = 1ull << 27, tdz = 1ull << 28, hcd = 1ull << 29, trvm = 1ull << 30;
constexpr uint64_t rw = 1ull << 31;
constexpr uint64_t e2h = 1ull << 34;
} // namespace hcr

// Where an asserted interrupt goes, and whether PSTATE masks it there.
struct route {
    bool taken;         // taken now (not masked, target not below current EL)
    unsigned target_el; // 1 or 2; 0 = this interrupt has no target (virtual with IMO/FMO = 0)
};

// D1.3.6 (asynchronous exception routing and masking), no EL3, E2H = 0:
//  * physical IRQ/FIQ: target EL2 when HCR_EL2.{IMO|FMO} or TGE is set,
//    else EL1. Taken from a lower EL regardless of PSTATE.{I,F}; at the
//    target EL masked by PSTATE; never taken to a lower EL than the current.
//  * virtual IRQ/FIQ (the line ORed with HCR_EL2.VI/VF): only when IMO/FMO = 1
//    and TGE = 0, target EL1, masked by PSTATE.{I,F}, never taken at EL2.
// Inline: the core asks at every interrupt check.
namespace detail {
// One row per (current EL, routed-to-EL2 bit): the target EL of a physical
// interrupt and whether PSTATE masks it at that EL (D1.3.6, tables
// "Physical interrupt routing when EL3 is not implemented" / masking).
struct physical_rule {
    unsigned target_el;
    bool maskable;
};
inline constexpr physical_rule physical_table[3][2] = {
    //            routed = 0 (to EL1)   routed = 1 (to EL2: IMO/FMO or TGE)
    /* EL0 */ {{1, true}, {2, false}},
    /* EL1 */ {{1, true}, {2, false}},
    /* EL2 */ {{1, true}, {2, true}}, // target EL1 is below EL2: never taken at EL2
};
constexpr bool is_irq(interrupt kind) { return kind == interrupt::irq || kind == interrupt::virq; }
} // namespace detail

inline route route_interrupt(interrupt kind, unsigned el, uint32_t daif, uint64_t hcr_el2) {
    const bool tge = hcr_el2 & hcr::tge;
    const bool routed = (hcr_el2 & (detail::is_irq(kind) ? hcr::imo : hcr::fmo)) != 0;
    const bool masked = (daif & (detail::is_irq(kind) ? (1u << 7) /*I*/ : (1u << 6) /*F*/)) != 0;
    if (kind == interrupt::irq || kind == interrupt::fiq) {
        const detail::physical_rule& rule = detail::physical_table[el][routed || tge];
        if (rule.target_el < el) return {false, rule.target_el};
        return {!(rule.maskable && masked), rule.target_el};
    }
    // Virtual interrupts exist only when routed with TGE = 0 (D1.3.6.2).
    if (!routed || tge) return {false, 0};
    if (el > 1) return {false, 1};
    return {!masked, 1};
}

// WFI wake-up (D1.6.2): the interrupt would be taken if PSTATE did not mask it.
bool wakes_wfi(interrupt kind, unsigned el, uint64_t hcr_el2);

// Exception return (D1.11.2, C5.2.18): the PSTATE an ERET restores, or an
// illegal return. `el`/`spsel` are valid only when `legal`.
struct return_target {
    bool legal;
    unsigned el;
    bool spsel;
};
return_target exception_return_target(uint64_t spsr, unsigned current_el, uint64_t hcr_el2);

} // namespace vp::cpu::exceptions
