/* Software vgic, see vgic.h. Section references: Arm IHI 0048B (GICv2). */
#include "hyp/vgic.h"

#include "hyp/gicv2.h"
#include "hyp/hyp.h"
#include "hyp/hypercall.h"

/* One vCPU per physical CPU (its own GICH/GICV bank): all state per CPU. */
struct vgic_cpu {
    struct vgic_irq irqs[VGIC_NR_IRQS];
    unsigned ap_list[VGIC_NR_IRQS]; /* INTIDs, in insertion order until sorted */
    unsigned ap_count;
    unsigned nr_lr;
    unsigned used_lrs;              /* LRs populated by the last flush */
    gich_lr lr_shadow[VGIC_MAX_LRS];
    unsigned maint_policy;
    uint32_t last_misr;
    /* What the last fold saw, for HC_VIRQ_STATE: bit n for INTID n. */
    uint64_t folded_in_lr;
    unsigned folded_state[VGIC_NR_IRQS];
};
_Static_assert(VGIC_NR_IRQS <= 64, "folded_in_lr is one 64-bit mask");
static struct vgic_cpu vgic_cpus[HYP_MAX_CPUS];
#define V (&vgic_cpus[hyp_cpu()])
#define irqs (V->irqs)
#define ap_list (V->ap_list)
#define ap_count (V->ap_count)
#define nr_lr (V->nr_lr)
#define used_lrs (V->used_lrs)
#define lr_shadow (V->lr_shadow)
#define maint_policy (V->maint_policy)
#define last_misr (V->last_misr)
#define folded_in_lr (V->folded_in_lr)
#define folded_state (V->folded_state)

void vgic_init(unsigned n)
{
    HYP_ASSERT(n >= 1 && n <= VGIC_MAX_LRS);
    nr_lr = n;
    used_lrs = 0;
    ap_count = 0;
    maint_policy = MAINT_UNDERFLOW;
    for (unsigned i = 0; i < VGIC_NR_IRQS; ++i) {
        irqs[i] = (struct vgic_irq){.intid = i,
                                    /* SGIs are edge, others level by default (4.3.13) */
                                    .config = i < 16 ? VGIC_CONFIG_EDGE : VGIC_CONFIG_LEVEL,
                                    .priority = 0xA0};
    }
    for (unsigned i = 0; i < nr_lr; ++i)
        gich_write(GICH_LR(i), 0);
}

unsigned vgic_nr_lr(void) { return nr_lr; }

struct vgic_irq *vgic_get_irq(unsigned intid)
{
    return intid < VGIC_NR_IRQS ? &irqs[intid] : 0;
}

void vgic_map_phys_irq(unsigned vintid, unsigned pintid)
{
    struct vgic_irq *irq = vgic_get_irq(vintid);
    HYP_ASSERT(irq);
    irq->hw = true;
    irq->hwintid = pintid;
}

static bool irq_is_pending(const struct vgic_irq *irq)
{
    if (irq->config == VGIC_CONFIG_EDGE)
        return irq->pending_latch;
    return irq->pending_latch || irq->line_level;
}

static bool irq_is_mapped_level(const struct vgic_irq *irq)
{
    /* The guest's view of the trigger decides, as in KVM (the seed thread
     * discusses the mismatch and why it cannot hurt the host). */
    return irq->hw && irq->config == VGIC_CONFIG_LEVEL;
}

/* KVM vgic_target_oracle: does this interrupt need a list register? */
static bool irq_needs_lr(const struct vgic_irq *irq)
{
    return irq->active || (irq->enabled && irq_is_pending(irq));
}

static void queue_irq(struct vgic_irq *irq)
{
    if (irq->queued || !irq_needs_lr(irq))
        return;
    HYP_ASSERT(ap_count < VGIC_NR_IRQS);
    ap_list[ap_count++] = irq->intid;
    irq->queued = true;
}

bool vgic_inject_irq(unsigned intid, bool level)
{
    struct vgic_irq *irq = vgic_get_irq(intid);
    if (!irq)
        return false;
    /* KVM vgic_validate_injection: a level interrupt only sees changes of
     * its line; an edge interrupt only rising edges. */
    if (irq->config == VGIC_CONFIG_LEVEL) {
        if (irq->line_level == level)
            return false;
        irq->line_level = level;
    } else {
        if (!level)
            return false;
        irq->pending_latch = true;
    }
    queue_irq(irq);
    return true;
}

void vgic_set_pending(unsigned intid)
{
    struct vgic_irq *irq = vgic_get_irq(intid);
    if (!irq)
        return;
    irq->pending_latch = true;
    queue_irq(irq);
}

void vgic_set_enabled(unsigned intid, bool enabled)
{
    struct vgic_irq *irq = vgic_get_irq(intid);
    if (!irq)
        return;
    irq->enabled = enabled;
    queue_irq(irq); /* pruned at the next fold if it no longer needs an LR */
}

void vgic_set_priority(unsigned intid, uint8_t prio)
{
    struct vgic_irq *irq = vgic_get_irq(intid);
    if (irq)
        irq->priority = prio;
}

void vgic_set_config(unsigned intid, enum vgic_config cfg)
{
    struct vgic_irq *irq = vgic_get_irq(intid);
    /* SGIs are always edge (GICD_ICFGR0 is read-only, 4.3.13). */
    if (irq && intid >= 16)
        irq->config = cfg;
}

void vgic_set_maintenance_policy(unsigned flags) { maint_policy = flags & (MAINT_UNDERFLOW | MAINT_NO_PENDING); }

uint32_t vgic_last_misr(void) { return last_misr; }

/* ---- fold (KVM vgic_v2_fold_lr_state) ------------------------------- */

static void fold_lr(gich_lr lr)
{
    struct vgic_irq *irq = vgic_get_irq(lr_virtual_id(lr));
    HYP_ASSERT(irq); /* we only ever write INTIDs we own */
    folded_in_lr |= 1ull << irq->intid;
    folded_state[irq->intid] = lr_state(lr);

    /* The active state always comes from the LR. */
    irq->active = lr_active(lr);

    /* Edge: the only case where a pending LR becomes a latch again. */
    if (irq->config == VGIC_CONFIG_EDGE && lr_pending(lr))
        irq->pending_latch = true;

    /* Level: the guest's acknowledge consumed the soft pending state (the
     * GICD_ISPENDR latch of a level interrupt is cleared by the acknowledge,
     * IHI 0048B 3.2.4). KVM clears it only once the LR is invalid; clearing
     * it as soon as the LR is no longer pending also covers an exit between
     * acknowledge and EOI, which would otherwise repopulate it pending+active
     * and deliver it twice. */
    if (irq->config == VGIC_CONFIG_LEVEL && !lr_pending(lr))
        irq->pending_latch = false;

    /* Level-triggered mapped interrupt the guest never acked (seed, step 7):
     * we only observe rising edges, so sample the physical line now. If it
     * went down, clear the physical active state, or the distributor would
     * never signal the next rising edge (an active interrupt is not
     * forwarded, IHI 0048B 3.2.1 / 4.4.4). GICD_ISPENDR reports the level
     * of a level-sensitive interrupt also while it is active (4.3.7). */
    if (irq_is_mapped_level(irq) && lr_pending(lr)) {
        irq->line_level = gicd_is_pending(irq->hwintid);
        if (irq->line_level) {
            ++this_stats.fold_sampled_high;
        } else {
            ++this_stats.fold_sampled_low;
#ifndef VGIC_NAIVE_FOLD
            gicd_clear_active(irq->hwintid);
            ++this_stats.icactiver_writes;
#endif
        }
    }
}

static void prune_ap_list(void)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < ap_count; ++i) {
        struct vgic_irq *irq = &irqs[ap_list[i]];
        if (irq_needs_lr(irq))
            ap_list[kept++] = ap_list[i];
        else
            irq->queued = false;
    }
    ap_count = kept;
}

void vgic_fold(void)
{
    last_misr = gich_read(GICH_MISR);
    if (last_misr) {
        ++this_stats.maint_exits;
        this_stats.misr_eoi += (last_misr & GICH_MISR_EOI) != 0;
        this_stats.misr_u += (last_misr & GICH_MISR_U) != 0;
        this_stats.misr_np += (last_misr & GICH_MISR_NP) != 0;
    }
    uint64_t elrsr = gich_read(GICH_ELRSR0);
    if (nr_lr > 32)
        elrsr |= (uint64_t)gich_read(GICH_ELRSR0 + 4) << 32;

    /* No virtual or maintenance interrupts while the hypervisor runs (KVM's
     * save path does the same); the flush re-enables the interface. */
    gich_write(GICH_HCR, 0);

    folded_in_lr = 0;
    for (unsigned i = 0; i < used_lrs; ++i) {
        /* ELRSR: the LR is empty, no need to read it (5.3.8). */
        gich_lr lr = (elrsr >> i) & 1u ? lr_with_state(lr_shadow[i], LR_STATE_INVALID)
                                       : gich_read(GICH_LR(i));
        fold_lr(lr);
    }
    prune_ap_list();
}

/* ---- flush (KVM vgic_flush_lr_state / vgic_v2_populate_lr) ---------- */

/* KVM vgic_irq_cmp: active first, then pending-and-enabled, then by
 * priority (lower value = higher priority), ties keep their order. */
static bool irq_before(const struct vgic_irq *a, const struct vgic_irq *b)
{
    bool pa = a->enabled && irq_is_pending(a);
    bool pb = b->enabled && irq_is_pending(b);
    if (a->active != b->active)
        return a->active;
    if (pa != pb)
        return pa;
    return a->priority < b->priority;
}

static void sort_ap_list(void)
{
    for (unsigned i = 1; i < ap_count; ++i) { /* stable insertion sort */
        unsigned id = ap_list[i];
        unsigned j = i;
        while (j > 0 && irq_before(&irqs[id], &irqs[ap_list[j - 1]])) {
            ap_list[j] = ap_list[j - 1];
            --j;
        }
        ap_list[j] = id;
    }
}

static gich_lr populate_lr(struct vgic_irq *irq)
{
    unsigned state = LR_STATE_INVALID;
    gich_lr lr = lr_with_virtual_id(0, irq->intid);

    if (irq_is_pending(irq)) {
        state |= LR_STATE_PENDING;
        if (irq->config == VGIC_CONFIG_EDGE)
            irq->pending_latch = false;
    }
    if (irq->active)
        state |= LR_STATE_ACTIVE;

    if (irq->hw) {
        lr = lr_with_physical_id(lr_with_hw(lr), irq->hwintid);
        /* Never pending+active with HW = 1: the pending state of a hardware
         * interrupt lives in the physical distributor (5.3.10). */
        if (irq->active)
            state &= ~LR_STATE_PENDING;
        ++this_stats.hw_lr_writes;
    } else if (irq->config == VGIC_CONFIG_LEVEL) {
        /* Ask for an EOI maintenance interrupt so the level is re-evaluated. */
        lr = lr_with_eoi(lr);
    }

    /* Seed: we only observe rising edges of a mapped level interrupt, so
     * lower line_level once the LR carries the pending state. */
    if (irq_is_mapped_level(irq) && (state & LR_STATE_PENDING))
        irq->line_level = false;

    HYP_ASSERT(!(lr_hw(lr) && state == LR_STATE_PENDING_ACTIVE));
    return lr_with_state(lr_with_priority(lr, irq->priority), state);
}

void vgic_flush(void)
{
    sort_ap_list();

    unsigned n = 0;
    bool overflow = false;
    bool any_pending = false;
    for (unsigned i = 0; i < ap_count; ++i) {
        struct vgic_irq *irq = &irqs[ap_list[i]];
        if (!irq_needs_lr(irq))
            continue;
        if (n == nr_lr) {
            overflow = true;
            break;
        }
        gich_lr lr = populate_lr(irq);
        any_pending |= lr_pending(lr);
        lr_shadow[n] = lr;
        gich_write(GICH_LR(n), lr);
        ++n;
    }
    /* Clear what the previous entry left behind (including LRs with a
     * serviced EOI maintenance request, which ELRSR does not report empty). */
    for (unsigned i = n; i < used_lrs; ++i)
        gich_write(GICH_LR(i), 0);
    used_lrs = n;

    uint32_t hcr = GICH_HCR_EN;
    if (overflow) {
        ++this_stats.lr_overflows;
        /* Underflow: signalled when at most one LR is still valid (5.3.4).
         * No-pending: when no LR is pending; only requested if one is, so
         * it cannot fire at once and livelock the guest. */
        if (maint_policy & MAINT_UNDERFLOW)
            hcr |= GICH_HCR_UIE;
        if ((maint_policy & MAINT_NO_PENDING) && any_pending)
            hcr |= GICH_HCR_NPIE;
    }
    gich_write(GICH_HCR, hcr);
}

unsigned vgic_used_lrs(void) { return used_lrs; }
uint32_t vgic_lr_shadow(unsigned i) { return i < used_lrs ? lr_shadow[i] : 0; }

uint32_t vgic_lr_written(unsigned intid)
{
    for (unsigned i = 0; i < used_lrs; ++i)
        if (lr_virtual_id(lr_shadow[i]) == intid)
            return lr_shadow[i];
    return 0;
}

uint32_t vgic_state_bits(unsigned intid)
{
    const struct vgic_irq *irq = vgic_get_irq(intid);
    if (!irq)
        return 0;
    uint32_t v = 0;
    v |= irq->line_level ? VIRQ_STATE_LINE_LEVEL : 0;
    v |= irq->pending_latch ? VIRQ_STATE_PENDING_LATCH : 0;
    v |= irq->active ? VIRQ_STATE_ACTIVE : 0;
    v |= irq->enabled ? VIRQ_STATE_ENABLED : 0;
    v |= irq->config == VGIC_CONFIG_EDGE ? VIRQ_STATE_EDGE : 0;
    v |= irq->hw ? VIRQ_STATE_HW : 0;
    v |= irq->queued ? VIRQ_STATE_QUEUED : 0;
    if ((folded_in_lr >> intid) & 1u)
        v |= VIRQ_STATE_IN_LR | (folded_state[intid] << VIRQ_STATE_LR_SHIFT);
    return v;
}
