// The virtual interface inside the gic400 top, with the physical distributor
// and CPU interface behind physical_gic_if: the KVM-style mapped level interrupt
// sequence of issue 3 / docs/vgic-reference.md 1.10, and the maintenance interrupt
// reaching the distributor as PPI 25.
#include <memory>

#include <gtest/gtest.h>
#include <systemc>

#include "gic/gic400.h"
#include "testbench.h"

using namespace vp::gic;
using namespace sc_core;

namespace {

constexpr unsigned vtimer = 27;

struct platform {
    gic400 gic; // owns the virtual_gic, wires maintenance to PPI 25 of each CPU
    vp::test::initiator dist_bus{"dist_bus"}, cpu_bus{"cpu_bus"}, hyp_bus{"hyp_bus"}, guest_bus{"guest_bus"};
    sc_vector<sc_signal<bool>> irq, fiq, ppi;

    static gic_params params() {
        gic_params p;
        p.num_cpus = 2;
        return p;
    }

    platform() : gic("gic", params()), irq("irq", 2), fiq("fiq", 2), ppi("ppi", 2 * 16) {
        dist_bus.socket.bind(gic.gicd);
        cpu_bus.socket.bind(gic.gicc);
        hyp_bus.socket.bind(gic.gich);
        guest_bus.socket.bind(gic.gicv);
        for (unsigned c = 0; c < 2; ++c) {
            gic.irq[c](irq[c]);
            gic.fiq[c](fiq[c]);
            for (unsigned i = 16; i < 32; ++i)
                if (i != maintenance_ppi)
                    gic.ppi_in(c, i)(ppi[c * 16 + i - 16]);
        }
    }
    const sc_signal<bool>& virq(unsigned cpu) { return gic.virq_line(cpu); }

    static void settle() {
        sc_start(SC_ZERO_TIME);
        while (sc_pending_activity_at_current_time())
            sc_start(SC_ZERO_TIME);
    }
    void line(unsigned intid, bool level, unsigned cpu = 0) {
        ppi[cpu * 16 + intid - 16].write(level);
        settle();
    }
    bool dist_bit(uint64_t base, unsigned id, unsigned cpu = 0) {
        return (dist_bus.read32(base + 4 * (id / 32), cpu) >> (id % 32)) & 1u;
    }

    // Host bring-up as in docs/vgic-reference.md section 5 step 1: Group 0 enabled,
    // GICC_CTLR.EOImode = 1, PPI 27 enabled; virtual interface enabled, the
    // guest enables Group 0 with an open mask.
    void boot(unsigned cpu = 0) {
        dist_bus.write32(gicd::CTLR, 1, cpu);
        dist_bus.write8(gicd::IPRIORITYR + vtimer, 0xA0, cpu);
        dist_bus.write32(gicd::ISENABLER, 1u << vtimer, cpu);
        cpu_bus.write32(gicc::CTLR, 0x201, cpu);
        cpu_bus.write32(gicc::PMR, 0xFF, cpu);
        hyp_bus.write32(gich::HCR, 1, cpu);
        guest_bus.write32(gicv::CTLR, 1, cpu);
        guest_bus.write32(gicv::PMR, 0xF8, cpu);
        settle();
    }
    // Host IRQ handler for the timer PPI: acknowledge, priority drop only.
    void host_takes_timer(unsigned cpu = 0) {
        ASSERT_EQ(cpu_bus.read32(gicc::IAR, cpu), vtimer);
        cpu_bus.write32(gicc::EOIR, vtimer, cpu);
        settle();
    }
    void flush_hw_lr(unsigned cpu = 0) {
        hyp_bus.write32(gich::LR0, list_register::make_hardware(vtimer, vtimer, 0xA0, lr_state::pending).raw(),
                        cpu);
        settle();
    }
};

struct GicVirtualIntegration : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_LOG); }
    platform p;
};

} // namespace

// Issue 3: physical PPI 27 level-high -> host acknowledges (EOImode 1, drop
// only) -> HW LR pending -> virq -> guest acknowledges -> LR active -> guest
// EOI -> LR invalid and physical 27 inactive -> with the line still high,
// the physical IRQ is signalled again at once (IHI 0048B 5.3 GICH_LRn.HW).
TEST_F(GicVirtualIntegration, MappedLevelInterruptResignalsAtOnceWhenLineStillHigh) {
    p.boot();
    p.line(vtimer, true);
    EXPECT_TRUE(p.irq[0].read());
    p.host_takes_timer();
    EXPECT_FALSE(p.irq[0].read()) << "active: not signalled again";
    EXPECT_TRUE(p.dist_bit(gicd::ISACTIVER, vtimer));
    EXPECT_TRUE(p.dist_bit(gicd::ISPENDR, vtimer)) << "level still high: active and pending";

    p.flush_hw_lr();
    EXPECT_TRUE(p.virq(0).read());
    EXPECT_EQ(p.guest_bus.read32(gicv::IAR, 0), vtimer);
    EXPECT_EQ(list_register(p.hyp_bus.read32(gich::LR0, 0)).state(), lr_state::active);
    p.settle();
    EXPECT_FALSE(p.virq(0).read());

    p.guest_bus.write32(gicv::EOIR, vtimer, 0); // the guest did not lower the line
    p.settle();
    EXPECT_EQ(list_register(p.hyp_bus.read32(gich::LR0, 0)).state(), lr_state::invalid);
    EXPECT_FALSE(p.dist_bit(gicd::ISACTIVER, vtimer)) << "HW LR deactivated the physical PPI";
    EXPECT_TRUE(p.irq[0].read()) << "still-high level interrupt re-signalled immediately";
    EXPECT_FALSE(p.irq[1].read());
}

// Same sequence, but the guest lowers the line (reprograms the timer) before
// its EOI: the physical interrupt becomes inactive and quiet.
TEST_F(GicVirtualIntegration, MappedLevelInterruptQuietWhenLineLowered) {
    p.boot();
    p.line(vtimer, true);
    p.host_takes_timer();
    p.flush_hw_lr();
    EXPECT_EQ(p.guest_bus.read32(gicv::IAR, 0), vtimer);
    p.line(vtimer, false);
    p.guest_bus.write32(gicv::EOIR, vtimer, 0);
    p.settle();
    EXPECT_FALSE(p.dist_bit(gicd::ISACTIVER, vtimer));
    EXPECT_FALSE(p.dist_bit(gicd::ISPENDR, vtimer));
    EXPECT_FALSE(p.irq[0].read());
    p.line(vtimer, true); // the next rise is seen: no lost edge
    EXPECT_TRUE(p.irq[0].read());
}

// Issue 3 / reference 1.10 step 7: the guest never acknowledges; on exit the
// hypervisor samples the line through GICD_ISPENDR, finds it low and clears
// the physical active state through GICD_ICACTIVER, so the next rise is
// signalled.
TEST_F(GicVirtualIntegration, UnacknowledgedMappedInterruptFoldedThroughIcactiver) {
    p.boot();
    p.line(vtimer, true);
    p.host_takes_timer();
    p.flush_hw_lr();
    EXPECT_TRUE(p.virq(0).read());
    p.line(vtimer, false); // e.g. the guest disabled the timer with PSTATE.I set
    // Fold: LR still pending, the line is sampled, physical active cleared.
    EXPECT_EQ(list_register(p.hyp_bus.read32(gich::LR0, 0)).state(), lr_state::pending);
    EXPECT_FALSE(p.dist_bit(gicd::ISPENDR, vtimer));
    p.hyp_bus.write32(gich::LR0, 0, 0);
    p.dist_bus.write32(gicd::ICACTIVER, 1u << vtimer, 0);
    p.settle();
    EXPECT_FALSE(p.virq(0).read());
    EXPECT_FALSE(p.dist_bit(gicd::ISACTIVER, vtimer));
    p.line(vtimer, true);
    EXPECT_TRUE(p.irq[0].read()) << "next rise signalled";
}

// The maintenance output reaches the distributor as PPI 25 of the same CPU
// (reference 2.1), as a level.
TEST_F(GicVirtualIntegration, MaintenanceInterruptIsPpi25OfItsCpu) {
    p.boot(1);
    p.dist_bus.write8(gicd::IPRIORITYR + maintenance_ppi, 0x80, 1);
    p.dist_bus.write32(gicd::ISENABLER, 1u << maintenance_ppi, 1);
    p.hyp_bus.write32(gich::HCR, 1u | (1u << 3), 1); // En | NPIE, no pending LR
    p.settle();
    EXPECT_TRUE(p.dist_bit(gicd::ISPENDR, maintenance_ppi, 1));
    EXPECT_TRUE(p.irq[1].read());
    EXPECT_FALSE(p.dist_bit(gicd::ISPENDR, maintenance_ppi, 0)) << "CPU 0's PPI 25 untouched";
    p.hyp_bus.write32(gich::LR0, list_register::make_virtual(40, 0x80, lr_state::pending).raw(), 1);
    p.settle();
    EXPECT_FALSE(p.dist_bit(gicd::ISPENDR, maintenance_ppi, 1)) << "level: gone when the condition goes";
    EXPECT_FALSE(p.irq[1].read());
}
