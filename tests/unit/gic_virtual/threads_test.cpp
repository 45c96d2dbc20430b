// Accesses from SystemC processes, as CPU models make them: an output
// changes one delta cycle after the access that caused it, and two CPUs'
// threads may change the same CPU's virtual interface (one through a GICH
// alias frame) without becoming two drivers of one signal (SystemC's
// one-writer rule, IEEE 1666 6.4.6).
#include <functional>

#include "vgic_bench.h"

using namespace vp::gic;
using vp::gic::test::vgic_bench;
using namespace sc_core;

namespace {

// A thread that runs `body` once. Bodies only record what they see (no
// gtest assertions on a coroutine stack).
struct actor : sc_module {
    std::function<void()> body;
    bool done = false;
    SC_HAS_PROCESS(actor);
    explicit actor(sc_module_name n, std::function<void()> f) : sc_module(n), body(std::move(f)) { SC_THREAD(run); }
    void run() {
        body();
        done = true;
    }
};

struct GicVirtualThreads : testing::Test {
    vgic_bench b;
    void SetUp() override { sc_report_handler::set_actions(SC_ERROR, SC_THROW); }
};

} // namespace

// Issue 3: "a pending LR written while the CPU runs raises virq in the same
// delta cycle as the write": visible after one wait(SC_ZERO_TIME).
TEST_F(GicVirtualThreads, LrWriteFromThreadRaisesVirqAfterOneDelta) {
    bool seen_after_one_delta = false;
    bool seen_before = true;
    sc_time when;
    actor hypervisor("hypervisor", [&] {
        b.enable();
        wait(SC_ZERO_TIME);
        b.write_lr(0, list_register::make_virtual(40, 0x80, lr_state::pending));
        seen_before = b.virq[0].read();
        wait(SC_ZERO_TIME);
        seen_after_one_delta = b.virq[0].read();
        when = sc_time_stamp();
    });
    vp::test::run(sc_time(1, SC_NS));
    ASSERT_TRUE(hypervisor.done);
    EXPECT_FALSE(seen_before);
    EXPECT_TRUE(seen_after_one_delta);
    EXPECT_EQ(when, SC_ZERO_TIME);
}

// CPU 0's thread programs CPU 1's interface through the alias frame; CPU 1's
// thread acknowledges and completes through its GICV. Both change virq[1]
// and maintenance[1]; neither may become a second driver of the signal.
TEST_F(GicVirtualThreads, TwoThreadsChangeOneCpuWithoutSecondDriver) {
    std::vector<bool> virq1;
    uint32_t iar = 0;
    actor cpu0("cpu0", [&] {
        b.hyp.write32(b.alias(1, gich::HCR), 1u | (1u << 3), 0); // En | NPIE
        b.hyp.write32(b.alias(1, gich::LR0), list_register::make_virtual(33, 0x80, lr_state::pending).raw(), 0);
        wait(10, SC_NS);
        b.hyp.write32(b.alias(1, gich::LR0 + 4), list_register::make_virtual(34, 0x80, lr_state::pending).raw(), 0);
    });
    actor cpu1("cpu1", [&] {
        b.gicv_write(gicv::CTLR, 1, 1);
        b.gicv_write(gicv::PMR, 0xF8, 1);
        wait(5, SC_NS);
        virq1.push_back(b.virq[1].read());
        iar = b.gicv_read(gicv::IAR, 1);
        b.gicv_write(gicv::EOIR, 33, 1);
        wait(SC_ZERO_TIME);
        virq1.push_back(b.virq[1].read());
        virq1.push_back(b.maintenance[1].read());
        wait(10, SC_NS);
        virq1.push_back(b.virq[1].read());
    });
    EXPECT_NO_THROW(vp::test::run(sc_time(30, SC_NS)));
    EXPECT_TRUE(cpu0.done);
    EXPECT_TRUE(cpu1.done);
    EXPECT_EQ(iar, 33u);
    EXPECT_EQ(virq1, (std::vector<bool>{true, false, true, true}));
}

// virtual_interface::state_changed (for observers such as the VCD tracer) is
// notified after a state change, one delta later, on that CPU only.
TEST_F(GicVirtualThreads, StateChangedNotifiesObservers) {
    int cpu0_events = 0;
    int cpu1_events = 0;
    actor observer0("observer0", [&] {
        for (;;) {
            wait(b.vgic.interface(0).state_changed);
            ++cpu0_events;
        }
    });
    actor observer1("observer1", [&] {
        for (;;) {
            wait(b.vgic.interface(1).state_changed);
            ++cpu1_events;
        }
    });
    vp::test::run(sc_time(1, SC_NS));
    b.write_lr(0, list_register::make_virtual(40, 0x80, lr_state::pending));
    vgic_bench::settle();
    EXPECT_EQ(cpu0_events, 1);
    EXPECT_EQ(cpu1_events, 0);
    EXPECT_EQ(b.vgic.list_register_state(0, 0), lr_state::pending);
}
