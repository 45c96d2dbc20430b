// The vp command line: time and frequency units, defaults, and every bad
// input answered with one clear line and exit status 113 (exit_status.h).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli.h"
#include "exit_status.h"

using namespace vp::platform;
using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_NS;
using sc_core::SC_SEC;
using sc_core::SC_US;

namespace {

parse_result parse(std::vector<const char*> args, std::string* err_text = nullptr) {
    args.insert(args.begin(), "vp");
    std::ostringstream out, err;
    auto r = parse_command_line(int(args.size()), args.data(), out, err);
    if (err_text)
        *err_text = err.str();
    return r;
}

TEST(PlatformCli, TimeUnits) {
    EXPECT_EQ(parse_time("5s"), sc_time(5, SC_SEC));
    EXPECT_EQ(parse_time("200ms"), sc_time(200, SC_MS));
    EXPECT_EQ(parse_time("10us"), sc_time(10, SC_US));
    EXPECT_EQ(parse_time("1.5us"), sc_time(1500, SC_NS));
    EXPECT_THROW(parse_time("10"), std::invalid_argument) << "a time needs a unit";
    EXPECT_THROW(parse_time("ten us"), std::invalid_argument);
    EXPECT_THROW(parse_time("-1s"), std::invalid_argument);
    EXPECT_THROW(parse_time("1e9s"), std::invalid_argument) << "beyond sc_time's range";
}

TEST(PlatformCli, FrequencyUnits) {
    EXPECT_DOUBLE_EQ(parse_frequency("62.5MHz"), 62.5e6);
    EXPECT_DOUBLE_EQ(parse_frequency("1GHz"), 1e9);
    EXPECT_DOUBLE_EQ(parse_frequency("24000000"), 24e6);
    EXPECT_THROW(parse_frequency("fast"), std::invalid_argument);
    EXPECT_THROW(parse_frequency("0Hz"), std::invalid_argument);
}

TEST(PlatformCli, DefaultsMatchQemuVirt) {
    auto r = parse({"--firmware", "fw.elf"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.firmware, "fw.elf");
    EXPECT_EQ(r.opts.board.cpus, 1u);
    EXPECT_EQ(r.opts.board.timer_freq_hz, 62'500'000u);
    EXPECT_DOUBLE_EQ(r.opts.board.cpu_freq_hz, 1e9);
    EXPECT_EQ(r.opts.board.quantum, sc_time(1, SC_US));
    EXPECT_EQ(r.opts.board.gic.num_interrupts, 288u) << "256 SPIs";
    EXPECT_EQ(r.opts.board.gic.num_list_registers, 4u);
    EXPECT_EQ(r.opts.board.gic.priority_bits, 5u);
    EXPECT_TRUE(r.opts.board.gic.ppi_trigger_programmable);
    EXPECT_EQ(r.opts.board.map.ram, 0x40000000u);
    EXPECT_EQ(r.opts.board.map.ram_size, 128u << 20);
    EXPECT_EQ(r.opts.board.map.gicd, 0x08000000u);
    EXPECT_EQ(r.opts.board.map.gich, 0x08030000u);
    EXPECT_EQ(r.opts.trace_irqs, (std::vector<unsigned>{26, 27, 30}));
    EXPECT_FALSE(r.opts.max_time);
    EXPECT_TRUE(r.opts.vcd.empty());
    EXPECT_EQ(r.opts.board.map.flash0, 0x0u);
    EXPECT_EQ(r.opts.board.map.flash1, 0x04000000u);
    EXPECT_EQ(r.opts.board.psci, psci_conduit::smc) << "QEMU virt with virtualization=on uses the SMC conduit";
    EXPECT_FALSE(r.opts.board.secondaries_off) << "bare-metal firmware: every CPU starts (as before PSCI)";
    EXPECT_EQ(r.opts.serial, "stdio");
    EXPECT_FALSE(r.opts.serial_explicit);
}

TEST(PlatformCli, BootOptions) {
    auto r = parse({"--kernel", "Image", "--initrd", "rd.cpio", "--append", "console=ttyAMA0 quiet", "--ram", "4GiB",
                    "--psci", "hvc", "--serial", "null", "--dtb", "my.dtb"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.kernel, "Image");
    EXPECT_EQ(r.opts.initrd, "rd.cpio");
    EXPECT_EQ(r.opts.append, "console=ttyAMA0 quiet");
    EXPECT_EQ(r.opts.board.map.ram_size, 4ull << 30);
    EXPECT_EQ(r.opts.board.psci, psci_conduit::hvc);
    EXPECT_EQ(r.opts.serial, "null");
    EXPECT_TRUE(r.opts.serial_explicit);
    EXPECT_EQ(r.opts.dtb, "my.dtb");
    EXPECT_TRUE(r.opts.board.secondaries_off) << "a kernel brings its secondaries up with PSCI CPU_ON";
    r = parse({"--kernel", "Image", "--secondaries", "run"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_FALSE(r.opts.board.secondaries_off);
    r = parse({"--firmware", "fw.elf", "--secondaries", "off", "--psci", "none"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_TRUE(r.opts.board.secondaries_off);
    EXPECT_EQ(r.opts.board.psci, psci_conduit::none);
    r = parse({"--bios", "u-boot.bin"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.bios, "u-boot.bin");
    r = parse({"--dump-dtb", "vp.dtb"});
    EXPECT_FALSE(r.exit_code) << "dumping the DTB needs no image";
}

TEST(PlatformCli, AllOptions) {
    auto r = parse({"fw.elf", "--vcd", "t.vcd", "--trace-irq", "27,33", "--max-time", "5ms", "--quantum", "100ns",
                    "--cpu-freq", "500MHz", "--timer-freq", "1MHz", "--cpus", "2", "--quiet"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.firmware, "fw.elf") << "the firmware may be positional";
    EXPECT_EQ(r.opts.vcd, "t.vcd");
    EXPECT_EQ(r.opts.trace_irqs, (std::vector<unsigned>{27, 33}));
    EXPECT_EQ(*r.opts.max_time, sc_time(5, SC_MS));
    EXPECT_EQ(r.opts.board.quantum, sc_time(100, SC_NS));
    EXPECT_DOUBLE_EQ(r.opts.board.cpu_freq_hz, 500e6);
    EXPECT_EQ(r.opts.board.timer_freq_hz, 1'000'000u);
    EXPECT_EQ(r.opts.board.cpus, 2u);
    EXPECT_TRUE(r.opts.quiet);
}

TEST(PlatformCli, BadInputIsOneLineAndItsOwnStatus) {
    const std::vector<std::vector<const char*>> bad = {
        {},
        {"fw.elf", "--max-time", "5"},
        {"fw.elf", "--quantum", "0us"},
        {"fw.elf", "--cpus", "0"},
        {"fw.elf", "--cpus", "9"},
        {"fw.elf", "--trace-irq", "27,x"},
        {"fw.elf", "--trace-irq", "1020"},
        {"fw.elf", "--bogus"},
        {"fw.elf", "--cpu-freq", "0.5Hz"},
        {"fw.elf", "--gic-spis", "200"},
        {"fw.elf", "--gic-spis", "0"},
        {"fw.elf", "--gic-list-registers", "0"},
        {"fw.elf", "--gic-list-registers", "65"},
        {"fw.elf", "--gic-priority-bits", "3"},
        {"fw.elf", "--gic-ppi-trigger-programmable", "maybe"},
        {"fw.elf", "--ram", "0"},
        {"fw.elf", "--ram", "12parsecs"},
        {"fw.elf", "--map-gicd", "0x40000000"},
        {"fw.elf", "--map-uart", "nowhere"},
        {"fw.elf", "--config", "/no/such/file.cfg"},
        // issue 16: empty values were ignored; huge frequencies hung or
        // ended as an internal error.
        {"fw.elf", "--vcd", ""},
        {"fw.elf", "--max-time", ""},
        {"fw.elf", "--max-time", "0s"},
        {"fw.elf", "--quantum", ""},
        {"fw.elf", "--quantum", "2s"},
        {"fw.elf", "--cpu-freq", "3000GHz"},
        {"fw.elf", "--cpu-freq", "1e20"},
        {"fw.elf", "--timer-freq", "4294967296"},
        {"fw.elf", "--timer-freq", "1e20"},
        {"fw.elf", "--timer-freq", "1.5Hz"},
        {"fw.elf", "--timer-freq", "nan"},
        {"fw.elf", "--cpus", "-1"},
        {"fw.elf", "--cpus", "99999999999999999999"},
        {"fw.elf", "--log-level", "loud"},
        {"fw.elf", "--log-cap", "-1"},
        {"fw.elf", "--log-cap", "12x"},
        {"fw.elf", "--log-cap", "99999999999999999999999"},
        {"fw.elf", "--kernel", "Image"},
        {"--bios", "b.bin", "--kernel", "Image"},
        {"--bios", "b.bin", "--initrd", "rd"},
        {"fw.elf", "--ram", "1000"},
        {"fw.elf", "--psci", "smc64"},
        {"fw.elf", "--secondaries", "maybe"},
        {"fw.elf", "--map-flash1", "0x40000000"},
    };
    for (const auto& args : bad) {
        std::string err;
        auto r = parse(args, &err);
        ASSERT_TRUE(r.exit_code) << (args.empty() ? "(no args)" : args.back());
        EXPECT_EQ(*r.exit_code, exit_status::bad_command_line);
        EXPECT_EQ(err.rfind("vp: ", 0), 0u) << err;
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    }
}

TEST(PlatformCli, SizesAndNumbers) {
    EXPECT_EQ(parse_size("128MiB"), 128u << 20);
    EXPECT_EQ(parse_size("4GiB"), 4ull << 30);
    EXPECT_EQ(parse_size("1.5KiB"), 1536u);
    EXPECT_EQ(parse_size("4096"), 4096u);
    EXPECT_THROW(parse_size("1.5"), std::invalid_argument) << "not a whole number of bytes";
    EXPECT_THROW(parse_size("12 parsecs"), std::invalid_argument);
    EXPECT_EQ(parse_u64("0x08000000"), 0x08000000u);
    EXPECT_EQ(parse_u64("4096"), 4096u);
    EXPECT_THROW(parse_u64("-1"), std::invalid_argument);
    EXPECT_THROW(parse_u64("0x10g"), std::invalid_argument);
}

TEST(PlatformCli, EveryBoardParameter) {
    auto r = parse({"fw.elf", "--gic-spis", "960", "--gic-list-registers", "16", "--gic-priority-bits", "8",
                    "--gic-ppi-trigger-programmable", "false", "--ram", "1GiB", "--map-ram", "0x80000000",
                    "--map-gicd", "0x2c001000", "--map-gicc", "0x2c002000", "--map-gich", "0x2c004000",
                    "--map-gicv", "0x2c006000", "--map-uart", "0x1c090000", "--map-cnt-control", "0x2a430000",
                    "--map-cnt-read", "0x2a800000"});
    ASSERT_FALSE(r.exit_code);
    const auto& b = r.opts.board;
    EXPECT_EQ(b.gic.num_interrupts, 992u);
    EXPECT_EQ(b.gic.num_list_registers, 16u);
    EXPECT_EQ(b.gic.priority_bits, 8u);
    EXPECT_FALSE(b.gic.ppi_trigger_programmable);
    EXPECT_EQ(b.map.ram_size, 1ull << 30);
    EXPECT_EQ(b.map.ram, 0x80000000u);
    EXPECT_EQ(b.map.gicd, 0x2c001000u);
    EXPECT_EQ(b.map.gicc, 0x2c002000u);
    EXPECT_EQ(b.map.gich, 0x2c004000u);
    EXPECT_EQ(b.map.gicv, 0x2c006000u);
    EXPECT_EQ(b.map.uart, 0x1c090000u);
    EXPECT_EQ(b.map.cnt_control, 0x2a430000u);
    EXPECT_EQ(b.map.cnt_read, 0x2a800000u);
}

TEST(PlatformCli, ConfigFileAndCommandLineWins) {
    const std::string path = testing::TempDir() + "vp_cli_test.cfg";
    {
        std::ofstream f(path);
        f << "# a board like a GIC-400 SoC\n"
             "cpus = 4\n"
             "gic-spis = 64\n"
             "gic-list-registers = 8\n"
             "timer-freq = 24MHz\n"
             "map-gicd = 0x2c001000\n"
             "firmware = from-config.elf\n";
    }
    auto r = parse({"--config", path.c_str(), "--cpus", "2"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.board.cpus, 2u) << "the command line wins over the file";
    EXPECT_EQ(r.opts.board.gic.num_interrupts, 96u);
    EXPECT_EQ(r.opts.board.gic.num_list_registers, 8u);
    EXPECT_EQ(r.opts.board.timer_freq_hz, 24'000'000u);
    EXPECT_EQ(r.opts.board.map.gicd, 0x2c001000u);
    EXPECT_EQ(r.opts.firmware, "from-config.elf");

    {
        std::ofstream f(path);
        f << "cpuz = 2\n";
    }
    std::string err;
    r = parse({"--config", path.c_str(), "fw.elf"}, &err);
    ASSERT_TRUE(r.exit_code);
    EXPECT_EQ(*r.exit_code, exit_status::bad_command_line);
    EXPECT_NE(err.find("cpuz"), std::string::npos) << err;
}

TEST(PlatformCli, HelpListsEveryParameterWithItsDefault) {
    std::vector<const char*> args = {"vp", "--help"};
    std::ostringstream out, err;
    auto r = parse_command_line(int(args.size()), args.data(), out, err);
    ASSERT_TRUE(r.exit_code);
    const std::string help = out.str();
    for (const char* expected :
         {"--cpus N (=1)", "--cpu-freq FREQ (=1GHz)", "--timer-freq FREQ (=62.5MHz)", "--quantum TIME (=1us)",
          "--ram SIZE (=128MiB)", "--gic-spis N (=256)", "--gic-list-registers N (=4)", "--gic-priority-bits N (=5)",
          "--gic-ppi-trigger-programmable BOOL (=true)", "--map-ram ADDR (=0x40000000)",
          "--map-gicd ADDR (=0x08000000)", "--map-gicc ADDR (=0x08010000)", "--map-gich ADDR (=0x08030000)",
          "--map-gicv ADDR (=0x08040000)", "--map-uart ADDR (=0x09000000)", "--map-cnt-control ADDR (=0x09100000)",
          "--map-cnt-read ADDR (=0x09110000)", "--config"})
        EXPECT_NE(help.find(expected), std::string::npos) << expected << "\n" << help;
}

TEST(PlatformCli, LimitsAreAccepted) {
    auto r = parse({"fw.elf", "--cpu-freq", "100GHz", "--timer-freq", "4294967295", "--log-cap", "0",
                    "--log-level", "debug"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_DOUBLE_EQ(r.opts.board.cpu_freq_hz, 100e9);
    EXPECT_EQ(r.opts.board.timer_freq_hz, 4294967295u);
    EXPECT_EQ(r.opts.log_cap, 0u);
    EXPECT_EQ(r.opts.log_level, vp::log::level::debug);
}

// A firmware's exit code passes through unless vp's reserved block or the
// 8-bit status cannot carry it.
TEST(PlatformExitStatus, GuestCodesNeverLookLikeVpsOwn) {
    EXPECT_EQ(exit_status::from_guest(0), 0);
    EXPECT_EQ(exit_status::from_guest(2), 2);
    EXPECT_EQ(exit_status::from_guest(111), 111);
    EXPECT_EQ(exit_status::from_guest(128), 128);
    EXPECT_EQ(exit_status::from_guest(255), 255);
    for (int vp_own : {exit_status::bad_command_line, exit_status::bad_input_file, exit_status::max_time_reached,
                       exit_status::idle_forever, exit_status::exception_loop, exit_status::internal_error}) {
        EXPECT_GE(vp_own, exit_status::reserved_first);
        EXPECT_LE(vp_own, exit_status::reserved_last);
        EXPECT_EQ(exit_status::from_guest(vp_own), exit_status::guest_code_unrepresentable);
    }
    EXPECT_EQ(exit_status::from_guest(-1), exit_status::guest_code_unrepresentable);
    EXPECT_EQ(exit_status::from_guest(256), exit_status::guest_code_unrepresentable) << "would wrap to 0";
}

TEST(PlatformCli, HelpExitsZero) {
    auto r = parse({"--help"});
    ASSERT_TRUE(r.exit_code);
    EXPECT_EQ(*r.exit_code, 0);
}

} // namespace

namespace {

// The message of the bad command line `args` (one line, status 113).
std::string rejection(std::vector<const char*> args) {
    std::string err;
    auto r = parse(std::move(args), &err);
    EXPECT_TRUE(r.exit_code);
    if (r.exit_code) {
        EXPECT_EQ(*r.exit_code, exit_status::bad_command_line) << err;
    }
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    return err;
}

} // namespace

// issue 15: the VCD window, in simulated time or from a trigger.
TEST(PlatformCli, VcdWindowStartAndStop) {
    EXPECT_EQ(parse_vcd_start("950ms").start, sc_time(950, SC_MS));
    EXPECT_EQ(parse_vcd_start("1.2s").start, sc_time(1200, SC_MS));
    EXPECT_EQ(parse_vcd_start("500us").start_on, vcd_window::trigger::time);
    const vcd_window lr = parse_vcd_start("lr-hw:27");
    EXPECT_EQ(lr.start_on, vcd_window::trigger::lr_hw);
    EXPECT_EQ(lr.intid, 27u);
    const vcd_window irq = parse_vcd_start("irq:33");
    EXPECT_EQ(irq.start_on, vcd_window::trigger::irq);
    EXPECT_EQ(irq.intid, 33u);
    for (const char* bad : {"950", "soon", "", "-1ms", "lr-hw:", "lr-hw:1020", "irq:x", "irq:27us", "lr:27"})
        EXPECT_THROW(parse_vcd_start(bad), std::invalid_argument) << bad;

    vcd_window w;
    parse_vcd_stop("952ms", w);
    EXPECT_EQ(*w.stop, sc_time(952, SC_MS));
    EXPECT_FALSE(w.stop_after_start);
    parse_vcd_stop("+2ms", w);
    EXPECT_EQ(*w.stop, sc_time(2, SC_MS));
    EXPECT_TRUE(w.stop_after_start);
    for (const char* bad : {"+0s", "+", "2", "+-1ms", "later"})
        EXPECT_THROW(parse_vcd_stop(bad, w), std::invalid_argument) << bad;

    auto r = parse({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "lr-hw:27", "--vcd-stop", "+1.5ms"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.vcd_window.start_on, vcd_window::trigger::lr_hw);
    EXPECT_EQ(*r.opts.vcd_window.stop, sc_time(1500, SC_US));
    EXPECT_TRUE(r.opts.vcd_window.stop_after_start);
    r = parse({"fw.elf", "--vcd", "t.vcd"});
    ASSERT_FALSE(r.exit_code);
    EXPECT_EQ(r.opts.vcd_window.start, sc_core::SC_ZERO_TIME) << "by default the whole run";
    EXPECT_FALSE(r.opts.vcd_window.stop);
    // A trigger may come before an absolute stop: not known before the run.
    EXPECT_FALSE(parse({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "irq:27", "--vcd-stop", "1ms"}).exit_code);
}

TEST(PlatformCli, VcdWindowErrorsNameTheProblem) {
    EXPECT_NE(rejection({"fw.elf", "--vcd-start", "1ms"}).find("--vcd-start needs --vcd FILE"), std::string::npos);
    EXPECT_NE(rejection({"fw.elf", "--vcd-stop", "1ms"}).find("--vcd-stop needs --vcd FILE"), std::string::npos);
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "2ms", "--vcd-stop", "1ms"})
                  .find("--vcd-stop 1ms is not after --vcd-start 2ms"),
              std::string::npos);
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "2ms", "--vcd-stop", "2ms"}).find("is not after"),
              std::string::npos)
        << "an empty window";
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "950"}).find("invalid time '950'"),
              std::string::npos);
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "lr-hw:1020"}).find("0..1019"),
              std::string::npos);
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-stop", "+0ms"}).find("longer than zero"),
              std::string::npos);
    // 256 SPIs by default: INTIDs 0..287.
    EXPECT_NE(rejection({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "irq:500"}).find("INTID 500 is not implemented"),
              std::string::npos);
    EXPECT_FALSE(parse({"fw.elf", "--vcd", "t.vcd", "--vcd-start", "irq:500", "--gic-spis", "480"}).exit_code);
}
