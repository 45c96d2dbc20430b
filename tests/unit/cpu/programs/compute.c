/* Integer workload shared by the firmware test and the host reference:
 * sorting, CRC-32, 64-bit division, recursion. Only fixed-width types and
 * defined behaviour, so the host build computes the same result. */
#include <stdint.h>

#include "compute.h"

static uint32_t crc32_update(uint32_t crc, const uint8_t* p, unsigned n) {
    crc = ~crc;
    for (unsigned i = 0; i < n; ++i) {
        crc ^= p[i];
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void quicksort(int64_t* a, int lo, int hi) {
    while (lo < hi) {
        int64_t pivot = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) ++i;
            while (a[j] > pivot) --j;
            if (i <= j) {
                int64_t t = a[i];
                a[i] = a[j];
                a[j] = t;
                ++i;
                --j;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint64_t next_random(uint64_t* s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

uint64_t workload(unsigned rounds) {
    static int64_t data[256];
    static uint8_t bytes[512];
    uint64_t seed = 0x9e3779b97f4a7c15ull, acc = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        for (int i = 0; i < 256; ++i) data[i] = (int64_t)next_random(&seed);
        quicksort(data, 0, 255);
        for (int i = 1; i < 256; ++i) acc += data[i] >= data[i - 1] ? 1 : 1000000;
        for (int i = 0; i < 512; ++i) bytes[i] = (uint8_t)next_random(&seed);
        acc ^= crc32_update((uint32_t)acc, bytes, 512);
        for (int i = 0; i < 64; ++i) {
            uint64_t n = next_random(&seed), d = (next_random(&seed) >> (i & 63)) | 1;
            int64_t sn = (int64_t)n, sd = (int64_t)(d >> 1) - (int64_t)(d >> 2);
            if (sd == 0) sd = 3;
            acc += n / d + n % d;
            acc ^= (uint64_t)(sn / sd) + (uint64_t)(sn % sd);
        }
        acc += fib(15 + (r & 3));
        acc = (acc << 7) | (acc >> 57);
    }
    return acc;
}
