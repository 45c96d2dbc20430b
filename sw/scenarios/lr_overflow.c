/* Scenario 7: more pending virtual interrupts than list registers. The flush
 * sorts the ap_list (active first, then by priority, as KVM's
 * vgic_sort_ap_list), fills every implemented LR (GICH_VTR) and asks for a
 * maintenance interrupt (IHI 0048B 5.3.4 GICH_HCR.UIE "underflow" or NPIE
 * "no pending"); the maintenance exit folds and refills, so the guest
 * acknowledges every interrupt once, in priority order. A level-triggered
 * software interrupt additionally uses the LR's EOI bit (EOI maintenance). */
#include "guest/guest.h"

const char scenario_name[] = "lr_overflow";

#define MAX_VIRQS 16u

static const volatile struct hyp_stats *hs;

struct virq {
    unsigned intid;
    uint8_t prio;
};

/* Inject n interrupts while masked, unmask, and check the acknowledge order. */
static void run_round(const char *name, unsigned policy, const struct virq *v, unsigned n)
{
    tap_note("round '%s': %u interrupts, %u list registers", name, n, hc_nr_lr());
    hvc(HC_MAINT_POLICY, policy, 0);
    irq_mask();
    for (unsigned i = 0; i < n; ++i)
        guest_virq_setup(v[i].intid, v[i].prio, true); /* edge, like SGIs and MSIs */
    uint64_t overflows = hs->lr_overflows;
    uint64_t u = hs->misr_u, np = hs->misr_np;
    guest.log_len = 0;
    for (unsigned i = 0; i < n; ++i)
        hc_virq_inject(v[i].intid);
    tap_check(hs->lr_overflows > overflows, "%s: the flush found more interrupts than LRs", name);
    irq_unmask();
    bool all = WAIT_UNTIL(guest.log_len >= n, WAIT_DEFAULT_US);
    irq_mask();
    tap_check(all && guest.log_len == n, "%s: all %u interrupts acknowledged (%u)", name, n, guest.log_len);

    /* Expected order: by priority value, ascending. */
    bool ordered = true;
    uint8_t last = 0; /* strictly increasing: no duplicates */
    for (unsigned i = 0; i < guest.log_len; ++i) {
        uint8_t p = 0xFF;
        for (unsigned j = 0; j < n; ++j)
            if (v[j].intid == guest.log[i])
                p = v[j].prio;
        if (p == 0xFF || (i > 0 && p <= last))
            ordered = false;
        last = p;
    }
    printf("# %s: acknowledge order:", name);
    for (unsigned i = 0; i < guest.log_len; ++i)
        printf(" %u", guest.log[i]);
    printf("\n");
    tap_check(ordered, "%s: acknowledged in priority order", name);
    if (policy & MAINT_UNDERFLOW)
        tap_check(hs->misr_u > u, "%s: underflow maintenance (GICH_MISR.U) made the hypervisor refill (%lu)",
                  name, hs->misr_u - u);
    if (policy & MAINT_NO_PENDING)
        tap_check(hs->misr_np > np, "%s: no-pending maintenance (GICH_MISR.NP) made the hypervisor refill (%lu)",
                  name, hs->misr_np - np);
    bool idle = true;
    for (unsigned i = 0; i < n; ++i)
        if (hc_virq_state(v[i].intid) & (VIRQ_STATE_QUEUED | VIRQ_STATE_ACTIVE | VIRQ_STATE_PENDING_LATCH))
            idle = false;
    tap_check(idle, "%s: every interrupt left the ap_list", name);
}

void scenario_main(void)
{
    hs = hyp_stats_page();
    unsigned nr = hc_nr_lr();
    unsigned n = nr + 4 <= MAX_VIRQS ? nr + 4 : MAX_VIRQS;

    /* Distinct priorities in the 5 bits an LR keeps, in a scrambled order. */
    static const uint8_t prios_a[MAX_VIRQS] = {0x50, 0x10, 0x70, 0x30, 0x60, 0x20, 0x80, 0x40,
                                               0x90, 0x18, 0x28, 0x38, 0x48, 0x58, 0x68, 0x78};
    static const uint8_t prios_b[MAX_VIRQS] = {0x80, 0x70, 0x60, 0x50, 0x40, 0x30, 0x20, 0x10,
                                               0x18, 0x28, 0x38, 0x48, 0x58, 0x68, 0x78, 0x88};
    struct virq v[MAX_VIRQS];
    for (unsigned i = 0; i < n; ++i) {
        /* Virtual SGIs 1..3 and SPIs from 40 (injected by hypercall). */
        v[i].intid = i < 3 ? 1 + i : 40 + i;
        v[i].prio = prios_a[i];
    }
    run_round("underflow", MAINT_UNDERFLOW, v, n);
    for (unsigned i = 0; i < n; ++i)
        v[i].prio = prios_b[i];
    run_round("no-pending", MAINT_NO_PENDING, v, n);

    /* A level-sensitive software-pending SPI: the LR asks for an EOI
     * maintenance interrupt (HW = 0, EOI = 1), whose fold drops the soft
     * pending state once the guest has EOIed. */
    hvc(HC_MAINT_POLICY, MAINT_UNDERFLOW, 0);
    guest_virq_setup(60, 0x40, false);
    uint64_t eoi = hs->misr_eoi;
    guest.log_len = 0;
    hc_virq_inject(60);
    irq_unmask();
    bool got = WAIT_UNTIL(guest.irq[60] >= 1, WAIT_DEFAULT_US);
    delay_us(50);
    irq_mask();
    tap_check(got && guest.irq[60] == 1, "level SPI 60 acknowledged once (%u)", guest.irq[60]);
    tap_check(hs->misr_eoi > eoi, "its EOI raised an EOI maintenance interrupt (GICH_MISR.EOI)");
    uint32_t s = hc_virq_state(60);
    tap_check(!(s & (VIRQ_STATE_QUEUED | VIRQ_STATE_PENDING_LATCH)),
              "the fold dropped its soft pending state (vstate=%x)", s);

    /* A guest's mistakes get an error result (and a hypervisor log line). */
    tap_check(hvc(HC_VIRQ_INJECT, 64, 0) == HC_ERROR && hvc(HC_VIRQ_CONFIG, 5, 1) == HC_ERROR &&
                  hvc(HC_PHYS_CONFIG, 40, 1) == HC_ERROR && hvc(0x7F, 0, 0) == HC_ERROR,
              "out-of-range vINTIDs, SGI trigger changes and unknown hypercalls return an error");
}
