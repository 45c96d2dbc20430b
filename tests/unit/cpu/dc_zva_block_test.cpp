// DC ZVA inside a block (docs/iss-dispatch.md, "DC ZVA in blocks; page links"):
// the short path (core::dc_zva_fast) zeroes the DCZID_EL0-sized block and goes
// on with the block; everything else takes the full path with the count the
// instruction had when it ran alone: a TLB miss (walk), a permission fault,
// the traps (SCTLR_EL1.DZE at EL0, HCR_EL2.TDZ), Device memory (Alignment
// fault), decoded code in the block (invalidated: the new bytes run). Each
// test runs its code once first (decoded, blocks scanned), then again.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "cpu/exceptions.h"
#include "cpu/sysregs.h"
#include "program_fixture.h"

using namespace vp::cpu;
using namespace vp::cpu::exceptions;
using vp::test::core_harness;
using vp::test::dev_base;
using vp::test::ram_base;

namespace {

constexpr uint32_t add_x1_1 = 0x91000421, b_self = 0x14000000;
constexpr uint32_t dc_zva_x2 = 0xd50b7422; // DC ZVA, X2 (SYS #3, C7, C4, #1, X2)
constexpr uint32_t ldr_w3_x4 = 0xb9400083; // x4 = a device address: the environment sees the count
constexpr uint32_t ldr_x5_x2 = 0xf9400045; // LDR X5, [X2]
constexpr uint32_t b_to(uint64_t from, uint64_t to) { return 0x14000000u | (uint32_t((to - from) >> 2) & 0x3ffffff); }

constexpr uint64_t table = 3, page = 3, af = 1u << 10, normal = 1u << 2; // AttrIndx 1 (MAIR 0xff00)
constexpr uint64_t ap_el0 = 1u << 6, ap_ro = 1u << 7, block_1g = 1;
constexpr uint32_t dczva_iss = iss_sysreg(1, 3, 7, 4, 1, 2, false);
constexpr uint32_t esr_el1_zva_alignment = 0x96000061; // Data Abort same EL, WnR, Alignment fault

struct dc_zva_block : vp::test::program_fixture<core_harness> {
    static constexpr uint64_t l1 = ram_base + 0x80000, l2 = l1 + 0x1000, l3 = l1 + 0x2000;
    static constexpr uint64_t data = ram_base + 0x40000;

    // Stage 1 at EL1&0, 39-bit VA, identity: 0..1 GiB one Device block (the
    // test device), RAM in 4 KiB Normal pages with `ram_attrs` (EL0 access
    // for the device too).
    void mmu_on(uint64_t ram_attrs = 0) {
        h.write64(l1, 0 | block_1g | af | (ram_attrs & ap_el0)); // AttrIndx 0: Device-nGnRnE
        h.write64(l1 + 8 * 1, l2 | table);
        h.write64(l2, l3 | table);
        for (uint64_t i = 0; i < 256; ++i) map(ram_base + (i << 12), normal | ram_attrs);
        s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
        s.sys.ttbr0_el1 = l1;
        s.sys.mair_el1 = 0xff00;
        s.sys.sctlr_el1 |= 1;
        h.cpu.translation_changed();
    }
    void map(uint64_t pa, uint64_t attrs) { h.write64(l3 + 8 * ((pa - ram_base) >> 12), pa | page | af | attrs); }
    void fill(uint64_t addr, unsigned n, uint8_t v) { std::memset(h.ram.data() + (addr - ram_base), v, n); }
    uint8_t byte(uint64_t addr) const { return h.ram[addr - ram_base]; }
    // Runs `n` instructions from `pc` at `el`; returns the count before.
    uint64_t run_from(uint64_t pc, uint64_t n, unsigned el = 1) {
        h.cpu.set_el(el, el != 0);
        h.cpu.set_daif(0);
        h.cpu.set_pc(pc);
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(n);
        return before;
    }
    // The block: ADD, DC ZVA X2, LDR from the device (the count it sees),
    // ADD, B . (X1 counts the ADDs).
    void block_with_dc_zva() {
        put(code, {add_x1_1, dc_zva_x2, ldr_w3_x4, add_x1_1, b_self});
        h.cpu.set_x(4, dev_base);
    }
    // Expects the exception of the DC ZVA at code + 4 (the ADD before it ran;
// the run was of these two, so the vector has not run).
    void expect_taken_at_dc_zva(uint64_t before, uint64_t esr_value, unsigned el = 1) {
        EXPECT_EQ(h.cpu.instructions(), before + 2) << "the ADD and the DC ZVA count";
        EXPECT_EQ(h.cpu.el(), el);
        EXPECT_EQ(s.elr[el], code + 4);
        EXPECT_EQ(s.esr[el], esr_value);
        EXPECT_EQ(h.cpu.x(1), 1u);
    }
};

// The short path inside the block: the aligned 64-byte block around X2 is
// zero, its neighbours are not; the device access after it sees the exact
// count. A TLB miss (after a flush) walks and zeroes as well.
TEST_F(dc_zva_block, ZeroesTheBlockInsideABlock) {
    mmu_on();
    ASSERT_EQ(sysregs::id::dczid_el0 & 0xf, 4u) << "DCZID_EL0.BS: 2^4 words";
    block_with_dc_zva();
    for (int flush = 0; flush < 2; ++flush) {
        for (int pass = 0; pass < 2; ++pass) { // the second one with the TLB entry of the first
            fill(data, 0x100, 0xa5);
            h.cpu.set_x(1, 0);
            h.cpu.set_x(2, data + 0x40 + 0x1b);
            h.bus.clear();
            const uint64_t before = run_from(code, 5);
            EXPECT_EQ(h.cpu.instructions(), before + 5);
            EXPECT_EQ(h.cpu.pc(), code + 16);
            EXPECT_EQ(h.cpu.x(1), 2u);
            ASSERT_EQ(h.bus.size(), 1u);
            EXPECT_EQ(h.bus[0].icount, before + 3) << "the LDR after the DC ZVA counts both";
            for (unsigned k = 0; k < 0x100; ++k)
                ASSERT_EQ(byte(data + k), k >= 0x40 && k < 0x80 ? 0 : 0xa5) << "byte " << k;
        }
        h.cpu.translation_changed(); // as a TLBI: the next DC ZVA walks
    }
}

// A page the TLB holds read-only (a load filled it): the full path takes the
// permission fault, as when DC ZVA ran alone; nothing is zeroed.
TEST_F(dc_zva_block, PermissionFaultInsideABlock) {
    mmu_on();
    block_with_dc_zva();
    h.cpu.set_x(2, data);
    run_from(code, 5);
    map(data, normal | ap_ro);
    h.cpu.translation_changed();
    put(vbar1 + 0x200, {b_self});
    fill(data, 64, 0xa5);
    put(code + 0x100, {ldr_x5_x2, b_self});
    run_from(code + 0x100, 1); // TLB entry for `data`: readable only
    EXPECT_EQ(h.cpu.pc(), code + 0x104);
    h.cpu.set_x(1, 0);
    h.bus.clear();
    const uint64_t before = run_from(code, 2);
    // Data Abort, same EL, WnR, permission fault level 3.
    expect_taken_at_dc_zva(before, esr(ec_dabt_same, iss_wnr | 0x0f));
    EXPECT_EQ(s.far[1], data);
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x200);
    EXPECT_EQ(byte(data), 0xa5);
}

// Device memory: with translation on (a Device page) and off, DC ZVA takes
// an Alignment fault inside the block (C5.3.21).
TEST_F(dc_zva_block, DeviceMemoryTakesAnAlignmentFault) {
    mmu_on();
    block_with_dc_zva();
    h.cpu.set_x(2, data);
    run_from(code, 5);
    put(vbar1 + 0x200, {b_self});
    map(data, 0); // AttrIndx 0: Device-nGnRnE
    h.cpu.translation_changed();
    fill(data, 64, 0xa5);
    for (int mmu = 1; mmu >= 0; --mmu) {
        if (!mmu) {
            s.sys.sctlr_el1 &= ~uint64_t(1);
            h.cpu.translation_changed();
            run_from(code, 5); // decoded again for translation off
        }
        h.cpu.set_x(1, 0);
        h.cpu.set_x(2, data + 8);
        h.bus.clear();
        const uint64_t before = run_from(code, 2);
        expect_taken_at_dc_zva(before, esr_el1_zva_alignment);
        EXPECT_EQ(s.far[1], data + 8);
        EXPECT_EQ(byte(data + 8), 0xa5);
    }
}

// The traps: at EL0 with SCTLR_EL1.DZE = 0 to EL1; below EL2 with
// HCR_EL2.TDZ = 1 (and TGE = 0) to EL2. Both after the short path ran.
TEST_F(dc_zva_block, DzeAndTdzTrapInsideABlock) {
    mmu_on(ap_el0); // EL0 read/write (and so privileged execute-never): the code runs at EL0
    map(vbar1, normal);  // EL1's vectors: EL1 only
    constexpr uint64_t dze = 1u << 14;
    block_with_dc_zva();
    put(vbar1 + 0x400, {b_self});
    put(vbar2 + 0x400, {b_self});
    s.sys.sctlr_el1 |= dze;
    h.cpu.set_x(2, data);
    fill(data, 64, 0xa5);
    run_from(code, 5, 0);
    ASSERT_EQ(h.cpu.pc(), code + 16);
    EXPECT_EQ(byte(data), 0);
    fill(data, 64, 0xa5);

    s.sys.sctlr_el1 &= ~dze;
    h.cpu.set_x(1, 0);
    h.bus.clear();
    uint64_t before = run_from(code, 2, 0);
    expect_taken_at_dc_zva(before, esr(ec_sysreg, dczva_iss), 1);
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x400);
    EXPECT_EQ(byte(data), 0xa5);

    s.sys.sctlr_el1 |= dze;
    s.sys.hcr_el2 |= hcr::tdz;
    h.cpu.set_x(1, 0);
    h.bus.clear();
    before = run_from(code, 2, 0);
    expect_taken_at_dc_zva(before, esr(ec_sysreg, dczva_iss), 2);
    EXPECT_EQ(h.cpu.pc(), vbar2 + 0x400);
    EXPECT_EQ(byte(data), 0xa5);

    s.sys.hcr_el2 &= ~hcr::tdz; // the short path again
    h.cpu.set_x(1, 0);
    before = run_from(code, 5, 0);
    EXPECT_EQ(h.cpu.instructions(), before + 5);
    EXPECT_EQ(h.cpu.pc(), code + 16);
    EXPECT_EQ(byte(data), 0);
}

// DC ZVA over decoded code: the zeroed words run as what they now are (0 is
// UDF #0: UNDEFINED), whether the code is the rest of the running block or a
// block that ran before.
TEST_F(dc_zva_block, InvalidatesDecodedCodeItZeroes) {
    mmu_on();
    put(vbar1 + 0x200, {b_self});
    // Code elsewhere in the page: DC ZVA, B to the block at code + 0x40.
    const uint64_t target = code + 0x40;
    put(code, {dc_zva_x2, b_to(code + 4, target)});
    put(target, {add_x1_1, b_self});
    h.cpu.set_x(2, data);
    h.cpu.set_x(1, 0);
    run_from(code, 4);
    ASSERT_EQ(h.cpu.pc(), target + 4);
    ASSERT_EQ(h.cpu.x(1), 1u);
    h.cpu.set_x(2, target + 8);
    h.cpu.set_x(1, 0);
    uint64_t before = run_from(code, 3);
    EXPECT_EQ(h.cpu.instructions(), before + 3) << "DC ZVA, B, the UNDEFINED word";
    EXPECT_EQ(h.cpu.x(1), 0u);
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    EXPECT_EQ(s.elr[1], target);

    // The rest of the running block: DC ZVA zeroes its own 64-byte block.
    const uint64_t self = code + 0x80;
    put(self, {add_x1_1, dc_zva_x2, add_x1_1, add_x1_1, b_self});
    h.cpu.set_x(2, data);
    h.cpu.set_x(1, 0);
    run_from(self, 5);
    ASSERT_EQ(h.cpu.x(1), 3u);
    h.cpu.set_x(2, self + 0x3f);
    h.cpu.set_x(1, 0);
    before = run_from(self, 3);
    EXPECT_EQ(h.cpu.instructions(), before + 3) << "ADD, DC ZVA, the UNDEFINED word";
    EXPECT_EQ(h.cpu.x(1), 1u);
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    EXPECT_EQ(s.elr[1], self + 8);
}

} // namespace

// DCZID_EL0.DZP reads 1 exactly where DC ZVA would trap (D19.2 DCZID_EL0; the
// HCR_EL2.TDZ description: "reading DCZID_EL0 returns a value that indicates
// that DC ZVA is not supported"): SCTLR_EL1.DZE = 0 at EL0, HCR_EL2.TDZ = 1
// at EL0/EL1 without TGE; never at EL2. BS stays 4.
TEST_F(dc_zva_block, DczidDzpSaysWhereDcZvaTraps) {
    constexpr uint32_t mrs_x0_dczid = 0xd53b00e0; // MRS X0, DCZID_EL0
    constexpr uint64_t dze = 1u << 14, dzp = 1u << 4;
    put(code, {mrs_x0_dczid, b_self});
    struct row { unsigned el; bool dze, tdz; uint64_t want; };
    const row rows[] = {
        {1, true, false, 0}, {1, true, true, dzp},  {1, false, false, 0}, {0, true, false, 0},
        {0, false, false, dzp}, {0, true, true, dzp}, {2, true, true, 0},
    };
    for (const row& r : rows) {
        s.sys.sctlr_el1 = r.dze ? (s.sys.sctlr_el1 | dze) : (s.sys.sctlr_el1 & ~dze);
        s.sys.hcr_el2 = (s.sys.hcr_el2 & ~(hcr::tdz | hcr::tge)) | (r.tdz ? hcr::tdz : 0);
        h.cpu.set_x(0, ~uint64_t(0));
        run_from(code, 1, r.el);
        ASSERT_EQ(h.cpu.pc(), code + 4) << "EL" << r.el;
        EXPECT_EQ(h.cpu.x(0), (sysregs::id::dczid_el0 & 0xf) | r.want)
            << "EL" << r.el << " DZE " << r.dze << " TDZ " << r.tdz;
    }
}
