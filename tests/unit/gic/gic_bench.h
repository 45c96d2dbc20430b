// Testbench for the physical GIC: a gic400 with its distributor socket, the
// shared CPU-interface socket (CPU from the cpu_index_extension), per-CPU
// socket of CPU 0, irq/fiq probes and driven PPI and SPI lines.
#pragma once

#include <memory>

#include <gtest/gtest.h>
#include <systemc>

#include "gic/gic400.h"
#include "testbench.h"

namespace vp::gic::test {

using namespace sc_core;

// SPIs 32..(32 + num_driven_spis - 1) get a driven signal.
constexpr unsigned num_driven_spis = 32;

struct gic_bench {
    gic400 gic;
    vp::test::initiator dist_bus{"dist_bus"};
    vp::test::initiator cpu_bus{"cpu_bus"};         // to gic.gicc
    vp::test::initiator cpu0_bus{"cpu0_bus"};       // to gic.gicc_cpu[0]
    sc_vector<sc_signal<bool>> irq_sig, fiq_sig;
    sc_vector<sc_signal<bool>> ppi_sig; // [cpu * 16 + intid - 16]
    sc_vector<sc_signal<bool>> spi_sig; // [intid - 32]

    explicit gic_bench(const gic_params& p)
        : gic("gic", p), irq_sig("irq_sig", p.num_cpus), fiq_sig("fiq_sig", p.num_cpus),
          ppi_sig("ppi_sig", p.num_cpus * 16), spi_sig("spi_sig", num_driven_spis) {
        dist_bus.socket.bind(gic.gicd);
        cpu_bus.socket.bind(gic.gicc);
        cpu0_bus.socket.bind(gic.gicc_cpu[0]);
        for (unsigned c = 0; c < p.num_cpus; ++c) {
            gic.irq[c](irq_sig[c]);
            gic.fiq[c](fiq_sig[c]);
            for (unsigned i = 16; i < 32; ++i)
                gic.ppi_in(c, i)(ppi_sig[c * 16 + i - 16]);
        }
        for (unsigned i = 0; i < num_driven_spis && 32 + i < p.implemented_intids(); ++i)
            gic.spi_in(32 + i)(spi_sig[i]);
    }

    // Runs every delta cycle due at the current time (time does not advance).
    // No-op inside a process (the process yields itself).
    static void settle() {
        if (sc_get_status() == SC_RUNNING)
            return;
        sc_start(SC_ZERO_TIME);
        while (sc_pending_activity_at_current_time())
            sc_start(SC_ZERO_TIME);
    }

    uint32_t rd(uint64_t off, unsigned cpu = 0) { return dist_bus.read32(off, cpu); }
    void wr(uint64_t off, uint32_t v, unsigned cpu = 0) { dist_bus.write32(off, v, cpu); }
    uint32_t crd(uint64_t off, unsigned cpu = 0) { return cpu_bus.read32(off, cpu); }
    void cwr(uint64_t off, uint32_t v, unsigned cpu = 0) { cpu_bus.write32(off, v, cpu); }

    void spi(unsigned intid, bool level) {
        spi_sig[intid - 32].write(level);
        settle();
    }
    void ppi(unsigned cpu, unsigned intid, bool level) {
        ppi_sig[cpu * 16 + intid - 16].write(level);
        settle();
    }
    bool irq(unsigned cpu = 0) const { return irq_sig[cpu].read(); }
    bool fiq(unsigned cpu = 0) const { return fiq_sig[cpu].read(); }

    // Typical bring-up: both groups enabled in GICD and in every CPU
    // interface, PMR fully open.
    void enable_all() {
        wr(gicd::CTLR, 3);
        for (unsigned c = 0; c < gic.params().num_cpus; ++c) {
            cwr(gicc::CTLR, 3, c);
            cwr(gicc::PMR, 0xFF, c);
        }
        settle();
    }
    // Enables INTID `id` with `prio` in `cpu`'s bank (SPIs: unbanked).
    void enable_irq(unsigned id, uint8_t prio, unsigned cpu = 0) {
        dist_bus.write8(gicd::IPRIORITYR + id, prio, cpu);
        wr(gicd::ISENABLER + 4 * (id / 32), 1u << (id % 32), cpu);
        settle();
    }
    bool bit(uint64_t base, unsigned id, unsigned cpu = 0) { return (rd(base + 4 * (id / 32), cpu) >> (id % 32)) & 1; }
};

// One bench per test (each test runs in its own process).
class gic_test : public testing::Test {
protected:
    void SetUp() override {
        // Guest mistakes are logged as warnings; keep test output readable.
        sc_report_handler::set_actions(SC_WARNING, SC_LOG);
    }
    // `elaborate` = false: the test adds modules of its own, then settles.
    gic_bench& make(const gic_params& p = {}, bool elaborate = true) {
        bench = std::make_unique<gic_bench>(p);
        if (elaborate)
            gic_bench::settle(); // completes elaboration, starts the simulation
        return *bench;
    }
    std::unique_ptr<gic_bench> bench;
};

} // namespace vp::gic::test
