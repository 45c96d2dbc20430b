#include "runtime/console.h"

#include <stdint.h>

#include "runtime/mmio.h"
#include "runtime/platform.h"

#define UART_DR 0x00u
#define UART_FR 0x18u
#define UART_FR_TXFF (1u << 5)

void console_putc(char c)
{
    if (c == '\n')
        console_putc('\r');
    /* Bounded poll: a stuck FIFO must not hang the firmware. */
    for (unsigned i = 0; i < 1000000u; ++i)
        if (!(mmio_read32(PL011_BASE + UART_FR) & UART_FR_TXFF))
            break;
    mmio_write32(PL011_BASE + UART_DR, (uint8_t)c);
}

void console_puts(const char *s)
{
    while (*s)
        console_putc(*s++);
}

static int put_number(uint64_t v, unsigned base, int negative, int width, char pad)
{
    char buf[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    int len = n + (negative ? 1 : 0);
    int out = 0;
    if (negative && pad == '0') {
        console_putc('-');
        ++out;
    }
    for (; len < width; ++len, ++out)
        console_putc(pad);
    if (negative && pad != '0') {
        console_putc('-');
        ++out;
    }
    while (n)
        console_putc(buf[--n]), ++out;
    return out;
}

int vprintf(const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; ++fmt) {
        if (*fmt != '%') {
            console_putc(*fmt);
            ++out;
            continue;
        }
        ++fmt;
        char pad = ' ';
        int width = 0;
        int longs = 0;
        if (*fmt == '0') {
            pad = '0';
            ++fmt;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            ++longs;
            ++fmt;
        }
        switch (*fmt) {
        case 'd': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            out += put_number(v < 0 ? (uint64_t)(-v) : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out += put_number(v, *fmt == 'u' ? 10 : 16, 0, width, pad);
            break;
        }
        case 'p':
            console_puts("0x");
            out += 2 + put_number((uint64_t)(uintptr_t)va_arg(ap, void *), 16, 0, width, pad);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = 0;
            while (s[len])
                ++len;
            for (; len < width; ++len, ++out)
                console_putc(' ');
            while (*s)
                console_putc(*s++), ++out;
            break;
        }
        case 'c':
            console_putc((char)va_arg(ap, int));
            ++out;
            break;
        case '%':
            console_putc('%');
            ++out;
            break;
        case '\0':
            return out;
        default:
            console_putc('%');
            console_putc(*fmt);
            out += 2;
            break;
        }
    }
    return out;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
