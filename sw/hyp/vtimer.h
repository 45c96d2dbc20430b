/* The guest's virtual timer (CNTV, PPI 27) forwarded as a mapped,
 * level-triggered interrupt: vINTID 27 backed by physical PPI 27. */
#ifndef VP_SW_VTIMER_H
#define VP_SW_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

void vtimer_init(void);
/* Timer output: ENABLE && ISTATUS && !IMASK (Arm ARM D11.2.4). */
bool vtimer_output_asserted(void);
/* Physical PPI 27 acknowledged by the hypervisor (GICC_IAR value). */
void vtimer_handle_phys_irq(uint32_t iar);

#endif
