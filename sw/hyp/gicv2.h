/* GICv2 register map (Arm IHI 0048B chapter 4 and 5.3) and typed accessors
 * for the list registers (5.3.10, GICH_LRn). */
#ifndef VP_SW_GICV2_H
#define VP_SW_GICV2_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/mmio.h"
#include "runtime/platform.h"

/* Distributor (4.3). */
#define GICD_CTLR       0x000u
#define GICD_TYPER      0x004u
#define GICD_ISENABLER  0x100u
#define GICD_ICENABLER  0x180u
#define GICD_ISPENDR    0x200u
#define GICD_ICPENDR    0x280u
#define GICD_ISACTIVER  0x300u
#define GICD_ICACTIVER  0x380u
#define GICD_IPRIORITYR 0x400u
#define GICD_ICFGR      0xC00u

/* CPU interface (4.4); GICV has the same layout (5.4). */
#define GICC_CTLR  0x000u
#define GICC_PMR   0x004u
#define GICC_BPR   0x008u
#define GICC_IAR   0x00Cu
#define GICC_EOIR  0x010u
#define GICC_RPR   0x014u
#define GICC_HPPIR 0x018u
#define GICC_DIR   0x1000u

#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_EOIMODE     (1u << 9) /* no Security Extensions: EOImode at bit 9 */
#define GICC_IAR_ID(iar)      ((iar) & 0x3FFu)
#define GIC_SPURIOUS          1023u

/* Virtual interface control (5.3). */
#define GICH_HCR    0x000u
#define GICH_VTR    0x004u
#define GICH_VMCR   0x008u
#define GICH_MISR   0x010u
#define GICH_EISR0  0x020u
#define GICH_ELRSR0 0x030u
#define GICH_APR    0x0F0u
#define GICH_LR(n)  (0x100u + 4u * (n))

#define GICH_HCR_EN    (1u << 0)
#define GICH_HCR_UIE   (1u << 1)
#define GICH_HCR_NPIE  (1u << 3)
#define GICH_MISR_EOI  (1u << 0)
#define GICH_MISR_U    (1u << 1)
#define GICH_MISR_NP   (1u << 3)
#define GICH_VTR_LISTREGS(vtr) (((vtr) & 0x3Fu) + 1u)

/* ---- GICH_LRn fields (5.3.10) -------------------------------------- */
#define LR_STATE_INVALID 0u
#define LR_STATE_PENDING 1u
#define LR_STATE_ACTIVE  2u
#define LR_STATE_PENDING_ACTIVE 3u

typedef uint32_t gich_lr;

static inline unsigned lr_virtual_id(gich_lr lr) { return lr & 0x3FFu; }
/* [19:10] is PhysicalID only when HW == 1. */
static inline unsigned lr_physical_id(gich_lr lr) { return (lr >> 10) & 0x3FFu; }
/* [19] EOI maintenance request, only when HW == 0. */
static inline bool lr_eoi(gich_lr lr) { return !((lr >> 31) & 1u) && ((lr >> 19) & 1u); }
static inline unsigned lr_priority5(gich_lr lr) { return (lr >> 23) & 0x1Fu; }
static inline unsigned lr_state(gich_lr lr) { return (lr >> 28) & 3u; }
static inline bool lr_pending(gich_lr lr) { return lr_state(lr) & LR_STATE_PENDING; }
static inline bool lr_active(gich_lr lr) { return lr_state(lr) & LR_STATE_ACTIVE; }
static inline bool lr_hw(gich_lr lr) { return (lr >> 31) & 1u; }

static inline gich_lr lr_with_virtual_id(gich_lr lr, unsigned id) { return (lr & ~0x3FFu) | (id & 0x3FFu); }
static inline gich_lr lr_with_physical_id(gich_lr lr, unsigned id) { return (lr & ~(0x3FFu << 10)) | ((id & 0x3FFu) << 10); }
static inline gich_lr lr_with_eoi(gich_lr lr) { return lr | (1u << 19); }
/* The LR keeps the upper 5 bits of the 8-bit priority. */
static inline gich_lr lr_with_priority(gich_lr lr, uint8_t prio) { return (lr & ~(0x1Fu << 23)) | ((uint32_t)(prio >> 3) << 23); }
static inline gich_lr lr_with_state(gich_lr lr, unsigned st) { return (lr & ~(3u << 28)) | ((st & 3u) << 28); }
static inline gich_lr lr_with_hw(gich_lr lr) { return lr | (1u << 31); }

/* ---- frame access ---------------------------------------------------- */
static inline uint32_t gicd_read(uint32_t off) { return mmio_read32(GICD_BASE + off); }
static inline void gicd_write(uint32_t off, uint32_t v) { mmio_write32(GICD_BASE + off, v); }
static inline uint32_t gicc_read(uint32_t off) { return mmio_read32(GICC_BASE + off); }
static inline void gicc_write(uint32_t off, uint32_t v) { mmio_write32(GICC_BASE + off, v); }
static inline uint32_t gich_read(uint32_t off) { return mmio_read32(GICH_BASE + off); }
static inline void gich_write(uint32_t off, uint32_t v) { mmio_write32(GICH_BASE + off, v); }
/* The guest's CPU interface: the GICV frame itself, or in VP_STAGE2 builds
 * the GICC IPA that stage 2 maps onto it (as a KVM guest sees it). */
#ifdef VP_STAGE2
#define GUEST_CPUIF_BASE GICC_BASE
#else
#define GUEST_CPUIF_BASE GICV_BASE
#endif
static inline uint32_t gicv_read(uint32_t off) { return mmio_read32(GUEST_CPUIF_BASE + off); }
static inline void gicv_write(uint32_t off, uint32_t v) { mmio_write32(GUEST_CPUIF_BASE + off, v); }

/* One bit per INTID in the ISx/ICx register arrays (banked per CPU for 0-31). */
static inline uint32_t gicd_bit_reg(uint32_t base, unsigned intid) { return base + 4u * (intid / 32u); }
static inline uint32_t gicd_bit(unsigned intid) { return 1u << (intid % 32u); }

static inline bool gicd_is_pending(unsigned intid) { return gicd_read(gicd_bit_reg(GICD_ISPENDR, intid)) & gicd_bit(intid); }
static inline bool gicd_is_active(unsigned intid) { return gicd_read(gicd_bit_reg(GICD_ISACTIVER, intid)) & gicd_bit(intid); }
static inline bool gicd_is_enabled(unsigned intid) { return gicd_read(gicd_bit_reg(GICD_ISENABLER, intid)) & gicd_bit(intid); }
static inline void gicd_enable(unsigned intid) { gicd_write(gicd_bit_reg(GICD_ISENABLER, intid), gicd_bit(intid)); }
static inline void gicd_clear_active(unsigned intid) { gicd_write(gicd_bit_reg(GICD_ICACTIVER, intid), gicd_bit(intid)); }

/* GICD_IPRIORITYR through 32-bit read-modify-write (word access is always
 * permitted, byte access is not required of every implementation path). */
static inline void gicd_set_priority(unsigned intid, uint8_t prio)
{
    uint32_t off = GICD_IPRIORITYR + (intid & ~3u);
    unsigned sh = 8u * (intid & 3u);
    gicd_write(off, (gicd_read(off) & ~(0xFFu << sh)) | ((uint32_t)prio << sh));
}

/* GICD_ICFGR Int_config[1]: 1 = edge-triggered (4.3.13). */
static inline bool gicd_is_edge(unsigned intid)
{
    return (gicd_read(GICD_ICFGR + 4u * (intid / 16u)) >> (2u * (intid % 16u) + 1u)) & 1u;
}
static inline void gicd_set_edge(unsigned intid, bool edge)
{
    uint32_t off = GICD_ICFGR + 4u * (intid / 16u);
    uint32_t bit = 1u << (2u * (intid % 16u) + 1u);
    uint32_t v = gicd_read(off);
    gicd_write(off, edge ? (v | bit) : (v & ~bit));
}

#endif
