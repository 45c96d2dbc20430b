#include "gic/virtual_cpu_interface.h"

#include <sstream>

namespace vp::gic {

namespace {

uint32_t merge(uint32_t old, uint64_t value, uint64_t mask) {
    return uint32_t((old & ~mask) | (value & mask));
}

std::string hex(uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

} // namespace

virtual_cpu_interface::virtual_cpu_interface(virtual_interface& state, physical_gic_if& physical)
    : state_(state), physical_(physical), bank_(report_type, gicv::frame_size) {
    declare_registers();
}

void virtual_cpu_interface::declare_registers() {
    using vp::bus_access;
    bank_.declare_timeless_reads(true); // all but the acknowledges (GICV_IAR, GICV_AIAR)
    // GICV_CTLR/PMR/BPR/ABPR are views of GICH_VMCR (IHI 0048B 5.3, GICH_VMCR).
    auto write_vmcr = [this](auto change) {
        virtual_machine_control c = state_.vmcr();
        change(c);
        state_.set_vmcr(c);
        state_.update();
    };
    bank_.add({"GICV_CTLR", gicv::CTLR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.vmcr().ctlr()); },
               [write_vmcr](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_vmcr([&](virtual_machine_control& c) { c.set_ctlr(merge(c.ctlr(), v, m)); });
               }});
    bank_.add({"GICV_PMR", gicv::PMR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.vmcr().pmr()); },
               [write_vmcr](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_vmcr([&](virtual_machine_control& c) { c.set_pmr(merge(c.pmr(), v, m)); });
               }});
    bank_.add({"GICV_BPR", gicv::BPR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.vmcr().bpr); },
               [write_vmcr](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_vmcr([&](virtual_machine_control& c) { c.set_bpr(merge(c.bpr, v, m)); });
               }});
    bank_.add({"GICV_IAR", gicv::IAR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access& a) { return uint64_t(acknowledge(false, a.debug)); }, nullptr})
        .read_side_effects = true;
    bank_.add({"GICV_EOIR", gicv::EOIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const bus_access&) { end_of_interrupt(uint32_t(v), false); }});
    bank_.add({"GICV_RPR", gicv::RPR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.running_priority()); }, nullptr});
    bank_.add({"GICV_HPPIR", gicv::HPPIR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(highest_pending_id(false)); }, nullptr});
    bank_.add({"GICV_ABPR", gicv::ABPR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.vmcr().abpr); },
               [write_vmcr](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_vmcr([&](virtual_machine_control& c) { c.set_abpr(merge(c.abpr, v, m)); });
               }});
    bank_.add({"GICV_AIAR", gicv::AIAR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access& a) { return uint64_t(acknowledge(true, a.debug)); }, nullptr})
        .read_side_effects = true;
    bank_.add({"GICV_AEOIR", gicv::AEOIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const bus_access&) { end_of_interrupt(uint32_t(v), true); }});
    bank_.add({"GICV_AHPPIR", gicv::AHPPIR, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(highest_pending_id(true)); }, nullptr});
    // GICV_APR0 is GICH_APR (IHI 0048B 5.4); GICV_APR1..3 are reserved with
    // 5 preemption bits.
    bank_.add({"GICV_APR", gicv::APR0, 4, 1, SIZES_32,
               [this](unsigned, const bus_access&) { return uint64_t(state_.apr()); },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   state_.set_apr(merge(state_.apr(), v, m));
                   state_.update();
               }});
    bank_.add({"GICV_IIDR", gicv::IIDR, 4, 1, SIZES_32,
               [](unsigned, const bus_access&) { return uint64_t(gicv::iidr_value); }, nullptr});
    bank_.add({"GICV_DIR", gicv::DIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const bus_access&) { deactivate_interrupt(uint32_t(v)); }});
}

uint32_t virtual_cpu_interface::interrupt_id(unsigned n) const {
    const list_register lr = state_.lr(n);
    uint32_t id = lr.virtual_id();
    if (!lr.hw() && id < first_ppi_id)
        id |= lr.cpuid() << 10;
    return id;
}

uint32_t virtual_cpu_interface::acknowledge(bool aliased, bool debug) {
    // GICH_HCR.En == 0: the virtual CPU interface signals nothing and
    // acknowledges nothing (IHI 0048B 5.3, GICH_HCR).
    if (!state_.hcr().en)
        return spurious_id;
    const auto n = state_.highest_pending(true);
    if (!n)
        return spurious_id;
    const list_register lr = state_.lr(*n);
    if (aliased && !lr.group1())
        return spurious_id; // GICV_AIAR acknowledges Group 1 only
    if (!aliased && lr.group1() && !state_.vmcr().ack_ctl)
        return spurious_group1_id; // IHI 0048B 4.4.4, Secure read with AckCtl == 0
    const uint32_t id = interrupt_id(*n);
    if (debug)
        return id;
    // Acknowledge: pending -> active, and the group priority becomes active
    // (one GICH_APR bit per preemption level, IHI 0048B 5.3, GICH_APR).
    state_.set_lr(*n, lr.with_state(lr_state::active));
    const uint8_t group_priority = state_.vmcr().group_priority(lr.priority(), lr.group1());
    state_.set_apr(state_.apr() | (1u << apr_bit(group_priority, virtual_preemption_bits)));
    state_.update();
    return id;
}

uint32_t virtual_cpu_interface::highest_pending_id(bool aliased) const {
    // As GICV_IAR but without the running-priority check: the highest
    // priority pending interrupt above the priority mask.
    if (!state_.hcr().en)
        return spurious_id;
    const auto n = state_.highest_pending(false);
    if (!n)
        return spurious_id;
    const list_register lr = state_.lr(*n);
    if (aliased && !lr.group1())
        return spurious_id;
    if (!aliased && lr.group1() && !state_.vmcr().ack_ctl)
        return spurious_group1_id;
    return interrupt_id(*n);
}

void virtual_cpu_interface::end_of_interrupt(uint32_t value, bool aliased) {
    const unsigned id = value & 0x3FFu;
    const unsigned cpuid = (value >> 10) & 7u;
    if (id >= first_special_id)
        return; // EOI of a special ID is ignored (IHI 0048B 3.2.5)
    const char* reg = aliased ? "GICV_AEOIR" : "GICV_EOIR";
    const auto n = state_.find_active(id, cpuid);
    if (n) {
        const list_register lr = state_.lr(*n);
        if (aliased && !lr.group1()) {
            warn_once("aeoir-group0", std::string(reg) + " of Group 0 interrupt " + std::to_string(id) +
                                          ": UNPREDICTABLE, ignored");
            return;
        }
        if (!aliased && lr.group1() && !state_.vmcr().ack_ctl)
            warn_once("eoir-group1-ackctl0", "GICV_EOIR of Group 1 interrupt " + std::to_string(id) +
                                                 " with AckCtl == 0: UNPREDICTABLE, completed as if AckCtl == 1");
    }
    // Priority drop, always (IHI 0048B 5.4, GICV_EOIR).
    const bool dropped = state_.drop_priority();
    if (!state_.vmcr().eoi_mode) {
        if (n) {
            if (!dropped)
                warn_once("eoi-no-apr", std::string(reg) + " " + hex(value) +
                                            " with no active priority: deactivating anyway");
            deactivate_lr(*n);
        } else if (dropped) {
            // "EOIs that do not clear a bit in GICH_APR do not cause an
            // increment" (IHI 0048B 5.3, GICH_HCR.EOICount).
            state_.increment_eoi_count();
        } else {
            warn_once("eoi-nothing", std::string(reg) + " " + hex(value) +
                                         " matches no active list register and no active priority: ignored");
        }
    }
    state_.update();
}

void virtual_cpu_interface::deactivate_interrupt(uint32_t value) {
    const unsigned id = value & 0x3FFu;
    const unsigned cpuid = (value >> 10) & 7u;
    if (id >= first_special_id)
        return;
    if (!state_.vmcr().eoi_mode) {
        // IHI 0048B 4.4.15 for GICC_DIR: UNPREDICTABLE with EOImode == 0.
        warn_once("dir-eoimode0", "GICV_DIR " + hex(value) + " while GICV_CTLR.EOImode == 0: UNPREDICTABLE, ignored");
        return;
    }
    if (const auto n = state_.find_active(id, cpuid))
        deactivate_lr(*n);
    else
        state_.increment_eoi_count(); // IHI 0048B 5.4, GICV_DIR: not in the list registers
    state_.update();
}

void virtual_cpu_interface::deactivate_lr(unsigned n) {
    const list_register lr = state_.lr(n);
    state_.set_lr(n, lr.with_state(lr.is_pending() ? lr_state::pending : lr_state::invalid));
    if (!lr.hw())
        return; // with EOI == 1 the now invalid LR shows in GICH_EISR
    // IHI 0048B 5.3, GICH_LRn.HW: the deactivation is forwarded to the
    // distributor for PhysicalID, on the CPU that performed it.
    const unsigned pintid = lr.physical_id();
    if (pintid < first_ppi_id || pintid >= first_special_id) {
        warn_once("hw-pintid-" + std::to_string(pintid),
                  "GICH_LR" + std::to_string(n) + " HW=1 with PhysicalID " + std::to_string(pintid) +
                      " (SGI or special ID): UNPREDICTABLE, no physical deactivation sent");
        return;
    }
    physical_.deactivate(pintid, cpu());
}

} // namespace vp::gic
