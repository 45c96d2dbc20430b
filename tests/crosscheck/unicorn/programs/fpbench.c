// FP-heavy benchmark workload (bench/iss_bench), built without
// -mgeneral-regs-only: a double-precision dot product (FMADD chain) and
// n-body steps (FMUL/FADD/FSUB/FDIV/FSQRT) per repeat. The results go to
// xcheck_result, so that both machines' answers are compared.
#include "prog.h"

#define N 1024
#define NB 5
static double a[N], b[N];
static double px[NB], py[NB], pz[NB], vx[NB], vy[NB], vz[NB], m[NB];

static double dot(void) {
    double s = 0;
    for (int i = 0; i < N; ++i) s += a[i] * b[i];
    return s;
}

static void step(double dt) {
    for (int i = 0; i < NB; ++i)
        for (int j = i + 1; j < NB; ++j) {
            const double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
            const double d2 = dx * dx + dy * dy + dz * dz;
            double d;
            __asm__("fsqrt %d0, %d1" : "=w"(d) : "w"(d2));
            const double mag = dt / (d2 * d);
            vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag; vz[i] -= dz * m[j] * mag;
            vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag; vz[j] += dz * m[i] * mag;
        }
    for (int i = 0; i < NB; ++i) {
        px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i];
    }
}

int main(uint64_t reps) {
    uint64_t seed = 99;
    for (int i = 0; i < N; ++i) {
        a[i] = (double)(int64_t)(lcg(&seed) >> 12) * 0x1p-50;
        b[i] = (double)(lcg(&seed) >> 11) * 0x1p-53;
    }
    for (int i = 0; i < NB; ++i) {
        px[i] = (double)(lcg(&seed) >> 44); py[i] = (double)(lcg(&seed) >> 44); pz[i] = (double)(lcg(&seed) >> 44);
        vx[i] = vy[i] = vz[i] = 0;
        m[i] = 1.0 + (double)(lcg(&seed) >> 61);
    }
    double acc = 0;
    for (uint64_t r = 0; r < reps; ++r) {
        acc += dot();
        for (int s = 0; s < 20; ++s) step(0.01);
        a[r % N] += 1.0;
    }
    union { double d; uint64_t u; } u = {acc + px[0] + vy[1]};
    xcheck_result[0] = u.u;
    return 0;
}
