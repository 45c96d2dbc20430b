// GICV, the guest's virtual CPU interface (IHI 0048B 5.4, with the GICC
// behaviour of 4.4 it mirrors), backed by the list registers: acknowledge,
// priority order, preemption, PMR, EOI/DIR, HW deactivation, APR
// save/restore, HCR.En, vFIQ, debug reads and error responses.
#include "vgic_bench.h"

using namespace vp::gic;
using vp::gic::test::vgic_bench;
using vp::gic::test::warning_counter;

namespace {

struct GicVirtualGicv : testing::Test {
    vgic_bench b; // 2 CPUs, 4 list registers

    list_register pending(unsigned id, uint8_t prio, bool group1 = false) {
        return list_register::make_virtual(id, prio, lr_state::pending, group1);
    }
};

} // namespace

// Issue 3 / IHI 0048B 5.3: a hypervisor write of a pending list register
// raises virq in the same evaluation: after one delta cycle, no time passes.
TEST_F(GicVirtualGicv, PendingListRegisterRaisesVirqInSameDelta) {
    b.enable();
    vgic_bench::settle();
    const sc_core::sc_time before = sc_core::sc_time_stamp();
    b.write_lr(0, pending(40, 0x80));
    EXPECT_FALSE(b.virq[0].read()) << "an sc_signal shows its new value after the update phase";
    vp::test::run(sc_core::SC_ZERO_TIME); // exactly one delta cycle
    EXPECT_TRUE(b.virq[0].read());
    EXPECT_EQ(sc_core::sc_time_stamp(), before);
    EXPECT_FALSE(b.virq[1].read()) << "other CPU untouched";
    EXPECT_FALSE(b.vfiq[0].read());
}

// IHI 0048B 5.4 GICV_IAR: highest-priority pending LR; P -> A; GICH_APR bit
// of its group priority set; returns VirtualID. Then GICV_EOIR (EOImode 0)
// drops the priority and deactivates the LR.
TEST_F(GicVirtualGicv, AcknowledgeAndEndOfInterrupt) {
    b.enable();
    b.write_lr(0, pending(40, 0x80));
    b.write_lr(1, pending(41, 0x40));
    b.write_lr(2, pending(42, 0xA0));
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 41u);
    EXPECT_EQ(b.gicv_read(gicv::IAR), 41u);
    EXPECT_EQ(b.read_lr(1).state(), lr_state::active);
    EXPECT_EQ(b.gich_read(gich::APR), 1u << (0x40 >> 3));
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0x40u);
    EXPECT_FALSE(b.virq_line()) << "remaining LRs have lower priority than the running one";
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    b.gicv_write(gicv::EOIR, 41);
    EXPECT_EQ(b.read_lr(1).state(), lr_state::invalid);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0xFFu);
    EXPECT_TRUE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 40u);
    EXPECT_EQ(b.gich_read(gich::EISR0), 0u) << "EOI bit was 0: no EOI maintenance";
    EXPECT_TRUE(b.physical.deactivations.empty()) << "HW == 0: nothing sent to the distributor";
}

// Priority order across several LRs, ties go to the lowest-numbered LR.
TEST_F(GicVirtualGicv, PriorityOrderAcrossListRegisters) {
    b.enable();
    b.gicv_write(gicv::CTLR, 0x7); // AckCtl: acknowledge Group 1 through GICV_IAR too
    b.write_lr(0, pending(50, 0xC0, true));
    b.write_lr(1, pending(51, 0x10));
    b.write_lr(2, pending(52, 0x10));
    b.write_lr(3, pending(53, 0x08, true));
    std::vector<uint32_t> order;
    for (int i = 0; i < 4; ++i) {
        const uint32_t id = b.gicv_read(gicv::IAR);
        order.push_back(id);
        b.gicv_write(gicv::EOIR, id);
    }
    EXPECT_EQ(order, (std::vector<uint32_t>{53, 51, 52, 50}));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
}

// IHI 0048B 3.3.3 / 5.4: preemption compares the group priority with the
// running priority held in GICH_APR.
TEST_F(GicVirtualGicv, PreemptionByGroupPriority) {
    b.enable();
    b.gicv_write(gicv::BPR, 3); // group priority = priority[7:4]
    b.write_lr(0, pending(60, 0x40));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 60u);
    EXPECT_EQ(b.gich_read(gich::APR), 1u << (0x40 >> 3));
    b.write_lr(1, pending(61, 0x48)); // same group priority 0x40: no preemption
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 61u) << "HPPIR ignores the running priority";
    b.write_lr(2, pending(62, 0x38)); // group priority 0x30 < 0x40: preempts
    EXPECT_TRUE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 62u);
    EXPECT_EQ(b.gich_read(gich::APR), (1u << (0x40 >> 3)) | (1u << (0x30 >> 3)));
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0x30u);
    b.gicv_write(gicv::EOIR, 62);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0x40u) << "nested EOI restores the outer running priority";
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
}

// IHI 0048B 3.3.3: it is the *group* priority of the pending interrupt that
// is compared with the running priority: with a running priority of 0x38
// (e.g. restored by the hypervisor) and BPR = 3, priority 0x38 has group
// priority 0x30 and preempts; with BPR = 2 it does not.
TEST_F(GicVirtualGicv, PreemptionComparesGroupPriorityNotPriority) {
    b.enable();
    b.gich_write(gich::APR, 1u << (0x38 >> 3));
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0x38u);
    b.write_lr(0, pending(65, 0x38));
    EXPECT_FALSE(b.virq_line()) << "BPR 2: group priority 0x38 is not higher than 0x38";
    b.gicv_write(gicv::BPR, 3);
    EXPECT_TRUE(b.virq_line()) << "BPR 3: group priority 0x30 is higher than 0x38";
    EXPECT_EQ(b.gicv_read(gicv::IAR), 65u);
    EXPECT_EQ(b.gich_read(gich::APR), (1u << (0x38 >> 3)) | (1u << (0x30 >> 3)));
}

// With BPR at its minimum (2) every implemented priority bit is group priority.
TEST_F(GicVirtualGicv, PreemptionAtMinimumBinaryPoint) {
    b.enable();
    b.write_lr(0, pending(60, 0x40));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 60u);
    b.write_lr(1, pending(61, 0x38));
    EXPECT_TRUE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 61u);
}

// Group 1 uses GICV_ABPR for its group priority unless GICV_CTLR.CBPR, in
// which case GICV_BPR (IHI 0048B 4.4.3, 3.3.3): it decides which GICH_APR bit
// an acknowledge sets and so what preempts afterwards.
TEST_F(GicVirtualGicv, Group1UsesAbprUnlessCbpr) {
    b.enable(0, 0x7);
    b.gicv_write(gicv::BPR, 2);  // mask 0xF8
    b.gicv_write(gicv::ABPR, 5); // mask 0xE0
    b.write_lr(0, pending(70, 0x58, true));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 70u);
    EXPECT_EQ(b.gich_read(gich::APR), 1u << (0x40 >> 3)) << "group priority 0x58 & 0xE0";
    b.write_lr(1, pending(71, 0x48, true)); // group priority 0x40: does not preempt 0x40
    EXPECT_FALSE(b.virq_line());
    b.gicv_write(gicv::EOIR, 70);
    b.write_lr(1, list_register());

    b.gicv_write(gicv::CTLR, 0x17); // CBPR
    b.write_lr(2, pending(72, 0x58, true));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 72u);
    EXPECT_EQ(b.gich_read(gich::APR), 1u << (0x58 >> 3)) << "group priority 0x58 & 0xF8";
    b.write_lr(3, pending(73, 0x48, true)); // 0x48 < 0x58: preempts
    EXPECT_TRUE(b.virq_line());
}

// IHI 0048B 5.4 GICV_PMR: only priorities strictly higher than the mask signal.
TEST_F(GicVirtualGicv, PriorityMaskFiltersSignalling) {
    b.enable();
    b.gicv_write(gicv::PMR, 0x80);
    b.write_lr(0, pending(80, 0x80));
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 1023u);
    b.gicv_write(gicv::PMR, 0x88);
    EXPECT_TRUE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 80u);
}

// Group enables: a Group 1 LR with EnableGrp1 == 0 is not signalled.
TEST_F(GicVirtualGicv, GroupEnablesGateSignalling) {
    b.enable(0, 0x1); // Group 0 only
    b.write_lr(0, pending(90, 0x80, true));
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    b.gicv_write(gicv::CTLR, 0x2);
    EXPECT_TRUE(b.virq_line());
    b.write_lr(1, pending(91, 0x10)); // Group 0, higher priority, but disabled
    EXPECT_EQ(b.gicv_read(gicv::AIAR), 90u);
}

// IHI 0048B 4.4.4 (Secure GICC view, which GICV follows): with AckCtl == 0 a
// Group 1 interrupt is reported as 1022 by GICV_IAR/HPPIR and acknowledged
// only through GICV_AIAR; GICV_AIAR/AHPPIR never report Group 0.
TEST_F(GicVirtualGicv, AckCtlAndAliasedRegisters) {
    b.enable(0, 0x3);
    b.write_lr(0, pending(100, 0x40, true));
    b.write_lr(1, pending(101, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 1022u);
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1022u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending) << "1022 acknowledges nothing";
    EXPECT_EQ(b.gicv_read(gicv::AHPPIR), 100u);
    EXPECT_EQ(b.gicv_read(gicv::AIAR), 100u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
    b.gicv_write(gicv::AEOIR, 100);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::invalid);
    EXPECT_EQ(b.gicv_read(gicv::AHPPIR), 1023u) << "highest pending is Group 0";
    EXPECT_EQ(b.gicv_read(gicv::AIAR), 1023u);
    EXPECT_EQ(b.gicv_read(gicv::IAR), 101u);
    b.gicv_write(gicv::AEOIR, 101); // Group 0 through the alias: ignored
    EXPECT_EQ(b.read_lr(1).state(), lr_state::active);
    EXPECT_NE(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(warning_counter::count_containing("GICV_AEOIR of Group 0"), 1u);
    b.gicv_write(gicv::EOIR, 101);
    EXPECT_EQ(b.read_lr(1).state(), lr_state::invalid);
}

TEST_F(GicVirtualGicv, AckCtlOneAcknowledgesGroup1ThroughIar) {
    b.enable(0, 0x7);
    b.write_lr(0, pending(100, 0x40, true));
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 100u);
    EXPECT_EQ(b.gicv_read(gicv::IAR), 100u);
}

// IHI 0048B 5.4 GICV_IAR: for an HW == 0 SGI, [12:10] carries GICH_LR.CPUID;
// the EOI must name the same source to match the list register.
TEST_F(GicVirtualGicv, SgiReportsSourceCpu) {
    b.enable();
    b.write_lr(0, list_register::make_virtual(3, 0x80, lr_state::pending, false, false, 5));
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 3u | (5u << 10));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 3u | (5u << 10));
    b.gicv_write(gicv::EOIR, 3u | (4u << 10)); // wrong source: no list register matches
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
    EXPECT_EQ(b.gich_read(gich::HCR) >> 27, 1u) << "priority dropped, no LR: EOICount";
    b.gich_write(gich::APR, 1u << (0x80 >> 3)); // hypervisor puts the priority back
    b.gicv_write(gicv::EOIR, 3u | (5u << 10));
    EXPECT_EQ(b.read_lr(0).state(), lr_state::invalid);
    // HW == 1: bits [12:10] are PhysicalID, not reported.
    b.write_lr(1, list_register::make_hardware(7, 0x3FF & (16 + 6), 0x80, lr_state::pending));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 7u);
}

// IHI 0048B 5.4 GICV_EOIR, EOImode == 0: pending+active -> pending, which is
// then signalled again.
TEST_F(GicVirtualGicv, EoiOfPendingActiveLeavesPending) {
    b.enable();
    b.write_lr(0, pending(110, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 110u);
    b.write_lr(0, b.read_lr(0).with_state(lr_state::pending_active)); // the hypervisor re-pends it
    EXPECT_FALSE(b.virq_line()) << "an active interrupt is not signalled again";
    b.gicv_write(gicv::EOIR, 110);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    EXPECT_TRUE(b.virq_line());
}

// IHI 0048B 5.4 GICV_EOIR/GICV_DIR with EOImode == 1: EOIR is the priority
// drop only, DIR deactivates.
TEST_F(GicVirtualGicv, EoiModeOneSplitsDropAndDeactivate) {
    b.enable(0, 0x201);
    b.write_lr(0, pending(120, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 120u);
    b.gicv_write(gicv::EOIR, 120);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0xFFu);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
    b.gicv_write(gicv::DIR, 120);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::invalid);
    EXPECT_EQ(b.gich_read(gich::HCR) >> 27, 0u) << "matched an LR: no EOICount";
}

// GICV_DIR with EOImode == 0 is UNPREDICTABLE; the model ignores it and says so.
TEST_F(GicVirtualGicv, DirWithEoiModeZeroIsIgnored) {
    b.enable();
    b.write_lr(0, pending(121, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 121u);
    b.gicv_write(gicv::DIR, 121);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
    EXPECT_EQ(b.gich_read(gich::HCR) >> 27, 0u);
    EXPECT_EQ(warning_counter::count_containing("EOImode == 0"), 1u);
}

// IHI 0048B 5.3 GICH_LRn.HW: deactivation of an HW == 1 LR sends one
// deactivate request for PhysicalID, on the CPU that performed it.
TEST_F(GicVirtualGicv, HardwareEoiDeactivatesPhysicalOnceOnThisCpu) {
    b.enable(1);
    b.write_lr(0, list_register::make_hardware(27, 27, 0xA0, lr_state::pending), 1);
    EXPECT_TRUE(b.virq_line(1));
    EXPECT_FALSE(b.virq_line(0));
    EXPECT_EQ(b.gicv_read(gicv::IAR, 1), 27u);
    EXPECT_TRUE(b.physical.deactivations.empty()) << "acknowledge does not touch the distributor";
    b.gicv_write(gicv::EOIR, 27, 1);
    ASSERT_EQ(b.physical.deactivations.size(), 1u);
    EXPECT_EQ(b.physical.deactivations[0], std::make_pair(27u, 1u));
    EXPECT_EQ(b.read_lr(0, 1).state(), lr_state::invalid);
    EXPECT_EQ(b.gich_read(gich::ELRSR0, 1), 0xFu) << "HW LR is empty again";
    EXPECT_EQ(b.gich_read(gich::EISR0, 1), 0u) << "no EOI maintenance for HW == 1";
    b.gicv_write(gicv::EOIR, 27, 1); // a second EOI finds no active LR
    EXPECT_EQ(b.physical.deactivations.size(), 1u);
}

// EOImode == 1: the HW deactivate request goes with GICV_DIR, not GICV_EOIR.
TEST_F(GicVirtualGicv, HardwareDirDeactivatesPhysical) {
    b.enable(0, 0x201);
    b.write_lr(0, list_register::make_hardware(27, 30, 0xA0, lr_state::pending));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 27u);
    b.gicv_write(gicv::EOIR, 27);
    EXPECT_TRUE(b.physical.deactivations.empty());
    b.gicv_write(gicv::DIR, 27);
    ASSERT_EQ(b.physical.deactivations.size(), 1u);
    EXPECT_EQ(b.physical.deactivations[0], std::make_pair(30u, 0u));
}

// PhysicalID < 16 (SGI) or >= 1020 (special): UNPREDICTABLE; the model
// deactivates the LR, sends nothing, and reports it.
TEST_F(GicVirtualGicv, HardwareInvalidPhysicalIdSendsNothing) {
    b.enable();
    for (unsigned pintid : {5u, 1020u}) {
        b.write_lr(0, list_register::make_hardware(33, pintid, 0xA0, lr_state::pending));
        EXPECT_EQ(b.gicv_read(gicv::IAR), 33u);
        b.gicv_write(gicv::EOIR, 33);
        EXPECT_EQ(b.read_lr(0).state(), lr_state::invalid);
    }
    EXPECT_TRUE(b.physical.deactivations.empty());
    EXPECT_EQ(warning_counter::count_containing("PhysicalID 5 "), 1u);
    EXPECT_EQ(warning_counter::count_containing("PhysicalID 1020 "), 1u);
}

// HW == 1 with pending+active (UNPREDICTABLE) behaves as written: the EOI
// leaves it pending and still forwards the deactivation.
TEST_F(GicVirtualGicv, HardwarePendingActiveBehavesAsWritten) {
    b.enable();
    b.gich_write(gich::APR, 1u << (0xA0 >> 3));
    b.write_lr(0, list_register::make_hardware(27, 27, 0xA0, lr_state::pending_active));
    b.gicv_write(gicv::EOIR, 27);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    EXPECT_EQ(b.physical.deactivations.size(), 1u);
    EXPECT_TRUE(b.virq_line());
}

// Issue 3, the KVM mapped level interrupt (reference 1.10 steps 4-6a): the
// hypervisor writes an HW LR for PPI 27, the guest takes and completes it,
// the physical PPI 27 is deactivated on this CPU exactly once.
TEST_F(GicVirtualGicv, MappedTimerInterruptSequence) {
    b.enable(0, 0x1);
    b.write_lr(0, list_register::make_hardware(27, 27, 0xA0, lr_state::pending)); // flush
    EXPECT_TRUE(b.virq_line());                                                    // step 5
    EXPECT_EQ(b.gicv_read(gicv::IAR), 27u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gich_read(gich::ELRSR0) & 1u, 0u) << "LR in use while active";
    b.gicv_write(gicv::EOIR, 27); // step 6a
    EXPECT_EQ(b.read_lr(0).state(), lr_state::invalid);
    ASSERT_EQ(b.physical.deactivations.size(), 1u);
    EXPECT_EQ(b.physical.deactivations[0], std::make_pair(27u, 0u));
    EXPECT_EQ(b.gich_read(gich::ELRSR0) & 1u, 1u) << "fold sees the LR empty";
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0xFFu);
}

// Step 7: the guest never acknowledges; the hypervisor folds the LR back
// (still pending) and clears it; nothing is sent to the distributor.
TEST_F(GicVirtualGicv, UnacknowledgedMappedInterruptIsFoldedWithoutDeactivation) {
    b.enable();
    b.write_lr(0, list_register::make_hardware(27, 27, 0xA0, lr_state::pending));
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    b.write_lr(0, list_register());
    EXPECT_FALSE(b.virq_line());
    EXPECT_TRUE(b.physical.deactivations.empty());
}

// IHI 0048B 5.3 GICH_APR / 5.4 GICV_APR0: saving and restoring the APR, LRs
// and VMCR restores the running priority and thus preemption.
TEST_F(GicVirtualGicv, AprSaveRestoreRestoresRunningPriority) {
    b.enable();
    b.write_lr(0, pending(130, 0x40));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 130u);
    const uint32_t apr = b.gich_read(gich::APR);
    const uint32_t lr0 = b.gich_read(gich::LR0);
    const uint32_t vmcr = b.gich_read(gich::VMCR);
    EXPECT_EQ(b.gicv_read(gicv::APR0), apr) << "GICV_APR0 is GICH_APR";
    // Switch to another vCPU context.
    b.gich_write(gich::APR, 0);
    b.gich_write(gich::LR0, 0);
    b.gich_write(gich::VMCR, 0x004C0000);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0xFFu);
    // Restore.
    b.gich_write(gich::VMCR, vmcr);
    b.gich_write(gich::LR0, lr0);
    b.gich_write(gich::APR, apr);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0x40u);
    b.write_lr(1, pending(131, 0x48));
    EXPECT_FALSE(b.virq_line()) << "running priority restored: 0x48 does not preempt";
    b.write_lr(2, pending(132, 0x38));
    EXPECT_TRUE(b.virq_line());
    // The guest can write its APR view too.
    b.gicv_write(gicv::APR0, 0);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(b.gicv_read(gicv::RPR), 0xFFu);
}

// IHI 0048B 5.3 GICH_HCR.En == 0: no virtual interrupt signalled, GICV_IAR
// returns 1023 and acknowledges nothing.
TEST_F(GicVirtualGicv, DisabledInterfaceSignalsNothing) {
    b.gicv_write(gicv::CTLR, 0x3);
    b.gicv_write(gicv::PMR, 0xF8);
    b.write_lr(0, pending(140, 0x80));
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    EXPECT_EQ(b.gicv_read(gicv::HPPIR), 1023u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    b.gich_write(gich::HCR, 1);
    EXPECT_TRUE(b.virq_line());
    b.gich_write(gich::HCR, 0);
    EXPECT_FALSE(b.virq_line());
}

// IHI 0048B 5.4 GICV_CTLR.FIQEn: Group 0 virtual interrupts signal as vFIQ.
TEST_F(GicVirtualGicv, Group0SignalsVfiqWithFiqEn) {
    b.enable(0, 0xB); // EnableGrp0|EnableGrp1|FIQEn
    b.write_lr(0, pending(150, 0x80));
    EXPECT_TRUE(b.vfiq_line());
    EXPECT_FALSE(b.virq_line());
    b.gicv_write(gicv::CTLR, 0x3); // FIQEn off: Group 0 as vIRQ
    EXPECT_FALSE(b.vfiq_line());
    EXPECT_TRUE(b.virq_line());
    b.gicv_write(gicv::CTLR, 0xB);
    b.write_lr(1, pending(151, 0x40, true)); // higher-priority Group 1 wins: vIRQ
    EXPECT_TRUE(b.virq_line());
    EXPECT_FALSE(b.vfiq_line());
}

// transport_dbg of GICV_IAR returns the ID without acknowledging; debug
// writes are refused.
TEST_F(GicVirtualGicv, DebugReadsHaveNoSideEffects) {
    b.enable();
    b.write_lr(0, pending(160, 0x80));
    EXPECT_EQ(b.guest.peek32(gicv::IAR), 160u);
    EXPECT_EQ(b.guest.peek32(gicv::AIAR), 1023u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    EXPECT_TRUE(b.virq_line());
    EXPECT_EQ(b.hyp.peek32(gich::LR0), b.read_lr(0).raw());
    EXPECT_EQ(b.hyp.peek32(gich::MISR), 0u);
    const auto w = b.guest.access(tlm::TLM_WRITE_COMMAND, gicv::EOIR, 160, 4, 0, /*debug=*/true);
    EXPECT_EQ(w.status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(b.gicv_read(gicv::IAR), 160u) << "a real read still acknowledges";
}

// Word accesses only; outside the 8 KiB frame is an address error; reserved
// offsets RAZ/WI; a CPU without a virtual interface gets an error.
TEST_F(GicVirtualGicv, BadAccessesGetErrorResponses) {
    using tlm::TLM_READ_COMMAND;
    b.enable();
    b.write_lr(0, pending(170, 0x80));
    EXPECT_EQ(b.guest.access(TLM_READ_COMMAND, gicv::IAR, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending) << "refused IAR read acknowledges nothing";
    EXPECT_EQ(b.guest.access(TLM_READ_COMMAND, gicv::CTLR, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.guest.access(TLM_READ_COMMAND, gicv::PMR + 1, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.guest.access(TLM_READ_COMMAND, 0x2000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.guest.access(TLM_READ_COMMAND, gicv::CTLR, 0, 4, 7).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    const auto reserved = b.guest.access(TLM_READ_COMMAND, 0x1004, 0, 4, 0);
    EXPECT_TRUE(reserved.ok());
    EXPECT_EQ(reserved.value, 0u);
    EXPECT_EQ(b.gicv_read(gicv::IIDR), 0x0202143Bu);
    b.gicv_write(gicv::IIDR, 0);
    EXPECT_EQ(b.gicv_read(gicv::IIDR), 0x0202143Bu);
    EXPECT_EQ(b.gicv_read(gicv::EOIR), 0u) << "write-only reads as zero";
}

// Spurious IDs written to GICV_EOIR are ignored: no priority drop.
TEST_F(GicVirtualGicv, EoiOfSpuriousIdIsIgnored) {
    b.enable();
    b.write_lr(0, pending(180, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 180u);
    b.gicv_write(gicv::EOIR, 1023);
    EXPECT_NE(b.gich_read(gich::APR), 0u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::active);
}

// Two LRs with the same VirtualID (UNPREDICTABLE): the lowest-numbered wins.
TEST_F(GicVirtualGicv, DuplicateVirtualIdUsesLowestListRegister) {
    b.enable();
    b.write_lr(2, list_register::make_virtual(190, 0x80, lr_state::active));
    b.write_lr(1, list_register::make_virtual(190, 0x80, lr_state::active));
    b.gich_write(gich::APR, 1u << (0x80 >> 3));
    b.gicv_write(gicv::EOIR, 190);
    EXPECT_EQ(b.read_lr(1).state(), lr_state::invalid);
    EXPECT_EQ(b.read_lr(2).state(), lr_state::active);
}

// A list register naming a special ID (1020-1023) as VirtualID: the model
// never signals or acknowledges it, and reports the write once.
TEST_F(GicVirtualGicv, SpecialVirtualIdIsNeverSignalled) {
    b.enable();
    b.write_lr(0, pending(1023, 0x10));
    b.write_lr(1, pending(1020, 0x10));
    EXPECT_FALSE(b.virq_line());
    EXPECT_EQ(b.gicv_read(gicv::IAR), 1023u);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending);
    EXPECT_EQ(warning_counter::count_containing("a special ID"), 1u);
    b.write_lr(2, pending(45, 0x80));
    EXPECT_EQ(b.gicv_read(gicv::IAR), 45u) << "other list registers are unaffected";
}
