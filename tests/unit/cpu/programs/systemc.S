// Programs for the SystemC-level tests of aarch64_cpu (systemc_test.cpp).
// The test's device is at 0x09000000: offset 0x00 drives its interrupt line
// (write 1/0), every access is time-stamped by the test.
    .equ DEV, 0x09000000

.macro EXIT code
    adr x1, exit_block
    mov x2, #\code
    str x2, [x1, #8]
    mov x0, #0x18
    hlt #0xf000
.endm

.macro SETUP_EL2_IRQ
    adr x0, vectors
    msr vbar_el2, x0
    movz x0, #0x8000, lsl #16           // HCR_EL2.RW
    orr x0, x0, #0x10                   // HCR_EL2.IMO: IRQs to EL2
    msr hcr_el2, x0
    movz x1, #0x0900, lsl #16
.endm

// PMU event counter 0 counts `event` at EL2 from `start` (a 32-bit value)
// with its overflow interrupt enabled and IRQs unmasked; counting starts
// after the PMCR_EL0 write, the macro's last instruction.
.macro PMU_COUNTER0_OVERFLOW event, start
    mov x0, #\event
    orr x0, x0, #(1 << 27)              // NSH: EL2 counts
    msr pmevtyper0_el0, x0
    mov w0, #\start                     // W writes zero-extend
    msr pmevcntr0_el0, x0
    mov x0, #1
    msr pmintenset_el1, x0
    msr pmcntenset_el0, x0
    msr daifclr, #2
    msr pmcr_el0, x0                    // E: counting starts after this write
.endm

    .text
    .global _start
_start:
    b .

// A device access lands at its exact simulated time: 1 instruction = 1 ns.
    .global t_device_time
t_device_time:
    movz x1, #0x0900, lsl #16   // 1
    nop                         // 2
    nop                         // 3
    ldr w2, [x1, #0x10]         // 4: accessed at 4 ns
    .rept 96
    nop
    .endr
    str w2, [x1, #0x20]         // 101: accessed at 101 ns
    EXIT 0

// A line raised by a device write is taken before the next instruction.
    .global t_device_irq
t_device_irq:
    SETUP_EL2_IRQ
    msr daifclr, #2
    mov x0, #1
    str w0, [x1]                // raises the device line
    .global t_device_irq_after
t_device_irq_after:
    mov x5, #1                  // must not execute before the IRQ
    EXIT 98

// A timer system-register write (two delta hops to irq) is taken before
// the next instruction.
    .global t_timer_irq
t_timer_irq:
    SETUP_EL2_IRQ
    msr daifclr, #2
    .rept 20
    nop
    .endr
    mov x0, #1
    msr cntv_ctl_el0, x0        // the stub timer raises its line
    .global t_timer_irq_after
t_timer_irq_after:
    mov x5, #1
    EXIT 98

// The PMU overflow interrupt: event counter 0 counts INST_RETIRED from
// 2^32 - 10; the tenth instruction after the PMCR_EL0 write overflows it and
// the request (cpu->pmu_irq, ORed into irq by the stub GIC) is taken before
// the eleventh.
    .global t_pmu_irq
t_pmu_irq:
    SETUP_EL2_IRQ
    PMU_COUNTER0_OVERFLOW 0x08, 0xfffffff6 // INST_RETIRED from 2^32 - 10
    .rept 10
    nop
    .endr
    .global t_pmu_irq_after
t_pmu_irq_after:
    mov x5, #1                          // must not execute before the IRQ
    .rept 10
    nop
    .endr
    EXIT 98

// The same for MEM_ACCESS: counter 0 counts data memory operations from
// 2^32 - 3; the third memory instruction after the PMCR_EL0 write (an LDP:
// one operation) overflows it, and the request is taken before the next
// instruction. Nothing planned a stop there (the CPU stops ahead only for
// instruction counters): the access itself raises the request.
    .global t_pmu_mem_irq
t_pmu_mem_irq:
    SETUP_EL2_IRQ
    adr x2, pmu_mem_data
    PMU_COUNTER0_OVERFLOW 0x13, 0xfffffffd // MEM_ACCESS from 2^32 - 3
    nop
    ldr x3, [x2]                        // 2^32 - 2
    add x3, x3, #1
    str x3, [x2, #8]                    // 2^32 - 1
    nop
    ldp x3, x4, [x2]                    // 0: overflow
    .global t_pmu_mem_irq_after
t_pmu_mem_irq_after:
    mov x5, #1                          // must not execute before the IRQ
    .rept 10
    nop
    .endr
    EXIT 98

// WFI with IRQ masked sleeps until the line rises (masked or not), then
// continues; the device read time-stamps the wake-up.
    .global t_wfi
t_wfi:
    movz x1, #0x0900, lsl #16
    wfi
    ldr w2, [x1, #0x10]
    EXIT 3

// WFI with a wake-up event already there (the line is high, IRQ masked):
// it completes at once, at its own time; the device read time-stamps it.
    .global t_wfi_pending
t_wfi_pending:
    movz x1, #0x0900, lsl #16
    .rept 20
    nop
    .endr
    wfi
    ldr w2, [x1, #0x10]
    EXIT 4

// Pure computation: an external line change is seen by the end of the
// quantum at the latest.
    .global t_spin
t_spin:
    SETUP_EL2_IRQ
    msr daifclr, #2
    mov x5, #0
1:  add x5, x5, #1
    b 1b

// Drop to EL1 and exit from there.
    .global t_el1
t_el1:
    movz x0, #0x8000, lsl #16
    msr hcr_el2, x0
    mov x0, #0x3c5              // EL1h, DAIF masked
    msr spsr_el2, x0
    adr x0, 1f
    msr elr_el2, x0
    eret
1:  mrs x3, CurrentEL
    EXIT 5

// Exit code through SYS_EXIT's parameter block.
    .global t_exit
t_exit:
    EXIT 42

    .balign 2048
vectors:
    .balign 0x80
    EXIT 99                     // 0x000 sync, current EL, SP0
    .balign 0x80
    EXIT 97                     // 0x080 irq, SP0
    .balign 0x80
    EXIT 96
    .balign 0x80
    EXIT 96
    .balign 0x80
    EXIT 99                     // 0x200 sync, current EL, SPx
    .balign 0x80
    mrs x10, elr_el2            // 0x280 IRQ, current EL, SPx
    movz x1, #0x0900, lsl #16
    ldr w12, [x1, #0x100]       // time-stamp the handler
    EXIT 0
    .balign 0x80
    EXIT 96
    .balign 0x80
    EXIT 96
    .balign 0x80
    EXIT 99                     // 0x400 sync, lower EL
    .balign 0x80
    EXIT 95

    .data
    .balign 16
exit_block:
    .quad 0x20026
    .quad 0
pmu_mem_data:
    .quad 0, 0
