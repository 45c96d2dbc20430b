// C programs compiled with aarch64-linux-gnu-gcc at -O0 and -O2 (sorting,
// software CRC-32, 64-bit division/modulo with signed edge cases, recursion,
// byte strings, SHA-256, ARMv8.0 atomics as LDAXR/STLXR loops, and double
// numerics with FP formatting built without -mgeneral-regs-only) run on our core and on Unicorn 2.0.1 from the same entry at
// EL1 with a stack, to the same stop address; then every register and the
// whole RAM (data, bss, stack) are compared, and the programs' own
// self-checks (known CRC check values, sortedness) are asserted. Each
// program also runs with stage 1 translation on, on both (identity and
// remapped, 4 KiB and 64 KiB granules).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>

#include "program_runner.h"

namespace {

using vp::xcheck::program_layout;

const char* const reg_names[34] = {"X0",  "X1",  "X2",  "X3",  "X4",  "X5",  "X6",  "X7",  "X8",  "X9",
                                   "X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X18", "X19",
                                   "X20", "X21", "X22", "X23", "X24", "X25", "X26", "X27", "X28", "X29",
                                   "X30", "SP",  "PC",  "NZCV"};

// xcheck_result[i] (programs/prog.h), at a fixed address.
uint64_t result_word(const vp::xcheck::program_outcome& o, unsigned i) {
    uint64_t v;
    std::memcpy(&v, o.ram.data() + (program_layout::result - program_layout::ram_base) + 8 * i, 8);
    return v;
}

using vp::xcheck::mmu_mode;

class program : public testing::TestWithParam<std::string> {
protected:
    void compare(mmu_mode mode);
};

TEST_P(program, same_registers_and_memory_as_unicorn) { compare(mmu_mode::off); }

// Both run with stage 1 translation on (mmu_prologue, the same tables on
// both; Unicorn made AArch64 Non-secure EL1 first, unicorn_el1.h): every
// fetch and data access is translated, through the TLB and the walker on
// our core, through QEMU's softmmu on Unicorn. Identity map by 4 KiB pages;
// VA != PA by 4 KiB pages (with the prologue under a 2 MiB block); VA != PA
// with the 64 KiB granule. Registers and the whole RAM (tables included)
// must be the same.
TEST_P(program, same_as_unicorn_identity_4k) { compare(mmu_mode::identity_4k); }
TEST_P(program, same_as_unicorn_remap_4k) { compare(mmu_mode::remap_4k); }
TEST_P(program, same_as_unicorn_remap_64k) { compare(mmu_mode::remap_64k); }

void program::compare(mmu_mode mode) {
    const std::string path = std::string(VP_XCHECK_PROGRAM_DIR) + "/" + GetParam() + ".bin";
    const auto image = vp::xcheck::read_image(path);
    ASSERT_FALSE(image.empty()) << path;
    constexpr uint64_t limit = 200000000;
    const auto ours = vp::xcheck::run_on_core(image, 1, limit, mode);
    const auto uc = vp::xcheck::run_on_unicorn(image, 1, 0, mode);
    std::printf("[xcheck] %s (%s): %" PRIu64 " instructions on our core\n", GetParam().c_str(),
                vp::xcheck::mmu_mode_name(mode), ours.instructions);
    ASSERT_TRUE(uc.finished) << uc.error;
    ASSERT_TRUE(ours.finished) << ours.error;
    EXPECT_EQ(ours.exceptions, 0u);
    for (unsigned i = 0; i < 34; ++i) EXPECT_EQ(ours.regs[i], uc.regs[i]) << reg_names[i];
    for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(ours.vregs[i], uc.vregs[i]) << "V" << i / 2 << ".D[" << i % 2 << "]";
    EXPECT_EQ(ours.vregs[64], uc.vregs[64]) << "FPCR";
    EXPECT_EQ(ours.vregs[65], uc.vregs[65]) << "FPSR";
    for (std::size_t i = 0; i < ours.ram.size(); ++i)
        if (ours.ram[i] != uc.ram[i]) {
            ADD_FAILURE() << "RAM differs first at PA 0x" << std::hex << vp::xcheck::ram_pa(mode) + i << ": ours 0x"
                          << unsigned(ours.ram[i]) << ", Unicorn 0x" << unsigned(uc.ram[i]);
            break;
        }
    // The programs' own checks, so that a shared misbehaviour is caught too.
    const std::string name = GetParam();
    if (name.rfind("crc32", 0) == 0) {
        EXPECT_EQ(result_word(ours, 0), 0xCBF43926u) << "CRC-32 check value of \"123456789\"";
        EXPECT_EQ(result_word(ours, 1), 0xE3069283u) << "CRC-32C check value of \"123456789\"";
    }
    if (name.rfind("sha256", 0) == 0) {
        // FIPS 180-4 example: SHA-256("abc") = ba7816bf 8f01cfea ... f20015ad
        static constexpr uint32_t abc[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                            0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
        for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(result_word(ours, i), abc[i]) << "SHA-256(\"abc\") word " << i;
    }
    if (name.rfind("atomics", 0) == 0) {
        EXPECT_EQ(result_word(ours, 3), 0u) << "spinlock left locked";
    }
    if (name.rfind("fpnum", 0) == 0) {
        EXPECT_GT(result_word(ours, 1), 600u) << "formatted text length";
    }
    if (name.rfind("sort", 0) == 0) {
        EXPECT_EQ(result_word(ours, 0), 0u) << "unsorted elements";
    }
    if (name.rfind("recursion", 0) == 0) {
        EXPECT_EQ(result_word(ours, 0), 603u) << "A(2, 300) = 2*300 + 3";
        EXPECT_EQ(result_word(ours, 1), 253u) << "A(3, 5) = 2^8 - 3";
        EXPECT_EQ(result_word(ours, 2), 17711u) << "fib(22)";
        EXPECT_EQ(result_word(ours, 3), 16383u) << "hanoi(14) = 2^14 - 1 moves";
        EXPECT_EQ(result_word(ours, 5), 5040u) << "7!";
    }
}

INSTANTIATE_TEST_SUITE_P(unicorn_programs, program,
                         testing::Values("sort_O0", "sort_O2", "crc32_O0", "crc32_O2", "div64_O0", "div64_O2",
                                         "recursion_O0", "recursion_O2", "strings_O0", "strings_O2", "sha256_O0",
                                         "sha256_O2", "atomics_O0", "atomics_O2", "fpnum_O0", "fpnum_O2"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

// Built without -mgeneral-regs-only (issue 11): simd.c (vectorised integer
// loops, struct copies, memcpy/memset, NEON and Crypto intrinsics) and
// vcopy.c (block copies and fills through Q registers), at -O2 and -O3.
INSTANTIATE_TEST_SUITE_P(unicorn_simd_programs, program,
                         testing::Values("simd_O2", "simd_O3", "vcopy_O2", "vcopy_O3"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

} // namespace
