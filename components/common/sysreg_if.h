// The system-register interface between a CPU model and a block that owns
// system registers (the generic timer). The CPU decodes MRS/MSR, identifies
// the register by its encoding and forwards the access with its context; the
// owner answers with the value or with the exception the Arm ARM requires.
// Neither side knows the other's class.
#pragma once

#include <cstdint>

#include <systemc>

namespace vp {

// op0:op1:CRn:CRm:op2 packed as in the MRS/MSR instruction's bits [20:5].
constexpr uint32_t sysreg_key(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

enum class sysreg_status {
    ok,
    undefined, // UNDEFINED at the current level (EC 0x00)
    trap_el1,  // trapped to EL1 with EC 0x18 (e.g. CNTKCTL_EL1 EL0 controls)
    trap_el2,  // trapped to EL2 with EC 0x18 (e.g. CNTHCTL_EL2.EL1PCEN == 0)
};

struct sysreg_context {
    unsigned cpu = 0;          // index of the accessing CPU
    unsigned el = 0;           // current exception level (0..2)
    bool tge = false;          // HCR_EL2.TGE (EL0 traps go to EL2 when set)
    sc_core::sc_time now;      // the CPU's local time (global time + quantum offset)
};

class sysreg_target_if {
public:
    virtual ~sysreg_target_if() = default;
    // True for every encoding this block owns. The answer must not change
    // once the target is bound (a CPU may remember it per encoding).
    virtual bool implements(uint32_t key) const = 0;
    virtual sysreg_status read(const sysreg_context& ctx, uint32_t key, uint64_t& value) = 0;
    // read() with the context's fields as arguments and the time as a number
    // of SystemC resolution units (sc_time::value()): the same answer. A CPU
    // reads through this, so that a counter polled millions of times (the
    // generic timer's CNTPCT_EL0) costs no sc_time arithmetic; a target
    // answers its frequent reads here and leaves the rest to the default,
    // which calls read() (sysreg_if.cpp: out of line, so that a caller that
    // guesses the target does not pay for its frame).
    virtual sysreg_status read_at(unsigned cpu, unsigned el, bool tge, uint64_t now, uint32_t key, uint64_t& value);
    // A write may change an interrupt line: the CPU synchronises to `ctx.now`
    // before calling it and lets the change propagate before its next
    // instruction (docs/architecture.md section 4).
    virtual sysreg_status write(const sysreg_context& ctx, uint32_t key, uint64_t value) = 0;
    // True if write() takes effect as at `ctx.now` even when `ctx.now` is
    // ahead of sc_time_stamp(): whatever depends on the time (a level, the
    // next deadline) is computed at `ctx.now`. A CPU may then write without
    // synchronising when nothing can see the difference
    // (line_view_if::early_sysreg_write, docs/performance.md shortcut 6).
    virtual bool writes_at_context_time() const { return false; }
};

} // namespace vp
