/* The firmware side of the compute test: runs the workload at EL2 and
 * leaves the result in `result`; prints through semihosting SYS_WRITE0. */
#include <stdint.h>

#include "compute.h"

volatile uint64_t result;
volatile uint32_t rounds = 4;

static void write0(const char* s) {
    register uint64_t x0 __asm__("x0") = 4;
    register const char* x1 __asm__("x1") = s;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

int main(void) {
    result = workload(rounds);
    write0("workload done\n");
    return 7;
}
