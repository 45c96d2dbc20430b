/* EL2 mini-hypervisor: boot, exit handling, hypercalls. */
#ifndef VP_SW_HYP_H
#define VP_SW_HYP_H

#include <stdbool.h>
#include <stdint.h>

#include "hyp/hypercall.h"
#include "runtime/arch.h"

/* CPUs the hypervisor runs on: CPU 0 boots it, CPU 1 only when a scenario
 * starts it (HC_PEER_START). Each runs one vCPU of its own VM. */
#define HYP_MAX_CPUS 2u
static inline unsigned hyp_cpu(void) { return this_cpu(); }

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

extern struct hyp_stats hyp_stats_percpu[HYP_MAX_CPUS];
#define this_stats (hyp_stats_percpu[hyp_cpu()])

void hyp_main(void) __attribute__((noreturn));
void hyp_secondary_main(void) __attribute__((noreturn));
/* The VM on this CPU is untrusted (HC_PEER_START's): no test hooks, no
 * HC_EXIT, its mistakes are answered in the guest and not printed. */
bool hyp_vm_untrusted(void);
/* Make the guest take a synchronous exception at EL1 (as if its own
 * instruction at f->elr had raised it): ESR_EL1 = esr, FAR_EL1 = far. */
void hyp_inject_sync(struct hyp_frame *f, uint64_t esr, uint64_t far);
void hyp_handle_exit(struct hyp_frame *f, unsigned kind);
__attribute__((noreturn)) void hyp_panic(const char *what);

/* A firmware bug, not a guest mistake: report and stop. */
#define HYP_ASSERT(cond)                                                     \
    do {                                                                     \
        if (!(cond))                                                         \
            hyp_panic(__FILE__ ": assertion failed: " #cond);                \
    } while (0)

/* entry.S */
void hyp_enter_guest(uint64_t entry, uint64_t guest_sp, uint64_t hyp_sp) __attribute__((noreturn));
extern char vectors_el2[];

#endif
