#include "cli.h"

#include "debug/trace.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <boost/program_options.hpp>

#include "exit_status.h"

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

// A decimal integer in [lo, hi], the whole text.
uint64_t parse_count(const std::string& text, uint64_t lo, uint64_t hi) {
    bool ok = !text.empty() && text.size() <= 19;
    for (char c : text)
        ok = ok && c >= '0' && c <= '9';
    const uint64_t v = ok ? std::stoull(text) : 0;
    if (!ok || v < lo || v > hi)
        throw std::invalid_argument("'" + text + "' is not an integer in " + std::to_string(lo) + ".." +
                                    std::to_string(hi));
    return v;
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

vcd_window parse_vcd_start(const std::string& text) {
    vcd_window w;
    w.start_text = text;
    for (const auto& [prefix, trigger] : {std::pair{"irq:", vcd_window::trigger::irq},
                                          std::pair{"lr-hw:", vcd_window::trigger::lr_hw}}) {
        const std::string p = prefix;
        if (text.compare(0, p.size(), p) != 0)
            continue;
        const std::string id = text.substr(p.size());
        try {
            w.intid = unsigned(parse_count(id, 0, 1019));
        } catch (const std::invalid_argument&) {
            throw std::invalid_argument("--vcd-start " + text + ": INTID '" + id + "' is not an integer in 0..1019");
        }
        w.start_on = trigger;
        return w;
    }
    try {
        w.start = parse_time(text);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--vcd-start: " + std::string(e.what()) +
                                    "; or a trigger irq:ID or lr-hw:ID (e.g. lr-hw:27)");
    }
    return w;
}

void parse_vcd_stop(const std::string& text, vcd_window& w) {
    const bool relative = !text.empty() && text[0] == '+';
    try {
        w.stop = parse_time(relative ? text.substr(1) : text);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--vcd-stop: " + std::string(e.what()) + "; or +TIME after the start (e.g. +2ms)");
    }
    w.stop_after_start = relative;
    if (relative && *w.stop == sc_core::SC_ZERO_TIME)
        throw std::invalid_argument("--vcd-stop " + text + ": the window must last longer than zero");
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

uint64_t parse_u64(const std::string& text) {
    size_t used = 0;
    unsigned long long v = 0;
    try {
        if (!text.empty() && text[0] != '-' && text[0] != '+')
            v = std::stoull(text, &used, 0);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size())
        throw std::invalid_argument("invalid number '" + text + "' (decimal, or hex with 0x)");
    return v;
}

uint64_t parse_size(const std::string& text) {
    auto [value, unit] = split_number(text, "size");
    static const struct {
        const char* name;
        double bytes;
    } units[] = {{"", 1},         {"B", 1},         {"K", 1024.0},    {"KiB", 1024.0}, {"M", 1048576.0},
                 {"MiB", 1048576.0}, {"G", 1073741824.0}, {"GiB", 1073741824.0}};
    for (const auto& u : units)
        if (unit == u.name) {
            const double bytes = value * u.bytes;
            if (bytes >= 1.8e19 || bytes != std::floor(bytes))
                throw std::invalid_argument("size '" + text + "' is not a whole number of bytes below 2^64");
            return uint64_t(bytes);
        }
    throw std::invalid_argument("invalid size '" + text + "': use B, KiB, MiB or GiB (e.g. 128MiB)");
}

namespace {

// Defaults as --help shows them, in the syntax the parsers accept.
std::string format_frequency(double hz) {
    static const std::pair<double, const char*> units[] = {{1e9, "GHz"}, {1e6, "MHz"}, {1e3, "kHz"}};
    std::ostringstream s;
    s << std::setprecision(12);
    for (const auto& [scale, name] : units)
        if (hz >= scale) {
            s << hz / scale << name;
            return s.str();
        }
    s << hz << "Hz";
    return s.str();
}

std::string format_time(const sc_core::sc_time& t) {
    const double ps = t.to_seconds() * 1e12;
    static const std::pair<double, const char*> units[] = {{1e12, "s"}, {1e9, "ms"}, {1e6, "us"}, {1e3, "ns"}};
    std::ostringstream s;
    s << std::setprecision(12);
    for (const auto& [scale, name] : units)
        if (ps >= scale) {
            s << ps / scale << name;
            return s.str();
        }
    s << ps << "ps";
    return s.str();
}

std::string format_size(uint64_t bytes) {
    static const std::pair<uint64_t, const char*> units[] = {{1ull << 30, "GiB"}, {1ull << 20, "MiB"}, {1ull << 10, "KiB"}};
    for (const auto& [scale, name] : units)
        if (bytes >= scale && bytes % scale == 0)
            return std::to_string(bytes / scale) + name;
    return std::to_string(bytes);
}

std::string format_hex(uint64_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::setw(8) << std::setfill('0') << v;
    return s.str();
}

// An option given as text, turned into `target` by `parse` (which throws
// std::invalid_argument on bad input); --help shows `shown` as its default.
// The text is checked while it is stored, so an error names the option.
template <class Parse>
class parsed_value : public po::typed_value<std::string> {
public:
    explicit parsed_value(Parse parse) : po::typed_value<std::string>(nullptr), parse_(parse) {}
    void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
        po::typed_value<std::string>::xparse(store, tokens);
        try {
            parse_(boost::any_cast<const std::string&>(store));
        } catch (const std::invalid_argument& e) {
            throw po::error_with_option_name(std::string("%canonical_option%: ") + e.what());
        }
    }

private:
    Parse parse_;
};

template <class T, class Parse>
po::typed_value<std::string>* parsed(T& target, const char* value_name, const std::string& shown, Parse parse) {
    auto* v = new parsed_value<Parse>(parse);
    v->value_name(value_name)->default_value(shown)->notifier(
        [&target, parse](const std::string& text) { target = parse(text); });
    return v;
}

template <class T>
po::typed_value<T>* number(T& target, const char* value_name) {
    return po::value<T>(&target)->value_name(value_name)->default_value(target);
}

po::typed_value<std::string>* address(uint64_t& target) {
    return parsed(target, "ADDR", format_hex(target), parse_u64);
}

// The one table of options. `run` = what to run and how to observe it; the
// others are board parameters (board_config).
struct option_groups {
    po::options_description run{"run"};
    po::options_description board{"board"};
    po::options_description gic{"GIC (IHI 0048B)"};
    po::options_description map{"memory map (defaults: QEMU virt)"};
    po::options_description debug{"debugging"};
};

psci_conduit parse_psci_conduit(const std::string& text) {
    if (text == "smc") return psci_conduit::smc;
    if (text == "hvc") return psci_conduit::hvc;
    if (text == "none") return psci_conduit::none;
    throw std::invalid_argument("'" + text + "': use smc, hvc or none");
}

// Option values checked in finish() (they depend on other options).
struct deferred {
    std::string trace_irq, max_time, secondaries, vcd_start, vcd_stop;
};

void describe_options(option_groups& g, options& o, deferred& d) {
    board_config& b = o.board;
    g.run.add_options()
        ("help,h", "print this help and exit")
        ("config,c", po::value<std::string>()->value_name("FILE"),
         "read options from FILE, one 'name = value' a line (long names without --); the command line wins")
        ("firmware,f", po::value(&o.firmware)->value_name("ELF"),
         "bare-metal AArch64 ELF: load, start every CPU at its entry at EL2 (no DTB)")
        ("kernel", po::value(&o.kernel)->value_name("FILE"),
         "ELF or raw arm64 Linux Image; CPU 0 starts at EL2 with X0 = DTB address")
        ("initrd", po::value(&o.initrd)->value_name("FILE"), "initial ramdisk for --kernel (named in /chosen)")
        ("append", po::value(&o.append)->value_name("ARGS"), "kernel command line (/chosen bootargs)")
        ("bios", po::value(&o.bios)->value_name("FILE"),
         "raw image in flash at 0, started there with the DTB at the start of RAM (as QEMU -bios)")
        ("dtb", po::value(&o.dtb)->value_name("FILE"), "use this DTB instead of the generated one")
        ("dump-dtb", po::value(&o.dump_dtb)->value_name("FILE"), "write the board's DTB to FILE and exit")
        ("serial", po::value(&o.serial)->value_name("stdio|null|FILE")->default_value(o.serial),
         "UART output to stdout (and input from stdin), nowhere, or to FILE")
        ("vcd", po::value(&o.vcd)->value_name("FILE")->notifier([](const std::string& f) {
             if (f.empty()) throw std::invalid_argument("--vcd needs a file name");
         }),
         "write a VCD trace of interrupt lines and list registers")
        ("vcd-start", po::value(&d.vcd_start)->value_name("TIME|irq:ID|lr-hw:ID"),
         "start the VCD at this simulated time (e.g. 950ms), or when INTID ID first becomes pending in the "
         "distributor (irq:27), or when a list register first holds HW=1 with pINTID ID (lr-hw:27); "
         "vp prints the time it started (default: 0)")
        ("vcd-stop", po::value(&d.vcd_stop)->value_name("TIME|+TIME"),
         "stop the VCD at this simulated time, or +TIME after its start (e.g. +2ms); default: end of run")
        ("trace-irq", po::value(&d.trace_irq)->value_name("LIST")->default_value("26,27,30"),
         "INTIDs whose distributor state goes to the VCD")
        ("max-time", po::value(&d.max_time)->value_name("TIME")->notifier([&o](const std::string& t) {
             o.max_time = parse_time(t); // also when empty: an error, not "no limit"
             if (*o.max_time == sc_core::SC_ZERO_TIME)
                 throw std::invalid_argument("--max-time must be greater than zero");
         }),
         "stop after this simulated time (e.g. 5s, 200ms)")
        ("quiet,q", po::bool_switch(&o.quiet), "no summary at the end, errors only")
        ("log-level", parsed(o.log_level, "LEVEL", "warning",
                             [](const std::string& t) {
                                 vp::log::level l{};
                                 if (!vp::log::parse_level(t, l))
                                     throw std::invalid_argument("'" + t + "': use error, warning, info or debug");
                                 return l;
                             }),
         "messages on stderr: error, warning, info or debug")
        ("log-cap", parsed(o.log_cap, "N", std::to_string(o.log_cap),
                           [](const std::string& t) { return unsigned(parse_count(t, 0, 1000000)); }),
         "at most N lines per message category, the rest counted at the end (0: no cap)")
        ("exception-loop", parsed(o.exception_loop_limit, "N", std::to_string(o.exception_loop_limit),
                                  [](const std::string& t) { return parse_count(t, 0, 1000000000000ull); }),
         "stop (status 117) when a CPU takes the same exception N times in a row without progress (0: never)");
    g.board.add_options()
        ("cpus", number(b.cpus, "N"), "number of CPUs, 1..8")
        ("cpu-freq", parsed(b.cpu_freq_hz, "FREQ", format_frequency(b.cpu_freq_hz), parse_frequency),
         "CPU clock, one instruction per cycle")
        ("timer-freq", parsed(b.timer_freq_hz, "FREQ", format_frequency(double(b.timer_freq_hz)),
                              [](const std::string& t) {
                                  // Checked before the cast: 1e20 Hz must not become "0 Hz".
                                  const double hz = parse_frequency(t);
                                  if (hz > 4294967295.0 || hz != std::floor(hz))
                                      throw std::invalid_argument("'" + t + "' is not a whole number of Hz below "
                                                                            "2^32 (CNTFRQ_EL0 is 32 bits)");
                                  return uint64_t(hz);
                              }),
         "system counter frequency (CNTFRQ)")
        ("quantum", parsed(b.quantum, "TIME", format_time(b.quantum), parse_time),
         "CPU temporal-decoupling quantum")
        ("tlm-check", po::bool_switch(&b.tlm_check),
         "check the TLM-2.0 base protocol on every bus path (CPU to router, router to each target); "
         "a violation stops the run with exit code 4")
        ("psci", parsed(b.psci, "smc|hvc|none", "smc", parse_psci_conduit),
         "conduit of the platform's PSCI firmware (none: SMC is UNDEFINED, no EL3)")
        ("secondaries", po::value(&d.secondaries)->value_name("run|off"),
         "CPUs 1..n at reset: run from the entry, or off until PSCI CPU_ON (default: run with "
         "--firmware, off with --kernel/--bios)")
        ("ram", parsed(b.map.ram_size, "SIZE", format_size(b.map.ram_size), parse_size), "RAM size (e.g. 512MiB, 2GiB)");
    g.gic.add_options()
        ("gic-spis", po::value<unsigned>()->value_name("N")->default_value(b.gic.num_interrupts - gic::first_spi)
                         ->notifier([&b](unsigned n) { b.gic.num_interrupts = gic::first_spi + n; }),
         "shared peripheral interrupts (INTID 32 up): a multiple of 32, 32..992")
        ("gic-list-registers", number(b.gic.num_list_registers, "N"), "list registers per CPU interface, 1..64")
        ("gic-priority-bits", number(b.gic.priority_bits, "N"), "implemented priority bits, 4..8")
        ("gic-ppi-trigger-programmable",
         po::value(&b.gic.ppi_trigger_programmable)->value_name("BOOL")->default_value(
             b.gic.ppi_trigger_programmable, b.gic.ppi_trigger_programmable ? "true" : "false"),
         "GICD_ICFGR1 writable (false: PPIs fixed level-sensitive)");
    g.map.add_options()
        ("map-ram", address(b.map.ram), "RAM base")
        ("map-uart", address(b.map.uart), "PL011 UART (4 KiB, SPI 33)")
        ("map-gicd", address(b.map.gicd), "GIC distributor (4 KiB)")
        ("map-gicc", address(b.map.gicc), "GIC CPU interface (8 KiB)")
        ("map-gich", address(b.map.gich), "GIC virtual interface control (8 KiB)")
        ("map-gicv", address(b.map.gicv), "GIC virtual CPU interface (8 KiB)")
        ("map-cnt-control", address(b.map.cnt_control), "system counter CNTControlBase (4 KiB)")
        ("map-cnt-read", address(b.map.cnt_read), "system counter CNTReadBase (4 KiB)")
        ("map-flash0", address(b.map.flash0), "flash bank 0 (64 MiB; --bios image)")
        ("map-flash1", address(b.map.flash1), "flash bank 1 (64 MiB)");
    g.debug.add_options()
        ("gdb", po::value<unsigned>()->value_name("PORT")->notifier([&o](unsigned port) {
             if (port > 65535) throw std::invalid_argument("--gdb PORT must be 0..65535");
             o.gdb_port = uint16_t(port);
         }),
         "GDB remote stub on 127.0.0.1:PORT (0: any free port, printed); one GDB thread per CPU")
        ("gdb-wait", po::bool_switch(&o.gdb_wait), "with --gdb: hold the CPUs until GDB attaches")
        ("trace", po::value(&o.trace)->value_name("LIST"),
         "comma-separated: exec (instructions, disassembled), int (exception entries/returns), "
         "mmio (device accesses by register name), sysreg (MRS/MSR by name), all")
        ("trace-file", po::value(&o.trace_file)->value_name("FILE"), "write the trace to FILE (default stderr)");
}

// Checks that involve more than one option, after every value is in.
void finish(options& o, const deferred& d) {
    const std::string& secondaries = d.secondaries;
    const int images = !o.firmware.empty() + !o.kernel.empty() + !o.bios.empty();
    if (images == 0 && o.dump_dtb.empty())
        throw std::invalid_argument("no firmware given (--firmware FILE.elf, --kernel or --bios)");
    if (images > 1)
        throw std::invalid_argument("give only one of --firmware, --kernel and --bios");
    if (!o.initrd.empty() && o.kernel.empty())
        throw std::invalid_argument("--initrd needs --kernel");
    if (secondaries == "off" || (secondaries.empty() && o.firmware.empty()))
        o.board.secondaries_off = true;
    else if (secondaries != "run" && !secondaries.empty())
        throw std::invalid_argument("--secondaries must be run or off");
    o.trace_irqs = parse_irq_list(d.trace_irq); // (max_time: parsed by its notifier)
    if (std::string e = o.board.check(); !e.empty())
        throw std::invalid_argument(e);
    if ((!d.vcd_start.empty() || !d.vcd_stop.empty()) && o.vcd.empty())
        throw std::invalid_argument(std::string(d.vcd_start.empty() ? "--vcd-stop" : "--vcd-start") +
                                    " needs --vcd FILE");
    if (!d.vcd_start.empty())
        o.vcd_window = parse_vcd_start(d.vcd_start);
    if (!d.vcd_stop.empty())
        parse_vcd_stop(d.vcd_stop, o.vcd_window);
    const vcd_window& w = o.vcd_window;
    if (w.start_on != vcd_window::trigger::time && w.intid >= o.board.gic.num_interrupts)
        throw std::invalid_argument("--vcd-start " + w.start_text + ": INTID " + std::to_string(w.intid) +
                                    " is not implemented (the GIC has INTIDs 0.." +
                                    std::to_string(o.board.gic.num_interrupts - 1) + "; see --gic-spis)");
    if (w.stop && !w.stop_after_start && w.start_on == vcd_window::trigger::time && *w.stop <= w.start)
        throw std::invalid_argument("--vcd-stop " + d.vcd_stop + " is not after --vcd-start " + w.start_text +
                                    " (use +TIME for a duration)");
    if (o.gdb_wait && !o.gdb_port)
        throw std::invalid_argument("--gdb-wait needs --gdb PORT");
    if (!o.trace.empty())
        debug::tracer::parse(o.trace); // throws on an unknown category
    if (!o.trace_file.empty() && o.trace.empty())
        throw std::invalid_argument("--trace-file needs --trace LIST");
}

} // namespace

parse_result parse_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
    parse_result result;
    options& o = result.opts;
    deferred d;
    option_groups g;
    describe_options(g, o, d);
    po::options_description all(
        "vp: an ARM GICv2 + generic timer virtual platform (QEMU virt memory map)\n"
        "usage: vp --firmware FILE.elf [options]\n"
        "       vp --kernel Image|ELF [--initrd FILE] [--append ARGS] [options]\n"
        "       vp --bios u-boot.bin [options]\n"
        "Every option also works in a --config file as 'name = value' (e.g. 'cpus = 2').\n"
        "VCD window: --vcd FILE --vcd-start 950ms --vcd-stop +2ms, or --vcd-start lr-hw:27\n"
        "Units: TIME 5s/200ms/1us/10ns, FREQ 62.5MHz/1GHz, SIZE 128MiB/4GiB, ADDR 0x40000000");
    all.add(g.run).add(g.board).add(g.gic).add(g.map).add(g.debug);
    po::positional_options_description pos;
    pos.add("firmware", 1);
    bool percent_in_input = false;

    try {
        for (int a = 1; a < argc; ++a)
            percent_in_input = percent_in_input || std::string(argv[a]).find('%') != std::string::npos;
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        if (vm.count("help")) {
            out << all << '\n' << exit_status::help_text;
            result.exit_code = 0;
            return result;
        }
        if (vm.count("config")) {
            const std::string path = vm["config"].as<std::string>();
            std::ifstream file(path);
            if (!file)
                throw std::invalid_argument("cannot read config file '" + path + "'");
            std::ostringstream text;
            text << file.rdbuf();
            percent_in_input = percent_in_input || text.str().find('%') != std::string::npos;
            std::istringstream config(text.str());
            // Values already given on the command line are kept (store() does
            // not overwrite), so the command line wins.
            po::store(po::parse_config_file(config, all), vm);
        }
        po::notify(vm);
        o.serial_explicit = !vm["serial"].defaulted();
        finish(o, d);
    } catch (const po::error_with_option_name& e) {
        // Boost builds this message by substituting "%canonical_option%"-style
        // tokens and loops for ever when the user's text holds such a token
        // (found by fuzz_cli): then name the option only.
        if (percent_in_input)
            err << "vp: invalid option or value (option '" << e.get_option_name() << "') (try --help)\n";
        else
            err << "vp: " << e.what() << " (try --help)\n";
        result.exit_code = exit_status::bad_command_line;
    } catch (const std::exception& e) {
        err << "vp: " << e.what() << " (try --help)\n";
        result.exit_code = exit_status::bad_command_line;
    }
    return result;
}

} // namespace vp::platform
