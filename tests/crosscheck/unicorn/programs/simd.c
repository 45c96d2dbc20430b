// Compiled WITHOUT -mgeneral-regs-only (issue 11): what gcc makes of
// ordinary C -- vectorised integer loops (sums, widening dot products,
// min/max, compares, shifts, byte maps), struct copies and fixed-size
// memcpy/memset through the SIMD registers -- plus a few Advanced SIMD and
// Crypto intrinsics (table lookup, zip, ext, saturating and widening
// arithmetic, AES and SHA-256 rounds). Results land in xcheck_result.
#pragma GCC target("+crypto") // AES and SHA-256 intrinsics (ID_AA64ISAR0_EL1.{AES,SHA2})
#include <arm_neon.h>

#include "prog.h"

#define N 1024

static int32_t a32[N] __attribute__((aligned(16)));
static int32_t b32[N] __attribute__((aligned(16)));
static int16_t a16[N] __attribute__((aligned(16)));
static int16_t b16[N] __attribute__((aligned(16)));
static uint8_t bytes[N] __attribute__((aligned(16)));
static uint8_t out8[N] __attribute__((aligned(16)));
static uint16_t out16[N] __attribute__((aligned(16)));

struct record {
    uint64_t id;
    uint32_t v[6];
    uint8_t tag[16];
} __attribute__((aligned(16)));
static struct record recs[64];

__attribute__((noinline)) static int64_t sum32(const int32_t* a, int n) {
    int64_t s = 0;
    for (int i = 0; i < n; ++i) s += a[i];
    return s;
}
__attribute__((noinline)) static int32_t dot16(const int16_t* a, const int16_t* b, int n) {
    int32_t s = 0;
    for (int i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}
__attribute__((noinline)) static void saxpy(int32_t* y, const int32_t* x, int32_t k, int n) {
    for (int i = 0; i < n; ++i) y[i] = y[i] * k + x[i];
}
__attribute__((noinline)) static int32_t max32(const int32_t* a, int n) {
    int32_t m = a[0];
    for (int i = 1; i < n; ++i) m = a[i] > m ? a[i] : m;
    return m;
}
__attribute__((noinline)) static uint32_t umin8(const uint8_t* a, int n) {
    uint8_t m = 255;
    for (int i = 0; i < n; ++i) m = a[i] < m ? a[i] : m;
    return m;
}
__attribute__((noinline)) static int count_eq(const int16_t* a, const int16_t* b, int n) {
    int c = 0;
    for (int i = 0; i < n; ++i) c += a[i] == b[i];
    return c;
}
__attribute__((noinline)) static void bytemap(uint8_t* o, const uint8_t* in, int n) {
    for (int i = 0; i < n; ++i) o[i] = (uint8_t)((in[i] >> 3) ^ (in[i] << 1)) + 7;
}
__attribute__((noinline)) static void widen(uint16_t* o, const uint8_t* in, int n) {
    for (int i = 0; i < n; ++i) o[i] = (uint16_t)(in[i] * 3 + 1);
}
__attribute__((noinline)) static void narrow_sat(uint8_t* o, const int16_t* in, int n) {
    for (int i = 0; i < n; ++i) {
        int v = in[i] >> 2;
        o[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
__attribute__((noinline)) static uint32_t shifts(const int32_t* a, int n) {
    uint32_t h = 0;
    for (int i = 0; i < n; ++i) h ^= ((uint32_t)a[i] >> 7) + ((uint32_t)a[i] << 3) + (uint32_t)(a[i] >> 5);
    return h;
}

__attribute__((noinline)) static void copy_records(struct record* dst, const struct record* src, int n) {
    for (int i = 0; i < n; ++i) {
        struct record r = src[i]; // struct copy through q registers
        r.id += (uint64_t)i;
        dst[n - 1 - i] = r;
    }
}

__attribute__((noinline)) static uint64_t intrinsics(void) {
    const uint8x16_t idx = {15, 3, 7, 0, 200, 1, 2, 9, 31, 16, 4, 4, 8, 12, 14, 5};
    const uint8x16_t t0 = vld1q_u8(bytes), t1 = vld1q_u8(bytes + 16);
    const uint8x16x2_t tab = {{t0, t1}};
    uint8x16_t v = vqtbl2q_u8(tab, idx);
    v = vzip1q_u8(v, t1);
    v = vextq_u8(v, t0, 5);
    const int16x8_t s = vqaddq_s16(vld1q_s16(a16), vld1q_s16(b16));
    const uint16x8_t w = vmull_u8(vget_low_u8(v), vget_high_u8(v));
    const uint32x4_t acc = vpaddlq_u16(w);
    uint64_t r = vaddvq_u32(acc);
    r ^= (uint64_t)(uint16_t)vmaxvq_s16(s) << 32;
    r += vgetq_lane_u64(vreinterpretq_u64_u8(vrev64q_u8(v)), 1);
    // One AES round and one SHA-256 round group (FEAT_AES, FEAT_SHA256).
    uint8x16_t state = vaesmcq_u8(vaeseq_u8(v, t1));
    state = vaesimcq_u8(vaesdq_u8(state, t0));
    uint32x4_t abcd = vreinterpretq_u32_u8(state), efgh = vreinterpretq_u32_u8(t1);
    const uint32x4_t wk = vreinterpretq_u32_u8(t0);
    const uint32x4_t abcd2 = vsha256hq_u32(abcd, efgh, wk);
    efgh = vsha256h2q_u32(efgh, abcd, wk);
    abcd = vsha256su1q_u32(vsha256su0q_u32(abcd2, efgh), efgh, wk);
    r ^= vgetq_lane_u64(vreinterpretq_u64_u32(abcd), 0) + vgetq_lane_u64(vreinterpretq_u64_u32(efgh), 1);
    return r;
}

int main(uint64_t repeat) {
    uint64_t seed = 0x5eed;
    for (uint64_t round = 0; round < repeat; ++round) {
        for (int i = 0; i < N; ++i) {
            const uint64_t x = lcg(&seed);
            a32[i] = (int32_t)(x >> 13);
            b32[i] = (int32_t)(x >> 31);
            a16[i] = (int16_t)(x >> 40);
            b16[i] = (i & 7) ? (int16_t)(x >> 40) : (int16_t)(x >> 24);
            bytes[i] = (uint8_t)(x >> 56);
        }
        for (int i = 0; i < 64; ++i) {
            struct record r;
            memset(&r, 0, sizeof r);
            r.id = lcg(&seed);
            for (int k = 0; k < 6; ++k) r.v[k] = (uint32_t)lcg(&seed);
            memcpy(r.tag, bytes + 16 * i, sizeof r.tag);
            recs[i] = r;
        }
        xcheck_result[0] += (uint64_t)sum32(a32, N);
        xcheck_result[1] += (uint64_t)(uint32_t)dot16(a16, b16, N);
        saxpy(a32, b32, 3, N);
        xcheck_result[2] += (uint64_t)sum32(a32, N);
        xcheck_result[3] += (uint64_t)(uint32_t)max32(b32, N);
        xcheck_result[4] += umin8(bytes + 1, N - 1);
        xcheck_result[5] += (uint64_t)count_eq(a16, b16, N);
        bytemap(out8, bytes, N);
        widen(out16, out8, N);
        narrow_sat(out8, a16, N);
        xcheck_result[6] += shifts(a32, N);
        static struct record copy[64];
        copy_records(copy, recs, 64);
        xcheck_result[7] += copy[5].id + copy[63].v[2] + copy[0].tag[3];
        xcheck_result[8] += intrinsics();
        uint64_t h = 0;
        for (int i = 0; i < N; ++i) h = h * 31 + out8[i] + out16[i];
        xcheck_result[9] += h;
    }
    return 0;
}
