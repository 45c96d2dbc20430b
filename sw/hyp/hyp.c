/* EL2 mini-hypervisor: one vCPU per CPU (CPU 1 only when a scenario starts
 * it), KVM non-VHE style set-up (docs/vgic-reference.md section 5). */
#include "hyp/hyp.h"

#include "hyp/gicv2.h"
#include "hyp/stage2.h"
#include "hyp/vgic.h"
#include "hyp/vtimer.h"
#include "runtime/arch.h"
#include "runtime/console.h"
#include "runtime/platform.h"
#include "runtime/semihost.h"

struct hyp_stats hyp_stats_percpu[HYP_MAX_CPUS];

extern char __hyp_stack_top[], __guest_stack_top[];
extern char __hyp1_stack_top[], __guest1_stack_top[];
extern void guest_start(void); /* guest/guest_vectors.S */
extern void _start_secondary(void); /* runtime/entry.S */

#define HOST_IRQ_PRIORITY 0x80u
#define MAX_IAR_PER_EXIT  8u
/* Physical SGI CPU 0 sends to CPU 1 to make it leave its guest. */
#define HYP_SGI_KICK 1u

static volatile bool vm_untrusted[HYP_MAX_CPUS];
bool hyp_vm_untrusted(void) { return vm_untrusted[hyp_cpu()]; }

/* CPU 0 <-> CPU 1 (MMU off: Device memory, accesses in program order). */
static volatile struct peer_report peer;
static volatile uint32_t peer_stop_request;

void hyp_panic(const char *what)
{
    printf("Bail out! hypervisor: %s (ESR_EL2=%lx ELR_EL2=%lx FAR_EL2=%lx)\n", what,
           read_sysreg(esr_el2), read_sysreg(elr_el2), read_sysreg(far_el2));
    semihost_exit(255);
}

/* This CPU's banked part of the distributor (SGIs and PPIs, 4.3) and its
 * CPU interface. */
static void gic_cpu_init(void)
{
    /* The interrupts the hypervisor owns: maintenance, its own timer, the
     * forwarded virtual timer and the kick SGI. All Group 0 (reset),
     * signalled as IRQ. */
    const unsigned ids[] = {INTID_MAINTENANCE, INTID_CNTHP, INTID_CNTV, HYP_SGI_KICK};
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; ++i) {
        gicd_set_priority(ids[i], HOST_IRQ_PRIORITY);
        gicd_enable(ids[i]);
    }

    gicc_write(GICC_PMR, 0xFF);
    gicc_write(GICC_BPR, 0);
    /* EOImode 1: GICC_EOIR drops priority, GICC_DIR deactivates (4.4.1);
     * KVM's host relies on it to keep forwarded interrupts active. */
    gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);
    if (!(gicc_read(GICC_CTLR) & GICC_CTLR_EOIMODE))
        hyp_panic("GICC_CTLR.EOImode does not stick");
}

static void gic_init(void)
{
    gicd_write(GICD_CTLR, 0);
    gic_cpu_init();
    gicd_write(GICD_CTLR, 1);
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
    /* The guest's MPIDR_EL1 is this CPU's (as KVM gives vCPU n Aff0 = n). */
    write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
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
    hyp_enter_guest((uint64_t)(uintptr_t)guest_start, (uint64_t)(uintptr_t)__guest_stack_top,
                    (uint64_t)(uintptr_t)__hyp_stack_top);
}

/* ---- CPU 1: a second, untrusted VM (HC_PEER_START) ------------------- */

#define PSCI_CPU_ON64  0xC4000003ull
#define PSCI_CPU_OFF   0x84000002ull

/* SMC Calling Convention: x0-x17 may be clobbered. From EL2 the SMC goes to
 * the platform's PSCI firmware (QEMU virt and vp answer it without EL3). */
static int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
                       "x16", "x17", "memory");
    return (int64_t)x0;
}

/* Bounded wait at EL2 on the physical count (QEMU: host time). */
static bool wait_flag(volatile const uint64_t *flag, uint64_t ms)
{
    uint64_t start = read_sysreg(cntpct_el0);
    uint64_t span = (read_sysreg(cntfrq_el0) & 0xFFFFFFFFu) / 1000u * ms;
    while (!*flag)
        if (read_sysreg(cntpct_el0) - start >= span)
            return *flag != 0;
    return true;
}

void hyp_secondary_main(void)
{
    if (hyp_cpu() != 1)
        hyp_panic("secondary entry on a CPU other than 1");
    gic_cpu_init();
    el2_init();
    vm_untrusted[1] = true;
    unsigned nr_lr = GICH_VTR_LISTREGS(gich_read(GICH_VTR));
    peer.vtr_boot = gich_read(GICH_VTR);
    vgic_init(nr_lr);
    vtimer_init();
#ifdef VP_STAGE2
    stage2_enable();
#endif
    vgic_flush();
    peer.up = 1;
    dsb_sy();
    hyp_enter_guest((uint64_t)(uintptr_t)guest_start, (uint64_t)(uintptr_t)__guest1_stack_top,
                    (uint64_t)(uintptr_t)__hyp1_stack_top);
}

static uint64_t peer_start(void)
{
#ifndef VP_STAGE2
    printf("# hyp: HC_PEER_START needs stage 2 (a VP_STAGE2 build) to isolate the second VM\n");
    return HC_ERROR;
#else
    peer.up = 0;
    peer.done = 0;
    peer_stop_request = 0;
    dsb_sy();
    int64_t r = psci_call(PSCI_CPU_ON64, 1, (uint64_t)(uintptr_t)_start_secondary, 0);
    if (r != 0) {
        printf("# hyp: PSCI CPU_ON of CPU 1 returned %ld\n", r);
        return HC_ERROR;
    }
    if (!wait_flag(&peer.up, 1000)) {
        printf("# hyp: CPU 1 did not come up\n");
        return HC_ERROR;
    }
    return 0;
#endif
}

/* ELRSR / EISR as IHI 0048B 5.3.7-5.3.8 derive them from the LRs: an LR is
 * empty when its state is invalid and it does not wait for an EOI
 * maintenance (HW = 1 or EOI = 0); it is in EISR when invalid with HW = 0
 * and EOI = 1. */
static void check_lrs(unsigned n)
{
    uint32_t elrsr = 0, eisr = 0, bad = 0;
    for (unsigned i = 0; i < n; ++i) {
        gich_lr lr = gich_read(GICH_LR(i));
        gich_lr want = vgic_lr_shadow(i);
        if ((lr & ~(3u << 28)) != (want & ~(3u << 28)) || (i >= vgic_used_lrs() && lr != 0) ||
            (lr_hw(lr) && lr_state(lr) == LR_STATE_PENDING_ACTIVE))
            bad |= 1u << (i & 31);
        if (lr_state(lr) == LR_STATE_INVALID) {
            if (!lr_hw(lr) && ((lr >> 19) & 1u))
                eisr |= 1u << (i & 31);
            else
                elrsr |= 1u << (i & 31);
        }
    }
    peer.lr_bad = bad;
    peer.elrsr = gich_read(GICH_ELRSR0);
    peer.elrsr_expected = elrsr;
    peer.eisr = gich_read(GICH_EISR0);
    peer.eisr_expected = eisr;
    peer.misr = gich_read(GICH_MISR);
    peer.hcr_after_fold = gich_read(GICH_HCR);
    /* GICH_HCR is 0 here: only the EOI bit can be set, exactly when EISR is not 0 (5.3.5). */
    peer.misr_expected = eisr ? GICH_MISR_EOI : 0;
}

/* CPU 1, at an exit after HC_PEER_STOP: the fold of this exit has run. */
static void __attribute__((noreturn)) peer_stop_and_report(void)
{
    unsigned n = vgic_nr_lr();
    peer.nr_lr = n;
    peer.used_lrs = vgic_used_lrs();
    peer.stats = (uint64_t)(uintptr_t)&this_stats;
    check_lrs(n > 32 ? 32 : n);
    peer.active0 = gicd_read(GICD_ISACTIVER);
    peer.vintid27_state = vgic_state_bits(INTID_CNTV);
    /* The only physical interrupt a vCPU can keep active is its forwarded
     * vtimer, and only while the vgic holds vINTID 27 (line level, latch,
     * active or queued for an LR). */
    uint32_t explained = 0;
    const struct vgic_irq *vt = vgic_get_irq(INTID_CNTV);
    if (vt->line_level || vt->pending_latch || vt->active || vt->queued)
        explained |= 1u << INTID_CNTV;
    peer.active0_unexplained = peer.active0 & ~explained;
    peer.rpr = gicc_read(GICC_RPR);
    peer.apr0 = gicc_read(0x0D0u); /* GICC_APR0 */
    peer.vtr_end = gich_read(GICH_VTR);

    /* Teardown, as KVM destroys a vCPU: virtual interface off and empty,
     * timer off, the mapped interrupt no longer held active for the guest. */
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    for (unsigned i = 0; i < n; ++i)
        gich_write(GICH_LR(i), 0);
    gich_write(GICH_APR, 0);
    gich_write(GICH_VMCR, 0);
    gich_write(GICH_HCR, 0);
    gicd_clear_active(INTID_CNTV);
    dsb_sy();
    peer.td_active0 = gicd_read(GICD_ISACTIVER);
    peer.td_pending0 = gicd_read(GICD_ISPENDR);
    peer.td_hcr = gich_read(GICH_HCR);
    peer.td_apr = gich_read(GICH_APR);
    peer.td_misr = gich_read(GICH_MISR);
    peer.td_elrsr = gich_read(GICH_ELRSR0);
    uint32_t nz = 0;
    for (unsigned i = 0; i < n && i < 32; ++i)
        if (gich_read(GICH_LR(i)))
            nz |= 1u << i;
    peer.td_lr_nonzero = nz;
    peer.td_rpr = gicc_read(GICC_RPR);
    peer.gicd_ctlr = gicd_read(GICD_CTLR);
    unsigned lines = (gicd_read(GICD_TYPER) & 0x1Fu) + 1u; /* ITLinesNumber + 1 groups of 32 */
    for (unsigned g = 1; g < lines; ++g) {
        peer.spi_enabled |= gicd_read(GICD_ISENABLER + 4u * g);
        peer.spi_pending |= gicd_read(GICD_ISPENDR + 4u * g);
        peer.spi_active |= gicd_read(GICD_ISACTIVER + 4u * g);
    }
    dsb_sy();
    peer.done = 1;
    dsb_sy();
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}

static uint64_t peer_stop(void)
{
    if (!peer.up)
        return HC_ERROR;
    peer_stop_request = 1;
    dsb_sy();
    /* GICD_SGIR: TargetListFilter 0, CPUTargetList = CPU 1 (4.3.15). */
    gicd_write(0xF00u, (1u << (16 + 1)) | HYP_SGI_KICK);
    if (!wait_flag(&peer.done, 1000)) {
        printf("# hyp: CPU 1 did not report\n");
        return HC_ERROR;
    }
    return (uint64_t)(uintptr_t)&peer;
}

/* ---- exceptions injected into the guest -------------------------------- */

void hyp_inject_sync(struct hyp_frame *f, uint64_t esr, uint64_t far)
{
    /* D1.10.2: the guest at EL1 takes it at VBAR_EL1 + 0x200 (SPx) or + 0
     * (SP_EL0), with its PSTATE in SPSR_EL1, DAIF masked, EL1h. */
    uint64_t offset = (f->spsr & 1u) ? 0x200u : 0u;
    write_sysreg(elr_el1, f->elr);
    write_sysreg(spsr_el1, f->spsr);
    write_sysreg(esr_el1, esr);
    write_sysreg(far_el1, far);
    f->elr = read_sysreg(vbar_el1) + offset;
    f->spsr = SPSR_EL1H_DAIF;
    ++this_stats.injected_aborts;
}

/* ---- physical interrupts -------------------------------------------- */

static void handle_phys_irqs(void)
{
    for (unsigned n = 0; n < MAX_IAR_PER_EXIT; ++n) {
        uint32_t iar = gicc_read(GICC_IAR);
        unsigned id = GICC_IAR_ID(iar);
        if (id >= 1020) {
            if (n == 0)
                ++this_stats.phys_spurious;
            return;
        }
        if (id < 32)
            ++this_stats.phys_ack[id];
        switch (id) {
        case HYP_SGI_KICK:
            ++this_stats.kicks; /* the exit itself is the point: see hyp_handle_exit */
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            ++this_stats.phys_dir[id];
            break;
        case INTID_CNTV:
            vtimer_handle_phys_irq(iar);
            break;
        case INTID_CNTHP:
            write_sysreg(cnthp_ctl_el2, 0); /* one-shot */
            isb();
            ++this_stats.host_timer_irqs;
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            ++this_stats.phys_dir[id];
            break;
        case INTID_MAINTENANCE:
            /* Nothing to do here: the fold of this exit already consumed
             * the LR state and GICH_HCR is 0 until the next flush, so the
             * (level) maintenance interrupt is no longer asserted. */
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            ++this_stats.phys_dir[id];
            break;
        default:
            if (!hyp_vm_untrusted())
                printf("# hyp: unexpected physical interrupt %u\n", id);
            gicc_write(GICC_EOIR, iar);
            gicc_write(GICC_DIR, iar);
            if (id < 32)
                ++this_stats.phys_dir[id];
            break;
        }
    }
}

/* ---- hypercalls ----------------------------------------------------- */

static void print_stats(void)
{
    const struct hyp_stats *s = &this_stats;
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
    ++this_stats.refused;
    if (!hyp_vm_untrusted())
        printf("# hyp: hypercall %lx: invalid argument %lu\n", fn, a1);
    return HC_ERROR;
}

static uint64_t hypercall(struct hyp_frame *f)
{
    uint64_t fn = f->x[0], a1 = f->x[1], a2 = f->x[2];
    bool valid_virq = a1 < VGIC_NR_IRQS;
    if (hyp_vm_untrusted()) {
        switch (fn) {
        case HC_EXIT:         /* an untrusted VM does not end the host */
        case HC_PHYS_CONFIG:  /* test hooks that change the host's GIC or timers */
        case HC_HOST_TIMER:
        case HC_PEER_START:
        case HC_PEER_STOP:
            ++this_stats.refused;
            return HC_ERROR;
        default:
            break;
        }
    }
    switch (fn) {
    case HC_PEER_START:
        return peer_start();
    case HC_PEER_STOP:
        return peer_stop();
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
        return (uint64_t)(uintptr_t)&this_stats;
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
        ++this_stats.refused;
        if (!hyp_vm_untrusted())
            printf("# hyp: unknown hypercall %lx\n", fn);
        return HC_ERROR;
    }
}

/* ---- exits ---------------------------------------------------------- */

void hyp_handle_exit(struct hyp_frame *f, unsigned kind)
{
    if (kind >= HYP_EXIT_CURRENT_EL)
        hyp_panic("exception taken from EL2");
    ++this_stats.exits;
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
        if (ESR_EC(esr) == ESR_EC_HVC64) {
            ++this_stats.exits_hvc;
            f->x[0] = hypercall(f);
        } else if (hyp_vm_untrusted()) {
            /* e.g. a trapped CNTP_* access (CNTHCTL_EL2.EL1PCEN = 0): the
             * guest gets an Undefined Instruction exception (EC 0, IL 1). */
            hyp_inject_sync(f, 1ull << 25, 0);
        } else {
            hyp_panic("unexpected synchronous exception from the guest");
        }
        break;
    }
    case HYP_EXIT_IRQ:
        ++this_stats.exits_irq;
        handle_phys_irqs();
        break;
    default:
        hyp_panic("unexpected FIQ/SError from the guest");
    }
    if (hyp_cpu() == 1 && peer_stop_request)
        peer_stop_and_report();
    vgic_flush();
}
