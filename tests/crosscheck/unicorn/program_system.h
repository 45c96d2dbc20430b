// The smallest SystemC system that runs a cross-check program on the
// aarch64_cpu module: CPU -> router -> RAM at program_layout::ram_base, idle
// interrupt lines, the image copied to RAM. Used by the module cross-check
// and by iss_bench.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include <systemc>

#include "bus/memory.h"
#include "bus/router.h"
#include "cpu/aarch64_cpu.h"
#include "program_runner.h"

namespace vp::xcheck {

struct program_system {
    vp::bus::router bus{"bus"};
    vp::bus::memory ram{"ram", program_layout::ram_size};
    vp::cpu::aarch64_cpu cpu;
    sc_core::sc_signal<bool> irq{"irq"}, fiq{"fiq"}, virq{"virq"}, vfiq{"vfiq"};

    explicit program_system(const std::vector<uint8_t>& image) : cpu("cpu", params()) {
        cpu.irq(irq);
        cpu.fiq(fiq);
        cpu.virq(virq);
        cpu.vfiq(vfiq);
        cpu.socket.bind(bus.target_socket);
        bus.initiator_socket.bind(ram.socket);
        bus.map(program_layout::ram_base, program_layout::ram_size, 0, "ram");
        std::memcpy(ram.data(), image.data(), image.size());
    }

    static vp::cpu::aarch64_cpu::params params() {
        vp::cpu::aarch64_cpu::params p;
        p.entry = program_layout::ram_base;
        return p;
    }
};

} // namespace vp::xcheck
