#include "runtime/tap.h"

#include "runtime/console.h"

static unsigned tap_count;
static unsigned tap_failures;
static unsigned tap_skips;

bool tap_check(bool cond, const char *fmt, ...)
{
    ++tap_count;
    if (!cond)
        ++tap_failures;
    printf("%s %u - ", cond ? "ok" : "not ok", tap_count);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    console_putc('\n');
    return cond;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
    ++tap_count;
    ++tap_skips;
    printf("ok %u - ", tap_count);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(" # SKIP %s\n", reason);
}

void tap_note(const char *fmt, ...)
{
    console_puts("# ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    console_putc('\n');
}

unsigned tap_finish(void)
{
    printf("1..%u\n", tap_count);
    printf("# %u checks, %u failed, %u skipped\n", tap_count, tap_failures, tap_skips);
    return tap_failures;
}

unsigned tap_failed(void) { return tap_failures; }
