// vp --bios: the image runs from flash bank 0 at address 0 with the DTB at
// the start of RAM (QEMU -bios); both 64 MiB flash banks read as erased
// flash (all ones) outside the image, and ignore writes. Ends with PSCI
// SYSTEM_OFF (exit 0).
#include "boot_test.h"

static const uint32_t marker = 0x5a5aa5a5; // in the image, so in flash

void bios_main(void);
void bios_main(void) {
    puts_("1..7\n");
    const volatile uint32_t* m = &marker;
    check((uint64_t)m < 0x04000000 && *m == 0x5a5aa5a5, "the image is in flash bank 0", (uint64_t)m);
    const uint32_t magic = rd(0x40000000);
    check(magic == 0xedfe0dd0, "a DTB at the start of RAM (FDT magic d00dfeed)", magic);
    check(rd(0x03fffffc) == 0xffffffffu, "bank 0 beyond the image reads erased", rd(0x03fffffc));
    check(rd(0x04000000) == 0xffffffffu, "bank 1 (0x04000000) reads erased", rd(0x04000000));
    check(rd(0x07fffffc) == 0xffffffffu, "last word of bank 1 reads erased", rd(0x07fffffc));
    wr(0x04000000, 0);
    check(rd(0x04000000) == 0xffffffffu, "a write to flash is ignored", rd(0x04000000));
    const uint32_t code = rd(0x100); // (not address 0: a null pointer to the compiler)
    wr(0x100, ~code);
    check(rd(0x100) == code, "the image cannot be overwritten", rd(0x100));
    puts_(failed ? "# some checks failed\n" : "# all checks passed\n");
    if (failed) semihost_exit(1);
    smc(0x84000008u, 0, 0, 0); // SYSTEM_OFF
    puts_("not ok - SYSTEM_OFF returned\n");
}
