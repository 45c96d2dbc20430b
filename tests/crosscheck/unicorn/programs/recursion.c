// Recursion: Ackermann, naive Fibonacci, Towers of Hanoi and a recursive
// permutation count -- deep stacks of calls and returns (BL/RET, STP/LDP
// with pre/post index on SP).
#include "prog.h"

static uint64_t ackermann(uint64_t m, uint64_t n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}
static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static uint64_t hanoi(unsigned n, int from, int to, int via, uint64_t* moves_sum) {
    if (n == 0) return 0;
    uint64_t c = hanoi(n - 1, from, via, to, moves_sum);
    *moves_sum = *moves_sum * 7 + (uint64_t)(from * 3 + to);
    return c + 1 + hanoi(n - 1, via, to, from, moves_sum);
}
static unsigned perm(unsigned char* used, unsigned n, unsigned depth) {
    if (depth == n) return 1;
    unsigned c = 0;
    for (unsigned i = 0; i < n; ++i)
        if (!used[i]) { used[i] = 1; c += perm(used, n, depth + 1); used[i] = 0; }
    return c;
}

uint64_t main(uint64_t repeat) {
    uint64_t h = 0;
    for (uint64_t r = 0; r < repeat; ++r) {
        uint64_t ms = 0;
        unsigned char used[8] = {0};
        xcheck_result[0] = ackermann(2, 300);
        xcheck_result[1] = ackermann(3, 5);
        xcheck_result[2] = fib(22);
        xcheck_result[3] = hanoi(14, 1, 3, 2, &ms);
        xcheck_result[4] = ms;
        xcheck_result[5] = perm(used, 7, 0);
        h = h * 31 + xcheck_result[0] + xcheck_result[1] + xcheck_result[2] + xcheck_result[3] + ms + xcheck_result[5];
    }
    return h;
}
