// vp::bus::flash: erased (all ones) where nothing is loaded, the loaded image
// elsewhere, writes ignored, out-of-bank accesses are address errors.
#include <gtest/gtest.h>

#include "bus/flash.h"
#include "bus_test_support.h"
#include "testbench.h"

using vp::bus::flash;
using vp::test::raw_initiator;

namespace {
struct bench {
    raw_initiator cpu{"cpu"};
    flash bank{"bank", 64ull << 20};
    bench() { cpu.socket.bind(bank.socket); }
};
} // namespace

TEST(BusFlash, ReadsErasedUnlessLoadedAndIgnoresWrites) {
    bench b;
    const uint8_t image[] = {0x11, 0x22, 0x33, 0x44, 0x55};
    ASSERT_TRUE(b.bank.load(0x100, image, sizeof image));
    EXPECT_FALSE(b.bank.load((64ull << 20) - 2, image, sizeof image)) << "an image must fit in the bank";
    vp::test::run();
    EXPECT_EQ(b.cpu.read32(0x0), 0xffffffffu) << "below the image: erased";
    EXPECT_EQ(b.cpu.read32(0x100), 0x44332211u);
    EXPECT_EQ(b.cpu.read32(0x104), 0xffffff55u) << "the image ends inside the word";
    EXPECT_EQ(b.cpu.read32((64ull << 20) - 4), 0xffffffffu) << "last word of the bank";
    EXPECT_EQ(b.cpu.write32(0x100, 0), tlm::TLM_OK_RESPONSE) << "writes are accepted";
    EXPECT_EQ(b.cpu.read32(0x100), 0x44332211u) << "and ignored";
    tlm::tlm_response_status st;
    b.cpu.read32(64ull << 20, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
