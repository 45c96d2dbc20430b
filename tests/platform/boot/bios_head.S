// A raw image for vp --bios: runs from flash bank 0 at address 0 with its
// stack and BSS in RAM (flash ignores writes).
    .section .head, "ax"
    .global _start
_start:
    ldr     x9, =0x40200000
    mov     sp, x9
    bl      bios_main
1:  wfi
    b       1b
