// state_probe: mirrors the distributor state of chosen interrupts into
// sc_signals so a platform can trace them to VCD (line level, pending,
// active of INTID n as seen by one CPU's bank). It reads the distributor's
// side-effect-free queries whenever `distributor::state_changed` fires, so
// the signals change at the same simulated time as the state (one delta
// later) and never drive anything.
//
//   vp::gic::state_probe probe("probe", gic.dist(), {26, 27, 30}, 0);
//   probe.trace(tf); // <name>.intid27_line / _pending / _active
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "gic/distributor.h"

namespace vp::gic {

class state_probe : public sc_core::sc_module {
public:
    struct signals {
        unsigned intid;
        sc_core::sc_signal<bool> line, pending, active;
        explicit signals(unsigned id);
    };

    state_probe(sc_core::sc_module_name name, const distributor& dist, std::vector<unsigned> intids,
                unsigned cpu = 0);

    // Adds every probe signal to `tf` as <module name>.intid<n>_<what>.
    void trace(sc_core::sc_trace_file* tf) const;
    const signals& probe(unsigned intid) const; // SC_REPORT_ERROR if not probed
    const std::vector<std::unique_ptr<signals>>& all() const { return signals_; }

private:
    void sample();

    const distributor& dist_;
    const unsigned cpu_;
    std::vector<std::unique_ptr<signals>> signals_;
};

} // namespace vp::gic
