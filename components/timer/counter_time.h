// The exact mapping between simulated time and the system counter's count.
//
// A counter running at f Hz since time t0 (in units of the SystemC time
// resolution, R units per second) has made
//     ticks(dt) = floor(dt * f / R)          dt = t - t0
// ticks by time t, and its n-th tick happens at
//     time_of_tick(n) = t0 + ceil(n * R / f).
// The two agree exactly: ticks(dt) >= n  <=>  dt >= ceil(n * R / f). With the
// default 62.5 MHz and a 1 ps resolution a tick is exactly 16 ns, tick n at
// 16n ns; with 24 MHz tick 1 is at 41667 ps (41666.67 rounded up), so a timer
// never fires before the count it waits for has been reached.
//
// Arithmetic is 128-bit: dt < 2^64 units and f < 2^32 Hz (CNTFID0 and
// CNTFRQ_EL0 are 32-bit, Arm ARM DDI 0487 I2.3 / D11.2), R <= 10^15 (1 fs), so
// every product stays below 2^115.
#pragma once

#include <cstdint>

namespace vp::timer {

__extension__ typedef unsigned __int128 uint128;

// Ticks made `dt` resolution units after the counter started.
constexpr uint128 ticks_after(uint64_t dt, uint64_t freq_hz, uint64_t units_per_second) {
    return uint128(dt) * freq_hz / units_per_second;
}

// Resolution units after the start at which tick `n` (1-based) happens.
constexpr uint128 time_of_tick(uint128 n, uint64_t freq_hz, uint64_t units_per_second) {
    return (n * units_per_second + (freq_hz - 1)) / freq_hz;
}

} // namespace vp::timer
