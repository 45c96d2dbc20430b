// A valid AArch64 executable linked outside RAM (see outside.ld): vp must
// refuse it with a one-line error and exit status 114 (bad input file).
    .text
    .global _start
_start:
    b _start
