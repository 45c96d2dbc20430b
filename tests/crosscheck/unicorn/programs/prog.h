// Shared by the cross-check programs: freestanding helpers and the result
// area both machines' memories are compared on.
#pragma once
#include <stddef.h>
#include <stdint.h>

// Every program writes what it computed here (in .bss); the whole RAM image
// is compared afterwards, this just keeps the results from being optimised out.
extern volatile uint64_t xcheck_result[64];

void* memcpy(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
void* memmove(void* dst, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);

// Deterministic pseudo-random numbers (64-bit LCG, Knuth's MMIX constants).
static inline uint64_t lcg(uint64_t* s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s;
}
