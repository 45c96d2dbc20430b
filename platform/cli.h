// Command line of the `vp` executable (Boost.Program_options).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

namespace vp::platform {

struct options {
    std::string firmware;                       // ELF to load
    std::string vcd;                            // VCD file to write ("" = no tracing)
    std::vector<unsigned> trace_irqs{26, 27, 30}; // INTIDs whose distributor state is traced
    std::optional<sc_core::sc_time> max_time;   // stop after this much simulated time
    sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US);
    double cpu_freq_hz = 1e9;                   // one instruction per cycle
    double timer_freq_hz = 62.5e6;              // system counter (QEMU virt: 62.5 MHz)
    unsigned cpus = 1;
    bool quiet = false;
};

// Parses "5s", "200ms", "10us", "3ns", "7ps" (integer or decimal number, then
// a unit). Throws std::invalid_argument with a readable message.
sc_core::sc_time parse_time(const std::string& text);

// Parses "100MHz", "1GHz", "62.5MHz", "1000000" (Hz). Throws std::invalid_argument.
double parse_frequency(const std::string& text);

// Outcome of parsing: options, or "exit now with this code" (after --help or
// an error, which has been printed to the given stream).
struct parse_result {
    options opts;
    std::optional<int> exit_code;
};

parse_result parse_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

} // namespace vp::platform
