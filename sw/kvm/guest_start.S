/* Entry and EL1 vector table of the KVM guest (sw/kvm/guest.c). The VMM
 * enters at the image's first byte at EL1h, DAIF masked, MMU off. */
#include "report.h"
#include "runtime/asm_macros.h"

    .section .text.entry, "ax"
    .global _start
_start:
    load_addr x0, __stack_top
    mov     sp, x0
    zero_bss
    load_addr x0, vectors
    msr     vbar_el1, x0
    isb
    bl      guest_main
3:  b       3b

/* One vector entry (0x80 bytes). IRQ from the current EL with SP_EL1 calls
 * irq_handler with the caller-saved registers preserved; any other exception
 * calls unexpected_exception(vector offset), which reports and exits. */
.macro unexpected offset
    .balign 0x80
    mov     x0, #\offset
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    b       unexpected_exception
.endm

    .text
    .balign 2048
vectors:
    unexpected 0x000
    unexpected 0x080
    unexpected 0x100
    unexpected 0x180
    unexpected 0x200
    .balign 0x80            /* 0x280: IRQ, current EL, SP_ELx */
    b       irq_entry
    unexpected 0x300
    unexpected 0x380
    unexpected 0x400
    unexpected 0x480
    unexpected 0x500
    unexpected 0x580
    unexpected 0x600
    unexpected 0x680
    unexpected 0x700
    unexpected 0x780

irq_entry:
    sub     sp, sp, #EL1_FRAME_SIZE
    stp     x0, x1, [sp, #0]
    el1_frame_save
    bl      irq_handler
    el1_frame_restore
    eret
