// Every CPU enters here at EL2 (vp starts all CPUs at the ELF entry): pick a
// stack by MPIDR_EL1.Aff0 and call smp_main(cpu).
    .global _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    adr     x1, stacks_top
    lsl     x2, x0, #12
    sub     sp, x1, x2
    bl      smp_main
1:  wfi
    b       1b

    .bss
    .balign 16
    .space  4096 * 8 // up to 8 CPUs (vp --cpus; bench/firmware uses it too)
stacks_top:
