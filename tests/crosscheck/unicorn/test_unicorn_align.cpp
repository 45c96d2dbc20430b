// Misaligned data accesses: the one place where the core is compared with
// the architecture rather than with Unicorn (Unicorn 2.0.1 does not fault
// misaligned accesses with translation off).
//
// With translation off, EL1 data accesses are Device-nGnRnE unless
// HCR_EL2.DC = 1 (D5.2.9), and a misaligned access to Device memory takes an
// Alignment fault (B2.5.2): a Data Abort from the current EL (EC 0x25) with
// DFSC 0b100001, FAR = the faulting address, ELR = the instruction, no
// register or memory change. Exclusives and load-acquire/store-release
// require alignment even in Normal memory (B2.5.2); ordinary loads and
// stores to Normal memory do not (SCTLR_EL1.A = 0), and there the values are
// compared with Unicorn by test_unicorn_ldst (unicorn_ldst_normal.*).
#include <gtest/gtest.h>

#include <cstring>

#include "cpu/core.h"
#include "lockstep.h"

namespace {

using vp::xcheck::layout;

struct access_case {
    const char* name;
    uint32_t raw;      // Rn = X1, Rt = X2 (Rt2 = X3, Rs = W4)
    unsigned misalign; // added to an aligned address (the base X1)
    bool write;
    bool always_aligned; // exclusive / acquire-release: faults in Normal memory too
    unsigned disp = 0;   // immediate offset the instruction adds to X1
    bool any_far_in_block = false; // DC ZVA: FAR may be any address in the block
};

// Encodings checked with aarch64-linux-gnu-as.
const access_case cases[] = {
    {"ldrh", 0x79400022, 1, false, false},      {"ldr_w", 0xb9400022, 2, false, false},
    {"ldr_x", 0xf9400022, 4, false, false},     {"ldrsh_x", 0x79800022, 1, false, false},
    {"ldrsw", 0xb9800022, 3, false, false},     {"strh", 0x79000022, 1, true, false},
    {"str_w", 0xb9000022, 1, true, false},      {"str_x", 0xf9000022, 6, true, false},
    {"ldur_x", 0xf8401022, 0, false, false, 1}, // [x1, #1]
    {"ldr_x_post", 0xf8408422, 4, false, false}, {"ldr_x_pre", 0xf8408c22, 4, false, false, 8},
    {"ldr_x_regoff", 0xf8656822, 2, false, false}, // [x1, x5], x5 = 0
    {"ldp_x", 0xa9400c22, 4, false, false},     {"stp_x", 0xa9000c22, 4, true, false},
    {"ldp_w", 0x29400c22, 2, false, false},     {"ldpsw", 0x69400c22, 1, false, false},
    {"ldxr_x", 0xc85f7c22, 4, false, true},     {"ldaxr_w", 0x885ffc22, 2, false, true},
    {"ldxrh", 0x485f7c22, 1, false, true},      {"stxr_x", 0xc8047c22, 4, true, true},
    {"stlxr_w", 0x8804fc22, 2, true, true},     {"ldar_x", 0xc8dffc22, 4, false, true},
    {"stlr_x", 0xc89ffc22, 4, true, true},      {"ldarh", 0x48dffc22, 1, false, true},
    {"stlrh", 0x489ffc22, 1, true, true},
    {"ldxp_x_8_not_16", 0xc87f0c22, 8, false, true}, // a pair must be aligned to its total size
    {"stxp_x_8_not_16", 0xc8240c22, 8, true, true},
    // DC ZVA X1 to Device memory: Alignment fault whatever the alignment;
    // in Normal memory it zeroes the block.
    {"dc_zva", 0xd50b7421, 5, true, false, 0, true},
};

void PrintTo(const access_case& c, std::ostream* os) { *os << c.name; }

class misaligned : public testing::TestWithParam<access_case> {
protected:
    // Runs the case at EL1 and returns whether the core took the alignment
    // fault; checks the whole fault contract when it did.
    bool run(bool normal_memory) {
        const access_case& c = GetParam();
        auto& core = ls.ours();
        auto& st = core.state();
        if (normal_memory) ls.use_normal_memory();
        st.sys.vbar_el1 = layout::ram_base + 0x10000;
        const uint64_t pc = layout::ring_base + 0x100;
        std::memcpy(ls.ours_mem(pc), &c.raw, 4);
        core.invalidate_code(pc, 4);
        const uint64_t addr = layout::data_base + 0x100 + c.misalign;
        const uint64_t fault_addr = addr + c.disp;
        core.set_x(1, addr);
        core.set_x(2, 0x1111111111111111);
        core.set_x(3, 0x3333333333333333);
        core.set_x(4, 0x4444);
        core.set_x(5, 0);
        std::memset(ls.ours_mem(layout::data_base), 0xa5, layout::data_size);
        core.clear_exclusive();
        core.set_pc(pc);
        const uint64_t pstate_before = core.pstate();
        const uint64_t taken_before = core.exceptions_taken(1);
        core.step();
        if (core.exceptions_taken(1) == taken_before) return false;

        const uint64_t esr = st.esr[1];
        EXPECT_EQ(esr >> 26, 0x25u) << "EC: Data Abort from the current EL";
        EXPECT_EQ((esr >> 25) & 1, 1u) << "IL: 32-bit instruction";
        EXPECT_EQ(esr & 0x3f, 0x21u) << "DFSC: Alignment fault";
        EXPECT_EQ((esr >> 6) & 1, c.write ? 1u : 0u) << "WnR";
        if (c.any_far_in_block)
            EXPECT_EQ(st.far[1] & ~uint64_t(63), fault_addr & ~uint64_t(63));
        else
            EXPECT_EQ(st.far[1], fault_addr);
        EXPECT_EQ(st.elr[1], pc);
        EXPECT_EQ(st.spsr[1], pstate_before);
        EXPECT_EQ(core.pc(), st.sys.vbar_el1 + 0x200) << "current EL with SP_ELx, synchronous";
        EXPECT_EQ(core.x(1), addr) << "no base writeback";
        EXPECT_EQ(core.x(2), 0x1111111111111111u) << "no register change";
        EXPECT_EQ(core.x(3), 0x3333333333333333u);
        EXPECT_EQ(core.x(4), 0x4444u) << "no exclusive status written";
        for (uint64_t i = 0; i < layout::data_size; ++i)
            if (ls.ours_mem(layout::data_base)[i] != 0xa5) {
                ADD_FAILURE() << "memory written at +0x" << std::hex << i;
                break;
            }
        return true;
    }
    vp::xcheck::lockstep ls;
};

// B2.5.2: every misaligned access to Device memory faults.
TEST_P(misaligned, device_memory_takes_alignment_fault_B2_5_2) { EXPECT_TRUE(run(false)); }

// Normal memory (HCR_EL2.DC = 1, SCTLR_EL1.A = 0): only the exclusives and
// acquire/release need alignment.
TEST_P(misaligned, normal_memory_faults_only_exclusive_and_acquire_release_B2_5_2) {
    EXPECT_EQ(run(true), GetParam().always_aligned);
}

INSTANTIATE_TEST_SUITE_P(unicorn_align, misaligned, testing::ValuesIn(cases),
                         [](const testing::TestParamInfo<access_case>& i) { return std::string(i.param.name); });

} // namespace
