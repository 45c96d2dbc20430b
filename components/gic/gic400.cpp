#include "gic/gic400.h"

#include <cassert>
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

    SC_HAS_PROCESS(gic400);
    SC_METHOD(sample_ppis);
    for (auto& p : ppi_ports_)
        sensitive << p;
    for (auto& m : maintenance_)
        sensitive << m;
    SC_METHOD(sample_spis);
    for (auto& p : spi_ports_)
        sensitive << p;
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

void gic400::end_of_elaboration() {
    for (unsigned i = 0; i < ppi_ports_.size(); ++i)
        if (ppi_ports_[i].size() > 0)
            bound_ppis_.push_back(i);
    for (unsigned i = 0; i < spi_ports_.size(); ++i)
        if (spi_ports_[i].size() > 0)
            bound_spis_.push_back(i);
}

// Lines are levels: each activation applies the current level of every input
// (the distributor ignores unchanged ones), in a fixed order.
void gic400::sample_ppis() {
    constexpr unsigned per_cpu = first_spi - first_ppi;
    for (unsigned cpu = 0; cpu < params_.num_cpus; ++cpu) {
        bool level[per_cpu] = {};
        level[maintenance_ppi - first_ppi] = maintenance_[cpu].read();
        for (unsigned i : bound_ppis_)
            if (i / per_cpu == cpu && ppi_ports_[i]->read())
                level[i % per_cpu] = true;
        for (unsigned n = 0; n < per_cpu; ++n)
            distributor_.set_ppi_line(cpu, first_ppi + n, level[n]);
    }
}

void gic400::sample_spis() {
    for (unsigned i : bound_spis_)
        distributor_.set_spi_line(first_spi + i, spi_ports_[i]->read());
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
