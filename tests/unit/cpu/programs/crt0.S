// Bare-metal start-up for the C test programs: EL2, stack in .bss, call
// main(), exit through semihosting SYS_EXIT (ADP_Stopped_ApplicationExit,
// subcode = main's return value).
    .text
    .global _start
_start:
    adr x0, stack_top
    mov sp, x0
    bl main
    adr x1, exit_block
    str x0, [x1, #8]
    mov x0, #0x18
    hlt #0xf000
    b .
    .data
    .balign 16
exit_block:
    .quad 0x20026
    .quad 0
    .bss
    .balign 16
    .space 65536
stack_top:
