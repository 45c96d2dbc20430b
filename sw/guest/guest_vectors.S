/* EL1 guest entry and vector table (Arm DDI 0487 D1.10.2). */

#include "runtime/asm_macros.h"

    .text
    .global guest_start
guest_start:
    load_addr x0, vectors_el1
    msr     vbar_el1, x0
    isb
    bl      guest_main
1:  b       1b

.macro guest_vector handler, kind
    .balign 0x80
    sub     sp, sp, #EL1_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x1, #\kind
    adr     x0, \handler
    b       guest_exception_common
.endm

    .section .text.vectors_el1, "ax"
    .balign 2048
    .global vectors_el1
vectors_el1:
    guest_vector guest_unexpected, 0   /* current EL, SP_EL0 */
    guest_vector guest_unexpected, 1
    guest_vector guest_unexpected, 2
    guest_vector guest_unexpected, 3
    guest_vector guest_sync, 4         /* current EL, SP_EL1: sync */
    guest_vector guest_irq, 5          /* IRQ (virtual IRQ from GICV) */
    guest_vector guest_unexpected, 6   /* FIQ */
    guest_vector guest_unexpected, 7   /* SError */
    guest_vector guest_unexpected, 8   /* lower EL: there is no EL0 code */
    guest_vector guest_unexpected, 9
    guest_vector guest_unexpected, 10
    guest_vector guest_unexpected, 11
    guest_vector guest_unexpected, 12
    guest_vector guest_unexpected, 13
    guest_vector guest_unexpected, 14
    guest_vector guest_unexpected, 15

    .text
/* x0 = C handler, x1 = vector index; the handler gets (kind). */
guest_exception_common:
    el1_frame_save
    mov     x2, x0
    mov     x0, x1
    blr     x2
    el1_frame_restore
    eret
