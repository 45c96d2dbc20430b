// Threaded dispatch (docs/iss-dispatch.md, "Threaded dispatch"): inside a
// block, every handler ends by jumping straight to the next entry's handler
// instead of returning to core::run(), which then only sees the end of the
// block. Each handler has its own indirect jump for the host to predict, and
// there is no call/return pair per instruction.
//
// decode() knows nothing of this: it stores plain handlers. The decode cache
// turns each entry it decodes into its threaded form (thread_entry()): the
// handler's own threaded<F> when threaded.cpp lists it (the handlers the
// measured workloads run most), threaded_plain otherwise. So an entry of a
// block is always threaded and a handler missing from the list is only
// slower, never wrong.
#pragma once

#include "cpu/core.h"
#include "cpu/decode/insn.h"

namespace vp::cpu {

// F, then the rest of the running block: while the next entry is before the
// block's end (block_end_, nullptr once F ended the block: a taken branch,
// attention raised, or when no block runs) its handler, by a tail call; else
// back to run() with the position after F in chain_stop_.
// flatten: F is inlined even where GCC would not (the load/store pair
// handlers), else the form calls F and pays a frame for the call; the slow
// paths F calls are noinline and stay out of line.
template <insn_handler F>
[[gnu::flatten]] void threaded(core& c, const insn& i) {
    F(c, i);
    const insn* next = &i + 1;
    if (__builtin_expect(next < c.block_end_, 1)) return next->fn(c, *next);
    c.chain_stop_ = next;
}

// The threaded form of a handler without its own: calls the plain handler
// that insn::plain names, then goes on like threaded<F>.
void threaded_plain(core& c, const insn& i);

// Turns an entry just decoded into its threaded form, keeping where its plain
// handler is in insn::plain.
void thread_entry(insn& e);

// The plain handler of an entry, threaded or not: runs the instruction and
// nothing after it (core::fp_access_retry runs an instruction again).
insn_handler plain_handler(const insn& i);

// Whether thread_entry() gives `plain` a threaded form of its own (tests).
bool has_own_threaded_form(insn_handler plain);

} // namespace vp::cpu
