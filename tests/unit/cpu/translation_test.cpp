// The VMSAv8-64 walker (components/cpu/translation.h) against hand-built
// translation tables: every descriptor kind, every fault kind, both stages
// (DDI 0487 D5.2 - D5.5, D13.2.40 fault codes, D17.2.106 PAR_EL1).
#include <gtest/gtest.h>

#include <map>

#include "cpu/translation.h"

namespace {

using namespace vp::cpu::mmu;
using acc = vp::cpu::mmu::access; // not POSIX access()

// Physical memory as a sparse map of 64-bit words; anything else is a bus error.
struct table_memory : phys_reader {
    std::map<uint64_t, uint64_t> words;
    bool read64(uint64_t pa, uint64_t& v) override {
        const auto it = words.find(pa);
        if (it == words.end()) return false;
        v = it->second;
        return true;
    }
    void set(uint64_t table, uint64_t index, uint64_t desc) { words[table + 8 * index] = desc; }
};

// Descriptor bits (D5.3).
constexpr uint64_t valid = 1, table = 3, page = 3, block = 1, af = 1ull << 10, ng = 1ull << 11;
constexpr uint64_t pxn = 1ull << 53, uxn = 1ull << 54;
constexpr uint64_t ap(unsigned v) { return uint64_t(v) << 6; }
constexpr uint64_t attr_index(unsigned i) { return uint64_t(i) << 2; }
constexpr uint64_t sh_inner = 3ull << 8;
// MAIR: index 0 Device-nGnRnE, 1 Normal WB, 2 Device-nGnRE.
constexpr uint64_t mair = 0x04ff00;

// TCR_EL1 with 4K granules, T0SZ = T1SZ = 16 (48-bit), IPS 48 bits.
constexpr uint64_t tcr_4k48 = 16 | (16ull << 16) | (2ull << 30) | (5ull << 32);

context el1_ctx(uint64_t ttbr0, uint64_t tcr = tcr_4k48) {
    context c;
    c.s1_enabled = true;
    c.tcr = tcr;
    c.ttbr0 = ttbr0;
    c.mair = mair;
    return c;
}

struct walk_fixture : testing::Test {
    table_memory m;
    result r;
    fault f;
    bool go(const context& c, uint64_t va, acc a = acc::read, bool el0 = false) {
        return translate(c, va, a, el0, m, r, f);
    }
    void expect_fault(fault_kind k, unsigned level, bool stage2 = false) {
        EXPECT_EQ(int(f.kind), int(k));
        EXPECT_EQ(f.level, level);
        EXPECT_EQ(f.stage2, stage2);
    }
};

// 4 KiB granule, 48-bit VA: four levels, L0 -> L1 -> L2 -> L3 page.
TEST_F(walk_fixture, FourKiBPageThroughFourLevels) {
    const uint64_t va = 0x0000123456789abcull;
    m.set(0x1000, (va >> 39) & 511, 0x2000 | table);
    m.set(0x2000, (va >> 30) & 511, 0x3000 | table);
    m.set(0x3000, (va >> 21) & 511, 0x4000 | table);
    m.set(0x4000, (va >> 12) & 511, 0x80005000ull | page | af | attr_index(1) | sh_inner);
    ASSERT_TRUE(go(el1_ctx(0x1000), va));
    EXPECT_EQ(r.pa, 0x80005abcull);
    EXPECT_FALSE(r.device);
    EXPECT_EQ(r.attr, 0xff);
    EXPECT_EQ(r.sh, 3);
    EXPECT_TRUE(r.global);
    EXPECT_EQ(r.level, 3);
}

TEST_F(walk_fixture, FourKiBBlocksAtLevelOneAndTwo) {
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 1, 0x80000000ull | block | af | attr_index(0)); // 1 GiB at VA 0x40000000
    m.set(0x2000, 2, 0x3000 | table);
    m.set(0x3000, 3, 0x12000000ull | block | af | attr_index(2)); // 2 MiB at VA 0x80600000
    ASSERT_TRUE(go(el1_ctx(0x1000), 0x40123456));
    EXPECT_EQ(r.pa, 0x80123456ull);
    EXPECT_TRUE(r.device);
    EXPECT_EQ(r.attr, 0x00);
    EXPECT_EQ(r.level, 1);
    ASSERT_TRUE(go(el1_ctx(0x1000), 0x80654321));
    EXPECT_EQ(r.pa, 0x12054321ull);
    EXPECT_EQ(r.attr, 0x04);
    EXPECT_EQ(r.level, 2);
}

// 16 KiB granule, 47-bit VA: the walk starts at level 1 (11 bits per level).
TEST_F(walk_fixture, SixteenKiBGranuleBlockAndPage) {
    const uint64_t tcr = 17 | (2ull << 14) | (5ull << 32); // T0SZ 17, TG0 = 16K
    const uint64_t va = 0x0000400002004123ull;
    m.set(0x10000, (va >> 36) & 2047, 0x20000 | table);
    m.set(0x20000, (va >> 25) & 2047, 0x30000 | table);
    m.set(0x30000, (va >> 14) & 2047, 0x90004000ull | page | af | attr_index(1));
    ASSERT_TRUE(go(el1_ctx(0x10000, tcr), va));
    EXPECT_EQ(r.pa, 0x90004123ull);
    // A level 2 block is 32 MiB.
    m.set(0x20000, 0, 0xa2000000ull | block | af | attr_index(1));
    ASSERT_TRUE(go(el1_ctx(0x10000, tcr), 0x0000400001234567ull));
    EXPECT_EQ(r.pa, 0xa3234567ull);
    EXPECT_EQ(r.level, 2);
}

// 64 KiB granule, 42-bit VA: levels 2 and 3 (13 bits per level).
TEST_F(walk_fixture, SixtyFourKiBGranuleTwoLevels) {
    const uint64_t tcr = 22 | (1ull << 14) | (5ull << 32); // T0SZ 22, TG0 = 64K
    const uint64_t va = 0x000002345678abcdull;
    m.set(0x100000, (va >> 29) & 8191, 0x200000 | table);
    m.set(0x200000, (va >> 16) & 8191, 0x7ff0000ull | page | af | attr_index(1));
    ASSERT_TRUE(go(el1_ctx(0x100000, tcr), va));
    EXPECT_EQ(r.pa, 0x7ffabcdull);
    // Level 2 block = 512 MiB.
    m.set(0x100000, 3, 0x20000000ull | block | af | attr_index(1));
    ASSERT_TRUE(go(el1_ctx(0x100000, tcr), 0x6abcdef0));
    EXPECT_EQ(r.pa, 0x2abcdef0ull);
}

// TTBR1 covers the top of the address space; bits above the VA size must all
// equal bit 55 (D5.2.5), otherwise a level 0 Translation fault.
TEST_F(walk_fixture, UpperRangeUsesTtbr1AndGapFaults) {
    const uint64_t tcr = 25 | (25ull << 16) | (2ull << 30) | (5ull << 32); // 39-bit ranges: start level 1
    context c = el1_ctx(0x1000, tcr);
    c.ttbr1 = 0x5000 | (0x42ull << 48); // ASID in TTBR1[63:48] is not part of the address
    m.set(0x5000, 511, 0xc0000000ull | block | af | attr_index(1));
    ASSERT_TRUE(go(c, 0xffffffffc0001234ull));
    EXPECT_EQ(r.pa, 0xc0001234ull);
    EXPECT_FALSE(go(c, 0x0000008000000000ull)); // above the 39-bit lower range
    expect_fault(fault_kind::translation, 0);
    EXPECT_FALSE(go(c, 0xfff0000000000000ull)); // below the upper range
    expect_fault(fault_kind::translation, 0);
    c.tcr |= 1ull << 23; // EPD1: no walks through TTBR1
    EXPECT_FALSE(go(c, 0xffffffffc0001234ull));
    expect_fault(fault_kind::translation, 0);
}

TEST_F(walk_fixture, TopByteIgnoredWithTbi) {
    context c = el1_ctx(0x1000);
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 1, 0x80000000ull | block | af | attr_index(1));
    EXPECT_FALSE(go(c, 0x5a00000040000000ull));
    expect_fault(fault_kind::translation, 0);
    c.tcr |= 1ull << 37; // TBI0
    ASSERT_TRUE(go(c, 0x5a00000040000000ull));
    EXPECT_EQ(r.pa, 0x80000000ull);
}

TEST_F(walk_fixture, InvalidAndReservedDescriptorsAreTranslationFaults) {
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 0, 0x3000 | table);
    m.set(0x3000, 0, 0x4000 | table);
    m.set(0x3000, 1, 0);                                  // invalid at level 2
    m.set(0x4000, 0, 0x5000 | 1 | af);                    // 0b01 at level 3 is reserved
    m.set(0x1000, 1, 0x8000000000ull | block | af);      // level 0 block: not with 4K
    EXPECT_FALSE(go(el1_ctx(0x1000), 0x200000));
    expect_fault(fault_kind::translation, 2);
    EXPECT_FALSE(go(el1_ctx(0x1000), 0x0));
    expect_fault(fault_kind::translation, 3);
    EXPECT_FALSE(go(el1_ctx(0x1000), 0x8000000000ull));
    expect_fault(fault_kind::translation, 0);
    EXPECT_EQ(f.fsc(), 0x04u);
}

TEST_F(walk_fixture, AccessFlagFaultWithoutHardwareUpdate) {
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 0, 0x3000 | table);
    m.set(0x3000, 0, 0x40000000ull | block); // AF = 0
    EXPECT_FALSE(go(el1_ctx(0x1000), 0x1000));
    expect_fault(fault_kind::access_flag, 2);
    EXPECT_EQ(f.fsc(), 0x0au);
    EXPECT_EQ(m.words[0x3000], 0x40000000ull | block) << "no hardware AF update";
}

TEST_F(walk_fixture, AddressSizeFaultsOnTableAndOutput) {
    const uint64_t tcr = 25 | (2ull << 30) | (0ull << 32); // 39-bit VA, IPS = 32 bits
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 0, 0x100000000ull | page | af);        // level 2 table... descriptor is "table" form
    m.set(0x1000, 1, 0x140000000ull | block | af);       // 1 GiB block above 4 GiB
    EXPECT_FALSE(go(el1_ctx(0x1000, tcr), 0x40000000));
    expect_fault(fault_kind::address_size, 1);
    EXPECT_FALSE(go(el1_ctx(0x1000, tcr), 0x0));
    expect_fault(fault_kind::address_size, 2);
    EXPECT_EQ(f.fsc(), 0x02u);
    EXPECT_FALSE(go(el1_ctx(0x100000000ull, tcr), 0x0)); // TTBR beyond IPS
    expect_fault(fault_kind::address_size, 1);
}

TEST_F(walk_fixture, ExternalAbortOnTableRead) {
    m.set(0x1000, 0, 0x2000 | table); // 0x2000 is not memory
    EXPECT_FALSE(go(el1_ctx(0x1000), 0x1000));
    expect_fault(fault_kind::walk_external, 1);
    EXPECT_EQ(f.fsc(), 0x15u);
}

// D5.4 data access permissions for EL1&0 (AP[2:1]) and execute-never.
TEST_F(walk_fixture, StageOnePermissionsByApAndXn) {
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 0, 0x3000 | table);
    const uint64_t base = block | af | attr_index(1);
    m.set(0x3000, 0, 0x00000000 | base | ap(0));       // EL1 RW, EL0 none
    m.set(0x3000, 1, 0x00200000 | base | ap(1));       // EL1 RW, EL0 RW (so no EL1 execute)
    m.set(0x3000, 2, 0x00400000 | base | ap(2));       // EL1 RO
    m.set(0x3000, 3, 0x00600000 | base | ap(3) | pxn); // RO both, EL0 exec only
    m.set(0x3000, 4, 0x00800000 | base | ap(3) | uxn); // RO both, EL1 exec only
    const context c = el1_ctx(0x1000);
    ASSERT_TRUE(go(c, 0x000000));
    EXPECT_TRUE(r.r[1] && r.w[1] && r.x[1]);
    EXPECT_FALSE(r.r[0] || r.w[0]);
    EXPECT_FALSE(go(c, 0x000000, acc::read, true));
    expect_fault(fault_kind::permission, 2);
    EXPECT_EQ(f.fsc(), 0x0eu);
    ASSERT_TRUE(go(c, 0x200000, acc::write, true));
    EXPECT_FALSE(r.x[1]) << "EL0-writable memory is privileged execute-never";
    EXPECT_TRUE(r.x[0]);
    EXPECT_FALSE(go(c, 0x400000, acc::write));
    expect_fault(fault_kind::permission, 2);
    EXPECT_TRUE(go(c, 0x400000, acc::read));
    EXPECT_FALSE(go(c, 0x600000, acc::fetch));
    expect_fault(fault_kind::permission, 2);
    EXPECT_TRUE(go(c, 0x600000, acc::fetch, true));
    EXPECT_TRUE(go(c, 0x800000, acc::fetch));
    EXPECT_FALSE(go(c, 0x800000, acc::fetch, true));
    EXPECT_FALSE(go(c, 0x800000, acc::write, true));
    // SCTLR.WXN: writable means execute-never.
    context w = c;
    w.wxn = true;
    ASSERT_TRUE(go(w, 0x000000));
    EXPECT_FALSE(r.x[1]);
}

TEST_F(walk_fixture, HierarchicalTableAttributes) {
    const uint64_t aptable1 = 1ull << 62, aptable0 = 1ull << 61, uxntable = 1ull << 60, pxntable = 1ull << 59;
    m.set(0x1000, 0, 0x2000 | table | aptable1 | pxntable);
    m.set(0x2000, 0, 0x3000 | table | aptable0 | uxntable);
    m.set(0x3000, 0, block | af | attr_index(1) | ap(1) | ng);
    ASSERT_TRUE(go(el1_ctx(0x1000), 0x1000));
    EXPECT_FALSE(r.w[1]) << "APTable[1]";
    EXPECT_FALSE(r.r[0]) << "APTable[0]";
    EXPECT_FALSE(r.x[0]) << "UXNTable";
    EXPECT_FALSE(r.x[1]) << "PXNTable";
    EXPECT_FALSE(r.global);
}

// EL2 regime: TTBR0_EL2 only, AP[2] read-only, XN at bit 54, TCR_EL2.PS.
TEST_F(walk_fixture, El2RegimeStageOne) {
    context c;
    c.s1_enabled = true;
    c.el2_regime = true;
    c.tcr = 25 | (5ull << 16) | (1u << 23); // T0SZ 25, PS 48 bits, RES1 bit 23
    c.ttbr0 = 0x1000;
    c.mair = mair;
    m.set(0x1000, 1, 0x40000000ull | block | af | attr_index(1) | ap(2) | uxn | ng);
    ASSERT_TRUE(go(c, 0x40000008));
    EXPECT_EQ(r.pa, 0x40000008ull);
    EXPECT_TRUE(r.global) << "nG is ignored in the EL2 regime";
    EXPECT_FALSE(go(c, 0x40000008, acc::write));
    expect_fault(fault_kind::permission, 1);
    EXPECT_FALSE(go(c, 0x40000008, acc::fetch));
    EXPECT_FALSE(go(c, 0xffffffffc0000000ull)); // no upper range at EL2
    expect_fault(fault_kind::translation, 0);
}

TEST_F(walk_fixture, StageOneDisabledIsFlatDeviceDataNormalFetch) {
    context c;
    ASSERT_TRUE(go(c, 0x09000000));
    EXPECT_EQ(r.pa, 0x09000000ull);
    EXPECT_TRUE(r.device);
    ASSERT_TRUE(go(c, 0x40000000, acc::fetch));
    EXPECT_FALSE(r.device);
    EXPECT_FALSE(go(c, 1ull << 48));
    expect_fault(fault_kind::address_size, 0);
}

// ---- stage 2 ----

// VTCR_EL2: 4K, T0SZ 32 (4 GiB IPA), SL0 = 1 (start level 1), PS 40 bits.
constexpr uint64_t vtcr_4k32 = 32 | (1u << 6) | (2ull << 16);
constexpr uint64_t s2_normal = 0xfull << 2, s2_device = 0x0ull << 2, s2_rw = 3ull << 6, s2_ro = 1ull << 6;
constexpr uint64_t s2_xn = 1ull << 54;

context s2_ctx(bool s1) {
    context c = el1_ctx(0x40001000);
    c.s1_enabled = s1;
    c.s2_enabled = true;
    c.vtcr = vtcr_4k32;
    c.vttbr = 0x80000000 | (5ull << 48); // VMID 5
    return c;
}

struct stage2_fixture : walk_fixture {
    void SetUp() override {
        // Stage 2: IPA 0x40000000 (1 GiB) -> PA 0x80000000 via 2 MiB blocks
        // and one 4 KiB page table; IPA 0x08000000 (GIC) device, read-only.
        m.set(0x80000000, 1, 0x80002000 | table);
        for (uint64_t i = 0; i < 512; ++i)
            m.set(0x80002000, i, (0x80000000 + (i << 21)) | block | af | s2_normal | s2_rw | sh_inner);
        m.set(0x80002000, 5, 0x80003000 | table);
        m.set(0x80003000, 0, 0x90000000 | page | af | s2_normal | s2_ro | s2_xn);
        m.set(0x80003000, 1, 0x90001000 | page | s2_normal | s2_rw); // AF = 0
        m.set(0x80000000, 0, 0x80004000 | table);
        m.set(0x80004000, 64, 0x08000000 | block | af | s2_device | s2_rw);
        m.set(0x80000000, 2, 0);
        m.set(0x80000000, 3, 0);
    }
};

TEST_F(stage2_fixture, StageTwoOnlyTranslatesIpaAndCombinesDevice) {
    const context c = s2_ctx(false);
    ASSERT_TRUE(go(c, 0x40201234));
    EXPECT_EQ(r.pa, 0x80201234ull);
    EXPECT_TRUE(r.device) << "stage 1 off: Device data; Device wins over stage 2 Normal";
    ASSERT_TRUE(go(c, 0x40201234, acc::fetch));
    EXPECT_FALSE(r.device);
    ASSERT_TRUE(go(c, 0x08010000));
    EXPECT_EQ(r.pa, 0x08010000ull);
    EXPECT_TRUE(r.device);
    context dc = c;
    dc.dc = true; // HCR_EL2.DC: Normal write-back
    ASSERT_TRUE(go(dc, 0x40201234));
    EXPECT_FALSE(r.device);
}

// A misaligned data access to Device memory: an Alignment fault after the
// walk's own faults and before the permission check of the same stage;
// stage 2's own type faults at stage 2 (R_XCHFJ). Fetches never.
TEST_F(stage2_fixture, MisalignedDeviceIsAnAlignmentFaultInPriorityOrder) {
    context dc = s2_ctx(false);
    dc.dc = true; // stage 1 off but Normal: stage 2 decides
    ASSERT_TRUE(translate(dc, 0x40201233, acc::read, false, m, r, f, true)) << "Normal at both stages";
    EXPECT_FALSE(translate(dc, 0x08010001, acc::read, false, m, r, f, true));
    expect_fault(fault_kind::alignment, 0, true);
    EXPECT_EQ(f.ipa, 0x08010001ull);
    EXPECT_EQ(f.fsc(), 0x21u);
    const context c = s2_ctx(false); // stage 1 off: Device-nGnRnE at stage 1
    EXPECT_FALSE(translate(c, 0x40201233, acc::read, false, m, r, f, true));
    expect_fault(fault_kind::alignment, 0, false);
    EXPECT_TRUE(translate(c, 0x40201233, acc::fetch, false, m, r, f, true));
    // Stage 1 Device and read-only: the Alignment fault comes first; an
    // invalid page stays a Translation fault.
    context s1 = el1_ctx(0x1000, tcr_4k48);
    m.set(0x1000, 0, 0x2000 | table);
    m.set(0x2000, 1, 0x3000 | table);
    m.set(0x3000, 0, 0x4000 | table);
    m.set(0x4000, 0, 0x40000000 | page | af | attr_index(0) | ap(2)); // Device, RO
    m.set(0x4000, 1, 0);
    EXPECT_FALSE(translate(s1, 0x40000004, acc::write, false, m, r, f, true));
    expect_fault(fault_kind::alignment, 0, false);
    EXPECT_FALSE(translate(s1, 0x40000008, acc::write, false, m, r, f, false));
    expect_fault(fault_kind::permission, 3, false);
    EXPECT_FALSE(translate(s1, 0x40001004, acc::read, false, m, r, f, true));
    expect_fault(fault_kind::translation, 3, false);
}

TEST_F(stage2_fixture, StageTwoFaultsCarryTheIpa) {
    const context c = s2_ctx(false);
    EXPECT_FALSE(go(c, 0x40a00010, acc::write)); // S2AP read-only
    expect_fault(fault_kind::permission, 3, true);
    EXPECT_EQ(f.ipa, 0x40a00010ull);
    EXPECT_FALSE(f.s1ptw);
    EXPECT_TRUE(go(c, 0x40a00010, acc::read));
    EXPECT_FALSE(go(c, 0x40a00010, acc::fetch)); // stage 2 XN
    expect_fault(fault_kind::permission, 3, true);
    EXPECT_FALSE(go(c, 0x40a01000)); // AF = 0
    expect_fault(fault_kind::access_flag, 3, true);
    EXPECT_FALSE(go(c, 0xc0000000)); // no level 1 entry
    expect_fault(fault_kind::translation, 1, true);
    EXPECT_EQ(f.ipa, 0xc0000000ull);
    EXPECT_FALSE(go(c, 0x100000000ull)); // beyond T0SZ
    expect_fault(fault_kind::translation, 0, true);
}

TEST_F(stage2_fixture, InconsistentStartLevelIsLevelZeroFault) {
    context c = s2_ctx(false);
    c.vtcr = 32 | (2u << 6) | (2ull << 16); // SL0 = 2 (level 0) resolves < 1 bit for 32-bit IPA
    EXPECT_FALSE(go(c, 0x40000000));
    expect_fault(fault_kind::translation, 0, true);
}

TEST_F(stage2_fixture, ConcatenatedStartTables) {
    // T0SZ 24 (40-bit IPA) with SL0 = 1: two concatenated level 1 tables.
    context c = s2_ctx(false);
    c.vtcr = 24 | (1u << 6) | (2ull << 16);
    c.vttbr = 0xa0000000;
    m.set(0xa0000000, 512 + 3, 0x40000000 | block | af | s2_normal | s2_rw); // IPA 0x80c0000000
    ASSERT_TRUE(go(c, 0x80c0000123ull, acc::fetch));
    EXPECT_EQ(r.pa, 0x40000123ull);
}

TEST_F(stage2_fixture, StageOneWalkThroughStageTwo) {
    context c = s2_ctx(true);
    c.ttbr0 = 0x40001000;
    c.tcr = 25 | (2ull << 30) | (5ull << 32); // 39-bit VA: L1 table at IPA 0x40001000
    // L1 table at IPA 0x40001000 = PA 0x80001000.
    m.words[0x80001000 + 8 * 0] = 0x40005000 | table;              // VA 0..1G -> L2 at IPA 0x40005000
    m.words[0x80001000 + 8 * 1] = 0x40000000 | block | af | attr_index(1);
    m.words[0x80001000 + 8 * 2] = 0x40a00000 | table;              // L2 at IPA 0x40a00000: S2 page read-only
    m.words[0x80001000 + 8 * 3] = 0xc0000000 | table;              // L2 at an IPA stage 2 does not map
    m.words[0x80005000 + 8 * 0] = 0x08000000 | block | af | attr_index(1); // VA 0 -> IPA GIC (S2 Device)
    m.words[0x90000000 + 8 * 0] = 0x40200000 | block | af | attr_index(1);
    ASSERT_TRUE(go(c, 0x40000010));
    EXPECT_EQ(r.pa, 0x80000010ull) << "VA 1G -> IPA 1G -> PA 2G";
    EXPECT_FALSE(r.device);
    ASSERT_TRUE(go(c, 0x00000010));
    EXPECT_TRUE(r.device) << "stage 1 Normal, stage 2 Device: Device";
    ASSERT_TRUE(go(c, 0x80000010)) << "table in stage 2 read-only memory: readable";
    EXPECT_EQ(r.pa, 0x80200010ull);
    EXPECT_FALSE(go(c, 0xc0000000));
    expect_fault(fault_kind::translation, 1, true);
    EXPECT_TRUE(f.s1ptw);
    EXPECT_EQ(f.ipa, 0xc0000000ull);
    // HCR_EL2.PTW: a stage 1 table in stage 2 Device memory is a Permission fault.
    m.words[0x80001000 + 8 * 0] = 0x08000000 | table;
    c.ptw = true;
    EXPECT_FALSE(go(c, 0x10));
    expect_fault(fault_kind::permission, 2, true);
    EXPECT_TRUE(f.s1ptw);
}

TEST_F(walk_fixture, ParEncodesResultAndFault) {
    result ok;
    ok.pa = 0x80005abcull;
    ok.attr = 0xff;
    ok.sh = 3;
    const uint64_t par = par_value(true, ok, fault{});
    EXPECT_EQ(par & 1, 0u);
    EXPECT_EQ(par & 0x0000fffffffff000ull, 0x80005000ull);
    EXPECT_EQ(par >> 56, 0xffu);
    EXPECT_EQ((par >> 7) & 3, 3u);
    const fault f2{fault_kind::translation, 2, true, true, 0x1000};
    const uint64_t bad = par_value(false, result{}, f2);
    EXPECT_EQ(bad & 1, 1u);
    EXPECT_EQ((bad >> 1) & 0x3f, 0x06u);
    EXPECT_EQ((bad >> 8) & 1, 1u) << "PTW";
    EXPECT_EQ((bad >> 9) & 1, 1u) << "S: stage 2";
}

} // namespace
