// vp's VCD writer (issue 15): the window keeps what is inside it and the
// values at its start, and the bytes are the same for the same changes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "vcd/vcd_reader.h"
#include "vcd_writer.h"

using vp::platform::vcd_writer;
using vp::vcd::trace;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Two signals changing at 0, 5, 10, 15 and 25 ns; `window` sets the window.
template <class Window>
std::string write(const std::string& path, Window window, uint64_t end = 30) {
    {
        vcd_writer w(path, "1 ns");
        const size_t line = w.add("gic.cpu0.irq", 1);
        const size_t state = w.add("gic.cpu0.lr0.state", 2);
        window(w);
        w.set(line, 1, 0);
        w.set(state, 1, 5);
        w.set(line, 0, 10);
        w.set(state, 2, 10);
        w.set(state, 3, 15);
        w.set(line, 1, 15); // a glitch inside one time step is not a change
        w.set(line, 0, 15);
        w.set(state, 0, 25);
        w.finish(end);
    }
    return slurp(path);
}

TEST(VcdWriter, WholeRunByDefault) {
    const std::string text = write("w_all.vcd", [](vcd_writer&) {});
    EXPECT_EQ(text, "$date\n     (omitted: vp writes reproducible traces)\n$end\n"
                    "$version\n     vp\n$end\n"
                    "$timescale\n     1 ns\n$end\n"
                    "$scope module vp $end\n"
                    "$scope module gic $end\n"
                    "$scope module cpu0 $end\n"
                    "$var wire 1 ! irq $end\n"
                    "$scope module lr0 $end\n"
                    "$var wire 2 \" state [1:0] $end\n"
                    "$upscope $end\n$upscope $end\n$upscope $end\n$upscope $end\n"
                    "$enddefinitions $end\n"
                    "#0\n$dumpvars\n0!\nb0 \"\n$end\n1!\n"
                    "#5\nb1 \"\n"
                    "#10\n0!\nb10 \"\n"
                    "#15\nb11 \"\n"
                    "#25\nb0 \"\n"
                    "#30\n");
    const trace t = trace::parse(text);
    EXPECT_EQ(t["gic.cpu0.irq"].value_sequence(), (std::vector<uint64_t>{1, 0}));
    EXPECT_EQ(t["gic.cpu0.lr0.state"].value_sequence(), (std::vector<uint64_t>{0, 1, 2, 3, 0}));
    EXPECT_EQ(t.end_time(), 30u);
}

TEST(VcdWriter, WindowHasTheValuesAtItsStartThenItsChanges) {
    const trace t = trace::parse(write("w_win.vcd", [](vcd_writer& w) {
        w.set_start(7);
        w.set_stop(20);
    }));
    const auto& irq = t["gic.cpu0.irq"];
    const auto& state = t["gic.cpu0.lr0.state"];
    // At 7 the values of 5; the changes at 10 and 15; nothing of 25.
    ASSERT_EQ(irq.changes.size(), 2u);
    EXPECT_EQ(irq.changes[0].time, 7u);
    EXPECT_EQ(irq.changes[0].value, "1");
    EXPECT_EQ(irq.changes[1].time, 10u);
    ASSERT_EQ(state.changes.size(), 3u);
    EXPECT_EQ(state.changes[0].time, 7u);
    EXPECT_EQ(state.uint_at(7), 1u);
    EXPECT_EQ(state.uint_at(15), 3u);
    EXPECT_EQ(t.end_time(), 20u) << "ends at the stop";
}

TEST(VcdWriter, StartOnAChangeListsTheValueBeforeThenTheChange) {
    const std::string text = write("w_edge.vcd", [](vcd_writer& w) { w.set_start(10); });
    const size_t dump = text.find("#10\n$dumpvars\n1!\nb1 \"\n$end\n0!\nb10 \"\n#15\n");
    EXPECT_NE(dump, std::string::npos) << text;
    EXPECT_EQ(text.find("#5"), std::string::npos);
}

TEST(VcdWriter, TriggerOpensTheWindowForADuration) {
    const trace t = trace::parse(write("w_trig.vcd", [](vcd_writer& w) {
        w.await_open();
        w.set_stop_after(6);
        w.open(12); // a trigger at 12: window 12..18
        EXPECT_EQ(*w.start(), 12u);
        w.open(14); // later triggers change nothing
    }));
    EXPECT_EQ(t["gic.cpu0.lr0.state"].changes.front().time, 12u);
    EXPECT_EQ(t["gic.cpu0.lr0.state"].uint_at(12), 2u);
    EXPECT_EQ(t["gic.cpu0.lr0.state"].uint_at(18), 3u);
    EXPECT_EQ(t.end_time(), 18u);
}

TEST(VcdWriter, WindowAfterTheRunHoldsNoValues) {
    const std::string text = write("w_never.vcd", [](vcd_writer& w) { w.set_start(40); });
    EXPECT_EQ(text.find('#'), std::string::npos) << text;
    const trace t = trace::parse(text);
    EXPECT_TRUE(t["gic.cpu0.irq"].changes.empty());
}

TEST(VcdWriter, WindowOpenAtTheEndOfTheRun) {
    // No change after the start: the values at the start, then the end.
    const trace t = trace::parse(write("w_late.vcd", [](vcd_writer& w) { w.set_start(27); }));
    EXPECT_EQ(t["gic.cpu0.lr0.state"].changes.size(), 1u);
    EXPECT_EQ(t["gic.cpu0.lr0.state"].changes.front().time, 27u);
    EXPECT_EQ(t["gic.cpu0.lr0.state"].uint_at(27), 0u);
    EXPECT_EQ(t.end_time(), 30u);
}

} // namespace
