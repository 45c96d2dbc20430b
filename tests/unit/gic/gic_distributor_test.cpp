// Distributor registers: reset values, implemented bits, banking, access
// sizes (IHI 0048B 4.1 and 4.3; GIC-400 values from DDI 0471B 3.2).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

class gicd_registers : public gic_test {};

namespace {
gic_params cpus(unsigned n, unsigned irqs = 288) {
    gic_params p;
    p.num_cpus = n;
    p.num_interrupts = irqs;
    return p;
}
} // namespace

// 4.3.2: ITLinesNumber [4:0], CPUNumber [7:5], SecurityExtn [10] = 0.
TEST_F(gicd_registers, TYPER_4_3_2_ReportsLinesAndCpus) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::TYPER), 8u);
}

TEST_F(gicd_registers, TYPER_4_3_2_FourCpus1020Interrupts) {
    auto& b = make(cpus(4, 1020));
    EXPECT_EQ(b.rd(gicd::TYPER), 31u | (3u << 5));
}

TEST_F(gicd_registers, IIDR_4_3_3_IsGic400) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::IIDR), 0x0200143Bu);
}

// DDI 0471B 3.2: peripheral and component ID registers.
TEST_F(gicd_registers, IdRegisters_Gic400Values) {
    auto& b = make();
    const uint32_t expected[12] = {0x04, 0, 0, 0, 0x90, 0xB4, 0x2B, 0, 0x0D, 0xF0, 0x05, 0xB1};
    for (unsigned i = 0; i < 12; ++i)
        EXPECT_EQ(b.rd(gicd::PIDR4 + 4 * i), expected[i]) << "offset 0x" << std::hex << gicd::PIDR4 + 4 * i;
    // ArchRev in PIDR2[7:4] = 2 (GICv2).
    EXPECT_EQ((b.rd(gicd::PIDR0 + 8) >> 4) & 0xF, 2u);
}

// 4.3.1: without Security Extensions only EnableGrp0/EnableGrp1 exist.
TEST_F(gicd_registers, CTLR_4_3_1_ResetZeroTwoImplementedBits) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::CTLR), 0u);
    b.wr(gicd::CTLR, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::CTLR), 3u);
    EXPECT_TRUE(b.gic.dist().group_enabled(false));
    EXPECT_TRUE(b.gic.dist().group_enabled(true));
}

// 4.3.4: Group 0 at reset, RW, INTID 0-31 banked.
TEST_F(gicd_registers, IGROUPR_4_3_4_ResetZeroReadWriteBanked) {
    auto& b = make(cpus(2));
    EXPECT_EQ(b.rd(gicd::IGROUPR), 0u);
    EXPECT_EQ(b.rd(gicd::IGROUPR + 4), 0u);
    b.wr(gicd::IGROUPR, 0x08000001, 0);
    b.wr(gicd::IGROUPR + 4, 0xFFFFFFFF, 1);
    EXPECT_EQ(b.rd(gicd::IGROUPR, 0), 0x08000001u);
    EXPECT_EQ(b.rd(gicd::IGROUPR, 1), 0u);
    EXPECT_EQ(b.rd(gicd::IGROUPR + 4, 0), 0xFFFFFFFFu); // SPIs: not banked
    EXPECT_TRUE(b.gic.dist().group1(27, 0));
    EXPECT_FALSE(b.gic.dist().group1(27, 1));
}

// 4.3.5/4.3.6: SGIs permanently enabled (GIC-400: RAO/WI), others reset 0.
TEST_F(gicd_registers, ISENABLER_4_3_5_SgisAlwaysEnabled) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::ISENABLER), 0x0000FFFFu);
    EXPECT_EQ(b.rd(gicd::ICENABLER), 0x0000FFFFu);
    b.wr(gicd::ICENABLER, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::ISENABLER), 0x0000FFFFu);
}

TEST_F(gicd_registers, ISENABLER_ICENABLER_4_3_5_SetAndClear) {
    auto& b = make();
    b.wr(gicd::ISENABLER + 4, 0x80000001);
    EXPECT_EQ(b.rd(gicd::ISENABLER + 4), 0x80000001u);
    EXPECT_EQ(b.rd(gicd::ICENABLER + 4), 0x80000001u);
    b.wr(gicd::ISENABLER + 4, 0x2); // writing 0 bits has no effect
    EXPECT_EQ(b.rd(gicd::ISENABLER + 4), 0x80000003u);
    b.wr(gicd::ICENABLER + 4, 0x80000000);
    EXPECT_EQ(b.rd(gicd::ISENABLER + 4), 0x3u);
}

TEST_F(gicd_registers, ISENABLER0_4_3_5_BankedPerCpu) {
    auto& b = make(cpus(2));
    b.wr(gicd::ISENABLER, 1u << 27, 0);
    EXPECT_EQ(b.rd(gicd::ISENABLER, 0), 0x0800FFFFu);
    EXPECT_EQ(b.rd(gicd::ISENABLER, 1), 0x0000FFFFu);
    EXPECT_TRUE(b.gic.dist().enabled(27, 0));
    EXPECT_FALSE(b.gic.dist().enabled(27, 1));
}

// 4.3.11: byte and word access; unimplemented low-order bits RAZ/WI.
TEST_F(gicd_registers, IPRIORITYR_4_3_11_ByteWordAccessAndImplementedBits) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 32), 0u);
    b.wr(gicd::IPRIORITYR + 32, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 32), 0xF8F8F8F8u); // 5 priority bits
    b.dist_bus.write8(gicd::IPRIORITYR + 34, 0x47);
    EXPECT_EQ(b.dist_bus.read8(gicd::IPRIORITYR + 34), 0x40u);
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 32), 0xF840F8F8u);
    EXPECT_EQ(b.gic.dist().priority(34, 0), 0x40u);
}

TEST_F(gicd_registers, IPRIORITYR_4_3_11_FourAndEightBits) {
    gic_params p;
    p.priority_bits = 4;
    auto& b = make(p);
    b.wr(gicd::IPRIORITYR + 32, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 32), 0xF0F0F0F0u);
}

TEST_F(gicd_registers, IPRIORITYR_4_3_11_EightBitsAllImplemented) {
    gic_params p;
    p.priority_bits = 8;
    auto& b = make(p);
    b.wr(gicd::IPRIORITYR + 32, 0x12345678);
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 32), 0x12345678u);
}

TEST_F(gicd_registers, IPRIORITYR_4_3_11_SgiPpiBanked) {
    auto& b = make(cpus(2));
    b.dist_bus.write8(gicd::IPRIORITYR + 27, 0xA0, 1);
    EXPECT_EQ(b.dist_bus.read8(gicd::IPRIORITYR + 27, 1), 0xA0u);
    EXPECT_EQ(b.dist_bus.read8(gicd::IPRIORITYR + 27, 0), 0u);
}

// 4.3.12: in a uniprocessor implementation all ITARGETSR are RAZ/WI.
TEST_F(gicd_registers, ITARGETSR_4_3_12_UniprocessorRazWi) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::ITARGETSR), 0u);
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 28), 0u);
    b.wr(gicd::ITARGETSR + 32, 0x01010101);
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 32), 0u);
}

// 4.3.12: ITARGETSR0-7 read-only, each byte the accessing CPU's own bit.
TEST_F(gicd_registers, ITARGETSR_4_3_12_SgiPpiReadOwnCpuMask) {
    auto& b = make(cpus(2));
    for (unsigned n = 0; n < 8; ++n) {
        EXPECT_EQ(b.rd(gicd::ITARGETSR + 4 * n, 0), 0x01010101u);
        EXPECT_EQ(b.rd(gicd::ITARGETSR + 4 * n, 1), 0x02020202u);
    }
    b.wr(gicd::ITARGETSR + 4, 0x03030303, 0);
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 4, 0), 0x01010101u);
    EXPECT_EQ(b.dist_bus.read8(gicd::ITARGETSR + 27, 1), 0x02u);
}

// 4.3.12: SPI targets byte and word access; bits for absent CPUs RAZ/WI.
TEST_F(gicd_registers, ITARGETSR_4_3_12_SpiByteWordAndAbsentCpusRaz) {
    auto& b = make(cpus(2));
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 32), 0u);
    b.wr(gicd::ITARGETSR + 32, 0xFF030201);
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 32), 0x03030201u);
    b.dist_bus.write8(gicd::ITARGETSR + 33, 0x01);
    EXPECT_EQ(b.rd(gicd::ITARGETSR + 32), 0x03030101u);
    EXPECT_EQ(b.gic.dist().targets(35, 0), 0x03u);
}

// 4.3.13: SGIs edge (0b10 per field, read-only); PPIs level and read-only
// unless configured programmable; SPIs programmable; bit [2F] reads 1 (GIC-400).
TEST_F(gicd_registers, ICFGR_4_3_13_ResetValuesAndReadOnlyFields) {
    auto& b = make();
    EXPECT_EQ(b.rd(gicd::ICFGR), 0xAAAAAAAAu);
    EXPECT_EQ(b.rd(gicd::ICFGR + 4), 0x55555555u);
    EXPECT_EQ(b.rd(gicd::ICFGR + 8), 0x55555555u);
    b.wr(gicd::ICFGR, 0);
    b.wr(gicd::ICFGR + 4, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::ICFGR), 0xAAAAAAAAu);
    EXPECT_EQ(b.rd(gicd::ICFGR + 4), 0x55555555u);
    EXPECT_FALSE(b.gic.dist().edge_triggered(27, 0));
}

TEST_F(gicd_registers, ICFGR_4_3_13_SpiEdgeBitProgrammable) {
    auto& b = make();
    b.wr(gicd::ICFGR + 8, 0x00000008); // INTID 33 edge
    EXPECT_EQ(b.rd(gicd::ICFGR + 8), 0x5555555Du);
    EXPECT_TRUE(b.gic.dist().edge_triggered(33, 0));
    EXPECT_FALSE(b.gic.dist().edge_triggered(32, 0));
}

TEST_F(gicd_registers, ICFGR1_4_3_13_ProgrammablePpisAreBanked) {
    gic_params p;
    p.num_cpus = 2;
    p.ppi_trigger_programmable = true;
    auto& b = make(p);
    b.wr(gicd::ICFGR + 4, 0x00800000, 1); // INTID 27 edge on CPU 1
    EXPECT_TRUE(b.gic.dist().edge_triggered(27, 1));
    EXPECT_FALSE(b.gic.dist().edge_triggered(27, 0));
    EXPECT_EQ(b.rd(gicd::ICFGR + 4, 1), 0x55D55555u);
}

// Registers of interrupts beyond ITLinesNumber are reserved: RAZ/WI.
TEST_F(gicd_registers, UnimplementedInterruptsRazWi_4_1_2) {
    auto& b = make(cpus(1, 64));
    b.wr(gicd::ISENABLER + 8, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::ISENABLER + 8), 0u);
    b.wr(gicd::IPRIORITYR + 64, 0xFFFFFFFF);
    EXPECT_EQ(b.rd(gicd::IPRIORITYR + 64), 0u);
    EXPECT_FALSE(b.gic.dist().implemented(64));
}

TEST_F(gicd_registers, ReservedOffsetRazWi_4_1_2) {
    auto& b = make();
    auto r = b.dist_bus.access(tlm::TLM_WRITE_COMMAND, 0x00C, 0xFFFFFFFF, 4, 0);
    EXPECT_TRUE(r.ok());
    r = b.dist_bus.access(tlm::TLM_READ_COMMAND, 0x00C, 0, 4, 0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0u);
}

// 4.1.4 Table 4-1: only IPRIORITYR, ITARGETSR, CPENDSGIR/SPENDSGIR are
// byte-accessible; everything is word-accessible; nothing 16- or 64-bit.
TEST_F(gicd_registers, AccessSizes_4_1_4_ByteOnlyWhereAllowed) {
    auto& b = make();
    using tlm::TLM_READ_COMMAND;
    using tlm::TLM_WRITE_COMMAND;
    EXPECT_EQ(b.dist_bus.access(TLM_READ_COMMAND, gicd::CTLR, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(TLM_WRITE_COMMAND, gicd::ISENABLER + 5, 1, 1, 0).status,
              tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(TLM_READ_COMMAND, gicd::IPRIORITYR, 0, 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(TLM_READ_COMMAND, gicd::IPRIORITYR, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(TLM_READ_COMMAND, gicd::CTLR, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_TRUE(b.dist_bus.access(TLM_READ_COMMAND, gicd::IPRIORITYR + 3, 0, 1, 0).ok());
    EXPECT_TRUE(b.dist_bus.access(TLM_READ_COMMAND, gicd::ITARGETSR + 33, 0, 1, 0).ok());
    EXPECT_TRUE(b.dist_bus.access(TLM_READ_COMMAND, gicd::SPENDSGIR + 1, 0, 1, 0).ok());
    EXPECT_TRUE(b.dist_bus.access(TLM_READ_COMMAND, gicd::CPENDSGIR + 2, 0, 1, 0).ok());
    // A rejected byte write changes nothing.
    EXPECT_EQ(b.rd(gicd::ISENABLER), 0x0000FFFFu);
}

TEST_F(gicd_registers, Misaligned_And_OutsideFrame_AddressError) {
    auto& b = make();
    EXPECT_EQ(b.dist_bus.access(tlm::TLM_READ_COMMAND, gicd::CTLR + 2, 0, 4, 0).status,
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(tlm::TLM_READ_COMMAND, 0x1000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.dist_bus.access(tlm::TLM_WRITE_COMMAND, 0x1FFC, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(gicd_registers, CpuIndexBeyondNumCpus_GenericError) {
    auto& b = make(cpus(2));
    EXPECT_EQ(b.dist_bus.access(tlm::TLM_READ_COMMAND, gicd::CTLR, 0, 4, 2).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu_bus.access(tlm::TLM_READ_COMMAND, gicc::IAR, 0, 4, 5).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
}

// Debug writes are refused (no side effects through transport_dbg).
TEST_F(gicd_registers, DebugWriteRefused) {
    auto& b = make();
    auto r = b.dist_bus.access(tlm::TLM_WRITE_COMMAND, gicd::CTLR, 3, 4, 0, true);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(b.rd(gicd::CTLR), 0u);
}

// GIC-400 GICD_PPISR / GICD_SPISRn show the input levels.
TEST_F(gicd_registers, PPISR_SPISR_ShowLineLevels) {
    auto& b = make(cpus(2));
    b.ppi(1, 27, true);
    b.spi(33, true);
    EXPECT_EQ(b.rd(gicd::PPISR, 1), 1u << 11);
    EXPECT_EQ(b.rd(gicd::PPISR, 0), 0u);
    EXPECT_EQ(b.rd(gicd::SPISR), 1u << 1);
}

// Table 4-1: pending, active, SGI pending and SPI target registers reset to 0.
TEST_F(gicd_registers, ResetValues_Table4_1_StateRegistersZero) {
    auto& b = make(cpus(2));
    for (unsigned cpu = 0; cpu < 2; ++cpu) {
        for (unsigned n = 0; n < 9; ++n) {
            for (uint64_t base : {gicd::IGROUPR, gicd::ISPENDR, gicd::ICPENDR, gicd::ISACTIVER, gicd::ICACTIVER})
                EXPECT_EQ(b.rd(base + 4 * n, cpu), 0u) << std::hex << base + 4 * n;
            EXPECT_EQ(b.rd(gicd::ISENABLER + 4 * n, cpu), n == 0 ? 0x0000FFFFu : 0u);
        }
        for (unsigned n = 0; n < 72; ++n)
            EXPECT_EQ(b.rd(gicd::IPRIORITYR + 4 * n, cpu), 0u);
        for (unsigned n = 8; n < 72; ++n)
            EXPECT_EQ(b.rd(gicd::ITARGETSR + 4 * n, cpu), 0u);
        for (unsigned n = 0; n < 4; ++n) {
            EXPECT_EQ(b.rd(gicd::CPENDSGIR + 4 * n, cpu), 0u);
            EXPECT_EQ(b.rd(gicd::SPENDSGIR + 4 * n, cpu), 0u);
        }
    }
}

// 4.1.2 reserved offsets: RAZ/WI and reported once per offset.
TEST_F(gicd_registers, ReservedOffsetReportedOnce_4_1_2) {
    auto& b = make();
    const int before = sc_core::sc_report_handler::get_count("gic/distributor");
    b.rd(0x010);
    b.rd(0x010);
    EXPECT_EQ(sc_core::sc_report_handler::get_count("gic/distributor"), before + 1);
    b.rd(0x014);
    EXPECT_EQ(sc_core::sc_report_handler::get_count("gic/distributor"), before + 2);
}

// A debugger may peek a byte of a word-only register through transport_dbg.
TEST_F(gicd_registers, DebugPeekSubWordOfWordRegister) {
    auto& b = make();
    auto r = b.dist_bus.access(tlm::TLM_READ_COMMAND, gicd::IIDR + 1, 0, 1, 0, true);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0x14u);
}
