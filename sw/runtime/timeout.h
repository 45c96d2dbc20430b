/* Generic-timer based time and bounded waits: a lost interrupt must end in
 * "not ok", never in a hang. */
#ifndef VP_SW_TIMEOUT_H
#define VP_SW_TIMEOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/arch.h"

static inline uint64_t cntvct(void) { isb(); return read_sysreg(cntvct_el0); }
static inline uint64_t cntpct(void) { isb(); return read_sysreg(cntpct_el0); }
static inline uint64_t cntfrq(void) { return read_sysreg(cntfrq_el0) & 0xFFFFFFFFu; }
static inline uint64_t us_to_ticks(uint64_t us) { return us * cntfrq() / 1000000u; }

/* Default bound for "the interrupt arrives": generous because QEMU runs its
 * timers on the host clock and a loaded host can delay them by tens of ms;
 * it costs nothing in simulated time when the interrupt does arrive. */
#define WAIT_DEFAULT_US 100000u

/* Spins until cond holds or timeout_us of the virtual count elapsed; the
 * value is the final evaluation of cond. Usable at EL1 (CNTVCT) and at EL2. */
/* Elapsed ticks are computed modulo 2^64, so a virtual count that wraps
 * (CNTVOFF above the count) does not break the bound. The condition is
 * evaluated WAIT_POLLS_PER_READ times per counter read: on QEMU a counter
 * read takes its global lock, and a loop of nothing but counter reads can
 * starve the thread that delivers timer interrupts for tens of ms. */
#define WAIT_POLLS_PER_READ 32u
#define WAIT_UNTIL(cond, timeout_us)                                       \
    ({                                                                     \
        uint64_t start__ = cntvct();                                       \
        uint64_t span__ = us_to_ticks(timeout_us);                         \
        bool met__ = false;                                                \
        for (;;) {                                                         \
            for (unsigned k__ = 0; k__ < WAIT_POLLS_PER_READ && !met__; ++k__) \
                met__ = (cond);                                            \
            if (met__ || cntvct() - start__ >= span__)                     \
                break;                                                     \
        }                                                                  \
        met__ || (bool)(cond);                                             \
    })

/* Busy delay on the virtual count (spins between counter reads, see above). */
static inline void delay_us(uint64_t us)
{
    uint64_t start = cntvct(), span = us_to_ticks(us);
    while (cntvct() - start < span) {
        for (volatile unsigned k = 0; k < WAIT_POLLS_PER_READ; ++k) {
        }
    }
}

#endif
