// GICH_LRn field decode (IHI 0048B 5.3, "List Registers, GICH_LRn") and the
// GICH_HCR/GICH_VMCR field layouts (IHI 0048B 5.3).
#include <gtest/gtest.h>

#include "gic/virtual_control_registers.h"
#include "gic/virtual_list_register.h"

using namespace vp::gic;

// IHI 0048B 5.3 GICH_LRn with HW == 0: [19] EOI, [12:10] CPUID.
TEST(GicVirtualListRegister, DecodesSoftwareInterruptFields) {
    // Grp1=1, State=pending+active, Priority=0x13 (8-bit 0x98), EOI=1, CPUID=5, VirtualID=3.
    const uint32_t raw = (1u << 30) | (3u << 28) | (0x13u << 23) | (1u << 19) | (5u << 10) | 3u;
    const list_register d(raw);
    EXPECT_FALSE(d.hw());
    EXPECT_TRUE(d.group1());
    EXPECT_EQ(d.state(), lr_state::pending_active);
    EXPECT_TRUE(d.is_pending());
    EXPECT_TRUE(d.is_active());
    EXPECT_EQ(d.priority(), 0x98);
    EXPECT_TRUE(d.eoi());
    EXPECT_EQ(d.cpuid(), 5u);
    EXPECT_EQ(d.virtual_id(), 3u);
    EXPECT_EQ(d.physical_id(), 0u) << "no PhysicalID when HW == 0";
    EXPECT_EQ(d.raw(), raw);
}

// IHI 0048B 5.3 GICH_LRn with HW == 1: bits [19:10] are PhysicalID, so there
// is no EOI bit and no CPUID.
TEST(GicVirtualListRegister, HardwareBitChangesMeaningOfBits19To10) {
    const uint32_t raw = (1u << 31) | (1u << 28) | (0x1Fu << 23) | (0x21Bu << 10) | 27u; // pINTID 539: bit 19 set
    const list_register d(raw);
    EXPECT_TRUE(d.hw());
    EXPECT_FALSE(d.group1());
    EXPECT_EQ(d.state(), lr_state::pending);
    EXPECT_EQ(d.priority(), 0xF8);
    EXPECT_EQ(d.physical_id(), 0x21Bu);
    EXPECT_FALSE(d.eoi()) << "bit 19 is PhysicalID[9] when HW == 1";
    EXPECT_EQ(d.cpuid(), 0u) << "bits 12:10 are PhysicalID[2:0] when HW == 1";
    EXPECT_EQ(d.virtual_id(), 27u);
    EXPECT_EQ(d.raw(), raw) << "all of [19:10] is stored when HW == 1";
}

// Reserved bits ([22:20]; [18:13] when HW == 0) are not stored.
TEST(GicVirtualListRegister, ReservedBitsAreNotStored) {
    EXPECT_EQ(list_register(0x00700000u).raw(), 0u);
    EXPECT_EQ(list_register(0x0007E000u).raw(), 0u) << "[18:13] reserved when HW == 0";
    EXPECT_EQ(list_register(0x8007E000u).raw(), 0x8007E000u) << "[18:13] are PhysicalID bits when HW == 1";
}

TEST(GicVirtualListRegister, BuildersAndStateChange) {
    const auto v = list_register::make_virtual(40, 0xA0, lr_state::pending, true, true, 0);
    EXPECT_EQ(v.virtual_id(), 40u);
    EXPECT_EQ(v.priority(), 0xA0);
    EXPECT_TRUE(v.group1());
    EXPECT_TRUE(v.eoi());
    const auto a = v.with_state(lr_state::active);
    EXPECT_EQ(a.state(), lr_state::active);
    EXPECT_EQ(a.raw() & ~(3u << 28), v.raw() & ~(3u << 28)) << "only State changes";
    const auto h = list_register::make_hardware(27, 27, 0x80, lr_state::pending);
    EXPECT_TRUE(h.hw());
    EXPECT_EQ(h.physical_id(), 27u);
    EXPECT_EQ(h.raw(), 0x80000000u | (1u << 28) | (0x10u << 23) | (27u << 10) | 27u);
}

// IHI 0048B 5.3 GICH_HCR: En[0] .. VGrp1DIE[7], EOICount[31:27]; reserved bits dropped.
TEST(GicVirtualControlRegisters, HcrRoundTrip) {
    EXPECT_EQ(hypervisor_control::from_raw(0xFFFFFFFFu).raw(), 0xF80000FFu);
    const auto h = hypervisor_control::from_raw((7u << 27) | 0x5u);
    EXPECT_TRUE(h.en);
    EXPECT_FALSE(h.uie);
    EXPECT_TRUE(h.lrenpie);
    EXPECT_EQ(h.eoi_count, 7u);
}

// IHI 0048B 5.3 GICH_VMCR; GIC-400 reset 0x004C0000 = VMBP 2, VMABP 3 (DDI 0471).
TEST(GicVirtualControlRegisters, VmcrFieldsAndMinimumBinaryPoints) {
    const auto r = virtual_machine_control::from_vmcr(0x004C0000u);
    EXPECT_EQ(r.bpr, 2u);
    EXPECT_EQ(r.abpr, 3u);
    EXPECT_EQ(r.vmcr(), 0x004C0000u);
    const auto z = virtual_machine_control::from_vmcr(0);
    EXPECT_EQ(z.bpr, 2u) << "VMBP below the minimum reads as the minimum";
    EXPECT_EQ(z.abpr, 3u);
    const auto f = virtual_machine_control::from_vmcr(0xFFFFFFFFu);
    EXPECT_EQ(f.vmcr(), 0xF8FC021Fu) << "only VMPriMask, VMBP, VMABP, VEM and [4:0] are stored";
    EXPECT_EQ(f.ctlr(), 0x21Fu);
    EXPECT_EQ(f.pmr(), 0xF8);
}
