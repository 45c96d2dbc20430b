// aarch64_cpu in a tiny SystemC platform: RAM with DMI, a fake device that
// drives a line, a stub timer behind vp::sysreg_target_if and a stub GIC
// (one method ORing the lines into irq). Checks the time and ordering
// contract of docs/architecture.md section 4.
#include <cstring>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "common/cpu_index_extension.h"
#include "common/sysreg_if.h"
#include "cpu/aarch64_cpu.h"
#include "elf_image.h"

using namespace sc_core;
using vp::cpu::aarch64_cpu;

namespace {

constexpr uint64_t ram_base = 0x40000000, ram_size = 1 << 20;
constexpr uint64_t dev_base = 0x09000000, dev_size = 0x1000;

struct access_record {
    bool write;
    uint64_t offset;
    sc_time when;
    unsigned cpu;
};

// RAM (with DMI) and the device behind one target socket.
class test_bus : public sc_module {
public:
    tlm_utils::simple_target_socket<test_bus> socket;
    sc_signal<bool> dev_line{"dev_line"};
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size, 0);
    std::vector<access_record> device_accesses;
    unsigned ram_transports = 0;

    explicit test_bus(sc_module_name n) : sc_module(n), socket("socket") {
        socket.register_b_transport(this, &test_bus::b_transport);
        socket.register_get_direct_mem_ptr(this, &test_bus::get_dmi);
    }

    void b_transport(tlm::tlm_generic_payload& t, sc_time& delay) {
        const uint64_t a = t.get_address();
        const unsigned len = t.get_data_length();
        if (a >= ram_base && a + len <= ram_base + ram_size) {
            ++ram_transports;
            uint8_t* p = ram.data() + (a - ram_base);
            if (t.is_read()) std::memcpy(t.get_data_ptr(), p, len);
            else std::memcpy(p, t.get_data_ptr(), len);
            t.set_dmi_allowed(true);
            t.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        if (a >= dev_base && a + len <= dev_base + dev_size) {
            device_accesses.push_back({t.is_write(), a - dev_base, sc_time_stamp() + delay, vp::initiator_cpu(t, 99)});
            if (t.is_read()) {
                std::memset(t.get_data_ptr(), 0, len);
            } else if (a == dev_base) {
                uint32_t v = 0;
                std::memcpy(&v, t.get_data_ptr(), len < 4 ? len : 4);
                dev_line.write(v & 1);
            }
            t.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    }

    bool get_dmi(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
        if (t.get_address() < ram_base || t.get_address() >= ram_base + ram_size) return false;
        dmi.set_dmi_ptr(ram.data());
        dmi.set_start_address(ram_base);
        dmi.set_end_address(ram_base + ram_size - 1);
        dmi.allow_read_write();
        return true;
    }
};

// A stand-in for the generic timer: owns CNTV_CTL_EL0, drives a line.
class stub_timer : public vp::sysreg_target_if {
public:
    static constexpr uint32_t cntv_ctl = vp::sysreg_key(3, 3, 14, 3, 1);
    sc_signal<bool> line{"timer_line"};
    std::vector<sc_time> write_times, kernel_times;
    bool at_context_time = false; // writes_at_context_time()
    bool implements(uint32_t key) const override { return key == cntv_ctl; }
    bool writes_at_context_time() const override { return at_context_time; }
    vp::sysreg_status read(const vp::sysreg_context&, uint32_t, uint64_t& v) override {
        v = line.read();
        return vp::sysreg_status::ok;
    }
    vp::sysreg_status write(const vp::sysreg_context& ctx, uint32_t, uint64_t v) override {
        write_times.push_back(ctx.now);
        kernel_times.push_back(sc_time_stamp());
        if (!at_context_time) {
            EXPECT_EQ(ctx.now, sc_time_stamp()); // the CPU synchronised before the write
        }
        line.write(v & 1);
        return vp::sysreg_status::ok;
    }
};

// A stand-in for the GIC: irq = device line | timer line | external line |
// the CPU's PMU interrupt request.
class stub_gic : public sc_module {
public:
    sc_in<bool> dev_line, timer_line, ext_line, pmu_line;
    sc_out<bool> irq;
    std::vector<sc_time> pmu_rises;
    explicit stub_gic(sc_module_name n) : sc_module(n) {
        SC_HAS_PROCESS(stub_gic);
        SC_METHOD(update);
        sensitive << dev_line << timer_line << ext_line << pmu_line;
    }
    void update() {
        if (pmu_line.event() && pmu_line.read()) pmu_rises.push_back(sc_time_stamp());
        irq.write(dev_line.read() || timer_line.read() || ext_line.read() || pmu_line.read());
    }
};

struct platform {
    test_bus bus{"bus"};
    stub_timer timer;
    stub_gic gic{"gic"};
    sc_signal<bool> irq{"irq"}, fiq{"fiq"}, virq{"virq"}, vfiq{"vfiq"}, ext_line{"ext_line"};
    std::ostringstream console;
    vp::test::elf_image image = vp::test::elf_image::load(CPU_TEST_PROGRAMS "/systemc.elf");
    std::unique_ptr<aarch64_cpu> cpu;

    explicit platform(const char* entry, sc_time quantum = sc_time(1, SC_US), unsigned index = 0) {
        aarch64_cpu::params p;
        p.cpu_index = index;
        p.quantum = quantum;
        p.entry = image.symbol(entry);
        p.console = &console;
        cpu.reset(new aarch64_cpu("cpu", p));
        cpu->socket.bind(bus.socket);
        cpu->irq(irq);
        cpu->fiq(fiq);
        cpu->virq(virq);
        cpu->vfiq(vfiq);
        cpu->set_sysreg_target(&timer);
        gic.dev_line(bus.dev_line);
        gic.timer_line(timer.line);
        gic.ext_line(ext_line);
        gic.pmu_line(cpu->pmu_irq);
        gic.irq(irq);
        for (const auto& s : image.segments)
            for (std::size_t i = 0; i < s.bytes.size(); ++i)
                if (s.addr + i >= ram_base && s.addr + i < ram_base + ram_size) bus.ram[s.addr + i - ram_base] = s.bytes[i];
    }
    uint64_t sym(const char* n) const { return image.symbol(n); }
    uint64_t x(unsigned n) { return cpu->core().x(n); }
};

TEST(aarch64_cpu, DeviceAccessLandsAtItsExactSimulatedTime) {
    platform p("t_device_time");
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    ASSERT_GE(p.bus.device_accesses.size(), 2u);
    EXPECT_EQ(p.bus.device_accesses[0].when, sc_time(4, SC_NS));
    EXPECT_EQ(p.bus.device_accesses[1].when, sc_time(101, SC_NS));
    EXPECT_EQ(p.bus.device_accesses[0].cpu, 0u);
}

TEST(aarch64_cpu, TransactionsCarryTheCpuIndex) {
    platform p("t_device_time", sc_time(1, SC_US), 3);
    sc_start(sc_time(1, SC_MS));
    ASSERT_FALSE(p.bus.device_accesses.empty());
    EXPECT_EQ(p.bus.device_accesses[0].cpu, 3u);
}

// RAM goes through DMI: no b_transport for fetches or data.
TEST(aarch64_cpu, RamIsReachedThroughDmi) {
    platform p("t_device_time");
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.bus.ram_transports, 0u);
}

// invalidate_direct_mem_ptr is honoured: the window is dropped between
// instructions and requested again; the program still runs to the end.
TEST(aarch64_cpu, DmiInvalidationIsHonoured) {
    platform p("t_device_time");
    sc_start(sc_time(50, SC_NS));
    EXPECT_FALSE(p.cpu->exited());
    p.bus.socket->invalidate_direct_mem_ptr(0, ~0ull);
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    EXPECT_EQ(p.bus.device_accesses[1].when, sc_time(101, SC_NS));
    EXPECT_EQ(p.bus.ram_transports, 0u);
}

TEST(aarch64_cpu, LineRaisedByDeviceWriteIsTakenBeforeNextInstruction) {
    platform p("t_device_irq");
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    EXPECT_EQ(p.x(10), p.sym("t_device_irq_after")); // ELR_EL2
    EXPECT_EQ(p.x(5), 0u);
    EXPECT_EQ(p.cpu->interrupts_taken(vp::cpu::irq_kind::irq, 2), 1u);
}

// Runs the program at `start` (systemc.S): the PMU overflow interrupt
// request rises once, at the end of the instruction that overflowed the
// counter, (after - start) / 4 instructions in (1 instruction = 1 ns), and is
// taken before the next one: ELR_EL2 (saved in X10) = `after`.
void expect_pmu_interrupt_before(const char* start, const char* after) {
    platform p(start);
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    EXPECT_EQ(p.x(10), p.sym(after)); // ELR_EL2
    EXPECT_EQ(p.x(5), 0u);
    ASSERT_EQ(p.gic.pmu_rises.size(), 1u);
    const uint64_t executed = (p.sym(after) - p.sym(start)) / 4;
    EXPECT_EQ(p.gic.pmu_rises[0], sc_time(double(executed), SC_NS));
    EXPECT_TRUE(p.cpu->pmu_irq.read()) << "nothing cleared the overflow flag";
}

// PMCCNTR_EL0 (tests/unit/cpu/programs/systemc.S t_pmu_irq).
TEST(aarch64_cpu, PmuOverflowInterruptIsTakenBeforeNextInstruction) {
    expect_pmu_interrupt_before("t_pmu_irq", "t_pmu_irq_after");
}

// An event counter on MEM_ACCESS, which counts at the access: the LDP that
// overflows it (systemc.S t_pmu_mem_irq).
TEST(aarch64_cpu, PmuMemAccessOverflowInterruptIsTakenBeforeNextInstruction) {
    expect_pmu_interrupt_before("t_pmu_mem_irq", "t_pmu_mem_irq_after");
}

// A board's line view that allows early system-register writes only.
struct early_write_view : vp::line_view_if {
    uint64_t foreign_line_changes(unsigned) const override { return 0; }
    bool own_lines_after(uint64_t, unsigned, vp::cpu_line_levels&) const override { return false; }
    bool time_free_access(uint64_t, unsigned) const override { return false; }
    bool early_sysreg_write(unsigned) const override { return true; }
};

// Shortcut 6 (docs/performance.md): a target that takes effect at ctx.now,
// on a board where only this CPU observes its lines, is written at the local
// time without waiting for SystemC time, when no process runs before it. The
// line it raises is still taken before the next instruction. With a process
// due before the local time the CPU synchronises as before.
void early_timer_write(bool target_allows, bool view_allows, bool event_before) {
    platform p("t_timer_irq");
    early_write_view view;
    p.timer.at_context_time = target_allows;
    if (view_allows) p.cpu->set_line_view(&view);
    sc_event soon("soon");
    if (event_before) soon.notify(sc_time(10, SC_NS));
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    EXPECT_EQ(p.x(10), p.sym("t_timer_irq_after")) << "taken before the next instruction";
    EXPECT_EQ(p.x(5), 0u);
    ASSERT_EQ(p.timer.write_times.size(), 1u);
    // SETUP (6 instructions) + daifclr + 20 nops + mov + msr: the 29th instruction
    EXPECT_EQ(p.timer.write_times[0], sc_time(29, SC_NS)) << "the write's time is the local time either way";
    const bool early = target_allows && view_allows && !event_before;
    if (early)
        EXPECT_LT(p.timer.kernel_times[0], sc_time(29, SC_NS)) << "SystemC time still behind the CPU";
    else
        EXPECT_EQ(p.timer.kernel_times[0], sc_time(29, SC_NS));
}
// Without a line view or a target that takes its time from the write: the
// plain contract (docs/architecture.md section 4), synchronise, then write.
TEST(aarch64_cpu, TimerSysregWriteSyncsAndItsLineIsTakenBeforeNextInstruction) {
    early_timer_write(false, false, false);
}
TEST(aarch64_cpu, TimerWriteAtLocalTimeWithoutSync) { early_timer_write(true, true, false); }
TEST(aarch64_cpu, TimerWriteSyncsWhenAProcessRunsBefore) { early_timer_write(true, true, true); }
TEST(aarch64_cpu, TimerWriteSyncsWhenTheViewRefuses) { early_timer_write(true, false, false); }
TEST(aarch64_cpu, TimerWriteSyncsWhenTheTargetNeedsTheTime) { early_timer_write(false, true, false); }

// WFI sleeps (no instructions, no host time) until the line rises, even
// with PSTATE.I set; the access after it happens at the wake-up time. Also
// with a timed event pending far ahead (a WFI may then wait for its wake-up
// without first stepping to its local time).
void wfi_wakes_on_line_change(bool timed) {
    platform p("t_wfi");
    sc_event far("far");
    if (timed) far.notify(sc_time(1, SC_MS));
    sc_start(sc_time(5, SC_US));
    EXPECT_FALSE(p.cpu->exited());
    const uint64_t asleep = p.cpu->instructions();
    EXPECT_LE(asleep, 3u);
    p.ext_line.write(true);
    sc_start(sc_time(2, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 3);
    EXPECT_EQ(p.cpu->wfi_count(), 1u);
    ASSERT_EQ(p.bus.device_accesses.size(), 1u);
    EXPECT_GE(p.bus.device_accesses[0].when, sc_time(5, SC_US));
    EXPECT_LE(p.bus.device_accesses[0].when, sc_time(5, SC_US) + sc_time(10, SC_NS));
}
TEST(aarch64_cpu, WfiWakesOnLineChange) { wfi_wakes_on_line_change(false); }
TEST(aarch64_cpu, WfiWakesOnLineChangeWithTimedActivityPending) { wfi_wakes_on_line_change(true); }

// A WFI with its wake-up event already there completes at once, at its own
// time (D1.6.2): the time of the instructions before it is not lost, with or
// without timed activity pending.
void wfi_with_wake_up_pending(bool timed) {
    platform p("t_wfi_pending");
    sc_event far("far");
    if (timed) far.notify(sc_time(1, SC_MS));
    p.ext_line.write(true);
    sc_start(sc_time(2, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 4);
    EXPECT_EQ(p.cpu->wfi_count(), 1u);
    ASSERT_EQ(p.bus.device_accesses.size(), 1u);
    // movz, 20 nops, wfi: the read is the 23rd instruction
    EXPECT_EQ(p.bus.device_accesses[0].when, sc_time(23, SC_NS));
}
TEST(aarch64_cpu, WfiWithWakeUpPendingCompletesAtItsTime) { wfi_with_wake_up_pending(false); }
TEST(aarch64_cpu, WfiWithWakeUpPendingCompletesAtItsTimeWithTimedActivity) { wfi_with_wake_up_pending(true); }

// Between interactions the CPU runs free: an external change is seen at the
// end of the quantum at the latest.
TEST(aarch64_cpu, ExternalLineSeenByEndOfQuantum) {
    platform p("t_spin", sc_time(1, SC_US));
    sc_start(sc_time(2500, SC_NS));
    EXPECT_FALSE(p.cpu->exited());
    p.ext_line.write(true);
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 0);
    ASSERT_EQ(p.bus.device_accesses.size(), 1u); // the handler's time stamp
    EXPECT_GE(p.bus.device_accesses[0].when, sc_time(2500, SC_NS));
    EXPECT_LE(p.bus.device_accesses[0].when, sc_time(3000, SC_NS) + sc_time(10, SC_NS));
}

TEST(aarch64_cpu, CurrentElSignalFollowsExceptionReturn) {
    platform p("t_el1");
    EXPECT_EQ(p.cpu->current_el.read(), 2u);
    sc_start(sc_time(1, SC_MS));
    ASSERT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 5);
    EXPECT_EQ(p.x(3), 4u); // CurrentEL at EL1
    EXPECT_EQ(p.cpu->current_el.read(), 1u);
}

TEST(aarch64_cpu, SemihostingExitStopsSimulationWithCode) {
    platform p("t_exit");
    sc_start(sc_time(1, SC_MS));
    EXPECT_TRUE(p.cpu->exited());
    EXPECT_EQ(p.cpu->exit_code(), 42);
    EXPECT_LT(sc_time_stamp(), sc_time(1, SC_US)); // sc_stop(), not the time limit
}

} // namespace
