// The CPU-side ordering contract (docs/architecture.md section 4, issue 4): a CPU
// thread writes a timer register after synchronising, yields one delta cycle
// and then sees the new level of the output; a second hop (a GIC input stage)
// costs one more delta. The timer's own method is the only writer of each
// output, so deadline-driven edges and CPU-driven edges never conflict under
// sc_signal's single-writer check (SystemC E115). Arm ARM DDI 0487 D11.2.4
// for the timer semantics.
#include <functional>

#include <gtest/gtest.h>

#include "timer_bench.h"

using namespace vp::timer;
using namespace vp::timer::test;
using vp::test::run;

namespace {

constexpr uint64_t ENABLE = timer_ctl::ENABLE, IMASK = timer_ctl::IMASK;

// A CPU stand-in: one thread running `body`, with the sysreg calls a CPU makes.
class cpu_thread : public sc_module {
public:
    SC_HAS_PROCESS(cpu_thread);
    cpu_thread(sc_module_name name, bench& b, std::function<void(cpu_thread&)> body)
        : sc_module(name), b(b), body_(std::move(body)) {
        SC_THREAD(main);
    }
    // An MSR at EL2 after synchronising: ctx.now == sc_time_stamp().
    void msr(uint32_t key, uint64_t v) {
        EXPECT_EQ(b.timers.write(bench::ctx(2, 0, sc_time_stamp()), key, v), vp::sysreg_status::ok);
    }
    uint64_t mrs(uint32_t key, sc_time local_offset = SC_ZERO_TIME) {
        uint64_t v = 0;
        EXPECT_EQ(b.timers.read(bench::ctx(2, 0, sc_time_stamp() + local_offset), key, v), vp::sysreg_status::ok);
        return v;
    }
    bench& b;
    bool done = false;

private:
    void main() {
        body_(*this);
        done = true;
    }
    std::function<void(cpu_thread&)> body_;
};

// A GIC-like input stage: one more hop (a method copying the line).
class input_stage : public sc_module {
public:
    SC_HAS_PROCESS(input_stage);
    sc_in<bool> in{"in"};
    sc_signal<bool> out{"out"};
    explicit input_stage(sc_module_name name) : sc_module(name) {
        SC_METHOD(copy);
        sensitive << in;
        dont_initialize();
    }

private:
    void copy() { out.write(in.read()); }
};

struct TimerOrdering : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_DO_NOTHING); }
};

// The seed scenario's first step: the guest lowers the virtual timer's line
// with a CNTV_CTL write; one delta later (before its next device access) the
// line is low.
TEST_F(TimerOrdering, AWriteThatLowersTheLineIsVisibleAfterOneDelta) {
    bench b("b");
    cpu_thread cpu("cpu", b, [](cpu_thread& c) {
        c.msr(reg::CNTV_CVAL_EL0, 0);
        c.msr(reg::CNTV_CTL_EL0, ENABLE);
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(c.b.cntv[0].read()) << "raised one delta after the write";
        wait(sc_time(100, SC_NS));
        c.msr(reg::CNTV_CTL_EL0, ENABLE | IMASK);
        EXPECT_TRUE(c.b.cntv[0].read()) << "a signal changes only in the update phase";
        wait(SC_ZERO_TIME);
        EXPECT_FALSE(c.b.cntv[0].read()) << "lowered one delta after the write";
        c.msr(reg::CNTV_CTL_EL0, ENABLE);
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(c.b.cntv[0].read());
        c.msr(reg::CNTV_CTL_EL0, 0);
        wait(SC_ZERO_TIME);
        EXPECT_FALSE(c.b.cntv[0].read());
    });
    run(sc_time(1, SC_US));
    EXPECT_TRUE(cpu.done);
    const auto e = b.edges_of(0, timer_id::virtual_);
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0].at, SC_ZERO_TIME);
    for (unsigned i = 1; i < 4; ++i)
        EXPECT_EQ(e[i].at, sc_time(100, SC_NS)) << "no simulated time passes between write and edge";
}

// A deadline raises the line (the timer's method) and the CPU lowers it (a
// write from the CPU thread): one writer, no E115, exact times.
TEST_F(TimerOrdering, DeadlineEdgeAndCpuEdgeShareOneWriter) {
    bench b("b");
    cpu_thread cpu("cpu", b, [](cpu_thread& c) {
        c.msr(reg::CNTP_TVAL_EL0, 10);
        c.msr(reg::CNTP_CTL_EL0, ENABLE);
        wait(ticks(20));
        EXPECT_TRUE(c.b.cntp[0].read());
        c.msr(reg::CNTP_TVAL_EL0, 10); // rearm 10 ticks ahead: lowers now
        wait(SC_ZERO_TIME);
        EXPECT_FALSE(c.b.cntp[0].read());
        // Woken at the deadline itself, the CPU sees the edge one delta later,
        // like any signal written by another process at the same time.
        wait(ticks(10));
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(c.b.cntp[0].read()) << "risen again by the deadline";
    });
    EXPECT_NO_THROW(run(sc_time(1, SC_US)));
    EXPECT_TRUE(cpu.done);
    const auto e = b.edges_of(0, timer_id::el1_physical);
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].at, ticks(10));
    EXPECT_EQ(e[1].at, ticks(20));
    EXPECT_EQ(e[2].at, ticks(30));
}

// Two hops (timer -> GIC input logic) cost two deltas.
TEST_F(TimerOrdering, EachHopCostsOneDelta) {
    bench b("b");
    input_stage gic("gic");
    gic.in(b.cntv[0]);
    cpu_thread cpu("cpu", b, [&gic](cpu_thread& c) {
        c.msr(reg::CNTV_CVAL_EL0, 0);
        c.msr(reg::CNTV_CTL_EL0, ENABLE);
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(c.b.cntv[0].read());
        EXPECT_FALSE(gic.out.read());
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(gic.out.read());
    });
    run(sc_time(1, SC_US));
    EXPECT_TRUE(cpu.done);
}

// A counter change through the bus (CNTCV written past CVAL) from a CPU
// thread re-evaluates the timers in the same evaluation phase too.
TEST_F(TimerOrdering, CounterWriteThroughTheBusIsVisibleAfterOneDelta) {
    bench b("b");
    cpu_thread cpu("cpu", b, [](cpu_thread& c) {
        c.msr(reg::CNTHP_CVAL_EL2, 1'000'000);
        c.msr(reg::CNTHP_CTL_EL2, ENABLE);
        wait(ticks(5));
        c.b.control.write32(system_counter::CNTCR, 0);
        c.b.control.write64(system_counter::CNTCV, 2'000'000);
        wait(SC_ZERO_TIME);
        EXPECT_TRUE(c.b.cnthp[0].read());
    });
    run(sc_time(1, SC_US));
    EXPECT_TRUE(cpu.done);
}

// Inside a quantum the CPU reads the count at its local time; its writes come
// after synchronisation, and TVAL writes use that time's count.
TEST_F(TimerOrdering, ReadsUseLocalTimeWritesHappenAfterSync) {
    bench b("b");
    cpu_thread cpu("cpu", b, [](cpu_thread& c) {
        wait(ticks(100));
        EXPECT_EQ(c.mrs(reg::CNTPCT_EL0, ticks(30)), 130u) << "30 ticks ahead inside the quantum";
        wait(ticks(30)); // synchronise
        c.msr(reg::CNTP_TVAL_EL0, 5);
        EXPECT_EQ(c.mrs(reg::CNTP_CVAL_EL0), 135u);
    });
    run(sc_time(10, SC_US));
    EXPECT_TRUE(cpu.done);
}

} // namespace
