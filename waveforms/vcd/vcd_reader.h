// A small reader for Value Change Dump files (IEEE 1364 section 18), enough for
// what SystemC's VCD writer produces: nested scopes, scalar and vector wires,
// real variables. Tests use it to assert waveform facts; vcd2svg renders it.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace vp::vcd {

struct vcd_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct change {
    uint64_t time;     // in timescale units (see trace::timescale_ps)
    std::string value; // "0", "1", "x", "z", a binary string for vectors, or a real as text
};

struct signal {
    std::string name; // hierarchical, dot-separated, without the writer's top scope
    unsigned width = 1;
    bool real = false;
    std::vector<change> changes; // in time order; the first is the initial value

    // Value at time t (the last change at or before t); "x" before the first.
    const std::string& value_at(uint64_t t) const;
    // Numeric value at time t (binary vectors and scalars; x/z read as 0).
    uint64_t uint_at(uint64_t t) const;
    // Times at which the (scalar) signal went 0->1, or 1->0.
    std::vector<uint64_t> rising_edges() const;
    std::vector<uint64_t> falling_edges() const;
    // Distinct successive numeric values (collapsing repeats), for sequences
    // such as a list register's State going 1 -> 0 without passing 2.
    std::vector<uint64_t> value_sequence() const;
};

class trace {
public:
    static trace load(const std::string& path); // throws vcd_error
    static trace parse(const std::string& text);

    uint64_t timescale_ps() const { return timescale_ps_; }
    uint64_t end_time() const { return end_time_; }
    bool has(const std::string& name) const { return index_.count(name) != 0; }
    // Throws vcd_error naming the signal when it does not exist.
    const signal& operator[](const std::string& name) const;
    std::vector<std::string> names() const;

private:
    uint64_t timescale_ps_ = 1;
    uint64_t end_time_ = 0;
    std::vector<signal> signals_;
    std::map<std::string, size_t> index_;
};

} // namespace vp::vcd
