// vp::bus::router: decoding, translation, error responses, CPU-index
// extension, debug transport, DMI translation and invalidation
// (IEEE 1666-2011 §14 for the interconnect rules).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "bus/router.h"
#include "bus_test_support.h"
#include "testbench.h"

using namespace sc_core;
using vp::bus::router;
using vp::test::raw_initiator;
using vp::test::stub_target;

namespace {

// Two initiators (ports 0 and 1), two targets:
//   0x1000_0000 + 0x100 -> target 0 ("dev")
//   0x4000_0000 + 0x100 -> target 1 ("ram")  (window into target 1 at offset 0)
struct bench {
    router bus{"bus"};
    raw_initiator cpu0{"cpu0"}, cpu1{"cpu1"};
    stub_target dev{"dev"}, ram{"ram"};

    explicit bench(bool map_default = true) {
        cpu0.socket.bind(bus.target_socket);
        cpu1.socket.bind(bus.target_socket);
        bus.initiator_socket.bind(dev.socket);
        bus.initiator_socket.bind(ram.socket);
        if (map_default) {
            bus.map(0x10000000, 0x100, 0, "dev");
            bus.map(0x40000000, 0x100, 1, "ram");
        }
    }
};

unsigned warnings_of(const char* type) { return unsigned(sc_report_handler::get_count(type)); }

} // namespace

TEST(BusRouter, RoutesToTheMappedTargetWithATargetRelativeOffset) {
    bench b;
    b.dev.bytes[0x10] = 0xAB;
    b.ram.bytes[0x20] = 0xCD;
    vp::test::run();
    EXPECT_EQ(b.cpu0.read32(0x10000010) & 0xFF, 0xABu);
    ASSERT_EQ(b.dev.log.size(), 1u);
    EXPECT_EQ(b.dev.log[0].address, 0x10u);
    EXPECT_EQ(b.cpu0.read32(0x40000020) & 0xFF, 0xCDu);
    ASSERT_EQ(b.ram.log.size(), 1u);
    EXPECT_EQ(b.ram.log[0].address, 0x20u);
}

TEST(BusRouter, RestoresTheInitiatorsAddressOnReturn) {
    // LRM §14.8: an interconnect that changes the address restores it.
    bench b;
    vp::test::run();
    unsigned char d[4] = {};
    auto r = b.cpu0.transport(tlm::TLM_READ_COMMAND, 0x40000044, d, 4);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.address_after, 0x40000044u);
}

TEST(BusRouter, WindowOffsetSelectsAPartOfTheTarget) {
    router bus("bus");
    raw_initiator cpu("cpu");
    stub_target dev("dev");
    cpu.socket.bind(bus.target_socket);
    bus.initiator_socket.bind(dev.socket);
    bus.map(0x2000, 0x80, 0, "upper half", 0x80);
    vp::test::run();
    dev.bytes[0x84] = 0x5A;
    EXPECT_EQ(cpu.read32(0x2004) & 0xFF, 0x5Au);
    EXPECT_EQ(dev.log.back().address, 0x84u);
}

TEST(BusRouter, UnmappedAddressIsAnAddressErrorLoggedOnce) {
    bench b;
    vp::test::run();
    const unsigned before = warnings_of("bus/router");
    tlm::tlm_response_status st;
    b.cpu0.read32(0x20000000, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu0.read32(0x20000000, &st);
    EXPECT_EQ(b.cpu0.write32(0x20000000, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(warnings_of("bus/router"), before + 1) << "one warning per address";
    b.cpu0.read32(0x20000004, &st);
    EXPECT_EQ(warnings_of("bus/router"), before + 2);
    EXPECT_TRUE(b.dev.log.empty());
    EXPECT_TRUE(b.ram.log.empty());
}

TEST(BusRouter, AccessStraddlingTheEndOfAWindowIsAnAddressError) {
    bench b;
    vp::test::run();
    tlm::tlm_response_status st;
    b.cpu0.read32(0x100000FE, &st); // bytes 0xFE..0x101: two bytes outside
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu0.read32(0x100000FC, &st); // last word: fine
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    b.cpu0.read32(0x0FFFFFFE, &st); // starts below the window
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(BusRouter, OverlappingWindowsAreReportedAsAnErrorNamingBoth) {
    bench b;
    try {
        b.bus.map(0x400000F0, 0x100, 0, "uart");
        FAIL() << "overlap not detected";
    } catch (const sc_report& r) {
        const std::string msg = r.what();
        EXPECT_NE(msg.find("uart"), std::string::npos) << msg;
        EXPECT_NE(msg.find("ram"), std::string::npos) << msg;
    }
    // Overlap from below, and a window enclosing an existing one.
    EXPECT_THROW(b.bus.map(0x0FFFFF00, 0x101, 0, "below"), sc_report);
    EXPECT_THROW(b.bus.map(0x0, 0x80000000, 0, "all"), sc_report);
    // Adjacent windows are fine.
    EXPECT_NO_THROW(b.bus.map(0x10000100, 0x100, 0, "next"));
    EXPECT_NO_THROW(b.bus.map(0x0FFFFF00, 0x100, 0, "prev"));
    EXPECT_EQ(b.bus.memory_map().size(), 4u);
}

TEST(BusRouter, EmptyOrWrappingWindowIsAnError) {
    bench b;
    EXPECT_THROW(b.bus.map(0x50000000, 0, 0, "empty"), sc_report);
    EXPECT_THROW(b.bus.map(0xFFFFFFFFFFFFF000ull, 0x2000, 0, "wraps"), sc_report);
    EXPECT_NO_THROW(b.bus.map(0xFFFFFFFFFFFFF000ull, 0x1000, 0, "top"));
}

TEST(BusRouter, WindowNamingAnUnboundTargetIsAnErrorAtElaboration) {
    bench b;
    b.bus.map(0x60000000, 0x100, 7, "ghost");
    EXPECT_THROW(sc_start(SC_ZERO_TIME), sc_report);
}

TEST(BusRouter, MapAfterElaborationIsAnError) {
    bench b;
    vp::test::run();
    EXPECT_THROW(b.bus.map(0x70000000, 0x100, 0, "late"), sc_report);
}

TEST(BusRouter, AttachesTheInitiatorPortAsCpuIndexAndRemovesItAfterwards) {
    bench b;
    vp::test::run();
    unsigned char d[4] = {};
    auto r0 = b.cpu0.transport(tlm::TLM_READ_COMMAND, 0x10000000, d, 4);
    auto r1 = b.cpu1.transport(tlm::TLM_READ_COMMAND, 0x10000000, d, 4);
    ASSERT_EQ(b.dev.log.size(), 2u);
    EXPECT_TRUE(b.dev.log[0].has_cpu);
    EXPECT_EQ(b.dev.log[0].cpu, 0u);
    EXPECT_TRUE(b.dev.log[1].has_cpu);
    EXPECT_EQ(b.dev.log[1].cpu, 1u);
    EXPECT_FALSE(r0.extension_after) << "the router must take its extension off again";
    EXPECT_FALSE(r1.extension_after);
}

TEST(BusRouter, KeepsAnExtensionTheInitiatorAttached) {
    bench b;
    vp::test::run();
    unsigned char d[4] = {};
    b.cpu1.transport(tlm::TLM_READ_COMMAND, 0x10000000, d, 4, 5u);
    ASSERT_EQ(b.dev.log.size(), 1u);
    EXPECT_EQ(b.dev.log[0].cpu, 5u);
}

TEST(BusRouter, ZeroDelayByDefaultAndConfigurableLatency) {
    bench b;
    b.dev.latency = sc_time(2, SC_NS);
    vp::test::run();
    unsigned char d[4] = {};
    EXPECT_EQ(b.cpu0.transport(tlm::TLM_READ_COMMAND, 0x10000000, d, 4).delay, sc_time(2, SC_NS));
    b.bus.set_latency(sc_time(5, SC_NS));
    EXPECT_EQ(b.cpu0.transport(tlm::TLM_READ_COMMAND, 0x10000000, d, 4).delay, sc_time(7, SC_NS));
}

TEST(BusRouter, DebugTransportIsTranslatedAndClippedToTheWindow) {
    bench b;
    vp::test::run();
    for (unsigned i = 0; i < 0x100; ++i)
        b.ram.bytes[i] = uint8_t(i);
    unsigned char buf[0x40] = {};
    tlm::tlm_response_status st;
    uint64_t addr_after = 0;
    EXPECT_EQ(b.cpu0.debug(tlm::TLM_READ_COMMAND, 0x40000010, buf, 8, &st, &addr_after), 8u);
    EXPECT_EQ(buf[0], 0x10);
    EXPECT_EQ(buf[7], 0x17);
    EXPECT_EQ(addr_after, 0x40000010u);
    ASSERT_FALSE(b.ram.log.empty());
    EXPECT_TRUE(b.ram.log.back().debug);
    EXPECT_EQ(b.ram.log.back().address, 0x10u);
    // 0x40 bytes from 0x400000E0: only 0x20 are inside the window.
    EXPECT_EQ(b.cpu0.debug(tlm::TLM_READ_COMMAND, 0x400000E0, buf, 0x40), 0x20u);
    EXPECT_EQ(b.ram.log.back().length, 0x20u);
    // Debug writes go through as well.
    unsigned char w[2] = {0xEE, 0xFF};
    EXPECT_EQ(b.cpu0.debug(tlm::TLM_WRITE_COMMAND, 0x40000002, w, 2), 2u);
    EXPECT_EQ(b.ram.bytes[2], 0xEE);
    // Unmapped: nothing transferred, address error, no warning (a debugger may probe).
    const unsigned before = warnings_of("bus/router");
    EXPECT_EQ(b.cpu0.debug(tlm::TLM_READ_COMMAND, 0x30000000, buf, 4, &st), 0u);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(warnings_of("bus/router"), before);
}

TEST(BusRouter, DmiRegionIsTranslatedAndClippedToTheWindow) {
    bench b;
    b.ram.dmi_start = 0;
    b.ram.dmi_end = 0xFFFF; // target claims more than the 0x100-byte window
    vp::test::run();
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.cpu1.dmi(0x40000010, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x40000000u);
    EXPECT_EQ(dmi.get_end_address(), 0x400000FFu);
    EXPECT_EQ(dmi.get_dmi_ptr(), b.ram.bytes);
    EXPECT_TRUE(dmi.is_read_write_allowed());
    EXPECT_EQ(b.ram.log.back().address, 0x10u) << "the DMI request is translated as well";
    EXPECT_EQ(b.ram.log.back().cpu, 1u);
}

TEST(BusRouter, DmiPointerAdvancesWhenTheStartIsClippedByAWindowOffset) {
    router bus("bus", sc_time(1, SC_NS));
    raw_initiator cpu("cpu");
    stub_target dev("dev");
    cpu.socket.bind(bus.target_socket);
    bus.initiator_socket.bind(dev.socket);
    bus.map(0x9000, 0x40, 0, "window", 0x80); // target bytes 0x80..0xBF at 0x9000
    vp::test::run();
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(cpu.dmi(0x9008, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x9000u);
    EXPECT_EQ(dmi.get_end_address(), 0x903Fu);
    EXPECT_EQ(dmi.get_dmi_ptr(), dev.bytes + 0x80);
    EXPECT_EQ(dmi.get_read_latency(), sc_time(4, SC_NS)) << "target 3 ns + router 1 ns";
    EXPECT_EQ(dmi.get_write_latency(), sc_time(4, SC_NS));
}

TEST(BusRouter, DmiDeniedOnAnUnmappedAddressDescribesTheHole) {
    bench b;
    vp::test::run();
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(b.cpu0.dmi(0x20000000, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x10000100u);
    EXPECT_EQ(dmi.get_end_address(), 0x3FFFFFFFu);
    EXPECT_FALSE(b.cpu0.dmi(0x0, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x0u);
    EXPECT_EQ(dmi.get_end_address(), 0x0FFFFFFFu);
}

TEST(BusRouter, DmiDeniedByTheTargetIsTranslated) {
    bench b;
    b.dev.grant_dmi = false;
    b.dev.dmi_start = 0x20;
    b.dev.dmi_end = 0x2F;
    vp::test::run();
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(b.cpu0.dmi(0x10000024, dmi));
    EXPECT_EQ(dmi.get_start_address(), 0x10000020u);
    EXPECT_EQ(dmi.get_end_address(), 0x1000002Fu);
}

TEST(BusRouter, InvalidationIsTranslatedAndSentToEveryInitiator) {
    bench b;
    vp::test::run();
    b.ram.invalidate(0x10, 0x1F);
    ASSERT_EQ(b.cpu0.invalidations.size(), 1u);
    ASSERT_EQ(b.cpu1.invalidations.size(), 1u);
    EXPECT_EQ(b.cpu0.invalidations[0].first, 0x40000010u);
    EXPECT_EQ(b.cpu0.invalidations[0].second, 0x4000001Fu);
    EXPECT_EQ(b.cpu1.invalidations[0], b.cpu0.invalidations[0]);
    // "Everything" is clipped to the window.
    b.dev.invalidate(0, ~uint64_t(0));
    ASSERT_EQ(b.cpu0.invalidations.size(), 2u);
    EXPECT_EQ(b.cpu0.invalidations[1].first, 0x10000000u);
    EXPECT_EQ(b.cpu0.invalidations[1].second, 0x100000FFu);
}

TEST(BusRouter, InvalidationOfATargetMappedTwiceReachesBothAliases) {
    router bus("bus");
    raw_initiator cpu("cpu");
    stub_target dev("dev");
    cpu.socket.bind(bus.target_socket);
    bus.initiator_socket.bind(dev.socket);
    bus.map(0x1000, 0x100, 0, "alias a");
    bus.map(0x8000, 0x80, 0, "alias b", 0x80);
    vp::test::run();
    dev.invalidate(0x70, 0x8F); // straddles the start of alias b
    ASSERT_EQ(cpu.invalidations.size(), 2u);
    EXPECT_EQ(cpu.invalidations[0], std::make_pair(uint64_t(0x1070), uint64_t(0x108F)));
    EXPECT_EQ(cpu.invalidations[1], std::make_pair(uint64_t(0x8000), uint64_t(0x800F)));
    dev.invalidate(0x100, 0x1FF); // outside both windows: nothing forwarded
    EXPECT_EQ(cpu.invalidations.size(), 2u);
}

TEST(BusRouter, StreamingAccessIsDecodedOnItsStreamingWidth) {
    bench b;
    vp::test::run();
    unsigned char d[16] = {};
    // 16 bytes streamed over a 4-byte register at the last word of the window.
    auto r = b.cpu0.transport(tlm::TLM_READ_COMMAND, 0x100000FC, d, 16, std::nullopt, nullptr, 0, 4);
    EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
}

TEST(BusRouter, PrintsItsMemoryMapSortedByAddress) {
    bench b;
    std::ostringstream os;
    b.bus.print_memory_map(os);
    EXPECT_EQ(os.str(), "0x0000000010000000-0x00000000100000ff -> target 0 +0x0 dev\n"
                        "0x0000000040000000-0x00000000400000ff -> target 1 +0x0 ram\n");
    ASSERT_NE(b.bus.decode(0x400000FF), nullptr);
    EXPECT_EQ(b.bus.decode(0x400000FF)->name, "ram");
    EXPECT_EQ(b.bus.decode(0x40000100), nullptr);
}

// The decode remembers the window last found per 64 KiB slot (address bits
// 16..18). Windows that share a slot, windows in other slots, holes beside
// them and accesses running past a window's end must decode as the full
// search does, in any order (an interrupt handler alternates GICH, GICC, GICV).
TEST(BusRouter, AlternatingWindowsAndHolesDecodeAsTheSearchDoes) {
    router bus("bus");
    raw_initiator cpu("cpu");
    stub_target a("a"), b("b"), c("c"), d("d");
    cpu.socket.bind(bus.target_socket);
    for (stub_target* t : {&a, &b, &c, &d})
        bus.initiator_socket.bind(t->socket);
    bus.map(0x08000000, 0x100, 0, "a"); // slot 0
    bus.map(0x08000200, 0x100, 1, "b"); // slot 0 too, a hole between a and b
    bus.map(0x08080000, 0x100, 2, "c"); // slot 0 again (0x808 % 8)
    bus.map(0x08030000, 0x100, 3, "d"); // slot 3
    vp::test::run();
    a.bytes[0x10] = 0xA1;
    b.bytes[0x10] = 0xB1;
    c.bytes[0x10] = 0xC1;
    d.bytes[0x10] = 0xD1;
    struct step {
        uint64_t addr;
        tlm::tlm_response_status status;
        unsigned value; // low byte read when OK
    };
    const step steps[] = {
        {0x08000010, tlm::TLM_OK_RESPONSE, 0xA1},
        {0x08000210, tlm::TLM_OK_RESPONSE, 0xB1},
        {0x08000010, tlm::TLM_OK_RESPONSE, 0xA1},
        {0x08000110, tlm::TLM_ADDRESS_ERROR_RESPONSE, 0}, // the hole after a
        {0x080000FE, tlm::TLM_ADDRESS_ERROR_RESPONSE, 0}, // runs past a's end
        {0x08080010, tlm::TLM_OK_RESPONSE, 0xC1},
        {0x08030010, tlm::TLM_OK_RESPONSE, 0xD1},
        {0x08000210, tlm::TLM_OK_RESPONSE, 0xB1},
        {0x080801FC, tlm::TLM_ADDRESS_ERROR_RESPONSE, 0}, // past c, same slot as b
        {0x08030010, tlm::TLM_OK_RESPONSE, 0xD1},
        {0x08080010, tlm::TLM_OK_RESPONSE, 0xC1},
        {0x080302FE, tlm::TLM_ADDRESS_ERROR_RESPONSE, 0}, // past d, in its slot
        {0x08000010, tlm::TLM_OK_RESPONSE, 0xA1},
    };
    for (const step& s : steps) {
        tlm::tlm_response_status st;
        const uint32_t v = cpu.read32(s.addr, &st);
        EXPECT_EQ(st, s.status) << std::hex << s.addr;
        if (s.status == tlm::TLM_OK_RESPONSE) {
            EXPECT_EQ(v & 0xFF, s.value) << std::hex << s.addr;
        }
    }
    EXPECT_EQ(a.log.size(), 3u);
    EXPECT_EQ(b.log.size(), 2u);
    EXPECT_EQ(c.log.size(), 2u);
    EXPECT_EQ(d.log.size(), 2u);
    for (const auto* t : {&a, &b, &c, &d})
        for (const auto& seen : t->log)
            EXPECT_EQ(seen.address, 0x10u) << "target-relative offset";
    EXPECT_EQ(bus.decode(0x08000110), nullptr);
    ASSERT_NE(bus.decode(0x08000200), nullptr);
    EXPECT_EQ(bus.decode(0x08000200)->name, "b");
}
