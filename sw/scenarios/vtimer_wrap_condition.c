/* Scenario 9: with CNTVOFF_EL2 above the physical count the virtual count
 * wraps through 2^64 when the physical count reaches CNTVOFF. The timer
 * condition CNTVCT >= CVAL (Arm ARM D11.2.4) is a pure function of the
 * count: a condition met just before the wrap is no longer met after it.
 * A timer model must notice that instant without any register access.
 *
 * QEMU 7.2 does not (docs/vgic-reference.md 4 and 6 #18): its timer
 * re-evaluation at that instant never ends and the whole emulator stops
 * responding, so tests/crosscheck/qemu does not run this ELF. */
#include "guest/guest.h"

const char scenario_name[] = "vtimer_wrap_condition";

void scenario_main(void)
{
    uint64_t wrap_in = us_to_ticks(3000);
    bool wrapped;

    /* A met condition ends when the virtual count wraps (CNTVCT < CVAL
     * again): the output is a pure function of count and CVAL. IMASK keeps
     * the line low; ISTATUS shows the condition. */
    hvc(HC_SET_VCOUNT, 0 - wrap_in, 0);
    write_sysreg(cntv_ctl_el0, 0);
    isb();
    write_sysreg(cntv_cval_el0, cntvct() + us_to_ticks(50));
    write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE | CNT_CTL_IMASK);
    isb();
    bool met = WAIT_UNTIL(read_sysreg(cntv_ctl_el0) & CNT_CTL_ISTATUS, WAIT_DEFAULT_US);
    tap_check(met, "condition met before the wrap (ISTATUS = 1)");
    wrapped = WAIT_UNTIL((int64_t)cntvct() >= 0, WAIT_DEFAULT_US);
    delay_us(20);
    uint64_t ctl = read_sysreg(cntv_ctl_el0);
    tap_check(wrapped && !(ctl & CNT_CTL_ISTATUS),
              "condition no longer met once the virtual count wrapped below CVAL (CNTV_CTL=%lx)", ctl);
    write_sysreg(cntv_ctl_el0, 0);
    isb();

    hvc(HC_SET_VCOUNT, 0, 0);
}
