#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
// POSIX types (user/include: the POSIX world; see README, "The C library for POSIX programs").
#include <stddef.h>

typedef long ssize_t;
typedef int pid_t;
typedef long off_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef long clock_t;
typedef unsigned int mode_t;
#endif
