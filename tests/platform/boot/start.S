// CPU 0 enters at _start (vp --firmware, secondaries held off); a CPU started
// by PSCI CPU_ON enters at secondary_entry with X0 = its context id. Each
// takes the stack of its MPIDR_EL1.Aff0.
    .global _start, secondary_entry
_start:
    bl      set_stack
    bl      main
1:  wfi
    b       1b

secondary_entry:
    mov     x19, x0
    bl      set_stack
    mov     x0, x19
    bl      secondary_main
1:  wfi
    b       1b

set_stack:
    mrs     x9, mpidr_el1
    and     x9, x9, #0xff
    adr     x10, stacks_top
    lsl     x9, x9, #12
    sub     sp, x10, x9
    ret

    .bss
    .balign 16
    .space  4096 * 4
stacks_top:
