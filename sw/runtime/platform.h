/* Memory map and interrupt numbers of the board: QEMU `virt` with
 * virtualization=on, gic-version=2; the `vp` platform uses the same map. */
#ifndef VP_SW_PLATFORM_H
#define VP_SW_PLATFORM_H

#define PL011_BASE 0x09000000ul
#define GICD_BASE  0x08000000ul
#define GICC_BASE  0x08010000ul
#define GICH_BASE  0x08030000ul
#define GICV_BASE  0x08040000ul

/* PPIs (Arm BSA numbering, IHI 0048B 2.2.1). All level-sensitive. */
#define INTID_MAINTENANCE 25u /* GIC virtual interface maintenance */
#define INTID_CNTHP       26u /* EL2 physical timer */
#define INTID_CNTV        27u /* EL1 virtual timer */
#define INTID_CNTP        30u /* EL1 physical timer */

#endif
