// Kept at xv6's path for programs written for xv6 (its init.c takes CONSOLE from here):
// open files, inodes and the device switch.
#include "kernel/fs/file.h"
#include "kernel/fs/inode.h"
#include "kernel/dev/devsw.h"
