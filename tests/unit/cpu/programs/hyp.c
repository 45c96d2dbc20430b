/* C side of the mini hypervisor test: HVC services at EL2 (exit, raise and
 * lower the virtual IRQ through HCR_EL2.VI), and a guest at EL1 that takes
 * virtual interrupts, system calls from EL0 and an alignment fault. The
 * exit code is a bit mask of failed checks (0 = all passed). */
#include <stdint.h>

#define READ_SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)))

void semihost_exit(uint64_t code) __attribute__((noreturn));
void run_el0(void);
extern char el0_resume[];

volatile uint64_t virq_count, el1_svc_imm, el0_result, align_esr, align_far, hyp_unexpected, guest_unexpected;
volatile uint64_t hvc_count;

/* kind: 0x00-0x03 current EL SP0, 0x10-0x13 current EL SPx, 0x20-0x23 lower
 * EL; low bits 0 sync, 1 IRQ, 2 FIQ, 3 SError. regs[0..19] = x0..x19. */
void hyp_handler(uint64_t* regs, unsigned kind) {
    uint64_t esr = READ_SYSREG(esr_el2);
    if (kind == 0x20 && (esr >> 26) == 0x16) { /* HVC from EL1 */
        ++hvc_count;
        switch (esr & 0xffff) {
        case 1: semihost_exit(regs[0]);
        case 2: WRITE_SYSREG(hcr_el2, READ_SYSREG(hcr_el2) | (1u << 7)); return;  /* VI */
        case 3: WRITE_SYSREG(hcr_el2, READ_SYSREG(hcr_el2) & ~(1ull << 7)); return;
        default: break;
        }
    }
    ++hyp_unexpected;
    semihost_exit(0x8000 | kind);
}

void guest_handler(uint64_t* regs, unsigned kind) {
    uint64_t esr = READ_SYSREG(esr_el1);
    if (kind == 0x11) { /* virtual IRQ at EL1 */
        ++virq_count;
        __asm__ volatile("hvc #3"); /* the hypervisor lowers VI */
        return;
    }
    if (kind == 0x10 && (esr >> 26) == 0x15) { /* SVC from EL1 */
        el1_svc_imm = esr & 0xffff;
        return;
    }
    if (kind == 0x10 && (esr >> 26) == 0x25) { /* alignment fault at EL1: skip the access */
        align_esr = esr;
        align_far = READ_SYSREG(far_el1);
        WRITE_SYSREG(elr_el1, READ_SYSREG(elr_el1) + 4);
        return;
    }
    if (kind == 0x20 && (esr >> 26) == 0x15) { /* SVC from EL0: resume at EL1 */
        el0_result = regs[0] + ((esr & 0xffff) << 16);
        WRITE_SYSREG(elr_el1, (uint64_t)el0_resume);
        WRITE_SYSREG(spsr_el1, 0x5); /* EL1h, DAIF clear */
        return;
    }
    ++guest_unexpected;
    semihost_exit(0x4000 | kind);
}

uint64_t guest_main(void) {
    uint64_t failed = 0;
    if ((READ_SYSREG(CurrentEL) >> 2) != 1) failed |= 1;
    __asm__ volatile("msr daifclr, #2");
    for (int i = 0; i < 10; ++i) {
        __asm__ volatile("hvc #2" ::: "memory"); /* raise VI: taken right after the ERET */
        if (virq_count != (uint64_t)(i + 1)) failed |= 2;
    }
    __asm__ volatile("svc #0x42" ::: "memory");
    if (el1_svc_imm != 0x42) failed |= 4;
    run_el0();
    if (el0_result != 35 + (0x21u << 16)) failed |= 8;
    {
        static uint64_t buf[4];
        uintptr_t p = (uintptr_t)buf + 4;
        uint64_t v;
        /* A 64-bit load at a 4-byte aligned address (asm: gcc -mstrict-align
         * would split it). Device memory (translation off): alignment fault. */
        __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
        (void)v;
        if ((align_esr >> 26) != 0x25 || (align_esr & 0x3f) != 0x21 || align_far != p) failed |= 16;
    }
    if (hvc_count != 20) failed |= 32;
    return failed;
}
