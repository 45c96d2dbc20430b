// Runs a flat AArch64 program image (programs/, built by programs.cmake) on
// our core or on Unicorn 2.0.1, from the same entry and state, to its stop
// address (_start + 12, a branch to itself). Used by test_unicorn_programs
// and by bench/iss_bench.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vp::xcheck {

struct program_layout {
    static constexpr uint64_t ram_base = 0x40000000; // image and entry
    static constexpr uint64_t ram_size = 2u << 20;   // stack top at base + 1 MiB (start.S)
    static constexpr uint64_t stop = ram_base + 4;   // xcheck_done (start.S)
    static constexpr uint64_t arg = ram_base + 8;    // xcheck_arg: repeat count when X0 = 0
    static constexpr uint64_t result = ram_base + 0x80000; // xcheck_result[64] (link.ld)
};

struct program_outcome {
    bool finished = false;     // reached the stop address
    std::string error;         // why not
    uint64_t regs[34] = {};    // X0..X30, SP, PC, NZCV
    uint64_t vregs[66] = {};   // V0..V31 (D[0], D[1] each), FPCR, FPSR
    uint64_t instructions = 0; // executed (our core only; Unicorn does not count)
    uint64_t exceptions = 0;   // exceptions taken (our core)
    double host_seconds = 0;   // host CPU time of the run itself (benchmark figure)
    double wall_seconds = 0;   // wall time of the run
    std::vector<uint8_t> ram;  // the RAM image afterwards
};

// Reads a whole file; empty when it cannot be read.
std::vector<uint8_t> read_image(const std::string& path);

// X0 = `arg` on entry (the programs' repeat count). `limit` bounds the run.
// With `mmu`, the run starts in a prologue (mmu_prologue) that turns stage 1
// translation on at EL1 with an identity map of the RAM by 4 KiB Normal
// write-back pages, then branches to the program. (Unicorn 2.0.1 takes a
// prefetch abort right after SCTLR_EL1.M = 1 with these tables, so the
// cross-check compares our translated run with Unicorn's flat one.)
program_outcome run_on_core(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, bool mmu = false);
program_outcome run_on_unicorn(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, bool mmu = false);

// Writes the tables (TTBR0 -> L1 -> L2 -> L3, 39-bit VA, 4 KiB granule) and
// the prologue into the last 64 KiB of `ram` (unused by the programs: the
// stack tops out at 1 MiB); returns the prologue's address.
uint64_t mmu_prologue(std::vector<uint8_t>& ram);

} // namespace vp::xcheck
