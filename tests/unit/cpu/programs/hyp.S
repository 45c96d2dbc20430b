// A miniature hypervisor (EL2) and guest (EL1/EL0) built with gcc: vector
// tables that save the registers and call C handlers (hyp.c).
    .text
    .global _start
_start:
    adr x0, stack_el2_top
    mov sp, x0
    adr x0, el2_vectors
    msr vbar_el2, x0
    movz x0, #0x8000, lsl #16        // HCR_EL2.RW
    orr x0, x0, #0x18                // IMO | FMO: physical IRQ/FIQ to EL2, virtual ones to EL1
    msr hcr_el2, x0
    adr x0, stack_el1_top
    msr sp_el1, x0
    mov x0, #0x3c5                   // EL1h, DAIF masked
    msr spsr_el2, x0
    adr x0, guest_entry
    msr elr_el2, x0
    eret

guest_entry:
    adr x0, el1_vectors
    msr vbar_el1, x0
    bl guest_main
    hvc #1                           // exit with x0
    b .

// Run `user_code` at EL0; it ends with SVC, whose handler resumes here.
    .global run_el0
run_el0:
    stp x29, x30, [sp, #-16]!
    adr x1, el0_return_sp
    mov x2, sp
    str x2, [x1]
    adr x1, user_code
    msr elr_el1, x1
    msr spsr_el1, xzr                // EL0t, DAIF clear
    adr x1, stack_el0_top
    msr sp_el0, x1
    eret
    .global el0_resume
el0_resume:                          // back at EL1h (from the EL1 sync handler)
    adr x1, el0_return_sp
    ldr x1, [x1]
    mov sp, x1
    ldp x29, x30, [sp], #16
    ret

user_code:
    mov x0, #5
    mov x1, #7
    mul x0, x0, x1
    svc #0x21
    b .

.macro SAVE_AND_CALL handler, kind
    sub sp, sp, #256
    stp x0, x1, [sp, #0]
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x19, [sp, #144]
    stp x29, x30, [sp, #160]
    mov x0, sp
    mov x1, #\kind
    bl \handler
    ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x19, [sp, #144]
    ldp x29, x30, [sp, #160]
    add sp, sp, #256
    eret
.endm

.macro VECTOR handler, kind
    .balign 0x80
    SAVE_AND_CALL \handler, \kind
.endm

    .balign 2048
el2_vectors:
    VECTOR hyp_handler, 0            // current EL, SP0
    VECTOR hyp_handler, 1
    VECTOR hyp_handler, 2
    VECTOR hyp_handler, 3
    VECTOR hyp_handler, 0x10         // current EL, SPx
    VECTOR hyp_handler, 0x11
    VECTOR hyp_handler, 0x12
    VECTOR hyp_handler, 0x13
    VECTOR hyp_handler, 0x20         // lower EL, AArch64
    VECTOR hyp_handler, 0x21
    VECTOR hyp_handler, 0x22
    VECTOR hyp_handler, 0x23

    .balign 2048
el1_vectors:
    VECTOR guest_handler, 0
    VECTOR guest_handler, 1
    VECTOR guest_handler, 2
    VECTOR guest_handler, 3
    VECTOR guest_handler, 0x10
    VECTOR guest_handler, 0x11
    VECTOR guest_handler, 0x12
    VECTOR guest_handler, 0x13
    VECTOR guest_handler, 0x20
    VECTOR guest_handler, 0x21
    VECTOR guest_handler, 0x22
    VECTOR guest_handler, 0x23

    .data
    .balign 16
exit_block:
    .quad 0x20026
    .global exit_code
exit_code:
    .quad 0
el0_return_sp:
    .quad 0
    .global semihost_exit
    .text
semihost_exit:                      // x0 = code
    adr x1, exit_code
    str x0, [x1]
    adr x1, exit_block
    mov x0, #0x18
    hlt #0xf000
    b .

    .bss
    .balign 16
    .space 16384
stack_el2_top:
    .space 16384
stack_el1_top:
    .space 4096
stack_el0_top:
