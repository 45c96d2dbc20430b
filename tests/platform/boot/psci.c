// PSCI on vp (--cpus 2, secondaries held off, --psci smc): the platform
// answers as QEMU virt's firmware does (DEN0022 PSCI 1.1). CPU 1 starts only
// on CPU_ON, at the given entry with the context id in X0 at EL2, turns itself off with CPU_OFF and can be started again; SYSTEM_OFF
// ends the simulation with exit status 0 (the test forbids the line printed
// if it returned).
#include "boot_test.h"

#define PSCI_VERSION 0x84000000u
#define CPU_OFF 0x84000002u
#define CPU_ON64 0xc4000003u
#define AFFINITY_INFO64 0xc4000004u
#define MIGRATE_INFO_TYPE 0x84000006u
#define SYSTEM_OFF 0x84000008u
#define FEATURES 0x8400000au

static volatile uint64_t seen_context, seen_el, runs;
static volatile uint32_t go_off;

void secondary_entry(void);
void secondary_main(uint64_t context);
void secondary_main(uint64_t context) {
    uint64_t el;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    seen_el = el >> 2;
    seen_context = context;
    runs = runs + 1;
    while (!go_off) {}
    go_off = 0;
    smc(CPU_OFF, 0, 0, 0);
    puts_("not ok - CPU_OFF returned\n");
}

static int64_t wait_affinity(uint64_t want) {
    int64_t s = -1;
    for (unsigned i = 0; i < 1000000u; ++i)
        if ((s = smc(AFFINITY_INFO64, 1, 0, 0)) == (int64_t)want) break;
    return s;
}

int main(void);
int main(void) {
    puts_("1..14\n");
    int64_t r = smc(PSCI_VERSION, 0, 0, 0);
    check(r == 0x10001, "PSCI_VERSION is 1.1", (uint64_t)r);
    r = smc(FEATURES, CPU_ON64, 0, 0);
    check(r == 0, "PSCI_FEATURES: CPU_ON (SMC64) implemented", (uint64_t)r);
    r = smc(FEATURES, 0x8400001fu, 0, 0);
    check(r == -1, "PSCI_FEATURES: an unassigned ID is NOT_SUPPORTED", (uint64_t)r);
    r = smc(MIGRATE_INFO_TYPE, 0, 0, 0);
    check(r == 2, "MIGRATE_INFO_TYPE: no Trusted OS", (uint64_t)r);
    r = smc(AFFINITY_INFO64, 1, 0, 0);
    check(r == 1, "CPU 1 is held OFF until CPU_ON", (uint64_t)r);
    check(runs == 0, "CPU 1 has not run", runs);

    r = smc(CPU_ON64, 1, (uint64_t)&secondary_entry, 0x1234);
    check(r == 0, "CPU_ON CPU 1", (uint64_t)r);
    for (unsigned i = 0; i < 1000000u && runs < 1; ++i) {}
    check(runs == 1 && seen_context == 0x1234, "CPU 1 entered with the context id in X0", seen_context);
    check(seen_el == 2, "CPU 1 started at EL2 (the highest EL)", seen_el);
    r = smc(CPU_ON64, 1, (uint64_t)&secondary_entry, 0);
    check(r == -4, "CPU_ON an on CPU: ALREADY_ON", (uint64_t)r);
    r = smc(CPU_ON64, 7, (uint64_t)&secondary_entry, 0);
    check(r == -2, "CPU_ON a CPU that does not exist: INVALID_PARAMETERS", (uint64_t)r);

    go_off = 1;
    r = wait_affinity(1);
    check(r == 1, "CPU_OFF: AFFINITY_INFO reports CPU 1 OFF", (uint64_t)r);
    r = smc(CPU_ON64, 1, (uint64_t)&secondary_entry, 0x5678);
    for (unsigned i = 0; i < 1000000u && runs < 2; ++i) {}
    check(r == 0 && runs == 2 && seen_context == 0x5678, "CPU 1 powered on again with a new context id",
          seen_context);
    r = smc(AFFINITY_INFO64, 1, 0, 0);
    check(r == 0, "AFFINITY_INFO reports CPU 1 ON", (uint64_t)r);
    puts_(failed ? "# some checks failed\n" : "# all checks passed\n");
    if (failed) semihost_exit(1);
    smc(SYSTEM_OFF, 0, 0, 0);
    puts_("not ok - SYSTEM_OFF returned\n");
    semihost_exit(3);
    return 0;
}
