// GICH, the virtual interface control frame (IHI 0048B 5.3; GIC-400 layout
// and reset values from DDI 0471): resets, derived status registers,
// unimplemented list registers, alias frames, VMCR views, bad accesses.
#include "vgic_bench.h"

using namespace vp::gic;
using vp::gic::test::vgic_bench;
using vp::gic::test::warning_counter;

namespace {

struct GicVirtualGich : testing::Test {
    vgic_bench b; // 2 CPUs, 4 list registers (GIC-400 default)
};

} // namespace

// DDI 0471 GICH register summary: GIC-400 reset values with 4 list registers.
TEST_F(GicVirtualGich, ResetValuesMatchGic400) {
    EXPECT_EQ(b.gich_read(gich::HCR), 0u);
    EXPECT_EQ(b.gich_read(gich::VTR), 0x90000003u);
    EXPECT_EQ(b.gich_read(gich::VMCR), 0x004C0000u);
    EXPECT_EQ(b.gich_read(gich::MISR), 0u);
    EXPECT_EQ(b.gich_read(gich::EISR0), 0u);
    EXPECT_EQ(b.gich_read(gich::EISR1), 0u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0x0000000Fu);
    EXPECT_EQ(b.gich_read(gich::ELRSR1), 0u);
    EXPECT_EQ(b.gich_read(gich::APR), 0u);
    for (unsigned n = 0; n < 4; ++n)
        EXPECT_EQ(b.gich_read(gich::LR0 + 4 * n), 0u);
    EXPECT_FALSE(b.virq_line());
    EXPECT_FALSE(b.vfiq_line());
    EXPECT_FALSE(b.maintenance_line());
}

// IHI 0048B 5.3 GICH_VTR: ListRegs = n - 1; ELRSR covers all 64 LRs.
TEST(GicVirtualGichConfig, SixtyFourListRegisters) {
    vgic_bench b(1, 64);
    EXPECT_EQ(b.gich_read(gich::VTR), 0x9000003Fu);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0xFFFFFFFFu);
    EXPECT_EQ(b.gich_read(gich::ELRSR1), 0xFFFFFFFFu);
    b.write_lr(63, list_register::make_virtual(99, 0x80, lr_state::pending));
    EXPECT_EQ(b.read_lr(63).virtual_id(), 99u);
    EXPECT_EQ(b.gich_read(gich::ELRSR1), 0x7FFFFFFFu);
}

TEST(GicVirtualGichConfig, OneListRegister) {
    vgic_bench b(1, 1);
    EXPECT_EQ(b.gich_read(gich::VTR), 0x90000000u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0x1u);
}

// IHI 0048B 5.3 GICH_LRn: list registers beyond GICH_VTR.ListRegs are RAZ/WI.
TEST_F(GicVirtualGich, UnimplementedListRegistersAreRazWi) {
    for (uint64_t off : {0x110u, 0x114u, 0x1FCu}) {
        const auto w = b.hyp.access(tlm::TLM_WRITE_COMMAND, off, 0x90000000u | (1u << 28) | 5u, 4, 0);
        EXPECT_TRUE(w.ok());
        const auto r = b.hyp.access(tlm::TLM_READ_COMMAND, off, 0, 4, 0);
        EXPECT_TRUE(r.ok());
        EXPECT_EQ(r.value, 0u);
    }
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0xFu) << "writes to LR4+ did not create list registers";
    EXPECT_GE(warning_counter::count_containing("gic/virtual_interface"), 1u) << "RAZ/WI is reported";
}

// IHI 0048B 5.3 GICH_EISR/GICH_ELRSR, computed from the list registers.
TEST_F(GicVirtualGich, EisrAndElrsrFollowListRegisterState) {
    b.write_lr(0, list_register::make_virtual(32, 0x80, lr_state::pending));
    b.write_lr(1, list_register::make_virtual(33, 0x80, lr_state::invalid, false, /*eoi=*/true));
    b.write_lr(2, list_register::make_hardware(34, 0x200 | 34, 0x80, lr_state::invalid)); // bit 19 set
    b.write_lr(3, list_register::make_virtual(35, 0x80, lr_state::active, false, true));
    // LR0 pending: neither. LR1 invalid+EOI: EISR. LR2 invalid HW: empty.
    // LR3 active: neither.
    EXPECT_EQ(b.gich_read(gich::EISR0), 0x2u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0x4u);
    b.write_lr(1, list_register());
    EXPECT_EQ(b.gich_read(gich::EISR0), 0x0u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0x6u);
}

// GIC-400 alias frames (DDI 0471: GICH of CPU n at +0x1000 + 0x200*n). A
// read and a write through the same alias act on the same CPU, whichever CPU
// issues them; the accessing-CPU frame acts on the issuer.
TEST_F(GicVirtualGich, AliasFramesReadAndWriteTheSameCpu) {
    const uint32_t lr = list_register::make_virtual(44, 0x40, lr_state::pending).raw();
    b.hyp.write32(b.alias(1, gich::LR0), lr, /*issued by cpu*/ 0);
    EXPECT_EQ(b.hyp.read32(b.alias(1, gich::LR0), /*cpu*/ 1), lr);
    EXPECT_EQ(b.hyp.read32(b.alias(1, gich::LR0), /*cpu*/ 0), lr);
    EXPECT_EQ(b.gich_read(gich::LR0, 1), lr) << "CPU 1's own frame";
    EXPECT_EQ(b.gich_read(gich::LR0, 0), 0u) << "CPU 0 untouched";
    b.hyp.write32(b.alias(0, gich::HCR), 1, /*cpu*/ 1);
    EXPECT_EQ(b.gich_read(gich::HCR, 0), 1u);
    EXPECT_EQ(b.gich_read(gich::HCR, 1), 0u);
    EXPECT_EQ(b.hyp.peek32(b.alias(1, gich::LR0), 0), lr) << "debug path decodes the same way";
}

TEST_F(GicVirtualGich, AliasFrameOfMissingCpuIsRazWi) {
    const auto w = b.hyp.access(tlm::TLM_WRITE_COMMAND, b.alias(5, gich::HCR), 1, 4, 0);
    EXPECT_TRUE(w.ok());
    const auto r = b.hyp.access(tlm::TLM_READ_COMMAND, b.alias(5, gich::VTR), 0, 4, 0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0u);
    EXPECT_EQ(warning_counter::count_containing("CPU 5"), 1u) << "reported once";
}

// Word accesses only (DDI 0471: "All these registers are word-accessible").
TEST_F(GicVirtualGich, BadAccessesGetErrorResponses) {
    using tlm::TLM_READ_COMMAND;
    using tlm::TLM_WRITE_COMMAND;
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, gich::HCR, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.hyp.access(TLM_WRITE_COMMAND, gich::HCR, 1, 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.gich_read(gich::HCR), 0u) << "refused write has no effect";
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, gich::LR0, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, gich::VTR + 2, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, 0x2000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, b.alias(0, 0x1FC), 0, 8, 0).status,
              tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "an access may not cross an alias frame";
    EXPECT_EQ(b.hyp.access(TLM_READ_COMMAND, gich::HCR, 0, 4, /*cpu*/ 2).status, tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "accessing CPU without a virtual interface";
    // Read-only registers ignore writes.
    b.gich_write(gich::VTR, 0);
    b.gich_write(gich::ELRSR0, 0);
    EXPECT_EQ(b.gich_read(gich::VTR), 0x90000003u);
    EXPECT_EQ(b.gich_read(gich::ELRSR0), 0xFu);
}

// IHI 0048B 5.3 GICH_VMCR: the same state as GICV_CTLR, PMR, BPR and ABPR.
TEST_F(GicVirtualGich, VmcrRoundTripsWithGicvViews) {
    // VMPriMask 0x15, VMBP 4, VMABP 5, VEM, VMCBPR, VMFIQEn, VMAckCtl, VMGrp1En.
    const uint32_t vmcr = (0x15u << 27) | (4u << 21) | (5u << 18) | (1u << 9) | 0x1Eu;
    b.gich_write(gich::VMCR, vmcr);
    EXPECT_EQ(b.gich_read(gich::VMCR), vmcr);
    EXPECT_EQ(b.gicv_read(gicv::CTLR), 0x21Eu);
    EXPECT_EQ(b.gicv_read(gicv::PMR), 0xA8u);
    EXPECT_EQ(b.gicv_read(gicv::BPR), 4u);
    EXPECT_EQ(b.gicv_read(gicv::ABPR), 5u);

    b.gicv_write(gicv::CTLR, 0x201);
    b.gicv_write(gicv::PMR, 0xF0);
    b.gicv_write(gicv::BPR, 3);
    b.gicv_write(gicv::ABPR, 6);
    EXPECT_EQ(b.gich_read(gich::VMCR), (0x1Eu << 27) | (3u << 21) | (6u << 18) | 0x201u);

    // Restoring a saved VMCR restores the guest's view exactly.
    b.gich_write(gich::VMCR, vmcr);
    EXPECT_EQ(b.gicv_read(gicv::CTLR), 0x21Eu);
    EXPECT_EQ(b.gicv_read(gicv::PMR), 0xA8u);
}

// IHI 0048B 4.4.3/4.4.8: a binary point below the minimum acts as the
// minimum (virtual interface: 5 preemption bits, BPR >= 2, ABPR >= 3).
TEST_F(GicVirtualGich, BinaryPointsClampToMinimum) {
    b.gicv_write(gicv::BPR, 0);
    b.gicv_write(gicv::ABPR, 1);
    EXPECT_EQ(b.gicv_read(gicv::BPR), 2u);
    EXPECT_EQ(b.gicv_read(gicv::ABPR), 3u);
    b.gich_write(gich::VMCR, 0);
    EXPECT_EQ(b.gich_read(gich::VMCR), 0x004C0000u);
    b.gicv_write(gicv::PMR, 0xFF);
    EXPECT_EQ(b.gicv_read(gicv::PMR), 0xF8u) << "5 implemented priority bits";
}

// IHI 0048B 5.3 GICH_HCR: the implemented fields read back, the rest RAZ.
TEST_F(GicVirtualGich, HcrReadsBackImplementedFields) {
    b.gich_write(gich::HCR, 0xFFFFFFFFu);
    EXPECT_EQ(b.gich_read(gich::HCR), 0xF80000FFu);
    b.gich_write(gich::HCR, 0);
    EXPECT_EQ(b.gich_read(gich::HCR), 0u);
}

// List register writes keep only the defined bits.
TEST_F(GicVirtualGich, ListRegisterReservedBitsReadAsZero) {
    b.gich_write(gich::LR0, 0x7FFFFFFFu); // HW = 0
    EXPECT_EQ(b.gich_read(gich::LR0), 0x7F881FFFu);
    b.gich_write(gich::LR0, 0xFFFFFFFFu); // HW = 1
    EXPECT_EQ(b.gich_read(gich::LR0), 0xFF8FFFFFu);
    EXPECT_EQ(warning_counter::count_containing("HW=1 and State=pending+active"), 1u);
}

// IHI 0048B 5.3 GICH_LRn: HW == 1 with pending+active is UNPREDICTABLE; the
// model keeps it as written and reports it once.
TEST_F(GicVirtualGich, HardwarePendingActiveIsKeptAndReportedOnce) {
    const auto lr = list_register::make_hardware(27, 27, 0x80, lr_state::pending_active);
    b.write_lr(0, lr);
    b.write_lr(1, lr);
    EXPECT_EQ(b.read_lr(0).state(), lr_state::pending_active);
    EXPECT_EQ(warning_counter::count_containing("HW=1 and State=pending+active"), 1u);
}

// Tracing queries are side-effect free and agree with the registers.
TEST_F(GicVirtualGich, TracingQueries) {
    b.enable();
    const auto lr = list_register::make_virtual(50, 0x80, lr_state::pending);
    b.write_lr(2, lr);
    EXPECT_EQ(b.vgic.list_register_value(0, 2), lr.raw());
    EXPECT_EQ(b.vgic.list_register_state(0, 2), lr_state::pending);
    EXPECT_TRUE(b.vgic.enabled(0));
    EXPECT_FALSE(b.vgic.enabled(1));
    EXPECT_EQ(b.vgic.maintenance_status(0), b.gich_read(gich::MISR));
    EXPECT_EQ(b.vgic.active_priorities(0), 0u);
    EXPECT_EQ(b.vgic.num_cpus(), 2u);
    EXPECT_EQ(b.vgic.num_list_registers(), 4u);
}

// Configuration limits: GICv2 has at most 8 CPU interfaces, GICH_VTR.ListRegs
// encodes 1..64 list registers. A bad value is an integration error.
TEST(GicVirtualGichConfig, RejectsBadConfiguration) {
    vp::gic::test::fake_physical_gic physical;
    EXPECT_THROW(virtual_gic("no_cpu", 0, 4, physical), sc_core::sc_report);
    EXPECT_THROW(virtual_gic("nine_cpus", 9, 4, physical), sc_core::sc_report);
    EXPECT_THROW(virtual_gic("no_lr", 1, 0, physical), sc_core::sc_report);
    EXPECT_THROW(virtual_gic("too_many_lrs", 1, 65, physical), sc_core::sc_report);
}
