#ifndef KERNEL_DEV_DEVSW_H
#define KERNEL_DEV_DEVSW_H
// The device switch: the read and write functions of each major device number. Drivers fill
// it in; the file layer calls through it for device files.
#include "kernel/types.h"
#include "kernel/param.h"

// user_addr is 1 when addr is a user virtual address, 0 for a kernel address.
struct devsw {
  int (*read)(int user_addr, uint64 addr, int n);
  int (*write)(int user_addr, uint64 addr, int n);
};

extern struct devsw devsw[NDEV];

#define CONSOLE 1 // the console's major number
#endif
