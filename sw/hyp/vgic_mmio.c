/* Emulated GICD for a one-vCPU VM and INTIDs 0-31 (IHI 0048B 4.3): CTLR,
 * TYPER, IIDR, I[SC]ENABLER0, IPRIORITYR0-7, ICFGR1, SGIR; other offsets
 * RAZ/WI, as KVM's vgic does for unimplemented registers. */
#include "hyp/vgic_mmio.h"

#include "hyp/gicv2.h"
#include "hyp/hyp.h"
#include "hyp/vgic.h"

static uint32_t vgicd_ctlr_percpu[HYP_MAX_CPUS];
#define vgicd_ctlr (vgicd_ctlr_percpu[hyp_cpu()])

uint32_t vgic_mmio_read(uint32_t off)
{
    uint32_t v = 0;
    if (off == GICD_CTLR)
        return vgicd_ctlr;
    if (off == GICD_TYPER)
        return 0; /* ITLinesNumber 0 (32 INTIDs), one CPU, no Security Extensions */
    if (off == 0x008u)
        return 0x0200143Bu; /* GICD_IIDR: KVM's (ProductID 2, Arm) */
    if (off == GICD_ISENABLER || off == GICD_ICENABLER) {
        for (unsigned i = 0; i < 32; ++i)
            if (vgic_get_irq(i)->enabled)
                v |= 1u << i;
        return v;
    }
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32u) {
        for (unsigned i = 0; i < 4; ++i)
            v |= (uint32_t)vgic_get_irq(off - GICD_IPRIORITYR + i)->priority << (8 * i);
        return v;
    }
    if (off == GICD_ICFGR)
        return 0xAAAAAAAAu; /* SGIs: edge, read-only */
    if (off == GICD_ICFGR + 4u) {
        for (unsigned i = 16; i < 32; ++i)
            if (vgic_get_irq(i)->config == VGIC_CONFIG_EDGE)
                v |= 2u << (2 * (i - 16));
        return v;
    }
    return 0;
}

void vgic_mmio_write(uint32_t off, uint32_t v)
{
    if (off == GICD_CTLR) {
        vgicd_ctlr = v & 1u;
    } else if (off == GICD_ISENABLER || off == GICD_ICENABLER) {
        for (unsigned i = 0; i < 32; ++i)
            if (v & (1u << i))
                vgic_set_enabled(i, off == GICD_ISENABLER);
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32u) {
        for (unsigned i = 0; i < 4; ++i)
            vgic_set_priority(off - GICD_IPRIORITYR + i, (uint8_t)(v >> (8 * i)));
    } else if (off == 0xF00u) {
        /* GICD_SGIR (4.3.15): the VM has one vCPU (CPU interface 0), so an
         * SGI reaches it when the filter is "the list" with bit 0 set or
         * "this CPU"; "all others" and the reserved filter reach nobody. */
        ++this_stats.gicd_sgir_writes;
        unsigned filter = (v >> 24) & 3u, list = (v >> 16) & 0xFFu;
        if ((filter == 0 && (list & 1u)) || filter == 2)
            vgic_set_pending(v & 0xFu);
    } else if (off == GICD_ICFGR + 4u) {
        for (unsigned i = 16; i < 32; ++i)
            vgic_set_config(i, (v >> (2 * (i - 16) + 1)) & 1u ? VGIC_CONFIG_EDGE : VGIC_CONFIG_LEVEL);
    }
}
