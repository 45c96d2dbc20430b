// What a device access did to the accessing CPU's interrupt inputs, known
// without waiting for the signals.
//
// After an access that can change an interrupt line, a CPU must see the new
// levels before its next instruction (docs/architecture.md section 4). Through
// sc_signals that costs one delta cycle per module hop, i.e. a context switch
// of the CPU's thread per hop. A device that computes its output levels during
// the access (the GIC does: its drive methods only copy them to the ports) can
// tell the CPU those levels at once. The CPU then runs on; the drive methods
// still write the signals in this time step, before any other process runs
// (the CPU yields next at its next synchronisation), so every observer and a
// VCD see the same values at the same simulated times as with the hops.
//
// The shortcut is exact only when nothing but the drive of the CPU's own
// inputs is left pending: the access started with nothing pending in this
// time step, and it changed no other line (another CPU's, or an internal line
// such as the GIC's maintenance interrupt, which reaches a CPU through a
// further hop). The CPU checks the first; foreign_line_changes() lets it check
// the second. Otherwise it falls back to the delta hops. docs/performance.md.
//
// time_free_access() goes one step further, for the synchronisation before
// the access: an access whose device does not look at the time, whose
// effects no other initiator can see before it next runs, and that nothing
// observes (no tracing), gives the same results done now or at the CPU's
// local time, as long as no process runs in between. The CPU then does it
// without waiting for its local time.
//
// early_sysreg_write() is the same for a system-register write whose target
// computes its effects at the time it is given (sysreg_target_if::
// writes_at_context_time, the generic timer): when no one but `cpu` observes
// the lines that target drives (no tracing, no other CPU), the write may be
// made at the CPU's local time before SystemC time got there.
//
// before_access() and lines_after() ask the same per access in two calls
// instead of four (time_free_access, foreign_line_changes twice,
// own_lines_after): a CPU makes one before and one after each device access.
// Their defaults are built from the single queries, so a view need only
// implement those; a board overrides them to answer from one address
// decode (docs/performance.md, "Device access path").
#pragma once

#include <cstdint>

namespace vp {

// The levels a CPU's four interrupt inputs carry once the pending drives ran.
struct cpu_line_levels {
    bool irq = false, fiq = false, virq = false, vfiq = false;
};

// What a view says about an access by `cpu` at `addr`, asked before it.
struct access_view {
    bool time_free = false;  // time_free_access(addr, cpu)
    bool lines_known = true; // false: own_lines_after(addr, cpu, ...) would say false
    uint64_t foreign = 0;    // foreign_line_changes(cpu) when asked (may be 0 if !lines_known)
};

class line_view_if {
public:
    virtual ~line_view_if() = default;
    // A count that grows with every change the device side makes to a line
    // other than `cpu`'s own irq/fiq/virq/vfiq inputs.
    virtual uint64_t foreign_line_changes(unsigned cpu) const = 0;
    // For an access by `cpu` at `addr`: false if the device there may leave
    // other work pending (then the CPU lets the deltas run); else true with
    // the levels of `cpu`'s inputs.
    virtual bool own_lines_after(uint64_t addr, unsigned cpu, cpu_line_levels& levels) const = 0;
    // True if an access by `cpu` at `addr` may happen before the CPU's local
    // time when no process runs until then (above).
    virtual bool time_free_access(uint64_t addr, unsigned cpu) const = 0;
    // True if a system-register write by `cpu` may happen before the SystemC
    // time reaches the CPU's local time when no process runs until then
    // (above). False unless a board knows who observes the lines.
    virtual bool early_sysreg_write(unsigned /*cpu*/) const { return false; }

    // The three answers before an access, in one call. `foreign` is only
    // meaningful while no other process runs: a CPU that waits before the
    // access asks foreign_line_changes() again afterwards.
    virtual access_view before_access(uint64_t addr, unsigned cpu) const {
        access_view v;
        v.time_free = time_free_access(addr, cpu);
        v.foreign = foreign_line_changes(cpu);
        return v;
    }
    // After the access: own_lines_after(addr, cpu, levels), if no foreign
    // line changed since `before` was taken and `before.lines_known`.
    virtual bool lines_after(const access_view& before, uint64_t addr, unsigned cpu, cpu_line_levels& levels) const {
        return before.lines_known && foreign_line_changes(cpu) == before.foreign &&
               own_lines_after(addr, cpu, levels);
    }
};

} // namespace vp
