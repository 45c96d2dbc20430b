#include "cli.h"

#include <cmath>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <boost/program_options.hpp>

namespace po = boost::program_options;

namespace vp::platform {

namespace {

// Splits "<number><suffix>"; the number may be decimal.
std::pair<double, std::string> split_number(const std::string& text, const char* what) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        throw std::invalid_argument(std::string("invalid ") + what + " '" + text + "'");
    }
    if (!std::isfinite(value) || value < 0)
        throw std::invalid_argument(std::string("invalid ") + what + " '" + text + "'");
    return {value, text.substr(used)};
}

std::vector<unsigned> parse_irq_list(const std::string& text) {
    std::vector<unsigned> irqs;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        size_t used = 0;
        unsigned long v = 0;
        try {
            v = std::stoul(item, &used, 0);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size() || v >= 1020)
            throw std::invalid_argument("invalid INTID '" + item + "' in --trace-irq (0..1019)");
        irqs.push_back(unsigned(v));
    }
    return irqs;
}

} // namespace

sc_core::sc_time parse_time(const std::string& text) {
    auto [value, unit] = split_number(text, "time");
    static const struct {
        const char* name;
        double ps;
    } units[] = {{"s", 1e12}, {"ms", 1e9}, {"us", 1e6}, {"ns", 1e3}, {"ps", 1}};
    for (const auto& u : units)
        if (unit == u.name) {
            const double ps = value * u.ps;
            if (ps >= 1.8e19) // sc_time holds 2^64 ps (about 213 days)
                throw std::invalid_argument("time '" + text + "' is too large");
            return sc_core::sc_time(ps, sc_core::SC_PS);
        }
    throw std::invalid_argument("invalid time '" + text + "': use a unit s, ms, us, ns or ps (e.g. 200ms)");
}

double parse_frequency(const std::string& text) {
    auto [value, unit] = split_number(text, "frequency");
    double scale = 0;
    if (unit.empty() || unit == "Hz")
        scale = 1;
    else if (unit == "kHz")
        scale = 1e3;
    else if (unit == "MHz")
        scale = 1e6;
    else if (unit == "GHz")
        scale = 1e9;
    else
        throw std::invalid_argument("invalid frequency '" + text + "': use Hz, kHz, MHz or GHz (e.g. 62.5MHz)");
    if (value * scale < 1)
        throw std::invalid_argument("frequency '" + text + "' must be at least 1 Hz");
    return value * scale;
}

parse_result parse_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
    parse_result result;
    options& o = result.opts;
    std::string max_time, quantum, cpu_freq, timer_freq, trace_irq;

    po::options_description desc(
        "vp: an ARM GICv2 + generic timer virtual platform (QEMU virt memory map)\n"
        "usage: vp --firmware FILE.elf [options]\n\noptions");
    desc.add_options()
        ("help,h", "print this help and exit")
        ("firmware,f", po::value(&o.firmware)->value_name("ELF"), "AArch64 ELF to load and run at EL2")
        ("vcd", po::value(&o.vcd)->value_name("FILE"), "write a VCD trace of interrupt lines and list registers")
        ("trace-irq", po::value(&trace_irq)->value_name("LIST"),
         "INTIDs whose distributor state goes to the VCD (default 26,27,30)")
        ("max-time", po::value(&max_time)->value_name("TIME"), "stop after this simulated time (e.g. 5s, 200ms)")
        ("quantum", po::value(&quantum)->value_name("TIME"), "CPU temporal-decoupling quantum (default 1us)")
        ("cpu-freq", po::value(&cpu_freq)->value_name("FREQ"), "CPU clock, one instruction per cycle (default 1GHz)")
        ("timer-freq", po::value(&timer_freq)->value_name("FREQ"), "system counter frequency (default 62.5MHz)")
        ("cpus", po::value(&o.cpus)->value_name("N"), "number of CPUs, 1..8 (default 1)")
        ("quiet,q", po::bool_switch(&o.quiet), "no summary at the end");
    po::positional_options_description pos;
    pos.add("firmware", 1);

    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(desc).positional(pos).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            out << desc << "\nexit codes: the firmware's semihosting exit code; 2 bad command line or\n"
                           "firmware file; 3 --max-time reached; 4 internal error; 5 simulation\n"
                   "idle (every CPU waits for an interrupt that nothing will raise)\n";
            result.exit_code = 0;
            return result;
        }
        if (o.firmware.empty())
            throw std::invalid_argument("no firmware given (--firmware FILE.elf)");
        if (!max_time.empty())
            o.max_time = parse_time(max_time);
        if (!quantum.empty())
            o.quantum = parse_time(quantum);
        if (o.quantum == sc_core::SC_ZERO_TIME)
            throw std::invalid_argument("--quantum must be greater than zero");
        if (!cpu_freq.empty())
            o.cpu_freq_hz = parse_frequency(cpu_freq);
        if (!timer_freq.empty())
            o.timer_freq_hz = parse_frequency(timer_freq);
        if (!trace_irq.empty())
            o.trace_irqs = parse_irq_list(trace_irq);
        if (o.cpus < 1 || o.cpus > 8)
            throw std::invalid_argument("--cpus must be between 1 and 8");
    } catch (const std::exception& e) {
        err << "vp: " << e.what() << " (try --help)\n";
        result.exit_code = 2;
    }
    return result;
}

} // namespace vp::platform
