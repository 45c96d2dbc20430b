// GIC virtual CPU interface for one CPU: GICV (IHI 0048B 5.4; GIC-400
// DDI 0471 3.x). The guest's view of its list registers, with the GICC layout
// (8 KiB, GICV_DIR at 0x1000). It stores nothing: every register reads or
// changes the state owned by the CPU's virtual_interface, then calls its
// update().
//
// The virtual CPU interface handles both groups as the Secure view of a GICC
// with Security Extensions does (IHI 0048B 5.4): GICV_IAR/HPPIR report a
// Group 1 interrupt only when AckCtl == 1 (otherwise 1022); GICV_AIAR/AHPPIR/
// AEOIR are the Group 1 aliases.
//
// Model choices (UNPREDICTABLE in IHI 0048B), each reported once per CPU:
//   - GICV_DIR while GICV_CTLR.EOImode == 0: ignored.
//   - GICV_AEOIR naming an active Group 0 interrupt: ignored.
//   - GICV_EOIR of a Group 1 interrupt while AckCtl == 0: completed as if
//     AckCtl == 1.
//   - EOI with no active priority (GICH_APR == 0) of an interrupt that is
//     active in a list register: still deactivates (EOImode 0).
//   - HW == 1 deactivation whose PhysicalID is an SGI (< 16) or a special ID
//     (>= 1020): the list register is deactivated, nothing is sent to the
//     distributor.
//   - GICV_EOIR/AEOIR/DIR of a special ID (>= 1020): ignored, as GICC does.
#pragma once

#include <cstdint>

#include "common/register_bank.h"
#include "gic/physical_gic_if.h"
#include "gic/virtual_interface.h"

namespace vp::gic {

// GICV register offsets (IHI 0048B 5.4: the GICC layout of 4.3).
namespace gicv {
constexpr uint64_t CTLR = 0x0000;
constexpr uint64_t PMR = 0x0004;
constexpr uint64_t BPR = 0x0008;
constexpr uint64_t IAR = 0x000C;
constexpr uint64_t EOIR = 0x0010;
constexpr uint64_t RPR = 0x0014;
constexpr uint64_t HPPIR = 0x0018;
constexpr uint64_t ABPR = 0x001C;
constexpr uint64_t AIAR = 0x0020;
constexpr uint64_t AEOIR = 0x0024;
constexpr uint64_t AHPPIR = 0x0028;
constexpr uint64_t APR0 = 0x00D0;
constexpr uint64_t IIDR = 0x00FC;
constexpr uint64_t DIR = 0x1000;
constexpr uint64_t frame_size = 0x2000;
constexpr uint32_t iidr_value = 0x0202143B; // GIC-400 r0p1 (DDI 0471)
} // namespace gicv

class virtual_cpu_interface {
public:
    static constexpr const char* report_type = "gic/virtual_cpu_interface";

    virtual_cpu_interface(virtual_interface& state, physical_gic_if& physical);

    virtual_cpu_interface(const virtual_cpu_interface&) = delete;
    virtual_cpu_interface& operator=(const virtual_cpu_interface&) = delete;

    unsigned cpu() const { return state_.cpu(); }

    // The GICV registers, offsets 0x0000..0x1FFF.
    register_bank& bank() { return bank_; }

    // GICV_IAR (aliased == false) / GICV_AIAR (true). With `debug`, returns
    // what a read would return without acknowledging.
    uint32_t acknowledge(bool aliased, bool debug);
    // GICV_HPPIR / GICV_AHPPIR.
    uint32_t highest_pending_id(bool aliased) const;
    // GICV_EOIR / GICV_AEOIR.
    void end_of_interrupt(uint32_t value, bool aliased);
    // GICV_DIR.
    void deactivate_interrupt(uint32_t value);

private:
    void declare_registers();
    // The interrupt ID the guest sees for list register n ([12:10] = CPUID
    // for an HW == 0 SGI, IHI 0048B 5.4 GICV_IAR).
    uint32_t interrupt_id(unsigned n) const;
    // Moves LRn out of the active state (A -> I, P+A -> P) and, for HW == 1,
    // deactivates the physical interrupt on this CPU.
    void deactivate_lr(unsigned n);
    void warn_once(const std::string& key, const std::string& message) {
        state_.warn_once(key, message, report_type);
    }

    virtual_interface& state_;
    physical_gic_if& physical_;
    register_bank bank_;
};

} // namespace vp::gic
