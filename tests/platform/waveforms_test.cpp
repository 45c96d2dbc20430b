// Waveform facts read back from the VCD that `vp --vcd` writes (issue 7): what
// a user sees in GTKWave is what the models did. Each test runs the vp
// executable on a firmware scenario, as a user would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>

#include "vcd/vcd_reader.h"

namespace {

using vp::vcd::trace;

// Runs vp on `scenario` writing `vcd`; returns vp's exit status.
int run_vp(const std::string& scenario, const std::string& vcd, const std::string& extra = "", bool quiet = true) {
    const std::string cmd = std::string(VP_BINARY) + (quiet ? " --quiet" : "") + " --max-time 2s --firmware " + VP_FIRMWARE_DIR + "/" +
                            scenario + ".elf --vcd " + vcd + " " + extra + " > " + vcd + ".log 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// First time >= t at which `sig` changes to value v (UINT64_MAX if never).
uint64_t next_change_to(const vp::vcd::signal& sig, uint64_t t, uint64_t v) {
    for (const auto& c : sig.changes)
        if (c.time >= t && sig.uint_at(c.time) == v)
            return c.time;
    return UINT64_MAX;
}

// The fold of the seed: the first time list register 0 leaves Pending for
// Invalid. Asserts it never passed through Active on the way (the guest never
// acknowledged, its PSTATE.I was set).
uint64_t fold_time(const trace& t) {
    const auto& lr = t["gic.cpu0.lr0.state"];
    const uint64_t pending = next_change_to(lr, 0, 1);
    EXPECT_NE(pending, UINT64_MAX) << "LR0 never became pending";
    const uint64_t invalid = next_change_to(lr, pending, 0);
    EXPECT_NE(invalid, UINT64_MAX) << "LR0 never left pending";
    for (const auto& c : lr.changes) {
        if (c.time > pending && c.time < invalid) {
            EXPECT_EQ(lr.uint_at(c.time), 1u) << "LR0 left pending through another state at " << c.time;
        }
    }
    EXPECT_EQ(t["gic.cpu0.lr0.hw"].uint_at(pending), 1u) << "the vtimer LR has HW=1";
    EXPECT_EQ(t["gic.cpu0.lr0.pid"].uint_at(pending), 27u);
    EXPECT_EQ(t["gic.cpu0.lr0.vid"].uint_at(pending), 27u);
    return invalid;
}

TEST(PlatformWaveforms, SeedFoldClearsPhysicalActiveAndNextEdgeIsDelivered) {
    ASSERT_EQ(run_vp("seed_masked_lowered", "seed_wave.vcd"), 0) << slurp("seed_wave.vcd.log");
    const trace t = trace::load("seed_wave.vcd");
    const uint64_t fold = fold_time(t);
    const auto& line = t["gic.cpu0.irq27.line"];
    const auto& active = t["gic.cpu0.irq27.active"];
    // The guest lowered the timer line while the LR was still pending.
    EXPECT_EQ(line.uint_at(fold), 0u);
    EXPECT_EQ(t["timer.cpu0.cntvirq"].uint_at(fold), 0u);
    // The physical active state of INTID 27 (set since EL2 acknowledged it)
    // falls at the fold: the hypervisor writes GICD_ICACTIVER between reading
    // the list register and rewriting it, within a few instructions.
    const uint64_t pending = next_change_to(t["gic.cpu0.lr0.state"], 0, 1);
    ASSERT_EQ(active.uint_at(pending), 1u) << "PPI 27 active while its LR is pending";
    const uint64_t deactivated = next_change_to(active, pending, 0);
    ASSERT_NE(deactivated, UINT64_MAX) << "physical active never cleared";
    EXPECT_LE(deactivated, fold + 5000) << "cleared at the fold";
    EXPECT_GE(deactivated + 5000, fold) << "cleared at the fold, not before";
    EXPECT_EQ(line.uint_at(deactivated), 0u) << "cleared because the sampled line was low";
    // The next rising edge of cntvirq reaches EL2 and then the guest.
    const auto& cntv = t["timer.cpu0.cntvirq"].rising_edges();
    auto edge = std::find_if(cntv.begin(), cntv.end(), [&](uint64_t e) { return e > deactivated; });
    ASSERT_NE(edge, cntv.end()) << "no later timer edge";
    EXPECT_EQ(next_change_to(t["cpu0.irq"], *edge, 1), *edge) << "physical irq rises with the line";
    const uint64_t virq = next_change_to(t["cpu0.virq"], *edge, 1);
    ASSERT_NE(virq, UINT64_MAX) << "virq never rose after the next edge";
    EXPECT_LT(virq - *edge, 20000u) << "delivered to the guest within 20 us";
}

TEST(PlatformWaveforms, NaiveFoldLosesTheNextEdge) {
    ASSERT_EQ(run_vp("seed_masked_lowered_naive", "naive_wave.vcd"), 2) << slurp("naive_wave.vcd.log");
    const trace t = trace::load("naive_wave.vcd");
    const uint64_t fold = fold_time(t);
    const auto& active = t["gic.cpu0.irq27.active"];
    // Without GICD_ICACTIVER the physical active state stays set with the line low ...
    const uint64_t pending = next_change_to(t["gic.cpu0.lr0.state"], 0, 1);
    EXPECT_EQ(next_change_to(active, pending, 0), UINT64_MAX) << "physical active must stay set (the bug)";
    EXPECT_EQ(active.uint_at(t.end_time()), 1u);
    // ... so the next rising edge of the timer line is never signalled: no
    // physical irq and no virq after the fold.
    const auto& cntv = t["timer.cpu0.cntvirq"].rising_edges();
    EXPECT_TRUE(std::any_of(cntv.begin(), cntv.end(), [&](uint64_t e) { return e > fold; }))
        << "the timer did fire again";
    EXPECT_EQ(next_change_to(t["cpu0.irq"], fold, 1), UINT64_MAX);
    EXPECT_EQ(next_change_to(t["cpu0.virq"], fold, 1), UINT64_MAX);
}

TEST(PlatformWaveforms, SameRunGivesByteIdenticalVcd) {
    ASSERT_EQ(run_vp("mapped_vtimer", "det_a.vcd"), 0);
    ASSERT_EQ(run_vp("mapped_vtimer", "det_b.vcd"), 0);
    const std::string a = slurp("det_a.vcd"), b = slurp("det_b.vcd");
    ASSERT_GT(a.size(), 1000u);
    EXPECT_TRUE(a == b) << "two runs of the same scenario differ";
}

TEST(PlatformWaveforms, HierarchicalNamesAndChosenInterrupts) {
    ASSERT_EQ(run_vp("mapped_vtimer", "names.vcd", "--trace-irq 27,33"), 0);
    const trace t = trace::load("names.vcd");
    for (const char* name :
         {"cpu0.irq", "cpu0.fiq", "cpu0.virq", "cpu0.vfiq", "cpu0.el", "timer.cpu0.cntvirq", "timer.cpu0.cntpnsirq",
          "timer.cpu0.cnthpirq", "gic.cpu0.maintenance", "gic.cpu0.hcr_en", "gic.cpu0.misr", "gic.cpu0.lr0.state",
          "gic.cpu0.lr3.pid", "gic.cpu0.irq27.line", "gic.cpu0.irq27.pending", "gic.cpu0.irq27.active",
          "gic.irq33.line", "gic.irq33.pending", "gic.irq33.active"})
        EXPECT_TRUE(t.has(name)) << name;
    EXPECT_FALSE(t.has("gic.cpu0.irq30.line")) << "only the chosen INTIDs";
    // The hypervisor enabled the virtual interface; the guest ran at EL1.
    EXPECT_FALSE(t["gic.cpu0.hcr_en"].rising_edges().empty());
    const auto el = t["cpu0.el"].value_sequence();
    EXPECT_EQ(el.front(), 2u) << "reset at EL2";
    EXPECT_NE(std::find(el.begin(), el.end(), 1u), el.end()) << "the guest ran at EL1";
}

TEST(PlatformWaveforms, NoVcdWithoutTheOption) {
    std::remove("absent.vcd");
    const std::string cmd = std::string(VP_BINARY) + " --quiet --firmware " + VP_FIRMWARE_DIR +
                            "/mapped_vtimer.elf > absent.log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_FALSE(std::ifstream("absent.vcd").good());
}

// --- The window (issue 15): --vcd-start/--vcd-stop -------------------------

// The first time stamp of a VCD's text ("#123" -> 123), which must come
// before its $dumpvars block.
uint64_t first_stamp(const std::string& text) {
    const size_t hash = text.find("\n#");
    EXPECT_NE(hash, std::string::npos);
    EXPECT_LT(hash, text.find("$dumpvars")) << "the $dumpvars block carries the window's start time";
    return std::stoull(text.substr(hash + 2));
}

// The window [start, stop] of the whole run's trace `full` is what a windowed
// run wrote: every signal's value at the start (the $dumpvars block), then
// exactly the changes in (start, stop], and nothing else.
void expect_window_of(const trace& full, const trace& win, uint64_t start, uint64_t stop) {
    ASSERT_EQ(win.names(), full.names());
    for (const auto& name : full.names()) {
        const auto& w = win[name];
        const auto& f = full[name];
        ASSERT_FALSE(w.changes.empty()) << name << ": no value at the start";
        EXPECT_EQ(w.changes.front().time, start) << name << ": a value before the start";
        EXPECT_EQ(w.changes.front().value, f.value_at(start)) << name << " at the start";
        std::vector<std::pair<uint64_t, std::string>> expected, got;
        for (const auto& c : f.changes)
            if (c.time > start && c.time <= stop)
                expected.push_back({c.time, c.value});
        for (size_t i = 1; i < w.changes.size(); ++i)
            got.push_back({w.changes[i].time, w.changes[i].value});
        EXPECT_EQ(got, expected) << name << ": the changes inside the window";
    }
    EXPECT_EQ(win.end_time(), stop) << "the trace ends at the stop";
}

// Around the seed's fold: from 1 us before list register 0 is written to 1 us
// after the physical active state of 27 is cleared.
TEST(PlatformWaveforms, WindowHoldsTheValuesAtItsStartAndTheChangesUpToItsStop) {
    ASSERT_EQ(run_vp("seed_masked_lowered", "full.vcd"), 0) << slurp("full.vcd.log");
    const trace full = trace::load("full.vcd");
    const uint64_t pending = next_change_to(full["gic.cpu0.lr0.state"], 0, 1);
    ASSERT_NE(pending, UINT64_MAX);
    const uint64_t cleared = next_change_to(full["gic.cpu0.irq27.active"], pending, 0);
    ASSERT_NE(cleared, UINT64_MAX);
    const uint64_t start = pending - 1000, stop = cleared + 1000;
    ASSERT_LT(full["cpu0.el"].changes.front().time, start) << "something happens before the window";
    ASSERT_GT(full["cpu0.el"].changes.back().time, stop) << "and after it";

    const std::string window = "--vcd-start " + std::to_string(start) + "ns --vcd-stop " + std::to_string(stop) + "ns";
    ASSERT_EQ(run_vp("seed_masked_lowered", "win.vcd", window), 0) << slurp("win.vcd.log");
    const std::string text = slurp("win.vcd");
    EXPECT_EQ(first_stamp(text), start);
    const trace win = trace::parse(text);
    expect_window_of(full, win, start, stop);
    // The list register write happens inside: a change, not an initial value.
    EXPECT_EQ(win["gic.cpu0.lr0.state"].value_sequence(), (std::vector<uint64_t>{0, 1, 0}));
    const std::string whole = slurp("full.vcd");
    EXPECT_LT(std::count(text.begin(), text.end(), '#') * 2, std::count(whole.begin(), whole.end(), '#'))
        << "fewer than half the time steps of the run";

    ASSERT_EQ(run_vp("seed_masked_lowered", "win2.vcd", window), 0);
    EXPECT_TRUE(slurp("win2.vcd") == text) << "two runs, one window: identical bytes";
}

TEST(PlatformWaveforms, WindowOpensOnAListRegisterWithHwAndOnAPendingInterrupt) {
    ASSERT_EQ(run_vp("seed_masked_lowered", "full_t.vcd"), 0) << slurp("full_t.vcd.log");
    const trace full = trace::load("full_t.vcd");
    // When the whole trace first shows a list register holding HW = 1,
    // pINTID 27 (not Invalid), and PPI 27 first pending.
    uint64_t injected = UINT64_MAX;
    for (unsigned k = 0; k < 4; ++k) {
        const std::string lr = "gic.cpu0.lr" + std::to_string(k);
        for (const auto& c : full[lr + ".state"].changes)
            if (c.time < injected && full[lr + ".state"].uint_at(c.time) != 0 && full[lr + ".hw"].uint_at(c.time) == 1 &&
                full[lr + ".pid"].uint_at(c.time) == 27)
                injected = c.time;
    }
    ASSERT_NE(injected, UINT64_MAX);
    const auto& pending_edges = full["gic.cpu0.irq27.pending"].rising_edges();
    ASSERT_FALSE(pending_edges.empty());
    ASSERT_LT(pending_edges.front(), injected) << "the hypervisor injects after the physical interrupt";

    struct {
        const char* trigger;
        uint64_t at;
    } cases[] = {{"lr-hw:27", injected}, {"irq:27", pending_edges.front()}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.trigger);
        ASSERT_EQ(run_vp("seed_masked_lowered", "trig.vcd", std::string("--vcd-start ") + c.trigger +
                                                                  " --vcd-stop +20us",
                         false),
                  0);
        const std::string text = slurp("trig.vcd");
        EXPECT_EQ(first_stamp(text), c.at);
        expect_window_of(full, trace::parse(text), c.at, c.at + 20000);
        // vp says when the window opened (in ms).
        std::ostringstream said;
        said << "from " << std::fixed << std::setprecision(6) << double(c.at) / 1e6 << " ms (" << c.trigger << ")";
        EXPECT_NE(slurp("trig.vcd.log").find(said.str()), std::string::npos) << slurp("trig.vcd.log");
    }
}

TEST(PlatformWaveforms, WindowThatNeverOpensIsAWarningAndAnEmptyTrace) {
    // mapped_vtimer exits long before 1.5 s; nothing raises SPI 200.
    for (const char* start : {"1.5s", "irq:200"}) {
        SCOPED_TRACE(start);
        ASSERT_EQ(run_vp("mapped_vtimer", "never.vcd", std::string("--vcd-start ") + start), 0)
            << "the run itself succeeded";
        EXPECT_NE(slurp("never.vcd.log").find("never opened"), std::string::npos) << slurp("never.vcd.log");
        const trace t = trace::load("never.vcd");
        EXPECT_TRUE(t.has("gic.cpu0.lr0.state")) << "a valid VCD: the declarations";
        for (const auto& name : t.names())
            EXPECT_TRUE(t[name].changes.empty()) << name;
    }
}

} // namespace
