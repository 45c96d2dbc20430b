/* Scenario 1: the mapped virtual timer is delivered to the guest and
 * deactivated through the guest's EOI (docs/vgic-reference.md 1.10 steps
 * 1-6a; IHI 0048B 5.3.10 GICH_LR.HW, 5.4 GICV_EOIR with EOImode 0). */
#include "guest/guest.h"

const char scenario_name[] = "mapped_vtimer";

static uint32_t phys_in_handler, virq_in_handler, lr_in_handler;

static bool probe_hook(uint32_t iar)
{
    if (GICC_IAR_ID(iar) == INTID_CNTV) {
        /* Between the guest's acknowledge and its EOI. */
        phys_in_handler = hc_phys_state(INTID_CNTV);
        virq_in_handler = hc_virq_state(INTID_CNTV);
        lr_in_handler = (uint32_t)hvc(HC_VIRQ_LR, INTID_CNTV, 0); /* written by the previous flush */
        guest_vtimer_default();
    }
    return false;
}

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();
    tap_note("%u list registers", hc_nr_lr());

    guest_set_irq_hook(probe_hook);
    irq_unmask();
    vtimer_arm_us(50);
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= 1, WAIT_DEFAULT_US);
    tap_check(got, "vtimer interrupt delivered to the guest as vINTID 27");
    tap_check(guest.irq[INTID_CNTV] == 1 && guest.vtimer_spurious == 0,
              "exactly one acknowledge of vINTID 27 (acks=%u spurious=%u)", guest.irq[INTID_CNTV],
              guest.vtimer_spurious);
    tap_check(hs->phys_ack[INTID_CNTV] == 1 && hs->inject_accepted == 1,
              "hypervisor acknowledged physical PPI 27 once and injected once (acks=%lu injects=%lu)",
              hs->phys_ack[INTID_CNTV], hs->inject_accepted);
    tap_check(phys_in_handler & PHYS_STATE_ACTIVE,
              "physical PPI 27 left active by the hypervisor while the guest handles it (state=%x)",
              phys_in_handler);
    tap_check((virq_in_handler & VIRQ_STATE_IN_LR) && (virq_in_handler & VIRQ_STATE_HW) &&
                  ((virq_in_handler >> VIRQ_STATE_LR_SHIFT) & 3u) == LR_STATE_ACTIVE,
              "acknowledged vINTID 27 sits in a HW list register in the active state (state=%x)",
              virq_in_handler);
    tap_check(lr_hw(lr_in_handler) && lr_physical_id(lr_in_handler) == INTID_CNTV &&
                  lr_state(lr_in_handler) == LR_STATE_ACTIVE,
              "the flush after that exit rewrote it active only, HW | pINTID 27 (GICH_LR=%x)", lr_in_handler);
    tap_check(!(virq_in_handler & VIRQ_STATE_LINE_LEVEL),
              "line_level was lowered when the LR was populated pending (state=%x)", virq_in_handler);

    uint32_t phys_after = hc_phys_state(INTID_CNTV);
    tap_check(!(phys_after & PHYS_STATE_ACTIVE),
              "guest's EOI deactivated physical PPI 27 through the HW list register (state=%x)", phys_after);
    tap_check(hs->icactiver_writes == 0 && hs->phys_dir[INTID_CNTV] == 0,
              "the hypervisor never deactivated PPI 27 itself (ICACTIVER=%lu DIR=%lu)",
              hs->icactiver_writes, hs->phys_dir[INTID_CNTV]);
    uint32_t virq_after = hc_virq_state(INTID_CNTV);
    tap_check(!(virq_after & (VIRQ_STATE_QUEUED | VIRQ_STATE_ACTIVE)),
              "vINTID 27 left the ap_list after the fold of its invalid LR (state=%x)", virq_after);

    /* The physical interrupt is usable again: a second expiry arrives. */
    vtimer_arm_us(50);
    got = WAIT_UNTIL(guest.vtimer_genuine >= 2, WAIT_DEFAULT_US);
    tap_check(got && hs->phys_ack[INTID_CNTV] == 2,
              "second expiry delivered as well (genuine=%u phys acks=%lu)", guest.vtimer_genuine,
              hs->phys_ack[INTID_CNTV]);
    delay_us(200);
    tap_check(guest.irq[INTID_CNTV] == 2, "no further vINTID 27 once the timer is off (acks=%u)",
              guest.irq[INTID_CNTV]);
    irq_mask();
}
