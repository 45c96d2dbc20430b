// state_probe: distributor state of chosen INTIDs as traceable signals,
// changing at the time stamp of the state change.
#include "gic/state_probe.h"

#include <fstream>
#include <iterator>

#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;
using sc_core::sc_time;
using sc_core::SC_NS;

class gic_state_probe : public gic_test {};

TEST_F(gic_state_probe, FollowsLinePendingActive) {
    auto& b = make({}, false);
    state_probe probe("probe", b.gic.dist(), {27, 40});
    b.settle();
    const auto& p27 = probe.probe(27);
    EXPECT_FALSE(p27.line.read());
    b.enable_all();
    b.enable_irq(27, 0x80);
    vp::test::run(sc_time(10, SC_NS));
    b.ppi(0, 27, true);
    EXPECT_TRUE(p27.line.read());
    EXPECT_TRUE(p27.pending.read());
    EXPECT_FALSE(p27.active.read());
    EXPECT_EQ(b.crd(gicc::IAR), 27u);
    b.settle();
    EXPECT_TRUE(p27.active.read());
    EXPECT_TRUE(p27.pending.read()); // level still high: active and pending
    EXPECT_FALSE(probe.probe(40).pending.read());
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_time(10, SC_NS));
}

TEST_F(gic_state_probe, TracesToVcd) {
    auto& b = make({}, false);
    state_probe probe("probe", b.gic.dist(), {33});
    sc_core::sc_trace_file* tf = sc_core::sc_create_vcd_trace_file("gic_state_probe_test");
    probe.trace(tf);
    b.settle();
    vp::test::run(sc_time(5, SC_NS));
    b.spi(33, true);
    vp::test::run(sc_time(5, SC_NS));
    sc_core::sc_close_vcd_trace_file(tf);
    std::ifstream vcd("gic_state_probe_test.vcd");
    std::string text((std::istreambuf_iterator<char>(vcd)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("intid33_line"), std::string::npos);
    EXPECT_NE(text.find("intid33_pending"), std::string::npos);
    EXPECT_NE(text.find("#5000"), std::string::npos); // 5 ns in the default 1 ps resolution
}

TEST_F(gic_state_probe, UnimplementedIntidIsError) {
    auto& b = make({}, false);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
    EXPECT_THROW(state_probe("probe", b.gic.dist(), {500}), sc_core::sc_report);
}
