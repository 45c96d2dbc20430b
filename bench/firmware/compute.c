/* Compute benchmark on every CPU (vp_bench.py): each CPU runs a bitwise
 * CRC-32 over its own 4 KiB buffer REPEAT times (loads, stores, shifts,
 * branches; no device access), then raises its done flag; CPU 0 waits for
 * the flags of all CPUs (GICD_TYPER.CPUNumber + 1) and exits through
 * semihosting with 0 when every CPU computed the expected CRC. */
#include <stdint.h>

#define REPEAT 600
#define WORDS 1024
#define MAX_CPUS 8

static uint32_t buf[MAX_CPUS][WORDS];
static volatile uint32_t result[MAX_CPUS];
static volatile uint32_t done[MAX_CPUS];

static uint32_t crc32(const uint32_t *p, unsigned words, uint32_t crc)
{
    for (unsigned i = 0; i < words; ++i) {
        crc ^= p[i];
        for (int b = 0; b < 32; ++b)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
    }
    return crc;
}

static void semihost_exit(uint64_t code)
{
    static volatile uint64_t block[2];
    block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
    block[1] = code;
    register uint64_t x0 __asm__("x0") = 0x18;
    register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

void smp_main(unsigned cpu) /* from tests/platform/smp/start.S, per CPU */
{
    if (cpu >= MAX_CPUS)
        return;
    uint32_t x = 0x12345678u; /* same data on every CPU: same result */
    for (unsigned i = 0; i < WORDS; ++i) {
        x = x * 1664525u + 1013904223u;
        buf[cpu][i] = x;
    }
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned r = 0; r < REPEAT; ++r) {
        crc = crc32(buf[cpu], WORDS, crc);
        buf[cpu][r] ^= crc; /* a store into the data each round */
    }
    result[cpu] = crc;
    done[cpu] = 1;
    if (cpu != 0)
        return;
    const unsigned cpus = ((*(volatile uint32_t *)0x08000004u >> 5) & 7u) + 1u; /* GICD_TYPER */
    for (unsigned c = 1; c < cpus; ++c)
        while (!done[c])
            ;
    unsigned bad = 0;
    for (unsigned c = 1; c < cpus; ++c)
        bad += result[c] != result[0];
    semihost_exit(bad);
}
