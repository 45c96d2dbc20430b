/* vmm: a minimal KVM virtual machine monitor for arm64 (issue 15).
 *
 * Runs one bare-metal guest image (raw binary, entered at its first byte at
 * EL1h with the MMU off) in a VM with KVM's in-kernel vGICv2 and one vCPU, so
 * that the guest's virtual timer (PPI 27) reaches it the way the project's
 * mission describes: KVM maps it with a HW=1 list register, pINTID 27.
 *
 * Guest physical map (the guest's own QEMU-virt-like view):
 *   0x0800_0000  GICD (KVM emulates it)      0x0801_0000  GICC (KVM maps GICV here)
 *   0x0b00_0000  report device (MMIO exits, handled here; see report.h)
 *   0x4000_0000  RAM (16 MiB), the image at its start
 *
 * Output (stdout): the guest's console, one "vmm:" line per fact, and the
 * host's "kvm guest vtimer" interrupt count before and after the run.
 * Exit status: the guest's exit code (0 = all its checks passed); 100 + n for
 * a VMM failure (n identifies the step; 113: the host's count does not match
 * the guest's), so the two never collide.
 *
 * Usage: vmm GUEST.bin
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)
#define GICD_BASE 0x08000000ull
#define GICC_BASE 0x08010000ull
#define NR_IRQS 128

static void fail(int step, const char *what)
{
    fprintf(stdout, "vmm: FAILED: %s: %s\n", what, strerror(errno));
    fflush(stdout);
    exit(100 + step);
}

/* Sum of the "kvm guest vtimer" counts over all CPUs in /proc/interrupts
 * (-1 when the line is absent: KVM did not register the vtimer handler). */
static long host_vtimer_count(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    if (!f)
        return -1;
    char line[512];
    long total = -1;
    while (fgets(line, sizeof line, f)) {
        if (!strstr(line, "kvm guest vtimer"))
            continue;
        char *p = strchr(line, ':');
        if (!p)
            continue;
        total = 0;
        for (++p;;) {
            char *end;
            long v = strtol(p, &end, 10);
            if (end == p)
                break;
            total += v;
            p = end;
        }
    }
    fclose(f);
    return total;
}

static void set_reg(int vcpu, uint64_t id, uint64_t value)
{
    struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&value };
    if (ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0)
        fail(8, "KVM_SET_ONE_REG");
}

#define CORE_REG(field) \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, field) / sizeof(uint32_t)))

static void vgic_attr(int dev, uint32_t group, uint64_t attr, void *value, const char *what)
{
    struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uint64_t)(uintptr_t)value };
    if (ioctl(dev, KVM_SET_DEVICE_ATTR, &a) < 0)
        fail(6, what);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s GUEST.bin\n", argv[0]);
        return 100;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        fail(1, "open /dev/kvm");
    if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
        fail(1, "KVM_GET_API_VERSION");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        fail(2, "KVM_CREATE_VM");

    /* Guest RAM and the image at its start. */
    uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED)
        fail(3, "mmap guest RAM");
    int img = open(argv[1], O_RDONLY);
    struct stat st;
    if (img < 0 || fstat(img, &st) < 0)
        fail(3, "open guest image");
    if ((uint64_t)st.st_size > RAM_SIZE / 2) {
        errno = EFBIG;
        fail(3, "guest image larger than 8 MiB");
    }
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = read(img, ram + done, st.st_size - done);
        if (n <= 0)
            fail(3, "read guest image");
        done += n;
    }
    close(img);
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
        .userspace_addr = (uint64_t)(uintptr_t)ram,
    };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        fail(4, "KVM_SET_USER_MEMORY_REGION");

    /* The in-kernel vGICv2: created before the vCPU, initialised after it. */
    struct kvm_create_device gic = { .type = KVM_DEV_TYPE_ARM_VGIC_V2 };
    if (ioctl(vm, KVM_CREATE_DEVICE, &gic) < 0)
        fail(5, "KVM_CREATE_DEVICE (vGICv2)");
    uint64_t dist = GICD_BASE, cpu = GICC_BASE;
    vgic_attr(gic.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, &dist, "vGIC distributor address");
    vgic_attr(gic.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &cpu, "vGIC CPU interface address");

    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        fail(7, "KVM_CREATE_VCPU");
    struct kvm_vcpu_init init;
    if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
        fail(7, "KVM_ARM_PREFERRED_TARGET");
    init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
        fail(7, "KVM_ARM_VCPU_INIT");

    uint32_t nr_irqs = NR_IRQS;
    vgic_attr(gic.fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs, "vGIC number of interrupts");
    vgic_attr(gic.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL, "vGIC init");

    /* KVM_ARM_VCPU_INIT resets PSTATE to EL1h with DAIF masked. */
    set_reg(vcpu, CORE_REG(regs.pc), RAM_BASE);

    long mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (mmap_size <= 0)
        fail(9, "KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED)
        fail(9, "mmap kvm_run");

    long host_before = host_vtimer_count();
    printf("vmm: VM with vGICv2 (GICD 0x%llx, GICC 0x%llx), 1 vCPU, guest %s (%lld bytes)\n",
           (unsigned long long)GICD_BASE, (unsigned long long)GICC_BASE, argv[1], (long long)st.st_size);

    uint64_t values[REPORT_VALUES] = { 0 };
    int exit_code = -1;
    unsigned long exits = 0, mmio_exits = 0;
    while (exit_code < 0) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR)
                continue;
            fail(10, "KVM_RUN");
        }
        ++exits;
        switch (run->exit_reason) {
        case KVM_EXIT_MMIO: {
            ++mmio_exits;
            uint64_t off = run->mmio.phys_addr - REPORT_BASE;
            uint64_t v = 0;
            memcpy(&v, run->mmio.data, run->mmio.len <= 8 ? run->mmio.len : 8);
            if (run->mmio.phys_addr < REPORT_BASE || off >= REPORT_SIZE) {
                printf("vmm: guest accessed unmapped IPA 0x%llx (%s, %u bytes)\n",
                       (unsigned long long)run->mmio.phys_addr, run->mmio.is_write ? "write" : "read",
                       run->mmio.len);
                exit_code = 110;
            } else if (!run->mmio.is_write) {
                memset(run->mmio.data, 0, sizeof run->mmio.data);
            } else if (off == REPORT_PUTC) {
                putchar((int)(v & 0xff));
            } else if (off == REPORT_MARK) {
                /* An exit on purpose: nothing to do, KVM folds the LRs. */
            } else if (off >= REPORT_VALUE0 && off < REPORT_VALUE0 + 8 * REPORT_VALUES) {
                values[(off - REPORT_VALUE0) / 8] = v;
            } else if (off == REPORT_EXIT) {
                exit_code = (int)(v & 0xff);
            }
            break;
        }
        case KVM_EXIT_SYSTEM_EVENT:
            printf("vmm: guest system event %u (PSCI)\n", run->system_event.type);
            exit_code = 111;
            break;
        case KVM_EXIT_INTR:
            break;
        default:
            printf("vmm: unexpected exit reason %u\n", run->exit_reason);
            exit_code = 112;
            break;
        }
    }
    long host_after = host_vtimer_count();
    fflush(stdout);

    printf("vmm: guest exit code %d after %lu exits (%lu MMIO)\n", exit_code, exits, mmio_exits);
    printf("vmm: guest counted %llu periodic vtimer interrupts, %llu/%llu edges after a lowered-and-folded "
           "line (seed case), %llu spurious\n",
           (unsigned long long)values[REPORT_PERIODIC], (unsigned long long)values[REPORT_SEED_DELIVERED],
           (unsigned long long)values[REPORT_SEED_ROUNDS], (unsigned long long)values[REPORT_SPURIOUS]);
    if (host_before < 0 || host_after < 0) {
        printf("vmm: host has no \"kvm guest vtimer\" line in /proc/interrupts\n");
        return exit_code ? exit_code : 113;
    }
    /* The guest busy-waits while its timer runs, so every expiry is a
     * physical PPI 27 taken by the host while the vCPU runs: one per periodic
     * tick, and two per seed round (the masked expiry, then the next edge). */
    long expected = (long)(values[REPORT_PERIODIC] + values[REPORT_SEED_ROUNDS] + values[REPORT_SEED_DELIVERED]);
    long delta = host_after - host_before;
    printf("vmm: host \"kvm guest vtimer\" interrupts: %ld before, %ld after (+%ld, guest's count implies +%ld): %s\n",
           host_before, host_after, delta, expected, delta == expected ? "match" : "MISMATCH");
    if (exit_code == 0 && delta != expected)
        return 113;
    return exit_code;
}
