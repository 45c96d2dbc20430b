#include "gic/virtual_gic.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::gic {

virtual_gic::virtual_gic(sc_core::sc_module_name name, unsigned num_cpus, unsigned num_list_registers,
                         physical_gic_if& physical)
    : sc_module(name), gich("gich"), gicv("gicv"), virq("virq"), vfiq("vfiq"), maintenance("maintenance") {
    // A bad configuration is the integrator's error: reported as an error
    // (which throws by default); if the report handler lets it pass, the
    // model clamps to the nearest valid value.
    if (num_cpus < 1 || num_cpus > max_cpus) {
        SC_REPORT_ERROR(virtual_interface::report_type, "num_cpus must be 1..8 (GICv2)");
        num_cpus = std::clamp(num_cpus, 1u, max_cpus);
    }
    if (num_list_registers < 1 || num_list_registers > max_list_registers) {
        SC_REPORT_ERROR(virtual_interface::report_type, "num_list_registers must be 1..64 (GICH_VTR.ListRegs)");
        num_list_registers = std::clamp(num_list_registers, 1u, max_list_registers);
    }
    virq.init(num_cpus);
    vfiq.init(num_cpus);
    maintenance.init(num_cpus);
    for (unsigned cpu = 0; cpu < num_cpus; ++cpu) {
        const std::string name = "cpu" + std::to_string(cpu);
        interfaces_.push_back(std::make_unique<virtual_interface>(name.c_str(), cpu, num_list_registers, virq[cpu],
                                                                  vfiq[cpu], maintenance[cpu]));
        cpu_interfaces_.push_back(std::make_unique<virtual_cpu_interface>(*interfaces_.back(), physical));
    }
    gich.register_b_transport(this, &virtual_gic::gich_b_transport);
    gich.register_transport_dbg(this, &virtual_gic::gich_transport_dbg);
    gicv.register_b_transport(this, &virtual_gic::gicv_b_transport);
    gicv.register_transport_dbg(this, &virtual_gic::gicv_transport_dbg);
}

void virtual_gic::warn_once(const std::string& key, const std::string& message) {
    vp::log::warning_once(virtual_interface::report_type, std::string(name()) + key, message);
}

bool virtual_gic::no_such_cpu(unsigned cpu, const char* frame) {
    warn_once(std::string("cpu-") + frame + std::to_string(cpu),
              std::string(frame) + " access from CPU " + std::to_string(cpu) + ", but only " +
                  std::to_string(num_cpus()) + " CPU interfaces exist: address error");
    return false;
}

virtual_gic::gich_route virtual_gic::route_gich(uint64_t address, unsigned length, unsigned accessing_cpu) {
    gich_route r;
    if (address >= gich_window || length > gich_window - address) {
        r.status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        return r;
    }
    if (address < gich_alias_base) {
        // The frame of the accessing CPU (DDI 0471: GICH at 0x4000).
        if (address + length > gich_alias_base || !accessing_cpu_exists(accessing_cpu, "GICH"))
            r.status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        r.cpu = accessing_cpu;
        r.offset = address;
        return r;
    }
    // Alias frames, CPU n at 0x1000 + 0x200 * n (DDI 0471: 0x5000 + 0x200 * n).
    const uint64_t rel = address - gich_alias_base;
    r.cpu = unsigned(rel / gich::frame_size);
    r.offset = rel % gich::frame_size;
    if (r.offset + length > gich::frame_size) {
        r.status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        return r;
    }
    if (r.cpu >= num_cpus()) {
        r.exists = false;
        warn_once("alias-" + std::to_string(r.cpu), "GICH alias frame of CPU " + std::to_string(r.cpu) +
                                                         ", which does not exist: RAZ/WI");
    }
    return r;
}

template <typename Access>
auto virtual_gic::forward(tlm::tlm_generic_payload& trans, uint64_t offset, Access access) {
    const uint64_t address = trans.get_address();
    trans.set_address(offset);
    auto result = access();
    trans.set_address(address);
    return result;
}

std::optional<unsigned> virtual_gic::gich_accessing_cpu(tlm::tlm_generic_payload& trans, bool debug) {
    // Only the frame of the accessing CPU needs to know who accesses; the
    // alias frames name their CPU by address.
    if (trans.get_address() >= gich_alias_base)
        return 0u;
    return gich_cpu_.of(trans, num_cpus(), debug);
}

void virtual_gic::gich_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    // Wholly inside the accessing CPU's frame (a hypervisor's every access):
    // what route_gich answers there, without the route.
    const uint64_t address = trans.get_address();
    if (address < gich_alias_base && trans.get_data_length() <= gich_alias_base - address) {
        const auto own = gich_cpu_.of(trans, num_cpus(), false);
        if (!own)
            return;
        if (!accessing_cpu_exists(*own, "GICH")) {
            trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        interfaces_[*own]->gich_bank().b_transport(trans, delay, *own);
        return;
    }
    const auto cpu = gich_accessing_cpu(trans, false);
    if (!cpu)
        return;
    const gich_route r = route_gich(trans.get_address(), trans.get_data_length(), *cpu);
    if (r.status != tlm::TLM_OK_RESPONSE) {
        trans.set_response_status(r.status);
        return;
    }
    if (!r.exists) {
        if (trans.is_read())
            std::memset(trans.get_data_ptr(), 0, trans.get_data_length());
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    register_bank& bank = interfaces_[r.cpu]->gich_bank();
    forward(trans, r.offset, [&] {
        bank.b_transport(trans, delay, r.cpu);
        return 0;
    });
}

unsigned virtual_gic::gich_transport_dbg(tlm::tlm_generic_payload& trans) {
    const auto cpu = gich_accessing_cpu(trans, true);
    if (!cpu)
        return 0;
    const gich_route r = route_gich(trans.get_address(), trans.get_data_length(), *cpu);
    if (r.status != tlm::TLM_OK_RESPONSE) {
        trans.set_response_status(r.status);
        return 0;
    }
    if (!r.exists) {
        if (!trans.is_read()) {
            trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return 0;
        }
        std::memset(trans.get_data_ptr(), 0, trans.get_data_length());
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return trans.get_data_length();
    }
    register_bank& bank = interfaces_[r.cpu]->gich_bank();
    return forward(trans, r.offset, [&] { return bank.transport_dbg(trans, r.cpu); });
}

void virtual_gic::gicv_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const auto accessing = gicv_cpu_.of(trans, num_cpus(), false);
    if (!accessing)
        return;
    const unsigned cpu = *accessing;
    if (!accessing_cpu_exists(cpu, "GICV")) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    cpu_interfaces_[cpu]->bank().b_transport(trans, delay, cpu);
}

unsigned virtual_gic::gicv_transport_dbg(tlm::tlm_generic_payload& trans) {
    const auto accessing = gicv_cpu_.of(trans, num_cpus(), true);
    if (!accessing)
        return 0;
    const unsigned cpu = *accessing;
    if (!accessing_cpu_exists(cpu, "GICV")) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    return cpu_interfaces_[cpu]->bank().transport_dbg(trans, cpu);
}

} // namespace vp::gic
