// iss_bench: speed of the AArch64 core (vp::cpu::core) against Unicorn 2.0.1
// on compute-bound gcc -O2 firmware loops (issue 5, "Timing and speed": aim
// for >= 150 MIPS). Not a test: it prints a table.
//
//   iss_bench [--minsns N] [--program-dir DIR] [--core-only flat|mmu]
//
// --core-only runs only our core (MMU off or on; no Unicorn, no SystemC row)
// and prints how many guest instructions the process executed on it, for a
// host-instruction count per guest instruction under callgrind:
//   valgrind --tool=callgrind --toggle-collect='vp::cpu::core::run*'
//            build/bench/iss_bench --minsns 10 --core-only flat
//
// A last row runs the CRC image on the SystemC module (vp::cpu::aarch64_cpu
// with its default 1 us quantum, RAM through a router and DMI) for N
// million simulated cycles: the speed a platform user sees.
//
// Each workload runs with a repeat count chosen so that it executes about N
// million instructions (default 300) on our core; the same image with the
// same repeat count then runs under Unicorn, and the results (X0 and RAM)
// must agree. MIPS = instructions executed by our core / host seconds
// (Unicorn executes the same instructions; it does not count them itself),
// timed in host CPU time of the thread so that a busy machine disturbs the
// figures less than wall time would.
// The core runs bare (no SystemC): this is the ISS's own speed. "MMU MIPS"
// runs the same image on our core with stage 1 translation on (identity map
// by 4 KiB Normal pages, program_runner's mmu_prologue): every fetch and
// data access goes through the soft TLB; its results must match the flat run.
#include <algorithm>
#include <ctime>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <systemc>

#include "program_system.h"

namespace {

struct workload {
    const char* name; // image name (bench build dir) and description
    const char* what;
    bool fp = false;  // FP workload (built without -mgeneral-regs-only): not in the integer "all" row
};

const workload workloads[] = {
    {"crc32_O2", "CRC-32 table-driven, 8 KiB per repeat"},
    {"sort_O2", "quick/heap/insertion sort, 1024 elements"},
    {"div64_O2", "64/32-bit div/mod edge cases + random"},
    {"recursion_O2", "Ackermann, fib, hanoi, permutations"},
    {"strings_O2", "memcpy/memmove/memset/memcmp, itoa"},
    {"sha256_O2", "SHA-256 of 4 KiB per repeat"},
    {"fpbench_O2", "double dot product (FMADD) + n-body steps", true},
    {"simd_O3", "SIMD: vectorised int loops, NEON, AES/SHA", true},
    {"vcopy_O3", "SIMD: 16 KiB block copies/fills, checksums", true},
};

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The CRC workload on the SystemC CPU module for `cycles` instructions.
// Returns the instructions its core executed.
uint64_t systemc_row(const std::vector<uint8_t>& image, double target_m) {
    using namespace sc_core;
    using vp::xcheck::program_layout;
    vp::xcheck::program_system sys(image);
    auto& ram = sys.ram;
    auto& cpu = sys.cpu;
    const auto p = cpu.parameters();
    const uint64_t forever = ~uint64_t(0) >> 1; // repeat count: runs past the measurement
    std::memcpy(ram.data() + (program_layout::arg - program_layout::ram_base), &forever, 8);
    const sc_time run_for = p.clock_period * (target_m * 1e6);
    const double t0 = thread_cpu_seconds();
    sc_start(run_for);
    const double secs = thread_cpu_seconds() - t0;
    const double insns = static_cast<double>(cpu.instructions());
    std::printf("%-14s %-40s %8s %10.1f %9.3f %9.1f %9s %7s\n", "crc32_O2", "SystemC aarch64_cpu, 1 us quantum, DMI", "-",
                insns / 1e6, secs, insns / secs / 1e6, "-", "-");
    if (cpu.core().exceptions_taken(1) + cpu.core().exceptions_taken(2) != 0)
        std::printf("  (the firmware took an exception: PC=0x%llx, the figure is not the workload's)\n",
                    static_cast<unsigned long long>(cpu.core().pc()));
    return cpu.instructions();
}

// Our core only, MMU off or on: MIPS per workload and the number of guest
// instructions executed on the core by the whole process (calibration runs
// included), the divisor for a callgrind count of core::run.
int core_only_table(const std::string& dir, double target_m, bool mmu) {
    std::printf("iss_bench --core-only %s\n\n%-14s %8s %10s %9s %9s\n", mmu ? "mmu" : "flat", "workload", "repeat",
                "Minsns", "ours s", "MIPS");
    uint64_t executed = 0, calibration = 0;
    double int_insns = 0, int_secs = 0;
    for (const auto& w : workloads) {
        const auto image = vp::xcheck::read_image(dir + "/" + w.name + ".bin");
        if (image.empty()) {
            std::fprintf(stderr, "cannot read %s/%s.bin\n", dir.c_str(), w.name);
            return 2;
        }
        const auto one = vp::xcheck::run_on_core(image, 1, UINT64_MAX);
        const auto two = vp::xcheck::run_on_core(image, 2, UINT64_MAX);
        if (!one.finished || !two.finished) return 1;
        const double per = static_cast<double>(two.instructions - one.instructions);
        const uint64_t repeat = per > 0 ? static_cast<uint64_t>(target_m * 1e6 / per) + 1 : 1;
        const auto r = vp::xcheck::run_on_core(image, repeat, UINT64_MAX, mmu);
        if (!r.finished) {
            std::fprintf(stderr, "%s: %s\n", w.name, r.error.c_str());
            return 1;
        }
        // + 1 per run: the WFI at the stop address that run_on_core does not count.
        executed += one.instructions + two.instructions + r.instructions + 3;
        calibration += one.instructions + two.instructions + 2;
        const double insns = static_cast<double>(r.instructions);
        std::printf("%-14s %8" PRIu64 " %10.1f %9.3f %9.1f\n", w.name, repeat, insns / 1e6, r.host_seconds,
                    insns / r.host_seconds / 1e6);
        if (w.fp) continue;
        int_insns += insns;
        int_secs += r.host_seconds;
    }
    std::printf("%-14s %8s %10.1f %9.3f %9.1f\n\nguest instructions executed on our core by this process: %" PRIu64
                " (%" PRIu64 " of them in the calibration runs, MMU off)\n",
                "all integer", "", int_insns / 1e6, int_secs, int_insns / int_secs / 1e6, executed, calibration);
    return 0;
}

} // namespace

// SystemC prints its banner when the kernel starts unless this is set: set it
// before sc_elab_and_sim, so that the output is this program's own.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char** argv) {
    double target_m = 300;
    std::string dir = VP_BENCH_PROGRAM_DIR;
    std::string core_only; // "", "flat" or "mmu"
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--minsns") && i + 1 < argc) target_m = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--program-dir") && i + 1 < argc) dir = argv[++i];
        else if (!std::strcmp(argv[i], "--core-only") && i + 1 < argc &&
                 (!std::strcmp(argv[i + 1], "flat") || !std::strcmp(argv[i + 1], "mmu")))
            core_only = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--minsns N] [--program-dir DIR] [--core-only flat|mmu]\n", argv[0]);
            return 2;
        }
    }
    if (!core_only.empty()) return core_only_table(dir, target_m, core_only == "mmu");
    std::printf("iss_bench: our AArch64 core vs Unicorn 2.0.1, same images, same repeat counts (EL1, RAM only)\n\n");
    std::printf("%-14s %-40s %8s %10s %9s %9s %9s %7s %10s %9s\n", "workload", "", "repeat", "Minsns", "ours s",
                "ours MIPS", "uc MIPS", "ours/uc", "wall MIPS", "MMU MIPS");
    int status = 0;
    double total_insns = 0, total_ours = 0, total_uc = 0, total_mmu_insns = 0, total_mmu = 0;
    uint64_t executed = 0; // on our core by this process, the divisor for callgrind
    for (const auto& w : workloads) {
        const auto image = vp::xcheck::read_image(dir + "/" + w.name + ".bin");
        if (image.empty()) {
            std::fprintf(stderr, "cannot read %s/%s.bin\n", dir.c_str(), w.name);
            return 2;
        }
        // Calibrate: instructions for repeat 1 and 2 give the per-repeat cost.
        const auto one = vp::xcheck::run_on_core(image, 1, UINT64_MAX);
        const auto two = vp::xcheck::run_on_core(image, 2, UINT64_MAX);
        if (!one.finished || !two.finished) {
            std::fprintf(stderr, "%s: %s\n", w.name, (one.finished ? two : one).error.c_str());
            return 1;
        }
        const double per = static_cast<double>(two.instructions - one.instructions);
        const uint64_t repeat = per > 0 ? static_cast<uint64_t>(target_m * 1e6 / per) + 1 : 1;

        const auto ours = vp::xcheck::run_on_core(image, repeat, UINT64_MAX);
        const auto uc = vp::xcheck::run_on_unicorn(image, repeat, 0);
        const auto mmu = vp::xcheck::run_on_core(image, repeat, UINT64_MAX, true);
        // + 1 per run: the WFI at the stop address that run_on_core does not count.
        executed += one.instructions + two.instructions + ours.instructions + mmu.instructions + 4;
        const std::size_t program_ram = ours.ram.size() - 0x10000; // the tables live above
        const bool same = ours.finished && uc.finished && ours.regs[0] == uc.regs[0] && ours.ram == uc.ram &&
                          mmu.finished && mmu.regs[0] == ours.regs[0] &&
                          std::equal(ours.ram.begin(), ours.ram.begin() + program_ram, mmu.ram.begin());
        const double insns = static_cast<double>(ours.instructions);
        const double ours_mips = insns / ours.host_seconds / 1e6, uc_mips = insns / uc.host_seconds / 1e6;
        const double mmu_insns = static_cast<double>(mmu.instructions);
        std::printf("%-14s %-40s %8" PRIu64 " %10.1f %9.3f %9.1f %9.1f %7.2f %10.1f %9.1f%s\n", w.name, w.what, repeat,
                    insns / 1e6, ours.host_seconds, ours_mips, uc_mips, ours_mips / uc_mips,
                    insns / ours.wall_seconds / 1e6, mmu_insns / mmu.host_seconds / 1e6, same ? "" : "  RESULTS DIFFER");
        if (!same) status = 1;
        if (w.fp) continue; // the "all" row is the integer workloads
        total_mmu_insns += mmu_insns;
        total_mmu += mmu.host_seconds;
        total_insns += insns;
        total_ours += ours.host_seconds;
        total_uc += uc.host_seconds;
    }
    std::printf("%-14s %-40s %8s %10.1f %9.3f %9.1f %9.1f %7.2f %10s %9.1f\n", "all integer", "", "", total_insns / 1e6, total_ours,
                total_insns / total_ours / 1e6, total_insns / total_uc / 1e6, total_uc / total_ours, "",
                total_mmu_insns / total_mmu / 1e6);
    executed += systemc_row(vp::xcheck::read_image(dir + "/crc32_O2.bin"), target_m);
    std::printf("\nguest instructions executed on our core by this process: %" PRIu64 "\n", executed);
    std::printf("\nMIPS = millions of guest instructions per second of host CPU time of this thread; \"wall MIPS\"\n"
                "is our core's figure in wall time (lower when other processes share the cores). Unicorn 2.x\n"
                "is known to be slow on guest stores (unicorn-engine/unicorn#1970): its low store-heavy figures.\n");
    return status;
}
