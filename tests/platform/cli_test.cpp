// The vp command line: time and frequency units, defaults, and every bad
// input answered with one clear line and exit code 2.
#include <gtest/gtest.h>

#include <sstream>

#include "cli.h"

using namespace vp::platform;
using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_NS;
using sc_core::SC_SEC;
using sc_core::SC_US;

namespace {

parse_result parse(std::vector<const char*> args, std::string* err_text = nullptr) {
    args.insert(args.begin(), "vp");
    std::ostringstream out, err;
    auto r = parse_command_line(int(args.size()), args.data(), out, err);
    if (err_text)
        *err_text = err.str();
    return r;
}

TEST(PlatformCli, TimeUnits) {
    EXPECT_EQ(parse_time("5s"), sc_time(5, SC_SEC));
    EXPECT_EQ(parse_time("200ms"), sc_time(200, SC_MS));
    EXPECT_EQ(parse_time("10us"), sc_time(10, SC_US));
    EXPECT_EQ(parse_time("1.5us"), sc_time(1500, SC_NS));
    EXPECT_THROW(parse_time("10"), std::invalid_argument) << "a time needs a unit";
    EXPECT_THROW(parse_time("ten us"), std::invalid_argument);
    EXPECT_THROW(parse_time("-1s"), std::invalid_argument);
    EXPECT_THROW(parse_time("1e9s"), std::invalid_argument) << "beyond sc_time's range";
}

TEST(PlatformCli, FrequencyUnits) {
    EXPECT_DOUBLE_EQ(parse_frequency("62.5MHz"), 62.5e6);
    EXPECT_DOUBLE_EQ(parse_frequency("1GHz"), 1e9);
    EXPECT_DOUBLE_EQ(parse_frequency("24000000"), 24e6);
    EXPECT_THROW(parse_frequency("fast"), std::invalid_argument);
    EXPECT_THROW(parse_frequency("0Hz"), std::invalid_argument);
}

TEST(PlatformCli, DefaultsMatchQemuVirt) {
    auto r = parse({"--firmware", "fw.elf"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.firmware, "fw.elf");
    EXPECT_EQ(r.opts.cpus, 1u);
    EXPECT_DOUBLE_EQ(r.opts.timer_freq_hz, 62.5e6);
    EXPECT_EQ(r.opts.trace_irqs, (std::vector<unsigned>{26, 27, 30}));
    EXPECT_FALSE(r.opts.max_time);
    EXPECT_TRUE(r.opts.vcd.empty());
}

TEST(PlatformCli, AllOptions) {
    auto r = parse({"fw.elf", "--vcd", "t.vcd", "--trace-irq", "27,33", "--max-time", "5ms", "--quantum", "100ns",
                    "--cpu-freq", "500MHz", "--timer-freq", "1MHz", "--cpus", "2", "--quiet"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.firmware, "fw.elf") << "the firmware may be positional";
    EXPECT_EQ(r.opts.vcd, "t.vcd");
    EXPECT_EQ(r.opts.trace_irqs, (std::vector<unsigned>{27, 33}));
    EXPECT_EQ(*r.opts.max_time, sc_time(5, SC_MS));
    EXPECT_EQ(r.opts.quantum, sc_time(100, SC_NS));
    EXPECT_DOUBLE_EQ(r.opts.cpu_freq_hz, 500e6);
    EXPECT_DOUBLE_EQ(r.opts.timer_freq_hz, 1e6);
    EXPECT_EQ(r.opts.cpus, 2u);
    EXPECT_TRUE(r.opts.quiet);
}

TEST(PlatformCli, BadInputIsOneLineAndExitTwo) {
    const std::vector<std::vector<const char*>> bad = {
        {},
        {"fw.elf", "--max-time", "5"},
        {"fw.elf", "--quantum", "0us"},
        {"fw.elf", "--cpus", "0"},
        {"fw.elf", "--cpus", "9"},
        {"fw.elf", "--trace-irq", "27,x"},
        {"fw.elf", "--trace-irq", "1020"},
        {"fw.elf", "--bogus"},
        {"fw.elf", "--cpu-freq", "0.5Hz"},
    };
    for (const auto& args : bad) {
        std::string err;
        auto r = parse(args, &err);
        ASSERT_TRUE(r.exit_code) << (args.empty() ? "(no args)" : args.back());
        EXPECT_EQ(*r.exit_code, 2);
        EXPECT_EQ(err.rfind("vp: ", 0), 0u) << err;
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    }
}

TEST(PlatformCli, HelpExitsZero) {
    auto r = parse({"--help"});
    ASSERT_TRUE(r.exit_code);
    EXPECT_EQ(*r.exit_code, 0);
}

} // namespace
