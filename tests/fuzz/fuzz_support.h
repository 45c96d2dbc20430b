// Shared by the libFuzzer targets (tests/fuzz/README.md).
#pragma once

#include <cstdlib>
#include <cstdio>

// A broken invariant: print it and abort, so libFuzzer saves the input.
#define FUZZ_CHECK(cond, ...)                                                                                      \
    do {                                                                                                           \
        if (!(cond)) {                                                                                             \
            std::fprintf(stderr, "invariant broken: %s: ", #cond);                                               \
            std::fprintf(stderr, __VA_ARGS__);                                                                     \
            std::fprintf(stderr, "\n");                                                                            \
            std::abort();                                                                                          \
        }                                                                                                          \
    } while (0)
