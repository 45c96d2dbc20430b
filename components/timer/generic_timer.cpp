#include "timer/generic_timer.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <string>

namespace vp::timer {

namespace {

constexpr const char* report_type = "timer/generic_timer";

// Who may access a register, as in the Arm ARM's access pseudocode for each
// register (D19.11), specialised to: EL2 implemented and enabled, no EL3,
// Non-secure, HCR_EL2.E2H == 0, no FEAT_NV / FEAT_ECV.
enum class access_rule {
    frequency,      // CNTFRQ_EL0: EL0 reads gated by CNTKCTL_EL1.EL0{P,V}CTEN; writes only at EL2
    physical_count, // CNTPCT_EL0: EL0 by EL0PCTEN, EL0/EL1 by CNTHCTL_EL2.EL1PCTEN
    virtual_count,  // CNTVCT_EL0: EL0 by EL0VCTEN
    el1_physical,   // CNTP_*: EL0 by EL0PTEN, EL0/EL1 by CNTHCTL_EL2.EL1PCEN
    virtual_timer,  // CNTV_*: EL0 by EL0VTEN
    el1,            // CNTKCTL_EL1: UNDEFINED at EL0
    el2,            // CNTHCTL_EL2, CNTHP_*, CNTVOFF_EL2: UNDEFINED below EL2
};

struct register_desc {
    uint32_t key;
    const char* name;
    access_rule rule;
    bool writable; // MSR allowed at all (CNTPCT/CNTVCT have no MSR encoding)
    bool affects_outputs;
};

constexpr register_desc registers[] = {
    {reg::CNTFRQ_EL0, "CNTFRQ_EL0", access_rule::frequency, true, false},
    {reg::CNTPCT_EL0, "CNTPCT_EL0", access_rule::physical_count, false, false},
    {reg::CNTVCT_EL0, "CNTVCT_EL0", access_rule::virtual_count, false, false},
    {reg::CNTKCTL_EL1, "CNTKCTL_EL1", access_rule::el1, true, false},
    {reg::CNTP_TVAL_EL0, "CNTP_TVAL_EL0", access_rule::el1_physical, true, true},
    {reg::CNTP_CTL_EL0, "CNTP_CTL_EL0", access_rule::el1_physical, true, true},
    {reg::CNTP_CVAL_EL0, "CNTP_CVAL_EL0", access_rule::el1_physical, true, true},
    {reg::CNTV_TVAL_EL0, "CNTV_TVAL_EL0", access_rule::virtual_timer, true, true},
    {reg::CNTV_CTL_EL0, "CNTV_CTL_EL0", access_rule::virtual_timer, true, true},
    {reg::CNTV_CVAL_EL0, "CNTV_CVAL_EL0", access_rule::virtual_timer, true, true},
    {reg::CNTVOFF_EL2, "CNTVOFF_EL2", access_rule::el2, true, true},
    {reg::CNTHCTL_EL2, "CNTHCTL_EL2", access_rule::el2, true, false},
    {reg::CNTHP_TVAL_EL2, "CNTHP_TVAL_EL2", access_rule::el2, true, true},
    {reg::CNTHP_CTL_EL2, "CNTHP_CTL_EL2", access_rule::el2, true, true},
    {reg::CNTHP_CVAL_EL2, "CNTHP_CVAL_EL2", access_rule::el2, true, true},
};

constexpr bool all_in_crn14() {
    for (const auto& r : registers)
        if (((r.key >> 7) & 0xF) != 14)
            return false;
    return true;
}
static_assert(all_in_crn14(), "find_register() relies on it");

const register_desc* find_register(uint32_t key) {
    // Every register of the table has CRn == 14 (the CPU asks for each
    // MRS/MSR it does not implement itself: answer most with one test).
    if (((key >> 7) & 0xF) != 14)
        return nullptr;
    for (const auto& r : registers)
        if (r.key == key)
            return &r;
    return nullptr;
}

// The timer a CNT{P,V,HP}_{TVAL,CTL,CVAL} encoding selects: CRm 2 is a
// physical timer (op1 3: EL1, op1 4: EL2), CRm 3 the virtual timer; op2
// selects TVAL (0), CTL (1) or CVAL (2).
bool decode_timer_register(uint32_t key, timer_id& id, unsigned& op2) {
    const unsigned crn = (key >> 7) & 0xF, crm = (key >> 3) & 0xF, op1 = (key >> 11) & 0x7;
    op2 = key & 0x7;
    if (crn != 14 || op2 > 2)
        return false;
    if (crm == 2 && op1 == 3)
        id = timer_id::el1_physical;
    else if (crm == 3 && op1 == 3)
        id = timer_id::virtual_;
    else if (crm == 2 && op1 == 4)
        id = timer_id::el2_physical;
    else
        return false;
    return true;
}

constexpr unsigned OP2_TVAL = 0, OP2_CTL = 1, OP2_CVAL = 2;

const char* status_name(sysreg_status s) {
    switch (s) {
    case sysreg_status::ok:
        return "ok";
    case sysreg_status::undefined:
        return "UNDEFINED";
    case sysreg_status::trap_el1:
        return "trap to EL1";
    case sysreg_status::trap_el2:
        return "trap to EL2";
    }
    return "?";
}

// Register-level trace at SC_DEBUG verbosity (sc_report_handler::
// set_verbosity_level(SC_DEBUG) turns it on); the message is built only then.
// The level is read directly (a protected static of the handler): the
// accessor is an out-of-line call, and every counter read asks.
struct report_verbosity : sc_core::sc_report_handler {
    static int level() { return verbosity_level; }
};
bool tracing() { return report_verbosity::level() >= sc_core::SC_DEBUG; }

void trace_line(const std::string& msg) { SC_REPORT_INFO_VERB(report_type, msg.c_str(), sc_core::SC_DEBUG); }

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

} // namespace

generic_timer::generic_timer(sc_core::sc_module_name name, unsigned num_cpus)
    : sc_module(name),
      counter("counter"),
      cntpnsirq("cntpnsirq", num_cpus),
      cntvirq("cntvirq", num_cpus),
      cnthpirq("cnthpirq", num_cpus),
      num_cpus_(num_cpus),
      cpus_(num_cpus) {
    if (num_cpus == 0)
        SC_REPORT_ERROR(report_type, (std::string(this->name()) + ": needs at least one CPU").c_str());
    static const char* const timer_names[num_timers] = {"cntp", "cntv", "cnthp"};
    for (unsigned cpu = 0; cpu < num_cpus; ++cpu) {
        for (unsigned i = 0; i < num_timers; ++i) {
            const timer_id id = timer_id(i);
            const std::string base = "cpu" + std::to_string(cpu) + "_" + timer_names[i];
            auto& t = timer(cpu, id);
            t.change = std::make_unique<sc_core::sc_event>((base + "_change").c_str());
            sc_core::sc_spawn_options opts;
            opts.spawn_method();
            opts.set_sensitivity(t.change.get());
            opts.dont_initialize();
            sc_core::sc_spawn([this, cpu, id] { evaluate(cpu, id); }, base.c_str(), &opts);
        }
    }
}

void generic_timer::before_end_of_elaboration() {
    tie_off_.tie_off_all(cntpnsirq);
    tie_off_.tie_off_all(cntvirq);
    tie_off_.tie_off_all(cnthpirq);
}

void generic_timer::end_of_elaboration() {
    for (unsigned cpu = 0; cpu < num_cpus(); ++cpu)
        for (unsigned i = 0; i < num_timers; ++i)
            irq(cpu, timer_id(i)).initialize(false);
    counter->add_observer(*this);
    counter_ = counter.operator->();
    line_valid_ = counter_->line(line_);
}

sc_core::sc_out<bool>& generic_timer::irq(unsigned cpu, timer_id id) {
    if (cpu >= num_cpus())
        SC_REPORT_FATAL(report_type, (std::string(name()) + ": irq(): no CPU " + std::to_string(cpu)).c_str());
    switch (id) {
    case timer_id::el1_physical:
        return cntpnsirq[cpu];
    case timer_id::virtual_:
        return cntvirq[cpu];
    case timer_id::el2_physical:
        break;
    }
    return cnthpirq[cpu];
}

bool generic_timer::implements(uint32_t key) const { return find_register(key) != nullptr; }

bool generic_timer::affects_outputs(uint32_t key) {
    const auto* r = find_register(key);
    return r && r->affects_outputs;
}

const char* generic_timer::register_name(uint32_t key) {
    const auto* r = find_register(key);
    return r ? r->name : "?";
}

// --- access controls ---------------------------------------------------------

namespace {

// D19.11: an EL0 access disabled by CNTKCTL_EL1 traps to EL1, or to EL2 when
// HCR_EL2.TGE == 1; EC 0x18 either way.
sysreg_status el0_trap(bool tge) { return tge ? sysreg_status::trap_el2 : sysreg_status::trap_el1; }

} // namespace

// --- counts and conditions ---------------------------------------------------

uint64_t generic_timer::timer_offset(unsigned cpu, timer_id id) const {
    return id == timer_id::virtual_ ? cpus_[cpu].cntvoff : 0;
}

uint64_t generic_timer::timer_count(unsigned cpu, timer_id id, const sc_core::sc_time& t) const {
    return counter->count_at(t) - timer_offset(cpu, id); // modulo 2^64 (D11.2.2)
}

bool generic_timer::condition_met(unsigned cpu, timer_id id, const sc_core::sc_time& t) const {
    // D11.2.4: met when count - CVAL >= 0, the values taken as unsigned.
    return timer_count(cpu, id, t) >= cpus_[cpu].timers[unsigned(id)].cval;
}

// --- sysreg_target_if ----------------------------------------------------------

sysreg_status generic_timer::read(const sysreg_context& ctx, uint32_t key, uint64_t& value) {
    sysreg_status s;
    if (key == reg::CNTPCT_EL0 || key == reg::CNTVCT_EL0) {
        value = 0;
        s = valid_cpu(ctx) ? read_count(cpus_[ctx.cpu], ctx.el, ctx.tge, key, count_source().count_at(ctx.now), value)
                           : sysreg_status::undefined;
    } else {
        s = read_register(ctx, key, value);
    }
    if (tracing())
        trace_line(std::string(name()) + ": cpu" + std::to_string(ctx.cpu) + " EL" + std::to_string(ctx.el) + " MRS " +
              register_name(key) + " -> " + (s == sysreg_status::ok ? hex(value) : status_name(s)) + " at " +
              ctx.now.to_string());
    return s;
}

// A CPU's reads: the counts at once from the counter's line, as read() would
// answer them; any other register, a CPU beyond the configured ones (read()
// reports it), a counter without a line and every read while traced take
// read() itself.
sysreg_status generic_timer::read_at(unsigned cpu, unsigned el, bool tge, uint64_t now, uint32_t key,
                                     uint64_t& value) {
    const bool count = key == reg::CNTPCT_EL0 || key == reg::CNTVCT_EL0;
    if (__builtin_expect(!count || cpu >= num_cpus_ || !line_valid_ || tracing(), 0))
        return sysreg_target_if::read_at(cpu, el, tge, now, key, value);
    return read_count(cpus_[cpu], el, tge, key, line_.at(now), value);
}

sysreg_status generic_timer::write(const sysreg_context& ctx, uint32_t key, uint64_t value) {
    const sysreg_status s = write_register(ctx, key, value);
    if (tracing())
        trace_line(std::string(name()) + ": cpu" + std::to_string(ctx.cpu) + " EL" + std::to_string(ctx.el) + " MSR " +
              register_name(key) + " <- " + hex(value) + ": " + status_name(s) + " at " + ctx.now.to_string());
    return s;
}

bool generic_timer::report_invalid_cpu(const sysreg_context& ctx) const {
    SC_REPORT_ERROR(report_type,
                    (std::string(name()) + ": access from CPU " + std::to_string(ctx.cpu) + " beyond the configured CPUs")
                        .c_str());
    return false;
}

// The access controls of D11 / D19 (CNTKCTL_EL1 for EL0, CNTHCTL_EL2 for EL1,
// E2H == 0) for a register of the table, shared by MRS and MSR.
static inline sysreg_status check_access(access_rule rule, const cntkctl& kctl, const cnthctl& hctl, unsigned el,
                                         bool tge, bool write) {
    const bool el0 = el == 0, below_el2 = el < 2;
    switch (rule) {
    case access_rule::frequency:
        // D19.11 CNTFRQ_EL0: writable only at the highest implemented EL.
        if (write)
            return below_el2 ? sysreg_status::undefined : sysreg_status::ok;
        if (el0 && !kctl.el0pcten() && !kctl.el0vcten())
            return el0_trap(tge);
        break;
    case access_rule::physical_count:
        if (write)
            return sysreg_status::undefined;
        if (el0 && !kctl.el0pcten())
            return el0_trap(tge);
        if (below_el2 && !hctl.el1pcten())
            return sysreg_status::trap_el2;
        break;
    case access_rule::virtual_count:
        if (write)
            return sysreg_status::undefined;
        if (el0 && !kctl.el0vcten())
            return el0_trap(tge);
        break;
    case access_rule::el1_physical:
        if (el0 && !kctl.el0pten())
            return el0_trap(tge);
        if (below_el2 && !hctl.el1pcen())
            return sysreg_status::trap_el2;
        break;
    case access_rule::virtual_timer:
        if (el0 && !kctl.el0vten())
            return el0_trap(tge);
        break;
    case access_rule::el1:
        if (el0)
            return sysreg_status::undefined;
        break;
    case access_rule::el2:
        if (below_el2)
            return sysreg_status::undefined;
        break;
    }
    return sysreg_status::ok;
}

// CNTPCT_EL0 and CNTVCT_EL0 without the table, given the physical count:
// polling loops read them millions of times (U-Boot's timeouts: 7.15 M reads
// in its session).
inline sysreg_status generic_timer::read_count(const cpu_state& c, unsigned el, bool tge, uint32_t key,
                                               uint64_t physical_count, uint64_t& value) {
    value = 0;
    const bool virtual_count = key == reg::CNTVCT_EL0;
    const sysreg_status s = check_access(virtual_count ? access_rule::virtual_count : access_rule::physical_count,
                                         c.kctl, c.hctl, el, tge, false);
    if (s != sysreg_status::ok)
        return s;
    value = physical_count - (virtual_count ? c.cntvoff : 0); // D11.2.2, E2H == 0 at every EL; modulo 2^64
    return sysreg_status::ok;
}

sysreg_status generic_timer::read_register(const sysreg_context& ctx, uint32_t key, uint64_t& value) {
    value = 0;
    const register_desc* r = find_register(key);
    if (!r)
        return sysreg_status::undefined;
    if (!valid_cpu(ctx))
        return sysreg_status::undefined;
    const cpu_state& c = cpus_[ctx.cpu];
    if (const sysreg_status s = check_access(r->rule, c.kctl, c.hctl, ctx.el, ctx.tge, false); s != sysreg_status::ok)
        return s;

    timer_id id;
    unsigned op2;
    if (decode_timer_register(key, id, op2)) {
        value = read_timer(ctx.cpu, id, op2, ctx.now);
        return sysreg_status::ok;
    }
    switch (key) {
    case reg::CNTFRQ_EL0:
        // Reset value: the counter's frequency (the port is usable only once
        // bound, so it is read here rather than in the constructor).
        value = c.cntfrq_written ? c.cntfrq : counter->frequency_hz();
        break;
    case reg::CNTKCTL_EL1:
        value = c.kctl.bits;
        break;
    case reg::CNTHCTL_EL2:
        value = c.hctl.bits;
        break;
    case reg::CNTVOFF_EL2:
        value = c.cntvoff;
        break;
    default:
        assert(false && "register in the table without a read");
    }
    return sysreg_status::ok;
}

sysreg_status generic_timer::write_register(const sysreg_context& ctx, uint32_t key, uint64_t value) {
    const register_desc* r = find_register(key);
    if (!r || !r->writable)
        return sysreg_status::undefined;
    if (!valid_cpu(ctx))
        return sysreg_status::undefined;
    cpu_state& c = cpus_[ctx.cpu];
    if (const sysreg_status s = check_access(r->rule, c.kctl, c.hctl, ctx.el, ctx.tge, true); s != sysreg_status::ok)
        return s;

    timer_id id;
    unsigned op2;
    if (decode_timer_register(key, id, op2)) {
        write_timer(ctx.cpu, id, op2, value, ctx.now);
        return sysreg_status::ok;
    }
    switch (key) {
    case reg::CNTFRQ_EL0:
        c.cntfrq = value & 0xFFFFFFFFu; // [63:32] RES0; informational only
        c.cntfrq_written = true;
        break;
    case reg::CNTKCTL_EL1:
        c.kctl.bits = value & cntkctl::writable;
        break;
    case reg::CNTHCTL_EL2:
        c.hctl.bits = value & cnthctl::writable;
        break;
    case reg::CNTVOFF_EL2:
        c.cntvoff = value;
        timer(ctx.cpu, timer_id::virtual_).written_at = ctx.now;
        kick(ctx.cpu, timer_id::virtual_);
        break;
    default:
        assert(false && "register in the table without a write");
    }
    return sysreg_status::ok;
}

uint64_t generic_timer::read_timer(unsigned cpu, timer_id id, unsigned op2, const sc_core::sc_time& now) const {
    const timer_state& t = cpus_[cpu].timers[unsigned(id)];
    switch (op2) {
    case OP2_TVAL:
        // D11.2.4: TimerValue = CVAL - count, the low 32 bits ([63:32] RES0).
        return uint32_t(t.cval - timer_count(cpu, id, now));
    case OP2_CTL:
        // ISTATUS: the condition now, ignoring IMASK; 0 while disabled.
        return t.ctl.bits | ((t.ctl.enable() && condition_met(cpu, id, now)) ? timer_ctl::ISTATUS : 0);
    default:
        return t.cval;
    }
}

void generic_timer::write_timer(unsigned cpu, timer_id id, unsigned op2, uint64_t value, const sc_core::sc_time& now) {
    timer_state& t = timer(cpu, id);
    switch (op2) {
    case OP2_TVAL:
        // D11.2.4: CVAL = count + TimerValue, TimerValue a signed 32-bit value.
        t.cval = timer_count(cpu, id, now) + uint64_t(int64_t(int32_t(uint32_t(value))));
        break;
    case OP2_CTL:
        t.ctl.bits = value & timer_ctl::writable; // ISTATUS is read-only, the rest RES0
        break;
    default:
        t.cval = value;
        break;
    }
    t.written_at = now;
    kick(cpu, id);
}

// --- output and scheduling -----------------------------------------------------

void generic_timer::counter_changed() {
    line_valid_ = count_source().line(line_);
    for (unsigned cpu = 0; cpu < num_cpus(); ++cpu)
        for (unsigned i = 0; i < num_timers; ++i)
            kick(cpu, timer_id(i));
}

void generic_timer::kick(unsigned cpu, timer_id id) {
    sc_core::sc_event& e = *timer(cpu, id).change;
    e.cancel();
    if (sc_core::sc_get_curr_simcontext()->evaluation_phase())
        e.notify(); // immediate: the method runs in this evaluation phase
    else
        e.notify(sc_core::SC_ZERO_TIME);
}

void generic_timer::evaluate(unsigned cpu, timer_id id) {
    // After a write made ahead of SystemC time, the level at the write's time
    // (nothing runs in between, by the CPU's condition for writing early).
    const timer_state& t = timer(cpu, id);
    const sc_core::sc_time now = std::max(sc_core::sc_time_stamp(), t.written_at);
    const bool level = t.ctl.enable() && !t.ctl.imask() && condition_met(cpu, id, now);
    if (tracing() && level != irq(cpu, id).read())
        trace_line(std::string(irq(cpu, id).name()) + (level ? " rises" : " falls") + " at " + now.to_string());
    irq(cpu, id).write(level);
    schedule(cpu, id, now);
}

void generic_timer::schedule(unsigned cpu, timer_id id, const sc_core::sc_time& now) {
    timer_state& t = timer(cpu, id);
    t.change->cancel();
    if (!t.ctl.enable() || t.ctl.imask())
        return; // the output stays low; ISTATUS is computed on read
    if (t.cval == 0)
        return; // count >= 0 always: the output stays high
    const uint64_t offset = timer_offset(cpu, id);
    // The next count at which the condition changes: the timer's count
    // reaching CVAL (rise) or wrapping to 0 (fall), as a physical count.
    const uint64_t target = condition_met(cpu, id, now) ? offset : t.cval + offset;
    sc_core::sc_time when;
    if (counter->time_of_count(target, now, when))
        t.change->notify(when - sc_core::sc_time_stamp());
}

} // namespace vp::timer
