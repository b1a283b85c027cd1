#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H
// Open files: what a file descriptor refers to (an inode, a device or a pipe end).
#include "kernel/types.h"

struct inode;
struct pipe;

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

void fileinit(void);
struct file *filealloc(void);
struct file *filedup(struct file *f);
void fileclose(struct file *f);
int fileread(struct file *f, uint64 addr, int n);
int filewrite(struct file *f, uint64 addr, int n);
int filestat(struct file *f, uint64 addr);
#endif
