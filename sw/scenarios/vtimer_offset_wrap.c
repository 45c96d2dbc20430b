/* Scenario 8: the mapped virtual timer with CNTVOFF_EL2 larger than the
 * physical count, as when a hypervisor gives a guest a counter ahead of the
 * host's (KVM: userspace sets the guest's CNTVCT). CNTVCT = CNTPCT -
 * CNTVOFF modulo 2^64 and the timer condition is CNTVCT >= CVAL (Arm ARM
 * D11.2.4, docs/vgic-reference.md 4): deadlines must fire on time, neither
 * at once nor never, including across the 2^64 wrap of the virtual count.
 * The end of a met condition at the wrap is scenario vtimer_wrap_condition. */
#include "guest/guest.h"

const char scenario_name[] = "vtimer_offset_wrap";

static volatile uint64_t vct_at_irq;

static bool stamp_hook(uint32_t iar)
{
    if (GICC_IAR_ID(iar) == INTID_CNTV) {
        vct_at_irq = cntvct();
        guest_vtimer_default();
    }
    return false;
}

/* Arm `us` ahead through CVAL (or TVAL) and check the delivery time. */
static void deadline(const char *what, uint64_t us, bool use_tval)
{
    unsigned before = guest.vtimer_genuine;
    uint64_t ticks = us_to_ticks(us);
    vct_at_irq = 0;
    uint64_t start;
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    start = cntvct();
    if (use_tval)
        write_sysreg(cntv_tval_el0, ticks); /* CVAL = CNTVCT + TVAL */
    else
        write_sysreg(cntv_cval_el0, start + ticks);
    write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
    isb();
    bool got = WAIT_UNTIL(guest.vtimer_genuine > before, WAIT_DEFAULT_US);
    uint64_t waited = vct_at_irq - start; /* modulo 2^64, like the counter */
    tap_check(got && waited >= ticks,
              "%s: %lu us deadline delivered, not early (after %lu ticks of %lu)", what, us,
              got ? waited : 0, ticks);
    tap_check(!got || waited < ticks + us_to_ticks(WAIT_DEFAULT_US), "%s: not late either", what);
}

void scenario_main(void)
{
    guest_set_irq_hook(stamp_hook);
    irq_unmask();
    deadline("CNTVOFF below the count", 50, false);

    /* A virtual count 2^40 ahead of the physical one: CNTVOFF > CNTPCT. */
    uint64_t want = cntvct() + (1ull << 40);
    uint64_t off = hvc(HC_SET_VCOUNT, want, 0);
    uint64_t pct = read_sysreg(cntpct_el0);
    uint64_t vct = cntvct();
    tap_check(off > pct, "CNTVOFF_EL2 (%lx) is larger than the physical count (%lx)", off, pct);
    tap_check(vct - want < us_to_ticks(WAIT_DEFAULT_US),
              "CNTVCT = CNTPCT - CNTVOFF modulo 2^64 (%lx, wanted about %lx)", vct, want);
    deadline("CNTVOFF above the count, CVAL", 50, false);
    deadline("CNTVOFF above the count, TVAL", 50, true);

    /* The virtual count wraps through 2^64 shortly. */
    uint64_t wrap_in = us_to_ticks(20000);
    hvc(HC_SET_VCOUNT, 0 - wrap_in, 0);
    deadline("virtual count 20 ms before its 2^64 wrap", 50, false);
    bool wrapped = WAIT_UNTIL((int64_t)cntvct() >= 0, WAIT_DEFAULT_US);
    tap_check(wrapped, "the virtual count wrapped through 2^64 (now %lx)", cntvct());
    deadline("after the wrap", 50, false);

    hvc(HC_SET_VCOUNT, 0, 0);
    irq_mask();
}
