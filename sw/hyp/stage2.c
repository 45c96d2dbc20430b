/* Stage 2 tables and the data-abort path (DDI 0487 D5.2, D13.2.40 ISS of a
 * data abort, D17.2.56 HPFAR_EL2). 4 KiB granule, 32-bit IPA (VTCR_EL2.T0SZ
 * = 32), walk from level 1 (SL0 = 1): level 1 has 4 entries of 1 GiB. */
#include "hyp/stage2.h"

#include "hyp/hyp.h"
#include "hyp/vgic_mmio.h"
#include "runtime/arch.h"
#include "runtime/console.h"
#include "runtime/platform.h"

#define S2_TABLE      3ull
#define S2_BLOCK      1ull
#define S2_PAGE       3ull
#define S2_AF         (1ull << 10)
#define S2_RW         (3ull << 6)          /* S2AP: read/write */
#define S2_NORMAL_WB  ((0xFull << 2) | (3ull << 8)) /* MemAttr outer/inner WB, inner shareable */
#define S2_DEVICE     (0x1ull << 2)        /* MemAttr Device-nGnRE */

#define HCR_EL2_VM (1ull << 0)

static uint64_t s2_l1[512] __attribute__((aligned(4096)));
static uint64_t s2_l2_io[512] __attribute__((aligned(4096)));  /* IPA 0 .. 1 GiB */
static uint64_t s2_l3_gic[512] __attribute__((aligned(4096))); /* IPA 0x08000000 .. 0x081FFFFF */

void stage2_init(void)
{
    stage2_build();
    stage2_enable();
}

void stage2_build(void)
{
    s2_l1[0] = (uint64_t)(uintptr_t)s2_l2_io | S2_TABLE;
    s2_l1[1] = 0x40000000ull | S2_BLOCK | S2_AF | S2_RW | S2_NORMAL_WB; /* RAM */
    s2_l2_io[GICD_BASE >> 21] = (uint64_t)(uintptr_t)s2_l3_gic | S2_TABLE;
    s2_l2_io[PL011_BASE >> 21] = (PL011_BASE & ~0x1FFFFFull) | S2_BLOCK | S2_AF | S2_RW | S2_DEVICE;
    /* GICC IPA (8 KiB) -> GICV; GICD's page stays invalid. */
    for (unsigned i = 0; i < 2; ++i)
        s2_l3_gic[((GICC_BASE - GICD_BASE) >> 12) + i] =
            (GICV_BASE + 0x1000ull * i) | S2_PAGE | S2_AF | S2_RW | S2_DEVICE;
    dsb_sy();
}

/* Per CPU: both VMs share the tables (the same IPA = PA layout) and VMID 0;
 * TLBs are per CPU. */
void stage2_enable(void)
{
    /* T0SZ 32, SL0 1, inner/outer WB, inner shareable, 4 KiB, PS 40 bits; bit 31 RES1. */
    write_sysreg(vtcr_el2, 32ull | (1ull << 6) | (1ull << 8) | (1ull << 10) | (3ull << 12) | (2ull << 16) |
                               (1ull << 31));
    write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)s2_l1); /* VMID 0 */
    isb();
    __asm__ volatile("tlbi vmalls12e1\n\tdsb sy" ::: "memory");
    write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_EL2_VM);
    isb();
}

#define ESR_ISV      (1ull << 24)
#define ESR_SAS(e)   (((e) >> 22) & 3u)
#define ESR_SRT(e)   (((e) >> 16) & 31u)
#define ESR_WNR      (1ull << 6)
#define ESR_S1PTW    (1ull << 7)

void stage2_data_abort(struct hyp_frame *f, uint64_t esr)
{
    /* HPFAR_EL2.FIPA = IPA[47:12] (bits 43:4); the page offset is FAR's. */
    uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xFFFu);
    if (!(esr & ESR_ISV) || (esr & ESR_S1PTW) || ipa < GICD_BASE || ipa >= GICD_BASE + 0x1000u) {
        if (hyp_vm_untrusted()) {
            /* Nothing at that IPA (or no syndrome to emulate it from): the
             * guest takes a synchronous external abort on its data access,
             * EC 0x25, IL 1, WnR copied, DFSC 0x10 (D13.2.40). */
            hyp_inject_sync(f, (0x25ull << 26) | (1ull << 25) | (esr & ESR_WNR) | 0x10u,
                            read_sysreg(far_el2));
            return;
        }
        printf("# hyp: stage 2 abort ESR_EL2=%lx IPA=%lx\n", esr, ipa);
        hyp_panic("stage 2 data abort the hypervisor does not emulate");
    }
    unsigned rt = ESR_SRT(esr);
    ++this_stats.gicd_traps;
    if (ESR_SAS(esr) != 2 || (ipa & 3u)) {
        /* Byte and halfword GICD accesses (allowed for some registers,
         * 4.1.4) are RAZ/WI here: the emulation is word-only. */
        if (!(esr & ESR_WNR) && rt != 31)
            f->x[rt] = 0;
        f->elr += 4;
        return;
    }
    if (esr & ESR_WNR) {
        ++this_stats.gicd_trap_writes;
        vgic_mmio_write((uint32_t)(ipa - GICD_BASE), rt == 31 ? 0u : (uint32_t)f->x[rt]);
    } else {
        uint32_t v = vgic_mmio_read((uint32_t)(ipa - GICD_BASE));
        if (rt != 31)
            f->x[rt] = v; /* a 32-bit load zero-extends (SF/SSE not needed for W registers) */
    }
    f->elr += 4;
}
