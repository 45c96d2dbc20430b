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

// Boot code is fetched from flash: DMI lets a CPU read it without a
// transaction per instruction. Read-only (writes must keep reaching
// b_transport): the loaded bytes as one region, erased flash by windows that
// all point at 0xFF bytes.
TEST(BusFlash, GrantsReadOnlyDmiOverTheImageAndErasedWindows) {
    bench b;
    const uint8_t image[] = {0x11, 0x22, 0x33, 0x44, 0x55};
    ASSERT_TRUE(b.bank.load(0x100, image, sizeof image));
    vp::test::run();

    unsigned char word[4];
    EXPECT_TRUE(b.cpu.transport(tlm::TLM_READ_COMMAND, 0x100, word, 4).dmi_hint) << "a read of the image hints DMI";
    EXPECT_TRUE(b.cpu.transport(tlm::TLM_READ_COMMAND, 0x200, word, 4).dmi_hint) << "and of erased flash";
    EXPECT_FALSE(b.cpu.transport(tlm::TLM_WRITE_COMMAND, 0x100, word, 4).dmi_hint);

    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.cpu.dmi(0x102, dmi));
    EXPECT_TRUE(dmi.is_read_allowed());
    EXPECT_FALSE(dmi.is_write_allowed()) << "a write through a pointer would change the flash";
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 0x104u);
    EXPECT_EQ(dmi.get_dmi_ptr()[0], 0xff) << "below the image: erased";
    EXPECT_EQ(dmi.get_dmi_ptr()[0x103], 0x44);

    constexpr uint64_t window = flash::erased_window;
    tlm::tlm_dmi erased;
    ASSERT_TRUE(b.cpu.dmi(0x1000, erased)) << "erased flash after the image";
    EXPECT_TRUE(erased.is_read_allowed());
    EXPECT_FALSE(erased.is_write_allowed());
    EXPECT_EQ(erased.get_start_address(), 0x105u) << "the window starts where the image ends";
    EXPECT_EQ(erased.get_end_address(), window - 1);
    for (uint64_t a = 0x105; a < window; a += 0x7ff)
        EXPECT_EQ(erased.get_dmi_ptr()[a - 0x105], 0xff) << "offset " << a;
    tlm::tlm_dmi last;
    ASSERT_TRUE(b.cpu.dmi((64ull << 20) - 1, last));
    EXPECT_EQ(last.get_start_address(), (64ull << 20) - window) << "an aligned window";
    EXPECT_EQ(last.get_end_address(), (64ull << 20) - 1) << "within the bank";
    EXPECT_EQ(last.get_dmi_ptr()[window - 1], 0xff);
    tlm::tlm_dmi beyond;
    EXPECT_FALSE(b.cpu.dmi(64ull << 20, beyond)) << "nothing beyond the bank";

    // A debugger's write may move the image in host memory and turns erased
    // bytes into loaded ones: every grant goes first.
    unsigned char patch[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_TRUE(b.cpu.invalidations.empty());
    EXPECT_EQ(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x1000, patch, 8), 8u);
    ASSERT_EQ(b.cpu.invalidations.size(), 1u);
    EXPECT_EQ(b.cpu.invalidations[0], std::make_pair(uint64_t(0), uint64_t((64ull << 20) - 1)));
    ASSERT_TRUE(b.cpu.dmi(0x1000, dmi)) << "the patched bytes are loaded now";
    EXPECT_EQ(dmi.get_end_address(), 0x1007u);
    EXPECT_EQ(dmi.get_dmi_ptr()[0x1003], 4);
    ASSERT_TRUE(b.cpu.dmi(0x1008, erased));
    EXPECT_EQ(erased.get_start_address(), 0x1008u) << "erased from the image's new end";
}

// A debug write with no grant outstanding invalidates nothing.
TEST(BusFlash, DebugWriteWithoutGrantInvalidatesNothing) {
    bench b;
    vp::test::run();
    unsigned char patch[4] = {1, 2, 3, 4};
    EXPECT_EQ(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x40, patch, 4), 4u);
    EXPECT_TRUE(b.cpu.invalidations.empty());
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.cpu.dmi(0x40, dmi));
    EXPECT_EQ(b.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x40, patch, 4), 4u);
    EXPECT_EQ(b.cpu.invalidations.size(), 1u) << "a grant is outstanding now";
}
