// common/line_view_if.h: the default combined queries (before_access,
// lines_after) answer from the single ones, so a view that implements only
// those behaves as before for a CPU that asks the combined ones.
#include <gtest/gtest.h>

#include "common/line_view_if.h"

namespace {

// Answers set by the test; counts foreign line changes.
struct scripted_view : vp::line_view_if {
    uint64_t foreign = 7;
    bool time_free = false, own = false;
    vp::cpu_line_levels levels;
    uint64_t foreign_line_changes(unsigned) const override { return foreign; }
    bool own_lines_after(uint64_t, unsigned, vp::cpu_line_levels& l) const override {
        if (own) l = levels;
        return own;
    }
    bool time_free_access(uint64_t, unsigned) const override { return time_free; }
};

} // namespace

TEST(LineView, DefaultBeforeAccessIsTheSingleQueries) {
    scripted_view v;
    for (bool tf : {false, true}) {
        v.time_free = tf;
        const vp::access_view a = v.before_access(0x1000, 0);
        EXPECT_EQ(a.time_free, tf);
        EXPECT_TRUE(a.lines_known) << "the default leaves the answer to own_lines_after";
        EXPECT_EQ(a.foreign, 7u);
    }
}

TEST(LineView, DefaultLinesAfterNeedsNoForeignChangeAndTheOwnLines) {
    scripted_view v;
    v.levels.virq = true;
    const vp::access_view before = v.before_access(0x1000, 0);
    vp::cpu_line_levels l;
    EXPECT_FALSE(v.lines_after(before, 0x1000, 0, l)) << "own_lines_after says false";
    v.own = true;
    ASSERT_TRUE(v.lines_after(before, 0x1000, 0, l));
    EXPECT_TRUE(l.virq);
    EXPECT_FALSE(l.irq);
    ++v.foreign;
    EXPECT_FALSE(v.lines_after(before, 0x1000, 0, l)) << "a foreign line changed";
    vp::access_view unknown = v.before_access(0x1000, 0);
    unknown.lines_known = false;
    EXPECT_FALSE(v.lines_after(unknown, 0x1000, 0, l));
}
