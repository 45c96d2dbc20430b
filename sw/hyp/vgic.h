/* Software virtual distributor, one vCPU per physical CPU, modelled on KVM's vgic
 * (virt/kvm/arm/vgic, Linux 4.16+): per-interrupt state, an ap_list of the
 * interrupts that need a list register, fold (sync) of the list registers on
 * every exit and flush (populate) on every entry.
 *
 * Level-triggered mapped (HW) interrupts follow "Support level-triggered
 * mapped interrupts" (the seed, docs/vgic-reference.md 1.10): line_level is
 * lowered when the LR is populated pending; on fold of an LR that is still
 * pending the physical line is sampled (GICD_ISPENDR) and, when it went
 * down, the physical active state is cleared (GICD_ICACTIVER) so that the
 * next rising edge is signalled. Building with VGIC_NAIVE_FOLD omits that
 * clear, to show the edge it loses. */
#ifndef VP_SW_VGIC_H
#define VP_SW_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#define VGIC_NR_IRQS 64u /* SGIs 0-15, PPIs 16-31, SPIs 32-63 */
#define VGIC_MAX_LRS 64u /* GICv2 limit (GICH_VTR.ListRegs is 6 bits) */

enum vgic_config { VGIC_CONFIG_LEVEL = 0, VGIC_CONFIG_EDGE = 1 };

struct vgic_irq {
    unsigned intid;
    bool line_level;     /* level of the input line, as last observed */
    bool pending_latch;  /* edge latch or software pending (GICD_ISPENDR) */
    bool active;         /* from the LR at the last fold */
    bool enabled;
    enum vgic_config config;
    uint8_t priority;
    bool hw;             /* mapped to a physical interrupt */
    unsigned hwintid;    /* physical INTID when hw */
    bool queued;         /* on the ap_list */
};

void vgic_init(unsigned nr_lr);
unsigned vgic_nr_lr(void);
struct vgic_irq *vgic_get_irq(unsigned intid);

/* Map a virtual INTID onto a physical one (KVM kvm_vgic_map_phys_irq). */
void vgic_map_phys_irq(unsigned vintid, unsigned pintid);

/* KVM kvm_vgic_inject_irq: a level change of the input line (level
 * interrupts) or an edge (edge interrupts). Returns whether it was
 * accepted: a level injection that does not change line_level is not. */
bool vgic_inject_irq(unsigned intid, bool level);
/* Software pending (GICD_ISPENDR / GICD_SGIR). */
void vgic_set_pending(unsigned intid);
void vgic_set_enabled(unsigned intid, bool enabled);
void vgic_set_priority(unsigned intid, uint8_t prio);
void vgic_set_config(unsigned intid, enum vgic_config cfg);
/* MAINT_* flags from hypercall.h: which maintenance interrupt to request
 * when more interrupts are queued than there are list registers. */
void vgic_set_maintenance_policy(unsigned flags);

/* Exit path: read back every used LR (ELRSR for the empty ones) into the
 * per-interrupt state, prune the ap_list. Also silences the virtual
 * interface (GICH_HCR = 0) while the hypervisor runs, as KVM does. */
void vgic_fold(void);
/* Entry path: sort the ap_list, write the LRs, clear the unused ones and
 * re-enable the interface (with UIE/NPIE on overflow). */
void vgic_flush(void);

/* Observability for HC_VIRQ_STATE: state bits as hypercall.h defines. */
uint32_t vgic_state_bits(unsigned intid);
/* The LR value the last flush wrote for intid (0 if it got no LR). */
uint32_t vgic_lr_written(unsigned intid);
/* MISR value seen at the last fold. */
uint32_t vgic_last_misr(void);
/* LRs the last flush wrote, and the value written to LR i (0 past them). */
unsigned vgic_used_lrs(void);
uint32_t vgic_lr_shadow(unsigned i);

#endif
