// What the POSIX library's files share: the xv6 system calls they are built on, which the
// POSIX headers do not declare (a program in the POSIX world has other names for them).
#ifndef USER_LIBC_LIBC_H
#define USER_LIBC_LIBC_H
#include <stdarg.h>
#include <stddef.h>

int exec(const char *, char **);
int uptime(void);
int pause(int ticks);
int kill(int pid);
int yield(void);

// The formatting engine under printf and snprintf (stdio.c): to fd when buf is 0, else into
// buf; returns the length the whole output has.
int __format(int fd, char *buf, size_t size, const char *fmt, va_list ap);

#endif
