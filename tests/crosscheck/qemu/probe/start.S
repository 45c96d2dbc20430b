  .global _start
_start:
  ldr x0, =stack_top
  mov sp, x0
  bl main_
1: b 1b
  .bss
  .balign 16
  .space 8192
stack_top:
