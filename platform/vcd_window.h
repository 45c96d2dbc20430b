// When `vp --vcd` writes (--vcd-start, --vcd-stop; parsed in cli.cpp, applied
// by vcd_tracer): from a simulated time or from the first time an interrupt
// event happens, to an absolute time or for a duration after the start.
#pragma once

#include <optional>
#include <string>

#include <systemc>

namespace vp::platform {

struct vcd_window {
    enum class trigger {
        time,  // at `start`
        irq,   // INTID `intid` first pending in the distributor (any CPU)   "irq:ID"
        lr_hw, // a list register first holds HW = 1, pINTID `intid`, state  "lr-hw:ID"
               // not Invalid (any CPU): a hypervisor injecting it
    };
    trigger start_on = trigger::time;
    sc_core::sc_time start = sc_core::SC_ZERO_TIME;
    unsigned intid = 0;
    std::optional<sc_core::sc_time> stop; // absolute, or after the start if stop_after_start
    bool stop_after_start = false;
    std::string start_text = "0";         // the --vcd-start value, for messages
};

} // namespace vp::platform
