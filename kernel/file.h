#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H
#include "kernel/sleeplock.h"
#include "kernel/fs.h"

// An open file: what a file descriptor refers to.
struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
  int ref; // reference count
  char readable;
  char writable;
  struct pipe *pipe; // FD_PIPE
  struct inode *ip;  // FD_INODE and FD_DEVICE
  uint off;          // FD_INODE
  short major;       // FD_DEVICE
};

#define major(dev)  ((dev) >> 16 & 0xFFFF)
#define minor(dev)  ((dev)&0xFFFF)
#define mkdev(m, n) ((uint)((m) << 16 | (n)))

// In-memory copy of an inode.
struct inode {
  uint dev;              // device number
  uint inum;             // inode number
  int ref;               // reference count
  struct sleeplock lock; // protects everything below here
  int valid;             // inode has been read from disk?

  short type; // copy of disk inode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT + 1];
};

// Device switch: maps a major device number to its read and write functions.
// user_addr is 1 when addr is a user virtual address, 0 for a kernel address.
struct devsw {
  int (*read)(int user_addr, uint64 addr, int n);
  int (*write)(int user_addr, uint64 addr, int n);
};

extern struct devsw devsw[];

#define CONSOLE 1
#endif
