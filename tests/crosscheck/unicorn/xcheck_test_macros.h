// One GoogleTest case per encoding class: ctest runs each in its own
// process, so the classes are compared in parallel.
#pragma once

#include <gtest/gtest.h>

#include "a64_gen.h"

// Expands to a test that compares class `cls` (a name in a64_gen.cpp's
// table) and fails listing the first mismatches. The summary line with the
// seed is printed either way.
#define VP_XCHECK_CLASS(suite, cls)                                                          \
    TEST(suite, cls) {                                                                       \
        const auto& c = ::vp::xcheck::find_class(#cls);                                      \
        const auto rep = ::vp::xcheck::run_class(c);                                         \
        EXPECT_GT(rep.compared, 0u);                                                         \
        EXPECT_EQ(rep.mismatches, 0u) << c.name << " (" << c.spec << ") differs from Unicorn: " \
                                      << (rep.messages.empty() ? "" : rep.messages.front());  \
    }

// Compares class `name` (a quarter of its default count) with stage 1
// translation on in both (lockstep::use_stage1), misaligned data included.
// The Normal-memory variant below:
// Compares class `name` with our EL1 data accesses to Normal memory
// (HCR_EL2.DC = 1: misaligned accesses allowed, as Unicorn implements them)
// and expects no difference.
inline void expect_same_with_stage1(const char* name) {
    ::vp::xcheck::run_options o;
    o.stage1 = true;
    const auto& c = ::vp::xcheck::find_class(name);
    o.count = c.default_count / 4 * ::vp::xcheck::env_scale();
    const auto rep = ::vp::xcheck::run_class(c, o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << name << ": " << (rep.messages.empty() ? "" : rep.messages.front());
}

inline void expect_same_in_normal_memory(const char* name) {
    ::vp::xcheck::run_options o;
    o.normal_misaligned = true;
    const auto rep = ::vp::xcheck::run_class(::vp::xcheck::find_class(name), o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << name << ": " << (rep.messages.empty() ? "" : rep.messages.front());
}
