// Two CPUs on vp (`--cpus 2`): the per-CPU views of the GIC and the timer.
// CPU 0 drives and reports (TAP on the PL011), CPU 1 answers. Polling only,
// no exception vectors: what is checked is the platform's banking and
// cross-CPU paths, not the exception model.
//   - GICD_ITARGETSR0-7 read as the accessing CPU's own mask (IHI 0048B 4.3.12)
//   - an SGI sent by CPU 0 to CPU 1 (GICD_SGIR target list) is acknowledged
//     by CPU 1 with the source CPU in GICC_IAR[12:10], and not by CPU 0
//   - PPI 27 (CNTV) is banked: CPU 0's timer pends CPU 0's PPI 27 only
//   - CPU 0 writes CPU 1's list register through the GICH alias frame; CPU 1
//     reads it in its own GICH frame and acknowledges it on its GICV
//   - an SGI from CPU 1 to "all but self" carries source CPU 1 to CPU 0
#include <stdint.h>

#define GICD 0x08000000ul
#define GICC 0x08010000ul
#define GICH 0x08030000ul
#define GICV 0x08040000ul
#define UART 0x09000000ul

static inline uint32_t rd(uint64_t a) { return *(volatile uint32_t*)a; }
static inline void wr(uint64_t a, uint32_t v) { *(volatile uint32_t*)a = v; }

// Mailbox between the CPUs (RAM is shared; translation is off, so Device
// memory: no caches to maintain).
static volatile uint32_t stage;     // written by CPU 0
static volatile uint32_t answer[8]; // written by CPU 1
static volatile uint32_t done;      // CPU 1's last completed stage

static void putc_(char c) { wr(UART, (uint32_t)c); }
static void puts_(const char* s) { while (*s) putc_(*s++); }
static void puthex(uint32_t v) {
    puts_("0x");
    for (int b = 28; b >= 0; b -= 4) putc_("0123456789abcdef"[(v >> b) & 15]);
}
static unsigned checks, failed;
static void check(int ok, const char* what, uint32_t value) {
    ++checks;
    if (!ok) ++failed;
    puts_(ok ? "ok " : "not ok ");
    putc_('0' + (char)(checks / 10)); putc_('0' + (char)(checks % 10));
    puts_(" - "); puts_(what); puts_(" ("); puthex(value); puts_(")\n");
}
static void wait_done(uint32_t s) { for (unsigned i = 0; i < 10000000u && done < s; ++i) {} }
static void semihost_exit(uint64_t code) {
    volatile uint64_t block[2] = {0x20026, code};
    register uint64_t x0 __asm__("x0") = 0x18;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : : "r"(x0), "r"(x1) : "memory");
}

static void cpu1(void) {
    wr(GICC + 0x04, 0xff); // PMR: everything
    wr(GICC + 0x00, 1);    // EnableGrp0
    answer[0] = rd(GICD + 0x800); // ITARGETSR0 as CPU 1 sees it
    done = 1;
    while (stage < 2) {}
    uint32_t iar = 1023;
    for (unsigned i = 0; i < 1000000u && (iar & 0x3ff) == 1023; ++i) iar = rd(GICC + 0x0c);
    answer[1] = iar;
    wr(GICC + 0x10, iar); // EOI
    answer[2] = (rd(GICD + 0x200) >> 27) & 1; // CPU 1's PPI 27 pending (its timer is off)
    done = 2;
    while (stage < 3) {}
    answer[3] = rd(GICH + 0x100); // own LR0, written by CPU 0 through the alias frame
    wr(GICV + 0x04, 0xf8);        // GICV_PMR
    wr(GICV + 0x00, 1);           // GICV_CTLR.EnableGrp0
    answer[4] = rd(GICV + 0x0c);  // GICV_IAR
    answer[5] = rd(GICH + 0x100); // LR0 now active
    wr(GICV + 0x10, answer[4]);   // GICV_EOIR
    done = 3;
    while (stage < 4) {}
    wr(GICD + 0xf00, (1u << 24) | 3); // SGI 3 to every CPU but this one
    done = 4;
    for (;;) __asm__ volatile("wfi");
}

void smp_main(uint64_t cpu);
void smp_main(uint64_t cpu) {
    if (cpu == 1) cpu1();
    if (cpu != 0) for (;;) __asm__ volatile("wfi");

    puts_("# smp: two CPUs, per-CPU GIC and timer views\n");
    wr(GICD + 0x000, 1); // GICD_CTLR.EnableGrp0
    wr(GICC + 0x04, 0xff);
    wr(GICC + 0x00, 1);
    wait_done(1);
    check(rd(GICD + 0x800) == 0x01010101u, "GICD_ITARGETSR0 reads CPU 0's own mask on CPU 0", rd(GICD + 0x800));
    check(answer[0] == 0x02020202u, "GICD_ITARGETSR0 reads CPU 1's own mask on CPU 1", answer[0]);
    check((rd(GICD + 0x004) >> 5 & 7) == 1, "GICD_TYPER.CPUNumber says two CPUs", rd(GICD + 0x004));

    // CPU 0's virtual timer, already expired: PPI 27 pending in CPU 0's bank only.
    uint64_t now;
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(now));
    __asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb" : : "r"(now), "r"(1ul));
    wr(GICD + 0xf00, (1u << (16 + 1)) | 5); // SGI 5, CPUTargetList = CPU 1 only (TargetListFilter 0)
    stage = 2;
    wait_done(2);
    check(answer[1] == 5, "CPU 1 acknowledged SGI 5 from CPU 0 (GICC_IAR CPUID = 0)", answer[1]);
    check((rd(GICC + 0x18) & 0x3ff) != 5, "the SGI never reached CPU 0", rd(GICC + 0x18));
    check(((rd(GICD + 0x200) >> 27) & 1) == 1, "CPU 0's PPI 27 pending from its own timer", rd(GICD + 0x200));
    check(answer[2] == 0, "CPU 1's PPI 27 not pending (banked)", answer[2]);
    __asm__ volatile("msr cntv_ctl_el0, xzr; isb");

    // CPU 1's list register 0 through the alias frame (GIC-400: 0x1000 + 0x200 * cpu).
    wr(GICH + 0x1000 + 0x200 * 1 + 0x000, 1);          // CPU 1's GICH_HCR.En
    wr(GICH + 0x1000 + 0x200 * 1 + 0x100, (1u << 28) | (0x10u << 23) | 40); // pending vINTID 40
    check(rd(GICH + 0x100) == 0, "CPU 0's own LR0 untouched", rd(GICH + 0x100));
    stage = 3;
    wait_done(3);
    check(answer[3] == ((1u << 28) | (0x10u << 23) | 40), "CPU 1 reads the LR0 CPU 0 wrote in its alias frame",
          answer[3]);
    check(answer[4] == 40, "CPU 1 acknowledged vINTID 40 on its GICV", answer[4]);
    check(((answer[5] >> 28) & 3) == 2, "CPU 1's LR0 active after the acknowledge", answer[5]);
    check(((rd(GICH + 0x1000 + 0x200 * 1 + 0x100) >> 28) & 3) == 0, "CPU 1's LR0 invalid after its EOI (seen by CPU 0)",
          rd(GICH + 0x1000 + 0x200 * 1 + 0x100));

    // And back: CPU 1 sends SGI 3 to "all but self" (TargetListFilter 1).
    stage = 4;
    wait_done(4);
    uint32_t iar = 1023;
    for (unsigned i = 0; i < 100000u && (iar & 0x3ff) == 1023; ++i) iar = rd(GICC + 0x0c);
    check(iar == (3u | (1u << 10)), "CPU 0 acknowledged SGI 3 with source CPU 1 in GICC_IAR[12:10]", iar);
    wr(GICC + 0x10, iar);

    puts_("1..");
    putc_('0' + (char)(checks / 10)); putc_('0' + (char)(checks % 10));
    puts_("\n");
    semihost_exit(failed);
}
