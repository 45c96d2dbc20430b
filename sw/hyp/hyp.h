/* EL2 mini-hypervisor: boot, exit handling, hypercalls. */
#ifndef VP_SW_HYP_H
#define VP_SW_HYP_H

#include <stdint.h>

#include "hyp/hypercall.h"

/* Saved guest registers on the EL2 stack (layout shared with entry.S). */
struct hyp_frame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;
};

enum hyp_exit_kind {
    HYP_EXIT_SYNC = 0,
    HYP_EXIT_IRQ = 1,
    HYP_EXIT_FIQ = 2,
    HYP_EXIT_SERROR = 3,
    HYP_EXIT_CURRENT_EL = 16, /* + vector index: an exception taken from EL2 itself */
};

extern struct hyp_stats hyp_stats;

void hyp_main(void) __attribute__((noreturn));
void hyp_handle_exit(struct hyp_frame *f, unsigned kind);
__attribute__((noreturn)) void hyp_panic(const char *what);

/* A firmware bug, not a guest mistake: report and stop. */
#define HYP_ASSERT(cond)                                                     \
    do {                                                                     \
        if (!(cond))                                                         \
            hyp_panic(__FILE__ ": assertion failed: " #cond);                \
    } while (0)

/* entry.S */
void hyp_enter_guest(uint64_t entry, uint64_t guest_sp) __attribute__((noreturn));
extern char vectors_el2[];

#endif
