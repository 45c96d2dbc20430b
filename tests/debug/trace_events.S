// Firmware for the --trace test: one event of each kind at EL2, known values.
//   sysreg  MSR VBAR_EL2, MRS in the handler
//   mmio    GICD_CTLR write, GICD_TYPER read (register names from the GIC's table)
//   int     BRK #0x123 (ESR EC 0x3C), a load from an address nothing decodes
//           (synchronous external abort, EC 0x25, FAR = the address), ERETs
// then semihosting SYS_EXIT with code 0.
    .text
    .global _start
_start:
    adr     x0, vectors
    msr     vbar_el2, x0
    isb
    ldr     x1, =0x08000000         // GICD_CTLR
    mov     w2, #1
    str     w2, [x1]
    ldr     w3, [x1, #4]            // GICD_TYPER
    brk     #0x123
    ldr     x4, =0x0e000000         // no device there: external abort
    ldr     w5, [x4]
    adr     x1, exit_block
    mov     x0, #0x18               // SYS_EXIT
    hlt     #0xf000
1:  b       1b

    .balign 16
exit_block:
    .quad   0x20026                 // ADP_Stopped_ApplicationExit
    .quad   0

    .balign 2048
vectors:
    .skip   0x200
    // Current EL with SP_ELx, synchronous: note ESR/FAR, return past the instruction.
    mrs     x10, esr_el2
    mrs     x11, far_el2
    mrs     x12, elr_el2
    add     x12, x12, #4
    msr     elr_el2, x12
    eret
