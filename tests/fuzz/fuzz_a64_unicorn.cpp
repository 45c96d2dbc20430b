// The A64 core against Unicorn 2.0.1 on defined encodings, guided by
// coverage: the input picks an encoding class of tests/crosscheck/unicorn
// (base integer, SIMD&FP loads/stores, SIMD, FP; Arm ARM C4.1) and seeds its
// generator; the blocks it produces run in lock step on both (registers,
// SP, PC, NZCV, V0-V31, FPCR, FPSR and the data window compared after every
// instruction; in the decode-space classes UNDEFINED on both, or an access
// outside RAM aborting on both, is agreement). Any difference aborts.
//
// Only the encodings both implement are compared, and what is left out is
// left out by the generators with its reason next to it (a64_gen*.cpp,
// fp_gen.cpp; tests/fuzz/README.md lists them): system instructions,
// exception generation and ERET/DRPS depend on the exception model, which
// Unicorn does not expose (it starts at EL1 and stops on an exception instead
// of entering a vector); Unicorn takes no Alignment fault with translation
// off, so memory classes use aligned addresses (test_unicorn_align checks
// the fault contract against the architecture instead); UNALLOCATED and
// CONSTRAINED UNPREDICTABLE combinations are skipped. Random words outside
// these classes are fuzz_a64's (every EL, no reference).
//
// Deterministic: the generators' splitmix64 is seeded from the input only.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "a64_gen.h"
#include "common/log.h"
#include "fp_gen.h"
#include "fuzz_support.h"
#include "lockstep.h"

namespace {
using namespace vp::xcheck;

const std::vector<const encoding_class*>& all_classes() {
    static const std::vector<const encoding_class*> v = [] {
        std::vector<const encoding_class*> out;
        for (const auto* table :
             {&encoding_classes(), &simd_ldst_encoding_classes(), &simd_encoding_classes(), &fp_encoding_classes()})
            for (const auto& c : *table)
                out.push_back(&c);
        return out;
    }();
    return v;
}

bool listed(const char* name, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (std::strcmp(n, name) == 0)
            return true;
    return false;
}
// As the suite runs them (test_unicorn_ldst/simd_ldst): classes compared
// only in Normal memory (HCR_EL2.DC = 1 on our core: DC ZVA to Device memory
// must take an Alignment fault, and the load/store decode spaces include
// misaligned accesses, which Unicorn never faults) ...
bool normal_only(const encoding_class& c) { return listed(c.name, {"dc_zva", "space_ldst", "space_vldst"}); }
// ... and classes also compared with misaligned addresses in Normal memory
// (not exclusives or acquire/release: those fault when misaligned even in
// Normal memory, B2.5.2, which Unicorn does not model).
bool misaligned_too(const encoding_class& c) {
    return listed(c.name, {"ldst_unsigned", "ldst_unscaled", "ldst_pre", "ldst_post", "ldst_regoff", "ldst_unpriv",
                           "ldst_pair_offset", "ldst_pair_pre", "ldst_pair_post", "ldst_pair_nt", "vldst_unsigned",
                           "vldst_imm9", "vldst_pair", "vldst_multiple", "vldst_single"});
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    vp::log::set_level(vp::log::level::error);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    // Two harnesses for the whole run (each maps 2 x 512 MiB of address
    // space): Device memory as Unicorn's reset state has it, and Normal
    // memory. Every block starts from fresh registers and data.
    static lockstep device;
    static lockstep& normal = [] () -> lockstep& {
        static lockstep n;
        n.use_normal_memory();
        return n;
    }();
    const auto& classes = all_classes();
    const encoding_class& c = *classes[in.ConsumeIntegralInRange<size_t>(0, classes.size() - 1)];
    const bool in_normal = normal_only(c) || (misaligned_too(c) && in.ConsumeBool());
    lockstep& ls = in_normal ? normal : device;
    rng r(in.ConsumeIntegral<uint64_t>());
    const unsigned blocks = in.ConsumeIntegralInRange<unsigned>(1, 4);
    const uint64_t mismatches_before = ls.report().mismatches;
    std::vector<step> steps;
    for (unsigned b = 0; b < blocks; ++b) {
        steps.clear();
        ls.begin_block(r, c.memory);
        // Straight blocks in the code ring, the others in one branch slot.
        const uint64_t at = c.kind == block_kind::straight ? layout::ring_base : layout::branch_slot;
        gen_ctx g(r, at, steps);
        g.misaligned = in_normal;
        if (c.kind == block_kind::straight)
            while (steps.size() < 16)
                c.gen(g);
        else
            c.gen(g);
        ls.run_block(steps, at, c.memory, c.kind == block_kind::decode);
        if (ls.report().mismatches != mismatches_before) {
            std::fprintf(stderr, "class %s (%s): %s\n", c.name, c.spec,
                         ls.report().messages.empty() ? "mismatch" : ls.report().messages.back().c_str());
            FUZZ_CHECK(false, "our core and Unicorn differ on a defined encoding of class %s", c.name);
        }
    }
    return 0;
}
