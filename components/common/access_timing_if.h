// Which device reads an initiator may perform ahead of its local time.
//
// A temporally decoupled CPU synchronises before a device access so that the
// access happens at its exact simulated time (docs/ architecture, time and
// ordering, rule 1). A read that has no side effect and whose value does not
// depend on the time (a status register that only events change) gives the
// same value at the CPU's local time as now, provided no event falls in
// between: the CPU may then skip the context switch. Devices declare such
// registers in their register_bank table; the board answers by address.
#pragma once

#include <cstdint>

namespace vp {

class access_timing_if {
public:
    virtual ~access_timing_if() = default;
    // True if a read of `size` bytes at `addr` by CPU `cpu` has no side
    // effect and a value that depends on model state only, not on the time.
    virtual bool timeless_read(uint64_t addr, unsigned size, unsigned cpu) = 0;
};

} // namespace vp
