// Per-interrupt state machine: level and edge semantics, pending latch,
// active bits on the accessing CPU's bank, deactivation from every source
// re-signalling at once (IHI 0048B 3.2.4, 4.3.7-4.3.10; physical_gic_if).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

class gic_interrupt_state : public gic_test {};

namespace {
gic_params two_cpus() {
    gic_params p;
    p.num_cpus = 2;
    return p;
}
} // namespace

// 3.2.4: a level-sensitive interrupt is pending while its line is asserted.
TEST_F(gic_interrupt_state, Level_3_2_4_PendingFollowsLine) {
    auto& b = make();
    EXPECT_FALSE(b.bit(gicd::ISPENDR, 40));
    b.spi(40, true);
    EXPECT_TRUE(b.bit(gicd::ISPENDR, 40));
    EXPECT_TRUE(b.bit(gicd::ICPENDR, 40));
    EXPECT_TRUE(b.gic.dist().line_level(40, 0));
    b.spi(40, false);
    EXPECT_FALSE(b.bit(gicd::ISPENDR, 40));
    EXPECT_FALSE(b.gic.dist().pending(40, 0));
}

// 4.3.7/4.3.8: GICD_ISPENDR sets a latch that keeps a level interrupt pending
// with the line low; GICD_ICPENDR clears the latch but not the line.
TEST_F(gic_interrupt_state, Level_4_3_7_IspendrLatchAndIcpendr) {
    auto& b = make();
    b.wr(gicd::ISPENDR + 4, 1u << 8); // INTID 40
    EXPECT_TRUE(b.gic.dist().pending(40, 0));
    b.wr(gicd::ICPENDR + 4, 1u << 8);
    EXPECT_FALSE(b.gic.dist().pending(40, 0));
    b.spi(40, true);
    b.wr(gicd::ICPENDR + 4, 1u << 8);
    EXPECT_TRUE(b.gic.dist().pending(40, 0)); // line still high
}

// 3.2.4: an edge-triggered interrupt latches pending on a rising edge and
// stays pending after the line falls.
TEST_F(gic_interrupt_state, Edge_3_2_4_RisingEdgeLatches) {
    auto& b = make();
    b.wr(gicd::ICFGR + 8, 2u << 2 * 9); // INTID 41 edge
    b.spi(41, true);
    EXPECT_TRUE(b.gic.dist().pending(41, 0));
    b.spi(41, false);
    EXPECT_TRUE(b.gic.dist().pending(41, 0));
    b.wr(gicd::ICPENDR + 4, 1u << 9);
    EXPECT_FALSE(b.gic.dist().pending(41, 0));
    // A falling edge or a steady high level does not latch.
    b.spi(41, true);
    b.wr(gicd::ICPENDR + 4, 1u << 9);
    b.spi(41, true);
    EXPECT_FALSE(b.gic.dist().pending(41, 0));
}

// 3.2.4 + 4.4.4: acknowledging an edge interrupt clears pending; a new edge
// while active makes it active and pending; it is signalled only once
// deactivated.
TEST_F(gic_interrupt_state, Edge_3_2_4_EdgeWhileActiveIsActivePending) {
    auto& b = make();
    b.enable_all();
    b.wr(gicd::ICFGR + 8, 2u << 2 * 9);
    b.enable_irq(41, 0x80);
    b.spi(41, true);
    b.spi(41, false);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 41u);
    b.settle();
    EXPECT_FALSE(b.gic.dist().pending(41, 0));
    EXPECT_TRUE(b.gic.dist().active(41, 0));
    EXPECT_FALSE(b.irq());
    b.spi(41, true);
    EXPECT_TRUE(b.gic.dist().pending(41, 0));
    EXPECT_TRUE(b.bit(gicd::ISACTIVER, 41));
    EXPECT_FALSE(b.irq()); // active and pending: not signalled
    b.cwr(gicc::EOIR, 41);
    b.settle();
    EXPECT_TRUE(b.irq());
}

// Level: acknowledge does not clear pending while the line is high (active
// and pending); ISPENDR reads it as pending while active; EOI re-signals.
TEST_F(gic_interrupt_state, Level_4_4_4_AckLeavesActivePendingWhileLineHigh) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.settle();
    EXPECT_FALSE(b.irq());
    EXPECT_TRUE(b.bit(gicd::ISPENDR, 40));
    EXPECT_TRUE(b.bit(gicd::ISACTIVER, 40));
    EXPECT_EQ(b.crd(gicc::IAR), 1023u); // active interrupts are not acknowledged again
    b.cwr(gicc::EOIR, 40);
    b.settle();
    EXPECT_TRUE(b.irq()); // pending again as soon as deactivated
}

// Level, line falls while active: after EOI the interrupt is inactive.
TEST_F(gic_interrupt_state, Level_3_2_4_LineLowAtEoiGoesInactive) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.spi(40, false);
    b.cwr(gicc::EOIR, 40);
    b.settle();
    EXPECT_FALSE(b.irq());
    EXPECT_FALSE(b.gic.dist().pending(40, 0));
    EXPECT_FALSE(b.gic.dist().active(40, 0));
}

// Acknowledge clears the ISPENDR latch of a level interrupt.
TEST_F(gic_interrupt_state, Level_4_3_7_AckClearsLatch) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.wr(gicd::ISPENDR + 4, 1u << 8);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_FALSE(b.gic.dist().pending(40, 0));
    b.cwr(gicc::EOIR, 40);
    b.settle();
    EXPECT_FALSE(b.irq());
}

// 4.3.9/4.3.10: ISACTIVER/ICACTIVER act on the accessing CPU's bank for PPIs.
TEST_F(gic_interrupt_state, ISACTIVER_4_3_9_PpiBankOfAccessingCpu) {
    auto& b = make(two_cpus());
    b.wr(gicd::ISACTIVER, 1u << 27, 1);
    EXPECT_TRUE(b.gic.dist().active(27, 1));
    EXPECT_FALSE(b.gic.dist().active(27, 0));
    EXPECT_EQ(b.rd(gicd::ISACTIVER, 1), 1u << 27);
    EXPECT_EQ(b.rd(gicd::ICACTIVER, 0), 0u);
    b.wr(gicd::ICACTIVER, 1u << 27, 0); // CPU 0's bank: no effect on CPU 1
    EXPECT_TRUE(b.gic.dist().active(27, 1));
    b.wr(gicd::ICACTIVER, 1u << 27, 1);
    EXPECT_FALSE(b.gic.dist().active(27, 1));
}

// ISACTIVER masks a still-high level PPI; ICACTIVER re-signals it at once
// (docs/vgic-reference.md 2.4: the KVM fold path relies on it).
TEST_F(gic_interrupt_state, ICACTIVER_4_3_10_ResignalsStillHighLevel) {
    auto& b = make(two_cpus());
    b.enable_all();
    b.enable_irq(27, 0x80, 1);
    b.ppi(1, 27, true);
    EXPECT_TRUE(b.irq(1));
    EXPECT_FALSE(b.irq(0));
    b.wr(gicd::ISACTIVER, 1u << 27, 1);
    b.settle();
    EXPECT_FALSE(b.irq(1));
    b.wr(gicd::ICACTIVER, 1u << 27, 1);
    b.settle();
    EXPECT_TRUE(b.irq(1));
}

// The same active bit that IAR sets is cleared by ICACTIVER.
TEST_F(gic_interrupt_state, ICACTIVER_4_3_10_ClearsActiveSetByIar) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(27, 0x80);
    b.ppi(0, 27, true);
    EXPECT_EQ(b.crd(gicc::IAR), 27u);
    EXPECT_TRUE(b.bit(gicd::ISACTIVER, 27));
    b.wr(gicd::ICACTIVER, 1u << 27);
    EXPECT_FALSE(b.gic.dist().active(27, 0));
    b.settle();
    EXPECT_FALSE(b.irq()); // running priority still 0x80 until EOIR drops it
    b.cwr(gicc::EOIR, 27);
    b.settle();
    EXPECT_TRUE(b.irq());
}

// physical_gic_if::deactivate (HW list register): same as GICC_DIR by that
// CPU, re-signals a still-high level within the same time stamp.
TEST_F(gic_interrupt_state, PhysicalGicIf_Deactivate_ResignalsAtOnce) {
    auto& b = make(two_cpus());
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 9), 1); // EOImode 1 as a KVM host
    b.enable_irq(27, 0x80, 1);
    vp::test::run(sc_core::sc_time(5, sc_core::SC_NS));
    b.ppi(1, 27, true);
    EXPECT_EQ(b.crd(gicc::IAR, 1), 27u);
    b.cwr(gicc::EOIR, 27, 1); // priority drop only
    b.settle();
    EXPECT_FALSE(b.irq(1));
    physical_gic_if& phys = b.gic.dist();
    phys.deactivate(27, 1);
    EXPECT_FALSE(b.gic.dist().active(27, 1));
    b.settle();
    EXPECT_TRUE(b.irq(1));
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::sc_time(5, sc_core::SC_NS));
}

TEST_F(gic_interrupt_state, PhysicalGicIf_Deactivate_IgnoresSgiAndUnimplemented) {
    auto& b = make();
    b.wr(gicd::ISACTIVER, 1u << 3);
    physical_gic_if& phys = b.gic.dist();
    phys.deactivate(3, 0);
    EXPECT_TRUE(b.gic.dist().active(3, 0));
    phys.deactivate(300, 0);
    phys.deactivate(1023, 0);
    b.wr(gicd::ISACTIVER + 4, 1u << 1); // INTID 33
    phys.deactivate(33, 0);
    EXPECT_FALSE(b.gic.dist().active(33, 0));
}

// Distributor disabled: pending state is kept but nothing is forwarded.
TEST_F(gic_interrupt_state, CTLR_4_3_1_GroupEnableGatesForwarding) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_TRUE(b.irq());
    b.wr(gicd::CTLR, 2); // Group 0 off
    b.settle();
    EXPECT_FALSE(b.irq());
    EXPECT_TRUE(b.bit(gicd::ISPENDR, 40));
    b.wr(gicd::IGROUPR + 4, 1u << 8); // INTID 40 to Group 1
    b.settle();
    EXPECT_TRUE(b.irq());
}

TEST_F(gic_interrupt_state, ICENABLER_4_3_6_DisabledNotSignalled) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_TRUE(b.irq());
    b.wr(gicd::ICENABLER + 4, 1u << 8);
    b.settle();
    EXPECT_FALSE(b.irq());
    EXPECT_TRUE(b.gic.dist().pending(40, 0));
}

// 1-N SPIs (3.1.x): signalled to every targeted CPU; once one CPU
// acknowledges, the others see it active and stop being signalled.
TEST_F(gic_interrupt_state, Spi_4_3_12_TargetsAndOneOfN) {
    auto& b = make(two_cpus());
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.wr(gicd::ITARGETSR + 40, 0x02);
    b.spi(40, true);
    EXPECT_FALSE(b.irq(0));
    EXPECT_TRUE(b.irq(1));
    b.wr(gicd::ITARGETSR + 40, 0x03);
    b.settle();
    EXPECT_TRUE(b.irq(0));
    EXPECT_TRUE(b.irq(1));
    EXPECT_EQ(b.crd(gicc::IAR, 0), 40u);
    b.settle();
    EXPECT_FALSE(b.irq(0));
    EXPECT_FALSE(b.irq(1));
    EXPECT_EQ(b.crd(gicc::IAR, 1), 1023u);
}

// The state_changed event and listeners tell tracing about every change.
TEST_F(gic_interrupt_state, StateChangedNotified) {
    auto& b = make();
    const uint64_t before = b.gic.dist().change_count();
    b.spi(40, true);
    EXPECT_GT(b.gic.dist().change_count(), before);
    const uint64_t after_line = b.gic.dist().change_count();
    b.spi(40, true); // no change
    EXPECT_EQ(b.gic.dist().change_count(), after_line);
}

// The gic400's internal maintenance line (virtual interface, GIC-400 PPI 25)
// is the distributor's PPI 25 input of that CPU.
TEST_F(gic_interrupt_state, MaintenanceLineIsPpi25) {
    auto& b = make(two_cpus());
    b.enable_all();
    b.enable_irq(25, 0x80, 1);
    b.gic.maintenance_line(1).write(true);
    b.settle();
    EXPECT_TRUE(b.gic.dist().line_level(25, 1));
    EXPECT_FALSE(b.gic.dist().line_level(25, 0));
    EXPECT_TRUE(b.irq(1));
    EXPECT_EQ(b.crd(gicc::IAR, 1), 25u);
    b.gic.maintenance_line(1).write(false);
    b.settle();
    EXPECT_FALSE(b.gic.dist().pending(25, 1));
}

// The external PPI 25 input is ORed with the maintenance line.
TEST_F(gic_interrupt_state, MaintenanceLineOredWithExternalPpi25) {
    auto& b = make();
    b.ppi(0, 25, true);
    b.gic.maintenance_line(0).write(true);
    b.settle();
    b.ppi(0, 25, false);
    EXPECT_TRUE(b.gic.dist().line_level(25, 0));
    b.gic.maintenance_line(0).write(false);
    b.settle();
    EXPECT_FALSE(b.gic.dist().line_level(25, 0));
}
