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
    /* Test and sleep with IRQs masked: an interrupt taken between the test
     * and the WFI would otherwise leave the guest asleep with nothing more
     * to come. A pending interrupt still wakes WFI while masked (DDI 0487
     * D1.6.2); it is taken when the mask is lifted. */
    for (;;) {
        irq_mask();
        if (trips >= ROUND_TRIPS)
            break;
        __asm__ volatile("wfi" ::: "memory");
        irq_unmask();
    }
    tap_check(trips == ROUND_TRIPS && guest.vtimer_spurious == 0, "%u round trips", trips);
}
