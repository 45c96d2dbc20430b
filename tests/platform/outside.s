// A valid AArch64 executable linked outside RAM (see outside.ld): vp must
// refuse it with a one-line error and exit code 2.
    .text
    .global _start
_start:
    b _start
