#ifndef KERNEL_STAT_H
#define KERNEL_STAT_H
#include "kernel/types.h"
#define T_DIR     1 // directory
#define T_FILE    2 // file
#define T_DEVICE  3 // device
#define T_SYMLINK 4 // symbolic link: its content is the path it names

struct stat {
  int dev;     // file system's disk device
  uint ino;    // inode number
  short type;  // type of file
  short nlink; // number of links to file
  uint64 size; // size of file in bytes
};
#endif
