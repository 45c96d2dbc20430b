#include "timer/system_counter.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include "common/cpu_index_extension.h"
#include "timer/counter_time.h"
#include "common/log.h"

namespace vp::timer {

namespace {

constexpr const char* report_type = "timer/system_counter";

// CounterID0-11 at 0xFD0-0xFFC (I2.3, IMPLEMENTATION DEFINED values): the
// CoreSight layout PIDR4-7, PIDR0-3, CIDR0-3. This model claims no designer
// or part number (PIDR all zero) and carries the standard component preamble
// 0xB105F00D with class 0xF (generic system component) in CIDR0-3.
constexpr uint8_t counter_id[12] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

uint64_t merge(uint64_t old, uint64_t value, uint64_t mask) { return (old & ~mask) | (value & mask); }

} // namespace

system_counter::system_counter(sc_core::sc_module_name name, uint64_t frequency_hz, bool enabled_at_reset)
    : sc_module(name),
      control_socket("control_socket"),
      read_socket("read_socket"),
      debug_halt("debug_halt"),
      frequency_hz_(frequency_hz),
      units_per_second_(sc_core::sc_time(1, sc_core::SC_SEC).value()),
      units_per_tick_(frequency_hz != 0 && units_per_second_ % frequency_hz == 0 ? units_per_second_ / frequency_hz
                                                                                   : 0),
      enable_(enabled_at_reset),
      counting_(enabled_at_reset),
      control_(report_type, frame_size),
      read_(report_type, frame_size) {
    if (frequency_hz_ == 0 || frequency_hz_ > std::numeric_limits<uint32_t>::max()) {
        std::ostringstream msg;
        msg << this->name() << ": frequency " << frequency_hz_ << " Hz is outside 1 .. 2^32-1 (CNTFID0 is 32 bits)";
        SC_REPORT_ERROR(report_type, msg.str().c_str());
    }
    declare_control_frame();
    declare_read_frame();

    control_socket.register_b_transport(this, &system_counter::b_transport_control);
    control_socket.register_transport_dbg(this, &system_counter::transport_dbg_control);
    read_socket.register_b_transport(this, &system_counter::b_transport_read);
    read_socket.register_transport_dbg(this, &system_counter::transport_dbg_read);
}

void system_counter::end_of_elaboration() {
    // The debug-halt input is optional: a process only when it is bound.
    if (debug_halt.size() == 0)
        return;
    sc_core::sc_spawn_options opts;
    opts.spawn_method();
    opts.set_sensitivity(&debug_halt->value_changed_event());
    opts.dont_initialize();
    sc_core::sc_spawn([this] { on_debug_halt(); }, "debug_halt_monitor", &opts);
}

// --- the register frames ---------------------------------------------------

void system_counter::declare_control_frame() {
    auto& b = control_;
    b.add({"CNTCR", CNTCR, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return uint64_t(cntcr()); },
           [this](unsigned, uint64_t v, uint64_t m, const bus_access&) { write_cntcr(v, m); }});
    b.add({"CNTSR", CNTSR, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return uint64_t(cntsr()); },
           nullptr});
    b.add({"CNTCV", CNTCV, 8, 1, SIZES_32 | SIZES_64,
           [this](unsigned, const bus_access&) { return count_at(access_time_); },
           [this](unsigned, uint64_t v, uint64_t m, const bus_access&) { write_cntcv(v, m); }});
    b.add({"CNTID", CNTID, 4, 1, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(0); }, nullptr});
    b.add({"CNTFID0", CNTFID0, 4, 1, SIZES_32, [this](unsigned, const bus_access&) { return frequency_hz_; },
           nullptr});
    b.add({"CNTFID1", CNTFID1, 4, 1, SIZES_32, [](unsigned, const bus_access&) { return uint64_t(0); }, nullptr});
    declare_counter_id(b);
}

void system_counter::declare_read_frame() {
    read_.add({"CNTCV", READ_CNTCV, 8, 1, SIZES_32 | SIZES_64,
               [this](unsigned, const bus_access&) { return count_at(access_time_); }, nullptr});
    declare_counter_id(read_);
}

void system_counter::declare_counter_id(register_bank& bank) {
    bank.add({"CounterID", COUNTER_ID, 4, 12, SIZES_32,
              [](unsigned i, const bus_access&) { return uint64_t(counter_id[i]); }, nullptr});
}

uint32_t system_counter::cntcr() const {
    // FCREQ always reads 0: the only frequency-modes entry.
    return (enable_ ? CNTCR_EN : 0) | (halt_on_debug_ ? CNTCR_HDBG : 0);
}

uint32_t system_counter::cntsr() const {
    // FCACK = 0 (entry 0 selected); DBGH while halted on debug.
    return (enable_ && halt_on_debug_ && halt_requested()) ? CNTSR_DBGH : 0;
}

// --- side effects ------------------------------------------------------------

void system_counter::write_cntcr(uint64_t value, uint64_t mask) {
    const uint64_t v = merge(cntcr(), value, mask);
    if ((v & CNTCR_FCREQ_MASK) != 0)
        warn_once("CNTCR.FCREQ selects a frequency-modes entry that is not implemented (only entry 0): ignored");
    enable_ = (v & CNTCR_EN) != 0;
    halt_on_debug_ = (v & CNTCR_HDBG) != 0;
    update_counting();
}

void system_counter::write_cntcv(uint64_t value, uint64_t mask) {
    if (enable_)
        warn_once("CNTCV written while the counter is enabled (UNKNOWN in the Arm ARM): "
                  "the model applies the value and keeps counting");
    rebase(sc_core::sc_time_stamp());
    base_count_ = merge(base_count_, value, mask);
    notify_observers();
}

void system_counter::on_debug_halt() { update_counting(); }

bool system_counter::halt_requested() const { return debug_halt.size() > 0 && debug_halt->read(); }

void system_counter::update_counting() {
    const bool counting = enable_ && !(halt_on_debug_ && halt_requested());
    if (counting == counting_)
        return;
    rebase(sc_core::sc_time_stamp());
    counting_ = counting;
    notify_observers();
}

void system_counter::rebase(const sc_core::sc_time& now) {
    base_count_ = count_at(now);
    base_time_ = std::max(now, base_time_);
}

void system_counter::notify_observers() {
    for (auto* o : observers_)
        o->counter_changed();
}

void system_counter::add_observer(counter_observer& observer) { observers_.push_back(&observer); }

void system_counter::warn_once(const std::string& what) {
    vp::log::warning_once(report_type, std::string(name()) + what, std::string(name()) + ": " + what);
}

// --- counter_if --------------------------------------------------------------

uint64_t system_counter::count_at(const sc_core::sc_time& t) const {
    if (!counting_ || t <= base_time_)
        return base_count_;
    const uint64_t dt = (t - base_time_).value();
    if (units_per_tick_ != 0)
        return base_count_ + dt / units_per_tick_; // same value as ticks_after(), cheaper
    // The count wraps modulo 2^64 (truncation of the 128-bit tick count).
    return base_count_ + uint64_t(ticks_after(dt, frequency_hz_, units_per_second_));
}

// Every change of base_time_, base_count_ or counting_ ends with
// notify_observers() (rebase() is only called before it).
bool system_counter::line(count_line& l) const {
    if (counting_ && units_per_tick_ == 0)
        return false;
    l.time = base_time_.value();
    l.count = base_count_;
    l.units_per_tick = counting_ ? units_per_tick_ : 0;
    return true;
}

bool system_counter::time_of_count(uint64_t target, const sc_core::sc_time& from, sc_core::sc_time& when) const {
    if (!counting_)
        return false;
    const sc_core::sc_time t = std::max(from, base_time_);
    const uint128 elapsed = ticks_after((t - base_time_).value(), frequency_hz_, units_per_second_);
    const uint64_t current = base_count_ + uint64_t(elapsed);
    const uint64_t distance = target - current; // modulo 2^64
    // Reaching the current value again takes a full wrap.
    const uint128 ticks = distance != 0 ? uint128(distance) : (uint128(1) << 64);
    const uint128 at = uint128(base_time_.value()) + time_of_tick(elapsed + ticks, frequency_hz_, units_per_second_);
    if (at > std::numeric_limits<sc_core::sc_time::value_type>::max())
        return false; // beyond the end of simulated time
    when = sc_core::sc_time::from_value(sc_core::sc_time::value_type(at));
    // Model bug guard (kept in release builds): a tick at or before `t` would
    // make a timer reschedule itself forever at the same instant.
    if (when <= t)
        SC_REPORT_FATAL(report_type, "model bug: time_of_count answered a time not after its start");
    return true;
}

// --- TLM -----------------------------------------------------------------------

void system_counter::b_transport_control(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    access_time_ = sc_core::sc_time_stamp() + delay;
    control_.b_transport(trans, delay, initiator_cpu(trans));
}

void system_counter::b_transport_read(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    access_time_ = sc_core::sc_time_stamp() + delay;
    read_.b_transport(trans, delay, initiator_cpu(trans));
}

unsigned system_counter::transport_dbg_control(tlm::tlm_generic_payload& trans) {
    access_time_ = sc_core::sc_time_stamp();
    return control_.transport_dbg(trans, initiator_cpu(trans));
}

unsigned system_counter::transport_dbg_read(tlm::tlm_generic_payload& trans) {
    access_time_ = sc_core::sc_time_stamp();
    return read_.transport_dbg(trans, initiator_cpu(trans));
}

} // namespace vp::timer
