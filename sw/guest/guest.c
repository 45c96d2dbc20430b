#include "guest/guest.h"

volatile struct guest_counters guest;
static guest_irq_hook_fn irq_hook;

void guest_virq_setup(unsigned intid, uint8_t prio, bool edge)
{
#ifdef VP_STAGE2
    /* Through the (trapped, emulated) distributor, as a KVM guest does. */
    if (intid >= 16) {
        uintptr_t cfg = GICD_BASE + GICD_ICFGR + 4u * (intid / 16u);
        uint32_t bit = 2u << (2u * (intid % 16u));
        mmio_write32(cfg, edge ? (mmio_read32(cfg) | bit) : (mmio_read32(cfg) & ~bit));
    }
    uintptr_t prio_reg = GICD_BASE + GICD_IPRIORITYR + (intid & ~3u);
    unsigned shift = 8u * (intid & 3u);
    mmio_write32(prio_reg, (mmio_read32(prio_reg) & ~(0xFFu << shift)) | ((uint32_t)prio << shift));
    mmio_write32(GICD_BASE + GICD_ISENABLER + 4u * (intid / 32u), 1u << (intid % 32u));
    return;
#endif
    if (intid >= 16)
        hvc(HC_VIRQ_CONFIG, intid, edge);
    hvc(HC_VIRQ_PRIORITY, intid, prio);
    hvc(HC_VIRQ_ENABLE, intid, 1);
}

void guest_exit(unsigned code)
{
    hvc(HC_EXIT, code, 0);
    for (;;) {
    }
}

const volatile struct hyp_stats *hyp_stats_page(void)
{
    return (const volatile struct hyp_stats *)(uintptr_t)hvc(HC_STATS, 0, 0);
}

void guest_set_irq_hook(guest_irq_hook_fn hook) { irq_hook = hook; }

void guest_vtimer_default(void)
{
    if (vtimer_condition_met()) {
        ++guest.vtimer_genuine;
        vtimer_disable();
    } else {
        ++guest.vtimer_spurious;
    }
}

/* IRQ vector (PSTATE.I is set on entry: no nesting). */
void guest_irq(unsigned kind)
{
    bool any = false;
    for (;;) {
        uint32_t iar = gicv_read(GICC_IAR);
        unsigned id = GICC_IAR_ID(iar);
        if (id >= 1020)
            break;
        any = true;
        if (id < 64)
            ++guest.irq[id];
        if (guest.log_len < GUEST_LOG_MAX)
            guest.log[guest.log_len++] = id;
        bool eoi_done = false;
        if (irq_hook)
            eoi_done = irq_hook(iar);
        else if (id == INTID_CNTV)
            guest_vtimer_default();
        if (!eoi_done)
            gicv_write(GICC_EOIR, iar); /* EOImode 0: drop + deactivate */
    }
    if (!any)
        ++guest.spurious_iar;
}

void guest_sync(unsigned kind)
{
    printf("Bail out! guest: synchronous exception ESR_EL1=%lx ELR_EL1=%lx FAR_EL1=%lx\n",
           read_sysreg(esr_el1), read_sysreg(elr_el1), read_sysreg(far_el1));
    guest_exit(255);
}

void guest_unexpected(unsigned kind)
{
    printf("Bail out! guest: unexpected exception vector %u ESR_EL1=%lx ELR_EL1=%lx\n", kind,
           read_sysreg(esr_el1), read_sysreg(elr_el1));
    guest_exit(255);
}

/* The guest on CPU 1 (scenarios that start it, HC_PEER_START): the
 * scenario's, or an idle loop of exits. */
__attribute__((weak)) void guest_secondary_main(void)
{
    for (;;)
        hc_nop();
}

void guest_main(void)
{
    if (this_cpu() != 0) {
        guest_secondary_main();
        for (;;) {
        }
    }
    printf("# guest: EL%u, scenario %s\n", current_el(), scenario_name);
    /* The guest's CPU interface is the GICV frame (without stage 2 to map it
     * at the GICC address; VP_STAGE2 builds do): Group 0 enabled, EOImode 0,
     * all priorities. */
    gicv_write(GICC_PMR, 0xFF);
    gicv_write(GICC_BPR, 0);
    gicv_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
    guest_virq_setup(INTID_CNTV, 0xA0, false);
    scenario_main();
    guest_exit(tap_finish());
}
