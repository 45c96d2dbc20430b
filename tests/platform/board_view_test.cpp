// The board's line view (common/line_view_if.h): the combined queries a CPU
// makes around each device access (before_access, lines_after) give the same
// answers as the single ones (time_free_access, own_lines_after,
// foreign_line_changes), for every GIC frame and its edges, other devices,
// each CPU and one that does not exist, with the GIC's state events off and
// on, and when a foreign line changed between the two queries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board.h"

using namespace vp::platform;

namespace {

std::vector<uint64_t> probe_addresses(const memory_map_config& m) {
    std::vector<uint64_t> a = {0, m.uart, m.cnt_read, m.ram, m.ram + 0x1000};
    const std::pair<uint64_t, uint64_t> frames[] = {{m.gicd, vp::gic::gicd::frame_size},
                                                    {m.gicc, vp::gic::gicc::frame_size},
                                                    {m.gich, vp::gic::virtual_gic::gich_window},
                                                    {m.gicv, vp::gic::virtual_gic::gicv_window}};
    for (const auto& [base, size] : frames) {
        a.push_back(base - 1);
        a.push_back(base);
        a.push_back(base + size - 4);
        a.push_back(base + size);
    }
    return a;
}

// GICH_HCR.En | UIE with no valid list register: the maintenance interrupt
// of `cpu` rises (a foreign line for every CPU).
void raise_maintenance(board& b, unsigned cpu) {
    vp::bus_access acc;
    acc.cpu = cpu;
    ASSERT_EQ(b.gic().virtualization().interface(cpu).gich_bank().write(0x0, 0x3, 4, acc), tlm::TLM_OK_RESPONSE);
}

void expect_same_answers(board& b) {
    const vp::line_view_if& view = b.line_view();
    for (bool events : {false, true}) {
        b.gic().set_state_events(events);
        for (unsigned cpu = 0; cpu <= b.num_cpus(); ++cpu) { // the last one does not exist
            for (uint64_t addr : probe_addresses(b.config().map)) {
                SCOPED_TRACE("cpu " + std::to_string(cpu) + " addr 0x" + std::to_string(addr) + " events " +
                             std::to_string(events));
                const vp::access_view before = view.before_access(addr, cpu);
                EXPECT_EQ(before.time_free, view.time_free_access(addr, cpu));
                vp::cpu_line_levels single, combined;
                const bool own = view.own_lines_after(addr, cpu, single);
                EXPECT_EQ(before.lines_known, own);
                if (before.lines_known) {
                    EXPECT_EQ(before.foreign, view.foreign_line_changes(cpu));
                }
                const bool after = view.lines_after(before, addr, cpu, combined);
                EXPECT_EQ(after, own);
                if (after) { // the same levels
                    EXPECT_EQ(combined.irq, single.irq);
                    EXPECT_EQ(combined.fiq, single.fiq);
                    EXPECT_EQ(combined.virq, single.virq);
                    EXPECT_EQ(combined.vfiq, single.vfiq);
                }
            }
        }
    }
    b.gic().set_state_events(false);
    // A foreign line changes between the two queries: no levels from the view.
    const uint64_t gich = b.config().map.gich;
    const unsigned other = b.num_cpus() - 1;
    const vp::access_view before = view.before_access(gich, 0);
    ASSERT_TRUE(before.lines_known);
    raise_maintenance(b, other);
    vp::cpu_line_levels l;
    EXPECT_NE(view.foreign_line_changes(0), before.foreign);
    EXPECT_FALSE(view.lines_after(before, gich, 0, l));
    // Taken again after the change: the levels are known.
    EXPECT_TRUE(view.lines_after(view.before_access(gich, 0), gich, 0, l));
}

} // namespace

TEST(BoardLineView, CombinedQueriesAnswerAsTheSingleOnesWithOneCpu) {
    board_config cfg;
    board b("board", cfg);
    EXPECT_TRUE(b.line_view().before_access(cfg.map.gicc, 0).time_free);
    expect_same_answers(b);
}

TEST(BoardLineView, CombinedQueriesAnswerAsTheSingleOnesWithTwoCpus) {
    board_config cfg;
    cfg.cpus = 2;
    cfg.gic.num_cpus = 2;
    board b("board", cfg);
    EXPECT_FALSE(b.line_view().before_access(cfg.map.gicc, 0).time_free) << "another CPU may see the change";
    expect_same_answers(b);
}
