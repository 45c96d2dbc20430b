/* EL2 mini-hypervisor: one vCPU, no stage 2, KVM non-VHE style set-up
 * (docs/vgic-reference.md section 5). */
#include "hyp/hyp.h"

#include "hyp/gicv2.h"
#include "hyp/stage2.h"
#include "hyp/vgic.h"
#include "hyp/vtimer.h"
#include "runtime/arch.h"
#include "runtime/console.h"
#include "runtime/platform.h"
#include "runtime/semihost.h"

struct hyp_stats hyp_stats;

extern char __guest_stack_top[];
extern void guest_start(void); /* guest/guest_vectors.S */

#define HOST_IRQ_PRIORITY 0x80u
#define MAX_IAR_PER_EXIT  8u

void hyp_panic(const char *what)
{
    printf("Bail out! hypervisor: %s (ESR_EL2=%lx ELR_EL2=%lx FAR_EL2=%lx)\n", what,
           read_sysreg(esr_el2), read_sysreg(elr_el2), read_sysreg(far_el2));
    semihost_exit(255);
}

static void gic_init(void)
{
    gicd_write(GICD_CTLR, 0);
    /* The interrupts the hypervisor owns: maintenance, its own timer and
     * the forwarded virtual timer. All Group 0 (reset), signalled as IRQ. */
    const unsigned ppis[] = {INTID_MAINTENANCE, INTID_CNTHP, INTID_CNTV};
    for (unsigned i = 0; i < sizeof ppis / sizeof ppis[0]; ++i) {
        gicd_set_priority(ppis[i], HOST_IRQ_PRIORITY);
        gicd_enable(ppis[i]);
    }
    gicd_write(GICD_CTLR, 1);

    gicc_write(GICC_PMR, 0xFF);
    gicc_write(GICC_BPR, 0);
    /* EOImode 1: GICC_EOIR drops priority, GICC_DIR deactivates (4.4.1);
     * KVM's host relies on it to keep forwarded interrupts active. */
    gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);
    if (!(gicc_read(GICC_CTLR) & GICC_CTLR_EOIMODE))
        hyp_panic("GICC_CTLR.EOImode does not stick");
}

static void el2_init(void)
{
    /* Physical IRQ/FIQ/SError to EL2, EL1 is AArch64 (D13.2.48). */
    write_sysreg(hcr_el2, HCR_EL2_RW | HCR_EL2_IMO | HCR_EL2_FMO | HCR_EL2_AMO);
    /* KVM non-VHE guest entry: EL1 may read the physical count but not use
     * the EL1 physical timer. */
    write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
    /* The guest's virtual count starts near 0 (KVM sets CNTVOFF at VM
     * creation). The offset never exceeds the count. */
    write_sysreg(cntvoff_el2, read_sysreg(cntpct_el0));
    write_sysreg(cntv_ctl_el0, 0);
    write_sysreg(cnthp_ctl_el2, 0);
    /* EL2 and EL1: MMU and caches off, alignment checks off, little-endian
     * (RES1 bits set), so the state does not depend on the loader. */
    write_sysreg(sctlr_el2, 0x30C50830ull);
    write_sysreg(sctlr_el1, 0x30D00800ull);
    isb();
}

void hyp_main(void)
{
    if (current_el() != 2) {
        printf("Bail out! firmware entered at EL%u, needs EL2\n", current_el());
        semihost_exit(255);
    }
    gic_init();
    el2_init();
    unsigned nr_lr = GICH_VTR_LISTREGS(gich_read(GICH_VTR));
    vgic_init(nr_lr);
    vtimer_init();
#ifdef VP_STAGE2
    stage2_init();
    printf("# hyp: stage 2 on: guest GICC IPA -> GICV, GICD trapped and emulated\n");
#endif
#ifdef VGIC_NAIVE_FOLD
    printf("# hyp: EL2 up, GICH_VTR reports %u list registers, NAIVE fold (no GICD_ICACTIVER)\n", nr_lr);
#else
    printf("# hyp: EL2 up, GICH_VTR reports %u list registers\n", nr_lr);
#endif
    vgic_flush();
    hyp_enter_guest((uint64_t)(uintptr_t)guest_start, (uint64_t)(uintptr_t)__guest_stack_top);
}

/* ---- physical interrupts -------------------------------------------- */

static void handle_phys_irqs(void)
{
    for (unsigned n = 0; n < MAX_IAR_PER_EXIT; ++n) {
        uint32_t iar = gicc_read(GICC_IAR);
        unsigned id = GICC_IAR_ID(iar);
        if (id >= 1020) {
            if (n == 0)
                ++hyp_stats.phys_spurious;
            return;
        }
        if (id < 32)
            ++hyp_stats.phys_ack[id];
        switch (id) {
        case INTID_CNTV:
            vtimer_handle_phys_irq(iar);
            break;
        case INTID_CNTHP:
            write_sysreg(cnthp_ctl_el2, 0); /* one-shot */
            isb();
            ++hyp_stats.host_timer_irqs;
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            ++hyp_stats.phys_dir[id];
            break;
        case INTID_MAINTENANCE:
            /* Nothing to do here: the fold of this exit already consumed
             * the LR state and GICH_HCR is 0 until the next flush, so the
             * (level) maintenance interrupt is no longer asserted. */
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            ++hyp_stats.phys_dir[id];
            break;
        default:
            printf("# hyp: unexpected physical interrupt %u\n", id);
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            if (id < 32)
                ++hyp_stats.phys_dir[id];
            break;
        }
    }
}

/* ---- hypercalls ----------------------------------------------------- */

static void print_stats(void)
{
    const struct hyp_stats *s = &hyp_stats;
    printf("# hyp: exits=%lu (hvc=%lu irq=%lu) phys_ack: cntv=%lu cnthp=%lu maint=%lu spurious=%lu\n",
           s->exits, s->exits_hvc, s->exits_irq, s->phys_ack[INTID_CNTV], s->phys_ack[INTID_CNTHP],
           s->phys_ack[INTID_MAINTENANCE], s->phys_spurious);
    printf("# hyp: inject accepted=%lu rejected=%lu; fold sampled high=%lu low=%lu; "
           "GICD_ICACTIVER writes=%lu; LR overflows=%lu; MISR U=%lu NP=%lu EOI=%lu\n",
           s->inject_accepted, s->inject_rejected, s->fold_sampled_high, s->fold_sampled_low,
           s->icactiver_writes, s->lr_overflows, s->misr_u, s->misr_np, s->misr_eoi);
#ifdef VP_STAGE2
    printf("# hyp: stage 2 data aborts on the guest's GICD emulated=%lu (writes=%lu)\n", s->gicd_traps,
           s->gicd_trap_writes);
#endif
}

static uint64_t phys_state(unsigned intid)
{
    uint64_t v = 0;
    v |= gicd_is_pending(intid) ? PHYS_STATE_PENDING : 0;
    v |= gicd_is_active(intid) ? PHYS_STATE_ACTIVE : 0;
    v |= gicd_is_enabled(intid) ? PHYS_STATE_ENABLED : 0;
    v |= gicd_is_edge(intid) ? PHYS_STATE_EDGE : 0;
    return v;
}

/* A guest's mistake: an error result and a log line, never a crash. */
static uint64_t bad_hypercall(uint64_t fn, uint64_t a1)
{
    printf("# hyp: hypercall %lx: invalid argument %lu\n", fn, a1);
    return HC_ERROR;
}

static uint64_t hypercall(struct hyp_frame *f)
{
    uint64_t fn = f->x[0], a1 = f->x[1], a2 = f->x[2];
    bool valid_virq = a1 < VGIC_NR_IRQS;
    switch (fn) {
    case HC_EXIT:
        print_stats();
        semihost_exit((unsigned)a1);
    case HC_NOP:
        return 0;
    case HC_INFO:
#ifdef VGIC_NAIVE_FOLD
        return vgic_nr_lr() | (1u << 8);
#else
        return vgic_nr_lr();
#endif
    case HC_STATS:
        return (uint64_t)(uintptr_t)&hyp_stats;
    case HC_VIRQ_ENABLE:
        if (!valid_virq)
            return bad_hypercall(fn, a1);
        vgic_set_enabled((unsigned)a1, a2 != 0);
        return 0;
    case HC_VIRQ_PRIORITY:
        if (!valid_virq)
            return bad_hypercall(fn, a1);
        vgic_set_priority((unsigned)a1, (uint8_t)a2);
        return 0;
    case HC_VIRQ_CONFIG:
        if (!valid_virq || a1 < 16)
            return bad_hypercall(fn, a1);
        vgic_set_config((unsigned)a1, a2 ? VGIC_CONFIG_EDGE : VGIC_CONFIG_LEVEL);
        return 0;
    case HC_VIRQ_INJECT:
        if (!valid_virq)
            return bad_hypercall(fn, a1);
        vgic_set_pending((unsigned)a1);
        return 0;
    case HC_VIRQ_STATE:
        return valid_virq ? vgic_state_bits((unsigned)a1) : bad_hypercall(fn, a1);
    case HC_PHYS_STATE:
        return a1 < 32 ? phys_state((unsigned)a1) : bad_hypercall(fn, a1);
    case HC_PHYS_CONFIG:
        if (a1 < 16 || a1 >= 32)
            return bad_hypercall(fn, a1);
        gicd_set_edge((unsigned)a1, a2 != 0);
        return gicd_is_edge((unsigned)a1);
    case HC_HOST_TIMER:
        write_sysreg(cnthp_cval_el2, read_sysreg(cntpct_el0) + a1);
        write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
        isb();
        return 0;
    case HC_MAINT_POLICY:
        vgic_set_maintenance_policy((unsigned)a1);
        return 0;
    case HC_SET_VCOUNT:
        /* As KVM does when userspace sets the guest's counter: the offset
         * may exceed the physical count (CNTVCT wraps modulo 2^64). */
        write_sysreg(cntvoff_el2, read_sysreg(cntpct_el0) - a1);
        isb();
        return read_sysreg(cntvoff_el2);
    case HC_VIRQ_LR:
        return valid_virq ? vgic_lr_written((unsigned)a1) : bad_hypercall(fn, a1);
    default:
        printf("# hyp: unknown hypercall %lx\n", fn);
        return HC_ERROR;
    }
}

/* ---- exits ---------------------------------------------------------- */

void hyp_handle_exit(struct hyp_frame *f, unsigned kind)
{
    if (kind >= HYP_EXIT_CURRENT_EL)
        hyp_panic("exception taken from EL2");
    ++hyp_stats.exits;
    vgic_fold();
    switch (kind) {
    case HYP_EXIT_SYNC: {
        uint64_t esr = read_sysreg(esr_el2);
#ifdef VP_STAGE2
        if (ESR_EC(esr) == 0x24u) { /* data abort from a lower EL: a stage 2 fault */
            stage2_data_abort(f, esr);
            break;
        }
#endif
        if (ESR_EC(esr) != ESR_EC_HVC64)
            hyp_panic("unexpected synchronous exception from the guest");
        ++hyp_stats.exits_hvc;
        f->x[0] = hypercall(f);
        break;
    }
    case HYP_EXIT_IRQ:
        ++hyp_stats.exits_irq;
        handle_phys_irqs();
        break;
    default:
        hyp_panic("unexpected FIQ/SError from the guest");
    }
    vgic_flush();
}
