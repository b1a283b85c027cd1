#ifndef _SYS_CDEFS_H
#define _SYS_CDEFS_H
// Included by the POSIX headers. Programs written for Linux cast a thread's void * argument to
// int (OSTEP's threads-cv do); gcc warns of that there, and here it stays a warning under
// -Werror, in POSIX programs only.
#pragma GCC diagnostic warning "-Wpointer-to-int-cast"
#pragma GCC diagnostic warning "-Wint-to-pointer-cast"
#endif
