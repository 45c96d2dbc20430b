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

// How the run translates addresses (stage 1 of EL1&0, turned on by a
// prologue, mmu_prologue, that branches to the program afterwards). The
// program is always linked at (and sees) VA program_layout::ram_base.
enum class mmu_mode : uint8_t {
    off,         // flat: MMU off, VA = PA = ram_base
    identity_4k, // identity map of the RAM by 4 KiB Normal pages (TTBR0 -> L1 -> L2 -> L3)
    remap_4k,    // RAM at PA remap_pa, VA ram_base -> PA remap_pa by 4 KiB pages; the
                 // prologue's PA range identity-mapped by one 2 MiB level 2 block
    remap_64k,   // the same with the 64 KiB granule (L2 -> L3, 64 KiB pages for both)
};
const char* mmu_mode_name(mmu_mode m);
constexpr uint64_t remap_pa = 0x48000000; // physical RAM of the remap modes

// X0 = `arg` on entry (the programs' repeat count). `limit` bounds the run.
// Unicorn runs at Non-secure EL1 with SCR_EL3.RW = 1 and HCR_EL2.RW = 1
// (see docs/unicorn-mmu.md: with Unicorn's reset value SCR_EL3 = 0, QEMU
// takes EL1 as AArch32 and walks TCR_EL1 as a short-descriptor TTBCR).
program_outcome run_on_core(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, mmu_mode mode);
program_outcome run_on_unicorn(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, mmu_mode mode);
inline program_outcome run_on_core(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, bool mmu = false) {
    return run_on_core(image, arg, limit, mmu ? mmu_mode::identity_4k : mmu_mode::off);
}
inline program_outcome run_on_unicorn(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, bool mmu = false) {
    return run_on_unicorn(image, arg, limit, mmu ? mmu_mode::identity_4k : mmu_mode::off);
}

// Writes the tables (in [1.5 MiB, 2 MiB) of the RAM, unused by the programs:
// the stack tops out at 1 MiB) and the prologue into `ram` (whose physical
// base is `pa_base`); returns the prologue's physical address (the entry, run
// with the MMU off).
uint64_t mmu_prologue(std::vector<uint8_t>& ram, mmu_mode mode);
// Physical base of the RAM in `mode`.
inline uint64_t ram_pa(mmu_mode mode) {
    return mode == mmu_mode::remap_4k || mode == mmu_mode::remap_64k ? remap_pa : program_layout::ram_base;
}

} // namespace vp::xcheck
