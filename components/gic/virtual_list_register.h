// GICH_LRn, one list register of the GIC virtual interface control
// (IHI 0048B 5.3, "List Registers, GICH_LRn"; GIC-400: DDI 0471 3.x).
//
//   [31]    HW          1: the virtual interrupt is backed by physical INTID
//                       PhysicalID; deactivating it deactivates that one
//   [30]    Grp1        0: Group 0 (vFIQ when GICV_CTLR.FIQEn), 1: Group 1
//   [29:28] State       00 invalid, 01 pending, 10 active, 11 pending+active
//   [27:23] Priority    upper 5 bits of the 8-bit virtual priority
//   [22:20] reserved
//   [19:10] HW == 1:    PhysicalID
//           HW == 0:    [19] EOI (maintenance interrupt on deactivation),
//                       [18:13] reserved, [12:10] CPUID (SGI source)
//   [9:0]   VirtualID
//
// A value type: typed accessors instead of shifts at every use. Reserved bits
// read as zero (the model does not store them), so `sanitize` is applied to
// every value a hypervisor writes.
#pragma once

#include <cstdint>

namespace vp::gic {

enum class lr_state : uint8_t { invalid = 0, pending = 1, active = 2, pending_active = 3 };

class list_register {
public:
    constexpr list_register() = default;
    constexpr explicit list_register(uint32_t raw) : raw_(sanitize(raw)) {}

    constexpr uint32_t raw() const { return raw_; }

    constexpr unsigned virtual_id() const { return raw_ & 0x3FFu; }
    constexpr bool hw() const { return (raw_ >> 31) & 1u; }
    constexpr bool group1() const { return (raw_ >> 30) & 1u; }
    constexpr lr_state state() const { return lr_state((raw_ >> 28) & 3u); }
    // The 8-bit virtual priority: the 5 stored bits are its [7:3].
    constexpr uint8_t priority() const { return uint8_t(((raw_ >> 23) & 0x1Fu) << 3); }
    // Bits [19:10] have a meaning that depends on HW.
    constexpr unsigned physical_id() const { return hw() ? (raw_ >> 10) & 0x3FFu : 0; }
    constexpr bool eoi() const { return !hw() && ((raw_ >> 19) & 1u); }
    constexpr unsigned cpuid() const { return hw() ? 0 : (raw_ >> 10) & 7u; }

    constexpr bool is_pending() const { return unsigned(state()) & 1u; }
    constexpr bool is_active() const { return unsigned(state()) & 2u; }
    constexpr bool valid() const { return state() != lr_state::invalid; }

    constexpr list_register with_state(lr_state s) const {
        return list_register((raw_ & ~(3u << 28)) | (uint32_t(s) << 28));
    }

    // Builders for tests and hypervisor-side code.
    static constexpr list_register make_virtual(unsigned vintid, uint8_t priority, lr_state s,
                                                bool group1 = false, bool eoi = false, unsigned cpuid = 0) {
        return list_register((vintid & 0x3FFu) | ((cpuid & 7u) << 10) | (uint32_t(eoi) << 19) |
                             (uint32_t(priority >> 3) << 23) | (uint32_t(s) << 28) | (uint32_t(group1) << 30));
    }
    static constexpr list_register make_hardware(unsigned vintid, unsigned pintid, uint8_t priority, lr_state s,
                                                 bool group1 = false) {
        return list_register((vintid & 0x3FFu) | ((pintid & 0x3FFu) << 10) | (uint32_t(priority >> 3) << 23) |
                             (uint32_t(s) << 28) | (uint32_t(group1) << 30) | (1u << 31));
    }

    // Clears the reserved bits: [22:20] always, [18:13] when HW == 0.
    static constexpr uint32_t sanitize(uint32_t raw) {
        const bool hw = (raw >> 31) & 1u;
        const uint32_t mask = hw ? 0xFF8FFFFFu : 0xFF881FFFu;
        return raw & mask;
    }

private:
    uint32_t raw_ = 0;
};

} // namespace vp::gic
