// The same gcc-compiled programs as test_unicorn_programs, but on the
// SystemC module (vp::cpu::aarch64_cpu: TLM socket, DMI, quantum keeper)
// behind the bus router and RAM, compared with Unicorn: the whole RAM image
// and X0-X30/NZCV at the stop address. This checks the wrapper's DMI path and
// run loop on real code, not only the bare core. (The module starts at EL2,
// Unicorn at EL1; the programs do not depend on the level.) One SystemC
// elaboration per test: run through ctest or with --gtest_filter.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <systemc>

#include "program_system.h"

namespace {

using vp::xcheck::program_layout;

class program_on_module : public testing::TestWithParam<std::string> {};

TEST_P(program_on_module, same_registers_and_memory_as_unicorn) {
    using namespace sc_core;
    auto image = vp::xcheck::read_image(std::string(VP_XCHECK_PROGRAM_DIR) + "/" + GetParam() + ".bin");
    ASSERT_GT(image.size(), 16u);
    // The module resets X0 to 0: the repeat count comes from xcheck_arg.
    const uint64_t repeat = 1;
    std::memcpy(image.data() + (program_layout::arg - program_layout::ram_base), &repeat, 8);

    vp::xcheck::program_system sys(image);
    auto& ram = sys.ram;
    auto& cpu = sys.cpu;

    // Run in slices of simulated time until the CPU spins at the stop address.
    for (int slice = 0; slice < 200 && cpu.core().pc() != program_layout::stop; ++slice)
        sc_start(sc_time(1, SC_MS));
    ASSERT_EQ(cpu.core().pc(), program_layout::stop) << "did not reach the stop address";
    EXPECT_EQ(cpu.core().exceptions_taken(1) + cpu.core().exceptions_taken(2), 0u);

    const auto uc = vp::xcheck::run_on_unicorn(image, 0, 0);
    ASSERT_TRUE(uc.finished) << uc.error;
    for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(cpu.core().x(i), uc.regs[i]) << "X" << i;
    EXPECT_EQ(cpu.core().nzcv(), uc.regs[33]) << "NZCV";
    for (std::size_t i = 0; i < uc.ram.size(); ++i)
        if (ram.data()[i] != uc.ram[i]) {
            ADD_FAILURE() << "RAM differs first at 0x" << std::hex << program_layout::ram_base + i;
            break;
        }
}

INSTANTIATE_TEST_SUITE_P(unicorn_systemc, program_on_module,
                         testing::Values("sort_O2", "crc32_O2", "div64_O2", "recursion_O0", "recursion_O2",
                                         "strings_O2", "sha256_O2", "atomics_O2"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

} // namespace
