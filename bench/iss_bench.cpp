// iss_bench: speed of the AArch64 core (vp::cpu::core) against Unicorn 2.0.1
// on compute-bound gcc -O2 firmware loops (issue 5, "Timing and speed": aim
// for >= 150 MIPS). Not a test: it prints a table.
//
//   iss_bench [--minsns N] [--program-dir DIR]
//
// Each workload runs with a repeat count chosen so that it executes about N
// million instructions (default 300) on our core; the same image with the
// same repeat count then runs under Unicorn, and the results (X0 and RAM)
// must agree. MIPS = instructions executed by our core / host seconds
// (Unicorn executes the same instructions; it does not count them itself).
// The core runs bare (no SystemC): this is the ISS's own speed.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "program_runner.h"

namespace {

struct workload {
    const char* name; // image name (bench build dir) and description
    const char* what;
};

const workload workloads[] = {
    {"crc32_O2", "CRC-32 table-driven, 8 KiB per repeat"},
    {"sort_O2", "quick/heap/insertion sort, 1024 elements"},
    {"div64_O2", "64/32-bit div/mod edge cases + random"},
    {"recursion_O2", "Ackermann, fib, hanoi, permutations"},
    {"strings_O2", "memcpy/memmove/memset/memcmp, itoa"},
};

} // namespace

int main(int argc, char** argv) {
    double target_m = 300;
    std::string dir = VP_BENCH_PROGRAM_DIR;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--minsns") && i + 1 < argc) target_m = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--program-dir") && i + 1 < argc) dir = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--minsns N] [--program-dir DIR]\n", argv[0]);
            return 2;
        }
    }
    std::printf("iss_bench: our AArch64 core vs Unicorn 2.0.1, same images, same repeat counts (EL1, RAM only)\n\n");
    std::printf("%-14s %-40s %8s %10s %9s %9s %9s %7s\n", "workload", "", "repeat", "Minsns", "ours s", "ours MIPS",
                "uc MIPS", "ours/uc");
    int status = 0;
    double total_insns = 0, total_ours = 0, total_uc = 0;
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
        const bool same = ours.finished && uc.finished && ours.regs[0] == uc.regs[0] && ours.ram == uc.ram;
        const double insns = static_cast<double>(ours.instructions);
        const double ours_mips = insns / ours.host_seconds / 1e6, uc_mips = insns / uc.host_seconds / 1e6;
        std::printf("%-14s %-40s %8" PRIu64 " %10.1f %9.3f %9.1f %9.1f %7.2f%s\n", w.name, w.what, repeat, insns / 1e6,
                    ours.host_seconds, ours_mips, uc_mips, ours_mips / uc_mips, same ? "" : "  RESULTS DIFFER");
        if (!same) status = 1;
        total_insns += insns;
        total_ours += ours.host_seconds;
        total_uc += uc.host_seconds;
    }
    std::printf("%-14s %-40s %8s %10.1f %9.3f %9.1f %9.1f %7.2f\n", "all", "", "", total_insns / 1e6, total_ours,
                total_insns / total_ours / 1e6, total_insns / total_uc / 1e6, total_uc / total_ours);
    return status;
}
