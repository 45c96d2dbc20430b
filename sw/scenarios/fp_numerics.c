/* Ordinary compiled C with floating point (built without
 * -mgeneral-regs-only, unlike the rest of the firmware): double-precision
 * numerics, loops gcc -O2 vectorises, FP formatting done by hand (the
 * runtime's printf has no %f), and the architectural FP controls the
 * compiler never touches: FPCR rounding modes, flush-to-zero, default NaN,
 * FPSR cumulative flags (DDI 0487 C5.2.7/C5.2.8). Runs in the EL1 guest
 * (CPACR_EL1.FPEN and CPTR_EL2.TFP set up by the entry code); the
 * hypervisor never touches the SIMD&FP registers, so no switching is needed. */
#include "guest/guest.h"

const char scenario_name[] = "fp_numerics";

#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPCR_RZ (3u << 22)
#define FPCR_RP (1u << 22)

static uint64_t bits(double d)
{
    union { double d; uint64_t u; } u = {d};
    return u.u;
}
/* The compiler must not fold these at compile time (the FP controls change
 * between calls): values come from memory. */
static volatile double one = 1.0, three = 3.0, zero = 0.0, tiny = 0x1p-1022, huge = 0x1p1023;

/* Ordered against the volatile stores around it (the "memory" clobber). */
static uint32_t fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v)::"memory");
    return (uint32_t)v;
}

/* d.ddddde+xx with 12 significant digits: digit by digit, as printf's %e does. */
static void format_e(char *out, double x)
{
    char *p = out;
    if (x < 0) { *p++ = '-'; x = -x; }
    int e = 0;
    if (x != 0) {
        while (x >= 10) { x /= 10; ++e; }
        while (x < 1) { x *= 10; --e; }
    }
    x += 5e-12;
    if (x >= 10) { x /= 10; ++e; }
    int d = (int)x;
    *p++ = (char)('0' + d);
    *p++ = '.';
    for (int i = 0; i < 11; ++i) {
        x = (x - d) * 10;
        d = (int)x;
        *p++ = (char)('0' + d);
    }
    *p++ = 'e';
    *p++ = e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    *p++ = (char)('0' + e / 10);
    *p++ = (char)('0' + e % 10);
    *p = 0;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) { ++a; ++b; }
    return *a == *b;
}

#define N 512
static double xs[N], ys[N];
static float fs[N];

void scenario_main(void)
{
    char buf[40];

    /* Series and Newton iteration: digits known from mathematics. */
    double s = 0;
    for (int k = 1; k <= 100000; ++k) s += 1.0 / ((double)k * k); /* pi^2/6 - 1e-5 */
    format_e(buf, s);
    printf("# sum 1/k^2 = %s\n", buf);
    tap_check(streq(buf, "1.64492406690e+00"), "sum of 1/k^2 to 1e5 formats as 1.64492406690e+00 (%s)", buf);
    double r = 1;
    for (int i = 0; i < 8; ++i) r = 0.5 * (r + 2 / r);
    format_e(buf, r);
    tap_check(streq(buf, "1.41421356237e+00"), "Newton sqrt(2) = %s", buf);
    volatile double two = 2.0;
    const double root = __builtin_sqrt(two);
    tap_check(bits(r) == 0x3ff6a09e667f3bccull && bits(root) == 0x3ff6a09e667f3bcdull,
              "Newton's sqrt(2) is 1 ulp below the correctly rounded FSQRT");

    /* Vectorisable loops (gcc -O2: FMLA/FADD on .2d/.4s lanes). */
    for (int i = 0; i < N; ++i) {
        xs[i] = (double)i * 0.5;
        ys[i] = (double)(N - i);
        fs[i] = (float)i;
    }
    for (int i = 0; i < N; ++i) ys[i] += 2.0 * xs[i];   /* ys[i] = N: exact */
    double dot = 0;
    for (int i = 0; i < N; ++i) dot += xs[i] * ys[i];   /* N * sum(i/2) = N * N(N-1)/4 */
    tap_check(dot == (double)N * N * (N - 1) / 4, "axpy + dot product exact (%lu)", (unsigned long)dot);
    for (int i = 0; i < N; ++i) fs[i] = fs[i] * fs[i] - (float)i;
    uint64_t fsum = 0;
    for (int i = 0; i < N; ++i) fsum += (uint64_t)fs[i];
    tap_check(fsum == 44608256u - 130816u, "float loop i*i - i summed (%lu)", (unsigned long)fsum);

    /* Conversions at the edges (FCVTZS/FCVTZU saturate, SCVTF rounds). */
    volatile double big = 1e19, neg = -2.5;
    tap_check((int64_t)big == INT64_MAX && (uint64_t)neg == 0 && (int32_t)neg == -2,
              "FCVTZS/FCVTZU saturate and truncate");
    volatile int64_t i64 = (int64_t)1 << 60 | 1;
    tap_check(bits((double)i64) == 0x43b0000000000000ull, "SCVTF rounds 2^60+1 to 2^60");
    tap_check(__builtin_round(neg) == -3.0 && __builtin_floor(neg) == -3.0 && __builtin_ceil(neg) == -2.0 &&
                  __builtin_trunc(neg) == -2.0,
              "FRINTA/FRINTM/FRINTP/FRINTZ of -2.5");

    /* FPSR cumulative flags. */
    write_sysreg(fpsr, 0);
    volatile double q = one / three;
    tap_check(fpsr() == FPSR_IXC, "1/3 sets only IXC (FPSR 0x%x)", fpsr());
    write_sysreg(fpsr, 0);
    q = one / zero;
    tap_check(fpsr() == FPSR_DZC && bits(q) == 0x7ff0000000000000ull, "1/0 = +inf sets DZC");
    write_sysreg(fpsr, 0);
    q = zero / zero;
    tap_check(fpsr() == FPSR_IOC && bits(q) == 0x7ff8000000000000ull, "0/0 = default NaN sets IOC");
    write_sysreg(fpsr, 0);
    q = huge * 4.0;
    tap_check(fpsr() == (FPSR_OFC | FPSR_IXC), "overflow sets OFC and IXC");
    write_sysreg(fpsr, 0);
    q = tiny / three;
    tap_check(fpsr() == (FPSR_UFC | FPSR_IXC) && bits(q) == 0x0005555555555555ull, "inexact denormal sets UFC");

    /* FPCR: rounding modes, flush-to-zero, default NaN. */
    /* Results go through the volatile q: the store orders the division
     * before the next FPCR write. */
    write_sysreg(fpcr, FPCR_RZ);
    q = one / three;
    const uint64_t rz = bits(q);
    write_sysreg(fpcr, FPCR_RP);
    q = one / three;
    const uint64_t rp = bits(q);
    write_sysreg(fpcr, 0);
    q = one / three;
    const uint64_t rn = bits(q);
    tap_check(rz == 0x3fd5555555555555ull && rp == 0x3fd5555555555556ull && rn == rz,
              "1/3 rounded toward zero, up, to nearest");
    write_sysreg(fpcr, FPCR_FZ);
    write_sysreg(fpsr, 0);
    q = tiny / three;
    tap_check(bits(q) == 0 && fpsr() == FPSR_UFC, "FZ: a denormal result is flushed to +0 (UFC only)");
    write_sysreg(fpcr, FPCR_DN);
    volatile double nan_in = -__builtin_nan("0x123");
    q = nan_in + one;
    tap_check(bits(q) == 0x7ff8000000000000ull, "DN: a NaN operand gives the default NaN");
    write_sysreg(fpcr, 0);
    q = nan_in + one;
    tap_check(bits(q) == 0xfff8000000000123ull, "without DN the NaN propagates with its payload");
    (void)q;
}
