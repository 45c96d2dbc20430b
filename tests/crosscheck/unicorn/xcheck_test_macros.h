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

// Compares class `name` with our EL1 data accesses to Normal memory
// (HCR_EL2.DC = 1: misaligned accesses allowed, as Unicorn implements them)
// and expects no difference.
inline void expect_same_in_normal_memory(const char* name) {
    ::vp::xcheck::run_options o;
    o.normal_misaligned = true;
    const auto rep = ::vp::xcheck::run_class(::vp::xcheck::find_class(name), o);
    EXPECT_GT(rep.compared, 0u);
    EXPECT_EQ(rep.mismatches, 0u) << name << ": " << (rep.messages.empty() ? "" : rep.messages.front());
}
