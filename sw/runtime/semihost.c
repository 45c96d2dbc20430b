#include "runtime/semihost.h"

#include <stdint.h>

#define SYS_WRITE0 0x04u
#define SYS_EXIT   0x18u
#define ADP_Stopped_ApplicationExit 0x20026u

static uint64_t semihost_call(uint64_t op, uint64_t arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void semihost_write0(const char *s) { semihost_call(SYS_WRITE0, (uint64_t)(uintptr_t)s); }

void semihost_exit(unsigned code)
{
    /* AArch64 SYS_EXIT takes a two-word block {reason, exit code}. */
    static volatile uint64_t block[2];
    block[0] = ADP_Stopped_ApplicationExit;
    block[1] = code;
    semihost_call(SYS_EXIT, (uint64_t)(uintptr_t)block);
    for (;;)
        __asm__ volatile("wfi");
}
