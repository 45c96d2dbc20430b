#include "board.h"

#include <cmath>
#include <sstream>

#include "loader/elf_loader.h"

using namespace sc_core;

namespace vp::platform {

gic::gic_params default_gic_params() {
    gic::gic_params p;
    p.num_interrupts = 288; // as QEMU virt: 32 private + 256 SPIs
    p.priority_bits = 5;    // GIC-400
    p.ppi_trigger_programmable = true;
    p.num_list_registers = 4; // GIC-400, QEMU
    return p;
}

namespace {

struct region {
    uint64_t base, size;
    const char* name;
};

// The router windows, in target index order.
std::vector<region> regions_of(const memory_map_config& m) {
    return {{m.ram, m.ram_size, "ram"},         {m.uart, 0x1000, "uart"},
            {m.gicd, 0x1000, "gicd"},           {m.gicc, 0x2000, "gicc"},
            {m.gich, 0x2000, "gich"},           {m.gicv, 0x2000, "gicv"},
            {m.cnt_control, 0x1000, "cnt_control"}, {m.cnt_read, 0x1000, "cnt_read"},
            {m.flash0, memory_map::flash_size, "flash0"}, {m.flash1, memory_map::flash_size, "flash1"}};
}

std::string hex(uint64_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

gic::gic_params gic_params_for(const board_config& cfg) {
    gic::gic_params p = cfg.gic;
    p.num_cpus = cfg.cpus;
    return p;
}

cpu::aarch64_cpu::params cpu_params_for(const board_config& cfg, unsigned index) {
    cpu::aarch64_cpu::params p;
    p.cpu_index = index;
    p.clock_period = sc_time(1.0 / cfg.cpu_freq_hz, SC_SEC);
    p.quantum = cfg.quantum;
    p.console = cfg.console;
    p.start_powered_off = cfg.secondaries_off && index > 0;
    return p;
}

} // namespace

std::string board_config::check() const {
    if (cpus < 1 || cpus > gic::max_cpus)
        return "--cpus must be between 1 and 8";
    const unsigned spis = gic.num_interrupts - gic::first_spi;
    if (gic.num_interrupts < gic::first_spi + 32 || spis % 32 != 0 || spis > 992)
        return "--gic-spis " + std::to_string(int(spis)) + ": must be a multiple of 32 from 32 to 992 (IHI 0048B 4.3.2)";
    if (std::string e = gic_params_for(*this).check(); !e.empty())
        return "invalid GIC configuration: " + e;
    // One instruction per clock period in whole picoseconds (SystemC's
    // resolution): above 100 GHz the period is 0-9 ps, rounded by >= 1% (and
    // to 0, a hang, from about 2 THz).
    if (!(cpu_freq_hz >= 1 && cpu_freq_hz <= 100e9))
        return "--cpu-freq must be between 1Hz and 100GHz";
    // CNTFRQ_EL0 holds 32 bits (Arm ARM D13.8.1).
    if (timer_freq_hz < 1 || timer_freq_hz > 0xffffffffull)
        return "--timer-freq must be a whole number of Hz from 1 to 4294967295 (CNTFRQ_EL0 is 32 bits)";
    if (quantum == sc_core::SC_ZERO_TIME || quantum > sc_core::sc_time(1, sc_core::SC_SEC))
        return "--quantum must be greater than zero and at most 1s";
    if (map.ram_size == 0)
        return "--ram must be greater than zero";
    if (map.ram_size % 4096 || map.ram % 4096)
        return "--ram and --map-ram must be multiples of 4KiB";
    auto r = regions_of(map);
    for (size_t i = 0; i < r.size(); ++i) {
        if (r[i].base + (r[i].size - 1) < r[i].base)
            return std::string("the ") + r[i].name + " window at " + hex(r[i].base) + " wraps the address space";
        for (size_t j = 0; j < i; ++j)
            if (r[i].base <= r[j].base + (r[j].size - 1) && r[j].base <= r[i].base + (r[i].size - 1))
                return std::string("memory map: ") + r[i].name + " at " + hex(r[i].base) + " overlaps " +
                       r[j].name + " at " + hex(r[j].base);
    }
    return {};
}

board::board(sc_module_name name, const board_config& cfg)
    : sc_module(name),
      cfg_(cfg),
      router_("router"),
      ram_("ram", cfg.map.ram_size),
      flash0_("flash0", memory_map::flash_size),
      flash1_("flash1", memory_map::flash_size),
      uart_("uart", *cfg.console),
      counter_("counter", cfg.timer_freq_hz),
      timer_("timer", cfg.cpus),
      gic_("gic", gic_params_for(cfg)),
      irq_("irq", cfg.cpus),
      fiq_("fiq", cfg.cpus),
      cntvirq_("cntvirq", cfg.cpus),
      cntpnsirq_("cntpnsirq", cfg.cpus),
      cnthpirq_("cnthpirq", cfg.cpus),
      uart_irq_("uart_irq"),
      psci_(cfg.psci, {}) {
    if (std::string e = cfg.check(); !e.empty())
        SC_REPORT_ERROR("platform/board", e.c_str());
    // With --tlm-check a base-protocol checker sits in front of every target.
    auto bind_target = [this](auto& target) {
        if (!cfg_.tlm_check) {
            router_.initiator_socket.bind(target);
            return;
        }
        checkers_.push_back(std::make_unique<bus::protocol_checker<>>(
            sc_gen_unique_name((std::string("check_") + target.basename()).c_str())));
        router_.initiator_socket.bind(checkers_.back()->target_socket);
        checkers_.back()->initiator_socket.bind(target);
    };
    bind_target(ram_.socket);
    bind_target(uart_.socket);
    bind_target(gic_.gicd);
    bind_target(gic_.gicc);
    bind_target(gic_.gich);
    bind_target(gic_.gicv);
    bind_target(counter_.control_socket);
    bind_target(counter_.read_socket);
    bind_target(flash0_.socket);
    bind_target(flash1_.socket);
    const auto regions = regions_of(cfg.map);
    for (unsigned i = 0; i < regions.size(); ++i)
        router_.map(regions[i].base, regions[i].size, i, regions[i].name);

    timer_.counter.bind(counter_);
    uart_.irq.bind(uart_irq_);
    gic_.spi_in(uart_spi).bind(uart_irq_);

    for (unsigned c = 0; c < cfg.cpus; ++c) {
        cpus_.push_back(std::make_unique<cpu::aarch64_cpu>(
            (std::string("cpu") + std::to_string(c)).c_str(), cpu_params_for(cfg, c)));
        cpu::aarch64_cpu& cpu = *cpus_.back();
        if (cfg.tlm_check) {
            checkers_.push_back(std::make_unique<bus::protocol_checker<>>(
                (std::string("check_cpu") + std::to_string(c)).c_str()));
            cpu.socket.bind(checkers_.back()->target_socket);
            checkers_.back()->initiator_socket.bind(router_.target_socket);
        } else {
            cpu.socket.bind(router_.target_socket);
        }
        cpu.set_sysreg_target(&timer_);
        cpu.set_el_observed(false); // a VCD tracer turns it on
        cpu.set_access_timing(this);
        cpu.set_line_view(this);

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
        gic_.ppi_in(c, 23).bind(cpu.pmu_irq); // PMU overflow: PPI 7, as on QEMU virt
    }
    // Observers only for tracing (vcd_tracer turns them on): without them an
    // exception entry or a GIC access that changes no line costs no context switch.
    gic_.set_state_events(false);

    std::vector<cpu::aarch64_cpu*> all;
    for (auto& c : cpus_)
        all.push_back(c.get());
    psci_ = platform::psci(cfg.psci, all);
    if (cfg.psci != psci_conduit::none)
        for (auto& c : cpus_)
            c->set_firmware([this](cpu::aarch64_cpu& caller, cpu::core_env::conduit via) {
                return psci_.call(caller, via);
            });
}

void board::set_entry(uint64_t pc, uint64_t x0) {
    for (auto& cpu : cpus_)
        cpu->set_entry(pc, x0);
}

// GICD, GICC, the accessing CPU's own GICH frame and GICV declare their
// reads timeless (register tables); every other device read synchronises.
bool board::timeless_read(uint64_t addr, unsigned, unsigned cpu) {
    if (cpu >= num_cpus())
        return false;
    const auto in = [addr](uint64_t base, const register_bank& bank) {
        return addr >= base && bank.timeless_read(addr - base);
    };
    auto& v = gic_.virtualization();
    const auto& m = cfg_.map;
    return in(m.gicd, gic_.dist().registers()) || in(m.gicc, gic_.cpu_if(cpu).registers()) ||
           in(m.gich, v.interface(cpu).gich_bank()) || in(m.gicv, v.cpu_interface(cpu).bank());
}

uint64_t board::foreign_line_changes(unsigned cpu) const {
    return gic_.foreign_line_changes(cpu);
}

// Only a GIC frame, and only while nothing observes the GIC's state events
// (tracing turns them on: each is one more delta cycle to run).
bool board::gic_frame(uint64_t addr) const {
    const auto& m = cfg_.map;
    // One compare per frame: below `base` the difference wraps past `size`.
    const auto in = [addr](uint64_t base, uint64_t size) { return addr - base < size; };
    return in(m.gicd, gic::gicd::frame_size) || in(m.gicc, gic::gicc::frame_size) ||
           in(m.gich, gic::virtual_gic::gich_window) || in(m.gicv, gic::virtual_gic::gicv_window);
}

bool board::own_lines_after(uint64_t addr, unsigned cpu, cpu_line_levels& levels) const {
    if (cpu >= num_cpus() || gic_.state_events() || !gic_frame(addr))
        return false;
    levels = gic_.levels_of(cpu);
    return true;
}

// With more CPUs an access may change another CPU's lines, which that CPU
// must see at the exact time (it may be waiting in WFI); with tracing the
// waveforms show every change at its exact time. docs/performance.md.
bool board::time_free_access(uint64_t addr, unsigned cpu) const {
    return num_cpus() == 1 && cpu == 0 && !gic_.state_events() && gic_frame(addr);
}

access_view board::before_access(uint64_t addr, unsigned cpu) const {
    access_view v;
    v.lines_known = cpu < num_cpus() && !gic_.state_events() && gic_frame(addr);
    v.time_free = v.lines_known && num_cpus() == 1;
    if (v.lines_known) v.foreign = gic_.foreign_line_changes(cpu);
    return v;
}

bool board::lines_after(const access_view& before, uint64_t, unsigned cpu, cpu_line_levels& levels) const {
    if (!before.lines_known || gic_.foreign_line_changes(cpu) != before.foreign)
        return false;
    levels = gic_.levels_of(cpu);
    return true;
}

bool board::early_sysreg_write(unsigned cpu) const {
    return num_cpus() == 1 && cpu == 0 && !gic_.state_events();
}

void board::load_firmware(const std::string& path) {
    loader::elf_loader elf(path);
    const std::vector<loader::memory_range> ram = {ram_range()};
    auto result = elf.load(ram, [this](uint64_t addr, const uint8_t* data, size_t len) {
        std::copy(data, data + len, ram_.data() + (addr - cfg_.map.ram));
        return true;
    });
    for (auto& cpu : cpus_)
        cpu->set_entry(result.entry);
}

} // namespace vp::platform
