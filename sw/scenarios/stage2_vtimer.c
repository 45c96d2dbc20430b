/* The seed's mapped level vtimer flow with the guest under stage 2, as a KVM
 * guest runs: the guest's CPU interface is its GICC IPA, which stage 2 maps
 * onto the GICV frame; the GICD IPA is unmapped, so the guest's distributor
 * accesses (configuration, priority, enable of vINTID 27) are stage 2 data
 * aborts that the hypervisor emulates from the syndrome (ESR_EL2.ISV, SAS,
 * SRT, WnR; HPFAR_EL2 + FAR_EL2 for the IPA). DDI 0487 D5.2 (stage 2),
 * D13.2.40 (data abort ISS); IHI 0048B 5.3.10, 5.4. */
#include "guest/guest.h"

const char scenario_name[] = "stage2_vtimer";

static uint32_t phys_in_handler, virq_in_handler;

static bool probe_hook(uint32_t iar)
{
    if (GICC_IAR_ID(iar) == INTID_CNTV) {
        phys_in_handler = hc_phys_state(INTID_CNTV);
        virq_in_handler = hc_virq_state(INTID_CNTV);
        guest_vtimer_default();
    }
    return false;
}

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();
    tap_note("%u list registers", hc_nr_lr());

    /* guest_main configured vINTID 27 through GICD: 2 reads + 3 writes trapped. */
    uint64_t traps_setup = hs->gicd_traps;
    tap_check(traps_setup >= 5 && hs->gicd_trap_writes >= 3,
              "the guest's GICD accesses were stage 2 data aborts emulated at EL2 (%lu, %lu writes)",
              traps_setup, hs->gicd_trap_writes);
    uint32_t en = mmio_read32(GICD_BASE + GICD_ISENABLER);
    tap_check(en == (1u << INTID_CNTV), "emulated GICD_ISENABLER0 reads back vINTID 27 enabled (%x)", en);
    uint32_t prio = mmio_read32(GICD_BASE + GICD_IPRIORITYR + 24u);
    tap_check(((prio >> 24) & 0xFFu) == 0xA0u, "emulated GICD_IPRIORITYR6 holds the priority written (%x)", prio);
    uint32_t typer = mmio_read32(GICD_BASE + GICD_TYPER);
    tap_check(typer == 0 && hs->gicd_traps == traps_setup + 3,
              "GICD_TYPER (ITLinesNumber 0) emulated, one trap per access (typer=%x traps=%lu)", typer,
              hs->gicd_traps);
    uint32_t ctlr = gicv_read(GICC_CTLR);
    tap_check(ctlr & GICC_CTLR_ENABLE_GRP0,
              "the GICC IPA reaches the GICV frame through stage 2 without a trap (GICC_CTLR=%x, traps=%lu)",
              ctlr, hs->gicd_traps);

    guest_set_irq_hook(probe_hook);
    irq_unmask();
    vtimer_arm_us(50);
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= 1, WAIT_DEFAULT_US);
    tap_check(got, "vtimer interrupt delivered to the guest as vINTID 27 through its GICC IPA");
    tap_check(guest.irq[INTID_CNTV] == 1 && guest.vtimer_spurious == 0,
              "exactly one acknowledge of vINTID 27 (acks=%u spurious=%u)", guest.irq[INTID_CNTV],
              guest.vtimer_spurious);
    tap_check(phys_in_handler & PHYS_STATE_ACTIVE,
              "physical PPI 27 left active by the hypervisor while the guest handles it (state=%x)",
              phys_in_handler);
    tap_check((virq_in_handler & VIRQ_STATE_HW) &&
                  ((virq_in_handler >> VIRQ_STATE_LR_SHIFT) & 3u) == LR_STATE_ACTIVE,
              "acknowledged vINTID 27 sits in a HW list register in the active state (state=%x)",
              virq_in_handler);
    uint32_t phys_after = hc_phys_state(INTID_CNTV);
    tap_check(!(phys_after & PHYS_STATE_ACTIVE),
              "guest's EOI (GICC IPA -> GICV) deactivated physical PPI 27 through the HW list register (state=%x)",
              phys_after);

    vtimer_arm_us(50);
    got = WAIT_UNTIL(guest.vtimer_genuine >= 2, WAIT_DEFAULT_US);
    tap_check(got && hs->phys_ack[INTID_CNTV] == 2,
              "second expiry delivered as well (genuine=%u phys acks=%lu)", guest.vtimer_genuine,
              hs->phys_ack[INTID_CNTV]);

    /* Disabling through the emulated GICD: no further delivery. */
    mmio_write32(GICD_BASE + GICD_ICENABLER, 1u << INTID_CNTV);
    tap_check(!(hc_virq_state(INTID_CNTV) & VIRQ_STATE_ENABLED),
              "emulated GICD_ICENABLER0 write disabled vINTID 27");
    vtimer_arm_us(50);
    delay_us(300);
    tap_check(guest.irq[INTID_CNTV] == 2, "no delivery while vINTID 27 is disabled (acks=%u)",
              guest.irq[INTID_CNTV]);
    write_sysreg(cntv_ctl_el0, 0);
    irq_mask();
}
