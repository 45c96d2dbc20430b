// Memory-bound, compiled WITHOUT -mgeneral-regs-only (issue 11): block
// copies and fills through the SIMD registers (64-byte struct copies, LDP/
// STP of Q registers), a vectorised byte checksum and a vectorised 16-bit
// saturating blend -- the shape of memcpy/memset-heavy code.
#include "prog.h"

#define BYTES 16384

struct block {
    uint64_t w[8];
} __attribute__((aligned(16)));

static struct block src[BYTES / 64], dst[BYTES / 64];
static uint16_t px[BYTES / 2] __attribute__((aligned(16)));

__attribute__((noinline)) static void copy_blocks(struct block* d, const struct block* s, int n) {
    for (int i = 0; i < n; ++i) d[i] = s[n - 1 - i];
}
__attribute__((noinline)) static void fill(struct block* d, uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < 8; ++k) d[i].w[k] = v;
}
__attribute__((noinline)) static uint32_t checksum(const uint8_t* p, int n) {
    uint32_t s = 0;
    for (int i = 0; i < n; ++i) s += p[i];
    return s;
}
__attribute__((noinline)) static void blend(uint16_t* p, const uint16_t* q, int n) {
    for (int i = 0; i < n; ++i) {
        const uint32_t v = (uint32_t)p[i] + q[i];
        p[i] = (uint16_t)(v > 65535 ? 65535 : v);
    }
}

int main(uint64_t repeat) {
    uint64_t seed = 1;
    for (int i = 0; i < BYTES / 64; ++i)
        for (int k = 0; k < 8; ++k) src[i].w[k] = lcg(&seed);
    for (int i = 0; i < BYTES / 2; ++i) px[i] = (uint16_t)(lcg(&seed) >> 50);
    uint64_t acc = 0;
    for (uint64_t r = 0; r < repeat; ++r) {
        copy_blocks(dst, src, BYTES / 64);
        acc += checksum((const uint8_t*)dst, BYTES);
        fill(src + (r & 7), r, 8);
        copy_blocks(src, dst, BYTES / 64);
        blend(px, (const uint16_t*)src, BYTES / 2);
        acc += checksum((const uint8_t*)px, BYTES);
    }
    xcheck_result[0] = acc;
    xcheck_result[1] = src[3].w[5] ^ dst[7].w[1];
    return 0;
}
