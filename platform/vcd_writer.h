// A Value Change Dump writer (IEEE 1364-2005 section 18) that only writes
// inside a time window, so that a trace of a long run (Linux KVM, about a
// second simulated) stays small. SystemC 2.3.4's VCD writer cannot pause and
// Debian does not install its headers, so vp writes its VCD itself.
//
// The caller reports each signal's value as it changes (`set`, in simulation
// time order). Values are kept per time step and written when a later time
// step begins, so only the value at the end of a time step appears (as
// SystemC's writer does without delta-cycle tracing).
//
// The window: nothing before `start`; at `start` a $dumpvars block holds
// every signal's value just before that time step, followed by the changes of
// that time step; then every change up to and including `stop`; nothing
// after. The last line is the time the window closed (stop, or the end of the
// run). The start may be unknown at first (a trigger): `open()` fixes it.
// The header carries no date: two runs of a scenario give identical bytes.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace vp::platform {

class vcd_writer {
public:
    // Times are in timescale units (`timescale` is written as is, e.g. "1 ns").
    vcd_writer(const std::string& path, const std::string& timescale);
    ~vcd_writer(); // finish(): flushes the last time step

    // Declares a signal before the first set(): dotted names become scopes
    // ("gic.cpu0.lr0.state" is `state` in scope gic/cpu0/lr0). Width 1 is a
    // scalar, more a vector. Initial value 0. Returns the signal's handle.
    size_t add(const std::string& name, unsigned width);

    // The value of signal `id` from time `t` on (t never decreases).
    void set(size_t id, uint64_t value, uint64_t t);

    // The window, from time 0 to the end by default. Either a start time is
    // set before the run, or await_open() makes the start the time of the
    // first open() call (a trigger). The stop is absolute (set_stop) or
    // relative to the start (set_stop_after).
    void set_start(uint64_t t) { start_ = t; }
    void await_open() { start_.reset(); }
    void set_stop(uint64_t t) { stop_ = t; }
    void set_stop_after(uint64_t d) { stop_after_ = d; }
    void open(uint64_t t);
    std::optional<uint64_t> start() const { return start_; }
    bool opened() const { return dumped_; }

    // Ends the trace at time `end` (the end of the run): writes the pending
    // time step and the closing time stamp. Called by the destructor if not
    // before; later set() calls are ignored.
    void finish(uint64_t end);
    uint64_t bytes_written() { return uint64_t(out_.tellp()); }

private:
    struct var {
        std::string name;
        unsigned width;
        std::string code;  // identifier code
        uint64_t value;    // at the end of the pending time step
        uint64_t settled;  // at the end of the last time step before it
    };

    void write_header();
    void flush(); // ends the pending time step
    void write_value(const var& v, uint64_t value);
    void stamp(uint64_t t);
    std::optional<uint64_t> stop() const;

    std::ofstream out_;
    std::string timescale_;
    std::vector<var> vars_;
    std::vector<size_t> dirty_; // vars set in the pending time step
    uint64_t pending_time_ = 0;
    std::optional<uint64_t> start_ = 0, stop_, stop_after_;
    std::optional<uint64_t> last_stamp_;
    bool header_written_ = false, dumped_ = false, finished_ = false;
};

} // namespace vp::platform
