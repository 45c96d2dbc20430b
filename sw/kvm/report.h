/* The report device between the KVM guest and its VMM (sw/kvm): a page of
 * guest physical address space that no memory slot covers, so every access
 * is an MMIO exit to the VMM. Shared by vmm.c (Linux user space) and the
 * bare-metal guest. */
#pragma once

#define REPORT_BASE 0x0b000000ull
#define REPORT_SIZE 0x1000ull

#define REPORT_PUTC 0x00   /* write: one console character */
#define REPORT_MARK 0x08   /* write: force an exit (the hypervisor folds its list registers) */
#define REPORT_EXIT 0x10   /* write: the guest is done; the value is its exit code */
#define REPORT_VALUE0 0x100 /* write: REPORT_VALUES 64-bit results, indexed below */
#define REPORT_VALUES 8

#define REPORT_PERIODIC 0        /* vtimer interrupts taken in the periodic phase */
#define REPORT_SEED_ROUNDS 1     /* rounds of the seed case */
#define REPORT_SEED_DELIVERED 2  /* of those, rounds whose next edge was delivered */
#define REPORT_SPURIOUS 3        /* spurious acknowledges (INTID 1023) */
