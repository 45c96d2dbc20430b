// vp::log (components/common/log.h): levels, once per cause, the per-category
// cap with its count, bounded memory, and the default sink on stderr.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <systemc>

#include "common/log.h"
#include "common/log_systemc.h"

namespace {

struct captured {
    std::vector<std::string> lines;
};

class LogTest : public ::testing::Test {
protected:
    void SetUp() override {
        vp::log::reset();
        vp::log::set_level(vp::log::level::warning);
        vp::log::set_cap(20);
        vp::log::set_sink([this](vp::log::level, std::string_view cat, const std::string& text) {
            out_.lines.push_back(std::string(cat) + ": " + text);
        });
    }
    void TearDown() override { vp::log::set_sink({}); }
    captured out_;
};

TEST_F(LogTest, WarningOncePerCause) {
    vp::log::warning_once("dev", 1, "a");
    vp::log::warning_once("dev", 1, "a again");
    vp::log::warning_once("dev", 2, "b");
    vp::log::warning_once("other", 1, "c"); // causes are per category
    ASSERT_EQ(out_.lines.size(), 3u);
    EXPECT_EQ(out_.lines[0], "dev: a");
    EXPECT_EQ(out_.lines[1], "dev: b");
    EXPECT_EQ(out_.lines[2], "other: c");
    EXPECT_EQ(vp::log::suppressed("dev"), 0u);
}

TEST_F(LogTest, TextCausesAreOncePerText) {
    vp::log::warning_once("dev", "GICD_SGIR filter", "x");
    vp::log::warning_once("dev", "GICD_SGIR filter", "x");
    vp::log::warning_once("dev", "GICD_SGIR target", "y");
    EXPECT_EQ(out_.lines.size(), 2u);
}

// A guest that faults at a new address every instruction: cap lines, the rest
// counted, and the summary says how many.
TEST_F(LogTest, CapBoundsLinesAndCountsTheRest) {
    vp::log::set_cap(5);
    for (uint64_t a = 0; a < 100000; ++a)
        vp::log::warning_once("bus/router", a, "fault at " + std::to_string(a));
    EXPECT_EQ(out_.lines.size(), 5u);
    EXPECT_EQ(vp::log::printed("bus/router"), 5u);
    EXPECT_EQ(vp::log::suppressed("bus/router"), 100000u - 5u);
    std::ostringstream summary;
    EXPECT_EQ(vp::log::print_summary(summary), 1u);
    EXPECT_NE(summary.str().find("99995 more bus/router messages not shown"), std::string::npos) << summary.str();
    // A cause already shown is not counted again.
    vp::log::warning_once("bus/router", 3, "again");
    EXPECT_EQ(vp::log::suppressed("bus/router"), 99995u);
}

TEST_F(LogTest, PlainWarningsAreCappedToo) {
    vp::log::set_cap(3);
    for (int i = 0; i < 10; ++i)
        vp::log::warning("dev", "w");
    EXPECT_EQ(out_.lines.size(), 3u);
    EXPECT_EQ(vp::log::suppressed("dev"), 7u);
}

TEST_F(LogTest, ZeroCapMeansUnbounded) {
    vp::log::set_cap(0);
    for (uint64_t a = 0; a < 100; ++a)
        vp::log::warning_once("dev", a, "w");
    EXPECT_EQ(out_.lines.size(), 100u);
    std::ostringstream summary;
    EXPECT_EQ(vp::log::print_summary(summary), 0u);
}

TEST_F(LogTest, ErrorsAreNeverCapped) {
    vp::log::set_cap(1);
    vp::log::error("dev", "e1");
    vp::log::error("dev", "e2");
    EXPECT_EQ(out_.lines.size(), 2u);
}

TEST_F(LogTest, LevelFilters) {
    vp::log::info("dev", "hidden at warning");
    vp::log::debug("dev", "hidden at warning");
    EXPECT_TRUE(out_.lines.empty());
    vp::log::set_level(vp::log::level::debug);
    vp::log::info("dev", "i");
    vp::log::debug("dev", "d");
    EXPECT_EQ(out_.lines.size(), 2u);
    vp::log::set_level(vp::log::level::error);
    vp::log::warning("dev", "hidden at error");
    vp::log::error("dev", "shown");
    EXPECT_EQ(out_.lines.size(), 3u);
}

TEST(LogParse, Levels) {
    vp::log::level l = vp::log::level::warning;
    EXPECT_TRUE(vp::log::parse_level("debug", l));
    EXPECT_EQ(l, vp::log::level::debug);
    EXPECT_TRUE(vp::log::parse_level("error", l));
    EXPECT_EQ(l, vp::log::level::error);
    EXPECT_FALSE(vp::log::parse_level("loud", l));
    EXPECT_FALSE(vp::log::parse_level("", l));
}

// The default sink writes to stderr, never to stdout (the guest's console).
TEST(LogSink, DefaultIsStderr) {
    vp::log::reset();
    vp::log::set_sink({});
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    vp::log::warning("dev", "to stderr");
    const std::string out = testing::internal::GetCapturedStdout();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "vp: warning: dev: to stderr\n");
}

// Routed through SystemC (as vp and the unit tests do): warnings count as
// SystemC reports of their category and are displayed on stderr.
TEST(LogSink, SystemcRouteCountsAndUsesStderr) {
    vp::log::reset();
    vp::log::route_to_systemc();
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DISPLAY);
    const int before = sc_core::sc_report_handler::get_count("dev/x");
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    vp::log::warning_once("dev/x", 7, "through SystemC");
    vp::log::warning_once("dev/x", 7, "through SystemC");
    const std::string out = testing::internal::GetCapturedStdout();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(sc_core::sc_report_handler::get_count("dev/x"), before + 1);
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "vp: warning: dev/x: through SystemC\n");
}

} // namespace
