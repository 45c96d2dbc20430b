// Software-generated interrupts: GICD_SGIR with every TargetListFilter,
// per-source pending state, GICD_CPENDSGIR/SPENDSGIR, GICC_IAR.CPUID
// (IHI 0048B 3.2.x, 4.3.15-4.3.17, 4.4.4).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

class gic_sgi : public gic_test {};

namespace {
gic_params cpus(unsigned n) {
    gic_params p;
    p.num_cpus = n;
    return p;
}
uint32_t sgir(unsigned filter, unsigned targets, unsigned sgi) { return (filter << 24) | (targets << 16) | sgi; }
} // namespace

// TargetListFilter 0b00: the CPUs in CPUTargetList.
TEST_F(gic_sgi, SGIR_4_3_15_Filter0TargetList) {
    auto& b = make(cpus(4));
    b.wr(gicd::SGIR, sgir(0, 0x0A, 5), 0); // CPUs 1 and 3, from CPU 0
    for (unsigned c = 0; c < 4; ++c)
        EXPECT_EQ(b.gic.dist().sgi_sources(5, c), (c == 1 || c == 3) ? 0x01u : 0u) << c;
}

// 0b01: every CPU but the requester.
TEST_F(gic_sgi, SGIR_4_3_15_Filter1AllOthers) {
    auto& b = make(cpus(4));
    b.wr(gicd::SGIR, sgir(1, 0xFF, 2), 2);
    for (unsigned c = 0; c < 4; ++c)
        EXPECT_EQ(b.gic.dist().pending(2, c), c != 2) << c;
    EXPECT_EQ(b.gic.dist().sgi_sources(2, 0), 1u << 2);
}

// 0b10: the requesting CPU only.
TEST_F(gic_sgi, SGIR_4_3_15_Filter2Self) {
    auto& b = make(cpus(4));
    b.wr(gicd::SGIR, sgir(2, 0, 7), 3);
    for (unsigned c = 0; c < 4; ++c)
        EXPECT_EQ(b.gic.dist().pending(7, c), c == 3) << c;
    EXPECT_EQ(b.gic.dist().sgi_sources(7, 3), 1u << 3);
}

// 0b11 is reserved: the write has no effect.
TEST_F(gic_sgi, SGIR_4_3_15_Filter3ReservedIgnored) {
    auto& b = make(cpus(2));
    b.wr(gicd::SGIR, sgir(3, 0xFF, 1), 0);
    EXPECT_FALSE(b.gic.dist().pending(1, 0));
    EXPECT_FALSE(b.gic.dist().pending(1, 1));
}

// Targets beyond the implemented CPUs are ignored; GICD_SGIR is write-only.
TEST_F(gic_sgi, SGIR_4_3_15_AbsentTargetsIgnoredWriteOnly) {
    auto& b = make(cpus(2));
    b.wr(gicd::SGIR, sgir(0, 0xFC, 1), 0);
    EXPECT_FALSE(b.gic.dist().pending(1, 0));
    EXPECT_FALSE(b.gic.dist().pending(1, 1));
    EXPECT_EQ(b.rd(gicd::SGIR), 0u);
}

// 4.4.4: GICC_IAR[12:10] = source CPU of an SGI; end to end on the lines.
TEST_F(gic_sgi, SGI_4_4_4_IarReportsSourceCpu) {
    auto& b = make(cpus(2));
    b.enable_all();
    b.dist_bus.write8(gicd::IPRIORITYR + 5, 0x40, 1);
    b.wr(gicd::SGIR, sgir(0, 0x02, 5), 0);
    b.settle();
    EXPECT_TRUE(b.irq(1));
    EXPECT_FALSE(b.irq(0));
    EXPECT_EQ(b.crd(gicc::HPPIR, 1), 5u | (0u << 10));
    const uint32_t iar = b.crd(gicc::IAR, 1);
    EXPECT_EQ(iar, 5u);
    b.wr(gicd::SGIR, sgir(2, 0, 6), 1);
    b.settle();
    b.cwr(gicc::EOIR, iar, 1);
    EXPECT_EQ(b.crd(gicc::IAR, 1), 6u | (1u << 10));
}

// Pending per source: two sources -> after one acknowledge the SGI is
// active and pending; the second acknowledge needs a deactivation first.
TEST_F(gic_sgi, SGI_4_3_16_PendingPerSource) {
    auto& b = make(cpus(4));
    b.enable_all();
    b.wr(gicd::SGIR, sgir(0, 0x01, 3), 2);
    b.wr(gicd::SGIR, sgir(0, 0x01, 3), 1);
    EXPECT_EQ(b.gic.dist().sgi_sources(3, 0), 0x06u);
    EXPECT_EQ(b.crd(gicc::IAR, 0), 3u | (1u << 10)); // lowest source first
    EXPECT_TRUE(b.gic.dist().active(3, 0));
    EXPECT_TRUE(b.gic.dist().pending(3, 0));
    EXPECT_EQ(b.crd(gicc::IAR, 0), 1023u);
    b.cwr(gicc::EOIR, 3 | (1u << 10), 0);
    EXPECT_EQ(b.crd(gicc::IAR, 0), 3u | (2u << 10));
    EXPECT_EQ(b.gic.dist().sgi_sources(3, 0), 0u);
}

// 4.3.16/4.3.17: SPENDSGIR/CPENDSGIR, byte per SGI, bit per source CPU, in
// the accessing CPU's bank; byte access allowed.
TEST_F(gic_sgi, SPENDSGIR_CPENDSGIR_4_3_16_BankedBytesPerSource) {
    auto& b = make(cpus(2));
    EXPECT_EQ(b.rd(gicd::SPENDSGIR, 1), 0u);
    b.wr(gicd::SPENDSGIR + 4, 0x00FF0000, 1); // SGI 6, sources 0 and 1 (others RAZ/WI)
    EXPECT_EQ(b.rd(gicd::SPENDSGIR + 4, 1), 0x00030000u);
    EXPECT_EQ(b.rd(gicd::CPENDSGIR + 4, 1), 0x00030000u);
    EXPECT_EQ(b.rd(gicd::SPENDSGIR + 4, 0), 0u);
    EXPECT_TRUE(b.gic.dist().pending(6, 1));
    EXPECT_TRUE(b.bit(gicd::ISPENDR, 6, 1));
    b.dist_bus.write8(gicd::CPENDSGIR + 6, 0x01, 1);
    EXPECT_EQ(b.dist_bus.read8(gicd::SPENDSGIR + 6, 1), 0x02u);
    b.dist_bus.write8(gicd::CPENDSGIR + 6, 0x02, 1);
    EXPECT_FALSE(b.gic.dist().pending(6, 1));
}

// 4.3.7/4.3.8: GICD_ISPENDR/ICPENDR bits of SGIs are WI.
TEST_F(gic_sgi, ISPENDR_4_3_7_SgiBitsWriteIgnored) {
    auto& b = make();
    b.wr(gicd::ISPENDR, 0x0000FFFF);
    EXPECT_EQ(b.rd(gicd::ISPENDR), 0u);
    b.wr(gicd::SGIR, sgir(2, 0, 4));
    b.wr(gicd::ICPENDR, 0x0000FFFF);
    EXPECT_EQ(b.rd(gicd::ISPENDR), 1u << 4);
}

// SGIs in a uniprocessor GIC: filter 0b10 reaches CPU 0.
TEST_F(gic_sgi, SGI_3_2_UniprocessorSelf) {
    auto& b = make();
    b.enable_all();
    b.wr(gicd::SGIR, sgir(2, 0, 15));
    b.settle();
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(b.crd(gicc::IAR), 15u);
}

// Eight CPUs: filter 0b01 from CPU 7 reaches CPUs 0-6; HPPIR reports CPUID.
TEST_F(gic_sgi, SGIR_4_3_15_EightCpusAllOthersFromCpu7) {
    auto& b = make(cpus(8));
    b.enable_all();
    b.wr(gicd::SGIR, sgir(1, 0, 9), 7);
    b.settle();
    for (unsigned c = 0; c < 8; ++c) {
        EXPECT_EQ(b.irq(c), c != 7) << c;
        if (c != 7) {
            EXPECT_EQ(b.crd(gicc::HPPIR, c), 9u | (7u << 10)) << c;
        }
    }
}
