#include "log_systemc.h"

#include <iostream>
#include <string>

#include <systemc>

#include "log.h"

namespace vp::log {

namespace {

const char* severity_name(sc_core::sc_severity s) {
    switch (s) {
    case sc_core::SC_INFO: return "info";
    case sc_core::SC_WARNING: return "warning";
    case sc_core::SC_ERROR: return "error";
    case sc_core::SC_FATAL: return "fatal";
    default: return "report";
    }
}

void stderr_handler(const sc_core::sc_report& r, const sc_core::sc_actions& actions) {
    if (actions & sc_core::SC_DISPLAY) {
        const std::string line = std::string("vp: ") + severity_name(r.get_severity()) + ": " + r.get_msg_type() +
                                 ": " + r.get_msg() + '\n';
        std::cerr << line << std::flush;
    }
    // Logging to a file, stopping, throwing, aborting: SystemC's own handler.
    sc_core::sc_report_handler::default_handler(r, actions & ~sc_core::sc_actions(sc_core::SC_DISPLAY));
}

void systemc_sink(level l, std::string_view cat, const std::string& text) {
    const std::string type(cat);
    switch (l) {
    case level::error: std::cerr << "vp: error: " + type + ": " + text + '\n' << std::flush; break;
    case level::warning: SC_REPORT_WARNING(type.c_str(), text.c_str()); break;
    case level::info:
    case level::debug: SC_REPORT_INFO_VERB(type.c_str(), text.c_str(), sc_core::SC_LOW); break;
    }
}

} // namespace

void route_to_systemc() {
    set_sink(systemc_sink);
    sc_core::sc_report_handler::set_handler(stderr_handler);
}

} // namespace vp::log
