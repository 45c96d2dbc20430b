// Double-precision numerics as ordinary compiled C (built without
// -mgeneral-regs-only, so gcc uses the FP/SIMD registers freely and, at -O2,
// fused multiply-add and vectorised loops): n-body steps, a dot product,
// Newton square roots against FSQRT, int/double conversions of edge values,
// rounding functions, and a printf-style formatter for doubles (%e and %f
// with a precision, digit by digit) whose text lands in RAM.
#include "prog.h"

// gcc expands __builtin_sqrt to FSQRT and calls sqrt() only to set errno
// for a negative argument; there is no libm here.
double sqrt(double x);
double sqrt(double x) {
    double r;
    __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
    return r;
}

#define NB 5
struct body {
    double x[3], v[3], m;
};

static void nbody_step(struct body* b, double dt) {
    for (int i = 0; i < NB; ++i)
        for (int j = i + 1; j < NB; ++j) {
            double d[3], d2 = 0;
            for (int k = 0; k < 3; ++k) {
                d[k] = b[i].x[k] - b[j].x[k];
                d2 += d[k] * d[k];
            }
            const double dist = __builtin_sqrt(d2);
            const double mag = dt / (d2 * dist);
            for (int k = 0; k < 3; ++k) {
                b[i].v[k] -= d[k] * b[j].m * mag;
                b[j].v[k] += d[k] * b[i].m * mag;
            }
        }
    for (int i = 0; i < NB; ++i)
        for (int k = 0; k < 3; ++k) b[i].x[k] += dt * b[i].v[k];
}

static double energy(const struct body* b) {
    double e = 0;
    for (int i = 0; i < NB; ++i) {
        e += 0.5 * b[i].m * (b[i].v[0] * b[i].v[0] + b[i].v[1] * b[i].v[1] + b[i].v[2] * b[i].v[2]);
        for (int j = i + 1; j < NB; ++j) {
            double d2 = 0;
            for (int k = 0; k < 3; ++k) d2 += (b[i].x[k] - b[j].x[k]) * (b[i].x[k] - b[j].x[k]);
            e -= b[i].m * b[j].m / __builtin_sqrt(d2);
        }
    }
    return e;
}

#define N 256
static double va[N], vb[N], vc[N];
static float fa[N];

// Vectorisable at -O2 (gcc 12: very-cheap cost model): fixed trip counts.
static double dot(const double* a, const double* b) {
    double s = 0;
    for (int i = 0; i < N; ++i) s += a[i] * b[i];
    return s;
}
static void saxpy(double* y, const double* x, double a) {
    for (int i = 0; i < N; ++i) y[i] = a * x[i] + y[i];
}

// ---- formatting of doubles (what printf("%.*e") / ("%.*f") do, simplified) ----
static char out[4096];
static unsigned outp;
static void put(char c) {
    if (outp < sizeof out - 1) out[outp++] = c;
}
static void put_str(const char* s) {
    while (*s) put(*s++);
}
static void put_uint(uint64_t v) {
    char d[24];
    int n = 0;
    do d[n++] = (char)('0' + v % 10); while (v /= 10);
    while (n) put(d[--n]);
}
static int is_nan(double x) { return x != x; }

// Scientific: d.ddddde[+-]xx with `prec` digits after the point.
static void put_e(double x, int prec) {
    if (is_nan(x)) { put_str("nan"); return; }
    if (x < 0 || (x == 0 && 1 / x < 0)) { put('-'); x = -x; }
    if (x > 1.7976931348623157e308) { put_str("inf"); return; }
    int e = 0;
    if (x != 0) {
        while (x >= 10) { x /= 10; ++e; }
        while (x < 1) { x *= 10; --e; }
    }
    // round at the last digit, carry into the exponent
    double r = 0.5;
    for (int i = 0; i < prec; ++i) r /= 10;
    x += r;
    if (x >= 10) { x /= 10; ++e; }
    int d = (int)x;
    put((char)('0' + d));
    put('.');
    for (int i = 0; i < prec; ++i) {
        x = (x - d) * 10;
        d = (int)x;
        put((char)('0' + d));
    }
    put('e');
    put(e < 0 ? '-' : '+');
    if (e < 0) e = -e;
    if (e < 10) put('0');
    put_uint((uint64_t)e);
}

// Fixed: integer part via uint64 conversion, `prec` fraction digits.
static void put_f(double x, int prec) {
    if (is_nan(x)) { put_str("nan"); return; }
    if (x < 0) { put('-'); x = -x; }
    if (x >= 1.8e19) { put_e(x, prec); return; }
    double r = 0.5;
    for (int i = 0; i < prec; ++i) r /= 10;
    x += r;
    const uint64_t ip = (uint64_t)x;
    put_uint(ip);
    put('.');
    double f = x - (double)ip;
    for (int i = 0; i < prec; ++i) {
        f *= 10;
        const int d = (int)f;
        put((char)('0' + d));
        f -= d;
    }
}

static void line_ef(const char* label, double x) {
    put_str(label);
    put(' ');
    put_e(x, 15);
    put(' ');
    put_f(x, 6);
    put('\n');
}

int main(uint64_t reps) {
    uint64_t seed = 12345;
    double acc = 0;
    for (uint64_t rep = 0; rep < reps; ++rep) {
        outp = 0;
        struct body b[NB];
        for (int i = 0; i < NB; ++i) {
            for (int k = 0; k < 3; ++k) {
                b[i].x[k] = (double)(int64_t)(lcg(&seed) >> 40) / 1048576.0 - 8.0;
                b[i].v[k] = (double)(int64_t)(lcg(&seed) >> 44) / 4194304.0 - 0.5;
            }
            b[i].m = 1.0 + (double)(lcg(&seed) >> 60);
        }
        const double e0 = energy(b);
        for (int s = 0; s < 200; ++s) nbody_step(b, 0.001);
        const double e1 = energy(b);
        line_ef("e0", e0);
        line_ef("e1", e1);
        line_ef("drift", (e1 - e0) / e0);

        for (int i = 0; i < N; ++i) {
            va[i] = (double)(int32_t)lcg(&seed) / 2147483648.0;
            vb[i] = (double)(lcg(&seed) >> 11) * 0x1p-53;
            vc[i] = (double)i;
            fa[i] = (float)va[i] * 3.0f;
        }
        saxpy(vc, va, 0.25);
        const double d = dot(va, vb) + dot(vc, vb);
        line_ef("dot", d);

        // Newton square roots against FSQRT; rounding functions; conversions.
        double worst = 0;
        for (int i = 1; i < 200; ++i) {
            const double x = (double)i * 1.37;
            double y = x;
            for (int k = 0; k < 30; ++k) y = 0.5 * (y + x / y);
            const double err = y - __builtin_sqrt(x);
            if ((err < 0 ? -err : err) > worst) worst = err < 0 ? -err : err;
        }
        line_ef("newton", worst);
        static const double edge[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1e300, -1e300, 4294967295.5,
                                      9.2233720368547758e18, -9.2233720368547758e18, 1e-310, 0.1, 2.0 / 3.0};
        for (unsigned i = 0; i < sizeof edge / sizeof edge[0]; ++i) {
            const double x = edge[i];
            put_uint((uint64_t)(int64_t)x);
            put(' ');
            put_uint((uint64_t)x);
            put(' ');
            put_uint((uint32_t)(int32_t)x);
            put(' ');
            put_e(__builtin_floor(x), 3);
            put(' ');
            put_e(__builtin_ceil(x), 3);
            put(' ');
            put_e(__builtin_round(x), 3);
            put(' ');
            put_e(__builtin_trunc(x), 3);
            put(' ');
            put_e((double)(float)x, 8);
            put('\n');
        }
        float fs = 0;
        for (int i = 0; i < N; ++i) fs += fa[i] * fa[i];
        line_ef("fsum", fs);
        line_ef("tiny", 1e-300 * 1e-300 + 4.9e-324 / 3);
        line_ef("huge", 1e300 * 1e300);
        line_ef("div0", -1.0 / (acc - acc));
        acc += d + e1;
    }
    out[outp] = 0;
    uint64_t h = 1469598103934665603ull; // FNV-1a of the text
    for (unsigned i = 0; i < outp; ++i) h = (h ^ (uint8_t)out[i]) * 1099511628211ull;
    xcheck_result[0] = h;
    xcheck_result[1] = outp;
    union { double d; uint64_t u; } u = {acc};
    xcheck_result[2] = u.u;
    return 0;
}
