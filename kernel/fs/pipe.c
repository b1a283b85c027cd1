// Pipes: a PIPESIZE-byte ring buffer between a read end and a write end.
// Readers wait while it is empty, writers while it is full; closing one end wakes the other.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/kstats.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/condvar.h"
#include "kernel/core/proc.h"
#include "kernel/fs/file.h"
#include "kernel/fs/pipe.h"

#define PIPESIZE 512

struct pipe {
  struct spinlock lock;
  struct condvar readable; // data arrived, or the write end closed
  struct condvar writable; // room appeared, or the read end closed
  char data[PIPESIZE];
  uint nread;  // bytes read so far
  uint nwrite; // bytes written so far; nwrite - nread are buffered (even
               // after wrapping around, as PIPESIZE divides 2^32)
  int read_open;
  int write_open;
};

_Static_assert(sizeof(struct pipe) <= 4096, "a pipe must fit in one page");

// Makes a pipe and a file for each end: *f0 reads, *f1 writes. Returns 0, or -1 if out of
// files or memory.
int pipealloc(struct file **f0, struct file **f1) {
  struct pipe *pi = 0;

  *f0 = filealloc();
  *f1 = filealloc();
  if (*f0 == 0 || *f1 == 0 || (pi = (struct pipe *)kalloc()) == 0)
    goto fail;

  initlock(&pi->lock, "pipe");
  cv_init(&pi->readable, "pipe_read");
  cv_init(&pi->writable, "pipe_write");
  pi->nread = 0;
  pi->nwrite = 0;
  pi->read_open = 1;
  pi->write_open = 1;

  (*f0)->type = FD_PIPE;
  (*f0)->readable = 1;
  (*f0)->writable = 0;
  (*f0)->pipe = pi;
  (*f1)->type = FD_PIPE;
  (*f1)->readable = 0;
  (*f1)->writable = 1;
  (*f1)->pipe = pi;
  KSTAT_INC(pipes);
  return 0;

fail:
  if (*f0)
    fileclose(*f0);
  if (*f1)
    fileclose(*f1);
  *f0 = *f1 = 0;
  return -1;
}

// Closes one end; the pipe is freed when both are closed.
void pipeclose(struct pipe *pi, int writable) {
  acquire(&pi->lock);
  if (writable) {
    pi->write_open = 0;
    cv_broadcast(&pi->readable); // readers see end of file
  } else {
    pi->read_open = 0;
    cv_broadcast(&pi->writable); // writers fail
  }
  int unused = !pi->read_open && !pi->write_open;
  release(&pi->lock);
  if (unused)
    kfree((char *)pi);
}

// Writes n bytes from user address addr, waiting for room as needed. Returns the number of
// bytes written; -1 if none could be, because the read end is closed, the caller was killed,
// or addr is bad.
int pipewrite(struct pipe *pi, uint64 addr, int n) {
  struct proc *p = myproc();
  int done = 0;

  uvm_prefault(p->pagetable, addr, n, 0); // the copies happen under the pipe's spinlock
  acquire(&pi->lock);
  while (done < n) {
    if (!pi->read_open || killed(p)) {
      done = -1;
      break;
    }
    uint buffered = pi->nwrite - pi->nread;
    if (buffered == PIPESIZE) {
      cv_broadcast(&pi->readable);
      cv_wait(&pi->writable, &pi->lock);
      continue;
    }
    // Copy as much as fits before the end of the ring.
    uint pos = pi->nwrite % PIPESIZE;
    uint m = n - done;
    if (m > PIPESIZE - buffered)
      m = PIPESIZE - buffered;
    if (m > PIPESIZE - pos)
      m = PIPESIZE - pos;
    if (copyin(p->pagetable, &pi->data[pos], addr + done, m) < 0) {
      if (done == 0)
        done = -1;
      break;
    }
    pi->nwrite += m;
    done += m;
    KSTAT_ADD(pipe_bytes, m);
  }
  cv_broadcast(&pi->readable);
  release(&pi->lock);
  return done;
}

// Reads up to n bytes into user address addr, waiting while the pipe is empty and the write
// end open. Returns the number of bytes read (0 at end of file), or -1 if killed or addr is bad.
int piperead(struct pipe *pi, uint64 addr, int n) {
  struct proc *p = myproc();

  uvm_prefault(p->pagetable, addr, n, 1); // the copies happen under the pipe's spinlock
  acquire(&pi->lock);
  while (pi->nread == pi->nwrite && pi->write_open) {
    if (killed(p)) {
      release(&pi->lock);
      return -1;
    }
    cv_wait(&pi->readable, &pi->lock);
  }

  int done = 0;
  while (done < n && pi->nread != pi->nwrite) {
    uint pos = pi->nread % PIPESIZE;
    uint m = n - done;
    if (m > pi->nwrite - pi->nread)
      m = pi->nwrite - pi->nread;
    if (m > PIPESIZE - pos)
      m = PIPESIZE - pos;
    if (copyout(p->pagetable, addr + done, &pi->data[pos], m) < 0) {
      if (done == 0)
        done = -1;
      break;
    }
    pi->nread += m;
    done += m;
  }
  cv_broadcast(&pi->writable);
  release(&pi->lock);
  return done;
}
