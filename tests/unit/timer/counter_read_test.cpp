// The CPU's path for counter reads (sysreg_target_if::read_at, issue 14):
// CNTPCT_EL0/CNTVCT_EL0 answered from the counter's line (counter_if::line)
// with the time as resolution units must give exactly what read() gives at
// that time: the same value (CNTVOFF_EL2 subtracted for CNTVCT, the counter
// stopped, rewritten or not a whole number of units per tick) and the same
// trap or UNDEFINED (CNTKCTL_EL1.EL0PCTEN/EL0VCTEN at EL0 to EL1, or to EL2
// with HCR_EL2.TGE; CNTHCTL_EL2.EL1PCTEN for EL0/EL1 to EL2; D11.2, D19.11).
#include <gtest/gtest.h>

#include "timer_bench.h"

using namespace vp::timer;
using namespace vp::timer::test;
using vp::sysreg_status;
using vp::test::run;

namespace {

constexpr auto OK = sysreg_status::ok, EL1 = sysreg_status::trap_el1, EL2 = sysreg_status::trap_el2;
constexpr uint64_t voff = 0x123456789abull;

struct CounterRead : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_DO_NOTHING); }
};

struct answer {
    sysreg_status status;
    uint64_t value;
};
answer fast(bench& b, unsigned el, bool tge, uint64_t now, uint32_t key, unsigned cpu = 0) {
    uint64_t v = 0xdead;
    const sysreg_status s = b.timers.read_at(cpu, el, tge, now, key, v);
    return {s, s == OK ? v : 0};
}
answer slow(bench& b, unsigned el, bool tge, uint64_t now, uint32_t key, unsigned cpu = 0) {
    uint64_t v = 0xdead;
    const sysreg_status s = b.timers.read(bench::ctx(el, cpu, sc_time::from_value(now), tge), key, v);
    return {s, s == OK ? v : 0};
}

// Every EL, TGE, key and control setting at times across a quantum ahead of
// SystemC time: the two paths agree.
void expect_same_everywhere(bench& b) {
    const uint64_t base = sc_time_stamp().value();
    for (uint64_t ahead : {0ull, 1ull, 15'999ull, 16'000ull, 16'001ull, 500'000ull, 999'999ull, 1'000'000ull})
        for (uint32_t key : {reg::CNTPCT_EL0, reg::CNTVCT_EL0})
            for (unsigned el = 0; el < 3; ++el)
                for (bool tge : {false, true}) {
                    const answer f = fast(b, el, tge, base + ahead, key), s = slow(b, el, tge, base + ahead, key);
                    EXPECT_EQ(f.status, s.status) << generic_timer::register_name(key) << " EL" << el << " tge " << tge;
                    EXPECT_EQ(f.value, s.value) << generic_timer::register_name(key) << " EL" << el << " at +" << ahead;
                }
}

TEST_F(CounterRead, SameValueAsReadAtEveryLocalTime) {
    bench b("b");
    run(ticks(1000)); // elaborated: the timer holds the counter's line
    b.wr(reg::CNTVOFF_EL2, voff);
    const uint64_t now = sc_time_stamp().value();
    // 62.5 MHz: a tick every 16,000 ps; 1000 ticks so far.
    EXPECT_EQ(fast(b, 2, false, now + 15'999, reg::CNTPCT_EL0).value, 1000u);
    EXPECT_EQ(fast(b, 2, false, now + 16'000, reg::CNTPCT_EL0).value, 1001u);
    EXPECT_EQ(fast(b, 1, false, now + 160'000, reg::CNTPCT_EL0).value, 1010u);
    EXPECT_EQ(fast(b, 2, false, now + 16'000, reg::CNTVCT_EL0).value, 1001u - voff) << "CNTVOFF_EL2 at EL2 too";
    EXPECT_EQ(fast(b, 1, false, now + 32'000, reg::CNTVCT_EL0).value, 1002u - voff);
    for (uint64_t kctl : {0ull, 1ull, 2ull, 3ull})
        for (uint64_t hctl : {0ull, 1ull, 3ull}) {
            b.wr(reg::CNTKCTL_EL1, kctl);
            b.wr(reg::CNTHCTL_EL2, hctl);
            expect_same_everywhere(b);
        }
}

// The traps and their routing, through the CPU's path.
TEST_F(CounterRead, TrapsAsTheAccessRules) {
    bench b("b");
    run(ticks(10));
    const uint64_t now = sc_time_stamp().value();
    b.wr(reg::CNTKCTL_EL1, 0);
    for (uint32_t key : {reg::CNTPCT_EL0, reg::CNTVCT_EL0}) {
        EXPECT_EQ(fast(b, 0, false, now, key).status, EL1) << generic_timer::register_name(key);
        EXPECT_EQ(fast(b, 0, true, now, key).status, EL2) << generic_timer::register_name(key) << " with TGE";
        EXPECT_EQ(fast(b, 1, false, now, key).status, OK);
        EXPECT_EQ(fast(b, 2, true, now, key).status, OK);
    }
    b.wr(reg::CNTKCTL_EL1, 3); // EL0PCTEN, EL0VCTEN
    EXPECT_EQ(fast(b, 0, false, now, reg::CNTPCT_EL0).status, OK);
    EXPECT_EQ(fast(b, 0, false, now, reg::CNTVCT_EL0).status, OK);
    b.wr(reg::CNTKCTL_EL1, 2); // EL0VCTEN only
    EXPECT_EQ(fast(b, 0, false, now, reg::CNTPCT_EL0).status, EL1);
    EXPECT_EQ(fast(b, 0, false, now, reg::CNTVCT_EL0).status, OK);
    b.wr(reg::CNTKCTL_EL1, 3);
    b.wr(reg::CNTHCTL_EL2, 0); // EL1PCTEN = 0: the physical count traps to EL2 from EL0 and EL1
    EXPECT_EQ(fast(b, 0, false, now, reg::CNTPCT_EL0).status, EL2);
    EXPECT_EQ(fast(b, 0, true, now, reg::CNTPCT_EL0).status, EL2);
    EXPECT_EQ(fast(b, 1, false, now, reg::CNTPCT_EL0).status, EL2);
    EXPECT_EQ(fast(b, 2, false, now, reg::CNTPCT_EL0).status, OK);
    EXPECT_EQ(fast(b, 1, false, now, reg::CNTVCT_EL0).status, OK) << "EL1PCTEN gates the physical count only";
}

// The counter stopped, rewritten and restarted: the line follows it.
TEST_F(CounterRead, FollowsTheSystemCounter) {
    bench b("b");
    run(ticks(100));
    b.wr(reg::CNTVOFF_EL2, 7);
    b.control.write32(system_counter::CNTCR, 0); // disabled: the count holds
    expect_same_everywhere(b);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value() + 1'000'000, reg::CNTPCT_EL0).value, 100u);
    b.control.write64(system_counter::CNTCV, 5000);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value() + 1'000'000, reg::CNTVCT_EL0).value, 4993u);
    run(ticks(10));
    b.control.write32(system_counter::CNTCR, system_counter::CNTCR_EN);
    expect_same_everywhere(b);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value() + 32'000, reg::CNTPCT_EL0).value, 5002u);
}

// 24 MHz: a tick is not a whole number of picoseconds; the counter has no
// line and the reads take read().
TEST_F(CounterRead, CounterWithoutALine) {
    bench b("b", 24'000'000);
    run(sc_time(1, SC_US));
    b.wr(reg::CNTVOFF_EL2, voff);
    b.wr(reg::CNTKCTL_EL1, 1);
    expect_same_everywhere(b);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value() + 41'667, reg::CNTPCT_EL0).value, 25u);
}

// At SC_DEBUG verbosity every read is traced, as read() traces it.
TEST_F(CounterRead, TracedAtDebugVerbosity) {
    bench b("b");
    run(ticks(1));
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value(), reg::CNTPCT_EL0).status, OK);
    EXPECT_EQ(sc_report_handler::get_count("timer/generic_timer"), 0);
    sc_report_handler::set_verbosity_level(SC_DEBUG);
    EXPECT_EQ(fast(b, 2, false, sc_time_stamp().value(), reg::CNTPCT_EL0).status, OK);
    EXPECT_EQ(fast(b, 0, false, sc_time_stamp().value(), reg::CNTVCT_EL0).status, EL1);
    EXPECT_EQ(sc_report_handler::get_count("timer/generic_timer"), 2);
    sc_report_handler::set_verbosity_level(SC_MEDIUM);
}

// A CPU beyond the configured ones is reported, as by read().
TEST_F(CounterRead, UnknownCpuIsReported) {
    bench b("b");
    run(ticks(1));
    sc_report_handler::set_actions(SC_ERROR, SC_DO_NOTHING);
    uint64_t v = 0;
    EXPECT_EQ(b.timers.read_at(bench::cpus, 2, false, sc_time_stamp().value(), reg::CNTPCT_EL0, v),
              sysreg_status::undefined);
    EXPECT_EQ(sc_report_handler::get_count(SC_ERROR), 1);
}

} // namespace
