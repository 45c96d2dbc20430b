/* Scenario 3, THE SEED ("Support level-triggered mapped interrupts",
 * docs/vgic-reference.md 1.10 step 7 with L = 0): the guest, with PSTATE.I
 * set, lowers the timer line by reprogramming the timer, then exits. The
 * fold finds the HW LR still pending, samples the physical line low, lowers
 * line_level and clears the physical active state (GICD_ICACTIVER), so the
 * next rising edge reaches the hypervisor and the guest.
 *
 * Built against the naive hypervisor (VGIC_NAIVE_FOLD, ELF
 * seed_masked_lowered_naive) the clear is missing: PPI 27 stays active with
 * the line low, the distributor never signals the next rising edge and the
 * guest loses it. That ELF reports exactly two failures: "physical PPI 27
 * inactive after the fold" and "next rising edge delivered". */
#include "guest/guest.h"

/* The naive variant always waits this long (the edge is lost), so it is
 * shorter than WAIT_DEFAULT_US: 400 times the 50 us deadline. */
#define NEXT_EDGE_WAIT_US 20000u

#ifdef VGIC_NAIVE_FOLD
const char scenario_name[] = "seed_masked_lowered_naive";
#else
const char scenario_name[] = "seed_masked_lowered";
#endif

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();
    if (hc_naive_variant())
        tap_note("hypervisor variant: NAIVE fold (no GICD_ICACTIVER when the sampled line is low)");

    irq_mask();
    vtimer_arm_us(50);
    bool exited = WAIT_UNTIL(hs->inject_accepted == 1, WAIT_DEFAULT_US);
    tap_check(exited, "timer expiry forwarded while the guest masks IRQs");
    tap_check(GICC_IAR_ID(gicv_read(GICC_HPPIR)) == INTID_CNTV, "vINTID 27 pending in the HW LR, never acked");

    /* Lower the line while masked: the guest changes its mind. */
    vtimer_push_future();
    tap_check(!vtimer_condition_met(), "guest lowered the timer line (CNTV_CTL.ISTATUS = 0)");

    /* Exit (HVC): fold samples low. The state is reported from this exit. */
    uint32_t v = hc_virq_state(INTID_CNTV);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check((v & VIRQ_STATE_IN_LR) && ((v >> VIRQ_STATE_LR_SHIFT) & 3u) == LR_STATE_PENDING,
              "fold found the LR still pending (vstate=%x)", v);
    tap_check(!(v & VIRQ_STATE_LINE_LEVEL) && !(v & VIRQ_STATE_QUEUED),
              "fold sampled the line low: line_level 0, pruned from the ap_list (vstate=%x)", v);
    tap_check(hs->fold_sampled_low == 1, "fold sampled low exactly once (%lu)", hs->fold_sampled_low);
    tap_check(!(p & PHYS_STATE_ACTIVE), "physical PPI 27 inactive after the fold (pstate=%x)", p);
    tap_check(GICC_IAR_ID(gicv_read(GICC_HPPIR)) == GIC_SPURIOUS,
              "nothing pending in GICV any more (the stale interrupt is gone)");

    irq_unmask();
    delay_us(100);
    tap_check(guest.irq[INTID_CNTV] == 0, "no stale vINTID 27 after unmask (acks=%u)", guest.irq[INTID_CNTV]);

    /* The next rising edge. */
    uint64_t acks_before = hs->phys_ack[INTID_CNTV];
    vtimer_arm_us(50);
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= 1, NEXT_EDGE_WAIT_US);
    if (!got)
        tap_note("LOST: the next rising edge of CNTV never reached the guest: physical PPI 27 "
                 "still active with the line low (pstate=%x, hypervisor acks %lu -> %lu)",
                 hc_phys_state(INTID_CNTV), acks_before, hs->phys_ack[INTID_CNTV]);
    tap_check(got, "next rising edge delivered (guest acks=%u)", guest.irq[INTID_CNTV]);
    tap_check(hs->phys_ack[INTID_CNTV] == acks_before + (got ? 1u : 0u),
              "it came through one physical acknowledge at EL2 (acks=%lu)", hs->phys_ack[INTID_CNTV]);
    irq_mask();
}
