#include "cpu/exceptions.h"

namespace vp::cpu::exceptions {

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
