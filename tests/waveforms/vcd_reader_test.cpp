// The VCD reader against files written by SystemC's own VCD writer, so the
// waveform assertions in platform tests read what users see in GTKWave.
#include <gtest/gtest.h>

#include <cstdio>
#include <systemc>

#include "vcd/vcd_reader.h"

using namespace sc_core;

namespace {

struct stimulus : sc_module {
    sc_signal<bool> line{"line"};
    sc_signal<sc_dt::sc_uint<2>> state{"state"};
    SC_HAS_PROCESS(stimulus);
    explicit stimulus(sc_module_name n) : sc_module(n) { SC_THREAD(run); }
    void run() {
        wait(10, SC_NS);
        line = true;
        state = 1;
        wait(5, SC_NS);
        state = 2;
        wait(5, SC_NS);
        line = false;
        state = 0;
    }
};

TEST(VcdReader, ReadsSystemCWriterHierarchyAndChanges) {
    stimulus top("top");
    sc_trace_file* tf = sc_create_vcd_trace_file("vcd_reader_test");
    tf->set_time_unit(1, SC_NS);
    sc_trace(tf, top.line, "gic.cpu0.line");
    sc_trace(tf, top.state, "gic.cpu0.lr0.state");
    sc_start(30, SC_NS);
    sc_close_vcd_trace_file(tf);

    auto t = vp::vcd::trace::load("vcd_reader_test.vcd");
    std::remove("vcd_reader_test.vcd");
    ASSERT_TRUE(t.has("gic.cpu0.line")) << "names: " << t.names().front();
    const auto& line = t["gic.cpu0.line"];
    const auto& state = t["gic.cpu0.lr0.state"];
    const uint64_t ns = 1000 / t.timescale_ps() ? 1000 / t.timescale_ps() : 1;
    ASSERT_EQ(line.rising_edges().size(), 1u);
    EXPECT_EQ(line.rising_edges()[0], 10 * ns);
    EXPECT_EQ(line.falling_edges()[0], 20 * ns);
    EXPECT_EQ(state.width, 2u);
    EXPECT_EQ(state.uint_at(12 * ns), 1u);
    EXPECT_EQ(state.uint_at(17 * ns), 2u);
    EXPECT_EQ(state.value_sequence(), (std::vector<uint64_t>{0, 1, 2, 0}));
}

TEST(VcdReader, UnknownSignalNamesItself) {
    auto t = vp::vcd::trace::parse("$timescale 1 ns $end $scope module SystemC $end $var wire 1 ! a $end "
                                   "$upscope $end $enddefinitions $end #0 0! #5 1!");
    EXPECT_EQ(t["a"].rising_edges(), (std::vector<uint64_t>{5}));
    try {
        (void)t["b"];
        FAIL() << "expected vcd_error";
    } catch (const vp::vcd::vcd_error& e) {
        EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos);
    }
}

TEST(VcdReader, RejectsTruncatedHeader) {
    EXPECT_THROW(vp::vcd::trace::parse("$timescale 1 ns $end $scope module SystemC $end"), vp::vcd::vcd_error);
    EXPECT_THROW(vp::vcd::trace::parse("$enddefinitions $end #0 1?"), vp::vcd::vcd_error);
}

} // namespace
