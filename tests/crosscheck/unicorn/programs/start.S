// Entry of the cross-check programs (both machines start here).
// X0 = the repeat count for main: the runner's X0, or when that is zero the
// word at xcheck_arg (a harness that cannot set registers patches it).
// The stop address is fixed: _start + 4, a branch to itself.
    .section .text.start, "ax"
    .global _start
    .global xcheck_done
    .global xcheck_arg
_start:
    b       1f
xcheck_done:
    b       xcheck_done
xcheck_arg:                        // _start + 8
    .quad   0
1:  cbnz    x0, 2f
    ldr     x0, xcheck_arg
2:  movz    x9, #0x4010, lsl #16   // stack top: RAM base + 1 MiB
    mov     sp, x9
    bl      main
    b       xcheck_done
