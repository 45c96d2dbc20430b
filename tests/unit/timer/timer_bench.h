// Testbench for the timer block: a system counter, a two-CPU generic timer,
// signals on every output with an edge recorder, and initiators on the
// counter's two frames. Tests drive it from sc_main between sc_start calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>

#include "testbench.h"
#include "timer/generic_timer.h"
#include "timer/system_counter.h"

namespace vp::timer::test {

using namespace sc_core;
using vp::test::run;

struct edge {
    sc_time at;
    unsigned cpu;
    timer_id id;
    bool level;
};

class bench : public sc_module {
public:
    static constexpr unsigned cpus = 2;

    system_counter counter;
    generic_timer timers;
    vp::test::initiator control;
    vp::test::initiator readbase;
    sc_vector<sc_signal<bool>> cntp{"cntp_line", cpus}, cntv{"cntv_line", cpus}, cnthp{"cnthp_line", cpus};
    std::vector<edge> edges;

    explicit bench(sc_module_name name, uint64_t freq = system_counter::default_frequency_hz,
                   bool counter_enabled = true)
        : sc_module(name),
          counter("counter", freq, counter_enabled),
          timers("timers", cpus),
          control("control"),
          readbase("readbase") {
        timers.counter(counter);
        timers.cntpnsirq.bind(cntp);
        timers.cntvirq.bind(cntv);
        timers.cnthpirq.bind(cnthp);
        control.socket.bind(counter.control_socket);
        readbase.socket.bind(counter.read_socket);
        for (unsigned cpu = 0; cpu < cpus; ++cpu)
            for (unsigned i = 0; i < num_timers; ++i) {
                const timer_id id = timer_id(i);
                sc_spawn_options opts;
                opts.spawn_method();
                opts.dont_initialize();
                opts.set_sensitivity(&line(cpu, id).value_changed_event());
                sc_spawn([this, cpu, id] { edges.push_back({sc_time_stamp(), cpu, id, line(cpu, id).read()}); },
                         ("probe_" + std::to_string(cpu) + "_" + std::to_string(i)).c_str(), &opts);
            }
    }

    sc_signal<bool>& line(unsigned cpu, timer_id id) {
        return id == timer_id::el1_physical ? cntp[cpu] : id == timer_id::virtual_ ? cntv[cpu] : cnthp[cpu];
    }

    // A system-register access at `el` from `cpu`, at the current time unless
    // `now` is given (a CPU's local time inside its quantum).
    static sysreg_context ctx(unsigned el = 2, unsigned cpu = 0, sc_time now = sc_time_stamp(), bool tge = false) {
        sysreg_context c;
        c.cpu = cpu;
        c.el = el;
        c.tge = tge;
        c.now = now;
        return c;
    }
    uint64_t rd(uint32_t key, unsigned cpu = 0, sc_time now = sc_time_stamp()) {
        uint64_t v = 0;
        EXPECT_EQ(timers.read(ctx(2, cpu, now), key, v), sysreg_status::ok) << generic_timer::register_name(key);
        return v;
    }
    // `now` ahead of sc_time_stamp(): a write made at a CPU's local time
    // (sysreg_target_if::writes_at_context_time).
    void wr(uint32_t key, uint64_t v, unsigned cpu = 0, sc_time now = sc_time_stamp()) {
        EXPECT_EQ(timers.write(ctx(2, cpu, now), key, v), sysreg_status::ok) << generic_timer::register_name(key);
    }
    // Edges recorded on one line.
    std::vector<edge> edges_of(unsigned cpu, timer_id id) const {
        std::vector<edge> out;
        for (const auto& e : edges)
            if (e.cpu == cpu && e.id == id)
                out.push_back(e);
        return out;
    }
};

// 62.5 MHz: one tick is 16 ns.
inline sc_time ticks(uint64_t n) { return sc_time::from_value(n * 16000); } // 1 ps resolution

} // namespace vp::timer::test
