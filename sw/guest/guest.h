/* EL1 guest runtime: the GICV frame as its CPU interface (EOImode 0), its
 * virtual distributor through hypercalls, the virtual timer programmed
 * directly (CNTV_*), TAP checks. A scenario provides scenario_main(). */
#ifndef VP_SW_GUEST_H
#define VP_SW_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "hyp/gicv2.h"
#include "hyp/hypercall.h"
#include "runtime/arch.h"
#include "runtime/console.h"
#include "runtime/platform.h"
#include "runtime/tap.h"
#include "runtime/timeout.h"

/* Provided by each scenario. */
extern const char scenario_name[];
void scenario_main(void);
/* Optional: what the guest on CPU 1 runs (HC_PEER_START); never returns. */
void guest_secondary_main(void);

/* ---- hypercalls ------------------------------------------------------ */
static inline uint64_t hvc(uint64_t fn, uint64_t a1, uint64_t a2)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2) : "memory");
    return x0;
}
static inline void hc_nop(void) { hvc(HC_NOP, 0, 0); }
static inline uint32_t hc_virq_state(unsigned intid) { return (uint32_t)hvc(HC_VIRQ_STATE, intid, 0); }
static inline uint32_t hc_phys_state(unsigned intid) { return (uint32_t)hvc(HC_PHYS_STATE, intid, 0); }
static inline void hc_virq_inject(unsigned intid) { hvc(HC_VIRQ_INJECT, intid, 0); }
static inline unsigned hc_nr_lr(void) { return (unsigned)hvc(HC_INFO, 0, 0) & 0xFFu; }
static inline bool hc_naive_variant(void) { return (hvc(HC_INFO, 0, 0) >> 8) & 1u; }
/* Enable a virtual interrupt with a priority and trigger (edge = true). */
void guest_virq_setup(unsigned intid, uint8_t prio, bool edge);
__attribute__((noreturn)) void guest_exit(unsigned code);

/* Hypervisor counters (shared memory: readable without an exit). */
const volatile struct hyp_stats *hyp_stats_page(void);

/* ---- interrupts ------------------------------------------------------ */
#define GUEST_LOG_MAX 64u
struct guest_counters {
    unsigned irq[64];               /* acknowledged per vINTID */
    unsigned log[GUEST_LOG_MAX];    /* vINTIDs in acknowledge order */
    unsigned log_len;
    unsigned vtimer_genuine;        /* vINTID 27 with the timer condition met */
    unsigned vtimer_spurious;       /* vINTID 27 with the condition no longer met */
    unsigned spurious_iar;          /* GICV_IAR returned 1023 on IRQ entry */
};
extern volatile struct guest_counters guest;

/* Called for every acknowledged interrupt (GICV_IAR value). Returns true if
 * it wrote GICV_EOIR itself; otherwise the runtime does after it returns.
 * NULL: the default handling (guest_vtimer_default for vINTID 27). */
typedef bool (*guest_irq_hook_fn)(uint32_t iar);
void guest_set_irq_hook(guest_irq_hook_fn hook);
/* Default vtimer handling: count, and disable the timer so the line falls
 * before the EOI (what a guest timer driver does). */
void guest_vtimer_default(void);

/* Sleeps in WFI until *count (advanced by an interrupt handler) reaches
 * target. Tests and sleeps with IRQs masked: an interrupt taken between the
 * test and the WFI would otherwise leave the guest asleep with nothing more
 * to come. A pending interrupt still wakes WFI while masked (DDI 0487
 * D1.6.2); it is taken when the mask is lifted. Returns with IRQs masked. */
static inline void guest_wfi_until(const volatile unsigned *count, unsigned target)
{
    for (;;) {
        irq_mask();
        if (*count >= target)
            return;
        __asm__ volatile("wfi" ::: "memory");
        irq_unmask();
    }
}

/* ---- virtual timer (EL1 registers, Arm ARM D11.2) --------------------- */
/* Disable first: re-arming a timer whose old deadline is due must not raise
 * the line between the two writes. */
static inline void vtimer_arm_ticks(uint64_t ticks)
{
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    write_sysreg(cntv_cval_el0, cntvct() + ticks);
    write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
    isb();
}
static inline void vtimer_arm_us(uint64_t us) { vtimer_arm_ticks(us_to_ticks(us)); }
static inline void vtimer_disable(void)
{
    write_sysreg(cntv_ctl_el0, 0);
    isb();
}
/* Lower the line by moving the deadline into the future, timer still on. */
static inline void vtimer_push_future(void)
{
    write_sysreg(cntv_cval_el0, cntvct() + us_to_ticks(1000000u));
    isb();
}
static inline bool vtimer_condition_met(void)
{
    uint64_t ctl = read_sysreg(cntv_ctl_el0);
    return (ctl & CNT_CTL_ENABLE) && (ctl & CNT_CTL_ISTATUS);
}

#endif
