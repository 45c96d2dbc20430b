// The project's one logging helper. Every diagnostic of the models and of `vp`
// (guest mistakes, unmodelled features, host-side problems) goes through it.
//
//   vp::log::warning(cat, text)              a line every time (within the cap)
//   vp::log::warning_once(cat, cause, text)  a line the first time (cat, cause) is seen
//   vp::log::first(cat, cause)               the same test without printing, for callers
//                                            that format costly text or print elsewhere
//   vp::log::info(cat, text), debug(cat, text)   only at that level or above
//   vp::log::error(cat, text)                always printed, never capped
//
// `cat` is the component's category ("bus/router", "cpu/aarch64", ...), `cause`
// what makes two messages "the same" (an address, a register, an INTID; text
// causes are hashed).
//
// Bounded: per category at most cap() lines are printed and at most cap()
// causes remembered (default 20; `vp --log-cap`). What is beyond is counted;
// print_summary() prints the counts at the end. A guest that faults at a new
// address on every instruction thus costs constant memory and cap() lines.
//
// Output: one line per message, "vp: warning: <cat>: <text>", on stderr, never
// stdout (the guest's console). set_sink() redirects it: SystemC programs use
// route_to_systemc() (log_systemc.h), so reports keep their counters/actions.
// SystemC-free (the ISS core uses it). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace vp::log {

enum class level : int { error = 0, warning = 1, info = 2, debug = 3 };

// Messages above this level are dropped (default: warning).
void set_level(level l);
level get_level();
// Parses "error", "warning", "info", "debug"; false if none of them.
bool parse_level(std::string_view text, level& out);

// Lines printed and causes remembered per category; 0 means unbounded.
void set_cap(unsigned lines_per_category);
unsigned cap();

void error(std::string_view cat, const std::string& text);
void warning(std::string_view cat, const std::string& text);
void info(std::string_view cat, const std::string& text);
void debug(std::string_view cat, const std::string& text);

// True the first time (cat, cause) is seen while the category is under its
// cap; otherwise false (and a cause beyond the cap is counted as suppressed).
bool first(std::string_view cat, uint64_t cause);
bool first(std::string_view cat, std::string_view cause);

void warning_once(std::string_view cat, uint64_t cause, const std::string& text);
void warning_once(std::string_view cat, std::string_view cause, const std::string& text);

// Where lines go. The default writes "vp: <level>: <cat>: <text>\n" to stderr.
using sink_fn = std::function<void(level, std::string_view cat, const std::string& text)>;
void set_sink(sink_fn sink); // empty: back to the default

// Counters, per category: lines printed, messages dropped by the cap.
uint64_t printed(std::string_view cat);
uint64_t suppressed(std::string_view cat);

// One line per category that dropped messages; returns how many lines.
unsigned print_summary(std::ostream& os);

// Forgets every cause and counter (tests); keeps level, cap and sink.
void reset();

} // namespace vp::log
