// SOLUTION FILE LAB mmap
// File mappings: mmap and munmap, and what fork, exit and exec do with mappings. A mapping
// (struct vma, mem/vm.h) belongs to the address space; its pages come in lazily through the
// memory layer's fault handler, which reads the file with the functions exec.c registers
// (the memory layer cannot call the file system). Pages of a MAP_SHARED mapping that were
// written (their PTE's dirty bit) go back to the file when they are unmapped.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/core/sleeplock.h"
#include "kernel/fs/log.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/fs/fdtable.h"
#include "kernel/sys/mmap.h"

// Held while a mapping is created, written back and removed, or copied by fork: a page that
// is being written back cannot go meanwhile. (Faults do not take it.)
static struct sleeplock mmap_lock;

void mmap_init(void) {
  initsleeplock(&mmap_lock, "mmap");
}

// Write the page at kernel address src back to offset off of f's file, never past its end:
// a mapping does not grow its file. In transactions small enough for the log.
static void write_back(struct file *f, uint64 off, char *src) {
  const uint chunk = (MAXOPBLOCKS - 4) / 2 * BSIZE;
  for (uint done = 0; done < PGSIZE;) {
    begin_op();
    ilock(f->ip);
    uint n = 0;
    if (off + done < f->ip->size) {
      n = f->ip->size - (off + done);
      if (n > chunk)
        n = chunk;
      if (n > PGSIZE - done)
        n = PGSIZE - done;
      writei(f->ip, 0, (uint64)src + done, off + done, n);
    }
    iunlock(f->ip);
    end_op();
    if (n == 0)
      break;
    done += n;
  }
}

// Remove [start, end) of mapping v of the running process, writing back the pages written
// (MAP_SHARED). The range is all of v or one end of it. mmap_lock is held.
static void unmap(struct proc *p, struct vma *v, uint64 start, uint64 end) {
  if ((v->flags & MAP_SHARED) && v->file->writable) {
    char *copy = kalloc(); // the page as it is now; another thread may keep writing
    for (uint64 va = start; copy && va < end; va += PGSIZE) {
      uvm_lock();
      pte_t *pte = walk(p->pagetable, va, 0);
      int dirty = pte && (*pte & PTE_V) && (*pte & PTE_D);
      if (dirty)
        memmove(copy, (char *)PTE2PA(*pte), PGSIZE);
      uvm_unlock();
      if (dirty)
        write_back(v->file, v->offset + (va - v->start), copy);
    }
    if (copy)
      kfree(copy);
  }
  struct file *closed = 0;
  uvm_lock();
  uvmunmap(p->pagetable, start, (end - start) / PGSIZE, 1);
  if (start == v->start && end == v->end) {
    closed = v->file;
    memset(v, 0, sizeof(*v));
  } else if (start == v->start) {
    v->offset += end - start;
    v->start = end;
  } else {
    v->end = start;
  }
  uvm_unlock();
  asid_changed(p->asid, VM_FLUSH_MUNMAP);
  if (closed)
    fileclose(closed);
}

// Where a mapping of len bytes fits: the highest free range below MMAPTOP, or 0.
static uint64 find_room(struct vma *vmas, uint64 len) {
  uint64 end = MMAPTOP;
  for (int moved = 1; moved;) {
    if (end - MMAPBASE < len)
      return 0;
    moved = 0;
    for (int i = 0; i < NVMA; i++) {
      if (vmas[i].end && vmas[i].start < end && end - len < vmas[i].end) {
        end = vmas[i].start;
        moved = 1;
      }
    }
  }
  return end - len;
}

uint64 mmap(uint64 addr, uint64 len, int prot, int flags, struct file *f, uint64 offset) {
  struct proc *p = myproc();
  if (addr != 0 || len == 0 || len > MMAPTOP - MMAPBASE || offset % PGSIZE != 0 ||
      (long)offset < 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 ||
      (flags != MAP_SHARED && flags != MAP_PRIVATE))
    return -1;
  if (f->type != FD_INODE || !f->readable)
    return -1;
  if (flags == MAP_SHARED && (prot & PROT_WRITE) && !f->writable)
    return -1; // its writes could never go back
  len = PGROUNDUP(len);
  struct vma *vmas = proc_vmas(p);
  uint64 start = 0;
  acquiresleep(&mmap_lock);
  uvm_lock();
  for (int i = 0; i < NVMA; i++) {
    if (vmas[i].end == 0) {
      start = find_room(vmas, len);
      if (start)
        vmas[i] = (struct vma){start, start + len, prot, flags, filedup(f), offset};
      break;
    }
  }
  uvm_unlock();
  releasesleep(&mmap_lock);
  return start ? start : -1;
}

int munmap(uint64 addr, uint64 len) {
  struct proc *p = myproc();
  uint64 end = addr + PGROUNDUP(len);
  if (addr % PGSIZE != 0 || len == 0 || end < addr || end > MMAPTOP)
    return -1;
  int r = -1;
  acquiresleep(&mmap_lock);
  uvm_lock();
  struct vma *v = vma_find(proc_vmas(p), addr);
  // One end of a mapping, or all of it: no holes.
  int ok = v && end <= v->end && (addr == v->start || end == v->end);
  uvm_unlock();
  if (ok) {
    unmap(p, v, addr, end);
    r = 0;
  }
  releasesleep(&mmap_lock);
  return r;
}

// Every mapping goes, written back: the process exits or execs.
void mmap_exit(struct proc *p) {
  struct vma *vmas = proc_vmas(p);
  int any = 0;
  for (int i = 0; vmas && i < NVMA; i++)
    any |= vmas[i].end != 0;
  if (!any)
    return; // most processes map nothing: no need to wait for the lock
  acquiresleep(&mmap_lock);
  for (int i = 0; i < NVMA; i++) {
    if (vmas[i].end)
      unmap(p, &vmas[i], vmas[i].start, vmas[i].end);
  }
  releasesleep(&mmap_lock);
}

// A forked child gets the parent's mappings, with the pages already in (shared copy-on-write
// where the kernel does that), and a reference to each file. -1 if out of memory.
int mmap_fork(struct proc *parent, struct proc *child) {
  struct vma *from = proc_vmas(parent), *to = proc_vmas(child);
  int copied = 0, failed = 0;
  acquiresleep(&mmap_lock);
  uvm_lock();
  for (int i = 0; i < NVMA && !failed; i++) {
    if (from[i].end == 0)
      continue;
    if (uvmcopy_range(parent->pagetable, child->pagetable, from[i].start, from[i].end) < 0) {
      failed = 1;
      break;
    }
    to[i] = from[i];
    copied = 1;
    // The child's copies start clean: what the parent wrote is the parent's to write back.
    for (uint64 va = to[i].start; va < to[i].end; va += PGSIZE) {
      pte_t *pte = walk(child->pagetable, va, 0);
      if (pte && (*pte & PTE_V))
        *pte &= ~PTE_D;
    }
  }
  if (failed) {
    for (int i = 0; i < NVMA; i++) {
      if (to[i].end)
        uvmunmap(child->pagetable, to[i].start, (to[i].end - to[i].start) / PGSIZE, 1);
      memset(&to[i], 0, sizeof(to[i]));
    }
  }
  uvm_unlock();
  if (copied)
    asid_changed(parent->asid, VM_FLUSH_COW); // copy-on-write made the parent's pages read-only
  for (int i = 0; i < NVMA && !failed; i++) {
    if (to[i].end)
      filedup(to[i].file);
  }
  releasesleep(&mmap_lock);
  return failed ? -1 : 0;
}
