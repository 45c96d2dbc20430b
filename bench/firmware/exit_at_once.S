// Start-up benchmark: the smallest firmware, a semihosting SYS_EXIT with
// code 0 as its first instructions (the time measured is the simulator's).
    .global _start
_start:
    adr     x1, block
    mov     x0, #0x18              // SYS_EXIT
    hlt     #0xf000
1:  b       1b
    .balign 8
block:
    .quad   0x20026                // ADP_Stopped_ApplicationExit
    .quad   0
