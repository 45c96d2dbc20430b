/* TAP-style checks: "ok N - description" / "not ok N - description";
 * a skipped check prints "ok N - description # SKIP reason". The scenario's
 * exit code is the number of failed checks. */
#ifndef VP_SW_TAP_H
#define VP_SW_TAP_H

#include <stdbool.h>

bool tap_check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A "# ..." diagnostic line. */
void tap_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan and a summary; returns the number of failed checks. */
unsigned tap_finish(void);
unsigned tap_failed(void);

#endif
