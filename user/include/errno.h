#ifndef _ERRNO_H
#define _ERRNO_H
// The kernel's system calls return -1 without a reason, so errno is set only by the library
// (strtol's ERANGE, malloc's ENOMEM, ...). One errno for the whole process, threads included.
extern int errno;

#define EPERM     1
#define ENOENT    2
#define ESRCH     3
#define EINTR     4
#define EIO       5
#define E2BIG     7
#define ENOEXEC   8
#define EBADF     9
#define ECHILD    10
#define EAGAIN    11
#define ENOMEM    12
#define EACCES    13
#define EFAULT    14
#define EBUSY     16
#define EEXIST    17
#define ENOTDIR   20
#define EISDIR    21
#define EINVAL    22
#define EMFILE    24
#define ENOSPC    28
#define EPIPE     32
#define EDOM      33
#define ERANGE    34
#define EDEADLK   35
#define ENOSYS    38
#define ETIMEDOUT 110
#endif
