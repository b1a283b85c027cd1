#ifndef _FCNTL_H
#define _FCNTL_H
// open's flags, as the kernel numbers them (kernel/fcntl.h). A mode argument is ignored:
// the file system has no permissions.
#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREAT  0x200
#define O_TRUNC  0x400

int open(const char *, int, ...);
#endif
