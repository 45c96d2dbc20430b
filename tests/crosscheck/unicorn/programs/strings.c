// Byte-string workload: copy, move (overlapping), set, compare and search
// at every source/destination offset, plus a tiny string formatter.
#include "prog.h"

static unsigned char src[512], dst[512];
static char text[256];

static size_t my_strlen(const char* s) { const char* p = s; while (*p) ++p; return (size_t)(p - s); }
static char* utoa(uint64_t v, char* out, unsigned base) {
    char tmp[65];
    int n = 0;
    do { tmp[n++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
    while (n) *out++ = tmp[--n];
    *out = 0;
    return out;
}

uint64_t main(uint64_t repeat) {
    uint64_t h = 0, seed = 7;
    for (uint64_t r = 0; r < repeat; ++r) {
        for (unsigned i = 0; i < sizeof src; ++i) src[i] = (unsigned char)(lcg(&seed) >> 40);
        for (unsigned so = 0; so < 16; ++so)
            for (unsigned d = 0; d < 16; ++d) {
                memset(dst, (int)(so * 16 + d), sizeof dst);
                memcpy(dst + d, src + so, 200 + so);
                memmove(dst + d + 3, dst + d, 100);
                memmove(dst + d, dst + d + 5, 90);
                h = h * 131 + (uint64_t)memcmp(dst, src, 64) + dst[d + 50] + dst[300];
            }
        char* p = text;
        for (unsigned k = 0; k < 8; ++k) {
            p = utoa(lcg(&seed), p, k & 1 ? 16 : 10);
            *p++ = ' ';
        }
        *p = 0;
        h = h * 31 + my_strlen(text) + (uint64_t)text[3];
    }
    xcheck_result[0] = h;
    return h;
}
