// The core with translation on: syndromes of translation faults (ESR, FAR,
// HPFAR exact: DDI 0487 D13.2.37/40, D17.2.56), memory types driving
// alignment, TLB maintenance, AT/PAR_EL1. Hand-built tables in the core's RAM,
// hand-encoded instructions.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "cpu/core.h"
#include "quiet_core_env.h"

namespace {

using vp::cpu::core;

constexpr uint64_t ram_base = 0x40000000, ram_size = 4 << 20;
constexpr uint64_t code = ram_base;          // instructions under test
constexpr uint64_t s1_l1 = 0x40100000, s1_l2 = 0x40101000, s1_l3 = 0x40102000;
constexpr uint64_t s2_l1 = 0x40110000, s2_l2 = 0x40111000;
constexpr uint64_t table = 3, page = 3, block = 1, af = 1u << 10;
constexpr uint64_t normal = 1u << 2, device = 0;  // AttrIndx 1 / 0 with MAIR below
constexpr uint64_t mair = 0xff00;              // 0: Device-nGnRnE, 1: Normal WB

// A64 encodings.
constexpr uint32_t ldr_x0_x1 = 0xf9400020, str_x0_x1 = 0xf9000020, ldr_w2_x1 = 0xb9400022;
constexpr uint32_t tlbi_vmalle1 = 0xd508871f, at_s1e1r_x1 = 0xd5087801, at_s12e1r_x1 = 0xd50c7881;
// TLBI <op>, X3 (SYS #op1, C8, CRm, #op2, X3).
constexpr uint32_t tlbi_x3(unsigned op1, unsigned crm, unsigned op2) {
    return 0xd5088003u | (op1 << 16) | (crm << 8) | (op2 << 5);
}
// The operand of a TLBI by VA: VA[55:12] in bits 43:0, an ASID in 63:48.
constexpr uint64_t tlbi_va(uint64_t va, uint64_t asid = 0) { return ((va >> 12) & ((1ull << 44) - 1)) | (asid << 48); }

struct mmu_core : testing::Test {
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size, 0);
    vp::test::quiet_core_env env;
    core c{vp::cpu::core_config{}, &env};
    vp::cpu::arch_state& s = c.state();

    void SetUp() override {
        c.map_ram(ram.data(), ram_base, ram_size);
        c.reset(code);
        s.sys.vbar_el1 = s.sys.vbar_el2 = ram_base + 0x10000;
    }
    void w64(uint64_t pa, uint64_t v) { std::memcpy(&ram[pa - ram_base], &v, 8); }
    uint64_t r64(uint64_t pa) { uint64_t v; std::memcpy(&v, &ram[pa - ram_base], 8); return v; }
    void w32(uint64_t pa, uint32_t v) { std::memcpy(&ram[pa - ram_base], &v, 4); }

    // Stage 1 (EL1&0, 4K, 39-bit VA): VA 0x40000000..0x401fffff identity by
    // Normal pages, 0x40200000.. a Normal 2 MiB block; MMU on at EL1.
    void stage1_on() {
        w64(s1_l1 + 8 * 1, s1_l2 | table);
        w64(s1_l2 + 8 * 0, s1_l3 | table);
        w64(s1_l2 + 8 * 1, 0x40200000 | block | af | normal);
        for (uint64_t i = 0; i < 512; ++i) w64(s1_l3 + 8 * i, (ram_base + (i << 12)) | page | af | normal);
        s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
        s.sys.ttbr0_el1 = s1_l1;
        s.sys.mair_el1 = mair;
        s.sys.sctlr_el1 |= 1;
        c.set_el(1, true);
        c.translation_changed();
    }
    void l3(uint64_t va, uint64_t desc) { w64(s1_l3 + 8 * ((va >> 12) & 511), desc); }
    // Reads `va` (which holds 0xaaaa) through X1, writes `desc` at `desc_at`,
    // checks that the TLB still gives the old translation, runs the TLBI
    // `tlbi` for `tlbi_at` and reads `va` again into X0.
    void remap_then_tlbi(uint64_t va, uint64_t desc_at, uint64_t desc, uint64_t tlbi_at, uint32_t tlbi) {
        c.set_x(1, va);
        exec(ldr_x0_x1);
        EXPECT_EQ(c.x(0), 0xaaaau);
        w64(desc_at, desc);
        exec(ldr_x0_x1);
        EXPECT_EQ(c.x(0), 0xaaaau) << "no TLBI yet";
        c.set_x(3, tlbi_va(tlbi_at));
        exec(tlbi);
        exec(ldr_x0_x1);
    }
    // Runs one instruction placed at `at`.
    void exec(uint32_t insn, uint64_t at = code) {
        w32(at, insn);
        c.invalidate_code(at, 4);
        c.set_pc(at);
        c.step();
    }
};

TEST_F(mmu_core, StageOnePermissionFaultSyndrome) {
    stage1_on();
    l3(0x40050000, 0x40050000 | page | af | normal | (2u << 6)); // AP = RO
    c.set_x(1, 0x40050008);
    exec(str_x0_x1);
    // EC 0x25, IL, WnR, DFSC = permission level 3. No instruction syndrome:
    // "ISV is 0 for all faults reported in ESR_EL1" (D13.2.37).
    EXPECT_EQ(s.esr[1], 0x9600004full);
    EXPECT_EQ(s.far[1], 0x40050008ull);
    EXPECT_EQ(c.pc(), s.sys.vbar_el1 + 0x200);
    c.set_el(1, true);
    exec(ldr_x0_x1); // reads are allowed
    EXPECT_EQ(c.pc(), code + 4);
}

TEST_F(mmu_core, StageTwoFaultGoesToEl2WithHpfarAndInstructionSyndrome) {
    w64(s2_l1 + 8 * 1, s2_l2 | table);
    w64(s2_l2 + 8 * 0, 0x40000000 | block | af | (0xfu << 2) | (3u << 6));
    s.sys.vtcr_el2 = 32 | (1u << 6) | (2ull << 16);
    s.sys.vttbr_el2 = s2_l1 | (7ull << 48);
    s.sys.hcr_el2 |= 1; // VM
    c.set_el(1, true);
    c.translation_changed();
    c.set_x(1, 0x40234568); // IPA beyond the stage 2 block: level 2 invalid
    exec(ldr_w2_x1);
    EXPECT_EQ(c.el(), 2u);
    // EC 0x24 (lower EL), IL, ISV, SAS = 2, SRT = 2, WnR = 0, DFSC = translation level 2.
    EXPECT_EQ(s.esr[2], 0x93820006ull);
    EXPECT_EQ(s.far[2], 0x40234568ull);
    EXPECT_EQ(s.sys.hpfar_el2, 0x402340ull);
    EXPECT_EQ(c.pc(), s.sys.vbar_el2 + 0x400);
}

TEST_F(mmu_core, StageTwoFaultOnStageOneWalkSetsS1ptw) {
    w64(s2_l1 + 8 * 1, s2_l2 | table);
    w64(s2_l2 + 8 * 0, 0x40000000 | block | af | (0xfu << 2) | (3u << 6));
    s.sys.vtcr_el2 = 32 | (1u << 6) | (2ull << 16);
    s.sys.vttbr_el2 = s2_l1;
    s.sys.hcr_el2 |= 1;
    stage1_on();
    w64(s1_l2 + 8 * 1, 0x40300000 | table); // stage 1 table at an IPA stage 2 does not map
    c.set_x(1, 0x40200010);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.el(), 2u);
    // EC 0x24, IL, ISV = 0 (S1PTW), S1PTW, WnR = 0, DFSC = translation level 2.
    EXPECT_EQ(s.esr[2], 0x92000086ull);
    EXPECT_EQ(s.far[2], 0x40200010ull);
    EXPECT_EQ(s.sys.hpfar_el2, 0x403000ull);
}

// ESR_EL2 reports the instruction syndrome for stage 2 aborts only
// (D13.2.37): a stage 1 Permission fault of EL2's own regime has ISV = 0.
TEST_F(mmu_core, StageOneFaultAtEl2HasNoInstructionSyndrome) {
    stage1_on(); // the same tables serve the EL2 regime (TCR_EL2 has no TTBR1)
    s.sys.tcr_el2 = 25 | (5ull << 16); // T0SZ 25, PS 48 bits
    s.sys.ttbr0_el2 = s1_l1;
    s.sys.mair_el2 = mair;
    s.sys.sctlr_el2 |= 1;
    c.set_el(2, true);
    c.translation_changed();
    l3(0x40050000, 0x40050000 | page | af | normal | (2u << 6)); // AP[2] = 1: read-only
    c.set_x(1, 0x40050008);
    exec(str_x0_x1);
    ASSERT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x9600004full) << "EC 0x25, IL, WnR, permission level 3; ISV 0 (not a stage 2 abort)";
    EXPECT_EQ(s.far[2], 0x40050008ull);
}

TEST_F(mmu_core, MemoryTypeDecidesMisalignedAccesses) {
    stage1_on();
    w64(0x40060000, 0x8877665544332211ull);
    w64(0x40060008, 0xffeeddccbbaa9988ull);
    c.set_x(1, 0x40060003);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.pc(), code + 4) << "Normal memory: misaligned load is legal";
    EXPECT_EQ(c.x(0), 0xaa99888877665544ull);
    l3(0x40061000, 0x40061000 | page | af | device);
    c.set_x(1, 0x40061003);
    exec(ldr_x0_x1);
    EXPECT_EQ(s.esr[1] & 0x3f, 0x21u) << "Device memory: Alignment fault";
    EXPECT_EQ(s.far[1], 0x40061003ull);
    c.set_el(1, true);
    l3(0x40063000, 0);
    c.translation_changed();
    c.set_x(1, 0x40062ffc); // crosses into an unmapped page
    exec(ldr_x0_x1);
    EXPECT_EQ(s.esr[1] & 0x3f, 0x07u) << "translation fault, level 3";
}

TEST_F(mmu_core, TlbiMakesANewMappingVisible) {
    stage1_on();
    w64(0x40080000, 0xaaaa);
    w64(0x40090000, 0xbbbb);
    l3(0x40070000, 0x40080000 | page | af | normal);
    c.set_x(1, 0x40070000);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xaaaau);
    l3(0x40070000, 0x40090000 | page | af | normal);
    exec(tlbi_vmalle1);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xbbbbu);
}

// Every TLBI by VA of the EL1&0 regime (D7.7: VAE1, VAAE1, VALE1, VAALE1,
// Inner Shareable or not) makes the new mapping of its VA visible.
TEST_F(mmu_core, TlbiByVaMakesTheNewMappingOfThatVaVisible) {
    stage1_on();
    struct form { const char* name; unsigned crm, op2; };
    const form forms[] = {{"VAE1IS", 3, 1}, {"VAAE1IS", 3, 3}, {"VALE1IS", 3, 5}, {"VAALE1IS", 3, 7},
                          {"VAE1", 7, 1},   {"VAAE1", 7, 3},   {"VALE1", 7, 5},   {"VAALE1", 7, 7}};
    w64(0x40080000, 0xaaaa);
    w64(0x40090000, 0xbbbb);
    const uint64_t va = 0x40070000;
    c.set_x(1, va);
    c.set_x(3, tlbi_va(va, 0x55));
    for (const form& f : forms) {
        l3(va, 0x40080000 | page | af | normal);
        exec(tlbi_vmalle1);
        exec(ldr_x0_x1);
        ASSERT_EQ(c.x(0), 0xaaaau) << f.name;
        l3(va, 0x40090000 | page | af | normal);
        exec(tlbi_x3(0, f.crm, f.op2));
        EXPECT_EQ(c.pc(), code + 4) << f.name;
        exec(ldr_x0_x1);
        EXPECT_EQ(c.x(0), 0xbbbbu) << f.name;
    }
}

// A TLBI by VA of any address in a 2 MiB block invalidates the whole block,
// as the block's TLB entry would be (the soft TLB holds it by 4 KiB pages).
TEST_F(mmu_core, TlbiByVaInsideABlockDropsEveryPageOfTheBlock) {
    stage1_on(); // VA 0x40200000: a 2 MiB block, identity
    w64(0x40201000, 0xaaaa);
    w64(0x40001000, 0xbbbb);
    c.set_x(1, 0x40201000);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau);
    w64(s1_l2 + 8 * 1, 0x40000000 | block | af | normal); // the block now maps PA 0x40000000
    c.set_x(3, tlbi_va(0x40345000)); // another page of the block
    exec(tlbi_x3(0, 3, 1));          // TLBI VAE1IS
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xbbbbu);
}

// ASIDs are not tracked, so a write to TTBR0_EL1 (here: other tables and
// another ASID, non-global pages) must leave nothing of the old tables in any
// TLB slot: neither a page's entry nor those cut from a block.
TEST_F(mmu_core, TtbrWriteLeavesNoEntryOfTheOldTables) {
    stage1_on(); // tables A, ASID 0
    constexpr uint64_t l1b = 0x40120000, l2b = 0x40121000, l3b = 0x40122000, ng = 1u << 11;
    w64(l1b + 8 * 1, l2b | table);
    w64(l2b + 8 * 0, l3b | table);
    w64(l2b + 8 * 1, 0x40000000 | block | af | normal | ng); // tables B: the block maps PA 0x40000000
    for (uint64_t i = 0; i < 512; ++i) w64(l3b + 8 * i, (ram_base + (i << 12)) | page | af | normal);
    l3(0x40070000, 0x40080000 | page | af | normal | ng);
    w64(l3b + 8 * 0x70, 0x40090000 | page | af | normal | ng);
    w64(s1_l2 + 8 * 1, 0x40200000 | block | af | normal | ng);
    w64(0x40080000, 0xaaaa);
    w64(0x40090000, 0xbbbb);
    w64(0x40201000, 0xcccc);
    w64(0x40001000, 0xdddd);
    c.set_x(1, 0x40070000);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau);
    c.set_x(1, 0x40201000);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xccccu);
    c.set_x(5, l1b | (2ull << 48)); // ASID 2
    exec(0xd5182005);              // MSR TTBR0_EL1, X5
    ASSERT_EQ(c.pc(), code + 4);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xddddu) << "the block of tables B";
    c.set_x(1, 0x40070000);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xbbbbu) << "the page of tables B";
}

// A 1 GiB block reaches every slot of the TLB: an entry cut from it goes
// with a TLBI of an address in another 2 MiB of the block, wherever its
// slot (the TLB searches the slots of entries from wide descriptors).
TEST_F(mmu_core, TlbiByVaInsideAGigabyteBlockDropsItsEntries) {
    stage1_on();
    w64(s1_l1 + 8 * 2, 0x40000000 | block | af | normal); // VA 0x80000000: 1 GiB at PA 0x40000000
    w64(0x40070000, 0xaaaa);
    c.set_x(1, 0x80070000);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau);
    w64(s1_l1 + 8 * 2, 0); // the block goes
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau) << "the TLB still holds the old translation (no TLBI yet)";
    c.set_x(3, tlbi_va(0xa1234000)); // another 2 MiB (and another slot) of the block
    exec(tlbi_x3(0, 3, 5));          // TLBI VALE1IS
    exec(ldr_x0_x1);
    EXPECT_EQ(s.esr[1], 0x96000005ull) << "translation fault, level 1";
    EXPECT_EQ(s.far[1], 0x80070000ull);
}

// The same in the upper VA range (TTBR1_EL1: VA[63:39] all ones, of which a
// TLBI carries VA[55:12] only).
TEST_F(mmu_core, TlbiByVaInsideABlockOfTheUpperRange) {
    stage1_on();
    s.sys.tcr_el1 = 25 | (25ull << 16) | (2ull << 30) | (5ull << 32); // T0SZ = T1SZ = 25, TG1 4 KiB, IPS 48
    s.sys.ttbr1_el1 = s1_l1; // the same tables: VA 0xffffff8040200000 is the block
    c.translation_changed();
    w64(0x40201000, 0xaaaa);
    w64(0x40001000, 0xbbbb);
    remap_then_tlbi(0xffffff8040201000ull, s1_l2 + 8 * 1, 0x40000000 | block | af | normal,
                    0xffffff8040345000ull, tlbi_x3(0, 3, 3)); // TLBI VAAE1IS
    EXPECT_EQ(c.x(0), 0xbbbbu);
}

// After a full flush the TLB knows of no wide entry; a block entry made
// afterwards is searched for again.
TEST_F(mmu_core, TlbiByVaInsideABlockAfterAFullFlush) {
    stage1_on();
    w64(0x40201000, 0xaaaa);
    w64(0x40001000, 0xbbbb);
    for (int round = 0; round < 2; ++round) {
        w64(s1_l2 + 8 * 1, 0x40200000 | block | af | normal);
        exec(tlbi_vmalle1);
        remap_then_tlbi(0x40201000, s1_l2 + 8 * 1, 0x40000000 | block | af | normal, 0x403ff000,
                        tlbi_x3(0, 7, 1)); // TLBI VAE1
        EXPECT_EQ(c.x(0), 0xbbbbu) << round;
    }
}

// With the 64 KiB granule a page's entry covers 16 slots of 4 KiB: a TLBI of
// the page's last 4 KiB drops the entry made for its fourth.
TEST_F(mmu_core, TlbiByVaOfA64KiBPageDropsItsEntries) {
    // 39-bit VA, 64 KiB granule: level 2 (VA[38:29]) then level 3 (VA[28:16]).
    constexpr uint64_t l2 = 0x40300000, l3t = 0x40310000;
    w64(l2 + 8 * 2, l3t | table); // VA 0x40000000..0x5fffffff
    w64(l3t + 8 * 0, 0x40000000 | page | af | normal); // the code, identity
    w64(l3t + 8 * 8, 0x40080000 | page | af | normal); // VA 0x40080000
    w64(0x40083000, 0xaaaa);
    w64(0x40093000, 0xbbbb);
    s.sys.tcr_el1 = 25 | (1ull << 14) | (1ull << 23) | (5ull << 32); // T0SZ 25, TG0 64 KiB, EPD1, IPS 48
    s.sys.ttbr0_el1 = l2;
    s.sys.mair_el1 = mair;
    s.sys.sctlr_el1 |= 1;
    c.set_el(1, true);
    c.translation_changed();
    remap_then_tlbi(0x40083000, l3t + 8 * 8, 0x40090000 | page | af | normal, 0x4008f000,
                    tlbi_x3(0, 3, 1)); // TLBI VAE1IS
    EXPECT_EQ(c.x(0), 0xbbbbu);
}

// The EL1&0 forms reach what EL0 cached too; the EL2 forms (VAE2, VALE2)
// reach EL2's own regime.
TEST_F(mmu_core, TlbiByVaReachesEl0AndTheEl2Regime) {
    stage1_on();
    w64(0x40080000, 0xaaaa);
    w64(0x40090000, 0xbbbb);
    const uint64_t el0_rw = 1u << 6; // AP = 01: EL0 and EL1 read/write
    l3(0x40070000, 0x40080000 | page | af | normal | el0_rw);
    // The code page read-only at EL0 and EL1, so that both may run it (a page
    // EL0 can write is never executable at EL1: Arm ARM, instruction access
    // permissions, PXN implied by EL0 write permission).
    l3(0x40000000, 0x40000000 | page | af | normal | (3u << 6));
    c.set_x(1, 0x40070000);
    c.set_x(3, tlbi_va(0x40070000));
    c.set_el(0, true);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau) << "read at EL0";
    l3(0x40070000, 0x40090000 | page | af | normal | el0_rw);
    c.set_el(1, true);
    exec(tlbi_x3(0, 7, 1)); // TLBI VAE1
    ASSERT_EQ(c.pc(), code + 4);
    c.set_el(0, true);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0xbbbbu) << "EL0's entry went too";

    // EL2 regime: the same tables through TTBR0_EL2.
    s.sys.tcr_el2 = 25 | (5ull << 16);
    s.sys.ttbr0_el2 = s1_l1;
    s.sys.mair_el2 = mair;
    s.sys.sctlr_el2 |= 1;
    c.set_el(2, true);
    c.translation_changed();
    l3(0x40070000, 0x40080000 | page | af | normal);
    exec(tlbi_x3(4, 7, 0)); // TLBI ALLE2
    exec(ldr_x0_x1);
    ASSERT_EQ(c.x(0), 0xaaaau);
    const unsigned el2_forms[][2] = {{3, 1}, {3, 5}, {7, 1}, {7, 5}}; // VAE2IS, VALE2IS, VAE2, VALE2
    uint64_t target = 0x40090000;
    for (const auto& f : el2_forms) {
        l3(0x40070000, target | page | af | normal);
        exec(tlbi_x3(4, f[0], f[1]));
        exec(ldr_x0_x1);
        EXPECT_EQ(c.x(0), target == 0x40090000 ? 0xbbbbu : 0xaaaau) << "TLBI op1 4, CRm " << f[0] << ", op2 " << f[1];
        target = target == 0x40090000 ? 0x40080000 : 0x40090000;
    }
}

TEST_F(mmu_core, AtWritesParForSuccessAndFault) {
    stage1_on();
    l3(0x40050000, 0x40058000 | page | af | normal | (3u << 8));
    c.set_x(1, 0x40050123);
    exec(at_s1e1r_x1);
    EXPECT_EQ(s.sys.par_el1 & 1, 0u);
    EXPECT_EQ(s.sys.par_el1 & 0x0000fffffffff000ull, 0x40058000ull);
    EXPECT_EQ(s.sys.par_el1 >> 56, 0xffu);
    EXPECT_EQ((s.sys.par_el1 >> 7) & 3, 3u);
    l3(0x40051000, 0);
    c.set_x(1, 0x40051000);
    exec(at_s1e1r_x1);
    EXPECT_EQ(s.sys.par_el1 & 1, 1u);
    EXPECT_EQ((s.sys.par_el1 >> 1) & 0x3f, 0x07u);
    EXPECT_EQ(c.el(), 1u) << "AT reports stage 1 faults in PAR, no exception";
    // AT S12E1R from EL2 with stage 2 on: the PA.
    w64(s2_l1 + 8 * 1, s2_l2 | table);
    w64(s2_l2 + 8 * 0, 0x40000000 | block | af | (0xfu << 2) | (3u << 6));
    s.sys.vtcr_el2 = 32 | (1u << 6) | (2ull << 16);
    s.sys.vttbr_el2 = s2_l1;
    s.sys.hcr_el2 |= 1;
    c.set_el(2, true);
    c.translation_changed();
    c.set_x(1, 0x40050123);
    exec(at_s12e1r_x1);
    EXPECT_EQ(s.sys.par_el1 & 0x0000fffffffff001ull, 0x40058000ull);
    c.set_x(1, 0x40200000);
    w64(s1_l2 + 8 * 1, 0x40200000 | block | af | normal);
    exec(at_s12e1r_x1); // IPA 0x40200000: stage 2 translation fault level 2
    EXPECT_EQ(s.sys.par_el1 & 1, 1u);
    EXPECT_EQ((s.sys.par_el1 >> 1) & 0x3f, 0x06u);
    EXPECT_EQ((s.sys.par_el1 >> 9) & 1, 1u) << "S: stage 2";
}

// LDTR at EL1 is checked with EL0 permissions (D1.6.4): a page only EL1 may
// read faults, a page EL0 may read does not.
TEST_F(mmu_core, LdtrUsesEl0Permissions) {
    stage1_on();
    c.set_x(1, 0x40050000); // AP = 00: EL1 only
    exec(0xf8400820);       // LDTR X0, [X1]
    EXPECT_EQ(s.esr[1], 0x9600000full) << "EC 0x25, permission level 3 (ISV 0 in ESR_EL1, D13.2.37)";
    c.set_el(1, true);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.pc(), code + 4) << "the plain load at EL1 is allowed";
    l3(0x40052000, 0x40052000 | page | af | normal | (1u << 6)); // AP = 01: EL0 RW
    c.translation_changed();
    c.set_x(1, 0x40052000);
    exec(0xf8400820);
    EXPECT_EQ(c.pc(), code + 4);
}

// The TLB's pages come zero-filled from the kernel and a slot never filled
// stays all zero (core.h): that must read as empty, also for VA 0, whose
// page and tags are 0 too (core() empties slot 0). Each table: EL1, EL0
// (LDTR/STTR at EL1) and EL2; loads, stores and the fetch.
TEST_F(mmu_core, NeverFilledTlbSlotsMissAtVaZero) {
    constexpr uint32_t ldtr_x0_x1 = 0xf8400820, sttr_x0_x1 = 0xf8000820;
    stage1_on(); // level 1 entry 0 invalid: VA 0 .. 1 GiB unmapped
    struct access { const char* name; uint32_t insn; uint64_t esr; };
    const access accesses[] = {{"LDR", ldr_x0_x1, 0x96000005}, {"STR", str_x0_x1, 0x96000045},
                               {"LDTR", ldtr_x0_x1, 0x96000005}, {"STTR", sttr_x0_x1, 0x96000045}};
    for (uint64_t va : {uint64_t(0), uint64_t(8), uint64_t(0x5000)}) {
        for (const access& a : accesses) {
            c.set_el(1, true);
            c.set_x(1, va);
            exec(a.insn);
            EXPECT_EQ(s.esr[1], a.esr) << a.name << " at " << va << ": translation fault, level 1";
            EXPECT_EQ(s.far[1], va) << a.name;
            EXPECT_EQ(c.pc(), s.sys.vbar_el1 + 0x200) << a.name;
        }
    }
    c.set_el(1, true);
    c.set_pc(0);
    c.step();
    EXPECT_EQ(s.esr[1], 0x86000005ull) << "fetch at VA 0: EC 0x20, IL, IFSC translation level 1";
    EXPECT_EQ(s.far[1], 0u);

    // VA 0 mapped (a 2 MiB block at PA 0x40200000, EL0 read/write): every
    // table walks and reads the block.
    constexpr uint64_t l2_low = 0x40103000;
    w64(s1_l1 + 8 * 0, l2_low | table);
    w64(l2_low + 8 * 0, 0x40200000 | block | af | normal | (1u << 6));
    w64(0x40200000, 0x1234);
    w64(0x40200008, 0x5678);
    c.set_el(1, true);
    c.translation_changed();
    c.set_x(1, 0);
    exec(ldr_x0_x1);
    EXPECT_EQ(c.x(0), 0x1234u);
    c.set_x(1, 8);
    exec(ldtr_x0_x1);
    EXPECT_EQ(c.x(0), 0x5678u);
    EXPECT_EQ(c.pc(), code + 4);

    // EL2's own table: the same tables for the EL2 regime, then VA 0 unmapped again.
    s.sys.tcr_el2 = 25 | (5ull << 16); // T0SZ 25, PS 48 bits
    s.sys.ttbr0_el2 = s1_l1;
    s.sys.mair_el2 = mair;
    s.sys.sctlr_el2 |= 1;
    w64(s1_l1 + 8 * 0, 0);
    c.set_el(2, true);
    c.translation_changed();
    c.set_x(1, 0);
    exec(ldr_x0_x1);
    ASSERT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x96000005ull) << "EL2, VA 0: translation fault, level 1";
    EXPECT_EQ(s.far[2], 0u);
}

TEST_F(mmu_core, UnprivilegedExecuteNeverFaultsTheFetch) {
    stage1_on();
    // Code page executable at EL0 only if UXN = 0: set UXN, run at EL0.
    l3(code, code | page | af | normal | (1u << 6) | (1ull << 54));
    c.translation_changed();
    c.set_el(0, false);
    exec(0xd503201f); // NOP
    EXPECT_EQ(c.el(), 1u);
    EXPECT_EQ(s.esr[1], 0x8200000full) << "EC 0x20, IL, IFSC permission level 3";
    EXPECT_EQ(s.far[1], code);
}

} // namespace

namespace {

// Cache and TLB maintenance with translation on and their EL2 traps
// (D13.2.47 HCR_EL2.TTLB/TPC; D13.2.40 ISS.CM for maintenance by VA).
TEST_F(mmu_core, MaintenanceTrapsAndFaults) {
    constexpr uint32_t dc_civac_x1 = 0xd50b7e21, dc_cvac_x1 = 0xd50b7a21, dc_zva_x1 = 0xd50b7421;
    stage1_on();
    s.sys.hcr_el2 |= 1ull << 25; // TTLB
    exec(tlbi_vmalle1);
    EXPECT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x621023eeull) << "EC 0x18, IL, Op0 1, CRn 8, Rt 31, CRm 7";
    s.sys.hcr_el2 &= ~(1ull << 25);
    s.sys.hcr_el2 |= 1ull << 23; // TPC
    c.set_el(1, true);
    c.set_x(1, 0x40050000);
    exec(dc_civac_x1);
    EXPECT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x6212dc3cull) << "EC 0x18, Op2 1, Op1 3, CRn 7, Rt 1, CRm 14";
    s.sys.hcr_el2 &= ~(1ull << 23);
    c.set_el(1, true);
    l3(0x40051000, 0);
    c.translation_changed();
    c.set_x(1, 0x40051040);
    exec(dc_cvac_x1);
    EXPECT_EQ(s.esr[1], 0x96000147ull) << "data abort, CM, WnR, translation fault level 3";
    EXPECT_EQ(s.far[1], 0x40051040ull);
    c.set_el(1, true);
    l3(0x40061000, 0x40061000 | page | af | device);
    c.translation_changed();
    c.set_x(1, 0x40061040);
    exec(dc_zva_x1);
    EXPECT_EQ(s.esr[1], 0x96000061ull) << "DC ZVA to Device memory: Alignment fault, WnR";
    c.set_el(1, true);
    w64(0x40060040, ~0ull);
    c.set_x(1, 0x40060048);
    exec(dc_zva_x1);
    EXPECT_EQ(c.pc(), code + 4);
    EXPECT_EQ(r64(0x40060040), 0u) << "DC ZVA to Normal memory zeroes the block";
}

// A stage 2 fault on the stage 1 walk of an AT at EL1 is taken to EL2 (D5.9.2).
TEST_F(mmu_core, AtStageTwoFaultOnWalkGoesToEl2) {
    w64(s2_l1 + 8 * 1, s2_l2 | table);
    w64(s2_l2 + 8 * 0, 0x40000000 | block | af | (0xfu << 2) | (3u << 6));
    s.sys.vtcr_el2 = 32 | (1u << 6) | (2ull << 16);
    s.sys.vttbr_el2 = s2_l1;
    s.sys.hcr_el2 |= 1;
    stage1_on();
    w64(s1_l2 + 8 * 1, 0x40300000 | table); // stage 1 table at an IPA stage 2 does not map
    c.set_x(1, 0x40200010);
    exec(at_s1e1r_x1);
    EXPECT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x920001c6ull) << "EC 0x24, CM, S1PTW, WnR, translation fault level 2";
    EXPECT_EQ(s.sys.hpfar_el2, 0x403000ull);
}

} // namespace
