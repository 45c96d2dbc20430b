// Programmatic A64 encoding generators for the Unicorn cross-check: one per
// encoding class of the base integer instruction set (Arm ARM DDI 0487 C4.1).
// Each fills the class's template with random fields, skipping the
// UNALLOCATED and CONSTRAINED UNPREDICTABLE combinations (e.g. writeback
// with Rt == Rn), and emits the register/flag setup the instruction needs:
// fresh edge-value operands, and for memory classes a base that makes the
// access land aligned in the data window (Unicorn does not fault misaligned
// accesses with translation off, so the two are compared on aligned ones).
#pragma once

#include <cstdint>
#include <vector>

#include "lockstep.h"
#include "xcheck_random.h"

namespace vp::xcheck {

class gen_ctx {
public:
    gen_ctx(rng& r, uint64_t pc, std::vector<step>& out) : r(r), pc_(pc), out_(out) {}
    rng& r;
    // Address the next emitted step will have.
    uint64_t pc() const { return pc_; }
    void emit(const step& s) {
        out_.push_back(s);
        pc_ += 4;
    }
    // A `size`-byte access aligned to `align`, inside the data window (any
    // alignment when `misaligned` is set: the Normal-memory runs).
    bool misaligned = false;
    uint64_t data_addr(unsigned size, unsigned align) {
        if (misaligned) align = 1;
        const uint64_t slots = (layout::data_size - size) / align + 1;
        return layout::data_base + align * (r.next() % slots);
    }

private:
    uint64_t pc_;
    std::vector<step>& out_;
};

using generator = void (*)(gen_ctx&);

enum class block_kind {
    straight, // steps laid out in the code ring, executed in order
    branch,   // one control-transfer step placed in the branch slot
    decode,   // one random word of an encoding space, in the branch slot;
              // UNDEFINED on both counts as agreement
};

struct encoding_class {
    const char* name;     // also the ctest name suffix
    const char* spec;     // Arm ARM section of the encoding class
    generator gen;
    block_kind kind;
    bool memory;          // compare the data window too
    uint64_t default_count; // instructions in the default suite run
};

// All classes, in Arm ARM order.
const std::vector<encoding_class>& encoding_classes();
// The SIMD&FP classes, in their own files (a64_gen_simd*.cpp); find_class
// searches these tables too.
const std::vector<encoding_class>& simd_ldst_encoding_classes();
const std::vector<encoding_class>& simd_encoding_classes();
const encoding_class& find_class(const char* name);

struct run_options {
    uint64_t count = 0; // instructions; 0: the class default times VP_XCHECK_SCALE
    // Data accesses at any alignment, with HCR_EL2.DC = 1 on our core so that
    // EL1 data accesses are Normal memory (D5.2.9) and need no alignment,
    // which is what Unicorn implements with translation off.
    bool normal_misaligned = false;
    // Stage 1 translation on in both (lockstep::use_stage1): every fetch and
    // data access translated; data at any alignment (Normal memory).
    bool stage1 = false;
};

// Runs a class in lock step and prints the summary; returns the report.
mismatch_report run_class(const encoding_class& c, const run_options& o = {});

} // namespace vp::xcheck
