/* Scenario 6: a long run of timer expirations with random guest masking
 * windows (deterministic PRNG). Every iteration arms the virtual timer once
 * and must see exactly one genuine expiry (vINTID 27 with the timer
 * condition met), whatever the guest does meanwhile:
 *   0  unmasked wait;
 *   1  PSTATE.I set for a random window, optionally with an exit (fold of a
 *      pending HW LR with the line high);
 *   2  PSTATE.I set, several exits while the interrupt waits in the LR;
 *   3  PSTATE.I set, the guest cancels its expiry after it was forwarded
 *      (line low), then either exits (the seed path: the fold samples low
 *      and clears the physical active state; the stale interrupt vanishes)
 *      or unmasks without an exit and takes the stale interrupt from the LR
 *      (ISTATUS = 0: a "spurious" vtimer interrupt, as KVM guests see), then
 *      re-arms.
 * At the end the guest's count of expirations equals the number armed. */
#include "guest/guest.h"

const char scenario_name[] = "periodic_masking";

#define ITERATIONS 300u

static uint32_t prng_state = 0x2545F491u;
static uint32_t prng(void) /* xorshift32 */
{
    uint32_t x = prng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return prng_state = x;
}

void scenario_main(void)
{
    const volatile struct hyp_stats *hs = hyp_stats_page();
    unsigned modes[4] = {0, 0, 0, 0};
    unsigned seed_exits = 0, stale_expected = 0, done = 0, lost_at = ~0u;

    for (unsigned i = 0; i < ITERATIONS; ++i) {
        uint32_t r = prng();
        unsigned mode = r & 3u;
        uint64_t period = 20u + ((r >> 4) % 61u); /* 20..80 us */
        unsigned before = guest.vtimer_genuine;
        ++modes[mode];
        switch (mode) {
        case 0:
            irq_unmask();
            vtimer_arm_us(period);
            break;
        case 1:
            irq_mask();
            vtimer_arm_us(period);
            delay_us((r >> 12) % (2u * period));
            if ((r >> 20) & 1u)
                hc_nop();
            irq_unmask();
            break;
        case 2: {
            irq_mask();
            uint64_t injects = hs->inject_accepted;
            vtimer_arm_us(period);
            WAIT_UNTIL(hs->inject_accepted > injects, WAIT_DEFAULT_US);
            for (unsigned k = 0; k < 1u + ((r >> 12) & 3u); ++k)
                hc_nop();
            irq_unmask();
            break;
        }
        case 3: {
            irq_mask();
            uint64_t injects = hs->inject_accepted;
            vtimer_arm_us(period);
            bool forwarded = WAIT_UNTIL(hs->inject_accepted > injects, WAIT_DEFAULT_US);
            vtimer_push_future(); /* cancel: the line falls */
            if ((r >> 20) & 1u) {
                hc_nop(); /* the seed path */
                ++seed_exits;
            } else if (forwarded) {
                /* No exit: the LR still holds the stale interrupt. Let the
                 * guest take it (and EOI it, line low) before re-arming, so
                 * that the new deadline cannot fall between its check of
                 * ISTATUS and its EOI (that is scenario eoi_line_high). */
                unsigned stale = guest.vtimer_spurious;
                ++stale_expected;
                irq_unmask();
                WAIT_UNTIL(guest.vtimer_spurious > stale, WAIT_DEFAULT_US);
                irq_mask();
            }
            vtimer_arm_us(period);
            irq_unmask();
            break;
        }
        }
        bool got = WAIT_UNTIL(guest.vtimer_genuine >= before + 1, WAIT_DEFAULT_US);
        if (!got) {
            lost_at = i;
            break;
        }
        ++done;
    }
    irq_mask();
    delay_us(100);

    tap_note("modes: unmasked=%u masked-window=%u masked-exits=%u cancel-rearm=%u (of which %u exit "
             "after the cancel)", modes[0], modes[1], modes[2], modes[3], seed_exits);
    tap_note("guest: genuine=%u stale=%u; hyp: phys acks=%lu injects=%lu rejected=%lu sampled "
             "high=%lu low=%lu icactiver=%lu",
             guest.vtimer_genuine, guest.vtimer_spurious, hs->phys_ack[INTID_CNTV], hs->inject_accepted,
             hs->inject_rejected, hs->fold_sampled_high, hs->fold_sampled_low, hs->icactiver_writes);
    if (lost_at != ~0u)
        tap_note("LOST: iteration %u never saw its expiry", lost_at);
    tap_check(done == ITERATIONS, "every one of %u armed expirations arrived (%u)", ITERATIONS, done);
    tap_check(guest.vtimer_genuine == done,
              "guest's count of expirations equals the number of expirations (%u == %u)",
              guest.vtimer_genuine, done);
    tap_check(guest.vtimer_spurious == stale_expected,
              "a stale delivery after every forwarded-then-cancelled expiry without exit, and only "
              "then (%u == %u)", guest.vtimer_spurious, stale_expected);
    tap_check(seed_exits == 0 || hs->icactiver_writes >= 1,
              "the seed path (fold samples low, GICD_ICACTIVER) was exercised (%lu)", hs->icactiver_writes);
    uint32_t p = hc_phys_state(INTID_CNTV);
    tap_check(!(p & PHYS_STATE_ACTIVE), "physical PPI 27 inactive at the end (pstate=%x)", p);
}
