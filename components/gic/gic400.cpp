#include "gic/gic400.h"

#include <cassert>
#include <functional>
#include <string>

#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::gic {

const gic_params& gic400::checked(const gic_params& p) {
    p.validate();
    return p;
}

gic400::gic400(sc_core::sc_module_name name, const gic_params& params)
    : sc_module(name), gicd("gicd"), gicc("gicc"), gicc_cpu("gicc_cpu", checked(params).num_cpus),
      irq("irq", params.num_cpus), fiq("fiq", params.num_cpus), params_(params),
      distributor_("distributor", params_), cpu_ifs_("cpu_interface"),
      ppi_ports_("ppi_in", params_.num_cpus * (first_spi - first_ppi)),
      spi_ports_("spi_in", params_.implemented_intids() - first_spi), maintenance_("maintenance", params_.num_cpus),
      virq_("virq", params_.num_cpus), vfiq_("vfiq", params_.num_cpus),
      virtual_("virtual", params_.num_cpus, params_.num_list_registers, distributor_), gich(virtual_.gich),
      gicv(virtual_.gicv), gicd_cpu_(std::string(this->name()) + ".gicd"),
      gicc_cpu_(std::string(this->name()) + ".gicc") {
    cpu_ifs_.init(params_.num_cpus, [this](const char* n, size_t cpu) {
        return new cpu_interface(n, distributor_, unsigned(cpu));
    });
    for (unsigned cpu = 0; cpu < params_.num_cpus; ++cpu) {
        cpu_ifs_[cpu].irq(irq[cpu]);
        cpu_ifs_[cpu].fiq(fiq[cpu]);
        virtual_.virq[cpu](virq_[cpu]);
        virtual_.vfiq[cpu](vfiq_[cpu]);
        virtual_.maintenance[cpu](maintenance_[cpu]);
        gicc_cpu[cpu].register_b_transport(this, &gic400::gicc_cpu_b_transport, int(cpu));
        gicc_cpu[cpu].register_transport_dbg(this, &gic400::gicc_cpu_transport_dbg, int(cpu));
    }
    gicd.register_b_transport(this, &gic400::gicd_b_transport);
    gicd.register_transport_dbg(this, &gic400::gicd_transport_dbg);
    gicc.register_b_transport(this, &gic400::gicc_b_transport);
    gicc.register_transport_dbg(this, &gic400::gicc_transport_dbg);

}

// The input level of a PPI; PPI 25 is the maintenance line ORed with an
// external PPI 25 input if one is bound.
void gic400::sample_ppi(unsigned cpu, unsigned intid) {
    const auto& port = ppi_ports_[cpu * (first_spi - first_ppi) + (intid - first_ppi)];
    bool level = port.size() > 0 && port->read();
    if (intid == maintenance_ppi)
        level = level || maintenance_[cpu].read();
    distributor_.set_ppi_line(cpu, intid, level);
}

void gic400::set_state_events(bool on) {
    state_events_ = on;
    distributor_.set_state_events(on);
    for (unsigned cpu = 0; cpu < params_.num_cpus; ++cpu)
        virtual_.interface(cpu).set_state_events(on);
}

line_in& gic400::ppi_in(unsigned cpu, unsigned intid) {
    if (cpu >= params_.num_cpus || intid < first_ppi || intid >= first_spi)
        SC_REPORT_ERROR("gic/gic400", ("ppi_in(" + std::to_string(cpu) + ", " + std::to_string(intid) +
                                       "): no such PPI input (INTID 16..31, CPU < num_cpus)")
                                          .c_str());
    return ppi_ports_[cpu * (first_spi - first_ppi) + (intid - first_ppi)];
}

line_in& gic400::spi_in(unsigned intid) {
    if (intid < first_spi || intid >= params_.implemented_intids())
        SC_REPORT_ERROR("gic/gic400", ("spi_in(" + std::to_string(intid) + "): no such SPI input (INTID 32.." +
                                       std::to_string(params_.implemented_intids() - 1) + ")")
                                          .c_str());
    return spi_ports_[intid - first_spi];
}

void gic400::before_end_of_elaboration() {
    tie_off_.tie_off_all(irq);
    tie_off_.tie_off_all(fiq);
}

// One method per bound input, woken only by its own line: a level change
// costs one distributor update, whatever the number of CPUs and inputs.
// Unbound inputs stay low (the distributor's reset level). Each method also
// runs once at start, applying the initial level.
void gic400::end_of_elaboration() {
    constexpr unsigned per_cpu = first_spi - first_ppi;
    auto spawn = [](const std::string& name, const sc_core::sc_event& ev, std::function<void()> fn) {
        sc_core::sc_spawn_options opts;
        opts.spawn_method();
        opts.set_sensitivity(&ev);
        sc_core::sc_spawn(std::move(fn), name.c_str(), &opts);
    };
    for (unsigned i = 0; i < ppi_ports_.size(); ++i) {
        if (ppi_ports_[i].size() == 0)
            continue;
        const unsigned cpu = i / per_cpu, intid = first_ppi + i % per_cpu;
        spawn("sample_ppi_" + std::to_string(cpu) + "_" + std::to_string(intid), ppi_ports_[i]->value_changed_event(),
              [this, cpu, intid] { sample_ppi(cpu, intid); });
    }
    for (unsigned cpu = 0; cpu < params_.num_cpus; ++cpu)
        spawn("sample_maintenance_" + std::to_string(cpu), maintenance_[cpu].value_changed_event(),
              [this, cpu] { sample_ppi(cpu, maintenance_ppi); });
    for (unsigned i = 0; i < spi_ports_.size(); ++i) {
        if (spi_ports_[i].size() == 0)
            continue;
        auto& port = spi_ports_[i];
        spawn("sample_spi_" + std::to_string(first_spi + i), port->value_changed_event(),
              [this, i, &port] { distributor_.set_spi_line(first_spi + i, port->read()); });
    }
}

bool gic400::valid_cpu(tlm::tlm_generic_payload& trans, unsigned cpu) {
    if (cpu < params_.num_cpus)
        return true;
    vp::log::warning_once("gic/gic400", std::string(name()) + ":bad-cpu",
                          std::string(name()) + ": access with CPU index " + std::to_string(cpu) + " but only " +
                              std::to_string(params_.num_cpus) + " CPU interfaces: error response");
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return false;
}

void gic400::gicd_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const auto cpu = gicd_cpu_.of(trans, params_.num_cpus, false);
    if (cpu && valid_cpu(trans, *cpu))
        distributor_.b_transport(trans, delay, *cpu);
}

unsigned gic400::gicd_transport_dbg(tlm::tlm_generic_payload& trans) {
    const auto cpu = gicd_cpu_.of(trans, params_.num_cpus, true);
    return cpu && valid_cpu(trans, *cpu) ? distributor_.transport_dbg(trans, *cpu) : 0;
}

void gic400::gicc_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const auto cpu = gicc_cpu_.of(trans, params_.num_cpus, false);
    if (cpu && valid_cpu(trans, *cpu))
        cpu_ifs_[*cpu].b_transport(trans, delay);
}

unsigned gic400::gicc_transport_dbg(tlm::tlm_generic_payload& trans) {
    const auto cpu = gicc_cpu_.of(trans, params_.num_cpus, true);
    return cpu && valid_cpu(trans, *cpu) ? cpu_ifs_[*cpu].transport_dbg(trans) : 0;
}

void gic400::gicc_cpu_b_transport(int cpu, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    cpu_ifs_[unsigned(cpu)].b_transport(trans, delay);
}

unsigned gic400::gicc_cpu_transport_dbg(int cpu, tlm::tlm_generic_payload& trans) {
    return cpu_ifs_[unsigned(cpu)].transport_dbg(trans);
}

} // namespace vp::gic
