/* Assembler macros shared by the firmware's entry code and vector tables
 * (sw/runtime/entry.S, sw/guest/guest_vectors.S, sw/kvm/guest_start.S).
 * Include from .S files only. */
#ifndef VP_SW_ASM_MACROS_H
#define VP_SW_ASM_MACROS_H

/* The EL1 exception frame: x0-x18, x29, x30, ELR_EL1, SPSR_EL1 (the
 * registers a C handler may clobber, AAPCS64 5.1.1) plus padding to keep SP
 * 16-byte aligned. */
#define EL1_FRAME_SIZE 192

/* load_addr reg, symbol: PC-relative address of symbol (+-4 GiB). */
.macro load_addr reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

/* zero_bss: clears __bss_start..__bss_end (8-byte aligned by the linker
 * script) with plain stores: the MMU is off, so no DC ZVA. Clobbers x0, x1. */
.macro zero_bss
    load_addr x0, __bss_start
    load_addr x1, __bss_end
.Lzero_bss_loop\@:
    cmp     x0, x1
    b.hs    .Lzero_bss_done\@
    str     xzr, [x0], #8
    b       .Lzero_bss_loop\@
.Lzero_bss_done\@:
.endm

/* el1_frame_save: with SP already lowered by EL1_FRAME_SIZE and x0, x1
 * stored at [sp], saves the rest of the EL1 exception frame. Clobbers x2, x3
 * (after saving them). */
.macro el1_frame_save
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
.endm

/* el1_frame_restore: undoes el1_frame_save and the caller's x0/x1 store and
 * SP adjustment; the next instruction is normally ERET. */
.macro el1_frame_restore
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
    add     sp, sp, #EL1_FRAME_SIZE
.endm

#endif
