// A raw arm64 Linux Image (booting.rst header) that checks the boot protocol
// vp applies to it: its 64-byte header, then the entry, which keeps X0-X3
// as the loader left them and calls image_main(x0, x1, x2, x3, load address).
    .section .head, "ax"
    .global _head
_head:
    b       image_entry             // code0
    .long   0                       // code1
    .quad   0x80000                 // text_offset
    .quad   _end - _head            // image_size (covers the BSS)
    .quad   0xa                     // flags: little-endian, 4 KiB pages, anywhere
    .quad   0, 0, 0                 // res2-4
    .long   0x644d5241              // magic "ARM\x64"
    .long   0                       // res5
image_entry:
    adr     x9, stacks_top
    mov     sp, x9
    adr     x4, _head
    bl      image_main
1:  wfi
    b       1b

    .bss
    .balign 16
    .space  4096
stacks_top:
