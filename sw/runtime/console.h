/* PL011 output (DDI 0183: DR at +0x00, FR.TXFF bit 5 at +0x18) and a small
 * printf: %d %u %x %s %c %p %%, with l/ll length, width and zero padding. */
#ifndef VP_SW_CONSOLE_H
#define VP_SW_CONSOLE_H

#include <stdarg.h>

void console_putc(char c);
void console_puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif
