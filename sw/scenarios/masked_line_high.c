/* Scenario 2: the guest runs with PSTATE.I set while the timer line stays
 * high. The fold of a still-pending HW LR samples the line (high), keeps
 * physical PPI 27 active and the interrupt pending in the vgic; it is
 * delivered once the guest unmasks (docs/vgic-reference.md 1.10 step 7,
 * L = 1; IHI 0048B 4.3.7 GICD_ISPENDR shows the level while active). */
#include "guest/guest.h"

const char scenario_name[] = "masked_line_high";

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();

    irq_mask();
    vtimer_arm_us(50);
    bool exited = WAIT_UNTIL(hs->inject_accepted == 1, WAIT_DEFAULT_US);
    tap_check(exited && hs->phys_ack[INTID_CNTV] == 1,
              "timer expiry taken at EL2 although the guest masks IRQs (HCR_EL2.IMO)");
    tap_check(GICC_IAR_ID(gicv_read(GICC_HPPIR)) == INTID_CNTV,
              "vINTID 27 pending in the guest's CPU interface (GICV_HPPIR)");
    tap_check(guest.irq[INTID_CNTV] == 0, "not delivered while PSTATE.I is set");
    gich_lr lr = (gich_lr)hvc(HC_VIRQ_LR, INTID_CNTV, 0);
    tap_check(lr_hw(lr) && lr_physical_id(lr) == INTID_CNTV && lr_virtual_id(lr) == INTID_CNTV &&
                  lr_state(lr) == LR_STATE_PENDING && lr_priority5(lr) == (0xA0u >> 3),
              "LR written as HW | pINTID 27 | vINTID 27 | pending | priority 0xA0 (GICH_LR=%x)", lr);

    /* Several exits while masked: each folds the pending HW LR. */
    for (unsigned i = 0; i < 3; ++i) {
        uint32_t v = hc_virq_state(INTID_CNTV);
        uint32_t p = hc_phys_state(INTID_CNTV);
        tap_check((v & VIRQ_STATE_IN_LR) && ((v >> VIRQ_STATE_LR_SHIFT) & 3u) == LR_STATE_PENDING &&
                      (v & VIRQ_STATE_LINE_LEVEL) && (v & VIRQ_STATE_QUEUED),
                  "exit %u: fold found the LR still pending and sampled the line high (vstate=%x)", i, v);
        tap_check((p & PHYS_STATE_ACTIVE) && (p & PHYS_STATE_PENDING),
                  "exit %u: physical PPI 27 kept active (and pending: line high) (pstate=%x)", i, p);
    }
    tap_check(hs->fold_sampled_high >= 3 && hs->fold_sampled_low == 0 && hs->icactiver_writes == 0,
              "the fold never cleared the physical active state (high=%lu low=%lu icactiver=%lu)",
              hs->fold_sampled_high, hs->fold_sampled_low, hs->icactiver_writes);
    tap_check(hs->phys_ack[INTID_CNTV] == 1,
              "no second physical interrupt while PPI 27 stays active (acks=%lu)", hs->phys_ack[INTID_CNTV]);
    tap_check(GICC_IAR_ID(gicv_read(GICC_HPPIR)) == INTID_CNTV,
              "still pending in GICV after the folds (re-populated from line_level)");

    irq_unmask();
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= 1, WAIT_DEFAULT_US);
    tap_check(got && guest.irq[INTID_CNTV] == 1, "delivered once after unmask (acks=%u)", guest.irq[INTID_CNTV]);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(!(p & PHYS_STATE_ACTIVE), "guest's EOI deactivated physical PPI 27 (pstate=%x)", p);

    vtimer_arm_us(50);
    got = WAIT_UNTIL(guest.vtimer_genuine >= 2, WAIT_DEFAULT_US);
    tap_check(got, "next expiry delivered normally");
    irq_mask();
}
