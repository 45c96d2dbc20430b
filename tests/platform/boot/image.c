// vp --kernel with a raw arm64 Image (booting.rst): placed at a 2 MiB
// aligned RAM base + text_offset (0x40080000), X0 = the DTB's address (8-byte
// aligned, FDT magic), X1-X3 = 0, EL2 with the MMU off and DAIF masked; the
// DTB's /chosen carries --append and the --initrd, which is in RAM at
// min(RAM/2, 128 MiB) from its start. Ends with PSCI SYSTEM_OFF (exit 0).
#include "boot_test.h"

static uint32_t be32(const volatile uint8_t* p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static int contains(const volatile uint8_t* blob, uint32_t size, const char* s) {
    unsigned n = 0;
    while (s[n]) ++n;
    for (uint32_t i = 0; i + n <= size; ++i) {
        unsigned k = 0;
        while (k < n && blob[i + k] == (uint8_t)s[k]) ++k;
        if (k == n) return 1;
    }
    return 0;
}

void image_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t load);
void image_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t load) {
    puts_("1..9\n");
    check(load == 0x40080000, "loaded at the 2 MiB aligned RAM base + text_offset", load);
    const volatile uint8_t* dtb = (const volatile uint8_t*)x0;
    check(x0 >= 0x40000000 && (x0 & 7) == 0 && be32(dtb) == 0xd00dfeed, "X0 is an 8-byte aligned DTB", x0);
    check(x1 == 0 && x2 == 0 && x3 == 0, "X1-X3 are zero", x1 | x2 | x3);
    uint64_t el, sctlr, daif;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    __asm__ volatile("mrs %0, sctlr_el2" : "=r"(sctlr));
    __asm__ volatile("mrs %0, daif" : "=r"(daif));
    check((el >> 2) == 2, "entered at EL2", el >> 2);
    check((sctlr & 1) == 0, "MMU off (SCTLR_EL2.M = 0)", sctlr);
    check(daif == 0x3c0, "DAIF masked", daif);
    const uint32_t size = be32(dtb + 4);
    check(contains(dtb, size, "vp-image-test root=/dev/ram"), "/chosen bootargs from --append", size);
    check(contains(dtb, size, "linux,initrd-start") && contains(dtb, size, "linux,initrd-end"),
          "/chosen names the initrd", size);
    const volatile uint8_t* rd = (const volatile uint8_t*)0x44000000ul;
    check(contains(rd, 16, "vp-initrd"), "the initrd is in RAM at min(RAM/2, 128 MiB)", be32(rd));
    puts_(failed ? "# some checks failed\n" : "# all checks passed\n");
    if (failed) semihost_exit(1);
    smc(0x84000008u, 0, 0, 0); // SYSTEM_OFF
    puts_("not ok - SYSTEM_OFF returned\n");
}
