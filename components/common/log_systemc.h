// Routes vp::log (log.h) through SystemC's report handler, and SystemC's own
// reports to stderr.
//
// After route_to_systemc(), vp::log warnings become SC_REPORT_WARNING(cat, text)
// and info/debug SC_REPORT_INFO_VERB, so SystemC's per-type counters and
// actions (set_actions, SC_THROW in tests) apply; errors stay direct lines.
// Every report SystemC displays is then written as one line
// "vp: <severity>: <type>: <text>" to stderr (SystemC's default handler writes
// to stdout, where the guest's console is).
#pragma once

namespace vp::log {

void route_to_systemc();

} // namespace vp::log
