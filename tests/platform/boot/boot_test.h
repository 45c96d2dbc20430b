// Shared by the boot tests' firmware: PL011 output, TAP checks, SMC calls and
// semihosting exit (polling only, no exception vectors).
#pragma once
#include <stdint.h>

#define GICD 0x08000000ul
#define UART 0x09000000ul

static inline uint32_t rd(uint64_t a) { return *(volatile uint32_t*)a; }
static inline void wr(uint64_t a, uint32_t v) { *(volatile uint32_t*)a = v; }

static void putc_(char c) { wr(UART, (uint32_t)c); }
static void puts_(const char* s) { while (*s) putc_(*s++); }
static void puthex(uint64_t v) {
    puts_("0x");
    for (int b = 60; b >= 0; b -= 4) putc_("0123456789abcdef"[(v >> b) & 15]);
}
static unsigned checks, failed;
static void check(int ok, const char* what, uint64_t value) {
    ++checks;
    if (!ok) ++failed;
    puts_(ok ? "ok " : "not ok ");
    putc_('0' + (char)(checks / 10)); putc_('0' + (char)(checks % 10));
    puts_(" - "); puts_(what); puts_(" ("); puthex(value); puts_(")\n");
}
static void semihost_exit(uint64_t code) {
    volatile uint64_t block[2] = {0x20026, code};
    register uint64_t x0 __asm__("x0") = 0x18;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
}
static inline int64_t smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3) {
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}
