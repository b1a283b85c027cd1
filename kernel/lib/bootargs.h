#ifndef KERNEL_LIB_BOOTARGS_H
#define KERNEL_LIB_BOOTARGS_H
// Boot parameters: the words of QEMU's -append "..." (the device tree's /chosen/bootargs),
// such as "asids=4". make qemu BOOTARGS="..." passes them.
#include "kernel/types.h"

void bootargs_init(void);   // hart 0, before the device tree is overwritten
const char *bootargs(void); // all of them ("" if none)
uint64 bootarg_int(const char *name, uint64 absent); // the number after name=, or absent
#endif
