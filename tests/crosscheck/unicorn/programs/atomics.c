// Atomics as gcc emits them for ARMv8.0 without LSE (-mno-outline-atomics):
// LDAXR/STLXR loops for fetch-add, exchange, compare-exchange, test-and-set
// spinlocks, in all widths; plus acquire loads and
// release stores.
#include "prog.h"

static uint8_t c8;
static uint16_t c16;
static uint32_t c32, lock_word;
static uint64_t c64, cas_target;

static void lock(uint32_t* l) {
    while (__atomic_exchange_n(l, 1u, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(l, __ATOMIC_RELAXED)) {}
    }
}
static void unlock(uint32_t* l) { __atomic_store_n(l, 0u, __ATOMIC_RELEASE); }

uint64_t main(uint64_t repeat) {
    uint64_t h = 0, seed = 3;
    for (uint64_t r = 0; r < repeat; ++r) {
        for (int i = 0; i < 500; ++i) {
            uint64_t v = lcg(&seed);
            h += __atomic_fetch_add(&c8, (uint8_t)v, __ATOMIC_SEQ_CST);
            h += __atomic_fetch_sub(&c16, (uint16_t)v, __ATOMIC_ACQ_REL);
            h += __atomic_fetch_xor(&c32, (uint32_t)v, __ATOMIC_RELEASE);
            h += __atomic_fetch_or(&c64, v >> 7, __ATOMIC_RELAXED);
            h += __atomic_fetch_and(&c64, ~(v & 0xff), __ATOMIC_ACQUIRE);
            uint64_t expected = cas_target;
            // Strong only: a weak exchange may fail spuriously (the SystemC CPU
            // clears the local monitor at sync points), which would be legal
            // but would make the two machines' results differ.
            if (__atomic_compare_exchange_n(&cas_target, &expected, expected + v, 0, __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED))
                h += 1;
            expected = v; // almost surely wrong: the exchange must fail and load the current value
            if (!__atomic_compare_exchange_n(&cas_target, &expected, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
                h ^= expected;
            lock(&lock_word);
            h = h * 3 + __atomic_load_n(&c32, __ATOMIC_ACQUIRE);
            unlock(&lock_word);
        }
    }
    xcheck_result[0] = h;
    xcheck_result[1] = c8 | (uint64_t)c16 << 8 | (uint64_t)c32 << 24;
    xcheck_result[2] = c64 ^ cas_target;
    xcheck_result[3] = lock_word;
    return h;
}
