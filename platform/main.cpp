// vp: runs a bare-metal AArch64 firmware ELF on the board (QEMU virt map).
// Exit codes: the firmware's semihosting exit code; 2 bad command line or
// firmware file; 3 --max-time reached; 4 internal error; 5 the simulation
// ran out of events (every CPU waits for an interrupt nothing will raise).
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>

#include <systemc>

#include "board.h"
#include "debug/gdb_stub.h"
#include "cli.h"
#include "loader/elf_loader.h"
#include "tracing.h"

using namespace sc_core;

namespace {

enum exit_code : int { bad_input = 2, max_time_reached = 3, internal_error = 4, idle_forever = 5 };

void print_summary(vp::platform::board& b, double host_seconds, std::ostream& out) {
    uint64_t instructions = 0;
    for (unsigned c = 0; c < b.num_cpus(); ++c)
        instructions += b.cpu(c).instructions();
    out << "vp: simulated " << sc_time_stamp().to_seconds() * 1e3 << " ms, " << instructions << " instructions, host "
        << std::fixed << std::setprecision(3) << host_seconds << " s, " << std::setprecision(1)
        << (host_seconds > 0 ? double(instructions) / host_seconds / 1e6 : 0.0) << " MIPS\n";
    out.unsetf(std::ios::floatfield);
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

} // namespace

int sc_main(int argc, char* argv[]) {
    auto parsed = vp::platform::parse_command_line(argc, argv, std::cout, std::cerr);
    if (parsed.exit_code)
        return *parsed.exit_code;
    const auto& opts = parsed.opts;

    // Guest mistakes are warnings; keep SystemC's errors as exceptions.
    sc_report_handler::set_actions(SC_WARNING, opts.quiet ? SC_DO_NOTHING : SC_DISPLAY);
    sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING); // "simulation stopped by user"
    try {
        vp::platform::board board("board", opts.board);
        try {
            board.load_firmware(opts.firmware);
        } catch (const vp::loader::load_error& e) {
            std::cerr << "vp: " << e.what() << '\n';
            return bad_input;
        }
        std::unique_ptr<vp::platform::vcd_tracer> tracer;
        if (!opts.vcd.empty())
            tracer = std::make_unique<vp::platform::vcd_tracer>("trace", board, opts.vcd, opts.trace_irqs);

        std::unique_ptr<vp::debug::gdb_stub> gdb;
        if (opts.gdb_port) {
            std::vector<vp::cpu::aarch64_cpu*> cpus;
            for (unsigned c = 0; c < board.num_cpus(); ++c)
                cpus.push_back(&board.cpu(c));
            try {
                gdb = std::make_unique<vp::debug::gdb_stub>(cpus, *opts.gdb_port, opts.gdb_wait);
            } catch (const std::runtime_error& e) {
                std::cerr << "vp: " << e.what() << '\n';
                return bad_input;
            }
        }

        const auto host_start = std::chrono::steady_clock::now();
        if (opts.max_time)
            sc_start(*opts.max_time);
        else
            sc_start();
        const double host_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();

        int code = 0;
        bool exited = false;
        for (unsigned c = 0; c < board.num_cpus() && !exited; ++c)
            if (board.cpu(c).exited()) {
                exited = true;
                code = board.cpu(c).exit_code();
            }
        if (!exited) {
            if (opts.max_time && sc_time_stamp() >= *opts.max_time) {
                std::cerr << "vp: stopped at --max-time " << opts.max_time->to_string()
                          << ": the firmware did not exit\n";
                code = max_time_reached;
            } else {
                std::cerr << "vp: simulation idle at " << sc_time_stamp().to_string()
                          << ": no CPU can make progress and nothing is scheduled\n";
                code = idle_forever;
            }
        }
        if (gdb)
            gdb->simulation_ended(code);
        if (!opts.quiet)
            print_summary(board, host_seconds, std::cerr);
        tracer.reset(); // close the VCD before the modules go
        if (sc_get_status() != SC_STOPPED)
            sc_stop();
        return code;
    } catch (const std::exception& e) {
        std::cerr << "vp: internal error: " << e.what() << '\n';
        return internal_error;
    }
}
