// Alignment faults driven by the memory type of the translated page and by
// SCTLR_EL1.A (DDI 0487 B2.5.2), for integer and SIMD&FP accesses with the
// MMU on: Q registers (the whole 16-byte access must be aligned on Device
// memory), pairs (each register), structure loads/stores LD1-LD4/ST1-ST4
// (each element, not the structure), stage 2 Device memory (the fault goes
// to EL2), and the priority against permission faults (R_XCHFJ). Hand-built
// tables; ESR (EC 0x25, IL, DFSC 0b100001, WnR) and FAR exact. (Unicorn 2.0.1
// has no memory-type alignment checks; the SCTLR_EL1.A cases are also
// compared with it in test_unicorn_mmu.)
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "cpu/core.h"
#include "quiet_core_env.h"

namespace {

using vp::cpu::core;

constexpr uint64_t ram_base = 0x40000000, ram_size = 4 << 20;
constexpr uint64_t code = ram_base;
constexpr uint64_t s1_l1 = 0x40100000, s1_l2 = 0x40101000, s1_l3 = 0x40102000;
constexpr uint64_t s2_l1 = 0x40110000, s2_l2 = 0x40111000, s2_l3 = 0x40112000;
constexpr uint64_t table = 3, page = 3, af = 1u << 10;
constexpr uint64_t normal = 1u << 2, device = 0; // AttrIndx 1 / 0 with the MAIR below
constexpr uint64_t mair = 0xff00;                // 0: Device-nGnRnE, 1: Normal WB
constexpr uint64_t dev = 0x40061000, nrm = 0x40060000; // a Device page, a Normal page

// DFSC Alignment fault, EC 0x25 (same EL), IL; WnR for writes. SIMD&FP
// accesses and pairs have ISV = 0.
constexpr uint64_t esr_align_read = 0x96000021, esr_align_write = 0x96000061;

constexpr uint32_t ldr_q0 = 0x3dc00020, str_q0 = 0x3d800020, ldp_q0_q1 = 0xad400420, stp_q0_q1 = 0xad000420,
                   ldp_d0_d1 = 0x6d400420, ld1_16b = 0x4c407020, ld1_4s = 0x4c407820, ld2_8h = 0x4c408420,
                   ld4_4s = 0x4c400820, st1_2d = 0x4c007c20, ld1_s_lane1 = 0x0d409020, ldp_x2_x3 = 0xa9400c22,
                   str_x0 = 0xf9000020, ldr_x0 = 0xf9400020, ldr_d0 = 0xfd400020;

struct alignment_mmu : testing::Test {
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size, 0);
    vp::test::quiet_core_env env;
    core c{vp::cpu::core_config{}, &env};
    vp::cpu::arch_state& s = c.state();

    void SetUp() override {
        c.map_ram(ram.data(), ram_base, ram_size);
        c.reset(code);
        s.sys.vbar_el1 = s.sys.vbar_el2 = ram_base + 0x10000;
        s.sys.cpacr_el1 = 3ull << 20; // SIMD&FP at EL1
        for (uint64_t a = nrm; a < dev + 0x1000; a += 8) w64(a, a * 0x9e3779b97f4a7c15ull);
        // Stage 1 (EL1&0, 4 KiB, 39-bit VA): identity by Normal pages, `dev` Device.
        w64(s1_l1 + 8 * 1, s1_l2 | table);
        w64(s1_l2 + 8 * 0, s1_l3 | table);
        for (uint64_t i = 0; i < 512; ++i) w64(s1_l3 + 8 * i, (ram_base + (i << 12)) | page | af | normal);
        l3(dev, dev | page | af | device);
        s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
        s.sys.ttbr0_el1 = s1_l1;
        s.sys.mair_el1 = mair;
        s.sys.sctlr_el1 |= 1;
        el1();
    }
    void el1() {
        c.set_el(1, true);
        c.translation_changed();
    }
    void w64(uint64_t pa, uint64_t v) { std::memcpy(&ram[pa - ram_base], &v, 8); }
    uint64_t r64(uint64_t pa) const {
        uint64_t v;
        std::memcpy(&v, &ram[pa - ram_base], 8);
        return v;
    }
    void w32(uint64_t pa, uint32_t v) { std::memcpy(&ram[pa - ram_base], &v, 4); }
    void l3(uint64_t va, uint64_t desc) { w64(s1_l3 + 8 * ((va >> 12) & 511), desc); }
    // Runs `insn` with X1 = addr; true when it completed (no exception).
    bool run(uint32_t insn, uint64_t addr) {
        el1();
        w32(code, insn);
        c.invalidate_code(code, 4);
        c.set_pc(code);
        c.set_x(1, addr);
        const uint64_t before = c.exceptions_taken(1) + c.exceptions_taken(2);
        c.step();
        const bool done = c.exceptions_taken(1) + c.exceptions_taken(2) == before;
        if (done) {
            EXPECT_EQ(c.pc(), code + 4);
        }
        return done;
    }
    // Ran into an Alignment fault at EL1 with `esr`, FAR = `far`.
    void expect_alignment_fault(uint64_t esr, uint64_t far) {
        EXPECT_EQ(c.el(), 1u);
        EXPECT_EQ(s.esr[1], esr);
        EXPECT_EQ(s.far[1], far);
        EXPECT_EQ(s.elr[1], code);
        EXPECT_EQ(c.pc(), s.sys.vbar_el1 + 0x200);
    }
};

TEST_F(alignment_mmu, QRegisterOnDeviceMustBe16ByteAligned) {
    ASSERT_FALSE(run(ldr_q0, dev + 8)) << "8-aligned is not enough for a 16-byte access";
    expect_alignment_fault(esr_align_read, dev + 8);
    ASSERT_FALSE(run(str_q0, dev + 0x28));
    expect_alignment_fault(esr_align_write, dev + 0x28);
    ASSERT_TRUE(run(ldr_q0, dev + 0x10));
    EXPECT_EQ(c.v(0).d[0], r64(dev + 0x10));
    EXPECT_EQ(c.v(0).d[1], r64(dev + 0x18));
    ASSERT_TRUE(run(ldr_q0, nrm + 8)) << "Normal memory: misaligned Q is legal";
    EXPECT_EQ(c.v(0).d[0], r64(nrm + 8));
    ASSERT_TRUE(run(ldr_q0, nrm + 3));
    EXPECT_EQ(c.v(0).d[0], (r64(nrm) >> 24) | (r64(nrm + 8) << 40));
}

TEST_F(alignment_mmu, PairsOnDeviceCheckEachRegister) {
    ASSERT_TRUE(run(ldp_d0_d1, dev + 8)) << "LDP D: each 8-byte register aligned";
    EXPECT_EQ(c.v(1).d[0], r64(dev + 0x10));
    ASSERT_FALSE(run(ldp_d0_d1, dev + 4));
    expect_alignment_fault(esr_align_read, dev + 4);
    ASSERT_FALSE(run(ldp_q0_q1, dev + 8));
    expect_alignment_fault(esr_align_read, dev + 8);
    ASSERT_TRUE(run(ldp_q0_q1, dev + 0x20));
    ASSERT_TRUE(run(ldp_x2_x3, dev + 8)) << "LDP X: each 8-byte register aligned";
    EXPECT_EQ(c.x(3), r64(dev + 0x10));
    ASSERT_FALSE(run(ldp_x2_x3, dev + 0xc));
    expect_alignment_fault(esr_align_read, dev + 0xc);
    // A faulting STP Q writes nothing.
    const uint64_t before = r64(dev + 0x48);
    c.set_v(0, 1, 2);
    ASSERT_FALSE(run(stp_q0_q1, dev + 0x48));
    expect_alignment_fault(esr_align_write, dev + 0x48);
    EXPECT_EQ(r64(dev + 0x48), before);
}

TEST_F(alignment_mmu, StructuresOnDeviceCheckEachElement) {
    ASSERT_TRUE(run(ld1_16b, dev + 1)) << "byte elements are always aligned";
    EXPECT_EQ(c.v(0).d[0], (r64(dev) >> 8) | (r64(dev + 8) << 56));
    ASSERT_TRUE(run(ld1_4s, dev + 4)) << "word elements: 4-aligned suffices";
    EXPECT_EQ(c.v(0).d[0], (r64(dev) >> 32) | (r64(dev + 8) << 32));
    ASSERT_FALSE(run(ld1_4s, dev + 2));
    expect_alignment_fault(esr_align_read, dev + 2);
    ASSERT_TRUE(run(ld2_8h, dev + 0x22));
    ASSERT_FALSE(run(ld4_4s, dev + 0x106));
    expect_alignment_fault(esr_align_read, dev + 0x106);
    ASSERT_TRUE(run(st1_2d, dev + 0x208));
    ASSERT_FALSE(run(st1_2d, dev + 0x204));
    expect_alignment_fault(esr_align_write, dev + 0x204);
    ASSERT_TRUE(run(ld1_s_lane1, dev + 0x304));
    ASSERT_FALSE(run(ld1_s_lane1, dev + 0x301));
    expect_alignment_fault(esr_align_read, dev + 0x301);
    ASSERT_TRUE(run(ld1_4s, nrm + 2)) << "Normal memory";
    EXPECT_EQ(c.v(0).d[0], (r64(nrm) >> 16) | (r64(nrm + 8) << 48));
}

TEST_F(alignment_mmu, SctlrAChecksEveryMemoryType) {
    s.sys.sctlr_el1 |= 2; // A
    ASSERT_FALSE(run(ldr_q0, nrm + 8));
    expect_alignment_fault(esr_align_read, nrm + 8);
    ASSERT_FALSE(run(ldr_d0, nrm + 4));
    expect_alignment_fault(esr_align_read, nrm + 4);
    ASSERT_FALSE(run(ld1_4s, nrm + 2));
    expect_alignment_fault(esr_align_read, nrm + 2);
    ASSERT_TRUE(run(ld1_16b, nrm + 1));
    ASSERT_TRUE(run(ldp_x2_x3, nrm + 8));
    ASSERT_FALSE(run(ldr_x0, nrm + 4));
    // Integer LDR: no instruction syndrome in ESR_EL1 either (ISV = 0, D13.2.37).
    expect_alignment_fault(esr_align_read, nrm + 4);
    // Before translation: an unmapped misaligned address is an Alignment fault.
    l3(nrm + 0x1000 * 5, 0);
    ASSERT_FALSE(run(ldr_q0, nrm + 0x5008));
    expect_alignment_fault(esr_align_read, nrm + 0x5008);
    s.sys.sctlr_el1 &= ~uint64_t(2);
    ASSERT_FALSE(run(ldr_q0, nrm + 0x5008));
    EXPECT_EQ(s.esr[1], 0x96000007u) << "without A: the Translation fault (level 3)";
}

TEST_F(alignment_mmu, DeviceAlignmentBeforePermission) {
    l3(dev, dev | page | af | device | (2u << 6)); // read-only Device
    ASSERT_FALSE(run(str_x0, dev + 4));
    expect_alignment_fault(esr_align_write, dev + 4);
    ASSERT_FALSE(run(str_q0, dev + 0x10));
    EXPECT_EQ(s.esr[1], 0x9600004fu) << "aligned: the Permission fault (level 3)";
    // A TLB entry filled by an aligned access does not hide the Device type.
    l3(dev, dev | page | af | device);
    ASSERT_TRUE(run(ldr_x0, dev + 8));
    ASSERT_FALSE(run(ldr_x0, dev + 9));
    EXPECT_EQ(s.esr[1] & 0x3f, 0x21u);
}

TEST_F(alignment_mmu, StageTwoDeviceGoesToEl2) {
    // Stage 2: IPA 0x40000000.. identity by 4 KiB pages, Normal but one Device page.
    w64(s2_l1 + 8 * 1, s2_l2 | table);
    w64(s2_l2 + 8 * 0, s2_l3 | table);
    for (uint64_t i = 0; i < 512; ++i) w64(s2_l3 + 8 * i, (ram_base + (i << 12)) | page | af | (0xfu << 2) | (3u << 6));
    const uint64_t s2dev = nrm + 0x2000;
    w64(s2_l3 + 8 * ((s2dev >> 12) & 511), s2dev | page | af | (0x0u << 2) | (3u << 6)); // MemAttr Device-nGnRnE
    s.sys.vtcr_el2 = 25 | (1u << 6) | (2ull << 16); // T0SZ 25, SL0 = 1 (level 1), PS 40 bits
    s.sys.vttbr_el2 = s2_l1;
    s.sys.hcr_el2 |= 1; // VM
    s.sys.hpfar_el2 = 0x1234;
    ASSERT_TRUE(run(ldr_q0, nrm + 8)) << "Normal at both stages";
    ASSERT_FALSE(run(ldr_q0, s2dev + 8));
    EXPECT_EQ(c.el(), 2u);
    EXPECT_EQ(s.esr[2], 0x92000021u) << "EC 0x24 (lower EL), IL, Alignment fault";
    EXPECT_EQ(s.far[2], s2dev + 8);
    EXPECT_EQ(s.sys.hpfar_el2, 0x1234u) << "HPFAR_EL2 is not written for an Alignment fault";
    EXPECT_EQ(c.pc(), s.sys.vbar_el2 + 0x400);
    // Stage 1 Device wins first: the fault stays at EL1.
    ASSERT_FALSE(run(ldr_q0, dev + 8));
    EXPECT_EQ(c.el(), 1u);
    EXPECT_EQ(s.esr[1], esr_align_read);
}

TEST_F(alignment_mmu, TranslationOffIsDevice) {
    s.sys.sctlr_el1 &= ~uint64_t(1);
    ASSERT_FALSE(run(ldr_q0, nrm + 8));
    expect_alignment_fault(esr_align_read, nrm + 8);
    ASSERT_TRUE(run(ld1_16b, nrm + 3));
    ASSERT_TRUE(run(ldr_q0, nrm + 0x10));
}

} // namespace
