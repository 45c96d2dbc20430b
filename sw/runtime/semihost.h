/* Arm semihosting (HLT #0xF000 in A64): exit with a status code. */
#ifndef VP_SW_SEMIHOST_H
#define VP_SW_SEMIHOST_H

void semihost_write0(const char *s);
__attribute__((noreturn)) void semihost_exit(unsigned code);

#endif
