// Open files: the system-wide file table, and reading and writing whatever a file refers to
// (an inode, a device, or one end of a pipe).

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/core/proc.h"
#include "kernel/mem/vm.h"
#include "kernel/dev/devsw.h"
#include "kernel/fs/log.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/fs/pipe.h"

// Read and write functions of each major device number; console.c fills in CONSOLE.

static struct {
  struct spinlock lock;
  struct file file[NFILE];
} ftable;

void fileinit(void) {
  initlock(&ftable.lock, "ftable");
}

// Returns an unused file with one reference, or 0 if the table is full.
struct file *filealloc(void) {
  acquire(&ftable.lock);
  for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
    if (f->ref == 0) {
      f->ref = 1;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

struct file *filedup(struct file *f) {
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("filedup: file not open");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drops a reference; the last one closes what the file refers to.
void fileclose(struct file *f) {
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("fileclose: file not open");
  if (--f->ref > 0) {
    release(&ftable.lock);
    return;
  }
  struct file closing = *f; // the slot is free again once the lock is dropped
  f->ref = 0;
  f->type = FD_NONE;
  release(&ftable.lock);

  if (closing.type == FD_PIPE) {
    pipeclose(closing.pipe, closing.writable);
  } else if (closing.type == FD_INODE || closing.type == FD_DEVICE) {
    begin_op(); // iput may free the inode
    iput(closing.ip);
    end_op();
  }
}

// Copies the file's metadata to the struct stat at user address addr. Returns 0 or -1.
int filestat(struct file *f, uint64 addr) {
  struct stat st;

  if (f->type != FD_INODE && f->type != FD_DEVICE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  if (copyout(myproc()->pagetable, addr, (char *)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

static struct devsw *device_of(struct file *f) {
  if (f->major < 0 || f->major >= NDEV)
    return 0;
  return &devsw[f->major];
}

// Reads up to n bytes into user address addr. Returns the count read, or -1.
int fileread(struct file *f, uint64 addr, int n) {
  if (!f->readable || n < 0)
    return -1;

  if (f->type == FD_PIPE)
    return piperead(f->pipe, addr, n);
  if (f->type == FD_DEVICE) {
    struct devsw *dev = device_of(f);
    if (dev == 0 || dev->read == 0)
      return -1;
    return dev->read(1, addr, n);
  }
  if (f->type == FD_INODE) {
    ilock(f->ip);
    int r = readi(f->ip, 1, addr, f->off, n);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    return r;
  }
  return -1;
}

// Writes n bytes from user address addr. Returns n, or -1 if not all of it could be written.
int filewrite(struct file *f, uint64 addr, int n) {
  if (!f->writable || n < 0)
    return -1;

  if (f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if (f->type == FD_DEVICE) {
    struct devsw *dev = device_of(f);
    if (dev == 0 || dev->write == 0)
      return -1;
    return dev->write(1, addr, n);
  }
  if (f->type != FD_INODE)
    return -1;

  // A write goes to the disk in chunks small enough for one transaction each.
  int max = write_chunk_blocks() * BSIZE;
  int done = 0;
  while (done < n) {
    begin_op();
    ilock(f->ip);
    int room = max - f->off % BSIZE; // up to the chunk's last block boundary
    int chunk = n - done < room ? n - done : room;
    int r = writei(f->ip, 1, addr + done, f->off, chunk);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    end_op();
    if (r != chunk)
      break; // disk full, file too big, or a bad address
    done += r;
  }
  return done == n ? n : -1;
}
