// Lock-step differential harness: our AArch64 core (vp::cpu::core) and
// Unicorn 2.0.1 (an independent QEMU-derived A64 implementation) execute the
// same instructions from the same state; after every instruction the X
// registers, SP, PC, NZCV, the SIMD&FP registers V0-V31, FPCR, FPSR and (for
// memory classes) a data window are compared. SIMD&FP is enabled on both
// (CPACR_EL1.FPEN = 0b11).
//
// Both machines see one RAM window at ram_base (each its own copy, mapped as
// a host buffer: our core through map_ram, Unicorn through uc_mem_map_ptr).
// Both run at EL1 with SP_EL1 selected: Unicorn's AArch64 CPU starts at EL1h
// and writing PSTATE does not change its exception level.
//
// Layout of the window (all inside RAM):
//   [base,            base + 1 MiB)   random data (targets of LDR literal)
//   [base + 1 MiB,    base + 3 MiB)   code ring for straight-line blocks
//   [base + 3 MiB,    base + 4 MiB)   random data (targets of LDR literal)
//   [base + 8 MiB,    + 4 KiB)        data window of loads and stores
//   [base + 256 MiB,  ...)            branch slot (B/BL reach +-128 MiB)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "xcheck_random.h"

namespace vp::cpu { class core; }

namespace vp::xcheck {

// Register index used by step setups: 0..30 = Xn, 31 = SP.
enum : uint8_t { setup_sp = 31 };

struct reg_init {
    uint8_t reg;
    uint64_t value;
};
struct vreg_init {
    uint8_t reg; // V0-V31
    uint64_t lo, hi;
};

// One instruction and the state it needs just before it executes.
struct step {
    uint32_t raw = 0;
    uint8_t nset = 0;
    reg_init set[4] = {};
    uint8_t nvset = 0;
    vreg_init vset[3] = {};
    bool set_flags = false;
    uint32_t nzcv = 0; // bits 31:28
    const char* what = ""; // mnemonic family, for reports

    step& with(uint8_t reg, uint64_t value) {
        set[nset++] = reg_init{reg, value};
        return *this;
    }
    step& withv(uint8_t reg, uint64_t lo, uint64_t hi) {
        vset[nvset++] = vreg_init{reg, lo, hi};
        return *this;
    }
    step& flags(uint32_t v) {
        set_flags = true;
        nzcv = v & 0xf0000000u;
        return *this;
    }
};

struct layout {
    static constexpr uint64_t ram_base = 0x40000000;
    static constexpr uint64_t ram_size = 512ull << 20;
    static constexpr uint64_t lit_lo = ram_base;                 // random data
    static constexpr uint64_t ring_base = ram_base + (1u << 20); // code ring
    static constexpr uint64_t ring_size = 2u << 20;
    static constexpr uint64_t lit_hi = ram_base + (3u << 20);    // random data
    static constexpr uint64_t data_base = ram_base + (8u << 20);
    static constexpr uint64_t data_size = 4096;
    static constexpr uint64_t branch_slot = ram_base + (256u << 20);
};

struct mismatch_report {
    uint64_t compared = 0;   // instructions compared
    uint64_t mismatches = 0; // instructions after which the states differed
    uint64_t blocks = 0;
    uint64_t undefined_agreed = 0; // decode-space classes: UNDEFINED on both
    uint64_t abort_agreed = 0;     // decode-space classes: access outside RAM on both
    std::vector<std::string> messages; // the first few, with details
};

class lockstep {
public:
    lockstep();
    ~lockstep();
    lockstep(const lockstep&) = delete;
    lockstep& operator=(const lockstep&) = delete;

    // Start a block: all registers, SP, NZCV, V0-V31, FPCR (its Armv8.0
    // fields) and FPSR random (same on both), and,
    // when `fill_data`, the data window refilled with random bytes.
    void begin_block(rng& r, bool fill_data);
    // Place `steps` at `at` (a 4-aligned address in RAM) and run them in lock
    // step; compare after each one. `compare_mem` adds the data window.
    // Stops the block at the first difference. With `allow_undefined`, an
    // instruction Unicorn refuses (UNDEFINED) must take the Undefined
    // exception on our core too, and that counts as agreement.
    void run_block(const std::vector<step>& steps, uint64_t at, bool compare_mem, bool allow_undefined = false);

    const mismatch_report& report() const { return report_; }
    // Print the totals and the recorded messages (stdout).
    void print_summary(const char* cls, uint64_t seed) const;

    // Our core at EL1 with HCR_EL2.DC = 1 (Normal memory, what Unicorn does
    // with the MMU off) over an identity stage 2 whose table occupies the last
    // RAM page of both copies.
    void use_normal_memory();
    // Stage 1 translation on, on both (before the first block): the RAM
    // identity-mapped as Normal write-back by 2 MiB blocks, the 2 MiB around
    // the data window by 4 KiB pages that EL0 may access too (LDTR/STTR)
    // (TTBR0 -> L1 -> L2 -> L3, 39-bit VA);
    // the tables in the last 64 KiB of RAM; Unicorn made AArch64
    // Non-secure EL1 first (unicorn_el1.h, docs/unicorn-mmu.md).
    void use_stage1();

    // Direct access for targeted tests and the harness self-test.
    cpu::core& ours();
    uint8_t* ours_mem(uint64_t addr);
    uint8_t* uc_mem(uint64_t addr);

private:
    struct impl;
    std::unique_ptr<impl> p_;
    mismatch_report report_;
};

} // namespace vp::xcheck
