// Page links (docs/iss-dispatch.md, "DC ZVA in blocks; page links"): a chain
// that runs from one page into the next reuses what the page lookup found
// for the VA page until anything that could change it happens. Each test runs
// the same cross-page chain a few times (the link made, then used), changes
// the mapping of the second VA page, makes the change visible the way the
// test names, and runs the chain again: it must run the code of the new
// mapping, with the same count.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "cpu/sysregs.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using sysregs::key;
using vp::test::core_harness;
using vp::test::msr;
using vp::test::ram_base;

namespace {

constexpr uint32_t add_x1_1 = 0x91000421, b_self = 0x14000000;
constexpr uint32_t movz_x3(unsigned imm) { return 0xd2800003u | (imm << 5); }
constexpr uint32_t tlbi_vae1_x9 = 0xd5088729, tlbi_vmalle1 = 0xd508871f; // SYS #0, C8, C7, #1/#0
constexpr uint32_t ldr_x5_x8 = 0xf9400105;

constexpr uint64_t table = 3, page = 3, block = 1, af = 1u << 10, normal = 1u << 2; // AttrIndx 1

struct page_link : vp::test::program_fixture<core_harness> {
    // Two sets of tables: VA = PA for RAM but page b, which maps to p1 in set
    // 0 and to p2 in set 1.
    static constexpr uint64_t tables = ram_base + 0x80000;
    static constexpr uint64_t a = ram_base + 0x3000, b = ram_base + 0x4000;
    static constexpr uint64_t p1 = ram_base + 0x5000, p2 = ram_base + 0x6000;
    // The VA whose TLB slot is b's (4096 entries: 16 MiB above), through a
    // 2 MiB block onto the start of RAM.
    static constexpr uint64_t b_alias = b + (uint64_t(4096) << 12);

    static constexpr uint64_t l1(int set) { return tables + set * 0x4000; }
    static constexpr uint64_t l3(int set) { return l1(set) + 0x2000; }
    void build(int set, uint64_t b_pa) {
        const uint64_t t1 = l1(set), t2 = t1 + 0x1000, t3 = l3(set);
        h.write64(t1 + 8 * 1, t2 | table); // VA 0x40000000.. (39-bit VA, 4 KiB granule)
        h.write64(t2, t3 | table);
        h.write64(t2 + 8 * 8, ram_base | block | af | normal); // 0x41000000: 2 MiB onto RAM
        for (uint64_t i = 0; i < 256; ++i) h.write64(t3 + 8 * i, (ram_base + (i << 12)) | page | af | normal);
        map(set, b_pa);
    }
    void map(int set, uint64_t b_pa) { h.write64(l3(set) + 8 * ((b - ram_base) >> 12), b_pa | page | af | normal); }

    void SetUp() override {
        program_fixture::SetUp();
        build(0, p1);
        build(1, p2);
        s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
        s.sys.ttbr0_el1 = l1(0);
        s.sys.mair_el1 = 0xff00;
        s.sys.sctlr_el1 |= 1;
        // The chain: two ADDs at the end of page a, on into page b: MOVZ X3, B .
        put(a + 0xff8, {add_x1_1, add_x1_1});
        put(p1, {movz_x3(1), b_self});
        put(p2, {movz_x3(2), b_self});
        h.cpu.set_el(1, true);
        h.cpu.set_daif(0);
        h.cpu.translation_changed();
    }
    // Runs the chain (4 instructions); returns X3, checks the count.
    uint64_t chain() {
        h.cpu.set_x(3, 0);
        h.cpu.set_pc(a + 0xff8);
        const uint64_t before = h.cpu.instructions();
        h.cpu.run(4);
        EXPECT_EQ(h.cpu.instructions(), before + 4);
        EXPECT_EQ(h.cpu.pc(), b + 4);
        return h.cpu.x(3);
    }
    // Runs `code` at ram_base + 0x1000 up to its B . (n instructions).
    void guest(std::initializer_list<uint32_t> words) {
        put(code, words);
        h.cpu.set_pc(code);
        h.cpu.run(words.size());
        EXPECT_EQ(h.cpu.pc(), code + 4 * (words.size() - 1));
    }
    // The guest code's page decoded, the link of b made and used: from here
    // on only the change under test can make the chain look b up again.
    void warm() {
        guest({0xd503201f /* NOP */, b_self});
        for (int k = 0; k < 3; ++k) ASSERT_EQ(chain(), 1u);
    }
};

TEST_F(page_link, TlbiByVaTakesTheNewMapping) {
    warm();
    map(0, p2);
    h.cpu.set_x(9, b >> 12);
    guest({tlbi_vae1_x9, b_self});
    EXPECT_EQ(chain(), 2u);
    EXPECT_EQ(chain(), 2u);
}

TEST_F(page_link, TlbiAllTakesTheNewMapping) {
    warm();
    map(0, p2);
    guest({tlbi_vmalle1, b_self});
    EXPECT_EQ(chain(), 2u);
}

// No TLBI: the walk after another VA took b's TLB slot sees the new entry
// (the TLB may hold either; the core always held only the newest).
TEST_F(page_link, TlbFillReplacingTheEntryTakesTheNewMapping) {
    warm();
    map(0, p2);
    ASSERT_EQ(chain(), 1u) << "b's TLB entry still holds p1";
    h.cpu.set_x(8, b_alias);
    guest({ldr_x5_x8, b_self});
    EXPECT_EQ(chain(), 2u);
}

TEST_F(page_link, TtbrWriteTakesTheNewMapping) {
    warm();
    h.cpu.set_x(10, l1(1));
    guest({msr(key(3, 0, 2, 0, 0), 10), b_self}); // MSR TTBR0_EL1, X10
    EXPECT_EQ(chain(), 2u);
    h.cpu.set_x(10, l1(0));
    guest({msr(key(3, 0, 2, 0, 0), 10), b_self});
    EXPECT_EQ(chain(), 1u);
}

// An EL change selects another TLB (select_regime): the link made at EL2
// (translation off there: b is b) is not used back at EL1, whose own TLB
// entry for b still maps p1.
TEST_F(page_link, RegimeChangeUsesTheRegimesOwnMapping) {
    warm();
    put(b, {movz_x3(3), b_self});
    h.cpu.set_el(2, true); // SCTLR_EL2.M = 0
    for (int k = 0; k < 3; ++k) EXPECT_EQ(chain(), 3u);
    h.cpu.set_el(1, true);
    EXPECT_EQ(chain(), 1u);
    h.cpu.set_el(2, true);
    EXPECT_EQ(chain(), 3u);
}

} // namespace
