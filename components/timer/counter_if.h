// What a timer needs from a system counter (Arm ARM DDI 0487 D11.1.2 "The
// system counter", I2 "System level implementation of the Generic Timer"):
// the count at any simulated time, the time at which the count will reach a
// value, and a notification when the count stops following simulated time in
// the way it did (enabled, disabled, halted on debug, CNTCV written).
//
// vp::timer::system_counter implements it; a platform that has its own
// counter model can implement it and bind that to generic_timer::counter.
#pragma once

#include <cstdint>

#include <systemc>

namespace vp::timer {

// Called synchronously, in the context of whatever changed the counter (a bus
// write from a CPU thread, the debug-halt input's method), so that timers
// reschedule before that context yields.
class counter_observer {
public:
    virtual ~counter_observer() = default;
    virtual void counter_changed() = 0;
};

// The count as a function of time while the counter keeps its state (until
// it next calls its observers), the time in SystemC resolution units
// (sc_time::value()): `count` up to `time`, then one more every
// `units_per_tick` units; a stopped counter has units_per_tick == 0.
struct count_line {
    uint64_t time = 0, count = 0, units_per_tick = 0;
    uint64_t at(uint64_t t) const { return units_per_tick == 0 || t <= time ? count : count + (t - time) / units_per_tick; }
};

class counter_if : public virtual sc_core::sc_interface {
public:
    // The count (CNTPCT) at time `t`. `t` may be ahead of sc_time_stamp() (a
    // CPU's local time inside its quantum); a time before the last change of
    // the counter's state answers the count of that change.
    virtual uint64_t count_at(const sc_core::sc_time& t) const = 0;

    // The current count_line, whose at() answers what count_at() does until
    // the observers are next called: for a caller that computes counts itself
    // (a CPU's counter reads, millions in polling loops). False when a tick is
    // not a whole number of resolution units (24 MHz at 1 ps): count_at() only.
    virtual bool line(count_line& /*l*/) const { return false; }

    // The base frequency in Hz (CNTFID0, the reset value of CNTFRQ_EL0).
    virtual uint64_t frequency_hz() const = 0;

    // The time of the tick after `from` that makes the count equal `target`
    // (modulo 2^64: a target below the current count is reached after the
    // count wraps), assuming the counter keeps its current state. False when
    // the counter is stopped or that time is beyond sc_time's range.
    virtual bool time_of_count(uint64_t target, const sc_core::sc_time& from, sc_core::sc_time& when) const = 0;

    // Observers are called in registration order.
    virtual void add_observer(counter_observer& observer) = 0;
};

} // namespace vp::timer
