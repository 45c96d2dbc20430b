// Which CPU's banked view a bus access to a GIC frame (GICD, GICC, GICH,
// GICV) uses: the vp::cpu_index_extension it carries (docs/architecture.md
// section 9). Without one, a GIC with a single CPU interface, or a debug
// access, uses CPU 0; a GIC with several cannot tell which CPU's registers
// are meant, so the access gets TLM_GENERIC_ERROR_RESPONSE and the first one
// per frame is logged as an error (vp::log), naming the frame and the
// missing extension.
#pragma once

#include <optional>
#include <string>

#include <tlm>

#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::gic {

class accessing_cpu {
public:
    // `frame` names the frame in the report ("gic.gicd").
    explicit accessing_cpu(std::string frame) : frame_(std::move(frame)) {}

    // The CPU index, or nullopt after setting the error response.
    std::optional<unsigned> of(tlm::tlm_generic_payload& trans, unsigned num_cpus, bool debug) {
        if (const auto* ext = trans.get_extension<cpu_index_extension>())
            return ext->cpu;
        return without_extension(trans, num_cpus, debug);
    }

    static constexpr const char* report_type = "gic/cpu_index";

private:
    // Out of the bus path (it builds the report).
    [[gnu::noinline]] std::optional<unsigned> without_extension(tlm::tlm_generic_payload& trans, unsigned num_cpus, bool debug) {
        if (num_cpus == 1 || debug)
            return 0u;
        if (vp::log::first(report_type, frame_))
            vp::log::error(report_type, frame_ + ": access without a vp::cpu_index_extension in a GIC with " +
                                            std::to_string(num_cpus) +
                                            " CPU interfaces (which CPU's banked registers?): "
                                            "TLM_GENERIC_ERROR_RESPONSE; the interconnect or the CPU must attach "
                                            "the extension (common/cpu_index_extension.h)");
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return std::nullopt;
    }

    std::string frame_;
};

} // namespace vp::gic
