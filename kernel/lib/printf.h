#ifndef KERNEL_LIB_PRINTF_H
#define KERNEL_LIB_PRINTF_H
// Formatted output, panic and backtraces. Output goes to the sink the console registers
// (printf_set_output), so that every layer can print without depending on the devices.
#include "kernel/types.h"

// Understands %d %u %x %p %s %c %%, with l or ll before d, u and x, and xv6's bare %l (a
// uint64 in decimal). It has no format attribute, as in xv6, so that code written for xv6
// (%p of a uint64, say) compiles with -Werror.
int printf(char *fmt, ...);
void panic(char *s) __attribute__((noreturn));
void backtrace(void);
void printfinit(void);
void printf_set_output(void (*putc)(int c));

extern volatile int panicked; // set once a hart panics: other harts stop printing
#endif
