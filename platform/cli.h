// Command line and config file of the `vp` executable (Boost.Program_options;
// Debian packages no SystemC CCI implementation).
//
// Every option can be given on the command line (`--cpus 2`) or in a config
// file named by `--config FILE`, one `name = value` per line with the long
// option name (`cpus = 2`, `#` starts a comment); the command line wins.
// `vp --help` lists every option with its default.
//
// Adding an option: a field in `options` (or in board_config for a board
// parameter, board.h) and one line in describe_options() in cli.cpp; checks
// that need several values go in finish() there (or board_config::check()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "board.h"
#include "vcd_window.h"
#include "common/log.h"

namespace vp::platform {

struct options {
    board_config board;                         // every board parameter (board.h)
    std::string firmware;                       // bare-metal ELF (every CPU starts at its entry)
    std::string kernel, initrd, append, bios;   // Linux / boot loader (boot.h)
    std::string dtb, dump_dtb;                  // user DTB in; generated DTB out (then exit)
    std::string serial = "stdio";               // UART: stdio, null or an output FILE
    bool serial_explicit = false;               // --serial given (stdin then read for --firmware too)
    std::string vcd;                            // VCD file to write ("" = no tracing)
    platform::vcd_window vcd_window;            // --vcd-start/--vcd-stop
    std::vector<unsigned> trace_irqs{26, 27, 30}; // INTIDs whose distributor state is traced
    std::optional<sc_core::sc_time> max_time;   // stop after this much simulated time
    bool quiet = false;
    std::optional<uint16_t> gdb_port;           // --gdb PORT: GDB remote stub on 127.0.0.1
    bool gdb_wait = false;                      // --gdb-wait: hold the CPUs until GDB attaches
    std::string trace;                          // --trace CATEGORIES (exec,int,mmio,sysreg)
    std::string trace_file;                     // --trace-file FILE ("" = stderr)
    vp::log::level log_level = vp::log::level::warning;
    unsigned log_cap = 20;                      // lines per log category (0: no cap)
    uint64_t exception_loop_limit = 100000;     // repeats that stop a stuck CPU (0: never)
};

// Parses "5s", "200ms", "10us", "3ns", "7ps" (integer or decimal number, then
// a unit). Throws std::invalid_argument with a readable message.
sc_core::sc_time parse_time(const std::string& text);

// --vcd-start: a time ("950ms"), "irq:ID" or "lr-hw:ID" (vcd_window.h).
// Throws std::invalid_argument.
vcd_window parse_vcd_start(const std::string& text);

// --vcd-stop into `w`: a time ("952ms") or "+TIME" after the window's start.
// Throws std::invalid_argument.
void parse_vcd_stop(const std::string& text, vcd_window& w);

// Parses "100MHz", "1GHz", "62.5MHz", "1000000" (Hz). Throws std::invalid_argument.
double parse_frequency(const std::string& text);

// Parses a byte count: "128MiB", "4GiB", "64KiB", "512M", "1G", "4096" (bytes).
// Throws std::invalid_argument.
uint64_t parse_size(const std::string& text);

// Parses an address or count: decimal, or hex with 0x. Throws std::invalid_argument.
uint64_t parse_u64(const std::string& text);

// Outcome of parsing: options, or "exit now with this code" (after --help or
// an error, which has been printed to the given stream).
struct parse_result {
    options opts;
    std::optional<int> exit_code;
};

parse_result parse_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

} // namespace vp::platform
