#include "board.h"

#include <cmath>

#include "loader/elf_loader.h"

using namespace sc_core;

namespace vp::platform {

namespace {

gic::gic_params gic_params_for(const board_config& cfg) {
    gic::gic_params p;
    p.num_cpus = cfg.cpus;
    p.num_interrupts = 288; // as QEMU virt: 32 private + 256 SPIs
    p.priority_bits = 5;    // GIC-400
    // QEMU's GICv2 lets software program the PPIs' trigger mode; firmware
    // that runs on both (the mismatched-trigger scenario) relies on it.
    p.ppi_trigger_programmable = true;
    p.num_list_registers = 4; // GIC-400, QEMU
    return p;
}

cpu::aarch64_cpu::params cpu_params_for(const board_config& cfg, unsigned index) {
    cpu::aarch64_cpu::params p;
    p.cpu_index = index;
    p.clock_period = sc_time(1.0 / cfg.cpu_freq_hz, SC_SEC);
    p.quantum = cfg.quantum;
    p.console = cfg.console;
    return p;
}

} // namespace

board::board(sc_module_name name, const board_config& cfg)
    : sc_module(name),
      cfg_(cfg),
      router_("router"),
      ram_("ram", memory_map::ram_size),
      uart_("uart", *cfg.console),
      counter_("counter", cfg.timer_freq_hz),
      timer_("timer", cfg.cpus),
      gic_("gic", gic_params_for(cfg)),
      irq_("irq", cfg.cpus),
      fiq_("fiq", cfg.cpus),
      cntvirq_("cntvirq", cfg.cpus),
      cntpnsirq_("cntpnsirq", cfg.cpus),
      cnthpirq_("cnthpirq", cfg.cpus),
      uart_irq_("uart_irq") {
    // Targets, in router index order.
    struct region {
        uint64_t base, size;
        const char* name;
    };
    const region regions[] = {
        {memory_map::ram, memory_map::ram_size, "ram"},
        {memory_map::uart, 0x1000, "uart"},
        {memory_map::gicd, 0x1000, "gicd"},
        {memory_map::gicc, 0x2000, "gicc"},
        {memory_map::gich, 0x2000, "gich"},
        {memory_map::gicv, 0x2000, "gicv"},
        {memory_map::cnt_control, 0x1000, "cnt_control"},
        {memory_map::cnt_read, 0x1000, "cnt_read"},
    };
    router_.initiator_socket.bind(ram_.socket);
    router_.initiator_socket.bind(uart_.socket);
    router_.initiator_socket.bind(gic_.gicd);
    router_.initiator_socket.bind(gic_.gicc);
    router_.initiator_socket.bind(gic_.gich);
    router_.initiator_socket.bind(gic_.gicv);
    router_.initiator_socket.bind(counter_.control_socket);
    router_.initiator_socket.bind(counter_.read_socket);
    for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); ++i)
        router_.map(regions[i].base, regions[i].size, i, regions[i].name);

    timer_.counter.bind(counter_);
    uart_.irq.bind(uart_irq_);
    gic_.spi_in(uart_spi).bind(uart_irq_);

    for (unsigned c = 0; c < cfg.cpus; ++c) {
        cpus_.push_back(std::make_unique<cpu::aarch64_cpu>(
            (std::string("cpu") + std::to_string(c)).c_str(), cpu_params_for(cfg, c)));
        cpu::aarch64_cpu& cpu = *cpus_.back();
        cpu.socket.bind(router_.target_socket);
        cpu.set_sysreg_target(&timer_);

        gic_.irq[c].bind(irq_[c]);
        gic_.fiq[c].bind(fiq_[c]);
        cpu.irq.bind(irq_[c]);
        cpu.fiq.bind(fiq_[c]);
        cpu.virq.bind(gic_.virq_line(c));
        cpu.vfiq.bind(gic_.vfiq_line(c));

        timer_.cntvirq[c].bind(cntvirq_[c]);
        timer_.cntpnsirq[c].bind(cntpnsirq_[c]);
        timer_.cnthpirq[c].bind(cnthpirq_[c]);
        gic_.ppi_in(c, 27).bind(cntvirq_[c]);
        gic_.ppi_in(c, 30).bind(cntpnsirq_[c]);
        gic_.ppi_in(c, 26).bind(cnthpirq_[c]);
    }
}

void board::load_firmware(const std::string& path) {
    loader::elf_loader elf(path);
    const std::vector<loader::memory_range> ram = {{memory_map::ram, memory_map::ram_size}};
    auto result = elf.load(ram, [this](uint64_t addr, const uint8_t* data, size_t len) {
        std::copy(data, data + len, ram_.data() + (addr - memory_map::ram));
        return true;
    });
    for (auto& cpu : cpus_)
        cpu->set_entry(result.entry);
}

} // namespace vp::platform
