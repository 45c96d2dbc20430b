// A valid AArch64 executable in RAM; linked with `-e 0x20000000`, an entry
// point where nothing is mapped (issue 16): vp reports an exception loop.
    .text
    .global _start
_start:
    b _start
