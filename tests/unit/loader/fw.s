// Test firmware for the ELF loader tests: two PT_LOAD segments (text+rodata,
// data+bss), an entry point that is not the first byte of .text, and symbols
// of each kind. Never executed.
    .section .text.vectors, "ax"
    .global table_start
table_start:
    .word 0x11111111, 0x22222222, 0x33333333, 0x44444444

    .text
    .global _start
    .type _start, %function
_start:
    adr x0, message
    ldr x1, =data_word
    b .
local_helper:
    ret
    .size _start, . - _start

    .section .rodata
message:
    .asciz "hello from the loader test"

    .data
    .global data_word
    .type data_word, %object
data_word:
    .quad 0x0123456789ABCDEF
    .size data_word, 8

    .bss
    .global bss_buffer
    .type bss_buffer, %object
bss_buffer:
    .zero 0x3000
    .size bss_buffer, 0x3000
