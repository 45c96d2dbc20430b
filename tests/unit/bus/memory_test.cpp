// vp::bus::memory: b_transport (byte enables, streaming, latency), debug
// transport, DMI and out-of-range accesses (IEEE 1666-2011 §14).
#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

#include "bus/memory.h"
#include "bus/router.h"
#include "bus_test_support.h"
#include "testbench.h"

using namespace sc_core;
using vp::bus::memory;
using vp::test::raw_initiator;

namespace {

struct bench {
    raw_initiator cpu{"cpu"};
    memory ram;
    explicit bench(uint64_t size = 0x1000, sc_time latency = SC_ZERO_TIME) : ram("ram", size, latency) {
        cpu.socket.bind(ram.socket);
    }
};

// Resident set size of this process in bytes (Linux).
uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    uint64_t total = 0, resident = 0;
    statm >> total >> resident;
    return resident * uint64_t(sysconf(_SC_PAGESIZE));
}

} // namespace

TEST(BusMemory, IsZeroInitialisedAndReadsBackWrites) {
    bench b;
    vp::test::run();
    EXPECT_EQ(b.cpu.read32(0x0), 0u);
    EXPECT_EQ(b.cpu.read32(0xFFC), 0u);
    EXPECT_EQ(b.cpu.write32(0x100, 0xDEADBEEF), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(0x100), 0xDEADBEEFu);
    EXPECT_EQ(b.ram.data()[0x100], 0xEF) << "little-endian byte order in storage";
}

TEST(BusMemory, DefaultSizeIs128MiBAndUnusedRamCostsNoHostMemory) {
    const uint64_t before = resident_bytes();
    memory ram("ram");
    EXPECT_EQ(ram.size(), 128ull << 20);
    const uint64_t after = resident_bytes();
    EXPECT_LT(after - before, 4ull << 20) << "mmap'd RAM must not be touched at construction";
}

// `vp --ram 4G`: the host reserves address space, not memory.
TEST(BusMemory, FourGiBRamCostsOnlyTheTouchedPages) {
    const uint64_t before = resident_bytes();
    memory ram("ram4g", 4ull << 30);
    ram.data()[(4ull << 30) - 1] = 0x5a;
    ram.data()[0] = 0xa5;
    EXPECT_LT(resident_bytes() - before, 4ull << 20);
    EXPECT_EQ(ram.data()[(4ull << 30) - 1], 0x5a);
    EXPECT_EQ(ram.data()[1ull << 31], 0);
}

TEST(BusMemory, AccessOutsideTheRamIsAnAddressError) {
    bench b;
    vp::test::run();
    tlm::tlm_response_status st;
    b.cpu.read32(0x1000, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(0xFFE, &st); // straddles the end
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write32(0xFFFFFFFFFFFFFFFEull, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_GE(sc_report_handler::get_count("bus/memory"), 1);
}

TEST(BusMemory, ByteEnablesSelectTheWrittenAndReadLanes) {
    bench b;
    vp::test::run();
    b.cpu.write32(0x10, 0x11223344);
    unsigned char d[4] = {0xAA, 0xBB, 0xCC, 0xDD};
    const unsigned char be[2] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED}; // pattern repeats
    auto r = b.cpu.transport(tlm::TLM_WRITE_COMMAND, 0x10, d, 4, std::nullopt, be, 2);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(0x10), 0x11CC33AAu);
    unsigned char out[4] = {0, 0, 0, 0};
    const unsigned char be_read[4] = {TLM_BYTE_DISABLED, TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED};
    b.cpu.transport(tlm::TLM_READ_COMMAND, 0x10, out, 4, std::nullopt, be_read, 4);
    EXPECT_EQ(out[0], 0);
    EXPECT_EQ(out[1], 0x33);
    EXPECT_EQ(out[2], 0);
    EXPECT_EQ(out[3], 0x11);
}

TEST(BusMemory, StreamingWidthRepeatsTheAddressRange) {
    bench b;
    vp::test::run();
    unsigned char d[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    auto r = b.cpu.transport(tlm::TLM_WRITE_COMMAND, 0xFFC, d, 8, std::nullopt, nullptr, 0, 4);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE) << "only 4 bytes of RAM are covered";
    EXPECT_EQ(b.cpu.read32(0xFFC), 0x08070605u);
}

TEST(BusMemory, ZeroStreamingWidthIsABurstError) {
    bench b;
    vp::test::run();
    tlm::tlm_generic_payload trans;
    unsigned char d[4] = {};
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(d);
    trans.set_data_length(4);
    trans.set_streaming_width(0);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = SC_ZERO_TIME;
    b.cpu.socket->b_transport(trans, delay);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST(BusMemory, LatencyIsAnnotatedAndTheDmiHintSet) {
    bench b(0x1000, sc_time(10, SC_NS));
    vp::test::run();
    unsigned char d[4] = {};
    auto r = b.cpu.transport(tlm::TLM_READ_COMMAND, 0, d, 4);
    EXPECT_EQ(r.delay, sc_time(10, SC_NS));
    EXPECT_TRUE(r.dmi_hint);
}

TEST(BusMemory, DebugTransportReadsAndWritesWithoutTime) {
    bench b;
    vp::test::run();
    unsigned char w[6] = {1, 2, 3, 4, 5, 6};
    tlm::tlm_response_status st;
    EXPECT_EQ(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x200, w, 6, &st), 6u);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(0x200), 0x04030201u);
    unsigned char r[6] = {};
    EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x202, r, 4), 4u);
    EXPECT_EQ(r[0], 3);
    EXPECT_EQ(r[3], 6);
    // Clipped at the end of the RAM; beyond it nothing.
    unsigned char big[16] = {};
    EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, 0xFF8, big, 16, &st), 8u);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, 0x1000, big, 4, &st), 0u);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(BusMemory, DmiGrantsReadWriteToTheWholeRamWithLatency) {
    bench b(0x1000, sc_time(2, SC_NS));
    vp::test::run();
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.cpu.dmi(0x800, dmi, tlm::TLM_WRITE_COMMAND));
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 0xFFFu);
    EXPECT_TRUE(dmi.is_read_write_allowed());
    EXPECT_EQ(dmi.get_read_latency(), sc_time(2, SC_NS));
    EXPECT_EQ(dmi.get_write_latency(), sc_time(2, SC_NS));
    dmi.get_dmi_ptr()[0x40] = 0x77;
    EXPECT_EQ(b.cpu.read32(0x40) & 0xFF, 0x77u) << "DMI and b_transport see the same storage";
    EXPECT_FALSE(b.cpu.dmi(0x1000, dmi));
}

TEST(BusMemory, BehindARouterAtItsPlatformAddress) {
    // The platform's arrangement: RAM at 0x4000_0000 behind the router, DMI
    // pointer valid for the whole window in the CPU's address space.
    vp::bus::router bus("bus");
    raw_initiator cpu("cpu");
    memory ram("ram", 0x10000);
    cpu.socket.bind(bus.target_socket);
    bus.initiator_socket.bind(ram.socket);
    bus.map(0x40000000, 0x10000, 0, "ram");
    vp::test::run();
    EXPECT_EQ(cpu.write32(0x40000100, 0xCAFEF00D), tlm::TLM_OK_RESPONSE);
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(cpu.dmi(0x40000100, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x40000000u);
    EXPECT_EQ(dmi.get_end_address(), 0x4000FFFFu);
    uint32_t v;
    std::memcpy(&v, dmi.get_dmi_ptr() + 0x100, 4);
    EXPECT_EQ(v, 0xCAFEF00Du);
}
