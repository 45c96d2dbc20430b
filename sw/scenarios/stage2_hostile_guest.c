/* A hostile guest next to a well-behaved one (issue 16). Two CPUs, two VMs,
 * both under stage 2 (VP_STAGE2 build: the GICD IPA trapped and emulated,
 * the GICC IPA mapped onto the GICV frame):
 *
 *  CPU 1 runs an untrusted EL1 guest that, from a fixed xorshift64 seed,
 *  writes random values to random GICV offsets (reserved ones too; the
 *  GICv2 CPU interface registers are word-accessible only, IHI 0048B 4.1.4),
 *  garbage to GICV_EOIR/AEOIR/DIR/APR0, acknowledges interrupts and never
 *  ends them properly, calls every hypercall number with random arguments,
 *  floods SGIs through its trapped GICD_SGIR, writes random GICD offsets in
 *  every size, reprograms CNTV_CTL/CVAL/TVAL and its virtual offset wildly,
 *  touches unmapped IPAs and the trapped EL1 physical timer. One limit: the
 *  virtual count it asks for (HC_SET_VCOUNT) is at most the physical count,
 *  so CNTVOFF_EL2 stays below it: QEMU 7.2 stops responding when CVAL +
 *  CNTVOFF wraps past 2^64 (vtimer_offset_wrap and vtimer_wrap_condition
 *  cover that range on vp);
 *
 *  CPU 0 runs the seed's mapped level vtimer flow: TICKS periodic expiries,
 *  each delivered exactly once, with exact hypervisor-side counts.
 *
 * Then CPU 0's hypervisor stops CPU 1 (physical SGI kick), which checks the
 * host's GIC state it sees (list registers as written, ELRSR/EISR/MISR
 * derived from them, no physical interrupt active that the vgic does not
 * account for, nothing left in the running priority), tears the VM down as
 * KVM does and checks again. The hostile guest's own results are not
 * checked: whatever it did is its own business, as long as the host and
 * the other VM are unaffected. */
#include "guest/guest.h"

const char scenario_name[] = "stage2_hostile_guest";

#define HOSTILE_SEED 0x9E3779B97F4A7C15ul
#define TICKS 200u

/* ---- CPU 1: the hostile guest ------------------------------------------ */

static volatile struct {
    uint64_t ops, gicv_writes, gicv_reads, iar_acks, hvcs, hvc_errors, sgir_writes, gicd_accesses,
        timer_writes, unmapped, cntp_traps, sync, sync_dabt, sync_undef, irq, fiq, serror;
} hostile;

static uint64_t hostile_state = HOSTILE_SEED;
static uint64_t rnd(void) /* xorshift64 */
{
    uint64_t x = hostile_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return hostile_state = x;
}

/* Called from the vector table below with DAIF masked; it changes ELR_EL1 /
 * SPSR_EL1 directly (the table does not save them). */
void hostile_exception(unsigned kind);
void hostile_exception(unsigned kind)
{
    switch (kind & 3u) {
    case 0: { /* synchronous: an injected abort or Undefined; step over it */
        uint64_t ec = (read_sysreg(esr_el1) >> 26) & 0x3Fu;
        ++hostile.sync;
        hostile.sync_dabt += ec == 0x25u;
        hostile.sync_undef += ec == 0x00u;
        write_sysreg(elr_el1, read_sysreg(elr_el1) + 4u);
        break;
    }
    case 1: /* IRQ: sometimes acknowledge, never EOI; return with IRQs masked */
    case 2: /* FIQ (GICV_CTLR.FIQEn set at random) */
        if ((kind & 3u) == 1u)
            ++hostile.irq;
        else
            ++hostile.fiq;
        if (hostile_state & 1u) {
            uint32_t iar = gicv_read(GICC_IAR);
            hostile.iar_acks += GICC_IAR_ID(iar) < 1020u;
        }
        write_sysreg(spsr_el1, read_sysreg(spsr_el1) | ((kind & 3u) == 1u ? 0x80u : 0x40u));
        break;
    default:
        ++hostile.serror;
        write_sysreg(spsr_el1, read_sysreg(spsr_el1) | 0x100u);
        break;
    }
}

/* EL1 vectors (DDI 0487 D1.10.2): save the caller-saved registers, call
 * hostile_exception(vector index). */
__asm__(".macro hostile_vector kind\n"
        "    .balign 0x80\n"
        "    sub sp, sp, #176\n"
        "    stp x0, x1, [sp, #0]\n"
        "    mov x0, #\\kind\n"
        "    b hostile_common\n"
        ".endm\n"
        "    .text\n"
        "    .balign 2048\n"
        "hostile_vectors:\n"
        "    hostile_vector 0\n  hostile_vector 1\n  hostile_vector 2\n  hostile_vector 3\n"
        "    hostile_vector 0\n  hostile_vector 1\n  hostile_vector 2\n  hostile_vector 3\n"
        "    hostile_vector 0\n  hostile_vector 1\n  hostile_vector 2\n  hostile_vector 3\n"
        "    hostile_vector 0\n  hostile_vector 1\n  hostile_vector 2\n  hostile_vector 3\n"
        "hostile_common:\n"
        "    stp x2, x3, [sp, #16]\n    stp x4, x5, [sp, #32]\n    stp x6, x7, [sp, #48]\n"
        "    stp x8, x9, [sp, #64]\n    stp x10, x11, [sp, #80]\n    stp x12, x13, [sp, #96]\n"
        "    stp x14, x15, [sp, #112]\n    stp x16, x17, [sp, #128]\n    stp x18, x29, [sp, #144]\n"
        "    str x30, [sp, #160]\n"
        "    bl hostile_exception\n"
        "    ldr x30, [sp, #160]\n"
        "    ldp x18, x29, [sp, #144]\n    ldp x16, x17, [sp, #128]\n    ldp x14, x15, [sp, #112]\n"
        "    ldp x12, x13, [sp, #96]\n    ldp x10, x11, [sp, #80]\n    ldp x8, x9, [sp, #64]\n"
        "    ldp x6, x7, [sp, #48]\n    ldp x4, x5, [sp, #32]\n    ldp x2, x3, [sp, #16]\n"
        "    ldp x0, x1, [sp, #0]\n"
        "    add sp, sp, #176\n"
        "    eret\n");
extern char hostile_vectors[];

/* GICV registers worth hitting more often than a uniform offset would. */
static const uint16_t gicv_hot[] = {0x000, 0x004, 0x008, 0x00C, 0x010, 0x014, 0x018, 0x01C, 0x020,
                                    0x024, 0x028, 0x0D0, 0x0D4, 0x0E0, 0x0FC, 0x1000, 0x1FFC};

/* ... and the emulated GICD registers: CTLR, I[SC]ENABLER0, IPRIORITYR0-7, ICFGR1. */
static const uint16_t gicd_hot[] = {0x000, 0x100, 0x100, 0x180, 0x400, 0x404, 0x408, 0x40C,
                                    0x410, 0x414, 0x418, 0x41C, 0xC04};

static inline uint64_t load64(uintptr_t a)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
    return v;
}

/* Operation classes (r & 15) the guest uses; a build with a narrower mask
 * helps find which one upsets a simulator. */
#ifndef HOSTILE_OPS
#define HOSTILE_OPS 0xFFFFu
#endif

static void hostile_step(void)
{
    uint64_t r = rnd();
    uint32_t v = (uint32_t)(r >> 32);
    if (!((HOSTILE_OPS >> (r & 15u)) & 1u))
        return;
    switch (r & 15u) {
    case 0:
    case 1:
    case 2: { /* a random word to a random (or hot) GICV offset */
        uint32_t off = (r >> 4) & 1u ? gicv_hot[(r >> 5) % (sizeof gicv_hot / sizeof gicv_hot[0])]
                                     : (uint32_t)(r >> 8) & 0x1FFCu;
        gicv_write(off, v);
        ++hostile.gicv_writes;
        break;
    }
    case 3: { /* reads, IAR and AIAR included: acknowledged, never ended */
        uint32_t off = (r >> 4) & 1u ? ((r >> 5) & 1u ? GICC_IAR : 0x020u) : (uint32_t)(r >> 8) & 0x1FFCu;
        uint32_t got = gicv_read(off);
        hostile.iar_acks += (off == GICC_IAR || off == 0x020u) && GICC_IAR_ID(got) < 1020u;
        ++hostile.gicv_reads;
        break;
    }
    case 4:
    case 5: { /* every hypercall number, random arguments */
        uint64_t fn = (r >> 4) & 1u ? (r >> 5) & 0x3Fu : rnd();
        uint64_t a1 = (r >> 11) & 1u ? (r >> 12) % 80u : rnd();
        if (fn == HC_SET_VCOUNT) /* a virtual count at most the physical one (see below) */
            a1 = rnd() % (read_sysreg(cntpct_el0) + 1u);
        if (hvc(fn, a1, rnd()) == HC_ERROR)
            ++hostile.hvc_errors;
        ++hostile.hvcs;
        break;
    }
    case 6:
    case 7: /* SGI flood through the trapped GICD_SGIR: random filter, list, ID */
        for (unsigned k = 0; k < 8u; ++k) {
            mmio_write32(GICD_BASE + 0xF00u, (uint32_t)rnd() & 0x03FF800Fu);
            ++hostile.sgir_writes;
        }
        break;
    case 8: { /* random GICD word, often an emulated register */
        uintptr_t a = GICD_BASE + ((r >> 5) & 1u ? gicd_hot[(r >> 8) % (sizeof gicd_hot / sizeof gicd_hot[0])]
                                                 : ((r >> 8) & 0xFFCu));
        if ((r >> 4) & 1u)
            mmio_write32(a, v);
        else
            (void)mmio_read32(a);
        ++hostile.gicd_accesses;
        break;
    }
    case 9: { /* GICD bytes and halfwords (the emulation is word-only: RAZ/WI) */
        uintptr_t a = GICD_BASE + ((r >> 8) & 0xFFFu);
        if ((r >> 4) & 1u)
            mmio_write8(a, (uint8_t)v);
        else
            *(volatile uint16_t *)(a & ~1ul) = (uint16_t)v;
        ++hostile.gicd_accesses;
        break;
    }
    case 10:
    case 11: /* the virtual timer, wildly */
        switch ((r >> 4) & 3u) {
        case 0:
            write_sysreg(cntv_ctl_el0, v & 7u);
            break;
        case 1: /* near now, either side */
            write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + (int64_t)(int16_t)v);
            break;
        case 2:
            write_sysreg(cntv_tval_el0, (r >> 6) & 1u ? (uint64_t)(v & 0xFFu) : (uint64_t)v);
            break;
        default:
            write_sysreg(cntv_cval_el0, rnd() >> ((r >> 6) & 63u));
            break;
        }
        isb();
        ++hostile.timer_writes;
        break;
    case 12: /* a window with IRQ and FIQ unmasked: the handler takes what comes */
        __asm__ volatile("msr daifclr, #3" ::: "memory");
        for (volatile unsigned k = 0; k < ((r >> 4) & 63u); ++k) {
        }
        __asm__ volatile("msr daifset, #3" ::: "memory");
        break;
    case 13: /* unmapped IPAs: the hypervisor injects an external abort */
        switch ((r >> 4) & 3u) {
        case 0:
            (void)load64(0x08020000ul + ((r >> 8) & 0xFFF8u)); /* between GICC and GICH */
            break;
        case 1:
            (void)mmio_read32(GICH_BASE + ((r >> 8) & 0xFFCu)); /* the GICH frame is not the guest's */
            break;
        case 2:
            (void)mmio_read32(0x0A000000ul + ((r >> 8) & 0xFFFFCu));
            break;
        default:
            (void)load64(GICD_BASE + ((r >> 8) & 0xFF8u)); /* 64-bit GICD: RAZ/WI */
            break;
        }
        ++hostile.unmapped;
        break;
    case 14: /* the EL1 physical timer is the host's: trapped (CNTHCTL_EL2.EL1PCEN = 0) */
        if ((r >> 4) & 1u)
            (void)read_sysreg(cntp_ctl_el0);
        else
            write_sysreg(cntp_cval_el0, v);
        ++hostile.cntp_traps;
        break;
    default: /* garbage ends of interrupt */
        gicv_write((r >> 4) & 1u ? GICC_EOIR : ((r >> 5) & 1u ? GICC_DIR : 0x024u), v);
        ++hostile.gicv_writes;
        break;
    }
}

void guest_secondary_main(void)
{
    write_sysreg(vbar_el1, (uint64_t)(uintptr_t)hostile_vectors);
    isb();
    for (;;) {
        hostile_step();
        ++hostile.ops;
    }
}

/* ---- CPU 0: the well-behaved guest and the checks ---------------------- */

static uint32_t tick_state = 0x2545F491u;
static uint32_t tick_prng(void) /* xorshift32 */
{
    uint32_t x = tick_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return tick_state = x;
}

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();
    tap_note("hostile guest on CPU 1: xorshift64 seed %lx", HOSTILE_SEED);

    uint64_t r = hvc(HC_PEER_START, 0, 0);
    tap_check(r == 0, "CPU 1 started (PSCI CPU_ON) and runs the untrusted VM (%lx)", r);
    if (r != 0)
        return;
    WAIT_UNTIL(hostile.ops >= 100u, WAIT_DEFAULT_US);
    uint64_t ops_before = hostile.ops;

    /* The seed's mapped level vtimer flow, TICKS periodic expiries. */
    irq_unmask();
    unsigned done = 0;
    for (unsigned i = 0; i < TICKS; ++i) {
        unsigned before = guest.vtimer_genuine;
        vtimer_arm_us(20u + tick_prng() % 61u); /* 20..80 us */
        if (!WAIT_UNTIL(guest.vtimer_genuine >= before + 1, WAIT_DEFAULT_US)) {
            tap_note("LOST: tick %u never arrived", i);
            break;
        }
        ++done;
    }
    delay_us(100); /* nothing else may arrive */
    irq_mask();
    uint64_t ops_during = hostile.ops - ops_before;

    const volatile struct peer_report *p =
        (const volatile struct peer_report *)(uintptr_t)hvc(HC_PEER_STOP, 0, 0);
    bool reported = (uint64_t)(uintptr_t)p != HC_ERROR && p->done;
    tap_check(reported, "CPU 1 stopped and reported");
    if (!reported)
        return;
    const volatile struct hyp_stats *hs1 = (const volatile struct hyp_stats *)(uintptr_t)p->stats;

    tap_note("hostile guest: %lu operations (%lu while CPU 0 ticked): GICV writes=%lu reads=%lu "
             "acks=%lu; hypercalls=%lu (errors %lu); GICD_SGIR=%lu, other GICD=%lu; timer writes=%lu; "
             "unmapped=%lu; CNTP traps=%lu",
             hostile.ops, ops_during, hostile.gicv_writes, hostile.gicv_reads, hostile.iar_acks,
             hostile.hvcs, hostile.hvc_errors, hostile.sgir_writes, hostile.gicd_accesses,
             hostile.timer_writes, hostile.unmapped, hostile.cntp_traps);
    tap_note("hostile guest took: sync=%lu (data aborts %lu, undefined %lu) irq=%lu fiq=%lu serror=%lu",
             hostile.sync, hostile.sync_dabt, hostile.sync_undef, hostile.irq, hostile.fiq, hostile.serror);
    tap_note("CPU 1 hyp: exits=%lu (hvc=%lu irq=%lu) phys acks cntv=%lu maint=%lu kick=%lu "
             "spurious=%lu; injects=%lu; LR overflows=%lu; GICD traps=%lu (SGIR %lu); refused=%lu; "
             "injected exceptions=%lu",
             hs1->exits, hs1->exits_hvc, hs1->exits_irq, hs1->phys_ack[INTID_CNTV],
             hs1->phys_ack[INTID_MAINTENANCE], hs1->phys_ack[1], hs1->phys_spurious, hs1->inject_accepted,
             hs1->lr_overflows, hs1->gicd_traps, hs1->gicd_sgir_writes, hs1->refused, hs1->injected_aborts);
    tap_note("CPU 1 at the stop: %u LRs (%u used), vINTID 27 state %x, GICD_ISACTIVER0 %x", p->nr_lr,
             p->used_lrs, p->vintid27_state, p->active0);

    /* CPU 0: exact. */
    tap_check(done == TICKS && guest.vtimer_genuine == TICKS && guest.vtimer_spurious == 0,
              "CPU 0: every one of %u ticks delivered exactly once (%u genuine, %u stale)", TICKS,
              guest.vtimer_genuine, guest.vtimer_spurious);
    unsigned others = guest.spurious_iar;
    for (unsigned i = 0; i < 64; ++i)
        if (i != INTID_CNTV)
            others += guest.irq[i];
    tap_check(others == 0, "CPU 0: no other virtual interrupt and no spurious acknowledge (%u)", others);
    tap_check(hs->phys_ack[INTID_CNTV] == TICKS && hs->inject_accepted == TICKS && hs->inject_rejected == 0,
              "CPU 0 hyp: one physical PPI 27 and one accepted injection per tick (%lu, %lu, rejected %lu)",
              hs->phys_ack[INTID_CNTV], hs->inject_accepted, hs->inject_rejected);
    uint64_t other_phys = hs->phys_spurious + hs->kicks + hs->lr_overflows + hs->refused + hs->injected_aborts;
    for (unsigned i = 0; i < 32; ++i)
        if (i != INTID_CNTV)
            other_phys += hs->phys_ack[i];
    tap_check(other_phys == 0,
              "CPU 0 hyp: no other physical interrupt, no spurious, no overflow, nothing refused (%lu)",
              other_phys);
    uint32_t active = 0;
    for (unsigned i = 0; i < 32; ++i)
        if (hc_phys_state(i) & PHYS_STATE_ACTIVE)
            active |= 1u << i;
    tap_check(active == 0, "CPU 0: no physical SGI/PPI active at the end (%x)", active);

    /* CPU 1: the hostile guest did its worst, concurrently. */
    tap_check(ops_during > 0 && hs1->exits_hvc > 0 && hs1->refused > 0 && hs1->injected_aborts > 0 &&
                  hs1->gicd_sgir_writes > 0,
              "the hostile guest ran while CPU 0 ticked (%lu operations), its hypercalls, aborts and "
              "SGI writes reached the hypervisor", ops_during);
    /* (CPU 1 stops at its next exit: the kick SGI, or any exit before it.) */

    /* CPU 1: the host's GIC state after the last fold. */
    tap_check(p->lr_bad == 0, "CPU 1: every LR holds what the flush wrote, only its state changed (bad %x)",
              p->lr_bad);
    uint32_t lrmask = p->nr_lr >= 32 ? ~0u : (1u << p->nr_lr) - 1u;
    tap_check(p->elrsr == p->elrsr_expected && p->eisr == p->eisr_expected,
              "CPU 1: GICH_ELRSR0/EISR0 derived from the LRs (%x/%x, expected %x/%x)", p->elrsr, p->eisr,
              p->elrsr_expected, p->eisr_expected);
    tap_check(p->hcr_after_fold == 0 && p->misr == p->misr_expected,
              "CPU 1: GICH_HCR 0 while the hypervisor runs, GICH_MISR only EOI when EISR is set (%x, %x)",
              p->hcr_after_fold, p->misr);
    tap_check(p->active0_unexplained == 0,
              "CPU 1: no physical SGI/PPI active that the vgic does not account for (%x of %x)",
              p->active0_unexplained, p->active0);
    tap_check(p->rpr == 0xFFu && p->apr0 == 0,
              "CPU 1: every physical interrupt it took was priority-dropped (GICC_RPR %x, GICC_APR0 %x)",
              p->rpr, p->apr0);
    tap_check(p->vtr_end == p->vtr_boot, "CPU 1: GICH_VTR unchanged (%x)", p->vtr_end);

    /* CPU 1 after the teardown, and the shared distributor. */
    tap_check(p->td_active0 == 0 && p->td_rpr == 0xFFu,
              "CPU 1 after the teardown: nothing active, idle priority (%x, %x)", p->td_active0, p->td_rpr);
    tap_check(p->td_hcr == 0 && p->td_apr == 0 && p->td_misr == 0 && p->td_lr_nonzero == 0 &&
                  (p->td_elrsr & lrmask) == lrmask,
              "CPU 1 after the teardown: GICH empty (HCR %x APR %x MISR %x LRs %x ELRSR %x)", p->td_hcr,
              p->td_apr, p->td_misr, p->td_lr_nonzero, p->td_elrsr);
    tap_check(p->gicd_ctlr == 1u && p->spi_enabled == 0 && p->spi_pending == 0 && p->spi_active == 0,
              "shared distributor untouched (GICD_CTLR %x, SPIs enabled %x pending %x active %x)",
              p->gicd_ctlr, p->spi_enabled, p->spi_pending, p->spi_active);
}
