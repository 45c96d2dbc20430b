// 64- and 32-bit division and modulo, signed and unsigned, over edge cases
// (INT64_MIN / -1, division by 1 and -1, negative dividends and divisors,
// powers of two) and pseudo-random operands. A64 defines x / 0 = 0, but C
// does not, so zero divisors are skipped here (the instruction-level test
// covers them).
#include "prog.h"

static const int64_t edges[] = {
    0, 1, -1, 2, -2, 3, 7, -7, 10, 0x7fffffffffffffffll, -0x7fffffffffffffffll - 1,
    0x7fffffff, -0x80000000ll, 0xffffffffll, 0x100000000ll, -0x100000000ll, 1000000007, -999999937,
    0x5555555555555555ll, -0x5555555555555555ll, 64, -64, 0x123456789abcdefll};
#define NE (sizeof edges / sizeof edges[0])

static volatile int64_t sink_q[NE * NE], sink_r[NE * NE];

uint64_t main(uint64_t repeat) {
    uint64_t h = 0, seed = 99;
    for (uint64_t rep = 0; rep < repeat; ++rep) {
        for (unsigned i = 0; i < NE; ++i)
            for (unsigned j = 0; j < NE; ++j) {
                int64_t n = edges[i], d = edges[j];
                if (d == 0) continue;
                int64_t q, r;
                if (n == -0x7fffffffffffffffll - 1 && d == -1) { q = n; r = 0; } // A64 SDIV wraps; C is UB
                else { q = n / d; r = n % d; }
                uint64_t uq = (uint64_t)n / (uint64_t)d, ur = (uint64_t)n % (uint64_t)d;
                int32_t n32 = (int32_t)n, d32 = (int32_t)d;
                int32_t q32 = 0, r32 = 0;
                if (d32 != 0 && !(n32 == (-0x7fffffff - 1) && d32 == -1)) { q32 = n32 / d32; r32 = n32 % d32; }
                uint32_t uq32 = d32 ? (uint32_t)n32 / (uint32_t)d32 : 0;
                sink_q[i * NE + j] = q ^ (int64_t)uq;
                sink_r[i * NE + j] = r ^ (int64_t)ur;
                h = h * 1099511628211ull ^ (uint64_t)q ^ (uint64_t)r << 1 ^ uq << 2 ^ ur << 3 ^
                    (uint64_t)(uint32_t)q32 << 4 ^ (uint64_t)(uint32_t)r32 << 5 ^ (uint64_t)uq32 << 6;
            }
        for (int k = 0; k < 2000; ++k) {
            int64_t n = (int64_t)lcg(&seed), d = (int64_t)lcg(&seed) >> (lcg(&seed) & 63);
            if (d == 0 || d == -1) continue;
            h = h * 31 + (uint64_t)(n / d) + (uint64_t)(n % d) + (uint64_t)n / (uint64_t)d;
        }
    }
    xcheck_result[0] = h;
    return h;
}
