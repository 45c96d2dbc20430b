// aarch64_cpu running boot code from flash (vp::bus::flash behind the router,
// as `vp --bios`): the flash grants read-only DMI, so fetches and data reads
// need no transaction, and a debugger's write to the flash (a patched
// instruction) is executed afterwards: its invalidation drops the CPU's
// pointer.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "bus/flash.h"
#include "bus/router.h"
#include "cpu/aarch64_cpu.h"

using namespace sc_core;

namespace {

// At 0:  LDR W1, data; MOVZ X0, #0; loop: ADD X0, X0, #1; B loop; data: 0x12345678
constexpr uint32_t program[] = {0x18000081, 0xd2800000, 0x91000400, 0x17ffffff, 0x12345678};
constexpr uint64_t add_insn = 0x8;
constexpr uint32_t add_0x100 = 0x91040000;  // ADD X0, X0, #0x100
constexpr uint32_t add_0x1000 = 0x91400400; // ADD X0, X0, #1, LSL #12

// A debugger's port on the router: transport_dbg only.
struct debugger : sc_module {
    tlm_utils::simple_initiator_socket<debugger> socket{"socket"};
    explicit debugger(sc_module_name n) : sc_module(n) {}
    unsigned write(uint64_t addr, uint32_t v) {
        tlm::tlm_generic_payload t;
        t.set_command(tlm::TLM_WRITE_COMMAND);
        t.set_address(addr);
        t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
        t.set_data_length(4);
        t.set_streaming_width(4);
        return socket->transport_dbg(t);
    }
};

struct flash_board {
    vp::bus::router bus{"bus"};
    vp::bus::flash flash{"flash", 64ull << 20};
    vp::cpu::aarch64_cpu cpu{"cpu"};
    debugger gdb{"gdb"};
    sc_signal<bool> irq{"irq"}, fiq{"fiq"}, virq{"virq"}, vfiq{"vfiq"};

    flash_board() {
        EXPECT_TRUE(flash.load(0, reinterpret_cast<const uint8_t*>(program), sizeof program));
        bus.initiator_socket.bind(flash.socket);
        bus.map(0, 64ull << 20, 0, "flash0");
        cpu.socket.bind(bus.target_socket);
        gdb.socket.bind(bus.target_socket);
        cpu.irq(irq);
        cpu.fiq(fiq);
        cpu.virq(virq);
        cpu.vfiq(vfiq);
    }
};

} // namespace

TEST(aarch64_cpu, RunsFromFlashThroughReadOnlyDmiAndSeesADebuggerPatch) {
    flash_board b;
    sc_start(sc_time(10, SC_US));
    EXPECT_EQ(b.cpu.core().x(1), 0x12345678u) << "a data read from the flash";
    const uint64_t before = b.cpu.core().x(0);
    EXPECT_GT(before, 1000u) << "the loop ran";
    EXPECT_EQ(b.cpu.device_accesses(), 0u) << "fetches and reads of the flash need no transaction";

    ASSERT_EQ(b.gdb.write(add_insn, add_0x100), 4u);
    sc_start(sc_time(10, SC_US));
    const uint64_t after = b.cpu.core().x(0);
    EXPECT_GT(after, before + 0x100 * 1000) << "the patched ADD runs";
    EXPECT_EQ((after - before) % 0x100, 0u) << "and only it, from the first loop trip after the patch";

    // A write past the loaded image grows it (it may move in host memory);
    // the CPU must not keep reading the old copy.
    ASSERT_EQ(b.gdb.write(1 << 20, 0), 4u);
    ASSERT_EQ(b.gdb.write(add_insn, add_0x1000), 4u);
    sc_start(sc_time(10, SC_US));
    const uint64_t last = b.cpu.core().x(0);
    EXPECT_GT(last, after + 0x1000 * 1000);
    EXPECT_EQ((last - after) % 0x1000, 0u);
}
