/* AArch64 system-register and barrier helpers (Arm DDI 0487). */
#ifndef VP_SW_ARCH_H
#define VP_SW_ARCH_H

#include <stdint.h>

#define read_sysreg(reg) ({ uint64_t v__; __asm__ volatile("mrs %0, " #reg : "=r"(v__)); v__; })
#define write_sysreg(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(val)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }

/* PSTATE.I: guest masking of (virtual) IRQs. */
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }

static inline unsigned current_el(void) { return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3u; }

/* MPIDR_EL1.Aff0: the CPU index on QEMU virt and vp (a guest at EL1 reads
 * VMPIDR_EL2, which the hypervisor sets to the same value). The value never
 * changes on a CPU, so the asm is not volatile: the compiler reads it once
 * per function instead of before every access to per-CPU state. */
static inline unsigned this_cpu(void)
{
    uint64_t v;
    __asm__("mrs %0, mpidr_el1" : "=r"(v));
    return (unsigned)v & 0xFFu;
}

/* HCR_EL2 (D13.2.48). */
#define HCR_EL2_FMO (1ull << 3)
#define HCR_EL2_IMO (1ull << 4)
#define HCR_EL2_AMO (1ull << 5)
#define HCR_EL2_RW  (1ull << 31)

/* CNTHCTL_EL2 with HCR_EL2.E2H == 0 (D13.8.x). */
#define CNTHCTL_EL1PCTEN (1ull << 0)
#define CNTHCTL_EL1PCEN  (1ull << 1)

/* CNTx_CTL_EL0 fields (D13.8). */
#define CNT_CTL_ENABLE  (1ull << 0)
#define CNT_CTL_IMASK   (1ull << 1)
#define CNT_CTL_ISTATUS (1ull << 2)

/* ESR_ELx.EC values we dispatch on. */
#define ESR_EC(esr)       (((esr) >> 26) & 0x3Fu)
#define ESR_EC_HVC64      0x16u

/* SPSR mode for a guest entry at EL1h with DAIF masked. */
#define SPSR_EL1H_DAIF 0x3C5ull

#endif
