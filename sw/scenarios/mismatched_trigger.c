/* Scenario 4: the trigger configurations of the seed discussion ("Phys =
 * level, Virt = Edge" and "Phys = edge, Virt = Level"): a guest that
 * misconfigures its virtual interrupt may lose interrupts itself, but the
 * host keeps working: physical PPI 27 never stays stuck active, and the
 * hypervisor's own interrupts (CNTHP, PPI 26) are still taken.
 *
 * KVM decides "mapped level" by the guest's (virtual) configuration; so do
 * we (hyp/vgic.c). The physical configuration of a PPI may be read-only
 * (IHI 0048B 4.3.13: IMPLEMENTATION DEFINED for PPIs); then the second half
 * is reported as a TAP skip. */
#include "guest/guest.h"

const char scenario_name[] = "mismatched_trigger";

static const volatile struct hyp_stats *hs;

static bool deliver_one(const char *what)
{
    unsigned before = guest.vtimer_genuine;
    irq_unmask();
    vtimer_arm_us(50);
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= before + 1, WAIT_DEFAULT_US);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(got && !(p & PHYS_STATE_ACTIVE), "%s: vtimer delivered and PPI 27 deactivated (pstate=%x)",
              what, p);
    return got;
}

static void host_still_works(const char *what)
{
    uint64_t before = hs->host_timer_irqs;
    hvc(HC_HOST_TIMER, us_to_ticks(30), 0);
    bool ok = WAIT_UNTIL(hs->host_timer_irqs >= before + 1, WAIT_DEFAULT_US);
    tap_check(ok, "%s: the hypervisor's own timer interrupt (PPI 26) is still taken at EL2", what);
}

static void phys_level_virt_edge(void)
{
    tap_note("physical level, virtual edge");
    guest_virq_setup(INTID_CNTV, 0xA0, true);
    deliver_one("phys level / virt edge, unmasked");

    /* The seed situation under an edge configuration: masked, lowered, exit. */
    irq_mask();
    uint64_t injects = hs->inject_accepted;
    uint64_t sampled = hs->fold_sampled_high + hs->fold_sampled_low;
    vtimer_arm_us(50);
    tap_check(WAIT_UNTIL(hs->inject_accepted >= injects + 1, WAIT_DEFAULT_US),
              "phys level / virt edge: expiry forwarded as an edge");
    vtimer_push_future();
    uint32_t v = hc_virq_state(INTID_CNTV);
    tap_check((v & VIRQ_STATE_PENDING_LATCH) && hs->fold_sampled_high + hs->fold_sampled_low == sampled,
              "virtual edge: the fold keeps the pending latch and does not sample the line (vstate=%x)", v);
    /* The guest gets a stale interrupt (its own choice of trigger); its EOI
     * goes through the HW LR and ends the physical active state. */
    unsigned spurious = guest.vtimer_spurious;
    irq_unmask();
    WAIT_UNTIL(guest.vtimer_spurious >= spurious + 1, WAIT_DEFAULT_US);
    tap_note("stale deliveries seen by the guest: %u", guest.vtimer_spurious - spurious);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(!(p & PHYS_STATE_ACTIVE), "phys level / virt edge: PPI 27 not left active (pstate=%x)", p);
    host_still_works("phys level / virt edge");
    deliver_one("phys level / virt edge, next expiry");
    guest_virq_setup(INTID_CNTV, 0xA0, false);
}

static void phys_edge_virt_level(void)
{
    tap_note("physical edge, virtual level");
    uint64_t cfg = hvc(HC_PHYS_CONFIG, INTID_CNTV, 1);
    if (!(cfg & 1u)) {
        tap_skip("GICD_ICFGR1 field of PPI 27 is read-only here (read back level)",
                 "phys edge / virt level");
        return;
    }
    deliver_one("phys edge / virt level, unmasked");

    /* Masked, line left high, exit: the fold samples GICD_ISPENDR, which for
     * an edge-triggered interrupt was cleared by the acknowledge. */
    irq_mask();
    uint64_t injects = hs->inject_accepted;
    vtimer_arm_us(50);
    tap_check(WAIT_UNTIL(hs->inject_accepted >= injects + 1, WAIT_DEFAULT_US),
              "phys edge / virt level: expiry forwarded");
    uint32_t v = hc_virq_state(INTID_CNTV);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(!(v & VIRQ_STATE_LINE_LEVEL) && !(p & PHYS_STATE_ACTIVE),
              "fold read the (edge) pending state low and deactivated PPI 27: the host is not stuck "
              "(vstate=%x pstate=%x)", v, p);
    tap_note("the VM loses this expiry (seed: 'We may lose interrupts for the VM'); line still %s",
             vtimer_condition_met() ? "high" : "low");
    uint64_t acks = hs->phys_ack[INTID_CNTV];
    irq_unmask();
    delay_us(100);
    tap_check(hs->phys_ack[INTID_CNTV] == acks,
              "no interrupt storm: no new physical PPI 27 without a new edge (acks=%lu)", hs->phys_ack[INTID_CNTV]);
    host_still_works("phys edge / virt level");

    /* Back to level with the line still high: the distributor sees it pending. */
    unsigned genuine = guest.vtimer_genuine;
    uint64_t back = hvc(HC_PHYS_CONFIG, INTID_CNTV, 0);
    bool got = WAIT_UNTIL(guest.vtimer_genuine >= genuine + 1, WAIT_DEFAULT_US);
    tap_check(!(back & 1u) && got, "physical level restored: the still-high line is delivered");
    deliver_one("physical level restored, next expiry");
}

void scenario_main(void)
{
    hs = hyp_stats_page();
    phys_level_virt_edge();
    phys_edge_virt_level();
    host_still_works("at the end");
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(!(p & PHYS_STATE_EDGE), "PPI 27 configured level again at the end (pstate=%x)", p);
    irq_mask();
}
