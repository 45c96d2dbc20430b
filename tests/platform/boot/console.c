// Console input on vp (--serial stdio with a scripted stdin): characters
// typed reach the PL011 receiver and raise its RX interrupt (INTID 33,
// pending at the GIC distributor: GICD_ISPENDR1 bit 1); the firmware echoes
// each line upper-cased until it reads 'q', then exits 0.
#include "boot_test.h"

#define UART_FR 0x18
#define UART_IMSC 0x38
#define UART_CR 0x30
#define FR_RXFE (1u << 4)

void secondary_main(uint64_t context);
void secondary_main(uint64_t context) { (void)context; } // no secondaries here

int main(void);
int main(void) {
    wr(UART + UART_CR, 0x301);          // UARTEN, TXE, RXE
    wr(UART + UART_IMSC, (1u << 4) | (1u << 6)); // RXIM, RTIM
    wr(GICD + 0x104, 1u << 1);          // ISENABLER1: INTID 33
    unsigned pending_seen = 0;
    puts_("echo> ");
    for (;;) {
        while (rd(UART + UART_FR) & FR_RXFE) {}
        if (rd(GICD + 0x204) & (1u << 1)) ++pending_seen; // ISPENDR1: the RX interrupt reached the GIC
        char c = (char)rd(UART);
        if (c == 'q') break;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c == '\r') c = '\n';
        putc_(c);
    }
    puts_(pending_seen ? "\n# RX interrupt pending at the GIC\n" : "\n# RX interrupt never pending\n");
    semihost_exit(pending_seen ? 0 : 1);
    return 0;
}
