// Exact simulated times of irq/fiq edges: a line change or register write
// at time T changes the output at time T (a few delta cycles later), never
// later (docs/architecture.md section 4; IHI 0048B 3.2 signalling).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

class gic_timing : public gic_test {};
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {
// Records the time stamps at which a signal changes.
struct edge_recorder : sc_core::sc_module {
    sc_core::sc_in<bool> in{"in"};
    std::vector<std::pair<sc_time, bool>> edges;
    explicit edge_recorder(sc_core::sc_module_name n) : sc_module(n) {
        SC_HAS_PROCESS(edge_recorder);
        SC_METHOD(record);
        sensitive << in;
        dont_initialize();
    }
    void record() { edges.emplace_back(sc_core::sc_time_stamp(), in.read()); }
};
} // namespace

// SPI line rises at 10 ns -> irq rises at 10 ns; falls at 25 ns -> irq falls at 25 ns.
TEST_F(gic_timing, Timing_LevelSpiRiseAndFallAtLineTime) {
    auto& b = make({}, false);
    edge_recorder rec("rec");
    rec.in(b.irq_sig[0]);
    b.settle();
    b.enable_all();
    b.enable_irq(40, 0x80);
    vp::test::run(sc_time(10, SC_NS));
    EXPECT_FALSE(b.irq());
    b.spi(40, true);
    EXPECT_TRUE(b.irq());
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_time(10, SC_NS));
    vp::test::run(sc_time(15, SC_NS));
    b.spi(40, false);
    EXPECT_FALSE(b.irq());
    ASSERT_EQ(rec.edges.size(), 2u);
    EXPECT_EQ(rec.edges[0], std::make_pair(sc_time(10, SC_NS), true));
    EXPECT_EQ(rec.edges[1], std::make_pair(sc_time(25, SC_NS), false));
}

// PPI driven by a process at 10 ns (as a timer would): irq at 10 ns;
// GICC_IAR at 12 ns drops irq at 12 ns; EOI at 20 ns with the line still
// high raises it again at 20 ns.
TEST_F(gic_timing, Timing_PpiAckAndEoiFromProcess) {
    auto& b = make({}, false);
    edge_recorder rec("rec");
    rec.in(b.irq_sig[0]);
    struct driver : sc_core::sc_module {
        gic_bench& b;
        uint32_t iar = 0;
        driver(sc_core::sc_module_name n, gic_bench& bench) : sc_module(n), b(bench) {
            SC_HAS_PROCESS(driver);
            SC_THREAD(run);
        }
        void run() {
            b.enable_all();
            b.enable_irq(27, 0x80);
            wait(10, SC_NS);
            b.ppi_sig[27 - 16].write(true);
            wait(2, SC_NS);
            iar = b.crd(gicc::IAR);
            wait(8, SC_NS);
            b.cwr(gicc::EOIR, iar);
        }
    } drv("drv", b);
    vp::test::run(sc_time(30, SC_NS));
    EXPECT_EQ(drv.iar, 27u);
    ASSERT_EQ(rec.edges.size(), 3u);
    EXPECT_EQ(rec.edges[0], std::make_pair(sc_time(10, SC_NS), true));
    EXPECT_EQ(rec.edges[1], std::make_pair(sc_time(12, SC_NS), false));
    EXPECT_EQ(rec.edges[2], std::make_pair(sc_time(20, SC_NS), true));
}

// A register write from a process changes irq one delta cycle later.
TEST_F(gic_timing, Timing_RegisterWriteOneDelta) {
    auto& b = make({}, false);
    struct driver : sc_core::sc_module {
        gic_bench& b;
        bool before = true, after = false;
        sc_core::sc_time when;
        driver(sc_core::sc_module_name n, gic_bench& bench) : sc_module(n), b(bench) {
            SC_HAS_PROCESS(driver);
            SC_THREAD(run);
        }
        void run() {
            b.enable_irq(40, 0x80);
            b.wr(gicd::ISPENDR + 4, 1u << 8);
            wait(7, SC_NS);
            b.wr(gicd::CTLR, 1);
            b.cwr(gicc::PMR, 0xFF);
            b.cwr(gicc::CTLR, 1);
            before = b.irq();
            wait(sc_core::SC_ZERO_TIME);
            after = b.irq();
            when = sc_core::sc_time_stamp();
        }
    } drv("drv", b);
    vp::test::run(sc_time(10, SC_NS));
    EXPECT_FALSE(drv.before);
    EXPECT_TRUE(drv.after);
    EXPECT_EQ(drv.when, sc_time(7, SC_NS));
}

// FIQ timing follows the same rule.
TEST_F(gic_timing, Timing_FiqAtLineTime) {
    auto& b = make({}, false);
    edge_recorder rec("rec");
    rec.in(b.fiq_sig[0]);
    b.settle();
    b.enable_all();
    b.cwr(gicc::CTLR, 3 | (1u << 3));
    b.enable_irq(33, 0x10);
    vp::test::run(sc_time(3, SC_NS));
    b.spi(33, true);
    ASSERT_EQ(rec.edges.size(), 1u);
    EXPECT_EQ(rec.edges[0], std::make_pair(sc_time(3, SC_NS), true));
}
