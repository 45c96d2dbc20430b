// The register-bank dispatch: every response status a bad access can get,
// sub-word access to byte-accessible registers, debug accesses without side
// effects, RAZ/WI reserved offsets.
#include <gtest/gtest.h>

#include "common/register_bank.h"

using namespace vp;

namespace {

struct fixture : testing::Test {
    register_bank bank{"test/bank", 0x100};
    uint32_t ctlr = 0;
    uint32_t prio[2] = {};
    uint64_t wide = 0;
    int ack_count = 0;

    void SetUp() override {
        sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
        bank.add({"CTLR", 0x00, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return uint64_t(ctlr); },
                  [this](unsigned, uint64_t v, uint64_t m, const bus_access&) { ctlr = uint32_t((ctlr & ~m) | (v & m)); }});
        bank.add({"ID", 0x04, 4, 1, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(0x1234); }, nullptr});
        bank.add({"IAR", 0x08, 4, 1, SIZES_32,
                  [this](unsigned, const bus_access& a) {
                      if (!a.debug)
                          ++ack_count;
                      return uint64_t(27);
                  },
                  nullptr});
        bank.add({"EOIR", 0x0C, 4, 1, SIZES_32, nullptr, [](unsigned, uint64_t, uint64_t, const bus_access&) {}});
        bank.add({"PRIO", 0x40, 4, 2, SIZES_8 | SIZES_32,
                  [this](unsigned i, const bus_access&) { return uint64_t(prio[i]); },
                  [this](unsigned i, uint64_t v, uint64_t m, const bus_access&) {
                      prio[i] = uint32_t((prio[i] & ~m) | (v & m));
                  }});
        bank.add({"WIDE", 0x80, 8, 1, SIZES_32 | SIZES_64, [this](unsigned, const bus_access&) { return wide; },
                  [this](unsigned, uint64_t v, uint64_t m, const bus_access&) { wide = (wide & ~m) | (v & m); }});
    }
};

TEST_F(fixture, WordReadWrite) {
    EXPECT_EQ(bank.write(0x00, 0xA5, 4, {}), tlm::TLM_OK_RESPONSE);
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x00, v, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0xA5u);
}

TEST_F(fixture, ReservedOffsetIsRazWi) {
    uint64_t v = 1;
    EXPECT_EQ(bank.write(0x20, 0xFFFFFFFF, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(bank.read(0x20, v, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0u);
}

TEST_F(fixture, OutsideFrameIsAddressError) {
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x100, v, 4, {}), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(bank.read(0xFE, v, 4, {}), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(fixture, MisalignedIsAddressError) {
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x02, v, 4, {}), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(fixture, DisallowedSizeIsBurstError) {
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x00, v, 1, {}), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(bank.write(0x00, 1, 2, {}), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(ctlr, 0u) << "a refused write must not change state";
    EXPECT_EQ(bank.read(0x40, v, 2, {}), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(bank.read(0x40, v, 8, {}), tlm::TLM_BURST_ERROR_RESPONSE) << "wider than the register";
}

TEST_F(fixture, ByteAccessTouchesOnlyItsByte) {
    EXPECT_EQ(bank.write(0x45, 0xA0, 1, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(prio[1], 0xA000u);
    EXPECT_EQ(prio[0], 0u);
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x45, v, 1, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0xA0u);
}

TEST_F(fixture, HalfOfSixtyFourBitRegister) {
    EXPECT_EQ(bank.write(0x84, 0xDEADBEEF, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(wide, 0xDEADBEEF00000000ull);
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0x80, v, 8, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0xDEADBEEF00000000ull);
}

TEST_F(fixture, ReadOnlyIgnoresWritesWriteOnlyReadsZero) {
    uint64_t v = 0;
    EXPECT_EQ(bank.write(0x04, 0, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(bank.read(0x04, v, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0x1234u);
    v = 1;
    EXPECT_EQ(bank.read(0x0C, v, 4, {}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0u);
}

TEST_F(fixture, DebugReadHasNoSideEffect) {
    tlm::tlm_generic_payload trans;
    uint32_t data = 0;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0x08);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    trans.set_data_length(4);
    EXPECT_EQ(bank.transport_dbg(trans, 0), 4u);
    EXPECT_EQ(data, 27u);
    EXPECT_EQ(ack_count, 0);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    trans.set_streaming_width(4);
    bank.b_transport(trans, delay, 0);
    EXPECT_EQ(ack_count, 1);
}

TEST_F(fixture, DebugReadSpansRegisters) {
    ctlr = 0x11223344;
    tlm::tlm_generic_payload trans;
    uint32_t data[2] = {};
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0x00);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(data));
    trans.set_data_length(8);
    EXPECT_EQ(bank.transport_dbg(trans, 0), 8u);
    EXPECT_EQ(data[0], 0x11223344u);
    EXPECT_EQ(data[1], 0x1234u);
}

TEST_F(fixture, DebugWriteRefusedByDefault) {
    tlm::tlm_generic_payload trans;
    uint32_t data = 5;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(0x00);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    trans.set_data_length(4);
    EXPECT_EQ(bank.transport_dbg(trans, 0), 0u);
    EXPECT_EQ(ctlr, 0u);
}

TEST_F(fixture, ByteEnablesRefused) {
    tlm::tlm_generic_payload trans;
    uint32_t data = 5;
    unsigned char be[4] = {0xFF, 0, 0, 0};
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(0x00);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_byte_enable_ptr(be);
    trans.set_byte_enable_length(4);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    bank.b_transport(trans, delay, 0);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(ctlr, 0u);
}

} // namespace

// access_timing_if: a CPU may read ahead of its time only where the device
// declared it (state-only reads) and never where the read has a side effect.
TEST_F(fixture, TimelessReadsOnlyWhereDeclared) {
    EXPECT_FALSE(bank.timeless_read(0x00)); // off by default
    bank.declare_timeless_reads(true);
    bank.add({"ACK", 0x10, 4, 1, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(1); }, nullptr})
        .read_side_effects = true;
    EXPECT_TRUE(bank.timeless_read(0x00));  // CTLR
    EXPECT_TRUE(bank.timeless_read(0x44));  // PRIO[1]
    EXPECT_TRUE(bank.timeless_read(0x20));  // reserved: RAZ
    EXPECT_FALSE(bank.timeless_read(0x10)); // an acknowledge
    EXPECT_FALSE(bank.timeless_read(0x100)); // outside the frame
}

namespace {
// The entry covering `offset`, by brute force over the bank's entries.
const register_entry* covering(const register_bank& b, uint64_t offset) {
    for (const auto& e : b.entries())
        if (offset >= e.offset && offset < e.offset + uint64_t(e.width) * e.count) return &e;
    return nullptr;
}
} // namespace

// find() answers from a per-word table once the entries are in: every byte
// of the frame (and one past it) finds the register covering it, or none
// in a reserved gap, also after an entry is added behind a lookup.
TEST_F(fixture, FindCoversEveryByteOfTheFrame) {
    for (uint64_t off = 0; off <= bank.frame_size(); ++off)
        ASSERT_EQ(bank.find(off), covering(bank, off)) << "offset " << off;
    bank.add({"LATE", 0xF0, 4, 2, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(7); }, nullptr});
    for (uint64_t off = 0; off <= bank.frame_size(); ++off)
        ASSERT_EQ(bank.find(off), covering(bank, off)) << "offset " << off;
    ASSERT_NE(bank.find(0xF4), nullptr);
    EXPECT_EQ(bank.find(0xF4)->name, "LATE");
    uint64_t v = 0;
    EXPECT_EQ(bank.read(0xF4, v, 4, bus_access{}), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 7u);
}

// A frame too large for the table keeps the search, with the same answers.
TEST(register_bank_large, FindInAFrameTooLargeForTheTable) {
    register_bank big{"test/big", uint64_t(4) << 20};
    big.add({"LOW", 0x0, 4, 1, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(1); }, nullptr});
    big.add({"HIGH", (uint64_t(4) << 20) - 16, 8, 2, SIZES_64, [](unsigned, const bus_access&) { return uint64_t(2); },
             nullptr});
    for (uint64_t off : {uint64_t(0), uint64_t(3), uint64_t(4), uint64_t(0x1000), (uint64_t(4) << 20) - 17,
                         (uint64_t(4) << 20) - 16, (uint64_t(4) << 20) - 1, uint64_t(4) << 20})
        EXPECT_EQ(big.find(off), covering(big, off)) << "offset " << off;
}
