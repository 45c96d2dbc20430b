// Access controls of the generic timer's system registers, per the Arm ARM
// DDI 0487 D19.11 access pseudocode of each register (EL2 enabled, no EL3,
// HCR_EL2.E2H == 0): CNTKCTL_EL1 gates EL0 (trap to EL1, or to EL2 when
// HCR_EL2.TGE == 1; EC 0x18), CNTHCTL_EL2.EL1PCTEN/EL1PCEN gate EL0/EL1
// physical counter/timer accesses (trap to EL2), EL2 registers are UNDEFINED
// below EL2.
#include <gtest/gtest.h>

#include "timer_bench.h"

using namespace vp::timer;
using namespace vp::timer::test;
using vp::sysreg_status;
using vp::test::run;

namespace {

struct TimerAccess : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_DO_NOTHING); }
};

sysreg_status rd(bench& b, unsigned el, uint32_t key, bool tge = false) {
    uint64_t v = 0;
    return b.timers.read(bench::ctx(el, 0, sc_time_stamp(), tge), key, v);
}
sysreg_status wr(bench& b, unsigned el, uint32_t key, uint64_t v = 0, bool tge = false) {
    return b.timers.write(bench::ctx(el, 0, sc_time_stamp(), tge), key, v);
}

constexpr auto OK = sysreg_status::ok, UNDEF = sysreg_status::undefined, EL1 = sysreg_status::trap_el1,
               EL2 = sysreg_status::trap_el2;

TEST_F(TimerAccess, ImplementsExactlyTheModelledEncodings) {
    bench b("b");
    for (uint32_t key : {reg::CNTFRQ_EL0, reg::CNTPCT_EL0, reg::CNTVCT_EL0, reg::CNTKCTL_EL1, reg::CNTP_TVAL_EL0,
                         reg::CNTP_CTL_EL0, reg::CNTP_CVAL_EL0, reg::CNTV_TVAL_EL0, reg::CNTV_CTL_EL0,
                         reg::CNTV_CVAL_EL0, reg::CNTVOFF_EL2, reg::CNTHCTL_EL2, reg::CNTHP_TVAL_EL2,
                         reg::CNTHP_CTL_EL2, reg::CNTHP_CVAL_EL2})
        EXPECT_TRUE(b.timers.implements(key)) << generic_timer::register_name(key);
    EXPECT_FALSE(b.timers.implements(vp::sysreg_key(3, 7, 14, 2, 1))) << "CNTPS_CTL_EL1: no Secure state";
    EXPECT_FALSE(b.timers.implements(vp::sysreg_key(3, 4, 14, 3, 1))) << "CNTHV_CTL_EL2: no VHE";
    EXPECT_FALSE(b.timers.implements(vp::sysreg_key(3, 3, 14, 0, 5))) << "CNTPCTSS_EL0: no ECV";
    EXPECT_FALSE(b.timers.implements(vp::sysreg_key(3, 5, 14, 2, 1))) << "CNTP_CTL_EL02: no VHE";
    EXPECT_FALSE(b.timers.implements(vp::sysreg_key(3, 0, 1, 0, 0))) << "SCTLR_EL1 is not ours";
    EXPECT_EQ(rd(b, 2, vp::sysreg_key(3, 0, 1, 0, 0)), UNDEF);
}

// CNTKCTL_EL1.{EL0PCTEN, EL0VCTEN, EL0PTEN, EL0VTEN} reset to 0: every EL0
// access traps to EL1, or to EL2 with HCR_EL2.TGE.
TEST_F(TimerAccess, El0AccessesTrapUnlessCntkctlAllows) {
    bench b("b");
    for (uint32_t key : {reg::CNTFRQ_EL0, reg::CNTPCT_EL0, reg::CNTVCT_EL0, reg::CNTP_CTL_EL0, reg::CNTP_CVAL_EL0,
                         reg::CNTP_TVAL_EL0, reg::CNTV_CTL_EL0, reg::CNTV_CVAL_EL0, reg::CNTV_TVAL_EL0}) {
        EXPECT_EQ(rd(b, 0, key), EL1) << generic_timer::register_name(key);
        EXPECT_EQ(rd(b, 0, key, true), EL2) << generic_timer::register_name(key) << " with TGE";
    }
    EXPECT_EQ(wr(b, 0, reg::CNTV_CTL_EL0, 1), EL1);
    EXPECT_EQ(wr(b, 0, reg::CNTP_CTL_EL0, 1, true), EL2);

    b.wr(reg::CNTKCTL_EL1, 1u << 1); // EL0VCTEN
    EXPECT_EQ(rd(b, 0, reg::CNTVCT_EL0), OK);
    EXPECT_EQ(rd(b, 0, reg::CNTFRQ_EL0), OK) << "EL0PCTEN or EL0VCTEN opens CNTFRQ_EL0";
    EXPECT_EQ(rd(b, 0, reg::CNTPCT_EL0), EL1);
    b.wr(reg::CNTKCTL_EL1, 1u << 0); // EL0PCTEN
    EXPECT_EQ(rd(b, 0, reg::CNTPCT_EL0), OK);
    EXPECT_EQ(rd(b, 0, reg::CNTFRQ_EL0), OK);
    EXPECT_EQ(rd(b, 0, reg::CNTVCT_EL0), EL1);
    b.wr(reg::CNTKCTL_EL1, 1u << 8); // EL0VTEN
    EXPECT_EQ(rd(b, 0, reg::CNTV_CVAL_EL0), OK);
    EXPECT_EQ(wr(b, 0, reg::CNTV_TVAL_EL0, 5), OK);
    EXPECT_EQ(rd(b, 0, reg::CNTP_CVAL_EL0), EL1);
    b.wr(reg::CNTKCTL_EL1, 1u << 9); // EL0PTEN
    EXPECT_EQ(rd(b, 0, reg::CNTP_CVAL_EL0), OK);
    EXPECT_EQ(wr(b, 0, reg::CNTP_CTL_EL0, 0), OK);
    EXPECT_EQ(rd(b, 0, reg::CNTV_CVAL_EL0), EL1);
}

// CNTHCTL_EL2.EL1PCTEN / EL1PCEN (E2H == 0): EL1 and EL0 accesses to the
// physical counter / EL1 physical timer trap to EL2 when 0. They reset to 1
// here, as KVM's non-VHE guest entry clears EL1PCEN.
TEST_F(TimerAccess, Cnthctl_El1PhysicalAccessesTrapToEl2) {
    bench b("b");
    EXPECT_EQ(b.rd(reg::CNTHCTL_EL2), 3u);
    EXPECT_EQ(rd(b, 1, reg::CNTPCT_EL0), OK);
    EXPECT_EQ(rd(b, 1, reg::CNTP_CTL_EL0), OK);
    b.wr(reg::CNTHCTL_EL2, cnthctl::EL1PCTEN); // KVM: EL1PCEN = 0, EL1PCTEN = 1
    for (uint32_t key : {reg::CNTP_CTL_EL0, reg::CNTP_CVAL_EL0, reg::CNTP_TVAL_EL0}) {
        EXPECT_EQ(rd(b, 1, key), EL2) << generic_timer::register_name(key);
        EXPECT_EQ(wr(b, 1, key, 1), EL2) << generic_timer::register_name(key);
        EXPECT_EQ(rd(b, 2, key), OK) << "EL2 itself is never trapped";
    }
    EXPECT_EQ(rd(b, 1, reg::CNTPCT_EL0), OK);
    EXPECT_EQ(rd(b, 1, reg::CNTV_CTL_EL0), OK) << "the virtual timer is not gated by CNTHCTL_EL2";
    b.wr(reg::CNTKCTL_EL1, 1u << 9); // EL0PTEN: EL0 passes CNTKCTL, then meets CNTHCTL
    EXPECT_EQ(rd(b, 0, reg::CNTP_CTL_EL0), EL2);
    b.wr(reg::CNTHCTL_EL2, 0);
    EXPECT_EQ(rd(b, 1, reg::CNTPCT_EL0), EL2);
    EXPECT_EQ(rd(b, 1, reg::CNTVCT_EL0), OK);
    EXPECT_EQ(rd(b, 2, reg::CNTPCT_EL0), OK);
}

// CNTHCTL_EL2, CNTVOFF_EL2, CNTHP_*: UNDEFINED at EL1 and EL0 (no FEAT_NV);
// CNTKCTL_EL1: UNDEFINED at EL0.
TEST_F(TimerAccess, El2RegistersAreUndefinedBelowEl2) {
    bench b("b");
    for (uint32_t key : {reg::CNTHCTL_EL2, reg::CNTVOFF_EL2, reg::CNTHP_CTL_EL2, reg::CNTHP_CVAL_EL2,
                         reg::CNTHP_TVAL_EL2})
        for (unsigned el : {0u, 1u}) {
            EXPECT_EQ(rd(b, el, key), UNDEF) << generic_timer::register_name(key) << " EL" << el;
            EXPECT_EQ(wr(b, el, key, 1), UNDEF) << generic_timer::register_name(key) << " EL" << el;
            EXPECT_EQ(rd(b, el, key, true), UNDEF) << "TGE does not turn UNDEFINED into a trap";
        }
    EXPECT_EQ(rd(b, 0, reg::CNTKCTL_EL1), UNDEF);
    EXPECT_EQ(wr(b, 0, reg::CNTKCTL_EL1, 0x3FF), UNDEF);
    EXPECT_EQ(rd(b, 1, reg::CNTKCTL_EL1), OK);
    EXPECT_EQ(wr(b, 1, reg::CNTKCTL_EL1, 0x3FF), OK);
}

// An access naming a CPU the block was not built for is an integration bug:
// reported as an error, answered UNDEFINED if the error does not throw.
TEST_F(TimerAccess, CpuOutOfRangeIsReported) {
    bench b("b");
    uint64_t v = 0;
    EXPECT_THROW(b.timers.read(bench::ctx(2, bench::cpus), reg::CNTPCT_EL0, v), sc_report);
    sc_report_handler::set_actions(SC_ERROR, SC_DO_NOTHING);
    EXPECT_EQ(b.timers.write(bench::ctx(2, bench::cpus), reg::CNTV_CTL_EL0, 1), UNDEF);
}

// A refused access has no side effect.
TEST_F(TimerAccess, RefusedWritesChangeNothing) {
    bench b("b");
    EXPECT_EQ(wr(b, 1, reg::CNTVOFF_EL2, 1234), UNDEF);
    EXPECT_EQ(b.rd(reg::CNTVOFF_EL2), 0u);
    EXPECT_EQ(wr(b, 1, reg::CNTHP_CTL_EL2, 1), UNDEF);
    EXPECT_EQ(wr(b, 0, reg::CNTV_CTL_EL0, 1), EL1);
    run();
    EXPECT_EQ(b.rd(reg::CNTHP_CTL_EL2), 0u);
    EXPECT_EQ(b.rd(reg::CNTV_CTL_EL0), 0u);
    EXPECT_FALSE(b.cnthp[0].read());
    EXPECT_FALSE(b.cntv[0].read());
}

// CNTFRQ_EL0 is writable only at the highest implemented EL (EL2 here);
// CNTPCT_EL0 / CNTVCT_EL0 have no MSR encoding.
TEST_F(TimerAccess, ReadOnlyAndHighestElOnlyRegisters) {
    bench b("b");
    EXPECT_EQ(wr(b, 1, reg::CNTFRQ_EL0, 1), UNDEF);
    b.wr(reg::CNTKCTL_EL1, 3);
    EXPECT_EQ(wr(b, 0, reg::CNTFRQ_EL0, 1), UNDEF);
    EXPECT_EQ(b.rd(reg::CNTFRQ_EL0), 62'500'000u);
    EXPECT_EQ(wr(b, 2, reg::CNTFRQ_EL0, 100'000'000), OK);
    EXPECT_EQ(rd(b, 1, reg::CNTFRQ_EL0), OK);
    for (unsigned el : {0u, 1u, 2u}) {
        EXPECT_EQ(wr(b, el, reg::CNTPCT_EL0, 5), UNDEF);
        EXPECT_EQ(wr(b, el, reg::CNTVCT_EL0, 5), UNDEF);
    }
}

// RES0 bits of the control registers read as zero.
TEST_F(TimerAccess, ControlRegistersKeepOnlyTheirFields) {
    bench b("b");
    b.wr(reg::CNTKCTL_EL1, ~uint64_t(0));
    EXPECT_EQ(b.rd(reg::CNTKCTL_EL1), 0x3FFu);
    b.wr(reg::CNTHCTL_EL2, ~uint64_t(0));
    EXPECT_EQ(b.rd(reg::CNTHCTL_EL2), 0xFFu);
    b.wr(reg::CNTVOFF_EL2, ~uint64_t(0));
    EXPECT_EQ(b.rd(reg::CNTVOFF_EL2), ~uint64_t(0)) << "CNTVOFF_EL2 is a full 64-bit offset";
}

// GIC-400 TRM DDI 0471 2.3.2 / Arm BSA: the PPIs the outputs connect to.
TEST_F(TimerAccess, TimerPpis) {
    EXPECT_EQ(timer_ppi(timer_id::el1_physical), 30u);
    EXPECT_EQ(timer_ppi(timer_id::virtual_), 27u);
    EXPECT_EQ(timer_ppi(timer_id::el2_physical), 26u);
    bench b("b");
    EXPECT_EQ(&b.timers.irq(1, timer_id::virtual_), &b.timers.cntvirq[1]);
    EXPECT_EQ(&b.timers.irq(0, timer_id::el2_physical), &b.timers.cnthpirq[0]);
    EXPECT_EQ(&b.timers.irq(1, timer_id::el1_physical), &b.timers.cntpnsirq[1]);
}

// Which writes can change an output: the CPU yields a delta only after those.
TEST_F(TimerAccess, AffectsOutputs) {
    for (uint32_t key : {reg::CNTP_CTL_EL0, reg::CNTP_CVAL_EL0, reg::CNTP_TVAL_EL0, reg::CNTV_CTL_EL0,
                         reg::CNTV_CVAL_EL0, reg::CNTV_TVAL_EL0, reg::CNTHP_CTL_EL2, reg::CNTHP_CVAL_EL2,
                         reg::CNTHP_TVAL_EL2, reg::CNTVOFF_EL2})
        EXPECT_TRUE(generic_timer::affects_outputs(key)) << generic_timer::register_name(key);
    for (uint32_t key : {reg::CNTFRQ_EL0, reg::CNTKCTL_EL1, reg::CNTHCTL_EL2, reg::CNTPCT_EL0})
        EXPECT_FALSE(generic_timer::affects_outputs(key)) << generic_timer::register_name(key);
}

} // namespace

namespace {

// At SC_DEBUG verbosity every access and every edge is traced; at the
// default verbosity nothing is.
TEST_F(TimerAccess, TraceAtDebugVerbosity) {
    bench b("b");
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    b.wr(reg::CNTV_CVAL_EL0, 0);
    run();
    EXPECT_EQ(sc_report_handler::get_count("timer/generic_timer"), 0);
    sc_report_handler::set_verbosity_level(SC_DEBUG);
    b.wr(reg::CNTV_CTL_EL0, 1);                             // 1 access
    EXPECT_EQ(rd(b, 1, reg::CNTVOFF_EL2), sysreg_status::undefined); // 1 access
    run(ticks(1));                                          // 1 edge
    EXPECT_EQ(sc_report_handler::get_count("timer/generic_timer"), 3);
}

} // namespace
