#include "gic/state_probe.h"

#include <string>

namespace vp::gic {

namespace {
std::string signal_name(unsigned intid, const char* what) {
    return "intid" + std::to_string(intid) + "_" + what;
}
} // namespace

state_probe::signals::signals(unsigned id)
    : intid(id), line(signal_name(id, "line").c_str()), pending(signal_name(id, "pending").c_str()),
      active(signal_name(id, "active").c_str()) {}

state_probe::state_probe(sc_core::sc_module_name name, const distributor& dist, std::vector<unsigned> intids,
                         unsigned cpu)
    : sc_module(name), dist_(dist), cpu_(cpu) {
    if (cpu >= dist.params().num_cpus)
        SC_REPORT_ERROR("gic/state_probe", ("CPU " + std::to_string(cpu) + " has no bank to probe").c_str());
    for (unsigned id : intids) {
        if (!dist.implemented(id))
            SC_REPORT_ERROR("gic/state_probe", ("INTID " + std::to_string(id) + " is not implemented").c_str());
        signals_.push_back(std::make_unique<signals>(id));
    }
    SC_HAS_PROCESS(state_probe);
    SC_METHOD(sample); // also runs at initialisation: signals start from the reset state
    sensitive << dist.state_changed;
}

void state_probe::sample() {
    for (auto& s : signals_) {
        s->line.write(dist_.line_level(s->intid, cpu_));
        s->pending.write(dist_.pending(s->intid, cpu_));
        s->active.write(dist_.active(s->intid, cpu_));
    }
}

void state_probe::trace(sc_core::sc_trace_file* tf) const {
    for (const auto& s : signals_) {
        sc_core::sc_trace(tf, s->line, s->line.name());
        sc_core::sc_trace(tf, s->pending, s->pending.name());
        sc_core::sc_trace(tf, s->active, s->active.name());
    }
}

const state_probe::signals& state_probe::probe(unsigned intid) const {
    for (const auto& s : signals_)
        if (s->intid == intid)
            return *s;
    SC_REPORT_ERROR("gic/state_probe", ("INTID " + std::to_string(intid) + " is not probed").c_str());
    return *signals_.front(); // not reached: SC_REPORT_ERROR throws by default
}

} // namespace vp::gic
