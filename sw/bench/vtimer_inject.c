/* Benchmark (not a test scenario): mapped injection round trips back to
 * back. The guest's handler re-arms the virtual timer one counter tick
 * ahead, so the line falls and rises again while physical PPI 27 is still
 * active; the guest's EOI deactivates it through the HW list register and
 * the next round trip starts: timer -> GICD -> GICC -> EL2 acknowledge ->
 * list register -> GICV -> guest acknowledge -> EOI -> deactivation.
 * bench/vp_bench.py divides the host time by the round trips. */
#include "guest/guest.h"

const char scenario_name[] = "bench_vtimer_inject";

#define ROUND_TRIPS 50000u

static volatile unsigned trips;

static bool trip(uint32_t iar)
{
    if (GICC_IAR_ID(iar) == INTID_CNTV) {
        ++trips;
        if (trips < ROUND_TRIPS)
            write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + 1);
        else
            write_sysreg(cntv_ctl_el0, 0);
        isb();
    }
    return false;
}

void scenario_main(void)
{
    guest_set_irq_hook(trip);
    vtimer_arm_ticks(1);
    guest_wfi_until(&trips, ROUND_TRIPS);
    tap_check(trips == ROUND_TRIPS && guest.vtimer_spurious == 0, "%u round trips", trips);
}
