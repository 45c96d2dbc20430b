// gic400: a GICv2 interrupt controller of the GIC-400 class (DDI 0471B) as
// one SystemC module: the distributor, one CPU interface per CPU, their TLM
// target sockets and interrupt lines.
//
// Sockets (all optional to bind):
//   gicd          4 KiB distributor frame; the accessing CPU comes from the
//                 cpu_index_extension (see gic/accessing_cpu.h without one)
//   gicc          8 KiB CPU interface frame (GICC_DIR at 0x1000), routed to the
//                 CPU interface of the accessing CPU (cpu_index_extension)
//   gicc_cpu[n]   8 KiB CPU interface frame of CPU n, for interconnects that
//                 give each CPU its own path
// Lines (sc_signal<bool> compatible, active high; every one may stay unbound):
//   irq[n], fiq[n]    outputs to CPU n
//   ppi_in(n, id)     PPI input INTID 16..31 of CPU n (optional)
//   spi_in(id)        SPI input INTID 32..num_interrupts-1 (optional)
// A transaction naming a CPU index >= num_cpus gets TLM_GENERIC_ERROR_RESPONSE.
#pragma once

#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "common/line_view_if.h"
#include "common/output_tie_off.h"
#include "gic/accessing_cpu.h"
#include "gic/cpu_interface.h"
#include "gic/distributor.h"
#include "gic/gic_params.h"
#include "gic/virtual_gic.h"

namespace vp::gic {

// An interrupt input that may be left unbound.
using line_in = sc_core::sc_port<sc_core::sc_signal_in_if<bool>, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;

class gic400 : public sc_core::sc_module {
public:
    using target_socket = tlm_utils::simple_target_socket_optional<gic400>;
    using cpu_target_socket = tlm_utils::simple_target_socket_tagged_optional<gic400>;

    target_socket gicd;
    target_socket gicc;
    sc_core::sc_vector<cpu_target_socket> gicc_cpu;
    sc_core::sc_vector<sc_core::sc_out<bool>> irq;
    sc_core::sc_vector<sc_core::sc_out<bool>> fiq;
    // Virtualization extensions (IHI 0048B chapter 5), owned by virtual_gic:
    //   gich   8 KiB: GICH of the accessing CPU at 0, CPU n alias at 0x1000 + 0x200*n
    //   gicv   8 KiB: GICV of the accessing CPU (GICV_DIR at 0x1000)
    //   virq_line(n), vfiq_line(n)  virtual interrupt lines to CPU n (signals
    //                 owned here, so a GIC used without virtualization binds nothing;
    //                 bind the CPU's inputs to them)
    // Each CPU's maintenance interrupt is wired inside to PPI 25 of that CPU.

    explicit gic400(sc_core::sc_module_name name, const gic_params& params = {});

    line_in& ppi_in(unsigned cpu, unsigned intid);
    line_in& spi_in(unsigned intid);
    // Any process may drive it (the virtual interface writes it from whichever
    // CPU's access changed its state), hence SC_MANY_WRITERS.
    using maintenance_signal = sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS>;
    maintenance_signal& maintenance_line(unsigned cpu) { return maintenance_[cpu]; }
    sc_core::sc_signal<bool>& virq_line(unsigned cpu) { return virq_[cpu]; }
    sc_core::sc_signal<bool>& vfiq_line(unsigned cpu) { return vfiq_[cpu]; }

    distributor& dist() { return distributor_; }
    // The state_changed events of the distributor and the virtual interfaces
    // (on by default; a board turns them off unless something observes them).
    void set_state_events(bool on);
    bool state_events() const { return state_events_; }
    // For a board's line_view_if (common/line_view_if.h): the levels CPU
    // `cpu`'s irq/fiq/virq/vfiq outputs carry once the drive methods ran,
    // and a count of the changes to every other output or internal line
    // (other CPUs' lines, the maintenance interrupts). Only GIC register
    // accesses are accounted for: a change of an input line reaches the GIC
    // through its sampling methods anyway.
    // Inline below: a CPU asks for them around every GIC access.
    cpu_line_levels levels_of(unsigned cpu) const;
    uint64_t foreign_line_changes(unsigned cpu) const;
    cpu_interface& cpu_if(unsigned cpu) { return cpu_ifs_[cpu]; }
    virtual_gic& virtualization() { return virtual_; }
    const gic_params& params() const { return params_; }

private:
    void gicd_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned gicd_transport_dbg(tlm::tlm_generic_payload& trans);
    void gicc_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned gicc_transport_dbg(tlm::tlm_generic_payload& trans);
    void gicc_cpu_b_transport(int cpu, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned gicc_cpu_transport_dbg(int cpu, tlm::tlm_generic_payload& trans);
    bool valid_cpu(tlm::tlm_generic_payload& trans, unsigned cpu);

    void before_end_of_elaboration() override; // ties off unbound irq/fiq
    void end_of_elaboration() override; // spawns one sampling method per bound input
    void sample_ppi(unsigned cpu, unsigned intid);

    static const gic_params& checked(const gic_params& p);

    const gic_params params_;
    distributor distributor_;
    sc_core::sc_vector<cpu_interface> cpu_ifs_;
    sc_core::sc_vector<line_in> ppi_ports_; // [cpu * 16 + intid - 16]
    sc_core::sc_vector<line_in> spi_ports_; // [intid - 32]
    sc_core::sc_vector<maintenance_signal> maintenance_;
    sc_core::sc_vector<sc_core::sc_signal<bool>> virq_, vfiq_;
    virtual_gic virtual_;

public:
    // The virtualization extensions' bus frames (declared after virtual_, which owns them).
    decltype(virtual_gic::gich)& gich;
    decltype(virtual_gic::gicv)& gicv;

private:
    output_tie_off tie_off_;
    accessing_cpu gicd_cpu_, gicc_cpu_;
    bool state_events_ = true;
};

inline cpu_line_levels gic400::levels_of(unsigned cpu) const {
    const auto& v = virtual_.interface(cpu);
    cpu_line_levels l;
    l.irq = cpu_ifs_[cpu].irq_level();
    l.fiq = cpu_ifs_[cpu].fiq_level();
    l.virq = v.virq_level();
    l.vfiq = v.vfiq_level();
    return l;
}

inline uint64_t gic400::foreign_line_changes(unsigned cpu) const {
    uint64_t n = 0;
    for (unsigned c = 0; c < params_.num_cpus; ++c) {
        const auto& v = virtual_.interface(c);
        n += v.maintenance_changes();
        if (c != cpu)
            n += cpu_ifs_[c].output_changes() + v.cpu_line_changes();
    }
    return n;
}

} // namespace vp::gic
