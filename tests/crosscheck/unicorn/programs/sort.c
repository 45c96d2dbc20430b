// Sorting: quicksort (recursive), heapsort and insertion sort of the same
// pseudo-random signed 64-bit and 32-bit arrays; checks and checksums.
#include "prog.h"

#define N 1024
static int64_t a[N], b[N];
static int32_t c[N];

static void quicksort(int64_t* v, long lo, long hi) {
    while (lo < hi) {
        int64_t pivot = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) ++i;
            while (v[j] > pivot) --j;
            if (i <= j) {
                int64_t t = v[i]; v[i] = v[j]; v[j] = t;
                ++i; --j;
            }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
}

static void sift(int64_t* v, long start, long end) {
    long root = start;
    while (2 * root + 1 <= end) {
        long child = 2 * root + 1, sw = root;
        if (v[sw] < v[child]) sw = child;
        if (child + 1 <= end && v[sw] < v[child + 1]) sw = child + 1;
        if (sw == root) return;
        int64_t t = v[root]; v[root] = v[sw]; v[sw] = t;
        root = sw;
    }
}
static void heapsort(int64_t* v, long n) {
    for (long s = (n - 2) / 2; s >= 0; --s) sift(v, s, n - 1);
    for (long e = n - 1; e > 0; --e) {
        int64_t t = v[e]; v[e] = v[0]; v[0] = t;
        sift(v, 0, e - 1);
    }
}
static void insertion(int32_t* v, long n) {
    for (long i = 1; i < n; ++i) {
        int32_t x = v[i];
        long j = i - 1;
        while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; --j; }
        v[j + 1] = x;
    }
}

uint64_t main(uint64_t repeat) {
    uint64_t sum = 0, seed = 12345;
    for (uint64_t r = 0; r < repeat; ++r) {
        for (long i = 0; i < N; ++i) {
            a[i] = b[i] = (int64_t)lcg(&seed);
            c[i] = (int32_t)(lcg(&seed) >> 17);
        }
        quicksort(a, 0, N - 1);
        heapsort(b, N);
        insertion(c, N);
        uint64_t bad = 0;
        for (long i = 0; i < N; ++i) {
            bad += a[i] != b[i];
            if (i) bad += a[i - 1] > a[i] || c[i - 1] > c[i];
            sum = sum * 31 + (uint64_t)a[i] + (uint64_t)(int64_t)c[i];
        }
        xcheck_result[0] = bad;
    }
    xcheck_result[1] = sum;
    return sum;
}
