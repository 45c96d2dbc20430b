/* Hypercall ABI between the EL1 guest and the EL2 hypervisor.
 *
 * HVC #0, x0 = function number, x1..x3 = arguments, result in x0 (all other
 * registers preserved). Unknown functions return HC_ERROR. There is no
 * stage-2 translation yet, so the guest reaches its virtual distributor
 * through these calls instead of a trapped GICD frame. Every hypercall is
 * an exit: the hypervisor folds the list registers before handling it and
 * flushes them before returning (so HC_VIRQ_STATE reports the state as the
 * fold of this very exit left it). */
#ifndef VP_SW_HYPERCALL_H
#define VP_SW_HYPERCALL_H

#include <stdint.h>

#define HC_ERROR (~0ull)

/* Lifecycle */
#define HC_EXIT          0x00u /* x1 = exit code; prints hypervisor statistics, semihosting exit */
#define HC_NOP           0x01u /* plain exit: fold + flush, nothing else */
#define HC_INFO          0x02u /* -> [7:0] number of list registers, [8] naive-fold variant */
#define HC_STATS         0x03u /* -> address of the shared, read-only struct hyp_stats */

/* Virtual distributor (what GICD_* writes would do on a trapped frame) */
#define HC_VIRQ_ENABLE   0x10u /* x1 = vINTID, x2 = 1 enable / 0 disable (GICD_ISENABLER/ICENABLER) */
#define HC_VIRQ_PRIORITY 0x11u /* x1 = vINTID, x2 = 8-bit priority (GICD_IPRIORITYR) */
#define HC_VIRQ_CONFIG   0x12u /* x1 = vINTID, x2 = 1 edge / 0 level (GICD_ICFGR) */
#define HC_VIRQ_INJECT   0x13u /* x1 = vINTID: set pending (GICD_ISPENDR; GICD_SGIR for SGIs) */
#define HC_VIRQ_STATE    0x14u /* x1 = vINTID -> VIRQ_STATE_* bits, as the fold of this exit left them */

/* Test hooks on the physical side (a real hypervisor would not offer them) */
#define HC_PHYS_STATE    0x20u /* x1 = INTID -> PHYS_STATE_* bits read from GICD (this CPU's bank) */
#define HC_PHYS_CONFIG   0x21u /* x1 = INTID, x2 = 1 edge / 0 level -> GICD_ICFGR read back (1 = edge) */
#define HC_HOST_TIMER    0x22u /* x1 = ticks: arm the hypervisor's own timer (CNTHP, PPI 26) */
#define HC_MAINT_POLICY  0x23u /* x1 = MAINT_* flags used when the ap_list overflows the LRs */
#define HC_SET_VCOUNT    0x24u /* x1 = virtual count wanted now: CNTVOFF_EL2 = CNTPCT - x1 -> CNTVOFF_EL2 */
#define HC_VIRQ_LR       0x25u /* x1 = vINTID -> the GICH_LR value the last flush wrote for it, 0 if none */

/* A second VM on CPU 1 (VP_STAGE2 builds only: without stage 2 nothing
 * isolates it). Both are refused to an untrusted VM, as are HC_EXIT and the
 * test hooks that change host state (HC_PHYS_CONFIG, HC_HOST_TIMER). */
#define HC_PEER_START    0x30u /* PSCI CPU_ON of CPU 1, which runs an untrusted VM -> 0 once it is up */
#define HC_PEER_STOP     0x31u /* stop CPU 1 (physical SGI kick), tear its VM down, check the host's
                                  GIC state there -> address of struct peer_report */

#define VIRQ_STATE_LINE_LEVEL    (1u << 0)
#define VIRQ_STATE_PENDING_LATCH (1u << 1)
#define VIRQ_STATE_ACTIVE        (1u << 2)
#define VIRQ_STATE_ENABLED       (1u << 3)
#define VIRQ_STATE_EDGE          (1u << 4)
#define VIRQ_STATE_HW            (1u << 5)
#define VIRQ_STATE_QUEUED        (1u << 6) /* on the ap_list */
#define VIRQ_STATE_IN_LR         (1u << 7) /* was in a list register at this exit */
#define VIRQ_STATE_LR_SHIFT      8u        /* [9:8] LR state folded at this exit */

#define PHYS_STATE_PENDING (1u << 0) /* GICD_ISPENDR */
#define PHYS_STATE_ACTIVE  (1u << 1) /* GICD_ISACTIVER */
#define PHYS_STATE_ENABLED (1u << 2) /* GICD_ISENABLER */
#define PHYS_STATE_EDGE    (1u << 3) /* GICD_ICFGR */

#define MAINT_UNDERFLOW (1u << 0) /* GICH_HCR.UIE */
#define MAINT_NO_PENDING (1u << 1) /* GICH_HCR.NPIE */

/* Counters the hypervisor keeps; the guest may read them (no stage 2). */
struct hyp_stats {
    uint64_t exits;
    uint64_t exits_hvc;
    uint64_t exits_irq;
    uint64_t phys_ack[32];        /* GICC_IAR results per SGI/PPI INTID */
    uint64_t phys_spurious;       /* GICC_IAR returned 1023 */
    uint64_t phys_dir[32];        /* GICC_DIR writes per INTID */
    uint64_t maint_exits;         /* exits where GICH_MISR != 0 */
    uint64_t misr_eoi, misr_u, misr_np;
    uint64_t inject_accepted;     /* vgic level injections that changed line_level (vtimer) */
    uint64_t inject_rejected;     /* ... that did not (no new edge) */
    uint64_t fold_sampled_high;   /* mapped level, LR still pending, line high */
    uint64_t fold_sampled_low;    /* mapped level, LR still pending, line low */
    uint64_t icactiver_writes;    /* physical active cleared by the fold */
    uint64_t lr_overflows;        /* flushes with more queued interrupts than LRs */
    uint64_t host_timer_irqs;     /* CNTHP (PPI 26) handled at EL2 */
    uint64_t hw_lr_writes;        /* LRs written with HW = 1 */
    uint64_t gicd_traps;          /* stage 2 data aborts on the guest's GICD emulated (VP_STAGE2) */
    uint64_t gicd_trap_writes;    /* ... of which writes (ESR.WnR) */
    uint64_t gicd_sgir_writes;    /* ... of which to the emulated GICD_SGIR */
    uint64_t kicks;               /* physical SGI HYP_SGI_KICK taken (HC_PEER_STOP) */
    uint64_t refused;             /* hypercalls refused: invalid, unknown or not for this VM */
    uint64_t injected_aborts;     /* synchronous exceptions injected into the guest */
};

/* Written by CPU 1's hypervisor when HC_PEER_STOP tears its VM down: the
 * host's GIC state as CPU 1 sees it (banked GICD registers, its GICC and
 * GICH), right after the last fold and again after the teardown. */
struct peer_report {
    uint64_t up;                  /* CPU 1 reached its guest */
    uint64_t done;                /* the report is complete */
    uint64_t stats;               /* address of CPU 1's struct hyp_stats */
    uint32_t nr_lr, used_lrs;
    uint32_t lr_bad;              /* LRs whose non-state bits differ from what the flush wrote, or HW pending+active */
    uint32_t elrsr, elrsr_expected, eisr, eisr_expected, misr, misr_expected;
    uint32_t hcr_after_fold;      /* GICH_HCR (0 while the hypervisor runs) */
    uint32_t active0;             /* GICD_ISACTIVER0 of CPU 1 after the fold */
    uint32_t active0_unexplained; /* ... bits the vgic does not account for */
    uint32_t rpr, apr0;           /* GICC_RPR, GICC_APR0 of CPU 1 at EL2 */
    uint32_t vtr_boot, vtr_end;   /* GICH_VTR at CPU 1's boot and at the end */
    /* after the teardown (LRs, GICH_APR, GICH_HCR, GICH_VMCR cleared, CNTV off, PPI 27 deactivated) */
    uint32_t td_active0, td_pending0, td_hcr, td_apr, td_misr, td_elrsr, td_lr_nonzero, td_rpr;
    uint32_t vintid27_state;      /* vgic state bits (VIRQ_STATE_*) of vINTID 27 at the stop */
    /* the shared distributor: GICD_CTLR, and any SPI enabled, pending or active (none are used) */
    uint32_t gicd_ctlr, spi_enabled, spi_pending, spi_active;
};


#endif
