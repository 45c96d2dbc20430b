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

class counter_if : public virtual sc_core::sc_interface {
public:
    // The count (CNTPCT) at time `t`. `t` may be ahead of sc_time_stamp() (a
    // CPU's local time inside its quantum); a time before the last change of
    // the counter's state answers the count of that change.
    virtual uint64_t count_at(const sc_core::sc_time& t) const = 0;

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
