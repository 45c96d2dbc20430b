/* EL1 guest entry and vector table (Arm DDI 0487 D1.10.2). */

#define GFRAME_SIZE 192 /* x0-x18, x29, x30, ELR_EL1, SPSR_EL1, pad */

    .text
    .global guest_start
guest_start:
    adrp    x0, vectors_el1
    add     x0, x0, :lo12:vectors_el1
    msr     vbar_el1, x0
    isb
    bl      guest_main
1:  b       1b

.macro guest_vector handler, kind
    .balign 0x80
    sub     sp, sp, #GFRAME_SIZE
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
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x29, [sp, #144]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x30, x2, [sp, #160]
    str     x3, [sp, #176]
    mov     x2, x0
    mov     x0, x1
    blr     x2
    ldr     x3, [sp, #176]
    ldp     x30, x2, [sp, #160]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x18, x29, [sp, #144]
    ldp     x16, x17, [sp, #128]
    ldp     x14, x15, [sp, #112]
    ldp     x12, x13, [sp, #96]
    ldp     x10, x11, [sp, #80]
    ldp     x8, x9, [sp, #64]
    ldp     x6, x7, [sp, #48]
    ldp     x4, x5, [sp, #32]
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #GFRAME_SIZE
    eret
