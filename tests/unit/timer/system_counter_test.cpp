// The system counter and its memory-mapped frames (Arm ARM DDI 0487 I2
// "System level implementation of the Generic Timer": I2.3 CNTControlBase,
// I2.4 CNTReadBase), and the exact time <-> count mapping.
#include <gtest/gtest.h>

#include "timer/counter_time.h"
#include "timer_bench.h"

using namespace vp::timer;
using namespace vp::timer::test;
using vp::test::run;

namespace {

constexpr uint64_t CNTCR = system_counter::CNTCR, CNTSR = system_counter::CNTSR, CNTCV = system_counter::CNTCV;

struct SystemCounter : testing::Test {
    void SetUp() override { sc_report_handler::set_actions(SC_WARNING, SC_DO_NOTHING); }
};

// counter_time.h: ticks(dt) >= n exactly when dt >= time_of_tick(n).
TEST(CounterTime, TickTimeAndTickCountAgree) {
    constexpr uint64_t R = 1'000'000'000'000; // ps per second
    for (uint64_t f : {62'500'000ull, 24'000'000ull, 19'200'000ull, 1ull, 4'294'967'295ull})
        for (uint64_t n : {1ull, 2ull, 3ull, 1000ull, 123457ull}) {
            const uint128 t = time_of_tick(n, f, R);
            ASSERT_EQ(ticks_after(uint64_t(t), f, R), n) << f << " Hz tick " << n;
            ASSERT_EQ(ticks_after(uint64_t(t) - 1, f, R), n - 1) << f << " Hz tick " << n << " one unit early";
        }
    EXPECT_EQ(uint64_t(time_of_tick(1, 62'500'000, R)), 16'000u) << "62.5 MHz: 16 ns per tick";
    EXPECT_EQ(uint64_t(time_of_tick(1, 24'000'000, R)), 41'667u) << "24 MHz: 41666.67 ps rounded up";
}

// I2.3.2 / our documented choice: counting from reset at CNTFID0 Hz.
TEST_F(SystemCounter, CountsFromResetAtItsFrequency) {
    bench b("b");
    run(sc_time(1, SC_US));
    EXPECT_EQ(b.control.read64(CNTCV), 62u) << "1 us at 62.5 MHz = 62.5 ticks";
    EXPECT_EQ(b.readbase.read64(system_counter::READ_CNTCV), 62u);
    EXPECT_EQ(b.control.read32(CNTCV), 62u) << "32-bit access to the low word";
    EXPECT_EQ(b.control.read32(CNTCV + 4), 0u) << "32-bit access to the high word";
    EXPECT_EQ(b.control.read32(CNTCR), system_counter::CNTCR_EN);
    EXPECT_EQ(b.control.read32(CNTSR), 0u);
}

// A platform that leaves the optional debug-halt input unbound gets no
// warning (no orphaned process) and a correct model produces no reports.
TEST_F(SystemCounter, UnboundOptionalInputsGiveNoWarnings) {
    bench b("b");
    run(sc_time(1, SC_US));
    EXPECT_EQ(sc_report_handler::get_count(SC_WARNING), 0);
}

// The count is exact at every tick boundary: tick n at ceil(n / f).
TEST_F(SystemCounter, CountAtTickBoundaries) {
    bench b("b");
    EXPECT_EQ(b.counter.count_at(sc_time::from_value(15'999)), 0u);
    EXPECT_EQ(b.counter.count_at(sc_time::from_value(16'000)), 1u);
    EXPECT_EQ(b.counter.count_at(sc_time(16, SC_US) - sc_time::from_value(1)), 999u);
    EXPECT_EQ(b.counter.count_at(sc_time(16, SC_US)), 1000u);
    sc_time when;
    ASSERT_TRUE(b.counter.time_of_count(1000, SC_ZERO_TIME, when));
    EXPECT_EQ(when, sc_time(16, SC_US));
}

TEST_F(SystemCounter, NonIntegralTickPeriod) {
    bench b("b", 24'000'000);
    EXPECT_EQ(b.counter.count_at(sc_time::from_value(41'666)), 0u);
    EXPECT_EQ(b.counter.count_at(sc_time::from_value(41'667)), 1u);
    EXPECT_EQ(b.counter.count_at(sc_time::from_value(125'000)), 3u) << "3 ticks = exactly 125 ns";
    sc_time when;
    ASSERT_TRUE(b.counter.time_of_count(2, sc_time::from_value(41'667), when));
    EXPECT_EQ(when, sc_time::from_value(83'334));
    EXPECT_EQ(b.control.read32(system_counter::CNTFID0), 24'000'000u);
}

// I2.3.2 CNTCR.EN: disabling freezes the count, enabling resumes from it.
TEST_F(SystemCounter, DisableFreezesAndEnableResumes) {
    bench b("b");
    run(sc_time(1, SC_US));
    b.control.write32(CNTCR, 0);
    EXPECT_FALSE(b.counter.counting());
    run(sc_time(10, SC_US));
    EXPECT_EQ(b.control.read64(CNTCV), 62u);
    sc_time when;
    EXPECT_FALSE(b.counter.time_of_count(100, sc_time_stamp(), when)) << "a stopped counter reaches nothing";
    b.control.write32(CNTCR, system_counter::CNTCR_EN);
    run(ticks(10));
    EXPECT_EQ(b.control.read64(CNTCV), 72u);
}

// I2.3.4 CNTCV is RW in CNTControlBase; 64-bit and 32-bit halves.
TEST_F(SystemCounter, CntcvWriteWhileDisabled) {
    bench b("b");
    b.control.write32(CNTCR, 0);
    b.control.write64(CNTCV, 0x0000123400000000ull);
    EXPECT_EQ(b.control.read64(CNTCV), 0x0000123400000000ull);
    b.control.write32(CNTCV, 0x55);
    EXPECT_EQ(b.control.read64(CNTCV), 0x0000123400000055ull) << "a 32-bit write changes only its word";
    b.control.write32(CNTCV + 4, 0x1);
    EXPECT_EQ(b.control.read64(CNTCV), 0x0000000100000055ull);
    b.control.write32(CNTCR, system_counter::CNTCR_EN);
    run(ticks(3));
    EXPECT_EQ(b.readbase.read64(0), 0x0000000100000058ull);
}

// Older Arm ARM text: writing CNTCV while enabled is UNKNOWN. The model
// applies it and keeps counting, and says so once.
TEST_F(SystemCounter, CntcvWriteWhileEnabledAppliesAndWarnsOnce) {
    bench b("b");
    const int before = sc_report_handler::get_count("timer/system_counter");
    run(ticks(5));
    b.control.write64(CNTCV, 1000);
    b.control.write64(CNTCV, 1000);
    run(ticks(2));
    EXPECT_EQ(b.control.read64(CNTCV), 1002u);
    EXPECT_EQ(sc_report_handler::get_count("timer/system_counter") - before, 1);
}

// The count is modulo 2^64.
TEST_F(SystemCounter, CountWrapsModulo2To64) {
    bench b("b");
    b.control.write32(CNTCR, 0);
    b.control.write64(CNTCV, ~uint64_t(0) - 1);
    b.control.write32(CNTCR, system_counter::CNTCR_EN);
    run(ticks(3));
    EXPECT_EQ(b.control.read64(CNTCV), 1u);
}

// I2.4: CNTReadBase has CNTCV read-only.
TEST_F(SystemCounter, ReadBaseCntcvIsReadOnly) {
    bench b("b");
    run(ticks(4));
    b.readbase.write64(0, 999);
    EXPECT_EQ(b.readbase.read64(0), 4u);
    EXPECT_EQ(b.readbase.read32(0x8), 0u) << "reserved offsets read as zero";
}

// I2.3: CNTFID0 = frequency, CNTFID1 = 0 ends the table, CNTID = 0 (no
// scaling), CounterID: component preamble in CIDR0-3, in both frames.
TEST_F(SystemCounter, IdentificationRegisters) {
    bench b("b");
    EXPECT_EQ(b.control.read32(system_counter::CNTFID0), 62'500'000u);
    EXPECT_EQ(b.control.read32(system_counter::CNTFID1), 0u);
    EXPECT_EQ(b.control.read32(system_counter::CNTID), 0u);
    const uint32_t cidr[4] = {0x0D, 0xF0, 0x05, 0xB1};
    for (unsigned i = 0; i < 4; ++i) {
        EXPECT_EQ(b.control.read32(0xFF0 + 4 * i), cidr[i]) << "CIDR" << i;
        EXPECT_EQ(b.readbase.read32(0xFF0 + 4 * i), cidr[i]) << "CIDR" << i << " in CNTReadBase";
    }
    b.control.write32(system_counter::CNTFID0, 1);
    EXPECT_EQ(b.control.read32(system_counter::CNTFID0), 62'500'000u) << "CNTFID0 is read-only here";
}

// I2.3.1: only frequency-modes entry 0 exists; selecting another is ignored.
TEST_F(SystemCounter, FcreqOtherThanEntry0IsIgnored) {
    bench b("b");
    b.control.write32(CNTCR, system_counter::CNTCR_EN | (1u << system_counter::CNTCR_FCREQ_SHIFT));
    EXPECT_EQ(b.control.read32(CNTCR), system_counter::CNTCR_EN);
    EXPECT_EQ(b.control.read32(CNTSR), 0u) << "FCACK still reports entry 0";
    run(ticks(10));
    EXPECT_EQ(b.control.read64(CNTCV), 10u) << "rate unchanged";
}

TEST_F(SystemCounter, BadAccessesGetErrorResponses) {
    bench b("b");
    using tlm::TLM_READ_COMMAND;
    using tlm::TLM_WRITE_COMMAND;
    EXPECT_EQ(b.control.access(TLM_READ_COMMAND, CNTCR, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.control.access(TLM_WRITE_COMMAND, CNTCR, 0, 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.control.read32(CNTCR), system_counter::CNTCR_EN) << "a refused write changes nothing";
    EXPECT_EQ(b.control.access(TLM_READ_COMMAND, CNTCR, 0, 8, 0).status, tlm::TLM_BURST_ERROR_RESPONSE)
        << "64-bit access to a 32-bit register";
    EXPECT_EQ(b.control.access(TLM_READ_COMMAND, CNTCV + 4, 0, 8, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE)
        << "misaligned 64-bit access";
    EXPECT_EQ(b.control.access(TLM_READ_COMMAND, CNTCV, 0, 2, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.control.access(TLM_READ_COMMAND, 0x1000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.readbase.access(TLM_READ_COMMAND, 0, 0, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
}

// transport_dbg reads through the same table, without side effects; debug
// writes are refused.
TEST_F(SystemCounter, DebugAccess) {
    bench b("b");
    run(ticks(7));
    EXPECT_EQ(b.control.peek32(CNTCV), 7u);
    EXPECT_EQ(b.readbase.peek32(0), 7u);
    EXPECT_EQ(b.control.peek32(system_counter::CNTFID0), 62'500'000u);
    auto r = b.control.access(tlm::TLM_WRITE_COMMAND, CNTCR, 0, 4, 0, true);
    EXPECT_EQ(r.status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_TRUE(b.counter.counting());
}

// The architectural alternative: disabled until firmware sets CNTCR.EN.
TEST_F(SystemCounter, OptionallyDisabledAtReset) {
    bench b("b", system_counter::default_frequency_hz, false);
    EXPECT_EQ(b.control.read32(CNTCR), 0u);
    run(sc_time(1, SC_US));
    EXPECT_EQ(b.control.read64(CNTCV), 0u);
    b.control.write32(CNTCR, system_counter::CNTCR_EN);
    run(ticks(5));
    EXPECT_EQ(b.control.read64(CNTCV), 5u);
}

// Reads inside a CPU's quantum use its local time (ahead of sc_time_stamp()).
TEST_F(SystemCounter, CountAtLocalTimeAheadOfKernel) {
    bench b("b");
    EXPECT_EQ(b.counter.count_at(sc_time_stamp() + ticks(40)), 40u);
    sc_time delay = ticks(3);
    tlm::tlm_generic_payload trans;
    uint64_t data = 0;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    trans.set_data_length(8);
    trans.set_streaming_width(8);
    b.readbase.socket->b_transport(trans, delay);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(data, 3u) << "the annotated delay is the initiator's local time offset";
}

// The far future is out of sc_time's range: no time, no overflow.
TEST_F(SystemCounter, TargetBeyondEndOfTimeIsUnreachable) {
    bench b("b");
    sc_time when;
    EXPECT_FALSE(b.counter.time_of_count(~uint64_t(0), SC_ZERO_TIME, when));
    EXPECT_FALSE(b.counter.time_of_count(0, SC_ZERO_TIME, when)) << "the current count again needs a full wrap";
    // 2^64 ps is about 1.15e15 ticks at 62.5 MHz: just inside and just outside.
    ASSERT_TRUE(b.counter.time_of_count(1'000'000'000'000'000ull, SC_ZERO_TIME, when));
    EXPECT_EQ(when.value(), 16'000'000'000'000'000'000ull);
    EXPECT_FALSE(b.counter.time_of_count(1'200'000'000'000'000ull, SC_ZERO_TIME, when));
}

// I2.3.2 CNTCR.HDBG: the debug-halt input stops the count only when HDBG=1.
struct halt_bench : sc_module {
    system_counter counter{"counter"};
    sc_signal<bool> halt{"halt"};
    explicit halt_bench(sc_module_name n) : sc_module(n) { counter.debug_halt(halt); }
};

TEST_F(SystemCounter, HaltOnDebug) {
    halt_bench b("b");
    run(ticks(10));
    b.halt.write(true);
    run(ticks(10));
    EXPECT_EQ(b.counter.count_at(sc_time_stamp()), 20u) << "HDBG = 0: the halt request is ignored";
    EXPECT_EQ(b.counter.cntsr(), 0u);
    uint64_t v = 0;
    vp::bus_access acc;
    ASSERT_EQ(b.counter.control_registers().write(CNTCR, system_counter::CNTCR_EN | system_counter::CNTCR_HDBG, 4, acc),
              tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(b.counter.counting());
    run(ticks(10));
    EXPECT_EQ(b.counter.count_at(sc_time_stamp()), 20u) << "halted";
    ASSERT_EQ(b.counter.control_registers().read(CNTSR, v, 4, acc), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, system_counter::CNTSR_DBGH);
    b.halt.write(false);
    run(ticks(5));
    EXPECT_EQ(b.counter.count_at(sc_time_stamp()), 25u) << "resumes from the halted value";
    EXPECT_EQ(b.counter.cntsr(), 0u);
}

TEST_F(SystemCounter, FrequencyOutOfRangeIsAConfigurationError) {
    EXPECT_THROW(system_counter("bad", 0), sc_report);
}

} // namespace
