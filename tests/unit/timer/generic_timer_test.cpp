// The per-CPU generic timers' behaviour (Arm ARM DDI 0487 D11.2 "The AArch64
// view of the Generic Timer"; D11.2.4 "Timers": the condition, CVAL, TVAL,
// CTL.{ENABLE,IMASK,ISTATUS}) and the exact timing of their outputs.
#include <gtest/gtest.h>

#include "timer_bench.h"

using namespace vp::timer;
using namespace vp::timer::test;
using vp::test::run;

namespace {

constexpr uint64_t ENABLE = timer_ctl::ENABLE, IMASK = timer_ctl::IMASK, ISTATUS = timer_ctl::ISTATUS;
constexpr timer_id P = timer_id::el1_physical, V = timer_id::virtual_, HP = timer_id::el2_physical;

struct GenericTimer : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_DO_NOTHING); }
};

// D11.2.4: a TVAL write sets CVAL = count + SignExtend(TVAL[31:0]).
TEST_F(GenericTimer, TvalWriteSignExtends) {
    bench b("b");
    run(ticks(1000));
    b.wr(reg::CNTP_TVAL_EL0, 0xFFFFFFFFu); // -1
    EXPECT_EQ(b.rd(reg::CNTP_CVAL_EL0), 999u);
    b.wr(reg::CNTP_TVAL_EL0, 0x80000000u); // most negative
    EXPECT_EQ(b.rd(reg::CNTP_CVAL_EL0), 1000u - 0x80000000ull);
    b.wr(reg::CNTP_TVAL_EL0, 0xFFFFFFFF00000010ull); // bits [63:32] ignored
    EXPECT_EQ(b.rd(reg::CNTP_CVAL_EL0), 1016u);
    b.wr(reg::CNTP_TVAL_EL0, 0x7FFFFFFFu);
    EXPECT_EQ(b.rd(reg::CNTP_CVAL_EL0), 1000u + 0x7FFFFFFFull);
}

// D11.2.4: TVAL reads CVAL - count (low 32 bits): counts down through zero
// and goes negative after expiry.
TEST_F(GenericTimer, TvalReadGoesNegativeAfterExpiry) {
    bench b("b");
    b.wr(reg::CNTV_TVAL_EL0, 10);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(ticks(4));
    EXPECT_EQ(b.rd(reg::CNTV_TVAL_EL0), 6u);
    run(ticks(16));
    EXPECT_EQ(b.rd(reg::CNTV_TVAL_EL0), uint32_t(-10)) << "read as a signed 32-bit value: -10";
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), ENABLE | ISTATUS);
    // "the timer value continues to count down" while disabled too.
    b.wr(reg::CNTV_CTL_EL0, 0);
    run(ticks(5));
    EXPECT_EQ(b.rd(reg::CNTV_TVAL_EL0), uint32_t(-15));
}

// D11.2.4: a CVAL already reached asserts the output at once (one delta).
TEST_F(GenericTimer, CvalInThePastAssertsAtOnce) {
    bench b("b");
    run(sc_time(1, SC_US));
    b.wr(reg::CNTP_CVAL_EL0, 10);
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    EXPECT_FALSE(b.cntp[0].read()) << "not before the delta cycle";
    run();
    EXPECT_TRUE(b.cntp[0].read());
    run(ticks(1)); // lets the probe record the edge
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, sc_time(1, SC_US)) << "no time passes";
    EXPECT_FALSE(b.cntv[0].read());
    EXPECT_FALSE(b.cntp[1].read()) << "the other CPU's timer is untouched";
}

// D11.2.4: IMASK masks the output; ISTATUS "takes no account of IMASK".
TEST_F(GenericTimer, ImaskLowersAndRaisesWithoutChangingIstatus) {
    bench b("b");
    b.wr(reg::CNTV_CVAL_EL0, 0);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run();
    ASSERT_TRUE(b.cntv[0].read());
    b.wr(reg::CNTV_CTL_EL0, ENABLE | IMASK);
    run();
    EXPECT_FALSE(b.cntv[0].read());
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), ENABLE | IMASK | ISTATUS);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run();
    EXPECT_TRUE(b.cntv[0].read());
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), ENABLE | ISTATUS);
    run(ticks(1)); // lets the probe record the last edge
    EXPECT_EQ(b.edges_of(0, V).size(), 3u);
}

// D11.2.4: ENABLE = 0 disables the output; ISTATUS reads 0 (UNKNOWN in the
// Arm ARM, 0 in this model as in QEMU).
TEST_F(GenericTimer, DisablingLowersTheLine) {
    bench b("b");
    b.wr(reg::CNTHP_CVAL_EL2, 0);
    b.wr(reg::CNTHP_CTL_EL2, ENABLE);
    run();
    ASSERT_TRUE(b.cnthp[0].read());
    b.wr(reg::CNTHP_CTL_EL2, 0);
    run();
    EXPECT_FALSE(b.cnthp[0].read());
    EXPECT_EQ(b.rd(reg::CNTHP_CTL_EL2), 0u);
}

// D11.2.4: writes to ISTATUS and RES0 bits are ignored.
TEST_F(GenericTimer, CtlReadOnlyAndRes0Bits) {
    bench b("b");
    b.wr(reg::CNTP_CVAL_EL0, ~uint64_t(0));
    b.wr(reg::CNTP_CTL_EL0, ~uint64_t(0) & ~IMASK);
    EXPECT_EQ(b.rd(reg::CNTP_CTL_EL0), ENABLE) << "ISTATUS stays 0 while the condition is not met";
}

// The output rises at the exact time of the tick that reaches CVAL: tick n
// at n * 16 ns at 62.5 MHz, not one tick (or one picosecond) early.
TEST_F(GenericTimer, RisesExactlyAtTheTickThatReachesCval) {
    bench b("b");
    b.wr(reg::CNTP_CVAL_EL0, 1000);
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    run(ticks(999));
    EXPECT_FALSE(b.cntp[0].read());
    EXPECT_EQ(b.rd(reg::CNTP_CTL_EL0, 0, ticks(1000) - sc_time::from_value(1)), ENABLE) << "ISTATUS 1 ps early";
    EXPECT_EQ(b.rd(reg::CNTP_CTL_EL0, 0, ticks(1000)), ENABLE | ISTATUS);
    run(sc_time(1, SC_US));
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, sc_time(16, SC_US));
    EXPECT_TRUE(b.edges_of(0, P)[0].level);
}

TEST_F(GenericTimer, RisesExactlyWithANonIntegralTickPeriod) {
    bench b("b", 24'000'000);
    b.wr(reg::CNTV_CVAL_EL0, 1);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(sc_time(1, SC_US));
    ASSERT_EQ(b.edges_of(0, V).size(), 1u);
    EXPECT_EQ(b.edges_of(0, V)[0].at, sc_time::from_value(41'667)) << "ceil(1e12 / 24e6) ps";
}

// Reprogramming CVAL/TVAL before expiry moves the deadline, both ways.
TEST_F(GenericTimer, ReprogrammingBeforeExpiryMovesTheDeadline) {
    bench b("b");
    b.wr(reg::CNTP_CVAL_EL0, 1000);
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    run(ticks(500));
    b.wr(reg::CNTP_CVAL_EL0, 2000);
    run(ticks(1000));
    EXPECT_TRUE(b.edges_of(0, P).empty()) << "the old deadline was cancelled";
    b.wr(reg::CNTP_TVAL_EL0, 100); // count is 1500 now
    run(ticks(1000));
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, ticks(1600));
}

// D11.2.2: CNTVCT = CNTPCT - CNTVOFF_EL2; the virtual deadline moves with it.
TEST_F(GenericTimer, CntvoffShiftsTheVirtualDeadline) {
    bench b("b");
    run(ticks(62));
    b.wr(reg::CNTVOFF_EL2, 50);
    EXPECT_EQ(b.rd(reg::CNTVCT_EL0), 12u);
    b.wr(reg::CNTV_CVAL_EL0, 100);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(ticks(38));
    b.wr(reg::CNTVOFF_EL2, 30); // vcount jumps from 50 to 70: deadline at physical 130
    run(ticks(100));
    ASSERT_EQ(b.edges_of(0, V).size(), 1u);
    EXPECT_EQ(b.edges_of(0, V)[0].at, ticks(130));
    EXPECT_EQ(b.rd(reg::CNTVCT_EL0, 1), 200u) << "CPU 1 has its own CNTVOFF_EL2 (0)";
    EXPECT_TRUE(b.edges_of(0, P).empty()) << "the physical timers ignore CNTVOFF";
}

// docs/vgic-reference.md section 4 / QEMU bug: CNTVOFF > CNTPCT makes CNTVCT wrap
// to a huge value (condition met) until CNTPCT reaches CNTVOFF, where CNTVCT
// wraps to 0 (not met), then rises again at CVAL.
TEST_F(GenericTimer, OffsetAboveCountConditionChangesWhenCountReachesOffset) {
    bench b("b");
    b.wr(reg::CNTVOFF_EL2, 100);
    b.wr(reg::CNTV_CVAL_EL0, 50);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(ticks(1000));
    const auto e = b.edges_of(0, V);
    ASSERT_EQ(e.size(), 3u);
    EXPECT_TRUE(e[0].level);
    EXPECT_EQ(e[0].at, SC_ZERO_TIME);
    EXPECT_FALSE(e[1].level);
    EXPECT_EQ(e[1].at, ticks(100)) << "CNTVCT wraps to 0";
    EXPECT_TRUE(e[2].level);
    EXPECT_EQ(e[2].at, ticks(150));
}

// CVAL + CNTVOFF overflowing 2^64 is a deadline like any other, modulo 2^64.
TEST_F(GenericTimer, CvalPlusOffsetOverflowing) {
    bench b("b");
    b.wr(reg::CNTVOFF_EL2, ~uint64_t(0) - 9); // 2^64 - 10: CNTVCT = CNTPCT + 10
    EXPECT_EQ(b.rd(reg::CNTVCT_EL0), 10u);
    b.wr(reg::CNTV_CVAL_EL0, 20);
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(ticks(100));
    const auto e = b.edges_of(0, V);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].at, ticks(10));
}

// CVAL + CNTVOFF wrapping to a physical count already passed: CNTVCT needs
// almost 2^64 ticks to reach CVAL, so no edge and no event.
TEST_F(GenericTimer, CvalPlusOffsetWrappingBelowTheCountHasNoFutureEdge) {
    bench b("b");
    run(ticks(1000));
    b.wr(reg::CNTVOFF_EL2, 100);
    b.wr(reg::CNTV_CVAL_EL0, ~uint64_t(0) - 49); // CVAL + CNTVOFF = 2^64 + 50
    b.wr(reg::CNTV_CTL_EL0, ENABLE);
    run();
    EXPECT_FALSE(b.cntv[0].read());
    EXPECT_FALSE(sc_pending_activity_at_future_time());
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), ENABLE) << "ISTATUS 0: CNTVCT = 900 < CVAL";
}

// CVAL near 2^64: beyond the end of sc_time, so nothing is scheduled and
// nothing overflows; and reached exactly once the counter is set near it,
// falling again when the count wraps to 0.
TEST_F(GenericTimer, CvalNear2To64DoesNotOverflowTime) {
    bench b("b");
    b.wr(reg::CNTP_CVAL_EL0, ~uint64_t(0));
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    run();
    EXPECT_FALSE(b.cntp[0].read());
    EXPECT_FALSE(sc_pending_activity_at_future_time()) << "an unreachable deadline schedules no event";

    b.control.write32(system_counter::CNTCR, 0);
    b.control.write64(system_counter::CNTCV, ~uint64_t(0) - 99); // 2^64 - 100
    b.wr(reg::CNTP_CVAL_EL0, ~uint64_t(0) - 49);                 // 2^64 - 50
    b.control.write32(system_counter::CNTCR, system_counter::CNTCR_EN);
    const sc_time start = sc_time_stamp();
    run(ticks(200));
    const auto e = b.edges_of(0, P);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].at, start + ticks(50));
    EXPECT_TRUE(e[0].level);
    EXPECT_EQ(e[1].at, start + ticks(100)) << "the count wraps to 0 < CVAL";
    EXPECT_FALSE(e[1].level);
}

// CVAL = 0: the condition always holds; the line stays high with no event.
TEST_F(GenericTimer, CvalZeroIsAlwaysMet) {
    bench b("b");
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    run(ticks(10));
    EXPECT_TRUE(b.cntp[0].read());
    EXPECT_FALSE(sc_pending_activity_at_future_time());
}

// The counter stopping, restarting and being written moves every deadline.
TEST_F(GenericTimer, CounterDisableEnableAndCntcvWrite) {
    bench b("b");
    b.wr(reg::CNTP_CVAL_EL0, 100);
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    b.wr(reg::CNTHP_CVAL_EL2, 1000);
    b.wr(reg::CNTHP_CTL_EL2, ENABLE);
    run(ticks(50));
    b.control.write32(system_counter::CNTCR, 0);
    run(sc_time(5, SC_US));
    EXPECT_TRUE(b.edges.empty()) << "a frozen counter reaches no deadline";
    EXPECT_FALSE(sc_pending_activity_at_future_time());
    const sc_time resume = sc_time_stamp();
    b.control.write32(system_counter::CNTCR, system_counter::CNTCR_EN);
    run(ticks(60));
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, resume + ticks(50));
    // A CNTCV write past CVAL asserts at once; back before CVAL deasserts.
    b.control.write64(system_counter::CNTCV, 5000);
    run();
    EXPECT_TRUE(b.cnthp[0].read());
    b.control.write64(system_counter::CNTCV, 10);
    run();
    EXPECT_FALSE(b.cntp[0].read());
    EXPECT_FALSE(b.cnthp[0].read());
}

// An idle platform has no scheduled events: disabled or masked timers
// schedule nothing, disabling cancels what was scheduled.
TEST_F(GenericTimer, NoScheduledEventWhenAllTimersAreDisabled) {
    bench b("b");
    run(ticks(1));
    EXPECT_FALSE(sc_pending_activity_at_future_time()) << "after reset";
    const uint32_t ctl[3] = {reg::CNTP_CTL_EL0, reg::CNTV_CTL_EL0, reg::CNTHP_CTL_EL2};
    const uint32_t tval[3] = {reg::CNTP_TVAL_EL0, reg::CNTV_TVAL_EL0, reg::CNTHP_TVAL_EL2};
    for (unsigned cpu = 0; cpu < bench::cpus; ++cpu)
        for (unsigned i = 0; i < 3; ++i) {
            b.wr(tval[i], 1000 + i, cpu);
            b.wr(ctl[i], ENABLE, cpu);
        }
    run(ticks(1));
    EXPECT_TRUE(sc_pending_activity_at_future_time());
    EXPECT_EQ(sc_time_to_pending_activity(), ticks(999));
    for (unsigned cpu = 0; cpu < bench::cpus; ++cpu)
        for (unsigned i = 0; i < 3; ++i)
            b.wr(ctl[i], i == 1 ? ENABLE | IMASK : 0, cpu); // masked counts as idle too
    run();
    EXPECT_FALSE(sc_pending_activity_at_future_time());
    run(ticks(5000));
    EXPECT_TRUE(b.edges.empty());
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), ENABLE | IMASK | ISTATUS) << "ISTATUS is computed on read";
}

// CNTFRQ_EL0 resets to the counter frequency; it is informational only.
TEST_F(GenericTimer, CntfrqResetsToTheCounterFrequency) {
    bench b("b", 24'000'000);
    EXPECT_EQ(b.rd(reg::CNTFRQ_EL0), 24'000'000u);
    b.wr(reg::CNTFRQ_EL0, 0x1'0000'1234ull);
    EXPECT_EQ(b.rd(reg::CNTFRQ_EL0), 0x1234u) << "[63:32] RES0";
    EXPECT_EQ(b.rd(reg::CNTFRQ_EL0, 1), 24'000'000u) << "per CPU";
    run(sc_time(1, SC_US));
    EXPECT_EQ(b.rd(reg::CNTPCT_EL0), 24u) << "the count rate does not follow CNTFRQ";
}

// A write at a time ahead of SystemC time (a CPU writing at its local time,
// docs/performance.md shortcut 6) takes effect as at that time: the level
// comes from the count there, and the next edge is at its own exact time.
TEST_F(GenericTimer, WriteAheadOfSystemcTimeTakesEffectAtItsTime) {
    bench b("b");
    EXPECT_TRUE(b.timers.writes_at_context_time());
    run(ticks(100));
    const sc_time ahead = sc_time_stamp() + ticks(10); // count 110 there
    b.wr(reg::CNTV_CVAL_EL0, 105, 0, ahead);
    b.wr(reg::CNTV_CTL_EL0, ENABLE, 0, ahead);
    run();
    EXPECT_TRUE(b.cntv[0].read()) << "met at count 110, not yet at count 100";
    // A TVAL write ahead counts from there; the line falls in the same delta
    // and rises at count 110 + 20, not 100 + 20.
    b.wr(reg::CNTV_TVAL_EL0, 20, 0, ahead);
    EXPECT_EQ(b.rd(reg::CNTV_CVAL_EL0), 130u);
    run();
    EXPECT_FALSE(b.cntv[0].read());
    run(ticks(100));
    const auto e = b.edges_of(0, V);
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].at, ticks(100)) << "the write's effect appears at SystemC time";
    EXPECT_TRUE(e[0].level);
    EXPECT_FALSE(e[1].level);
    EXPECT_EQ(e[2].at, ticks(130));
    EXPECT_TRUE(e[2].level);
}

// A write ahead that is already in the past for a later evaluation changes
// nothing: deadlines and counter changes evaluate at SystemC time.
TEST_F(GenericTimer, EvaluationAfterAWriteAheadUsesSystemcTime) {
    bench b("b");
    run(ticks(100));
    b.wr(reg::CNTP_CVAL_EL0, 150, 0, sc_time_stamp() + ticks(10));
    b.wr(reg::CNTP_CTL_EL0, ENABLE, 0, sc_time_stamp() + ticks(10));
    run(ticks(30)); // count 130: the write's time lies behind
    EXPECT_FALSE(b.cntp[0].read());
    b.wr(reg::CNTVOFF_EL2, 0); // re-evaluates the virtual timer only
    b.wr(reg::CNTP_CTL_EL0, ENABLE); // synchronised write: count 130 < 150
    run();
    EXPECT_FALSE(b.cntp[0].read());
    run(ticks(30));
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, ticks(150));
}

// Counts read at the CPU's local time, which may be ahead of SystemC time.
TEST_F(GenericTimer, CountReadsUseTheCpuLocalTime) {
    bench b("b");
    run(ticks(100));
    EXPECT_EQ(b.rd(reg::CNTPCT_EL0, 0, sc_time_stamp() + ticks(7)), 107u);
    b.wr(reg::CNTVOFF_EL2, 7);
    EXPECT_EQ(b.rd(reg::CNTVCT_EL0, 0, sc_time_stamp() + ticks(7)), 100u);
    b.wr(reg::CNTP_CVAL_EL0, 103);
    EXPECT_EQ(b.rd(reg::CNTP_TVAL_EL0, 0, sc_time_stamp() + ticks(7)), uint32_t(-4));
}

} // namespace

namespace {

// The mapping uses the kernel's time resolution, whatever it is: with 1 ns
// units, 62.5 MHz is 16 units per tick and 24 MHz rounds tick 1 up to 42 ns.
// (Needs its own process: the resolution is fixed once time is used.)
TEST_F(GenericTimer, CoarseTimeResolution) {
    try {
        sc_set_time_resolution(1, SC_NS);
    } catch (const sc_report&) {
        GTEST_SKIP() << "time resolution already fixed in this process (run through ctest)";
    }
    bench b("b");
    bench slow("slow", 24'000'000);
    b.wr(reg::CNTP_CVAL_EL0, 1000);
    b.wr(reg::CNTP_CTL_EL0, ENABLE);
    slow.wr(reg::CNTV_CVAL_EL0, 1);
    slow.wr(reg::CNTV_CTL_EL0, ENABLE);
    run(sc_time(20, SC_US));
    ASSERT_EQ(b.edges_of(0, P).size(), 1u);
    EXPECT_EQ(b.edges_of(0, P)[0].at, sc_time(16, SC_US));
    ASSERT_EQ(slow.edges_of(0, V).size(), 1u);
    EXPECT_EQ(slow.edges_of(0, V)[0].at, sc_time(42, SC_NS));
    EXPECT_EQ(slow.rd(reg::CNTPCT_EL0), 480u) << "20 us at 24 MHz";
}

} // namespace
