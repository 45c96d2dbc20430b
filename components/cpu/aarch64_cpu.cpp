#include "cpu/aarch64_cpu.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/access_bytes.h"
#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::cpu {

using namespace sc_core;

namespace {
core_config make_config(const aarch64_cpu::params& p) {
    core_config c;
    c.cpu_index = p.cpu_index;
    c.midr = p.midr;
    c.mpidr = p.mpidr ? p.mpidr : (0x80000000ull | p.cpu_index);
    c.clock_hz = uint64_t(1.0 / p.clock_period.to_seconds() + 0.5);
    return c;
}
} // namespace

aarch64_cpu::aarch64_cpu(sc_module_name name, const params& p)
    : sc_module(name), socket("socket"), irq("irq"), fiq("fiq"), virq("virq"), vfiq("vfiq"),
      current_el("current_el", 2u), pmu_irq("pmu_irq"), params_(p), core_(make_config(p), this) {
    sc_assert(p.clock_period > SC_ZERO_TIME);
    socket.register_invalidate_direct_mem_ptr(this, &aarch64_cpu::invalidate_direct_mem_ptr);
    trans_.set_extension(new cpu_index_extension(p.cpu_index)); // owned by trans_
    qk_.quantum = p.quantum;
    SC_HAS_PROCESS(aarch64_cpu);
    SC_THREAD(run_thread);
}

aarch64_cpu::~aarch64_cpu() = default;

sc_time aarch64_cpu::local_time() const { return sc_time::from_value(local_time_value()); }

// In resolution units, without sc_time arithmetic (a counter read asks for it
// each time). The instructions not yet folded into the quantum keeper count
// one clock period each: account() adds `clock_period * double(n)`, which is
// the same integer while the product stays below 2^53 (n is at most one
// quantum's worth).
uint64_t aarch64_cpu::local_time_value() const {
    return simcontext()->time_stamp().value() + qk_.get_local_time().value() +
           params_.clock_period.value() * (core_.instructions() - accounted_);
}

void aarch64_cpu::account() {
    const uint64_t n = core_.instructions() - accounted_;
    if (n) {
        qk_.inc(params_.clock_period * double(n));
        accounted_ = core_.instructions();
    }
}

void aarch64_cpu::sync() {
    account();
    if (qk_.get_local_time() > SC_ZERO_TIME) {
        // Other CPUs run while this one waits: clear the local exclusive
        // monitor (it may be cleared at any time, B2.9.5) so that a
        // LDXR..STXR sequence never spans another CPU's store.
        core_.clear_exclusive();
        qk_.sync();
        lines_ahead_ = false; // the pending drives ran before time moved on
    } else if (lines_ahead_) {
        settle(); // the signals are about to be read: let the drives run
    }
}

void aarch64_cpu::sample_lines() {
    interrupt_lines l;
    l.irq = irq.read();
    l.fiq = fiq.read();
    l.virq = virq.read();
    l.vfiq = vfiq.read();
    core_.set_interrupt_lines(l);
}

// Two delta hops: timer output -> GIC input logic -> this CPU's irq. A hop is
// only waited for while something is pending in this time step: a model that
// changed state has written a signal or woken a process (the GIC, the timer
// and the UART all do, within the access), so an access that changed nothing
// (a status read, a RAM-like register) costs no context switch at all.
void aarch64_cpu::settle() {
    for (int hop = 0; hop < 2 && sc_pending_activity_at_current_time(); ++hop)
        wait(SC_ZERO_TIME);
    lines_ahead_ = false;
    sample_lines();
}

// Reset state exists before any process runs (a debugger attached at time 0
// sees every CPU at its entry, whichever thread starts first).
void aarch64_cpu::start_of_simulation() { core_.reset(params_.entry); }

void aarch64_cpu::power_on(uint64_t entry, uint64_t context, unsigned el) {
    on_entry_ = entry;
    on_context_ = context;
    on_el_ = el;
    powered_ = true;
    power_on_event_.notify(SC_ZERO_TIME);
}

void aarch64_cpu::power_off() {
    powered_ = false;
    core_.request_stop();
}

void aarch64_cpu::wait_power_on() {
    sync();
    while (!powered_)
        wait(power_on_event_);
    core_.reset(on_entry_);
    if (on_el_ == 1) core_.set_el(1, true);
    core_.set_x(0, on_context_);
    current_el.write(on_el_);
    qk_.reset();
    accounted_ = core_.instructions();
    sample_lines();
}

void aarch64_cpu::run_thread() {
    on_entry_ = params_.entry;
    on_context_ = boot_x0_;
    on_el_ = 2;
    powered_ = !params_.start_powered_off;
    wait_power_on();
    if (debugger_) debugger_->started(*this);
    for (;;) {
        if (debugger_) debugger_->poll(*this);
        if (dmi_invalidated_) {
            core_.unmap_ram();
            dmi_mapped_ = false;
            dmi_invalidated_ = false;
        }
        if (dmi_wanted_ || (!dmi_mapped_ && !dmi_tried_)) {
            acquire_dmi(dmi_wanted_ ? dmi_want_addr_ : core_.pc(), dmi_wanted_ ? dmi_want_fetch_ : true);
            dmi_tried_ = true; // retried only when a target hints DMI again
        }
        dmi_wanted_ = false;

        // Instructions left in this quantum.
        account();
        const sc_time now = sc_time_stamp() + qk_.get_local_time();
        const sc_time end = qk_.next_sync_point();
        uint64_t budget = 1;
        if (end > now) budget = uint64_t((end - now) / params_.clock_period);
        if (budget == 0) budget = 1;
        // Stop where a PMU counter may overflow with its interrupt enabled.
        const uint64_t to_overflow = core_.pmu_instructions_to_overflow();
        if (to_overflow < budget) budget = to_overflow;

        const run_result r = core_.run(budget);
        account();
        switch (r.reason) {
        case stop_reason::exited:
            sync();
            if (params_.stop_simulation_on_exit) sc_stop();
            return;
        case stop_reason::wfi:
            ++wfi_count_;
            wait_for_interrupt();
            break;
        case stop_reason::requested: // DMI change or power off requested from inside run()
            if (!powered_) wait_power_on();
            break;
        case stop_reason::debug:
            // The simulation holds here (no time passes) until the debugger
            // resumes; the quantum then goes on where it stopped.
            if (debugger_) debugger_->halted(*this);
            break;
        case stop_reason::limit:
            if (qk_.need_sync()) {
                core_.clear_exclusive();
                qk_.sync();
                lines_ahead_ = false;
                sample_lines();
            }
            break;
        }
    }
}

// WFI: sleep until a wake-up event (an interrupt that could be taken at the
// current level, even if PSTATE masks it). Costs no host time.
void aarch64_cpu::wait_for_interrupt() {
    core_.clear_exclusive();
    // When no process runs before or at the local time and the CPU has no
    // wake-up event yet, the wake-up comes after the local time: wait for the
    // lines at once instead of first stepping to the local time (one thread
    // switch instead of two, the same wake-up time). With nothing scheduled
    // at all the step is kept, so that an idle simulation still ends at the
    // WFI's time. A traced run keeps the step: it is the reference the
    // vp_shortcuts_exact tests compare with.
    bool stepped = true;
    if (!el_observed_ && quiet_until_local_time() && sc_pending_activity_at_future_time()) {
        if (lines_ahead_) settle(); // the signals are about to be read
        else sample_lines();
        stepped = core_.wakeup_pending();
    }
    if (stepped) {
        sync();
        sample_lines();
    }
    while (!core_.wakeup_pending()) {
        if (line_events_.size() == 0) // the ports are bound once simulation runs
            line_events_ = irq.value_changed_event() | fiq.value_changed_event() | virq.value_changed_event() |
                           vfiq.value_changed_event();
        wait(line_events_);
        sample_lines();
    }
    qk_.reset();
    accounted_ = core_.instructions();
}

void aarch64_cpu::acquire_dmi(uint64_t addr, bool code) {
    tlm::tlm_generic_payload t;
    tlm::tlm_dmi dmi;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(addr);
    t.set_data_length(4);
    dmi_refused_addr_ = addr; // unless granted below: do not ask again for it
    if (!socket->get_direct_mem_ptr(t, dmi)) return;
    if (dmi.is_read_allowed() && !dmi.is_write_allowed()) {
        // The core decodes from the region the CPU executes in (asked at the
        // PC, or by a fetch; the core has one such window): a grant for code
        // takes the code's slot, a grant for data reads (erased flash) the
        // other one; without code, the slot not used last.
        const unsigned lru = rom_[rom_used_].ptr ? 1 - rom_used_ : rom_used_;
        const unsigned k = rom_code_ < 0 ? lru : code ? unsigned(rom_code_) : 1 - unsigned(rom_code_);
        rom_[k] = {dmi.get_dmi_ptr(), dmi.get_start_address(), dmi.get_end_address(), dmi.get_read_latency()};
        rom_used_ = k;
        dmi_refused_addr_ = ~0ull;
        if (code) {
            rom_code_ = int(k);
            map_rom_code();
        }
        return;
    }
    if (!dmi.is_read_write_allowed()) return;
    if (dmi_mapped_) { // the core has one RAM window: leave a second memory on the slow path, without asking again
        other_lo_ = dmi.get_start_address();
        other_hi_ = dmi.get_end_address();
        return;
    }
    // The core's window is 4 KiB aligned.
    const uint64_t lo = (dmi.get_start_address() + 0xfff) & ~0xfffull;
    const uint64_t hi_excl = (dmi.get_end_address() + 1) & ~0xfffull;
    if (hi_excl <= lo) return;
    uint8_t* host = dmi.get_dmi_ptr() + (lo - dmi.get_start_address());
    core_.map_ram(host, lo, hi_excl - lo);
    dmi_mapped_ = true;
    dmi_refused_addr_ = ~0ull;
    dmi_lo_ = lo;
    dmi_hi_ = hi_excl - 1;
}

// Code in the read-only region runs from the core's decoded pages and blocks
// (core::map_rom) when that changes nothing simulated or traced: a fetch
// from it then costs no time (no read latency, so the per-fetch path
// would only fold the count into the quantum keeper, which changes no time)
// and no mmio trace lists fetches (the per-fetch path traces each one as a
// read of the flash, as before the flash granted DMI). The core's window is
// the whole 4 KiB pages of the region; code in a partial page at either end
// keeps the per-fetch path.
void aarch64_cpu::map_rom_code() {
    const rom_region* r = rom_code_ >= 0 ? &rom_[rom_code_] : nullptr;
    const bool usable = r && r->ptr && r->latency == SC_ZERO_TIME && !trace_.mmio;
    const uint64_t lo = usable ? (r->lo + 0xfff) & ~0xfffull : 0;
    const uint64_t hi_excl = usable ? (r->hi + 1) & ~0xfffull : 0;
    if (hi_excl > lo)
        core_.map_rom(r->ptr + (lo - r->lo), lo, hi_excl - lo);
    else
        core_.unmap_rom();
}

void aarch64_cpu::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
    for (unsigned k = 0; k < 2; ++k) {
        rom_region& r = rom_[k];
        if (!r.ptr || end < r.lo || start > r.hi) continue;
        // At once, also when called from inside a running instruction (a
        // debugger's write while this CPU waits in a bus access): the core
        // stops reading the pointer now and drops the decoded code of the
        // region before its next instruction.
        r.ptr = nullptr;
        if (rom_code_ == int(k)) {
            rom_code_ = -1;
            core_.unmap_rom();
        }
        dmi_tried_ = false;
    }
    if (!dmi_mapped_ || end < dmi_lo_ || start > dmi_hi_) return;
    // Unmap between instructions, never under a running handler.
    dmi_invalidated_ = true;
    dmi_tried_ = false;
    core_.request_stop();
}

// Whether no process runs before or at the CPU's local time, so that an
// access done now gives what it would give then. While lines_ahead_ the
// drives of this CPU's own lines are still pending at the current time: they
// only copy levels the CPU already took from the view to signals nothing
// else reads (no tracer: the view answers only then), so they do not count,
// and the access needs neither a delta cycle nor a time step. The signals
// then skip an intermediate level of zero duration that nobody sees.
// (sc_time_to_pending_activity() in two cheaper steps: pending now, else the
// first timed notification; with none the answer is the maximum time.)
bool aarch64_cpu::quiet_until_local_time() {
    account();
    const sc_simcontext* const simc = simcontext();
    if (!lines_ahead_ && simc->pending_activity_at_current_time()) return false;
    sc_time next; // the first timed notification, absolute
    if (!simc->next_time(next)) return true;
    return next - simc->time_stamp() > qk_.get_local_time();
}

// A timeless read (access_timing_if) returns at the local time what it
// returns now when no process runs in between. The same holds for the lines
// sampled after it, so the read needs no context switch at all.
bool aarch64_cpu::read_ahead_allowed(uint64_t addr, unsigned size) {
    if (!timing_ || !timing_->timeless_read(addr, size, params_.cpu_index))
        return false;
    return quiet_until_local_time();
}

bool aarch64_cpu::transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned size, bool fetch) {
    // docs/architecture.md section 4 rule 1: the access happens at its exact time
    // (or, for a timeless read, at a time that gives the same result).
    // Except an instruction fetch (boot code in flash before it copies itself
    // to RAM): it has no side effect, so it runs ahead in the quantum like a
    // fetch from RAM, with its local offset as the annotated delay, and costs
    // no context switch.
    // Either shortcut implies that nothing is pending in this time step.
    const rom_region* rom = cmd == tlm::TLM_READ_COMMAND ? find_rom(addr, size) : nullptr;
    if (rom) {
        // As the transaction below would: the fetch runs ahead in the quantum,
        // the read latency advances the local time.
        if (fetch) account();
        std::memcpy(data, rom->ptr + (addr - rom->lo), size);
        if (rom->latency > SC_ZERO_TIME) qk_.inc(rom->latency);
        if (trace_.mmio) tracer_->device_access(*this, false, addr, data, size, true);
        return true;
    }
    // One question to the view before the access and one after it
    // (line_view_if::before_access, lines_after).
    vp::access_view seen;
    const bool viewed = view_ && !fetch;
    if (viewed) seen = view_->before_access(addr, params_.cpu_index);
    bool quiet = false;
    if (fetch)
        account();
    // A time-free access (common/line_view_if.h) gives the same result now as
    // at the local time when no process runs in between to see the difference.
    else if ((seen.time_free && quiet_until_local_time()) ||
             (cmd == tlm::TLM_READ_COMMAND && read_ahead_allowed(addr, size)))
        quiet = true;
    else {
        sync();
        quiet = view_ && !sc_pending_activity_at_current_time();
        // Other processes may have run during the wait.
        if (quiet && seen.lines_known) seen.foreign = view_->foreign_line_changes(params_.cpu_index);
    }
    // Whatever the access leaves pending in this time step is then its own
    // doing (common/line_view_if.h); the view tells whether it is only the
    // drive of this CPU's lines.
    quiet = quiet && viewed;
    ++device_accesses_;
    trans_.set_command(cmd);
    trans_.set_address(addr);
    trans_.set_data_ptr(static_cast<unsigned char*>(data));
    trans_.set_data_length(size);
    trans_.set_streaming_width(size);
    trans_.set_byte_enable_ptr(nullptr);
    trans_.set_dmi_allowed(false);
    trans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = fetch ? qk_.get_local_time() : SC_ZERO_TIME;
    socket->b_transport(trans_, delay);
    if (fetch)
        qk_.set(delay);
    else if (delay > SC_ZERO_TIME)
        qk_.inc(delay);
    const bool ok = trans_.is_response_ok();
    if (trace_.mmio) tracer_->device_access(*this, cmd == tlm::TLM_WRITE_COMMAND, addr, data, size, ok);
    if (trans_.is_dmi_allowed() && !(dmi_mapped_ && addr >= dmi_lo_ && addr <= dmi_hi_) && !in_rom(addr, 1) &&
        !(addr >= other_lo_ && addr <= other_hi_) && addr != dmi_refused_addr_) { // memory by the slow path: map it next
        dmi_wanted_ = true;
        dmi_want_addr_ = addr;
        dmi_want_fetch_ = fetch;
        core_.request_stop();
    }
    if (!fetch) {
        vp::cpu_line_levels v;
        if (quiet && view_->lines_after(seen, addr, params_.cpu_index, v)) {
            lines_ahead_ = simcontext()->pending_activity_at_current_time();
            core_.set_interrupt_lines({v.irq, v.fiq, v.virq, v.vfiq});
        } else {
            settle();
        }
    }
    return ok;
}

bool aarch64_cpu::bus_read(uint64_t addr, void* data, unsigned size, bool fetch) {
    return transport(tlm::TLM_READ_COMMAND, addr, data, size, fetch);
}

bool aarch64_cpu::bus_write(uint64_t addr, const void* data, unsigned size) {
    unsigned char buf[8];
    copy_access_bytes(buf, data, size);
    return transport(tlm::TLM_WRITE_COMMAND, addr, buf, size);
}

bool aarch64_cpu::ext_sysreg_implements(uint32_t key) const { return sysregs_ && sysregs_->implements(key); }

namespace {
core_env::sysreg_result convert(vp::sysreg_status s) {
    switch (s) {
    case vp::sysreg_status::ok: return core_env::sysreg_result::ok;
    case vp::sysreg_status::undefined: return core_env::sysreg_result::undefined;
    case vp::sysreg_status::trap_el1: return core_env::sysreg_result::trap_el1;
    case vp::sysreg_status::trap_el2: return core_env::sysreg_result::trap_el2;
    }
    return core_env::sysreg_result::undefined;
}
} // namespace

// Reads only need the time: pass the local time, no synchronisation.
core_env::sysreg_result aarch64_cpu::ext_sysreg_read(uint32_t key, unsigned el, bool tge, uint64_t& value) {
    return convert(sysregs_->read_at(params_.cpu_index, el, tge, local_time_value(), key, value));
}

// A write may change a timer output: synchronise, write, let it propagate.
// Shortcut 6 (docs/performance.md): a target that computes the write's effects
// at the time it is given, whose lines only this CPU observes, is written at
// the local time without the time step when no process runs before it.
core_env::sysreg_result aarch64_cpu::ext_sysreg_write(uint32_t key, unsigned el, bool tge, uint64_t value) {
    const bool early = view_ && sysregs_->writes_at_context_time() &&
                       view_->early_sysreg_write(params_.cpu_index) && quiet_until_local_time();
    if (!early) sync();
    vp::sysreg_context ctx;
    ctx.cpu = params_.cpu_index;
    ctx.el = el;
    ctx.tge = tge;
    ctx.now = early ? local_time() : sc_time_stamp();
    const auto s = convert(sysregs_->write(ctx, key, value));
    settle();
    return s;
}

// Like a timer output: at its exact time, seen before the next instruction.
void aarch64_cpu::pmu_interrupt(bool level) {
    sync();
    pmu_irq.write(level);
    settle();
}

void aarch64_cpu::console_write(const char* data, std::size_t size) {
    if (params_.console) {
        params_.console->write(data, std::streamsize(size));
        params_.console->flush();
    }
}

uint64_t aarch64_cpu::elapsed_ns() const { return uint64_t(local_time().to_seconds() * 1e9 + 0.5); }

void aarch64_cpu::warn(const char* message) {
    const std::string msg = std::string(name()) + ": " + message;
    vp::log::warning(core::log_category, msg);
}

// ---- debugging and tracing ----

void aarch64_cpu::set_tracer(cpu_tracer* t, const trace_categories& c) {
    tracer_ = t;
    trace_ = t ? c : trace_categories{};
    update_observer();
    map_rom_code(); // an mmio trace lists every fetch from the read-only region
}

void aarch64_cpu::set_debug_checks(bool instructions, bool data_accesses) {
    debug_instructions_ = instructions;
    debug_accesses_ = data_accesses;
    update_observer();
}

// The core calls back only for what someone asked for.
void aarch64_cpu::update_observer() {
    const bool each = debug_instructions_ || trace_.exec;
    const bool any = each || debug_accesses_ || trace_.interrupts || trace_.sysreg;
    core_.set_observer(any ? this : nullptr, each, debug_accesses_);
}

bool aarch64_cpu::before_instruction(uint64_t pc) {
    if (debug_instructions_ && debugger_->break_before(*this, pc)) return true;
    if (trace_.exec) tracer_->instruction(*this, pc);
    return false;
}

bool aarch64_cpu::before_access(uint64_t addr, unsigned size, bool write) {
    return debug_accesses_ && debugger_->watch(*this, addr, size, write);
}

void aarch64_cpu::exception_entered(unsigned from_el, unsigned kind) {
    if (trace_.interrupts) tracer_->exception_entered(*this, from_el, kind);
}

void aarch64_cpu::exception_returned(unsigned from_el) {
    if (trace_.interrupts) tracer_->exception_returned(*this, from_el);
}

void aarch64_cpu::sysreg_accessed(uint32_t key, bool read, uint64_t value, bool done) {
    if (trace_.sysreg) tracer_->sysreg_accessed(*this, key, read, value, done);
}

unsigned aarch64_cpu::debug_transport(tlm::tlm_command cmd, uint64_t pa, unsigned char* data, unsigned size) {
    tlm::tlm_generic_payload t;
    cpu_index_extension ext(params_.cpu_index);
    t.set_extension(&ext);
    t.set_command(cmd);
    t.set_address(pa);
    t.set_data_ptr(data);
    t.set_data_length(size);
    t.set_streaming_width(size);
    const unsigned n = socket->transport_dbg(t);
    t.clear_extension(&ext);
    return n;
}

// Page by page: each page of `va` translated on its own.
unsigned aarch64_cpu::debug_read(uint64_t va, void* data, unsigned size) {
    auto* p = static_cast<unsigned char*>(data);
    unsigned done = 0;
    while (done < size) {
        const unsigned part = std::min<unsigned>(size - done, unsigned(0x1000 - ((va + done) & 0xfff)));
        uint64_t pa;
        if (!core_.debug_translate(va + done, pa)) break;
        const unsigned n = debug_transport(tlm::TLM_READ_COMMAND, pa, p + done, part);
        done += n;
        if (n < part) break;
    }
    return done;
}

unsigned aarch64_cpu::debug_write(uint64_t va, const void* data, unsigned size) {
    std::vector<unsigned char> buf(static_cast<const unsigned char*>(data), static_cast<const unsigned char*>(data) + size);
    unsigned done = 0;
    while (done < size) {
        const unsigned part = std::min<unsigned>(size - done, unsigned(0x1000 - ((va + done) & 0xfff)));
        uint64_t pa;
        if (!core_.debug_translate(va + done, pa)) break;
        const unsigned n = debug_transport(tlm::TLM_WRITE_COMMAND, pa, buf.data() + done, part);
        core_.invalidate_code(pa, n); // the decode cache is keyed by physical address
        done += n;
        if (n < part) break;
    }
    return done;
}

void aarch64_cpu::el_changed(unsigned el) {
    if (!el_observed_)
        return;
    sync(); // so that the VCD shows the change where it happened
    current_el.write(el);
}

} // namespace vp::cpu
