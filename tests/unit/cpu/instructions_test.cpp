// Instruction classes of the A64 base integer set (DDI 0487 C4.1), run on
// the SystemC-free core from snippets assembled by aarch64-linux-gnu-gcc
// (programs/instructions.S). Expected values follow the C6 pseudocode.
#include <gtest/gtest.h>

#include "core_harness.h"

using vp::test::core_harness;

namespace {

constexpr uint32_t N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;

struct instructions : ::testing::Test {
    core_harness h{CPU_TEST_PROGRAMS "/instructions.elf"};
    uint64_t x(unsigned n) { return h.cpu.x(n); }
    void SetUp() override { h.cpu.set_sp(0x40080000); }
};

// C6.2.4 ADD (immediate), C6.2.321 SUBS (immediate), SP as operand.
TEST_F(instructions, AddSubImmediate_C6_2_4) {
    ASSERT_TRUE(h.run_snippet("addsub_imm"));
    EXPECT_EQ(x(2), 105u);
    EXPECT_EQ(x(3), uint64_t(-100));
    EXPECT_EQ(x(4), 100u + 4096u);
    EXPECT_EQ(x(5), 0u);
    EXPECT_EQ(x(6), uint64_t(Z | C));
    EXPECT_EQ(x(7), 0x40080020u);
    EXPECT_EQ(x(8), 0x40080000u - 16);
    EXPECT_EQ(h.cpu.sp(), 0x40080000u);
    EXPECT_EQ(x(9), 0u); // CMN 100 + 100: no flags
}

// AddWithCarry() flags: signed overflow, borrow, carry out, 32-bit overflow.
TEST_F(instructions, AddWithCarryFlags_J1) {
    ASSERT_TRUE(h.run_snippet("addsub_flags"));
    EXPECT_EQ(x(2), 0x8000000000000000u);
    EXPECT_EQ(x(3), uint64_t(N | V));
    EXPECT_EQ(x(5), 0xffffffffu);
    EXPECT_EQ(x(6), uint64_t(N));
    EXPECT_EQ(x(8), 0u);
    EXPECT_EQ(x(9), uint64_t(Z | C));
    EXPECT_EQ(x(11), 0x80000000u);
    EXPECT_EQ(x(12), uint64_t(N | V));
}

// C6.2.12 AND (immediate): DecodeBitMasks, SP destination.
TEST_F(instructions, LogicalImmediate_DecodeBitMasks) {
    ASSERT_TRUE(h.run_snippet("logical_imm"));
    EXPECT_EQ(x(1), 0x5555555555555555u);
    EXPECT_EQ(x(2), 0x55u);
    EXPECT_EQ(x(3), ~0ull);
    EXPECT_EQ(x(4), 0x3ffcu);
    EXPECT_EQ(x(5), 0u);
    EXPECT_EQ(x(6), uint64_t(Z));
    EXPECT_EQ(x(7), 0x50505050u);
    EXPECT_EQ(x(8), 0x0000ffff0000ffffu);
    EXPECT_EQ(x(10), 0x40000000u); // ORR (immediate) writes SP
}

TEST_F(instructions, MoveWide_C6_2_190) {
    ASSERT_TRUE(h.run_snippet("movewide"));
    EXPECT_EQ(x(1), 0xffff00001234abcdu);
    EXPECT_EQ(x(2), ~0ull);
    EXPECT_EQ(x(3), 0xfffffffeu);
    EXPECT_EQ(x(4), 0xffff0000u);
    EXPECT_EQ(x(5), uint64_t(-2));
}

TEST_F(instructions, MovkKeepsOtherBitsAndZeroExtendsW) {
    h.cpu.set_x(6, 0xaaaaaaaa1234ffffull);
    ASSERT_TRUE(h.run_snippet("movewide"));
    EXPECT_EQ(x(6), 0x5678ffffu); // MOVK Wd writes 32 bits, upper half zeroed
}

TEST_F(instructions, AdrAdrp_C6_2_10) {
    ASSERT_TRUE(h.run_snippet("pcrel"));
    EXPECT_EQ(x(1), h.sym("pcrel_target"));
    EXPECT_EQ(x(2), h.sym("pcrel_target") & ~0xfffull);
}

// C6.2.29 BFM, SBFM, UBFM and their aliases.
TEST_F(instructions, Bitfield_C6_2_29) {
    ASSERT_TRUE(h.run_snippet("bitfield"));
    EXPECT_EQ(x(2), 0x0fu);
    EXPECT_EQ(x(3), ~0ull);
    EXPECT_EQ(x(4), 0xf0f000u);
    EXPECT_EQ(x(5), 0xf0fu);
    EXPECT_EQ(x(6), uint64_t(-16));
    EXPECT_EQ(x(8), 0xfffffffffffff0ffu);
    EXPECT_EQ(x(9), 0xf0u);
    EXPECT_EQ(x(10), 0xfffffffffffffff0u);
    EXPECT_EQ(x(11), 0xff00u);
    EXPECT_EQ(x(12), uint64_t(-256));
    EXPECT_EQ(x(13), uint64_t(-256));
    EXPECT_EQ(x(14), 0xf0000000u);
    EXPECT_EQ(x(15), 0xffffffffu);
    EXPECT_EQ(x(16), 0u);
}

TEST_F(instructions, Extract_C6_2_90) {
    ASSERT_TRUE(h.run_snippet("extract"));
    EXPECT_EQ(x(3), 3u);
    EXPECT_EQ(x(4), 0x8000000000000000u);
    EXPECT_EQ(x(5), 0x10000000u);
    EXPECT_EQ(x(7), 0x80000000u);
}

TEST_F(instructions, LogicalShiftedRegister_C6_2_13) {
    ASSERT_TRUE(h.run_snippet("logical_reg"));
    EXPECT_EQ(x(3), 0x0fu);
    EXPECT_EQ(x(4), 0xf0u);
    EXPECT_EQ(x(5), 0xfffu);
    EXPECT_EQ(x(6), 0xfffffffffffffff0u);
    EXPECT_EQ(x(7), 0xf0u);
    EXPECT_EQ(x(8), 0xffffff0fu);
    EXPECT_EQ(x(9), 0u);
    EXPECT_EQ(x(10), 0u);
    EXPECT_EQ(x(11), uint64_t(Z));
    EXPECT_EQ(x(12), ~0xffull);
    EXPECT_EQ(x(13), 0x0fu);
    EXPECT_EQ(x(14), 0xffu);
    EXPECT_EQ(x(15), 0x80u); // 0xff ^ (0xff asr 1 = 0x7f)
    EXPECT_EQ(x(16), 0u);    // TST 0xff, #0x80: not zero, not negative
}

// C6.2.5 ADD (extended register), C6.2.6 ADD (shifted register).
TEST_F(instructions, AddSubShiftedAndExtended_C6_2_5) {
    ASSERT_TRUE(h.run_snippet("addsub_reg"));
    EXPECT_EQ(x(3), 22u);
    EXPECT_EQ(x(4), 9u);
    EXPECT_EQ(x(6), 0x100000009u);
    EXPECT_EQ(x(7), 9u);
    EXPECT_EQ(x(8), 10u + 255u * 4u);
    EXPECT_EQ(x(9), 11u);
    EXPECT_EQ(x(10), 0x4008000au);
    EXPECT_EQ(x(11), 0x40080000u);
    EXPECT_EQ(x(12), uint64_t(C)); // 10 - 3
    EXPECT_EQ(x(13), uint64_t(-3));
    EXPECT_EQ(x(14), uint64_t(3 - 20));
    EXPECT_EQ(x(15), uint64_t(N));
    EXPECT_EQ(x(16), 4u); // 0xffffffff + 5 in 32 bits
    EXPECT_EQ(x(17), 0x40080000u - 160);
    EXPECT_EQ(h.cpu.sp(), 0x40080000u);
}

TEST_F(instructions, AddSubWithCarry_C6_2_1) {
    ASSERT_TRUE(h.run_snippet("carry"));
    EXPECT_EQ(x(2), 0u);
    EXPECT_EQ(x(3), 1u);
    EXPECT_EQ(x(5), 5u);
    EXPECT_EQ(x(6), 4u);
    EXPECT_EQ(x(7), uint64_t(-2));
    EXPECT_EQ(x(8), uint64_t(N | C));
    EXPECT_EQ(x(9), uint64_t(-5)); // NGC with C = 1: 0 - 5 - 0
    EXPECT_EQ(x(10), 0u);
    EXPECT_EQ(x(11), uint64_t(Z | C));
}

// C6.2.46 CCMP, C6.2.68 CSEL family.
TEST_F(instructions, ConditionalCompareAndSelect_C6_2_46) {
    ASSERT_TRUE(h.run_snippet("condsel"));
    EXPECT_EQ(x(2), uint64_t(C));
    EXPECT_EQ(x(3), uint64_t(N));
    EXPECT_EQ(x(4), uint64_t(Z));
    EXPECT_EQ(x(5), 5u);
    EXPECT_EQ(x(6), 1u);
    EXPECT_EQ(x(7), ~0ull);
    EXPECT_EQ(x(8), uint64_t(-5));
    EXPECT_EQ(x(9), 1u);
    EXPECT_EQ(x(10), uint64_t(C)); // 5 - 2
    EXPECT_EQ(x(11), ~0ull);       // HI: C && !Z
    EXPECT_EQ(x(12), 5u);          // LS false: x1
}

TEST_F(instructions, MultiplyDivide_C6_2_175) {
    ASSERT_TRUE(h.run_snippet("muldiv"));
    EXPECT_EQ(x(3), uint64_t(-21));
    EXPECT_EQ(x(4), 56u);
    EXPECT_EQ(x(5), uint64_t(-49));
    EXPECT_EQ(x(6), uint64_t(-21));
    EXPECT_EQ(x(7), 0x6ffffffebu); // 7 * 0xfffffffd
    EXPECT_EQ(x(8), 0u);
    EXPECT_EQ(x(9), 0xfffffffffffffffau);
    EXPECT_EQ(x(10), 0u);
    EXPECT_EQ(x(11), uint64_t(-2));
    EXPECT_EQ(x(12), 0u); // division by zero gives zero
    EXPECT_EQ(x(13), 0x24924924u);
    EXPECT_EQ(x(16), 0x8000000000000000u); // INT64_MIN / -1
    EXPECT_EQ(x(17), uint64_t(-14));
    EXPECT_EQ(x(18), uint64_t(-42));
    EXPECT_EQ(x(19), 9u);
    EXPECT_EQ(x(20), uint64_t(-9));
    EXPECT_EQ(x(21), 0xfffffffa00000009u); // 0xfffffffd squared
    EXPECT_EQ(x(22), uint64_t(uint32_t(7 - 49)));
}

TEST_F(instructions, VariableShifts_C6_2_178) {
    ASSERT_TRUE(h.run_snippet("shiftv"));
    EXPECT_EQ(x(3), 0x800u);
    EXPECT_EQ(x(4), 0x8u);
    EXPECT_EQ(x(6), 0xfffffffffffffff0u);
    EXPECT_EQ(x(7), 0x8u);
    EXPECT_EQ(x(8), 0xfffffff0u);
    EXPECT_EQ(x(9), 0x8u);
}

TEST_F(instructions, BitOperations_RbitRevClzCls) {
    ASSERT_TRUE(h.run_snippet("bitops"));
    EXPECT_EQ(x(2), 0x8000000000000000u);
    EXPECT_EQ(x(3), 0x80000000u);
    EXPECT_EQ(x(4), 0x0102030405060708u);
    EXPECT_EQ(x(5), 0x0807060504030201u);
    EXPECT_EQ(x(6), 0x0403020108070605u);
    EXPECT_EQ(x(7), 0x0201040306050807u);
    EXPECT_EQ(x(8), 0x08070605u);
    EXPECT_EQ(x(9), 63u);
    EXPECT_EQ(x(10), 64u);
    EXPECT_EQ(x(11), 63u);
    EXPECT_EQ(x(13), 63u);
    EXPECT_EQ(x(14), 31u);
    EXPECT_EQ(x(15), 30u);
    EXPECT_EQ(x(16), 0x06050807u);
}

TEST_F(instructions, Branches_C6_2_CbzTbzBcondBlBlrBrRet) {
    ASSERT_TRUE(h.run_snippet("branches"));
    EXPECT_EQ(x(0), 2u | 4u | 32u | 128u);
    EXPECT_EQ(x(3), 7u);
    EXPECT_EQ(x(5), 9u);
}

TEST_F(instructions, LoadsStoresAllModes_C6_2_LdrStrLdpLdpsw) {
    ASSERT_TRUE(h.run_snippet("loadstore"));
    const uint64_t buf = h.sym("data_buf");
    const uint64_t pat = 0x8877665544332211u;
    EXPECT_EQ(x(3), 0x11u);
    EXPECT_EQ(x(4), 0xffffffffffffff88u);
    EXPECT_EQ(x(5), 0x4433u);
    EXPECT_EQ(x(6), 0xffff8877u);
    EXPECT_EQ(x(7), 0x88776655u);
    EXPECT_EQ(x(8), 0xffffffff88776655u);
    EXPECT_EQ(x(9), pat);
    EXPECT_EQ(x(11), pat);
    EXPECT_EQ(x(13), 0x2211u);
    EXPECT_EQ(x(15), pat);
    EXPECT_EQ(x(16), pat);
    EXPECT_EQ(x(17), 2u);
    EXPECT_EQ(x(18), 0x44332211u);
    EXPECT_EQ(x(19), 0xffffffff88776655u);
    EXPECT_EQ(x(20), 0x0000000200000002u);
    EXPECT_EQ(x(21), 2u);
    EXPECT_EQ(x(22), 2u);
    EXPECT_EQ(x(23), 0x1122334455667788u);
    EXPECT_EQ(x(24), 0x55667788u);
    EXPECT_EQ(x(25), 0xffffffff80000000u);
    EXPECT_EQ(x(26), buf + 8 - 8);
    EXPECT_EQ(x(27), 2u);
    EXPECT_EQ(x(28), 0x2211u); // ldursh of 0x2211 (positive)
    EXPECT_EQ(x(29), buf + 7);  // strb pre-index writeback
    EXPECT_EQ(h.read64(buf + 16 + 4) & 0xffff, 0x2211u);
}

// B2.9 exclusives: a store-exclusive succeeds once per load-exclusive.
TEST_F(instructions, ExclusivesAndAcquireRelease_B2_9) {
    ASSERT_TRUE(h.run_snippet("exclusive"));
    EXPECT_EQ(x(3), 6u);
    EXPECT_EQ(x(4), 0u);
    EXPECT_EQ(x(5), 1u);
    EXPECT_EQ(x(6), 6u);
    EXPECT_EQ(x(7), 1u);
    EXPECT_EQ(x(8), 6u);
    EXPECT_EQ(x(9), 0u);
    EXPECT_EQ(x(10), 0u);
    EXPECT_EQ(x(11), 5u);
    EXPECT_EQ(x(12), 6u);
    EXPECT_EQ(x(13), 6u);
    EXPECT_EQ(x(14), 6u);
    EXPECT_EQ(x(15), 0u);
    EXPECT_EQ(x(16), 5u);
}

TEST_F(instructions, SystemRegistersAtEL2) {
    ASSERT_TRUE(h.run_snippet("sysregs_el2"));
    EXPECT_EQ(x(1), 8u); // CurrentEL = EL2
    EXPECT_EQ(x(2), 0x00000111u); // ID_AA64PFR0_EL1: FP and AdvSIMD implemented
    EXPECT_EQ(x(3), 0x410fd034u);
    EXPECT_EQ(x(4), 8u);
    EXPECT_EQ(x(5), 0x80000000u);
    EXPECT_EQ(x(6), 0u);
    EXPECT_EQ(x(7), 0x3c0u);
    EXPECT_EQ(x(8), 0x340u);
    EXPECT_EQ(x(9), 0x8444c004u);
    EXPECT_EQ(x(10), 4u);
    EXPECT_EQ(x(11), 0u); // unallocated ID register: RAZ
    EXPECT_EQ(x(13), 0u); // VBAR_EL2[10:0] are RES0
    EXPECT_EQ(x(14), 0x00100025u); // ID_AA64MMFR0: 48-bit PA, 16-bit ASID, 4K/16K/64K granules
    EXPECT_EQ(x(15), 6u << 11); // PMCR_EL0.N = 6 event counters (cpu/pmu.h)
    EXPECT_EQ(x(16), 0xau); // OSLSR_EL1: OSLM = 0b10, OSLK = 1 (locked after a Cold reset)
    EXPECT_TRUE(h.warnings.empty());
}

TEST_F(instructions, CacheTlbBarrierAndHintsAreNoOps) {
    ASSERT_TRUE(h.run_snippet("hints"));
    // AT with the MMU off: flat, PAR_EL1.F = 0, Device-nGnRnE (ATTR 0), outer shareable.
    EXPECT_EQ(x(2) & 1, 0u);
    EXPECT_EQ(x(2) & 0x0000fffffffff000ull, h.sym("data_buf") & ~0xfffull);
    EXPECT_EQ(x(2) >> 56, 0u);
    EXPECT_EQ((x(2) >> 7) & 3, 2u);
    EXPECT_TRUE(h.warnings.empty());
}

// Decode cache: a store into a page holding decoded code drops it.
TEST_F(instructions, SelfModifyingCodeIsRedecoded) {
    ASSERT_TRUE(h.run_snippet("selfmod"));
    EXPECT_EQ(x(0), 2u);
    EXPECT_EQ(x(3), 2u);
}

// A page dropped and re-decoded while the PC stays in it must be dropped
// again by the next write (the "holds code" mark is set at decode).
TEST_F(instructions, CodeRewrittenRepeatedlyInTheCurrentPage) {
    const uint64_t a = h.sym("pcrel");
    h.cpu.set_x(0, 0);
    for (uint32_t enc : {0x91000400u, 0x91000800u, 0x91001000u}) { // add x0, x0, #1 / #2 / #4
        h.write32(a, enc); // write32 calls invalidate_code
        h.cpu.set_pc(a);
        h.cpu.step();
    }
    EXPECT_EQ(x(0), 7u);
}

// Data sharing a page with code: a write drops only the overlapped entries.
TEST_F(instructions, DataWriteInACodePageKeepsOtherDecodedInstructions) {
    ASSERT_EQ(h.sym("pcrel_target") >> 12, h.sym("muldiv") >> 12); // same 4 KiB page
    ASSERT_TRUE(h.run_snippet("muldiv"));
    const uint64_t decodes = h.cpu.decode_count();
    h.write64(h.sym("pcrel_target"), 0x1234);
    h.cpu.invalidate_code(h.sym("pcrel_target"), 8);
    ASSERT_TRUE(h.run_snippet("muldiv"));
    EXPECT_EQ(h.cpu.decode_count(), decodes);
}

// Blocks (docs/iss-dispatch.md): run() executes straight-line code without
// per-instruction bookkeeping; a store that rewrites the next instruction of
// the running block must still be seen by it.
TEST_F(instructions, StoreRewritingTheNextInstructionOfItsBlock) {
    h.cpu.set_pc(h.sym("selfmod_block"));
    h.cpu.run(1000); // ends in the snippet's final `b .`
    EXPECT_EQ(h.cpu.pc(), h.sym("selfmod_block_end"));
    EXPECT_EQ(x(3), 1u); // left the loop by the rewritten instruction
    EXPECT_EQ(x(0), 1u);
}

// A word rewritten far inside a scanned block (90 instructions after its
// start) into one that must run alone (HVC: the firmware reads the count)
// ends the block there when it next runs: the count the firmware sees is
// exact. Data written next to code (after the block's final branch) keeps the
// block and the decoded instructions.
TEST_F(instructions, RewriteInsideALongBlockIsSeenByTheBlock) {
    constexpr uint32_t add_x1_1 = 0x91000421, b_self = 0x14000000, hvc0 = 0xd4000002;
    std::vector<uint64_t> calls;
    h.firmware = [&](vp::cpu::core_env::conduit) {
        calls.push_back(h.cpu.instructions());
        return true;
    };
    // At the start of a page and further in (drop_entries looks at the 128
    // entries before the written one in two ways).
    for (const uint64_t code : {vp::test::ram_base + 0x90000, vp::test::ram_base + 0x91400}) {
        SCOPED_TRACE(code);
        for (unsigned k = 0; k < 100; ++k) h.write32(code + 4 * k, add_x1_1);
        h.write32(code + 400, b_self);
        h.cpu.set_pc(code);
        h.cpu.run(101);
        EXPECT_EQ(h.cpu.pc(), code + 400);
        const uint64_t decodes = h.cpu.decode_count();
        h.write64(code + 404, 0x1234); // data after the branch, same line
        h.cpu.set_x(1, 0);
        h.cpu.set_pc(code);
        h.cpu.run(101);
        EXPECT_EQ(x(1), 100u);
        EXPECT_EQ(h.cpu.decode_count(), decodes);
        h.write32(code + 4 * 90, hvc0);
        h.cpu.set_x(1, 0);
        h.cpu.set_pc(code);
        calls.clear();
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(101);
        ASSERT_EQ(calls.size(), 1u);
        EXPECT_EQ(calls[0], before + 91);
        EXPECT_EQ(x(1), 99u);
        EXPECT_EQ(h.cpu.pc(), code + 400);
    }
}

// Inside a block the instruction count is exact wherever it can be seen: at
// each bus access (the SystemC module's local time) and at an exception.
TEST_F(instructions, InstructionCountIsExactInsideABlock) {
    const uint64_t vectors = vp::test::ram_base + 0x80000;
    h.write32(vectors + 0x200, 0x14000000); // b . (current EL, SP_ELx, synchronous)
    h.cpu.state().sys.vbar_el2 = vectors;
    h.cpu.set_pc(h.sym("block_counts"));
    h.cpu.set_x(5, 0);
    const uint64_t before = h.cpu.instructions();
    const auto r = h.cpu.run(10);
    EXPECT_EQ(r.executed, 10u);
    ASSERT_EQ(h.bus.size(), 2u);
    EXPECT_EQ(h.bus[0].icount - before, 3u); // the LDR is the 3rd instruction
    EXPECT_EQ(h.bus[1].icount - before, 5u);
    EXPECT_EQ(h.cpu.state().elr[2], h.sym("block_counts") + 28); // the 8th: the aborting LDR
    EXPECT_EQ(h.cpu.state().esr[2] >> 26, 0x25u);                // data abort, same EL
    EXPECT_EQ(x(5), 3u);                                         // nothing after it ran
    EXPECT_EQ(h.cpu.pc(), vectors + 0x200);                      // 8 + 2 at the vector
}

TEST_F(instructions, DecodeCacheDecodesOncePerInstruction) {
    ASSERT_TRUE(h.run_snippet("muldiv"));
    const uint64_t decodes = h.cpu.decode_count();
    ASSERT_TRUE(h.run_snippet("muldiv"));
    EXPECT_EQ(h.cpu.decode_count(), decodes);
}

// C6.2.73 CRC32 / C6.2.74 CRC32C (FEAT_CRC32): check values of "123456789".
TEST_F(instructions, Crc32AndCrc32c_C6_2_73) {
    ASSERT_TRUE(h.run_snippet("crc"));
    EXPECT_EQ(x(0), 0xcbf43926u);
    EXPECT_EQ(x(3), 0xe3069283u);
    EXPECT_EQ(x(4), 0xcbf43926u);
    EXPECT_EQ(x(6), 0xe3069283u);
}

TEST_F(instructions, DeviceAccessesGoThroughTheBus) {
    ASSERT_TRUE(h.run_snippet("device"));
    ASSERT_EQ(h.bus.size(), 3u);
    EXPECT_FALSE(h.bus[0].write);
    EXPECT_EQ(h.bus[0].addr, 0x09000010u);
    EXPECT_EQ(x(2), 0x1010u);
    EXPECT_TRUE(h.bus[1].write);
    EXPECT_EQ(h.bus[1].addr, 0x09000020u);
    EXPECT_EQ(h.bus[1].size, 4u);
    EXPECT_EQ(h.bus[1].value, 0x55u);
    EXPECT_EQ(h.bus[2].size, 1u);
    EXPECT_EQ(x(4), 0x31u);
}

TEST_F(instructions, InstructionCountIsOnePerInstruction) {
    const uint64_t before = h.cpu.instructions();
    ASSERT_TRUE(h.run_snippet("pcrel"));
    EXPECT_EQ(h.cpu.instructions() - before, 2u);
}

} // namespace

// Vector multiplies on 16-bit lanes with the largest operands: the product
// wraps modulo 2^16 (or is exact in the widened lane), with no signed-int
// overflow in the model (found by fuzz_a64_unicorn under UBSan; C7.2.362
// UMLAL, C7.2.199 MUL, C7.2.183 MLA, C7.2.186 MLS).
TEST_F(instructions, VectorMultiplyAccumulateOfLargestLanes) {
    const uint64_t a = h.sym("pcrel");
    const uint64_t ones = ~0ull;
    h.cpu.set_v(1, ones, ones);
    h.cpu.set_v(2, ones, ones);
    h.cpu.set_v(0, 0, 0);
    h.cpu.set_v(4, 1, 0);
    h.cpu.set_v(5, 0, 0);
    for (uint32_t enc : {0x2e628020u, 0x4e629c23u, 0x4e629424u, 0x6e629425u}) { // umlal, mul, mla, mls
        h.write32(a, enc);
        h.cpu.set_pc(a);
        h.cpu.step();
        ASSERT_EQ(h.cpu.pc(), a + 4) << std::hex << enc;
    }
    EXPECT_EQ(h.cpu.v(0).d[0], 0xfffe0001fffe0001ull); // 0xffff * 0xffff = 0xfffe0001 per 32-bit lane
    EXPECT_EQ(h.cpu.v(0).d[1], 0xfffe0001fffe0001ull);
    EXPECT_EQ(h.cpu.v(3).d[0], 0x0001000100010001ull); // (0xffff * 0xffff) mod 2^16 = 1
    EXPECT_EQ(h.cpu.v(4).d[0], 0x0001000100010002ull); // lane 0: 1 + 1
    EXPECT_EQ(h.cpu.v(5).d[0], 0xffffffffffffffffull); // 0 - 1
}
