#include "cpu/exceptions.h"

namespace vp::cpu::exceptions {
namespace {

// One row per (current EL, routed-to-EL2 bit): the target EL of a physical
// interrupt and whether PSTATE masks it at that EL (D1.3.6, tables
// "Physical interrupt routing when EL3 is not implemented" / masking).
struct physical_rule {
    unsigned target_el;
    bool maskable;
};
constexpr physical_rule physical_table[3][2] = {
    //            routed = 0 (to EL1)   routed = 1 (to EL2: IMO/FMO or TGE)
    /* EL0 */ {{1, true}, {2, false}},
    /* EL1 */ {{1, true}, {2, false}},
    /* EL2 */ {{1, true}, {2, true}}, // target EL1 is below EL2: never taken at EL2
};

constexpr uint32_t mask_bit(interrupt kind) {
    return (kind == interrupt::irq || kind == interrupt::virq) ? (1u << 7) /*I*/ : (1u << 6) /*F*/;
}

constexpr uint64_t route_bit(interrupt kind) {
    return (kind == interrupt::irq || kind == interrupt::virq) ? hcr::imo : hcr::fmo;
}

} // namespace

route route_interrupt(interrupt kind, unsigned el, uint32_t daif, uint64_t hcr_el2) {
    const bool tge = hcr_el2 & hcr::tge;
    const bool routed = (hcr_el2 & route_bit(kind)) != 0;
    const bool masked = (daif & mask_bit(kind)) != 0;
    if (kind == interrupt::irq || kind == interrupt::fiq) {
        const physical_rule& rule = physical_table[el][routed || tge];
        if (rule.target_el < el) return {false, rule.target_el};
        return {!(rule.maskable && masked), rule.target_el};
    }
    // Virtual interrupts exist only when routed with TGE = 0 (D1.3.6.2).
    if (!routed || tge) return {false, 0};
    if (el > 1) return {false, 1};
    return {!masked, 1};
}

bool wakes_wfi(interrupt kind, unsigned el, uint64_t hcr_el2) {
    const route r = route_interrupt(kind, el, 0, hcr_el2);
    if (kind == interrupt::irq || kind == interrupt::fiq) return true; // a physical interrupt always wakes WFI
    return r.taken;
}

return_target exception_return_target(uint64_t spsr, unsigned current_el, uint64_t hcr_el2) {
    const unsigned m = spsr & 0x1f;
    if (m & 0x10) return {false, 0, false}; // AArch32: not implemented at any level
    const unsigned el = (m >> 2) & 3;
    const bool spsel = m & 1;
    if (el == 3) return {false, 0, false};             // EL3 not implemented
    if (el == 0 && spsel) return {false, 0, false};    // M = 0b0001 is reserved
    if (m & 2) return {false, 0, false};               // M[1] is RES0 in AArch64 modes
    if (el > current_el) return {false, 0, false};     // return to a higher EL
    if (el == 1 && (hcr_el2 & hcr::tge)) return {false, 0, false}; // EL1 with TGE = 1
    return {true, el, spsel};
}

} // namespace vp::cpu::exceptions
