// vp: runs bare-metal firmware, a boot loader or a Linux kernel on the board
// (QEMU virt map, boot.h). Exit status: exit_status.h (the firmware's code as
// is, 0 after PSCI SYSTEM_OFF/SYSTEM_RESET; vp's own 112-127). When a run
// ends without the guest exiting it prints where every CPU stopped.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include <sstream>
#include <systemc>

#include <unistd.h>

#include "board.h"
#include "boot.h"
#include "common/log.h"
#include "common/log_systemc.h"
#include "debug/gdb_stub.h"
#include "debug/trace.h"
#include "cli.h"
#include "console_input.h"
#include "device_tree.h"
#include "exit_status.h"
#include "loader/elf_loader.h"
#include "tracing.h"

using namespace sc_core;

namespace {

namespace status = vp::platform::exit_status;

// Device registers are named in the trace from each device's register table.
void name_registers(vp::platform::board& b, vp::debug::tracer& t) {
    const auto& m = b.config().map;
    auto& gic = b.gic();
    t.add_registers(m.gicd, 0x1000, gic.dist().registers());
    t.add_registers(m.gicc, 0x2000, gic.cpu_if(0).registers());
    // GICH: the accessing CPU's frame at 0, CPU n's alias at 0x1000 + 0x200 * n.
    t.add_registers(m.gich, 0x2000, gic.virtualization().interface(0).gich_bank(), 0x200);
    t.add_registers(m.gicv, 0x2000, gic.virtualization().cpu_interface(0).bank());
    t.add_registers(m.uart, 0x1000, b.uart().registers());
    t.add_registers(m.cnt_control, 0x1000, b.counter().control_registers());
    t.add_registers(m.cnt_read, 0x1000, b.counter().read_registers());
}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// host: wall time of the simulation; cpu: its host CPU time (bench/vp_bench.py
// reads both: CPU time is less disturbed by other processes on the machine).
void print_summary(vp::platform::board& b, double host_seconds, double cpu_seconds, std::ostream& out) {
    uint64_t instructions = 0;
    for (unsigned c = 0; c < b.num_cpus(); ++c)
        instructions += b.cpu(c).instructions();
    out << "vp: simulated " << sc_time_stamp().to_seconds() * 1e3 << " ms, " << instructions << " instructions, host "
        << std::fixed << std::setprecision(3) << host_seconds << " s, " << std::setprecision(1)
        << (host_seconds > 0 ? double(instructions) / host_seconds / 1e6 : 0.0) << " MIPS, cpu " << std::setprecision(3)
        << cpu_seconds << " s\n";
    out.unsetf(std::ios::floatfield);
    if (b.config().tlm_check)
        out << "vp: tlm-check: " << vp::bus::protocol_checker_base::total_transactions()
            << " transactions checked, " << vp::bus::protocol_checker_base::total_errors() << " protocol errors\n";
    static const char* kinds[] = {"irq", "fiq", "virq", "vfiq"};
    for (unsigned c = 0; c < b.num_cpus(); ++c) {
        out << "vp: cpu" << c << " interrupts taken:";
        bool any = false;
        for (unsigned k = 0; k < unsigned(vp::cpu::irq_kind::count); ++k)
            for (unsigned el = 0; el <= 2; ++el) {
                const uint64_t n = b.cpu(c).interrupts_taken(vp::cpu::irq_kind(k), el);
                if (n) {
                    out << ' ' << kinds[k] << "@EL" << el << '=' << n;
                    any = true;
                }
            }
        out << (any ? "" : " none") << '\n';
    }
}

// Where the VCD window opened (a trigger's time is news to the user) and
// how big the file is; a window that never opened is worth a warning.
void report_vcd(const vp::platform::vcd_window& w, std::optional<sc_time> start, const std::string& path, bool quiet,
                std::ostream& out) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (!start) {
        out << "vp: warning: the VCD window (--vcd-start " << w.start_text << ") never opened: " << path
            << " holds no values\n";
        return;
    }
    if (quiet)
        return;
    auto ms = [](const sc_time& t) { // to the nanosecond, the VCD's unit
        std::ostringstream s;
        s << std::fixed << std::setprecision(6) << double(t.value() / sc_time(1, SC_NS).value()) / 1e6 << " ms";
        return s.str();
    };
    out << "vp: VCD " << path << ": from " << ms(*start);
    if (w.start_on != vp::platform::vcd_window::trigger::time)
        out << " (" << w.start_text << ")";
    if (w.stop)
        out << " to " << ms(w.stop_after_start ? *start + *w.stop : *w.stop);
    out << ", " << bytes << " bytes\n";
}

void report_exception_loop(unsigned cpu, const vp::cpu::core& core, uint64_t limit) {
    const auto& s = core.last_sync_exception();
    char line[320];
    std::snprintf(line, sizeof line,
                  "vp: cpu%u is stuck in an exception loop: the same exception taken %llu times in a row with no "
                  "progress: PC 0x%llx, taken to EL%u, ESR_EL%u 0x%llx (EC 0x%02llx), FAR_EL%u 0x%llx, vector 0x%llx\n",
                  cpu, static_cast<unsigned long long>(limit), static_cast<unsigned long long>(s.elr), s.el, s.el,
                  static_cast<unsigned long long>(s.esr), static_cast<unsigned long long>((s.esr >> 26) & 0x3f), s.el,
                  static_cast<unsigned long long>(s.far), static_cast<unsigned long long>(core.pc()));
    std::cerr << line;
}

// Where each CPU stopped: enough to see where a boot went wrong.
void print_where_stopped(vp::platform::board& b, std::ostream& out) {
    char line[320];
    for (unsigned c = 0; c < b.num_cpus(); ++c) {
        const vp::cpu::core& core = b.cpu(c).core();
        if (!b.cpu(c).powered()) {
            out << "vp: cpu" << c << " powered off\n";
            continue;
        }
        std::snprintf(line, sizeof line, "vp: cpu%u stopped at PC 0x%llx EL%u, %llu instructions", c,
                      static_cast<unsigned long long>(core.pc()), core.el(),
                      static_cast<unsigned long long>(core.instructions()));
        out << line;
        const auto describe = [&](const char* what, const vp::cpu::core::loop_signature& e) {
            std::snprintf(line, sizeof line, "%s: to EL%u from 0x%llx, ESR 0x%llx (EC 0x%02llx), FAR 0x%llx", what,
                          e.el, static_cast<unsigned long long>(e.elr), static_cast<unsigned long long>(e.esr),
                          static_cast<unsigned long long>((e.esr >> 26) & 0x3f),
                          static_cast<unsigned long long>(e.far));
            out << line;
        };
        if (core.last_sync_exception().el)
            describe("; last exception", core.last_sync_exception());
        else
            out << "; no exception taken";
        out << '\n';
        if (core.previous_sync_exception().el) {
            out << "vp: cpu" << c;
            describe(" exception before it", core.previous_sync_exception());
            out << '\n';
        }
    }
}

// An ostream that discards everything (--serial null).
struct null_stream : std::ostream {
    null_stream() : std::ostream(nullptr) {}
};

} // namespace

// SystemC prints its banner when the kernel starts unless this is set: set it
// here, before sc_elab_and_sim, so that vp's output is the guest's.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char* argv[]) {
    auto parsed = vp::platform::parse_command_line(argc, argv, std::cout, std::cerr);
    if (parsed.exit_code)
        return *parsed.exit_code;
    const auto& opts = parsed.opts;

    // Guest mistakes are warnings (bounded, on stderr: common/log.h); keep
    // SystemC's errors as exceptions.
    vp::log::route_to_systemc();
    vp::log::set_level(opts.quiet ? vp::log::level::error : opts.log_level);
    vp::log::set_cap(opts.log_cap);
    sc_report_handler::set_actions(SC_WARNING, opts.quiet ? SC_DO_NOTHING : SC_DISPLAY);
    sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING); // "simulation stopped by user"
    try {
        vp::platform::board_config cfg = opts.board;
        std::ofstream serial_file;
        null_stream serial_null;
        if (opts.serial == "null") {
            cfg.console = &serial_null;
        } else if (opts.serial != "stdio") {
            serial_file.open(opts.serial, std::ios::binary | std::ios::trunc);
            if (!serial_file) {
                std::cerr << "vp: --serial " << opts.serial << ": cannot open for writing\n";
                return status::bad_input_file;
            }
            cfg.console = &serial_file;
        }
        vp::platform::board board("board", cfg);
        for (unsigned c = 0; c < board.num_cpus(); ++c)
            board.cpu(c).core().set_exception_loop_limit(opts.exception_loop_limit);
        vp::platform::boot_options bo;
        bo.firmware = opts.firmware;
        bo.kernel = opts.kernel;
        bo.initrd = opts.initrd;
        bo.append = opts.append;
        bo.bios = opts.bios;
        bo.dtb = opts.dtb;
        try {
            std::vector<uint8_t> dtb;
            if (!opts.firmware.empty() || !opts.kernel.empty() || !opts.bios.empty())
                dtb = vp::platform::boot(board, bo).dtb;
            if (!opts.dump_dtb.empty()) {
                if (dtb.empty())
                    dtb = vp::platform::board_device_tree(board, bo);
                std::ofstream f(opts.dump_dtb, std::ios::binary | std::ios::trunc);
                f.write(reinterpret_cast<const char*>(dtb.data()), std::streamsize(dtb.size()));
                if (!f) {
                    std::cerr << "vp: --dump-dtb " << opts.dump_dtb << ": cannot write\n";
                    return status::bad_input_file;
                }
                return 0; // as QEMU's dumpdtb: write it and stop
            }
        } catch (const vp::loader::load_error& e) {
            std::cerr << "vp: " << e.what() << '\n';
            return status::bad_input_file;
        } catch (const vp::platform::device_tree_error& e) {
            std::cerr << "vp: " << e.what() << '\n';
            return status::bad_input_file;
        }
        // The UART receives stdin: with an explicit --serial stdio, and by
        // default for a boot loader or kernel (bare-metal firmware keeps
        // stdin alone so that a terminal does not keep it from going idle).
        std::unique_ptr<vp::platform::console_input> input;
        if (opts.serial == "stdio" && (opts.serial_explicit || opts.firmware.empty()))
            input = std::make_unique<vp::platform::console_input>("console_input", board.uart(), STDIN_FILENO);
        std::unique_ptr<vp::platform::vcd_tracer> tracer;
        if (!opts.vcd.empty()) {
            const std::string problem = vp::platform::vcd_tracer::check_writable(opts.vcd);
            if (!problem.empty()) {
                std::cerr << "vp: --vcd " << opts.vcd << ": " << problem << '\n';
                return status::bad_input_file;
            }
            tracer = std::make_unique<vp::platform::vcd_tracer>("trace", board, opts.vcd, opts.trace_irqs,
                                                                opts.vcd_window);
        }

        // --trace: its own stream (a file or stderr), never the guest console.
        std::ofstream trace_file;
        std::unique_ptr<vp::debug::tracer> cpu_trace;
        if (!opts.trace.empty()) {
            if (!opts.trace_file.empty()) {
                trace_file.open(opts.trace_file);
                if (!trace_file) {
                    std::cerr << "vp: cannot write trace file '" << opts.trace_file << "'\n";
                    return status::bad_input_file;
                }
            }
            cpu_trace = std::make_unique<vp::debug::tracer>(opts.trace_file.empty() ? std::cerr : trace_file);
            name_registers(board, *cpu_trace);
            const auto categories = vp::debug::tracer::parse(opts.trace);
            for (unsigned c = 0; c < board.num_cpus(); ++c)
                board.cpu(c).set_tracer(cpu_trace.get(), categories);
        }

        std::unique_ptr<vp::debug::gdb_stub> gdb;
        if (opts.gdb_port) {
            std::vector<vp::cpu::aarch64_cpu*> cpus;
            for (unsigned c = 0; c < board.num_cpus(); ++c)
                cpus.push_back(&board.cpu(c));
            try {
                gdb = std::make_unique<vp::debug::gdb_stub>(cpus, *opts.gdb_port, opts.gdb_wait);
            } catch (const std::runtime_error& e) {
                std::cerr << "vp: " << e.what() << '\n';
                return status::bad_command_line;
            }
        }

        const auto host_start = std::chrono::steady_clock::now();
        const double cpu_start = process_cpu_seconds();
        if (opts.max_time)
            sc_start(*opts.max_time);
        else
            sc_start();
        const double host_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
        const double cpu_seconds = process_cpu_seconds() - cpu_start;

        input.reset(); // the terminal back to normal before any message
        int code = 0;
        bool exited = false;
        using request = vp::platform::psci::request;
        if (board.psci().system_request() != request::none) {
            exited = true;
            if (board.psci().system_request() == request::system_reset)
                std::cerr << "vp: the guest asked for a system reset (PSCI SYSTEM_RESET): stopping, as QEMU -no-reboot\n";
        }
        for (unsigned c = 0; c < board.num_cpus() && !exited; ++c) {
            const vp::cpu::core& core = board.cpu(c).core();
            if (core.exception_loop()) {
                exited = true;
                report_exception_loop(c, core, opts.exception_loop_limit);
                print_where_stopped(board, std::cerr);
                code = status::exception_loop;
            }
        }
        for (unsigned c = 0; c < board.num_cpus() && !exited; ++c)
            if (board.cpu(c).exited()) {
                exited = true;
                const int guest = board.cpu(c).exit_code();
                code = status::from_guest(guest);
                if (code != guest)
                    std::cerr << "vp: the firmware exited with code " << guest << ", which exit status "
                              << status::guest_code_unrepresentable << " stands for (vp reserves "
                              << status::reserved_first << "-" << status::reserved_last << ")\n";
            }
        if (!exited) {
            if (opts.max_time && sc_time_stamp() >= *opts.max_time) {
                std::cerr << "vp: stopped at --max-time " << opts.max_time->to_string()
                          << ": the firmware did not exit\n";
                code = status::max_time_reached;
            } else {
                std::cerr << "vp: simulation idle at " << sc_time_stamp().to_string()
                          << ": no CPU can make progress and nothing is scheduled\n";
                code = status::idle_forever;
            }
            print_where_stopped(board, std::cerr);
        }
        if (gdb)
            gdb->simulation_ended(code);
        if (!opts.quiet)
            print_summary(board, host_seconds, cpu_seconds, std::cerr);
        vp::log::print_summary(std::cerr);
        if (tracer) {
            tracer->finish();
            const auto start = tracer->window_start();
            const std::string path = tracer->path();
            tracer.reset(); // close the VCD before the modules go
            report_vcd(opts.vcd_window, start, path, opts.quiet, std::cerr);
        }
        for (unsigned c = 0; c < board.num_cpus(); ++c)
            board.cpu(c).set_tracer(nullptr, {});
        cpu_trace.reset();
        if (sc_get_status() != SC_STOPPED)
            sc_stop();
        return code;
    } catch (const std::exception& e) {
        std::cerr << "vp: internal error: " << e.what() << '\n';
        return status::internal_error;
    }
}
