// The `vp` board: QEMU `virt`-compatible memory map (virtualization=on,
// gic-version=2) with our models. Only wiring lives here, no behaviour.
//
//   0x0000_0000  flash bank 0   64 MiB   (erased unless --bios loads an image)
//   0x0400_0000  flash bank 1   64 MiB   (erased; U-Boot's environment)
//   0x0800_0000  GICD            4 KiB   (gic400.gicd)
//   0x0801_0000  GICC            8 KiB   (gic400.gicc; GICC_DIR at +0x1000)
//   0x0803_0000  GICH            8 KiB   (accessing CPU at +0, CPU n alias at +0x1000 + 0x200*n)
//   0x0804_0000  GICV            8 KiB   (GICV_DIR at +0x1000)
//   0x0900_0000  PL011 UART      4 KiB   (SPI 33 = QEMU's "IRQ 1")
//   0x0910_0000  CNTControlBase  4 KiB   (system counter; QEMU virt has none: a free slot)
//   0x0911_0000  CNTReadBase     4 KiB
//   0x4000_0000  RAM           128 MiB
//
// Interrupts: timer CNTHP -> PPI 26, CNTV -> PPI 27, CNTP -> PPI 30; GIC
// maintenance -> PPI 25 (inside the GIC); UART -> SPI 33.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "bus/flash.h"
#include "bus/memory.h"
#include "bus/protocol_checker.h"
#include "bus/router.h"
#include "cpu/aarch64_cpu.h"
#include "gic/gic400.h"
#include "loader/elf_loader.h"
#include "psci.h"
#include "timer/generic_timer.h"
#include "timer/system_counter.h"
#include "uart/pl011.h"

namespace vp::platform {

// The default memory map (QEMU virt). The board uses board_config::map, which
// starts from these values and can be changed at run time (--map-*, --ram).
namespace memory_map {
constexpr uint64_t gicd = 0x08000000, gicc = 0x08010000, gich = 0x08030000, gicv = 0x08040000;
constexpr uint64_t uart = 0x09000000;
constexpr uint64_t cnt_control = 0x09100000, cnt_read = 0x09110000;
constexpr uint64_t ram = 0x40000000, ram_size = 128ull << 20;
constexpr uint64_t flash0 = 0x00000000, flash1 = 0x04000000, flash_size = 64ull << 20;
} // namespace memory_map

constexpr unsigned uart_spi = 33;

// Base addresses of the board's devices and the RAM size.
struct memory_map_config {
    uint64_t gicd = memory_map::gicd, gicc = memory_map::gicc, gich = memory_map::gich, gicv = memory_map::gicv;
    uint64_t uart = memory_map::uart;
    uint64_t cnt_control = memory_map::cnt_control, cnt_read = memory_map::cnt_read;
    uint64_t ram = memory_map::ram, ram_size = memory_map::ram_size;
    uint64_t flash0 = memory_map::flash0, flash1 = memory_map::flash1; // 64 MiB each
};

// The GIC as on QEMU virt: 256 SPIs, 5 priority bits and 4 list registers
// (GIC-400), PPI trigger mode programmable (QEMU's GICv2 allows it; the
// mismatched-trigger scenario relies on it). num_cpus follows board_config::cpus.
gic::gic_params default_gic_params();

// Every board parameter; the command line and config file (cli.h) set them.
struct board_config {
    unsigned cpus = 1;
    sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US);
    double cpu_freq_hz = 1e9;
    uint64_t timer_freq_hz = 62'500'000;
    gic::gic_params gic = default_gic_params();
    memory_map_config map;
    bool tlm_check = false; // a TLM-2.0 base-protocol checker on every bus path
    std::ostream* console = &std::cout; // UART and semihosting output
    psci_conduit psci = psci_conduit::smc; // the platform's PSCI firmware (psci.h)
    bool secondaries_off = false;          // CPUs 1..n wait for PSCI CPU_ON

    // Empty when the combination is valid, else a one-line message naming the
    // bad parameter (CPU count, GIC parameters, overlapping windows).
    std::string check() const;
};

class board : public sc_core::sc_module, private access_timing_if, private line_view_if {
public:
    board(sc_core::sc_module_name name, const board_config& cfg);

    // Loads an ELF into RAM and points every CPU's reset at its entry.
    // Throws vp::loader::load_error with a one-line message.
    void load_firmware(const std::string& path);
    // Where the CPUs start (those held off: when PSCI CPU_ON says), and X0.
    void set_entry(uint64_t pc, uint64_t x0);
    loader::memory_range ram_range() const { return {cfg_.map.ram, cfg_.map.ram_size}; }

    unsigned num_cpus() const { return unsigned(cpus_.size()); }
    cpu::aarch64_cpu& cpu(unsigned n) { return *cpus_.at(n); }
    gic::gic400& gic() { return gic_; }
    timer::generic_timer& timer() { return timer_; }
    bus::memory& ram() { return ram_; }
    bus::flash& flash(unsigned bank) { return bank ? flash1_ : flash0_; }
    uart::pl011& uart() { return uart_; }
    platform::psci& psci() { return psci_; }
    timer::system_counter& counter() { return counter_; }
    const board_config& config() const { return cfg_; }
    // What the CPUs are given as their line view (tests compare its answers).
    const line_view_if& line_view() const { return *this; }

    // The wires, for tracing.
    sc_core::sc_signal<bool>& irq(unsigned n) { return irq_[n]; }
    sc_core::sc_signal<bool>& fiq(unsigned n) { return fiq_[n]; }
    sc_core::sc_signal<bool>& virq(unsigned n) { return gic_.virq_line(n); }
    sc_core::sc_signal<bool>& vfiq(unsigned n) { return gic_.vfiq_line(n); }
    sc_core::sc_signal<bool>& cntvirq(unsigned n) { return cntvirq_[n]; }
    sc_core::sc_signal<bool>& cntpnsirq(unsigned n) { return cntpnsirq_[n]; }
    sc_core::sc_signal<bool>& cnthpirq(unsigned n) { return cnthpirq_[n]; }
    sc_core::sc_signal<bool>& uart_irq() { return uart_irq_; }

private:
    board_config cfg_;
    bus::router router_;
    bus::memory ram_;
    bus::flash flash0_, flash1_;
    uart::pl011 uart_;
    timer::system_counter counter_;
    timer::generic_timer timer_;
    gic::gic400 gic_;
    std::vector<std::unique_ptr<cpu::aarch64_cpu>> cpus_;
    std::vector<std::unique_ptr<bus::protocol_checker<>>> checkers_;

    sc_core::sc_vector<sc_core::sc_signal<bool>> irq_, fiq_;
    sc_core::sc_vector<sc_core::sc_signal<bool>> cntvirq_, cntpnsirq_, cnthpirq_;
    sc_core::sc_signal<bool> uart_irq_;
    platform::psci psci_;

    // access_timing_if: the GIC frames' timeless reads, for the CPUs.
    bool timeless_read(uint64_t addr, unsigned size, unsigned cpu) override;
    // line_view_if: after a GIC register access, the accessing CPU's lines
    // as the GIC computed them (each CPU's inputs are wired to its own GIC
    // outputs, nothing else drives them).
    uint64_t foreign_line_changes(unsigned cpu) const override;
    bool own_lines_after(uint64_t addr, unsigned cpu, cpu_line_levels& levels) const override;
    // GIC frames with a single CPU, untraced: the GIC has no notion of time
    // and no other initiator exists.
    bool time_free_access(uint64_t addr, unsigned cpu) const override;
    // Timer writes with a single CPU, untraced: the timer lines reach only
    // the GIC, whose state nothing but that CPU reads.
    bool early_sysreg_write(unsigned cpu) const override;
    // The same answers with one decode of the address and one count.
    access_view before_access(uint64_t addr, unsigned cpu) const override;
    bool lines_after(const access_view& before, uint64_t addr, unsigned cpu, cpu_line_levels& levels) const override;
    bool gic_frame(uint64_t addr) const;
};

} // namespace vp::platform
