#include "gic/virtual_interface.h"

#include <cassert>
#include <sstream>

#include "common/log.h"

namespace vp::gic {

namespace {

uint32_t merge(uint32_t old, uint64_t value, uint64_t mask) {
    return uint32_t((old & ~mask) | (value & mask));
}

} // namespace

virtual_interface::virtual_interface(sc_core::sc_module_name name, unsigned cpu, unsigned num_list_registers,
                                     sc_core::sc_out<bool>& virq, sc_core::sc_out<bool>& vfiq,
                                     sc_core::sc_out<bool>& maintenance)
    : sc_module(name), cpu_(cpu), lrs_(num_list_registers), virq_(virq), vfiq_(vfiq), maintenance_(maintenance),
      bank_(report_type, gich::decode_size) {
    assert(num_list_registers >= 1 && num_list_registers <= max_list_registers);
    declare_registers();
    SC_HAS_PROCESS(virtual_interface);
    SC_METHOD(drive_outputs);
    sensitive << drive_event_;
    dont_initialize();
}

void virtual_interface::declare_registers() {
    using vp::bus_access;
    bank_.declare_timeless_reads(true); // no GICH read has a side effect or depends on time
    bank_.add({"GICH_HCR", gich::HCR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(hcr_.raw()); },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   hcr_ = hypervisor_control::from_raw(merge(hcr_.raw(), v, m));
                   update();
               }});
    bank_.add({"GICH_VTR", gich::VTR, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return uint64_t(vtr()); },
               nullptr});
    bank_.add({"GICH_VMCR", gich::VMCR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(vmcr_.vmcr()); },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   vmcr_ = virtual_machine_control::from_vmcr(merge(vmcr_.vmcr(), v, m));
                   update();
               }});
    bank_.add({"GICH_MISR", gich::MISR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(misr()); }, nullptr});
    bank_.add({"GICH_EISR", gich::EISR0, 4, 2, SIZES_32,
               [this](unsigned i, const bus_access&) { return (eisr() >> (32 * i)) & 0xFFFFFFFFu; }, nullptr});
    bank_.add({"GICH_ELRSR", gich::ELRSR0, 4, 2, SIZES_32,
               [this](unsigned i, const bus_access&) { return (elrsr() >> (32 * i)) & 0xFFFFFFFFu; }, nullptr});
    bank_.add({"GICH_APR", gich::APR, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return uint64_t(apr_); },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   apr_ = merge(apr_, v, m);
                   update();
               }});
    // Only implemented list registers are declared: the offsets of the others
    // are reserved, RAZ/WI (IHI 0048B 5.3, GICH_LRn), reported once by the bank.
    bank_.add({"GICH_LR", gich::LR0, 4, num_list_registers(), SIZES_32,
               [this](unsigned i, const bus_access&) { return uint64_t(lrs_[i].raw()); },
               [this](unsigned i, uint64_t v, uint64_t m, const bus_access&) {
                   write_lr(i, merge(lrs_[i].raw(), v, m));
               }});
}

void virtual_interface::set_lr(unsigned n, list_register value) {
    lrs_.at(n) = value; // an index out of range is a model bug: throws
}

void virtual_interface::write_lr(unsigned n, uint32_t value) {
    const list_register lr(value);
    if (lr.hw() && lr.state() == lr_state::pending_active) {
        // IHI 0048B 5.3 (GICH_LRn): with HW == 1 the pending state is held by the
        // distributor; this encoding must not be used. We keep it as written.
        std::ostringstream msg;
        msg << "GICH_LR" << n << " written with HW=1 and State=pending+active (0x" << std::hex << value
            << "): UNPREDICTABLE, model keeps the state as written";
        warn_once("lr-hw-pending-active", msg.str());
    }
    if (lr.valid() && lr.virtual_id() >= first_special_id) {
        warn_once("lr-special-id", "GICH_LR" + std::to_string(n) + " written with VirtualID " +
                                       std::to_string(lr.virtual_id()) +
                                       " (a special ID): UNPREDICTABLE, never signalled or acknowledged");
    }
    lrs_[n] = lr;
    update();
}

uint32_t virtual_interface::vtr() const {
    // IHI 0048B 5.3 (GICH_VTR): PRIbits[31:29] and PREbits[28:26] hold (bits - 1),
    // ListRegs[5:0] holds (number of list registers - 1).
    return uint32_t(virtual_priority_bits - 1) << 29 | uint32_t(virtual_preemption_bits - 1) << 26 |
           uint32_t(num_list_registers() - 1);
}

uint64_t virtual_interface::eisr() const {
    uint64_t bits = 0;
    for (unsigned n = 0; n < lrs_.size(); ++n)
        if (!lrs_[n].valid() && !lrs_[n].hw() && lrs_[n].eoi())
            bits |= uint64_t(1) << n;
    return bits;
}

uint64_t virtual_interface::elrsr() const {
    uint64_t bits = 0;
    for (unsigned n = 0; n < lrs_.size(); ++n)
        if (!lrs_[n].valid() && (lrs_[n].hw() || !lrs_[n].eoi()))
            bits |= uint64_t(1) << n;
    return bits;
}

uint32_t virtual_interface::misr() const {
    // IHI 0048B 5.3, GICH_MISR and the GICH_HCR enables.
    unsigned valid = 0;
    bool any_pending = false;
    for (const list_register& lr : lrs_) {
        valid += lr.valid() ? 1 : 0;
        any_pending = any_pending || lr.state() == lr_state::pending; // NP counts State == 01 only
    }
    uint32_t m = 0;
    if (eisr() != 0)
        m |= misr::eoi;
    if (hcr_.uie && valid <= 1)
        m |= misr::underflow;
    if (hcr_.lrenpie && hcr_.eoi_count != 0)
        m |= misr::lrenp;
    if (hcr_.npie && !any_pending)
        m |= misr::no_pending;
    if (hcr_.vgrp0eie && vmcr_.enable_grp0)
        m |= misr::vgrp0e;
    if (hcr_.vgrp0die && !vmcr_.enable_grp0)
        m |= misr::vgrp0d;
    if (hcr_.vgrp1eie && vmcr_.enable_grp1)
        m |= misr::vgrp1e;
    if (hcr_.vgrp1die && !vmcr_.enable_grp1)
        m |= misr::vgrp1d;
    return m;
}

uint8_t virtual_interface::running_priority() const {
    return gic::running_priority(&apr_, 1, virtual_preemption_bits);
}

std::optional<unsigned> virtual_interface::highest_pending(bool check_preemption) const {
    std::optional<unsigned> best;
    for (unsigned n = 0; n < lrs_.size(); ++n) {
        const list_register& lr = lrs_[n];
        if (lr.state() != lr_state::pending || !vmcr_.group_enabled(lr.group1()))
            continue;
        if (lr.virtual_id() >= first_special_id)
            continue; // special IDs cannot be acknowledged (see write_lr)
        if (lr.priority() >= vmcr_.pmr())
            continue;
        if (!best || lr.priority() < lrs_[*best].priority()) // ties: lowest n
            best = n;
    }
    if (best && check_preemption) {
        // Preemption by group priority against the running priority
        // (IHI 0048B 3.3.3, 5.4 "the virtual CPU interface ... as GICC").
        const list_register& lr = lrs_[*best];
        if (vmcr_.group_priority(lr.priority(), lr.group1()) >= running_priority())
            return std::nullopt;
    }
    return best;
}

std::optional<unsigned> virtual_interface::find_active(unsigned id, unsigned cpuid) const {
    for (unsigned n = 0; n < lrs_.size(); ++n) {
        const list_register& lr = lrs_[n];
        if (!lr.is_active() || lr.virtual_id() != id)
            continue;
        if (!lr.hw() && id < first_ppi_id && lr.cpuid() != cpuid)
            continue; // an SGI is identified by its ID and its source CPU
        return n;
    }
    return std::nullopt;
}

bool virtual_interface::drop_priority() {
    if (apr_ == 0)
        return false;
    apr_ &= apr_ - 1; // the highest active priority is the lowest set bit
    return true;
}

void virtual_interface::update() {
    // Every state change ends here: tell observers (VCD tracing) once per delta.
    if (state_events_ && (sc_core::sc_get_status() & (sc_core::SC_RUNNING | sc_core::SC_PAUSED)))
        state_changed.notify(sc_core::SC_ZERO_TIME);
    output_levels next;
    if (hcr_.en) {
        if (const auto n = highest_pending(true)) {
            // Group 0 signals as vFIQ when GICV_CTLR.FIQEn (IHI 0048B 5.4, GICV_CTLR).
            if (!lrs_[*n].group1() && vmcr_.fiq_en)
                next.vfiq = true;
            else
                next.virq = true;
        }
        // The maintenance interrupt is a level: GICH_HCR.En && GICH_MISR != 0.
        next.maintenance = misr() != 0;
    }
    if (next == levels_)
        return;
    if (next.virq != levels_.virq || next.vfiq != levels_.vfiq)
        ++cpu_line_changes_;
    if (next.maintenance != levels_.maintenance)
        ++maintenance_changes_;
    levels_ = next;
    switch (sc_core::sc_get_status()) {
    case sc_core::SC_RUNNING:
        drive_event_.notify(); // same evaluation phase as the access
        break;
    case sc_core::SC_PAUSED:
        drive_outputs(); // from sc_main between sc_start calls: no process to wake
        break;
    default:
        drive_event_.notify(sc_core::SC_ZERO_TIME); // elaboration: ports may not be bound yet
        break;
    }
}

void virtual_interface::drive_outputs() {
    virq_.write(levels_.virq);
    vfiq_.write(levels_.vfiq);
    maintenance_.write(levels_.maintenance);
}

void virtual_interface::warn_once(const std::string& key, const std::string& message, const char* type) {
    const std::string prefix = "cpu " + std::to_string(cpu_) + ": ";
    vp::log::warning_once(type, prefix + key, prefix + message);
}

} // namespace vp::gic
