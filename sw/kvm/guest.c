/* The KVM guest (issue 15): a bare-metal EL1 program run by sw/kvm/vmm.c
 * under Linux KVM with the in-kernel vGICv2. It uses only what a guest of a
 * GICv2 VM sees: the distributor KVM emulates, the CPU interface KVM maps to
 * the hardware GICV frame, and its virtual timer (CNTV, PPI 27), which KVM
 * injects through a list register with HW = 1 and pINTID 27.
 *
 * Phase 1, periodic: N vtimer interrupts, each acknowledged (GICC_IAR), the
 * line lowered by reprogramming CNTV, and deactivated (GICC_EOIR, EOImode 0:
 * with HW = 1 this deactivates the physical PPI 27 too). The guest busy-waits
 * instead of WFI, so each tick is a physical interrupt taken by the host while
 * the guest runs (the host's "kvm guest vtimer" count rises by one per tick).
 *
 * Phase 2, the seed's case: with PSTATE.I set, the timer fires; once the
 * virtual interrupt is pending in the guest's CPU interface (GICC_HPPIR = 27)
 * the guest lowers the line (CNTV_CTL.ENABLE = 0) and forces an exit without
 * acknowledging. KVM folds the list register: it samples the physical line
 * (low), drops the pending state and must clear the physical active state.
 * Then the guest arms the timer again and unmasks: if the physical active
 * state had been left set, that next rising edge would never arrive.
 *
 * Results go to the VMM through the report device (report.h); the exit code
 * is the number of failed checks. */
#include <stdint.h>

#include "report.h"

#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul
#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICD_IPRIORITYR 0x400
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_HPPIR 0x018

#define VTIMER_PPI 27
#define SPURIOUS 1023
#define PERIODIC_TICKS 8
#define SEED_ROUNDS 4
#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_ISTATUS 4u

static inline void mmio_write32(uintptr_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline void mmio_write8(uintptr_t addr, uint8_t v) { *(volatile uint8_t *)addr = v; }
static inline uint32_t mmio_read32(uintptr_t addr) { return *(volatile uint32_t *)addr; }
static inline void report(uint64_t offset, uint64_t v) { *(volatile uint64_t *)(REPORT_BASE + offset) = v; }

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0; isb" ::"r"((uint64_t)(v)))

static void puts_(const char *s)
{
    while (*s)
        report(REPORT_PUTC, (uint8_t)*s++);
}

static void put_uint(uint64_t v)
{
    char buf[21];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        report(REPORT_PUTC, (uint8_t)buf[--n]);
}

static unsigned failures, checks;

static void check(int ok, const char *what)
{
    ++checks;
    if (!ok)
        ++failures;
    puts_(ok ? "ok " : "not ok ");
    put_uint(checks);
    puts_(" - ");
    puts_(what);
    puts_("\n");
}

static uint64_t period;             /* timer ticks between interrupts */
static volatile uint64_t taken;     /* vtimer interrupts acknowledged */
static volatile uint64_t spurious;  /* acknowledges that returned 1023 */
static volatile uint64_t rearm;     /* ticks still to arm after this one */

static void timer_arm(uint64_t ticks)
{
    write_sysreg(cntv_tval_el0, ticks);
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
}

/* Called from the IRQ vector. */
void irq_handler(void)
{
    uint32_t iar = mmio_read32(GICC_BASE + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == SPURIOUS) {
        ++spurious;
        return;
    }
    if (id == VTIMER_PPI) {
        ++taken;
        /* Lower the line before deactivating, as a level-sensitive handler must. */
        if (rearm) {
            --rearm;
            timer_arm(period);
        } else {
            write_sysreg(cntv_ctl_el0, 0);
        }
    }
    mmio_write32(GICC_BASE + GICC_EOIR, iar);
}

void unexpected_exception(uint64_t vector, uint64_t esr, uint64_t elr)
{
    puts_("Bail out! unexpected exception at vector offset ");
    put_uint(vector);
    puts_(", ESR ");
    put_uint(esr);
    puts_(", ELR ");
    put_uint(elr);
    puts_("\n");
    report(REPORT_EXIT, 99);
    for (;;) {
    }
}

/* Busy-waits until `cond` holds or `ticks` of the virtual count pass. */
#define WAIT_UNTIL(cond, ticks)                                              \
    ({                                                                       \
        uint64_t end_ = read_sysreg(cntvct_el0) + (ticks);                   \
        while (!(cond) && read_sysreg(cntvct_el0) < end_) {                  \
        }                                                                    \
        (cond);                                                              \
    })

static void gic_init(void)
{
    mmio_write8(GICD_BASE + GICD_IPRIORITYR + VTIMER_PPI, 0xa0); /* GICD_IPRIORITYR is byte-accessible */
    mmio_write32(GICD_BASE + GICD_ISENABLER0, 1u << VTIMER_PPI);
    mmio_write32(GICD_BASE + GICD_CTLR, 1);
    mmio_write32(GICC_BASE + GICC_PMR, 0xf0);
    mmio_write32(GICC_BASE + GICC_CTLR, 1);
}

static void periodic_phase(void)
{
    taken = 0;
    rearm = PERIODIC_TICKS - 1;
    timer_arm(period);
    __asm__ volatile("msr daifclr, #2");
    int done = WAIT_UNTIL(taken >= PERIODIC_TICKS, period * 1000);
    __asm__ volatile("msr daifset, #2");
    check(done && taken == PERIODIC_TICKS, "periodic: every vtimer tick taken through the list register");
    report(REPORT_VALUE0 + 8 * REPORT_PERIODIC, taken);
}

/* One round of the seed's case; returns whether the next edge arrived. */
static int seed_round(unsigned round)
{
    timer_arm(period);
    int fired = WAIT_UNTIL(read_sysreg(cntv_ctl_el0) & CNTV_CTL_ISTATUS, period * 50);
    int injected = WAIT_UNTIL((mmio_read32(GICC_BASE + GICC_HPPIR) & 0x3ff) == VTIMER_PPI, period * 50);
    write_sysreg(cntv_ctl_el0, 0);   /* lower the line, never acknowledged */
    report(REPORT_MARK, round);      /* exit: KVM folds the list register */
    int dropped = (mmio_read32(GICC_BASE + GICC_HPPIR) & 0x3ff) != VTIMER_PPI;

    uint64_t before = taken;
    rearm = 0;
    timer_arm(period);
    __asm__ volatile("msr daifclr, #2");
    int delivered = WAIT_UNTIL(taken > before, period * 100);
    __asm__ volatile("msr daifset, #2");
    if (!(fired && injected && dropped && delivered)) {
        puts_("# round ");
        put_uint(round);
        puts_(fired ? "" : ": timer condition never met");
        puts_(injected ? "" : ": never pending in the guest's CPU interface");
        puts_(dropped ? "" : ": still pending after the fold with the line low");
        puts_(delivered ? "" : ": LOST: the next rising edge never reached the guest");
        puts_("\n");
    }
    return fired && injected && dropped && delivered;
}

void guest_main(void)
{
    puts_("guest: EL1, vGICv2, virtual timer PPI 27\n");
    gic_init();
    uint64_t freq = read_sysreg(cntfrq_el0);
    period = freq / 1000; /* 1 ms */
    if (!period)
        period = 1000;

    periodic_phase();

    unsigned delivered = 0;
    for (unsigned r = 1; r <= SEED_ROUNDS; ++r)
        delivered += (unsigned)seed_round(r);
    check(delivered == SEED_ROUNDS, "seed case: the edge after a lowered, folded line is delivered");
    report(REPORT_VALUE0 + 8 * REPORT_SEED_ROUNDS, SEED_ROUNDS);
    report(REPORT_VALUE0 + 8 * REPORT_SEED_DELIVERED, delivered);
    report(REPORT_VALUE0 + 8 * REPORT_SPURIOUS, spurious);

    puts_("# ");
    put_uint(checks);
    puts_(" checks, ");
    put_uint(failures);
    puts_(" failed\n");
    report(REPORT_EXIT, failures);
    for (;;) {
    }
}
