// vp::debug::tracer — a text trace of what CPUs do, for firmware debugging
// (`vp --trace exec,int,mmio,sysreg [--trace-file FILE]`). One line per
// event: simulated time (the CPU's local time, exact per instruction), CPU,
// category, details:
//   exec    every instruction before it executes, disassembled (Capstone)
//   int     exception entries (sync with ESR decoded, FAR for aborts; IRQ,
//           FIQ) and returns (ERET), with ELR/SPSR
//   mmio    device accesses (not RAM), by register name from the devices'
//           register tables
//   sysreg  MRS/MSR by register name, with the value
// A category that is off costs nothing (the CPU does not call in for it).
// Lines go to a stream of their own (a file or stderr), never to the guest
// console on stdout.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/register_bank.h"
#include "cpu/aarch64_cpu.h"

namespace vp::debug {

class tracer : public cpu::cpu_tracer {
public:
    explicit tracer(std::ostream& out);
    ~tracer() override;
    tracer(const tracer&) = delete;
    tracer& operator=(const tracer&) = delete;

    // "exec,int,mmio,sysreg" or "all". Throws std::invalid_argument.
    static cpu::trace_categories parse(const std::string& list);

    // Device registers in [base, base + size) are named from `bank` (offset
    // from base, modulo `stride` when not 0: alias frames).
    void add_registers(uint64_t base, uint64_t size, const register_bank& bank, uint64_t stride = 0);

    // cpu_tracer
    void instruction(cpu::aarch64_cpu& cpu, uint64_t pc) override;
    void exception_entered(cpu::aarch64_cpu& cpu, unsigned from_el, unsigned kind) override;
    void exception_returned(cpu::aarch64_cpu& cpu, unsigned from_el) override;
    void sysreg_accessed(cpu::aarch64_cpu& cpu, uint32_t key, bool read, uint64_t value, bool done) override;
    void device_access(cpu::aarch64_cpu& cpu, bool write, uint64_t addr, const void* data, unsigned size,
                       bool ok) override;

    // Names used by the trace (exposed for tests).
    std::string register_name(uint64_t addr) const;
    static std::string sysreg_name(uint32_t key);
    static const char* exception_class_name(unsigned ec);

private:
    struct frame {
        uint64_t base, size, stride;
        const register_bank* bank;
    };
    void begin(cpu::aarch64_cpu& cpu, const char* category);

    std::ostream& out_;
    std::vector<frame> frames_;
    std::size_t capstone_ = 0; // csh
    char line_[256];
};

} // namespace vp::debug
