// A decoded A64 instruction: the handler that executes it and its operands,
// extracted once. Stored in the per-page decode cache; 32 bytes.
#pragma once

#include <cstdint>

namespace vp::cpu {

class core;
struct insn;
using insn_handler = void (*)(core&, const insn&);

struct insn {
    insn_handler fn = nullptr;
    uint64_t imm = 0;     // immediate / offset / bitmask, meaning per handler
    uint32_t raw = 0;     // the encoding (for syndromes and diagnostics)
    uint8_t rd = 0, rn = 0, rm = 0, ra = 0; // register slots (state.h: 31 = XZR read, 32 = SP, 33 = sink)
    uint8_t a = 0, b = 0, c = 0, d = 0;     // small fields (shift, cond, immr/imms, option ...)
    // Set by the run loop's decode cache (cpu/threaded.h): where the plain
    // handler is, as a distance from a reference function, when `fn` is its
    // threaded form; 0 when `fn` is the plain handler (decode() leaves it 0).
    int32_t plain = 0;
};
static_assert(sizeof(insn) == 32, "decode cache entry should stay 32 bytes");

// Decodes `raw` into `out` (never fails: unallocated and unimplemented
// encodings decode to the handler that takes the Undefined exception).
void decode(uint32_t raw, insn& out);

} // namespace vp::cpu
