/* Stage 2 translation for the guest (VP_STAGE2 builds), as KVM sets it up
 * for a GICv2 guest: RAM and the UART mapped IPA = PA, the guest's GICC
 * IPA mapped onto the GICV frame, the GICD IPA left unmapped so that every
 * guest GICD access is a stage 2 data abort the hypervisor emulates from
 * the syndrome (vgic_mmio.c). */
#ifndef VP_SW_STAGE2_H
#define VP_SW_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#include "hyp/hyp.h"

/* Builds the tables and turns stage 2 on (HCR_EL2.VM): stage2_build once,
 * stage2_enable on every CPU that runs a guest. */
void stage2_init(void);
void stage2_build(void);
void stage2_enable(void);

/* A stage 2 data abort from the guest (ESR_EL2.EC = 0x24): emulates it and
 * steps the guest over the instruction, or panics (not an emulated
 * register, or no instruction syndrome). */
void stage2_data_abort(struct hyp_frame *f, uint64_t esr);

#endif
