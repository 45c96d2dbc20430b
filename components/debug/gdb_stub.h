// vp::debug::gdb_stub — a GDB remote stub for the AArch64 CPUs of any
// SystemC platform (`vp --gdb PORT [--gdb-wait]`). Independent of the board:
// it is given the CPUs and talks to them through aarch64_cpu's debug
// interface (registers through the core, memory through transport_dbg).
//
//  * One GDB thread per CPU (thread id = CPU index + 1), all-stop mode.
//  * Stopping holds the simulation inside the stopping CPU's SystemC thread:
//    no process runs and no simulated time passes until GDB resumes, so a
//    debugged run keeps its time semantics (and its results) exactly.
//  * Breakpoints (Z0 and Z1 alike) and watchpoints (Z2 write, Z3 read,
//    Z4 access) are checked by the CPU, never written into guest memory;
//    a watchpoint stops before the accessing instruction (as on Arm, where
//    GDB then steps over it). Checks cost nothing while none is set.
//  * Ctrl-C is noticed between two quanta of a running CPU.
//  * Memory accesses use transport_dbg: reading a device register (GICC_IAR)
//    has no side effect; a write drops decoded code on every CPU.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cpu/aarch64_cpu.h"
#include "debug/gdb_connection.h"
#include "debug/gdb_registers.h"

namespace vp::debug {

class gdb_stub : public cpu::cpu_debugger {
public:
    // Listens at once (127.0.0.1:port, 0 = any free port). With
    // `wait_for_client`, the first CPU to start waits for GDB.
    gdb_stub(std::vector<cpu::aarch64_cpu*> cpus, uint16_t port, bool wait_for_client);
    ~gdb_stub() override;

    uint16_t port() const { return conn_.port(); }
    // The simulation is over: tells a connected GDB the exit code.
    void simulation_ended(int exit_code);

    // cpu_debugger
    void started(cpu::aarch64_cpu& cpu) override;
    void poll(cpu::aarch64_cpu& cpu) override;
    bool break_before(cpu::aarch64_cpu& cpu, uint64_t pc) override;
    bool watch(cpu::aarch64_cpu& cpu, uint64_t addr, unsigned size, bool write) override;
    void halted(cpu::aarch64_cpu& cpu) override;

private:
    enum class watch_type { write = 2, read = 3, access = 4 };
    struct watchpoint {
        uint64_t addr, len;
        watch_type type;
    };
    struct cpu_state {
        bool stepping = false;
        uint64_t resume_pc = ~0ull, resume_icount = ~0ull; // not re-stopped by what it resumes from
        std::string stop;                                  // stop reply to send when halting
    };

    unsigned index(const cpu::aarch64_cpu& cpu) const;
    void serve(unsigned cpu, const std::string& stop_reply); // holds the simulation
    void update_checks();
    void resume(unsigned halted_cpu);
    bool handle(const std::string& p, unsigned halted_cpu, bool& resume_now);
    bool handle_query(const std::string& p);
    bool handle_vcont(const std::string& p, unsigned halted_cpu);
    std::string stop_reply(unsigned cpu, const std::string& signal_and_info) const;
    std::string read_registers(unsigned cpu);
    std::string monitor(const std::string& command);
    int thread_to_cpu(const std::string& id) const; // -1: all/any, -2: invalid

    std::vector<cpu::aarch64_cpu*> cpus_;
    std::vector<cpu_state> state_;
    gdb_connection conn_;
    gdb_registers regs_;
    bool wait_ = false;
    bool started_ = false;
    bool killed_ = false;
    unsigned poll_count_ = 0;
    unsigned g_cpu_ = 0; // Hg: thread for register and memory accesses
    std::set<uint64_t> breakpoints_;
    std::vector<watchpoint> watchpoints_;
};

} // namespace vp::debug
