// GIC virtual interface control for one CPU: GICH (IHI 0048B 5.3; GIC-400
// DDI 0471 3.x). It owns the CPU's virtual-interrupt state and nothing else
// stores a copy:
//   - the list registers GICH_LR<n> (n = 1..64, GIC-400: 4),
//   - GICH_HCR, GICH_VMCR (= the guest's GICV_CTLR/PMR/BPR/ABPR),
//   - GICH_APR (= GICV_APR0), one active-priority bit per preemption level.
// GICH_VTR, GICH_MISR, GICH_EISR0/1, GICH_ELRSR0/1 and the guest's running
// priority and highest pending interrupt are computed from that state on read.
//
// update() is the one function that decides this CPU's virq, vfiq and
// maintenance levels; every state change (GICH write, GICV access) calls it
// inside the b_transport call. The levels are written to the ports by one
// SC_METHOD of this module, woken by an immediate notification, so a
// hypervisor write of a pending list register raises virq in the same
// evaluation phase (visible one delta cycle later), and the signals have a
// single writer process whichever CPU's thread made the access (IEEE 1666
// one-writer rule). Called from sc_main between sc_start calls, update()
// writes the ports directly.
//
// Model choices (UNPREDICTABLE / IMPLEMENTATION DEFINED in IHI 0048B):
//   - Equal priorities: the lowest-numbered list register wins.
//   - Two valid list registers with the same VirtualID (and, for HW == 0 SGIs,
//     the same CPUID): the lowest-numbered one is used (QEMU does the same).
//   - HW == 1 with State == pending+active: accepted and behaves as written;
//     reported once per CPU as a warning (the pending state of a hardware
//     interrupt belongs to the physical distributor, IHI 0048B 5.3, GICH_LRn).
//   - A valid list register with a special VirtualID (1020-1023) is never
//     signalled or acknowledged; the write is reported once.
//   - GICH_VMCR writes of VMBP/VMABP below the minimum store the minimum,
//     as GICV_BPR/GICV_ABPR writes do.
//   - GICH_HCR.EOICount is writable by the hypervisor (it is RW in 5.3, GICH_HCR).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <systemc>

#include "common/register_bank.h"
#include "gic/virtual_control_registers.h"
#include "gic/virtual_list_register.h"

namespace vp::gic {

// GICH register offsets within one CPU's frame (IHI 0048B 5.3; DDI 0471 GICH summary).
namespace gich {
constexpr uint64_t HCR = 0x000;
constexpr uint64_t VTR = 0x004;
constexpr uint64_t VMCR = 0x008;
constexpr uint64_t MISR = 0x010;
constexpr uint64_t EISR0 = 0x020;
constexpr uint64_t EISR1 = 0x024;
constexpr uint64_t ELRSR0 = 0x030;
constexpr uint64_t ELRSR1 = 0x034;
constexpr uint64_t APR = 0x0F0;
constexpr uint64_t LR0 = 0x100;
constexpr uint64_t frame_size = 0x200;   // registers of one CPU
constexpr uint64_t decode_size = 0x1000; // the "accessing CPU" page
constexpr uint32_t vmcr_reset = 0x004C0000; // DDI 0471
} // namespace gich

class virtual_interface : public sc_core::sc_module {
public:
    static constexpr const char* report_type = "gic/virtual_interface";

    // The output ports are owned by the enclosing module; this one drives them.
    virtual_interface(sc_core::sc_module_name name, unsigned cpu, unsigned num_list_registers,
                      sc_core::sc_out<bool>& virq, sc_core::sc_out<bool>& vfiq, sc_core::sc_out<bool>& maintenance);

    virtual_interface(const virtual_interface&) = delete;
    virtual_interface& operator=(const virtual_interface&) = delete;

    unsigned cpu() const { return cpu_; }
    unsigned num_list_registers() const { return unsigned(lrs_.size()); }

    // --- Stored state (side-effect free reads; writes do not call update()).
    list_register lr(unsigned n) const { return lrs_.at(n); }
    void set_lr(unsigned n, list_register value);
    const hypervisor_control& hcr() const { return hcr_; }
    void set_hcr(const hypervisor_control& h) { hcr_ = h; }
    const virtual_machine_control& vmcr() const { return vmcr_; }
    void set_vmcr(const virtual_machine_control& v) { vmcr_ = v; }
    uint32_t apr() const { return apr_; }
    void set_apr(uint32_t v) { apr_ = v; }

    // --- Derived registers, computed on read.
    uint32_t vtr() const;
    uint32_t misr() const;
    uint64_t eisr() const;  // bit n: LRn invalid, HW == 0, EOI == 1
    uint64_t elrsr() const; // bit n: LRn invalid and (HW == 1 or EOI == 0)
    uint8_t running_priority() const; // from GICH_APR; 0xFF when idle

    // The list register of the highest-priority pending (State == 01)
    // virtual interrupt whose group is enabled and whose priority is below
    // GICV_PMR. With `check_preemption` its group priority must also be
    // higher than the running priority, i.e. it can be signalled now.
    std::optional<unsigned> highest_pending(bool check_preemption) const;

    // The valid, active (State 10 or 11) list register for an interrupt the
    // guest names in GICV_EOIR/AEOIR/DIR: VirtualID `id` and, for HW == 0
    // SGIs, CPUID `cpuid`. Lowest-numbered on a (UNPREDICTABLE) duplicate.
    std::optional<unsigned> find_active(unsigned id, unsigned cpuid) const;

    // Priority drop (IHI 0048B 5.4, GICV_EOIR): clears the lowest set
    // GICH_APR bit. Returns false when no bit was set.
    bool drop_priority();
    // GICH_HCR.EOICount += 1, wrapping at 5 bits.
    void increment_eoi_count() { hcr_.eoi_count = (hcr_.eoi_count + 1) & 0x1Fu; }

    // Recomputes virq, vfiq and maintenance from state and drives them.
    void update();
    // Notified (delta) after every state change, for observers such as VCD tracing.
    sc_core::sc_event state_changed;
    // Whether update() notifies `state_changed` (default on; see distributor).
    void set_state_events(bool on) { state_events_ = on; }
    // The levels update() decided (the ports follow within the delta cycle).
    bool virq_level() const { return levels_.virq; }
    bool vfiq_level() const { return levels_.vfiq; }
    bool maintenance_level() const { return levels_.maintenance; }
    // How many times update() changed virq/vfiq, and the maintenance level
    // (line_view_if: the first reach the CPU directly, the second through
    // the distributor's PPI 25 sampling, one more delta cycle).
    uint64_t cpu_line_changes() const { return cpu_line_changes_; }
    uint64_t maintenance_changes() const { return maintenance_changes_; }

    // The GICH registers of this CPU, offsets 0x000..0xFFF (0x200..0xFFF
    // reserved). The enclosing module decodes "accessing CPU" and alias frames
    // to an explicit CPU and forwards here.
    register_bank& gich_bank() { return bank_; }

    // A guest or hypervisor mistake, reported once per `key` on this CPU.
    void warn_once(const std::string& key, const std::string& message, const char* type = report_type);

private:
    struct output_levels {
        bool virq = false;
        bool vfiq = false;
        bool maintenance = false;
        bool operator==(const output_levels& o) const {
            return virq == o.virq && vfiq == o.vfiq && maintenance == o.maintenance;
        }
    };

    void declare_registers();
    void write_lr(unsigned n, uint32_t value);
    void drive_outputs(); // SC_METHOD, and direct call outside simulation

    unsigned cpu_;
    std::vector<list_register> lrs_;
    hypervisor_control hcr_;
    virtual_machine_control vmcr_ = virtual_machine_control::from_vmcr(gich::vmcr_reset);
    uint32_t apr_ = 0;

    sc_core::sc_out<bool>& virq_;
    sc_core::sc_out<bool>& vfiq_;
    sc_core::sc_out<bool>& maintenance_;
    output_levels levels_;
    uint64_t cpu_line_changes_ = 0, maintenance_changes_ = 0;
    sc_core::sc_event drive_event_;

    register_bank bank_;
    bool state_events_ = true;
};

} // namespace vp::gic
