// Physical CPU interface (GICC): reset values, priority mask, running
// priority, preemption and binary point, EOImode 0/1 with DIR, groups,
// AckCtl, FIQEn, spurious IDs, debug reads (IHI 0048B 3.2, 3.3, 4.4).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

class gicc_interface : public gic_test {};

namespace {
gic_params two_cpus() {
    gic_params p;
    p.num_cpus = 2;
    return p;
}
// Makes INTID `id` pending through GICD_ISPENDR (edge-like latch).
void set_pending(gic_bench& b, unsigned id, unsigned cpu = 0) {
    b.wr(gicd::ISPENDR + 4 * (id / 32), 1u << (id % 32), cpu);
    b.settle();
}
} // namespace

// Table 4-2 / DDI 0471B 3.3: reset values.
TEST_F(gicc_interface, GICC_Table4_2_ResetValues) {
    auto& b = make();
    EXPECT_EQ(b.crd(gicc::CTLR), 0u);
    EXPECT_EQ(b.crd(gicc::PMR), 0u);
    EXPECT_EQ(b.crd(gicc::BPR), 2u);  // minimum for 5 priority bits
    EXPECT_EQ(b.crd(gicc::ABPR), 3u);
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    EXPECT_EQ(b.crd(gicc::HPPIR), 1023u);
    EXPECT_EQ(b.crd(gicc::AHPPIR), 1023u);
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
    EXPECT_EQ(b.crd(gicc::APR), 0u);
    EXPECT_EQ(b.crd(gicc::NSAPR), 0u);
    EXPECT_EQ(b.crd(gicc::IIDR), 0x0202143Bu);
    EXPECT_FALSE(b.irq());
    EXPECT_FALSE(b.fiq());
}

// 4.4.1: GICC_CTLR bits [9:0] without Security Extensions.
TEST_F(gicc_interface, GICC_CTLR_4_4_1_ImplementedBits) {
    auto& b = make();
    b.cwr(gicc::CTLR, 0xFFFFFFFF);
    EXPECT_EQ(b.crd(gicc::CTLR), 0x3FFu);
}

// 4.4.2: unimplemented PMR bits RAZ/WI.
TEST_F(gicc_interface, GICC_PMR_4_4_2_ImplementedBits) {
    auto& b = make();
    b.cwr(gicc::PMR, 0xFFFFFFFF);
    EXPECT_EQ(b.crd(gicc::PMR), 0xF8u);
}

TEST_F(gicc_interface, GICC_PMR_4_4_2_FourPriorityBits) {
    gic_params p;
    p.priority_bits = 4;
    auto& b = make(p);
    b.cwr(gicc::PMR, 0xFF);
    EXPECT_EQ(b.crd(gicc::PMR), 0xF0u);
    EXPECT_EQ(b.crd(gicc::BPR), 3u);
    EXPECT_EQ(b.crd(gicc::ABPR), 4u);
}

// 4.4.3/3.3.3: a binary point below the minimum reads the minimum.
TEST_F(gicc_interface, GICC_BPR_ABPR_4_4_3_ClampToMinimum) {
    auto& b = make();
    b.cwr(gicc::BPR, 0);
    EXPECT_EQ(b.crd(gicc::BPR), 2u);
    b.cwr(gicc::BPR, 0xFFFFFFF5);
    EXPECT_EQ(b.crd(gicc::BPR), 5u);
    b.cwr(gicc::ABPR, 1);
    EXPECT_EQ(b.crd(gicc::ABPR), 3u);
    b.cwr(gicc::ABPR, 7);
    EXPECT_EQ(b.crd(gicc::ABPR), 7u);
}

// 3.3.2: only priorities strictly higher than the mask are signalled.
TEST_F(gicc_interface, PMR_3_3_2_MasksEqualAndLowerPriority) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.cwr(gicc::PMR, 0x80);
    b.spi(40, true);
    EXPECT_FALSE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
    EXPECT_EQ(b.crd(gicc::HPPIR), 40u); // HPPIR ignores the mask
    b.cwr(gicc::PMR, 0x88);
    b.settle();
    EXPECT_TRUE(b.irq());
    b.cwr(gicc::PMR, 0);
    b.settle();
    EXPECT_FALSE(b.irq());
}

// 3.2.5: nothing pending -> spurious 1023; interface disabled -> 1023.
TEST_F(gicc_interface, IAR_3_2_5_Spurious1023) {
    auto& b = make();
    b.wr(gicd::CTLR, 1);
    b.enable_irq(40, 0x80);
    b.cwr(gicc::PMR, 0xFF);
    b.spi(40, true);
    EXPECT_FALSE(b.irq()); // GICC_CTLR.EnableGrp0 == 0
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    b.cwr(gicc::CTLR, 1);
    b.settle();
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
}

// 4.4.4 / 4.4.12: acknowledge sets the active priority bit; RPR follows.
TEST_F(gicc_interface, IAR_4_4_4_SetsActivePriorityAndRpr) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    EXPECT_EQ(b.crd(gicc::APR), 1u << (0x80 >> 3)); // one bit per 5-bit level
    b.cwr(gicc::EOIR, 40);
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    EXPECT_EQ(b.crd(gicc::APR), 0u);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
}

// The highest priority wins; equal priority: lowest INTID.
TEST_F(gicc_interface, Selection_3_3_HighestPriorityThenLowestId) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(50, 0x40);
    b.enable_irq(45, 0x40);
    b.enable_irq(35, 0x60);
    set_pending(b, 35);
    set_pending(b, 50);
    set_pending(b, 45);
    EXPECT_EQ(b.crd(gicc::HPPIR), 45u);
    EXPECT_EQ(b.crd(gicc::IAR), 45u);
    EXPECT_EQ(b.crd(gicc::IAR), 1023u); // 50 has the same group priority: no preemption
    b.cwr(gicc::EOIR, 45);
    EXPECT_EQ(b.crd(gicc::IAR), 50u);
    b.cwr(gicc::EOIR, 50);
    EXPECT_EQ(b.crd(gicc::IAR), 35u);
}

// The selection across the whole SPI range (the distributor skips empty
// 32-INTID words): the highest priority wherever it lies, then as each is
// acknowledged the next one, down to an SPI in the last word.
TEST_F(gicc_interface, Selection_3_3_AcrossEverySpiWord) {
    gic_params p;
    p.num_interrupts = 1024; // INTIDs up to 1019
    auto& b = make(p);
    b.enable_all();
    const unsigned ids[] = {1019, 40, 600, 95, 63, 64, 992};
    const unsigned prio[] = {0x10, 0x80, 0x20, 0x80, 0x70, 0x70, 0x30};
    for (unsigned k = 0; k < 7; ++k) {
        b.enable_irq(ids[k], prio[k]);
        set_pending(b, ids[k]);
    }
    // Ascending priority value; equal priority (63, 64; 40, 95): lower INTID.
    const unsigned order[] = {1019, 600, 992, 63, 64, 40, 95};
    for (unsigned id : order) {
        EXPECT_EQ(b.crd(gicc::HPPIR), id);
        ASSERT_EQ(b.crd(gicc::IAR), id);
        b.cwr(gicc::EOIR, id);
    }
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
    b.settle();
    EXPECT_FALSE(b.irq());
}

// 3.3.1: a pending interrupt preempts only with higher group priority.
TEST_F(gicc_interface, Preemption_3_3_1_HigherGroupPriorityOnly) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.enable_irq(41, 0x80);
    b.enable_irq(42, 0x40);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    set_pending(b, 41);
    EXPECT_FALSE(b.irq());
    set_pending(b, 42);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 42u);
    EXPECT_EQ(b.crd(gicc::RPR), 0x40u);
    b.settle();
    EXPECT_FALSE(b.irq());
    b.cwr(gicc::EOIR, 42); // nested: back to 0x80
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    b.cwr(gicc::EOIR, 40);
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    b.settle();
    EXPECT_TRUE(b.irq()); // 41 now
}

// 3.3.3 Table 3-2: the binary point splits group priority and subpriority.
TEST_F(gicc_interface, BPR_3_3_3_GroupPriorityDecidesPreemption) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0xA0);
    b.enable_irq(41, 0x90);
    b.cwr(gicc::BPR, 4); // group priority [7:5]: 0xA0 vs 0x80
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    set_pending(b, 41);
    EXPECT_TRUE(b.irq()); // 0x80 < 0xA0: preempts
    EXPECT_EQ(b.crd(gicc::IAR), 41u);
    b.cwr(gicc::EOIR, 41);
    b.cwr(gicc::EOIR, 40);
    b.cwr(gicc::BPR, 5); // group priority [7:6]: 0xA0 -> 0x80, 0x90 -> 0x80
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    set_pending(b, 41);
    EXPECT_FALSE(b.irq()); // same group priority: subpriority only, no preemption
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
}

TEST_F(gicc_interface, RPR_4_4_6_IsGroupPriorityOfActive) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::BPR, 4);
    b.enable_irq(40, 0xB8);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::RPR), 0xA0u);
}

// 4.4.1 EOImode 0: EOIR drops priority and deactivates; DIR is ignored.
TEST_F(gicc_interface, EOImode0_4_4_5_EoirDeactivatesDirIgnored) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.cwr(gicc::DIR, 40);
    EXPECT_TRUE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    b.cwr(gicc::EOIR, 40);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
}

// EOImode 1: EOIR is priority drop only; GICC_DIR deactivates (4.4.15).
TEST_F(gicc_interface, EOImode1_4_4_15_EoirDropsDirDeactivates) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 9));
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.cwr(gicc::EOIR, 40);
    b.settle();
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    EXPECT_TRUE(b.gic.dist().active(40, 0));
    EXPECT_FALSE(b.irq()); // still active: not signalled
    b.cwr(gicc::DIR, 40);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    b.settle();
    EXPECT_TRUE(b.irq()); // line still high
}

// EOIR with no active priority, and special INTIDs, change nothing.
TEST_F(gicc_interface, EOIR_4_4_5_NoActivePriorityOrSpecialIdIgnored) {
    auto& b = make();
    b.enable_all();
    b.wr(gicd::ISACTIVER + 4, 1u << 8);
    b.cwr(gicc::EOIR, 40); // nothing acknowledged: ignored
    EXPECT_TRUE(b.gic.dist().active(40, 0));
    b.enable_irq(41, 0x80);
    set_pending(b, 41);
    EXPECT_EQ(b.crd(gicc::IAR), 41u);
    b.cwr(gicc::EOIR, 1023);
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    b.cwr(gicc::EOIR, 500); // unimplemented INTID
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
}

// 3.2.5/4.4.4: a Group 1 interrupt with AckCtl == 0 reads 1022 at GICC_IAR
// (not acknowledged) and is acknowledged through GICC_AIAR / GICC_AEOIR.
TEST_F(gicc_interface, Group1_4_4_4_AckCtl0Returns1022AiarAcks) {
    auto& b = make();
    b.enable_all();
    b.wr(gicd::IGROUPR + 4, 1u << 8);
    b.enable_irq(40, 0x80);
    set_pending(b, 40);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::HPPIR), 1022u);
    EXPECT_EQ(b.crd(gicc::AHPPIR), 40u);
    EXPECT_EQ(b.crd(gicc::IAR), 1022u);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::AIAR), 40u);
    EXPECT_TRUE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::NSAPR), 1u << 16);
    EXPECT_EQ(b.crd(gicc::APR), 0u);
    b.cwr(gicc::AEOIR, 40);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::NSAPR), 0u);
}

TEST_F(gicc_interface, Group1_4_4_1_AckCtl1IarAcknowledges) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 2));
    b.wr(gicd::IGROUPR + 4, 1u << 8);
    b.enable_irq(40, 0x80);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::HPPIR), 40u);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.cwr(gicc::EOIR, 40);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
}

// The Group 1 aliases do not see Group 0 interrupts.
TEST_F(gicc_interface, Group1_4_4_9_AiarIgnoresGroup0) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::AHPPIR), 1023u);
    EXPECT_EQ(b.crd(gicc::AIAR), 1023u);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    b.cwr(gicc::AEOIR, 40); // Group 0 through the alias: ignored
    EXPECT_TRUE(b.gic.dist().active(40, 0));
}

// Group 1 uses ABPR for its group priority unless CBPR (4.4.8, 3.3.3).
TEST_F(gicc_interface, ABPR_CBPR_4_4_8_Group1BinaryPoint) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 2)); // AckCtl
    b.wr(gicd::IGROUPR + 4, 3u << 8); // 40, 41 Group 1
    b.enable_irq(40, 0xA0);
    b.enable_irq(41, 0x90);
    b.cwr(gicc::BPR, 5);  // Group 0: [7:6]
    b.cwr(gicc::ABPR, 5); // Group 1: [7:5]
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::RPR), 0xA0u);
    set_pending(b, 41);
    EXPECT_TRUE(b.irq()); // 0x90 -> 0x80 < 0xA0 with ABPR
    EXPECT_EQ(b.crd(gicc::IAR), 41u);
    b.cwr(gicc::EOIR, 41);
    b.cwr(gicc::EOIR, 40);
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    // CBPR: Group 1 uses GICC_BPR, group priority [7:6]: 0xA0 -> 0x80.
    b.cwr(gicc::CTLR, 3 | (1u << 2) | (1u << 4));
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::RPR), 0x80u);
    set_pending(b, 41);
    EXPECT_FALSE(b.irq()); // 0x90 -> 0x80, not higher than 0x80
    EXPECT_EQ(b.crd(gicc::IAR), 1023u);
}

// 4.4.1 FIQEn: Group 0 is signalled on fiq, Group 1 on irq.
TEST_F(gicc_interface, FIQEn_4_4_1_Group0AsFiq) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 3));
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_TRUE(b.fiq());
    EXPECT_FALSE(b.irq());
    b.wr(gicd::IGROUPR + 4, 1u << 8);
    b.settle();
    EXPECT_FALSE(b.fiq());
    EXPECT_TRUE(b.irq());
}

// Debug reads never acknowledge (transport_dbg).
TEST_F(gicc_interface, IAR_DebugReadHasNoSideEffect) {
    auto& b = make();
    b.enable_all();
    b.enable_irq(40, 0x80);
    b.spi(40, true);
    EXPECT_EQ(b.cpu_bus.peek32(gicc::IAR), 40u);
    EXPECT_EQ(b.cpu_bus.peek32(gicc::AIAR), 1023u);
    EXPECT_FALSE(b.gic.dist().active(40, 0));
    EXPECT_EQ(b.crd(gicc::RPR), 0xFFu);
    b.settle();
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
}

// Each CPU has its own interface state; both socket styles reach the same one.
TEST_F(gicc_interface, GICC_BankedPerCpu_BothSocketStyles) {
    auto& b = make(two_cpus());
    b.cwr(gicc::PMR, 0xF0, 1);
    EXPECT_EQ(b.crd(gicc::PMR, 0), 0u);
    EXPECT_EQ(b.crd(gicc::PMR, 1), 0xF0u);
    b.cpu0_bus.write32(gicc::PMR, 0x80, 7); // per-CPU socket ignores the extension
    EXPECT_EQ(b.crd(gicc::PMR, 0), 0x80u);
    EXPECT_EQ(b.cpu0_bus.read32(gicc::PMR), 0x80u);
}

// APRs restore the running priority (save/restore by a hypervisor).
TEST_F(gicc_interface, APR_4_4_12_WriteRestoresRunningPriority) {
    auto& b = make();
    b.cwr(gicc::APR, 1u << 8);
    EXPECT_EQ(b.crd(gicc::RPR), 0x40u);
    b.cwr(gicc::NSAPR, 1u << 4);
    EXPECT_EQ(b.crd(gicc::RPR), 0x20u);
}

TEST_F(gicc_interface, APR_4_4_12_EightBitsHasFourRegisters) {
    gic_params p;
    p.priority_bits = 8;
    auto& b = make(p);
    b.enable_all();
    b.enable_irq(40, 0xFE);
    set_pending(b, 40);
    EXPECT_EQ(b.crd(gicc::BPR), 0u);
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
    EXPECT_EQ(b.crd(gicc::APR + 12), 1u << 31); // level 127
    EXPECT_EQ(b.crd(gicc::RPR), 0xFEu);
}

TEST_F(gicc_interface, GICC_AccessSizesAndFrame) {
    auto& b = make();
    EXPECT_EQ(b.cpu_bus.access(tlm::TLM_READ_COMMAND, gicc::CTLR, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu_bus.access(tlm::TLM_READ_COMMAND, gicc::BPR, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu_bus.access(tlm::TLM_WRITE_COMMAND, gicc::DIR, 0, 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu_bus.access(tlm::TLM_READ_COMMAND, 0x2000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_TRUE(b.cpu_bus.access(tlm::TLM_READ_COMMAND, 0x1004, 0, 4, 0).ok()); // reserved: RAZ
}

// 4.4.1: EnableGrp1 gates Group 1 independently of Group 0.
TEST_F(gicc_interface, GICC_CTLR_4_4_1_EnableGrp1GatesGroup1Only) {
    auto& b = make();
    b.enable_all();
    b.cwr(gicc::CTLR, 1); // Group 0 only
    b.wr(gicd::IGROUPR + 4, 1u << 8);
    b.enable_irq(40, 0x40); // Group 1, higher priority
    b.enable_irq(41, 0x80); // Group 0
    b.spi(40, true);
    EXPECT_FALSE(b.irq());
    b.spi(41, true);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 41u);
    EXPECT_EQ(b.crd(gicc::HPPIR), 1022u); // HPPIR still reports the Group 1 interrupt
    b.cwr(gicc::EOIR, 41);
    b.cwr(gicc::CTLR, 2 | (1u << 2)); // Group 1 only, AckCtl
    b.settle();
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 40u);
}

// GICD_CTLR.EnableGrp1 gates forwarding of Group 1 (4.3.1).
TEST_F(gicc_interface, GICD_CTLR_4_3_1_EnableGrp1) {
    auto& b = make();
    b.enable_all();
    b.wr(gicd::CTLR, 1);
    b.wr(gicd::IGROUPR + 4, 1u << 8);
    b.enable_irq(40, 0x40);
    b.spi(40, true);
    EXPECT_FALSE(b.irq());
    EXPECT_EQ(b.crd(gicc::AIAR), 1023u);
    b.wr(gicd::CTLR, 2);
    b.settle();
    EXPECT_TRUE(b.irq());
}

// With 4 priority bits there are 16 preemption levels: GICC_APR0[15:0].
TEST_F(gicc_interface, APR_4_4_12_FourBitsSixteenLevels) {
    gic_params p;
    p.priority_bits = 4;
    auto& b = make(p);
    b.cwr(gicc::APR, 0xFFFFFFFF);
    EXPECT_EQ(b.crd(gicc::APR), 0x0000FFFFu);
    EXPECT_EQ(b.crd(gicc::RPR), 0x00u);
    b.cwr(gicc::APR, 1u << 15);
    EXPECT_EQ(b.crd(gicc::RPR), 0xF0u);
}
