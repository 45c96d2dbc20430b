#include "gic/gic_params.h"

#include <sstream>

#include <systemc>

namespace vp::gic {

std::string gic_params::check() const {
    std::ostringstream msg;
    if (num_cpus < 1 || num_cpus > max_cpus)
        msg << "num_cpus = " << num_cpus << " is outside 1..8 (IHI 0048B 4.3.2, CPUNumber)";
    else if (num_interrupts < 32 || num_interrupts > 1024 || (num_interrupts % 32 != 0 && num_interrupts != max_intid))
        msg << "num_interrupts = " << num_interrupts
            << " must be a multiple of 32 in 32..1024, or 1020 (IHI 0048B 4.3.2, ITLinesNumber)";
    else if (priority_bits < 4 || priority_bits > 8)
        msg << "priority_bits = " << priority_bits << " is outside 4..8 (IHI 0048B 3.3)";
    else if (num_list_registers < 1 || num_list_registers > 64)
        msg << "num_list_registers = " << num_list_registers << " is outside 1..64 (IHI 0048B 5.3.2)";
    return msg.str();
}

void gic_params::validate() const {
    const std::string err = check();
    if (!err.empty())
        SC_REPORT_ERROR("gic/params", ("invalid GIC configuration: " + err).c_str());
}

} // namespace vp::gic
