// Drives vp::cpu::core without SystemC: 1 MiB of RAM at 0x40000000, a fake
// device window that records accesses, console capture, and the symbols of a
// test program assembled at build time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cpu/core.h"
#include "elf_image.h"

namespace vp::test {

constexpr uint64_t ram_base = 0x40000000;
constexpr uint64_t ram_size = 1 << 20;
constexpr uint64_t dev_base = 0x09000000; // fake device: 4 KiB, reads return 0x1000 + offset
constexpr uint64_t dev_size = 0x1000;

struct bus_record {
    bool write;
    uint64_t addr;
    unsigned size;
    uint64_t value;
    uint64_t icount; // cpu.instructions() during the access
};

class core_harness : public cpu::core_env {
public:
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size, 0);
    cpu::core cpu;
    elf_image image;
    std::string console;
    std::vector<std::string> warnings;
    std::vector<bus_record> bus;
    uint64_t now_ns = 0;
    // Answers SMC/HVC as platform firmware when set (PSCI on vp).
    std::function<bool(cpu::core_env::conduit)> firmware;

    explicit core_harness(const std::string& elf = "") : cpu(cpu::core_config{}, this) {
        cpu.map_ram(ram.data(), ram_base, ram_size);
        if (!elf.empty()) {
            image = elf_image::load(elf);
            for (const auto& s : image.segments) { // copy the part inside RAM
                for (std::size_t i = 0; i < s.bytes.size(); ++i) {
                    const uint64_t a = s.addr + i;
                    if (a >= ram_base && a < ram_base + ram_size) ram[a - ram_base] = s.bytes[i];
                }
            }
        }
        cpu.reset(ram_base);
    }

    uint64_t sym(const std::string& name) const { return image.symbol(name); }

    // Runs from `start` (at the current EL) until the PC reaches `stop`, at
    // most `limit` instructions. Returns true if the PC reached `stop`.
    bool run_until(uint64_t start, uint64_t stop, uint64_t limit = 100000) {
        cpu.set_pc(start);
        for (uint64_t n = 0; n < limit; ++n) {
            if (cpu.pc() == stop) return true;
            const auto r = cpu.step();
            if (r.reason == cpu::stop_reason::exited) return cpu.pc() == stop;
        }
        return cpu.pc() == stop;
    }
    // Runs the snippet `name` (from label `name` to label `name_end`).
    bool run_snippet(const std::string& name, uint64_t limit = 100000) {
        return run_until(sym(name), sym(name + "_end"), limit);
    }

    uint64_t read64(uint64_t addr) const {
        uint64_t v;
        std::memcpy(&v, ram.data() + (addr - ram_base), 8);
        return v;
    }
    void write64(uint64_t addr, uint64_t v) { std::memcpy(ram.data() + (addr - ram_base), &v, 8); }
    void write32(uint64_t addr, uint32_t v) {
        std::memcpy(ram.data() + (addr - ram_base), &v, 4);
        cpu.invalidate_code(addr, 4);
    }

    // core_env
    bool bus_read(uint64_t addr, void* data, unsigned size, bool) override {
        if (addr < dev_base || addr + size > dev_base + dev_size) return false;
        const uint64_t v = 0x1000 + (addr - dev_base);
        std::memcpy(data, &v, size);
        bus.push_back({false, addr, size, v, cpu.instructions()});
        return true;
    }
    bool bus_write(uint64_t addr, const void* data, unsigned size) override {
        if (addr < dev_base || addr + size > dev_base + dev_size) return false;
        uint64_t v = 0;
        std::memcpy(&v, data, size);
        bus.push_back({true, addr, size, v, cpu.instructions()});
        return true;
    }
    void console_write(const char* data, std::size_t size) override { console.append(data, size); }
    uint64_t elapsed_ns() const override { return now_ns; }
    void warn(const char* message) override { warnings.emplace_back(message); }
    bool firmware_call(conduit via) override { return firmware && firmware(via); }
};

} // namespace vp::test
