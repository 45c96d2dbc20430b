// Entry of the cross-check programs (both machines start here at EL1).
// X0 = the argument the runner passes (a repeat count), kept for main.
// The stop address is fixed: _start + 12, a branch to itself.
    .section .text.start, "ax"
    .global _start
    .global xcheck_done
_start:
    movz    x9, #0x4010, lsl #16   // stack top: RAM base + 1 MiB
    mov     sp, x9
    bl      main
xcheck_done:
    b       xcheck_done
