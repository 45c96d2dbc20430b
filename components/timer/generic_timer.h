// The per-CPU generic timers (Arm ARM DDI 0487 D11.2 "The AArch64 view of the
// Generic Timer"): for each CPU the EL1 physical timer (CNTP_*), the virtual
// timer (CNTV_*, on CNTVCT = CNTPCT - CNTVOFF_EL2) and the EL2 physical timer
// (CNTHP_*), plus CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0, CNTKCTL_EL1,
// CNTHCTL_EL2 and CNTVOFF_EL2. A CPU model reaches them through
// vp::sysreg_target_if; the timer owns the state and the access controls.
//
// Scope: EL2 is the highest EL (ctx.el >= 2 is treated as EL2), Non-secure only, HCR_EL2.E2H == 0 (no VHE,
// so no CNTHV_* and no *_EL02 aliases), no FEAT_ECV, no FEAT_NV. Encodings
// this block does not implement (CNTPS_*, CNTHV_*, CNTPCTSS...) answer false
// from implements(): the CPU treats them as UNDEFINED.
//
// Outputs: per CPU `cntpnsirq` (PPI 30), `cntvirq` (PPI 27), `cnthpirq`
// (PPI 26), levels asserted exactly while ENABLE && !IMASK && count >= CVAL
// (unsigned 64-bit compare, D11.2.4), where count is CNTPCT for CNTP/CNTHP and
// CNTVCT for CNTV.
//
// Events: one sc_event and one method per timer. An enabled, unmasked timer
// has its next output change scheduled at the exact time of the counter tick
// that causes it (counter_time.h); a disabled or masked timer schedules
// nothing (its ISTATUS is computed when read), so an idle platform has no
// pending events. Because the count is modulo 2^64 the condition changes at
// two counts only: rising when the timer's count reaches CVAL, falling when
// it wraps to 0. For the virtual timer these are CNTPCT == CVAL + CNTVOFF and
// CNTPCT == CNTVOFF (both modulo 2^64), which covers CVAL + CNTVOFF
// overflowing and CNTVOFF > CNTPCT without special cases. A deadline beyond
// the end of sc_time (CVAL near 2^64) schedules nothing.
//
// Ordering contract with the CPU (docs/architecture.md section 4):
//   - read(): needs only the count; it uses ctx.now, the CPU's local time,
//     which may be ahead of sc_time_stamp() inside a quantum. read_at() (what
//     the CPU calls) answers the same, the counts from the counter's line
//     (counter_if::line, kept at every counter_changed()) without read().
//   - write(): takes effect at ctx.now. The CPU calls it after
//     synchronising (ctx.now == sc_time_stamp()), or, where its board says
//     nothing else observes the timer lines and no process runs before
//     ctx.now, ahead of SystemC time (writes_at_context_time(),
//     docs/performance.md shortcut 6): the re-evaluation below then computes
//     the level and the next change at ctx.now, not at sc_time_stamp().
//     TVAL writes take the count at ctx.now. A write that
//     may change an output (CTL, CVAL, TVAL, CNTVOFF: see affects_outputs())
//     re-evaluates that timer in the SAME evaluation phase: its method is
//     notified immediately and is the only writer of its output signal (so
//     any sc_signal writer policy works). The new level is therefore visible
//     after one delta cycle: the CPU yields wait(SC_ZERO_TIME) once and
//     samples. Called outside the evaluation phase (from sc_main between
//     sc_start calls, or during elaboration) the re-evaluation happens in the
//     next delta cycle instead.
//
// Trace: every MRS/MSR (value or exception) and every output edge is reported
// as SC_INFO at SC_DEBUG verbosity, message type "timer/generic_timer".
//
// Reset values (UNKNOWN in the Arm ARM unless noted; chosen for determinism):
// CTL = 0 (ENABLE resets to 0), CVAL = 0, CNTVOFF_EL2 = 0, CNTKCTL_EL1 = 0,
// CNTHCTL_EL2 = EL1PCTEN | EL1PCEN (EL1 may use the physical counter and timer
// until EL2 restricts it, as when EL2 is not in use), CNTFRQ_EL0 = the
// counter's frequency. ISTATUS reads 0 while ENABLE == 0 (UNKNOWN in the
// Arm ARM; QEMU does the same). The event stream (EVNTEN/EVNTDIR/EVNTI) is
// stored but generates no events (the CPU contract has no event input).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "common/output_tie_off.h"
#include "common/sysreg_if.h"
#include "timer/counter_if.h"
#include "timer/timer_registers.h"

namespace vp::timer {

class generic_timer : public sc_core::sc_module, public sysreg_target_if, private counter_observer {
public:
    // The system counter every CPU's timers count on.
    sc_core::sc_port<counter_if> counter;
    // Per-CPU interrupt outputs (levels).
    sc_core::sc_vector<sc_core::sc_out<bool>> cntpnsirq; // EL1 physical, PPI 30
    sc_core::sc_vector<sc_core::sc_out<bool>> cntvirq;   // virtual, PPI 27
    sc_core::sc_vector<sc_core::sc_out<bool>> cnthpirq;  // EL2 physical, PPI 26

    generic_timer(sc_core::sc_module_name name, unsigned num_cpus);

    // sysreg_target_if
    bool implements(uint32_t key) const override;
    sysreg_status read(const sysreg_context& ctx, uint32_t key, uint64_t& value) override;
    sysreg_status read_at(unsigned cpu, unsigned el, bool tge, uint64_t now, uint32_t key, uint64_t& value) override;
    sysreg_status write(const sysreg_context& ctx, uint32_t key, uint64_t value) override;
    bool writes_at_context_time() const override { return true; }

    // True for the registers whose write may change an output line: the CPU
    // needs to let the change propagate (one delta) only after those.
    static bool affects_outputs(uint32_t key);
    // The spec name of an implemented register ("?" otherwise), for traces.
    static const char* register_name(uint32_t key);

    unsigned num_cpus() const { return num_cpus_; }
    sc_core::sc_out<bool>& irq(unsigned cpu, timer_id id);

private:
    struct timer_state {
        timer_ctl ctl;
        uint64_t cval = 0;
        std::unique_ptr<sc_core::sc_event> change; // deadline or re-evaluation
        // The time of the last write: a re-evaluation it causes computes the
        // level there, even if SystemC time is still behind (shortcut 6).
        sc_core::sc_time written_at;
    };
    struct cpu_state {
        timer_state timers[num_timers];
        uint64_t cntfrq = 0;
        bool cntfrq_written = false; // until then: the counter's frequency
        cntkctl kctl;
        cnthctl hctl;
        uint64_t cntvoff = 0;
    };

    // Else reports an error. Inline because every counter read passes here;
    // the report is out of line.
    bool valid_cpu(const sysreg_context& ctx) const { return ctx.cpu < num_cpus_ || report_invalid_cpu(ctx); }
    bool report_invalid_cpu(const sysreg_context& ctx) const;
    // The counter's interface, kept at the end of elaboration (the port's
    // operator-> checks the binding on every call).
    counter_if* counter_ = nullptr;
    counter_if& count_source() { return counter_ ? *counter_ : *counter.operator->(); }
    // The counter's count_line while line_valid_, taken at the end of
    // elaboration and at every counter_changed(): a counter read computes the
    // count itself instead of calling the counter (counter_if::line).
    count_line line_;
    bool line_valid_ = false;
    inline sysreg_status read_count(const cpu_state& c, unsigned el, bool tge, uint32_t key, uint64_t physical_count,
                                    uint64_t& value);
    sysreg_status read_register(const sysreg_context& ctx, uint32_t key, uint64_t& value);
    sysreg_status write_register(const sysreg_context& ctx, uint32_t key, uint64_t value);
    void before_end_of_elaboration() override; // ties off unbound outputs
    void end_of_elaboration() override;
    void counter_changed() override;

    timer_state& timer(unsigned cpu, timer_id id) { return cpus_[cpu].timers[unsigned(id)]; }
    // The count a timer compares against (CNTPCT, or CNTVCT for CNTV) at `t`.
    uint64_t timer_count(unsigned cpu, timer_id id, const sc_core::sc_time& t) const;
    uint64_t timer_offset(unsigned cpu, timer_id id) const;
    output_tie_off tie_off_;
    bool condition_met(unsigned cpu, timer_id id, const sc_core::sc_time& t) const;

    uint64_t read_timer(unsigned cpu, timer_id id, unsigned op2, const sc_core::sc_time& now) const;
    void write_timer(unsigned cpu, timer_id id, unsigned op2, uint64_t value, const sc_core::sc_time& now);

    // Re-evaluates a timer's output in the current evaluation phase (or the
    // next delta outside it).
    void kick(unsigned cpu, timer_id id);
    // The timer's method: drives the output and schedules the next change.
    void evaluate(unsigned cpu, timer_id id);
    void schedule(unsigned cpu, timer_id id, const sc_core::sc_time& now);

    const unsigned num_cpus_; // cpus_.size() without its division (each read checks it)
    std::vector<cpu_state> cpus_;
};

} // namespace vp::timer
