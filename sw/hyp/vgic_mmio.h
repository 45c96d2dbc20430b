/* The guest's distributor as KVM emulates it (virt/kvm/arm/vgic/vgic-mmio*.c)
 * for the SGI/PPI bank: what a trapped 32-bit GICD access reads or does. */
#ifndef VP_SW_VGIC_MMIO_H
#define VP_SW_VGIC_MMIO_H

#include <stdint.h>

uint32_t vgic_mmio_read(uint32_t offset);
void vgic_mmio_write(uint32_t offset, uint32_t value);

#endif
