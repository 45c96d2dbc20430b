// gcc-built bare-metal C (sorting, CRC-32, 64-bit division, recursion) at
// -O0 and -O2 on the core; the result must equal the same C code compiled for
// the host. Also reports the core's speed on this compute-bound loop.
#include <ctime>
#include <cstdio>

#include <gtest/gtest.h>

#include "compute.h"
#include "core_harness.h"

using vp::test::core_harness;

namespace {

struct firmware_run {
    bool exited;
    int exit_code;
    uint64_t result;
    uint64_t instructions;
    double seconds;
    std::string console;
};

firmware_run run_firmware(const char* elf, uint32_t rounds) {
    core_harness h{elf};
    h.cpu.reset(h.image.entry);
    // Patch the number of rounds (a volatile global in firmware.c).
    const uint64_t rounds_addr = h.sym("rounds");
    std::memcpy(h.ram.data() + (rounds_addr - vp::test::ram_base), &rounds, 4);
    // Process CPU time, so that a loaded build machine does not skew the figure.
    const std::clock_t t0 = std::clock();
    while (!h.cpu.exited() && h.cpu.instructions() < 20000000000ull) h.cpu.run(100000000);
    const std::clock_t t1 = std::clock();
    return {h.cpu.exited(), h.cpu.exit_code(), h.read64(h.sym("result")), h.cpu.instructions(),
            double(t1 - t0) / CLOCKS_PER_SEC, h.console};
}

TEST(firmware, ComputeO0MatchesHost) {
    const auto r = run_firmware(CPU_TEST_PROGRAMS "/compute_O0.elf", 2);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.exit_code, 7); // main's return value through SYS_EXIT
    EXPECT_EQ(r.result, workload(2));
    EXPECT_EQ(r.console, "workload done\n");
}

TEST(firmware, ComputeO2MatchesHost) {
    const auto r = run_firmware(CPU_TEST_PROGRAMS "/compute_O2.elf", 3);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.exit_code, 7);
    EXPECT_EQ(r.result, workload(3));
}

// A gcc-built hypervisor at EL2 and guest at EL1/EL0 (programs/hyp.S, hyp.c):
// HVC services, virtual IRQs through HCR_EL2.VI taken right after the ERET,
// SVC from EL1 and EL0, an alignment fault handled by the guest. The exit
// code is the mask of failed checks.
TEST(firmware, HypervisorAndGuestScenario) {
    core_harness h{CPU_TEST_PROGRAMS "/hyp.elf"};
    h.cpu.reset(h.image.entry);
    while (!h.cpu.exited() && h.cpu.instructions() < 10000000) h.cpu.run(1000000);
    ASSERT_TRUE(h.cpu.exited());
    EXPECT_EQ(h.cpu.exit_code(), 0);
    EXPECT_EQ(h.cpu.interrupts_taken(vp::cpu::irq_kind::virq, 1), 10u);
    EXPECT_EQ(h.cpu.exceptions_taken(2), 21u); // the HVCs, the last one exits
    EXPECT_TRUE(h.warnings.empty());
}

// Not a pass/fail speed gate (host dependent): prints MIPS for the record.
TEST(firmware, ReportMipsOnComputeLoop) {
    const auto r = run_firmware(CPU_TEST_PROGRAMS "/compute_O2.elf", 200);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.result, workload(200));
    std::printf("[ MIPS     ] %.1f million instructions in %.3f s CPU time: %.1f MIPS\n", double(r.instructions) / 1e6,
                r.seconds, double(r.instructions) / 1e6 / r.seconds);
}

} // namespace
