/* EL2 entry and the EL2 vector table (Arm DDI 0487 D1.10.2).
 * The loader enters at EL2h with DAIF masked and the MMU off. */

#include "runtime/asm_macros.h"

#define FRAME_SIZE 272 /* struct hyp_frame: x0-x30, ELR, SPSR, pad */

    .section .text.entry, "ax"
    .global _start
_start:
    /* Only CPU 0 boots here. On a platform that starts every CPU at the
     * entry (vp without --secondaries off) the others wait; scenarios that
     * use CPU 1 start it with PSCI CPU_ON at _start_secondary. */
    mrs     x0, mpidr_el1
    tst     x0, #0xff
    b.eq    0f
4:  wfi
    b       4b
0:  load_addr x0, __hyp_stack_top
    mov     sp, x0
    zero_bss
    bl      el2_common_init
    bl      hyp_main
3:  wfi
    b       3b

/* CPU 1, started by PSCI CPU_ON (hyp.c) at EL2h, MMU off, DAIF masked: its
 * own stack; BSS is CPU 0's, already cleared. */
    .global _start_secondary
_start_secondary:
    load_addr x0, __hyp1_stack_top
    mov     sp, x0
    bl      el2_common_init
    bl      hyp_secondary_main
5:  wfi
    b       5b

el2_common_init:
    /* SIMD&FP: no trap from EL2 (CPTR_EL2.TFP = 0, RES1 bits set) nor
     * from the EL1 guest (CPACR_EL1.FPEN = 0b11): scenarios built as
     * ordinary C use the FP registers (D13.2.31, D13.2.30). */
    mov     x0, #0x33ff
    msr     cptr_el2, x0
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    load_addr x0, vectors_el2
    msr     vbar_el2, x0
    isb
    ret

/* hyp_enter_guest(entry, guest_sp, hyp_sp): first entry into the guest at
 * EL1h with DAIF masked. The EL2 stack is reset to hyp_sp (this CPU's):
 * exits start from an empty stack. */
    .text
    .global hyp_enter_guest
hyp_enter_guest:
    msr     sp_el1, x1
    msr     elr_el2, x0
    mov     x3, #0x3c5
    msr     spsr_el2, x3
    mov     sp, x2
    mov     x0, #0
    mov     x1, #0
    mov     x2, #0
    mov     x3, #0
    eret

/* Save the first two registers, pass the kind in x1, go to the common path. */
.macro exit_vector kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x1, #\kind
    b       hyp_exit_common
.endm

    .section .text.vectors_el2, "ax"
    .balign 2048
    .global vectors_el2
vectors_el2:
    exit_vector 16   /* current EL, SP_EL0: sync */
    exit_vector 17
    exit_vector 18
    exit_vector 19
    exit_vector 20   /* current EL, SP_ELx: sync */
    exit_vector 21
    exit_vector 22
    exit_vector 23
    exit_vector 0    /* lower EL, AArch64: sync (HVC) */
    exit_vector 1    /* IRQ */
    exit_vector 2    /* FIQ */
    exit_vector 3    /* SError */
    exit_vector 24   /* lower EL, AArch32: not supported */
    exit_vector 25
    exit_vector 26
    exit_vector 27

    .text
hyp_exit_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x21, elr_el2
    mrs     x22, spsr_el2
    stp     x30, x21, [sp, #240]
    str     x22, [sp, #256]
    mov     x0, sp
    bl      hyp_handle_exit
    ldr     x22, [sp, #256]
    ldp     x30, x21, [sp, #240]
    msr     elr_el2, x21
    msr     spsr_el2, x22
    ldp     x28, x29, [sp, #224]
    ldp     x26, x27, [sp, #208]
    ldp     x24, x25, [sp, #192]
    ldp     x22, x23, [sp, #176]
    ldp     x20, x21, [sp, #160]
    ldp     x18, x19, [sp, #144]
    ldp     x16, x17, [sp, #128]
    ldp     x14, x15, [sp, #112]
    ldp     x12, x13, [sp, #96]
    ldp     x10, x11, [sp, #80]
    ldp     x8, x9, [sp, #64]
    ldp     x6, x7, [sp, #48]
    ldp     x4, x5, [sp, #32]
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret
