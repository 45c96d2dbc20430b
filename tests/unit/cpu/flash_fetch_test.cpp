// aarch64_cpu running boot code from flash (vp::bus::flash behind the router,
// as `vp --bios`): the flash grants read-only DMI, so fetches and data reads
// need no transaction, the core decodes the code of its whole pages once and
// runs it by blocks (core::map_rom), and a debugger's write to the flash (a
// patched instruction) is executed afterwards: its invalidation drops the
// CPU's pointer and the decoded code.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "bus/flash.h"
#include "bus/memory.h"
#include "bus/router.h"
#include "cpu/aarch64_cpu.h"
#include "quiet_core_env.h"

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

// The CPU and a debugger on the router, the CPU's interrupt inputs on
// signals nobody drives.
struct cpu_on_bus {
    vp::cpu::aarch64_cpu cpu{"cpu"};
    debugger gdb{"gdb"};
    sc_signal<bool> irq{"irq"}, fiq{"fiq"}, virq{"virq"}, vfiq{"vfiq"};

    void attach(vp::bus::router& bus) {
        cpu.socket.bind(bus.target_socket);
        gdb.socket.bind(bus.target_socket);
        cpu.irq(irq);
        cpu.fiq(fiq);
        cpu.virq(virq);
        cpu.vfiq(vfiq);
    }
};

struct flash_board : cpu_on_bus {
    vp::bus::router bus{"bus"};
    vp::bus::flash flash{"flash", 64ull << 20};

    flash_board() {
        EXPECT_TRUE(flash.load(0, reinterpret_cast<const uint8_t*>(program), sizeof program));
        bus.initiator_socket.bind(flash.socket);
        bus.map(0, 64ull << 20, 0, "flash0");
        attach(bus);
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

// ---- Code in flash runs from the core's decoded pages (core::map_rom) ----
//
// The image padded past one 4 KiB page: the wrapper gives the core the
// whole pages of the read-only region (a partial page keeps the per-fetch
// path, as the tests above with the 20-byte image show).

namespace {

std::vector<uint32_t> padded(std::initializer_list<uint32_t> words) {
    std::vector<uint32_t> image(words);
    image.resize(2048, 0); // 8 KiB
    return image;
}

// A device whose register write patches the flash through the debugger's
// port from inside the CPU's running store, then grows the image (which
// moves it in host memory).
struct patching_device : sc_module {
    tlm_utils::simple_target_socket<patching_device> socket{"socket"};
    debugger* gdb = nullptr;
    uint64_t patch_addr = 0;
    uint32_t patch_word = 0;
    unsigned writes = 0;
    explicit patching_device(sc_module_name n) : sc_module(n) {
        socket.register_b_transport(this, &patching_device::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_time&) {
        if (t.is_write()) {
            ++writes;
            EXPECT_EQ(gdb->write(patch_addr, patch_word), 4u);
            EXPECT_EQ(gdb->write(2 << 20, 0), 4u);
        }
        t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct decoded_flash_board : cpu_on_bus {
    vp::bus::router bus{"bus"};
    vp::bus::flash flash{"flash", 64ull << 20};
    patching_device dev{"dev"};
    vp::bus::memory ram{"ram", 1 << 20};

    explicit decoded_flash_board(const std::vector<uint32_t>& image) {
        EXPECT_TRUE(flash.load(0, reinterpret_cast<const uint8_t*>(image.data()), 4 * image.size()));
        bus.initiator_socket.bind(flash.socket);
        bus.initiator_socket.bind(dev.socket);
        bus.initiator_socket.bind(ram.socket);
        bus.map(0, 64ull << 20, 0, "flash0");
        bus.map(0x09000000, 0x1000, 1, "dev");
        bus.map(0x40000000, 1 << 20, 2, "ram");
        dev.gdb = &gdb;
        attach(bus);
    }
};

} // namespace

// Without the read-only window every execution decodes again (one decode
// per instruction). Counts and times are those of the per-fetch path: one
// instruction per 1 ns cycle, no fetch latency.
TEST(aarch64_cpu, FlashCodeIsDecodedOnceAndRunsByBlocks) {
    decoded_flash_board b(padded({0x18000081, 0xd2800000, 0x91000400, 0x17ffffff, 0x12345678}));
    sc_start(sc_time(10, SC_US));
    EXPECT_EQ(b.cpu.core().x(1), 0x12345678u) << "a data read from the flash";
    EXPECT_EQ(b.cpu.device_accesses(), 0u);
    EXPECT_EQ(b.cpu.instructions(), 10000u) << "1 GHz for 10 us";
    EXPECT_EQ(b.cpu.core().x(0), (10000u - 2) / 2) << "LDR, MOVZ, then ADD and B";
    EXPECT_LE(b.cpu.core().decode_count(), 4u) << "each word decoded once";
}

// A debugger's patch drops the decoded flash code: the patched instruction
// runs from the next loop trip, and decoded again from the new image (also
// after the image grew and moved in host memory). The program stores to RAM
// first, so that the CPU holds RAM's DMI too (it then asks for no DMI
// between runs by itself: only the invalidation can drop the decoded code).
TEST(aarch64_cpu, DebuggerPatchOfDecodedFlashCodeRuns) {
    // LDR W1, lit; MOVZ X0, #0; MOVZ X5, #0x4000, LSL #16; STR W1, [X5];
    // loop: ADD X0, X0, #1; B loop; lit: 0x12345678
    decoded_flash_board b(
        padded({0x180000c1, 0xd2800000, 0xd2a80005, 0xb90000a1, 0x91000400, 0x17ffffff, 0x12345678}));
    constexpr uint64_t loop_add = 0x10;
    sc_start(sc_time(10, SC_US));
    EXPECT_EQ(b.ram.data()[0], 0x78) << "RAM was written";
    const uint64_t before = b.cpu.core().x(0);
    EXPECT_EQ(before, (10000u - 4) / 2);
    const uint64_t decodes = b.cpu.core().decode_count();
    ASSERT_EQ(b.gdb.write(loop_add, add_0x100), 4u);
    sc_start(sc_time(10, SC_US));
    const uint64_t after = b.cpu.core().x(0);
    EXPECT_EQ(after - before, 0x100u * 5000) << "the patched ADD, from the first loop trip";
    // The first fetch after the invalidation goes over the bus (it asks for
    // DMI again); then the new image is decoded once.
    EXPECT_LE(b.cpu.core().decode_count() - decodes, 4u);

    ASSERT_EQ(b.gdb.write(1 << 20, 0), 4u); // grows (moves) the image
    ASSERT_EQ(b.gdb.write(loop_add, add_0x1000), 4u);
    const uint64_t decodes2 = b.cpu.core().decode_count();
    sc_start(sc_time(10, SC_US));
    EXPECT_EQ(b.cpu.core().x(0) - after, 0x1000u * 5000);
    EXPECT_LE(b.cpu.core().decode_count() - decodes2, 4u);
    EXPECT_EQ(b.cpu.instructions(), 30000u);
}

// The flash changes while an instruction of a block runs (the store reaches
// a device that patches the next instruction and moves the image): the
// next instruction is the new one, not the decoded old one, and nothing
// reads the old image (a sanitizer build would see it).
TEST(aarch64_cpu, FlashPatchedInsideARunningBlockRunsNext) {
    // MOVZ X2, #0x0900, LSL #16; STR W1, [X2]; MOVZ X3, #1; B .
    decoded_flash_board b(padded({0xd2a12002, 0xb9000041, 0xd2800023, 0x14000000}));
    b.dev.patch_addr = 8;
    b.dev.patch_word = 0xd2800043; // MOVZ X3, #2
    sc_start(sc_time(10, SC_US));
    EXPECT_EQ(b.dev.writes, 1u);
    EXPECT_EQ(b.cpu.core().x(3), 2u) << "the patched word runs right after the store";
    EXPECT_EQ(b.cpu.instructions(), 10000u);
    EXPECT_LE(b.cpu.core().decode_count(), 8u) << "the loop runs from decoded pages again";
}

// ---- the bare core's read-only window ----

namespace {

constexpr uint64_t core_ram_base = 0x40000000, core_ram_size = 1 << 20;

// Fetches outside RAM and the window come from `rom` over the "bus".
struct rom_env : vp::test::quiet_core_env {
    const std::vector<uint8_t>* rom = nullptr;
    unsigned fetches = 0;
    bool bus_read(uint64_t addr, void* data, unsigned size, bool fetch) override {
        if (!rom || addr + size > rom->size()) return false;
        fetches += fetch;
        std::memcpy(data, rom->data() + addr, size);
        return true;
    }
};

struct core_rom_run {
    uint64_t icount, x0, x1, pc, decodes;
    unsigned fetches;
};

// A loop over the boundary of ROM pages 0 and 1 (ADD X0 at 0xff8, ADD X1 at
// 0xffc, B back at 0x1000), run at EL1 with stage 1 translation on
// (identity: a 1 GiB Normal block over the ROM, one over RAM) or off.
core_rom_run run_rom_loop(bool window, bool mmu) {
    std::vector<uint8_t> rom(2 * 4096, 0);
    std::vector<uint8_t> ram(core_ram_size, 0);
    const auto w32 = [&](uint64_t a, uint32_t v) { std::memcpy(&rom[a], &v, 4); };
    w32(0xff8, 0x91000400); // ADD X0, X0, #1
    w32(0xffc, 0x91000421); // ADD X1, X1, #1
    w32(0x1000, 0x17fffffe); // B .-8
    rom_env env;
    env.rom = &rom;
    vp::cpu::core c{vp::cpu::core_config{}, &env};
    c.map_ram(ram.data(), core_ram_base, core_ram_size);
    if (window) c.map_rom(rom.data(), 0, rom.size());
    c.reset(0xff8);
    if (mmu) {
        const uint64_t l1 = core_ram_base, block = 1, af = 1u << 10, normal = 1u << 2;
        const uint64_t d0 = 0 | block | af | normal, d1 = core_ram_base | block | af | normal;
        std::memcpy(&ram[0], &d0, 8);
        std::memcpy(&ram[8], &d1, 8);
        auto& s = c.state();
        s.sys.tcr_el1 = 25 | (1ull << 23) | (5ull << 32); // T0SZ 25, EPD1, IPS 48
        s.sys.ttbr0_el1 = l1;
        s.sys.mair_el1 = 0xff00;
        s.sys.sctlr_el1 |= 1;
        c.set_el(1, true);
        c.translation_changed();
    }
    c.run(3000);
    return {c.instructions(), c.x(0), c.x(1), c.pc(), c.decode_count(), env.fetches};
}

} // namespace

TEST(core_rom, LoopAcrossRomPagesRunsDecodedWithTheSameCounts) {
    for (bool mmu : {false, true}) {
        SCOPED_TRACE(mmu ? "translation on" : "translation off");
        const core_rom_run bus = run_rom_loop(false, mmu);
        const core_rom_run rom = run_rom_loop(true, mmu);
        EXPECT_EQ(bus.fetches, 3000u) << "reference: one fetch per instruction";
        EXPECT_EQ(rom.icount, bus.icount);
        EXPECT_EQ(rom.x0, bus.x0);
        EXPECT_EQ(rom.x1, bus.x1);
        EXPECT_EQ(rom.pc, bus.pc);
        EXPECT_EQ(rom.x0, 1000u);
        EXPECT_EQ(rom.fetches, 0u) << "no fetch over the bus";
        EXPECT_EQ(rom.decodes, 3u) << "each word decoded once";
    }
}

// unmap_rom() from the environment inside a running instruction (the
// wrapper's DMI invalidation while a store waits in a bus access): the next
// instruction comes from the bus, i.e. the new contents.
TEST(core_rom, UnmapInsideAnInstructionTakesEffectBeforeTheNext) {
    struct env_t : rom_env {
        vp::cpu::core* c = nullptr;
        std::vector<uint8_t>* image = nullptr;
        bool bus_write(uint64_t, const void*, unsigned) override {
            c->unmap_rom();
            const uint32_t movz_x3_2 = 0xd2800043;
            std::vector<uint8_t> moved(*image);
            std::memcpy(&moved[8], &movz_x3_2, 4);
            image->swap(moved); // the old buffer is freed here
            return true;
        }
    } env;
    std::vector<uint8_t> rom(4096, 0);
    const uint32_t code[] = {0xd2a12002, 0xb9000041, 0xd2800023, 0x14000000}; // see above
    std::memcpy(rom.data(), code, sizeof code);
    env.rom = &rom;
    env.image = &rom;
    vp::cpu::core c{vp::cpu::core_config{}, &env};
    env.c = &c;
    c.map_rom(rom.data(), 0, rom.size());
    c.reset(0);
    const auto r = c.run(100);
    EXPECT_EQ(r.executed, 100u);
    EXPECT_EQ(c.x(3), 2u);
    EXPECT_FALSE(c.rom_mapped());
    EXPECT_EQ(env.fetches, 100u - 2) << "after the store every fetch goes to the bus";
    c.map_rom(rom.data(), 0, rom.size());
    c.run(100);
    EXPECT_EQ(env.fetches, 100u - 2) << "mapped again: decoded";
    EXPECT_EQ(c.instructions(), 200u);
}

// Code in flash reads erased flash (as U-Boot scans its environment): the
// erased bytes are granted by windows, and the CPU keeps the code's grant
// beside the window's, so the code stays decoded and only the first read of
// each window is a transaction.
TEST(aarch64_cpu, ReadsErasedFlashThroughDmiWindowsWhileRunningFromFlash) {
    // MOVZ X2, #0x10, LSL #16; MOVZ X0, #0;
    // loop: LDRB W1, [X2]; ADD X2, X2, #0x100; ADD X0, X0, #1; B loop
    decoded_flash_board b(padded({0xd2a00202, 0xd2800000, 0x39400041, 0x91040042, 0x91000400, 0x17fffffd}));
    sc_start(sc_time(20, SC_US));
    const uint64_t reads = b.cpu.core().x(0);
    EXPECT_EQ(b.cpu.core().x(1), 0xffu) << "erased flash reads as ones";
    ASSERT_GT(reads, 2000u) << "the loop ran";
    const uint64_t windows = reads * 0x100 / vp::bus::flash::erased_window + 1;
    EXPECT_LE(b.cpu.device_accesses(), windows + 1)
        << "one transaction per window of erased flash (" << windows << " windows, " << reads << " reads)";
    EXPECT_LE(b.cpu.core().decode_count(), 8u) << "the code stays decoded while windows are granted";
    EXPECT_EQ(b.cpu.instructions(), 20000u);
}
