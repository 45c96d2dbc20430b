// Threaded dispatch: the entry forms and the way back to the plain handler
// (cpu/threaded.h, docs/iss-dispatch.md "Threaded dispatch").
#include "cpu/threaded.h"

#include <cstdio>
#include <cstdlib>

#include "cpu/threaded_list.h"

namespace vp::cpu {

namespace {
// insn::plain is the plain handler's distance from this function (handlers
// and the decode cache are one program: the distance fits in 32 bits, and it
// is never 0, the value of an entry that is not threaded).
intptr_t reference() { return reinterpret_cast<intptr_t>(&threaded_plain); }
} // namespace

insn_handler plain_handler(const insn& i) {
    if (i.plain == 0) return i.fn;
    return reinterpret_cast<insn_handler>(reference() + i.plain);
}

void threaded_plain(core& c, const insn& i) {
    plain_handler(i)(c, i);
    const insn* next = &i + 1;
    if (__builtin_expect(next < c.block_end_, 1)) return next->fn(c, *next);
    c.chain_stop_ = next;
}

void thread_entry(insn& e) {
    const intptr_t distance = reinterpret_cast<intptr_t>(e.fn) - reference();
    if (distance == 0 || distance != intptr_t(int32_t(distance))) {
        std::fprintf(stderr, "vp: internal error: handler %p cannot be threaded\n", reinterpret_cast<void*>(e.fn));
        std::abort();
    }
    const auto& forms = own_threaded_forms();
    const auto it = forms.find(e.fn);
    e.plain = int32_t(distance);
    e.fn = it != forms.end() ? it->second : &threaded_plain;
}

bool has_own_threaded_form(insn_handler plain) { return own_threaded_forms().count(plain) != 0; }

} // namespace vp::cpu
