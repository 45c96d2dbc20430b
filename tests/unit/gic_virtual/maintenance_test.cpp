// GICH_MISR and the maintenance interrupt (IHI 0048B 5.3, GICH_MISR and the
// GICH_HCR enables): each condition rising and falling, the output as a
// level = GICH_HCR.En && GICH_MISR != 0, and the GICH_HCR.EOICount rules.
#include "vgic_bench.h"

using namespace vp::gic;
using vp::gic::test::vgic_bench;

namespace {

struct GicVirtualMaintenance : testing::Test {
    vgic_bench b;

    uint32_t misr_now() { return b.gich_read(gich::MISR); }
    unsigned eoi_count() { return b.gich_read(gich::HCR) >> 27; }
    void hcr(uint32_t bits) { b.gich_write(gich::HCR, 1u | bits); }
};

constexpr uint32_t UIE = 1u << 1, LRENPIE = 1u << 2, NPIE = 1u << 3, VGRP0EIE = 1u << 4, VGRP0DIE = 1u << 5,
                   VGRP1EIE = 1u << 6, VGRP1DIE = 1u << 7;

} // namespace

// MISR.EOI: an HW == 0 LR with EOI == 1 became invalid (GICH_EISR != 0).
TEST_F(GicVirtualMaintenance, EoiConditionRisesOnDeactivationAndFallsWhenLrReused) {
    b.enable();
    b.write_lr(0, list_register::make_virtual(32, 0x80, lr_state::pending, false, /*eoi=*/true));
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 32u);
    EXPECT_FALSE(b.maintenance_line()) << "active: no EOI yet";
    b.gicv_write(gicv::EOIR, 32);
    EXPECT_EQ(b.gich_read(gich::EISR0), 1u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0) & 1u, 0u) << "not empty until the EOI is consumed";
    EXPECT_EQ(misr_now(), misr::eoi);
    EXPECT_TRUE(b.maintenance_line());
    b.write_lr(0, list_register()); // the hypervisor handles the EOI
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());
    EXPECT_TRUE(b.physical.deactivations.empty());
}

// EOImode == 1: the EOI maintenance condition comes with GICV_DIR.
TEST_F(GicVirtualMaintenance, EoiConditionWithEoiModeOneComesWithDir) {
    b.enable(0, 0x201);
    b.write_lr(1, list_register::make_virtual(33, 0x80, lr_state::pending, false, true));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 33u);
    b.gicv_write(gicv::EOIR, 33);
    EXPECT_EQ(b.gich_read(gich::EISR0), 0u);
    EXPECT_FALSE(b.maintenance_line());
    b.gicv_write(gicv::DIR, 33);
    EXPECT_EQ(b.gich_read(gich::EISR0), 2u);
    EXPECT_TRUE(b.maintenance_line());
}

// MISR.U: UIE and at most one valid LR.
TEST_F(GicVirtualMaintenance, UnderflowRisesAndFalls) {
    b.enable();
    b.write_lr(0, list_register::make_virtual(40, 0x80, lr_state::pending));
    b.write_lr(1, list_register::make_virtual(41, 0x80, lr_state::active));
    hcr(UIE);
    EXPECT_EQ(misr_now(), 0u) << "two valid LRs";
    EXPECT_FALSE(b.maintenance_line());
    b.write_lr(1, list_register());
    EXPECT_EQ(misr_now(), misr::underflow) << "one valid LR";
    EXPECT_TRUE(b.maintenance_line());
    b.write_lr(0, list_register());
    EXPECT_EQ(misr_now(), misr::underflow) << "zero valid LRs";
    b.write_lr(2, list_register::make_virtual(42, 0x80, lr_state::pending_active));
    b.write_lr(3, list_register::make_virtual(43, 0x80, lr_state::pending));
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());
    b.write_lr(3, list_register());
    EXPECT_TRUE(b.maintenance_line());
    hcr(0);
    EXPECT_FALSE(b.maintenance_line()) << "clearing UIE drops the level";
}

// MISR.LRENP: LRENPIE and EOICount != 0.
TEST_F(GicVirtualMaintenance, ListRegisterEntryNotPresentRisesAndFalls) {
    b.enable(0, 0x201); // EOImode 1
    hcr(LRENPIE);
    EXPECT_FALSE(b.maintenance_line());
    b.gicv_write(gicv::DIR, 300); // no LR holds 300
    EXPECT_EQ(eoi_count(), 1u);
    EXPECT_EQ(misr_now(), misr::lrenp);
    EXPECT_TRUE(b.maintenance_line());
    hcr(LRENPIE); // the hypervisor writes EOICount back to 0
    EXPECT_EQ(eoi_count(), 0u);
    EXPECT_FALSE(b.maintenance_line());
}

// MISR.NP: NPIE and no LR in the pending state (State == 01 only).
TEST_F(GicVirtualMaintenance, NoPendingRisesAndFalls) {
    b.enable();
    hcr(NPIE);
    EXPECT_EQ(misr_now(), misr::no_pending);
    EXPECT_TRUE(b.maintenance_line());
    b.write_lr(0, list_register::make_virtual(50, 0x80, lr_state::pending));
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 50u); // pending -> active
    EXPECT_EQ(misr_now(), misr::no_pending);
    EXPECT_TRUE(b.maintenance_line());
    b.write_lr(0, list_register::make_virtual(50, 0x80, lr_state::pending_active));
    EXPECT_EQ(misr_now(), misr::no_pending) << "pending+active does not count as pending";
}

// MISR.VGrp0E/VGrp0D/VGrp1E/VGrp1D follow GICV_CTLR.EnableGrpX (= VMCR).
TEST_F(GicVirtualMaintenance, GroupEnableConditionsRiseAndFall) {
    b.gich_write(gich::HCR, 1 | VGRP0EIE);
    EXPECT_EQ(misr_now(), 0u);
    b.gicv_write(gicv::CTLR, 0x1);
    EXPECT_EQ(misr_now(), misr::vgrp0e);
    EXPECT_TRUE(b.maintenance_line());
    b.gicv_write(gicv::CTLR, 0x0);
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());

    b.gich_write(gich::HCR, 1 | VGRP0DIE);
    EXPECT_EQ(misr_now(), misr::vgrp0d);
    EXPECT_TRUE(b.maintenance_line());
    b.gich_write(gich::VMCR, 0x004C0001); // through GICH_VMCR as well
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());

    b.gich_write(gich::HCR, 1 | VGRP1EIE);
    EXPECT_EQ(misr_now(), 0u);
    b.gicv_write(gicv::CTLR, 0x2);
    EXPECT_EQ(misr_now(), misr::vgrp1e);
    EXPECT_TRUE(b.maintenance_line());
    b.gicv_write(gicv::CTLR, 0x0);
    EXPECT_FALSE(b.maintenance_line());

    b.gich_write(gich::HCR, 1 | VGRP1DIE);
    EXPECT_EQ(misr_now(), misr::vgrp1d);
    EXPECT_TRUE(b.maintenance_line());
    b.gicv_write(gicv::CTLR, 0x2);
    EXPECT_EQ(misr_now(), 0u);
    EXPECT_FALSE(b.maintenance_line());
}

// The maintenance output is HCR.En && MISR != 0: MISR still reads its
// conditions with En == 0, but nothing is signalled.
TEST_F(GicVirtualMaintenance, DisabledInterfaceSignalsNoMaintenance) {
    b.gich_write(gich::HCR, NPIE | UIE); // En = 0
    EXPECT_EQ(misr_now(), misr::no_pending | misr::underflow);
    EXPECT_FALSE(b.maintenance_line());
    b.gich_write(gich::HCR, 1 | NPIE | UIE);
    EXPECT_TRUE(b.maintenance_line());
    EXPECT_FALSE(b.maintenance_line(1)) << "per CPU";
}

// GICH_HCR.EOICount (IHI 0048B 5.3): an EOI (EOImode 0) with no matching LR
// counts only if it dropped a GICH_APR bit.
TEST_F(GicVirtualMaintenance, EoiCountCountsOnlyEoisThatDropAPriority) {
    b.enable();
    b.write_lr(0, list_register::make_virtual(60, 0x80, lr_state::pending));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 60u);
    b.write_lr(0, list_register()); // the hypervisor took the LR away while active
    b.gicv_write(gicv::EOIR, 60);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(eoi_count(), 1u);
    b.gicv_write(gicv::EOIR, 60); // nothing to drop
    EXPECT_EQ(eoi_count(), 1u) << "EOIs that do not clear an APR bit do not count";
}

// EOImode 1: GICV_EOIR never counts; GICV_DIR of an ID in no LR counts.
TEST_F(GicVirtualMaintenance, EoiCountWithEoiModeOne) {
    b.enable(0, 0x201);
    b.gich_write(gich::APR, 1u << 4);
    b.gicv_write(gicv::EOIR, 61);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(eoi_count(), 0u);
    b.gicv_write(gicv::DIR, 61);
    EXPECT_EQ(eoi_count(), 1u);
    b.write_lr(0, list_register::make_virtual(62, 0x80, lr_state::pending));
    b.gicv_write(gicv::DIR, 62);
    EXPECT_EQ(eoi_count(), 2u) << "a pending (not active) LR is not a match";
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
}

// EOICount is 5 bits and wraps 31 -> 0.
TEST_F(GicVirtualMaintenance, EoiCountWraps) {
    b.enable(0, 0x201);
    b.gich_write(gich::HCR, 1u | (30u << 27));
    b.gicv_write(gicv::DIR, 70);
    EXPECT_EQ(eoi_count(), 31u);
    b.gicv_write(gicv::DIR, 70);
    EXPECT_EQ(eoi_count(), 0u);
    EXPECT_EQ(b.gich_read(gich::HCR) & 0xFFu, 1u) << "other HCR fields untouched";
}

// The maintenance line of one CPU is independent of the other's.
TEST_F(GicVirtualMaintenance, PerCpuMaintenanceThroughAliasFrames) {
    b.hyp.write32(b.alias(1, gich::HCR), 1 | NPIE, /*cpu*/ 0);
    EXPECT_TRUE(b.maintenance_line(1));
    EXPECT_FALSE(b.maintenance_line(0));
    EXPECT_EQ(b.hyp.read32(b.alias(1, gich::MISR), 0), misr::no_pending);
}
