// Instruction-class test snippets (DDI 0487 C4.1). Each snippet computes
// results into registers; the test (instructions_test.cpp) checks them.
#include "snippets.inc"

    .text
    .global _start
_start:
    b .

SNIPPET addsub_imm
    mov x1, #100
    add x2, x1, #5
    sub x3, x1, #200
    add x4, x1, #1, lsl #12
    subs w5, w1, #100
    mrs x6, nzcv
    add x7, sp, #32
    sub sp, sp, #16
    mov x8, sp
    add sp, sp, #16
    cmn x1, #100
    mrs x9, nzcv
END addsub_imm

SNIPPET addsub_flags
    mov x1, #0x7fffffffffffffff
    adds x2, x1, #1
    mrs x3, nzcv
    mov w4, #0
    subs w5, w4, #1
    mrs x6, nzcv
    mov x7, #-1
    adds x8, x7, #1
    mrs x9, nzcv
    mov w10, #0x7fffffff
    adds w11, w10, #1
    mrs x12, nzcv
END addsub_flags

SNIPPET logical_imm
    mov x1, #0x5555555555555555
    and x2, x1, #0xff
    eor x3, x1, #0xaaaaaaaaaaaaaaaa
    orr w4, wzr, #0x3ffc
    ands x5, x1, #0x8000000000000000
    mrs x6, nzcv
    and w7, w1, #0xf0f0f0f0
    orr x8, xzr, #0x0000ffff0000ffff
    mov x9, sp
    orr sp, xzr, #0x40000000
    mov x10, sp
    mov sp, x9
END logical_imm

SNIPPET movewide
    movz x1, #0x1234, lsl #16
    movk x1, #0xabcd
    movk x1, #0xffff, lsl #48
    movn x2, #0
    movn w3, #1
    movz w4, #0xffff, lsl #16
    mov x5, #-2
    movk w6, #0x5678, lsl #16
END movewide

SNIPPET pcrel
    adr x1, pcrel_target
    adrp x2, pcrel_target
END pcrel
    .balign 8
    .global pcrel_target
pcrel_target:
    .quad 0

SNIPPET bitfield
    movz x1, #0xf0f0
    ubfx x2, x1, #4, #8
    sbfx x3, x1, #4, #4
    lsl x4, x1, #8
    lsr w5, w1, #4
    movn x7, #255
    asr x6, x7, #4
    movn x8, #0
    bfi x8, x1, #8, #8
    mov x9, #0
    bfxil x9, x1, #8, #8
    sxtb x10, w1
    uxth w11, w7
    sxtw x12, w7
    sbfiz x13, x1, #4, #8
    ubfiz w14, w1, #24, #8
    asr w15, w7, #31
    lsl w16, w1, #31
END bitfield

SNIPPET extract
    mov x1, #1
    movz x2, #0x8000, lsl #48
    extr x3, x1, x2, #63
    ror x4, x1, #1
    mov x6, #0
    extr w5, w1, w6, #4
    ror w7, w1, #1
END extract

SNIPPET logical_reg
    mov x1, #0xff
    mov x2, #0x0f
    and x3, x1, x2
    bic x4, x1, x2
    orr x5, x1, x2, lsl #8
    orn x6, xzr, x2
    eor x7, x1, x2
    eon w8, w1, w2
    ands x9, x1, x2, lsr #4
    bics x10, x1, x1
    mrs x11, nzcv
    mvn x12, x1
    and x13, x1, x1, ror #4
    mov x14, x1
    eor w15, w1, w1, asr #1
    tst x1, #0x80
    mrs x16, nzcv
END logical_reg

SNIPPET addsub_reg
    mov x1, #10
    mov x2, #3
    add x3, x1, x2, lsl #2
    sub x4, x1, x2, asr #1
    movn x5, #0
    add x6, x1, w5, uxtw
    add x7, x1, w5, sxtw
    add x8, x1, w5, uxtb #2
    sub x9, x1, x5, sxtx
    add x10, sp, x1
    mov x11, sp
    cmp w1, w2, uxtb
    mrs x12, nzcv
    neg x13, x2
    subs x14, x2, x1, lsl #1
    mrs x15, nzcv
    add w16, w5, w1, lsr #1
    sub sp, sp, x1, uxtx #4
    mov x17, sp
    add sp, sp, x1, lsl #4
END addsub_reg

SNIPPET carry
    mov x1, #-1
    adds x2, x1, #1
    adc x3, xzr, xzr
    mov x4, #5
    sbc x5, x4, xzr
    mov x19, #0
    subs xzr, x19, #1
    sbc x6, x4, xzr
    adcs x7, x1, x1
    mrs x8, nzcv
    ngc x9, x4
    sbcs w10, w4, w4
    mrs x11, nzcv
END carry

SNIPPET condsel
    mov x1, #5
    cmp x1, #5
    ccmp x1, #3, #0, eq
    mrs x2, nzcv
    ccmp x1, #7, #0xf, ne
    mrs x3, nzcv
    ccmn x1, #1, #4, eq
    mrs x4, nzcv
    csel x5, x1, xzr, eq
    csinc x6, xzr, xzr, ne
    csinv x7, x1, xzr, ne
    csneg x8, x1, x1, ne
    cset w9, eq
    mov x20, #2
    ccmp x1, x20, #0, eq
    mrs x10, nzcv
    csetm x11, hi
    cinc x12, x1, ls
END condsel

SNIPPET muldiv
    mov x1, #7
    movn x2, #2
    mul x3, x1, x2
    madd x4, x1, x1, x1
    mneg x5, x1, x1
    smull x6, w1, w2
    umull x7, w1, w2
    smulh x8, x2, x2
    umulh x9, x2, x2
    udiv x10, x1, x2
    sdiv x11, x1, x2
    sdiv x12, x1, xzr
    udiv w13, w2, w1
    movz x14, #0x8000, lsl #48
    movn x15, #0
    sdiv x16, x14, x15
    smaddl x17, w1, w2, x1
    umsubl x18, w1, w1, x1
    mul w19, w2, w2
    smsubl x20, w2, w2, xzr
    umaddl x21, w2, w2, xzr
    msub w22, w1, w1, w1
END muldiv

SNIPPET shiftv
    mov x1, #0x80
    mov x2, #68
    lsl x3, x1, x2
    lsr w4, w1, w2
    movn x5, #0xff
    asr x6, x5, x2
    ror x7, x1, x2
    asr w8, w5, w2
    ror w9, w1, w2
END shiftv

SNIPPET bitops
    mov x1, #1
    rbit x2, x1
    rbit w3, w1
    ldr x4, =0x0102030405060708
    rev x5, x4
    rev32 x6, x4
    rev16 x7, x4
    rev w8, w4
    clz x9, x1
    clz x10, xzr
    cls x11, xzr
    movn x12, #0
    cls x13, x12
    clz w14, w1
    cls w15, w1
    rev16 w16, w4
END bitops

SNIPPET branches
    mov x0, #0
    mov x1, #0
    cbz x1, 1f
    orr x0, x0, #1
1:  cbnz x1, 2f
    orr x0, x0, #2
2:  mov x2, #4
    tbz x2, #2, 3f
    orr x0, x0, #4
3:  tbnz x2, #2, 4f
    orr x0, x0, #8
4:  cmp x2, #5
    b.lt 5f
    orr x0, x0, #16
5:  b.ge 6f
    orr x0, x0, #32
6:  bl branch_sub1
    adr x4, branch_sub2
    blr x4
    adr x6, 7f
    br x6
    orr x0, x0, #64
7:  tbnz w2, #31, 8f
    orr x0, x0, #128
8:  movz x7, #1, lsl #32
    cbz w7, 9f
    orr x0, x0, #256
9:  tbnz x7, #32, 10f
    orr x0, x0, #512
10: b 11f
    orr x0, x0, #1024
11:
END branches
branch_sub1:
    mov x3, #7
    ret
branch_sub2:
    mov x5, #9
    ret

SNIPPET loadstore
    adr x1, data_buf
    ldr x2, =0x8877665544332211
    str x2, [x1]
    ldrb w3, [x1]
    ldrsb x4, [x1, #7]
    ldrh w5, [x1, #2]
    ldrsh w6, [x1, #6]
    ldr w7, [x1, #4]
    ldrsw x8, [x1, #4]
    add x10, x1, #16
    ldur x9, [x10, #-16]
    str x2, [x1, #8]!
    ldr x11, [x1], #8
    mov x12, #2
    strh w2, [x1, x12, lsl #1]
    ldrh w13, [x1, x12, lsl #1]
    movn w14, #7
    ldr x15, [x1, w14, sxtw]
    stp x2, x12, [x1, #16]
    ldp x16, x17, [x1, #16]
    ldpsw x18, x19, [x1, #16]
    stp w12, w12, [x1, #-16]!
    ldr x20, [x1]
    ldp w21, w22, [x1], #8
    ldr x23, lit_word
    ldr w24, lit_word
    ldrsw x25, lit_neg
    prfm pldl1keep, [x1]
    sub x26, x1, x12, lsl #2
    strb w12, [x1, #-1]!
    ldurb w27, [x1]
    sturh w2, [x1, #-1]
    ldursh x28, [x1, #-1]
    mov x29, x1
END loadstore
    .balign 8
lit_word:
    .quad 0x1122334455667788
lit_neg:
    .word 0x80000000
    .word 0

SNIPPET exclusive
    adr x1, excl_buf
    mov x2, #5
    str x2, [x1]
    ldxr x3, [x1]
    add x3, x3, #1
    stxr w4, x3, [x1]
    stxr w5, x3, [x1]
    ldaxr w6, [x1]
    clrex
    stlxr w7, w6, [x1]
    ldxp x8, x9, [x1]
    stxp w10, x2, x2, [x1]
    ldar x11, [x1]
    stlr x3, [x1]
    ldr x12, [x1]
    ldarb w13, [x1]
    ldxrh w14, [x1]
    stxrh w15, w2, [x1]
    ldrh w16, [x1]
END exclusive

SNIPPET sysregs_el2
    mrs x1, CurrentEL
    mrs x2, id_aa64pfr0_el1
    mrs x3, midr_el1
    msr tpidr_el2, x1
    mrs x4, tpidr_el2
    mrs x5, mpidr_el1
    msr spsel, #0
    mrs x6, spsel
    msr spsel, #1
    mrs x7, daif
    msr daifclr, #2
    mrs x8, daif
    msr daifset, #2
    mrs x9, ctr_el0
    mrs x10, dczid_el0
    mrs x11, s3_0_c0_c3_7
    mov x12, #0x5
    msr vbar_el2, x12
    mrs x13, vbar_el2
    msr vbar_el2, xzr
    mrs x14, id_aa64mmfr0_el1
    mrs x15, pmcr_el0
    mrs x16, oslsr_el1
END sysregs_el2

SNIPPET hints
    adr x1, data_buf
    dc civac, x1
    dc cvau, x1
    ic iallu
    ic ivau, x1
    tlbi vmalle1
    tlbi alle2
    tlbi vae1, x1
    dsb sy
    isb
    dmb ish
    nop
    yield
    sev
    sevl
    wfe
    at s1e1r, x1
    mrs x2, par_el1
END hints

SNIPPET selfmod
    mov x3, #0
2:  adr x1, 1f
1:  mov x0, #1
    add x3, x3, #1
    cmp x3, #2
    b.eq 3f
    ldr w2, =0xd2800040
    str w2, [x1]
    b 2b
3:
END selfmod

// A store rewrites the instruction right after it in the same block, the
// second time into a branch out of the loop: the block must stop after the
// store and the new word decode as a branch (x3 = 1, x0 = 1).
SNIPPET selfmod_block
    mov x0, #0
    mov x3, #0
    adr x1, 1f
    ldr w2, =0xd2800020     // mov x0, #1: the instruction at 1 as assembled
2:  str w2, [x1]
1:  mov x0, #1
    adr x4, 3f
    sub x4, x4, x1
    lsr x4, x4, #2
    movz w2, #0x1400, lsl #16
    orr w2, w2, w4          // b 3f
    add x3, x3, #1
    cmp x3, #5
    b.ne 2b
    mov x0, #9
3:
END selfmod_block

// Straight-line code with device accesses and a bus error in the middle.
SNIPPET block_counts
    movz x1, #0x0900, lsl #16
    add x5, x5, #1
    ldr w2, [x1, #0x10]
    add x5, x5, #1
    str w5, [x1, #0x20]
    add x5, x5, #1
    movz x6, #0x0800, lsl #16   // nothing there: a bus error
    ldr w7, [x6]
    add x5, x5, #1
END block_counts

    .arch armv8-a+crc
SNIPPET crc
    ldr x1, =0x3837363534333231
    mov w2, #0x39
    mov w0, #-1
    crc32x w0, w0, x1
    crc32b w0, w0, w2
    mvn w0, w0
    mov w3, #-1
    crc32cx w3, w3, x1
    crc32cb w3, w3, w2
    mvn w3, w3
    mov w4, #-1
    crc32w w4, w4, w1
    lsr x5, x1, #32
    crc32w w4, w4, w5
    crc32b w4, w4, w2
    mvn w4, w4
    mov w6, #-1
    crc32ch w6, w6, w1
    lsr x7, x1, #16
    crc32ch w6, w6, w7
    lsr x7, x1, #32
    crc32cw w6, w6, w7
    crc32cb w6, w6, w2
    mvn w6, w6
END crc

SNIPPET device
    movz x1, #0x0900, lsl #16
    ldr w2, [x1, #0x10]
    mov x3, #0x55
    str w3, [x1, #0x20]
    ldrb w4, [x1, #0x31]
END device

    .data
    .balign 16
data_buf:
    .fill 256, 1, 0
    .balign 16
excl_buf:
    .fill 32, 1, 0
