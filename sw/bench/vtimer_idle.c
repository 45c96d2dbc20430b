/* Benchmark (not a test scenario): the guest idles in WFI between 1 kHz
 * ticks of the mapped virtual timer (physical PPI 27 at EL2 -> HW list
 * register -> guest, deactivated by the guest's EOI). Each tick moves the
 * deadline one period on, as a tickless kernel's periodic tick does.
 * bench/vp_bench.py divides the simulated time by the host time. */
#include "guest/guest.h"

const char scenario_name[] = "bench_vtimer_idle";

#define TICKS 20000u /* 20 s of simulated time */

static volatile unsigned ticks;
static uint64_t period;

static bool tick(uint32_t iar)
{
    if (GICC_IAR_ID(iar) == INTID_CNTV) {
        ++ticks;
        if (ticks < TICKS)
            write_sysreg(cntv_cval_el0, read_sysreg(cntv_cval_el0) + period); /* lowers the line */
        else
            write_sysreg(cntv_ctl_el0, 0);
        isb();
    }
    return false;
}

void scenario_main(void)
{
    period = cntfrq() / 1000u;
    guest_set_irq_hook(tick);
    vtimer_arm_ticks(period);
    guest_wfi_until(&ticks, TICKS);
    tap_check(ticks == TICKS && guest.vtimer_spurious == 0, "%u ticks delivered", ticks);
}
