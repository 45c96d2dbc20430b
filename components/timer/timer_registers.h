// The generic timer's system registers (Arm ARM DDI 0487 D11.2 and the
// register descriptions in D19.11 "Generic Timer registers"): encodings and
// typed views of their fields. E2H == 0 views only (no FEAT_VHE), no FEAT_ECV,
// no FEAT_NV.
#pragma once

#include <cstdint>

#include "common/sysreg_if.h"

namespace vp::timer {

namespace reg {
// op0, op1, CRn, CRm, op2 (Arm ARM C5.3 / D19.11 encodings).
constexpr uint32_t CNTFRQ_EL0 = sysreg_key(3, 3, 14, 0, 0);
constexpr uint32_t CNTPCT_EL0 = sysreg_key(3, 3, 14, 0, 1);
constexpr uint32_t CNTVCT_EL0 = sysreg_key(3, 3, 14, 0, 2);
constexpr uint32_t CNTKCTL_EL1 = sysreg_key(3, 0, 14, 1, 0);
constexpr uint32_t CNTP_TVAL_EL0 = sysreg_key(3, 3, 14, 2, 0);
constexpr uint32_t CNTP_CTL_EL0 = sysreg_key(3, 3, 14, 2, 1);
constexpr uint32_t CNTP_CVAL_EL0 = sysreg_key(3, 3, 14, 2, 2);
constexpr uint32_t CNTV_TVAL_EL0 = sysreg_key(3, 3, 14, 3, 0);
constexpr uint32_t CNTV_CTL_EL0 = sysreg_key(3, 3, 14, 3, 1);
constexpr uint32_t CNTV_CVAL_EL0 = sysreg_key(3, 3, 14, 3, 2);
constexpr uint32_t CNTVOFF_EL2 = sysreg_key(3, 4, 14, 0, 3);
constexpr uint32_t CNTHCTL_EL2 = sysreg_key(3, 4, 14, 1, 0);
constexpr uint32_t CNTHP_TVAL_EL2 = sysreg_key(3, 4, 14, 2, 0);
constexpr uint32_t CNTHP_CTL_EL2 = sysreg_key(3, 4, 14, 2, 1);
constexpr uint32_t CNTHP_CVAL_EL2 = sysreg_key(3, 4, 14, 2, 2);
} // namespace reg

// The three per-CPU timers of this model and their PPIs (Arm BSA; GIC-400
// TRM DDI 0471 2.3.2: nCNTPNSIRQ = 30, nCNTVIRQ = 27, nCNTHPIRQ = 26).
enum class timer_id : unsigned { el1_physical = 0, virtual_ = 1, el2_physical = 2 };
constexpr unsigned num_timers = 3;
constexpr unsigned timer_ppi(timer_id id) {
    return id == timer_id::el1_physical ? 30 : id == timer_id::virtual_ ? 27 : 26;
}

// CNTx_CTL: ENABLE[0], IMASK[1], ISTATUS[2] (RO), the rest RES0.
struct timer_ctl {
    static constexpr uint64_t ENABLE = 1u << 0, IMASK = 1u << 1, ISTATUS = 1u << 2;
    static constexpr uint64_t writable = ENABLE | IMASK;
    uint64_t bits = 0; // ENABLE and IMASK only; ISTATUS is computed
    bool enable() const { return bits & ENABLE; }
    bool imask() const { return bits & IMASK; }
};

// CNTKCTL_EL1 (E2H == 0): EL0PCTEN[0], EL0VCTEN[1], EVNTEN[2], EVNTDIR[3],
// EVNTI[7:4], EL0VTEN[8], EL0PTEN[9]; the rest RES0 (EVNTIS is FEAT_ECV).
struct cntkctl {
    static constexpr uint64_t writable = 0x3FF;
    uint64_t bits = 0;
    bool el0pcten() const { return bits & (1u << 0); }
    bool el0vcten() const { return bits & (1u << 1); }
    bool el0vten() const { return bits & (1u << 8); }
    bool el0pten() const { return bits & (1u << 9); }
};

// CNTHCTL_EL2 (E2H == 0): EL1PCTEN[0], EL1PCEN[1], EVNTEN[2], EVNTDIR[3],
// EVNTI[7:4]; the rest RES0 (the ECV and RME controls are not implemented).
struct cnthctl {
    static constexpr uint64_t writable = 0xFF;
    static constexpr uint64_t EL1PCTEN = 1u << 0, EL1PCEN = 1u << 1;
    uint64_t bits = EL1PCTEN | EL1PCEN;
    bool el1pcten() const { return bits & EL1PCTEN; }
    bool el1pcen() const { return bits & EL1PCEN; }
};

} // namespace vp::timer
