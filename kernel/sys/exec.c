// exec: replace the running process's memory with a program loaded from an ELF file.
// Everything is checked and built in a new page table first; the old image is dropped
// only once nothing can fail any more, so a failed exec returns -1 to the old program.
// With the boot parameter lazyexec=1 exec reads no page of the program: each is read from
// the file when first touched (demand paging), and the address space keeps the file open.

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lib/bootargs.h"
#include "kernel/mem/kalloc.h"
#include "kernel/mem/vm.h"
#include "kernel/core/proc.h"
#include "kernel/core/sleeplock.h"
#include "kernel/fs/log.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/file.h"
#include "kernel/elf.h"
#include "kernel/sys/elfcheck.h"
#include "kernel/sys/exec.h"
// BEGIN LAB mmap
#include "kernel/sys/mmap.h"
// END LAB mmap

static int lazy; // lazyexec=1

// The fault handler's read of a file (the program's, or a mapping's): n bytes at off into
// kernel memory dst. The faulting process may be inside a read or write of this very file
// (its buffer is a page not yet read): then it holds the inode's lock already.
static int file_read(struct file *f, uint64 off, char *dst, int n) {
  int locked = holdingsleep(&f->ip->lock);
  if (!locked)
    ilock(f->ip);
  int r = off >= f->ip->size ? 0 : readi(f->ip, 0, (uint64)dst, off, n);
  if (!locked)
    iunlock(f->ip);
  return r;
}

static void file_hold(struct file *f) {
  filedup(f);
}

static const struct vm_file_ops file_ops = {file_hold, fileclose, file_read};

void exec_init(void) {
  lazy = bootarg_int("lazyexec", 0) != 0;
  vm_set_file_ops(&file_ops);
}

// A child shares its parent's program file, as it shares the pages not yet read from it.
void exec_fork(struct proc *parent, struct proc *child) {
  struct file *f = proc_program(parent);
  if (f)
    proc_set_program(child, filedup(f));
}

void exec_exit(struct proc *p) {
  struct file *f = proc_set_program(p, 0);
  if (f)
    fileclose(f);
}

// Page permissions for a segment with ELF flags: always readable (uvmalloc adds R and U).
static int segment_perm(uint32 flags) {
  int perm = 0;
  if (flags & ELF_PROG_FLAG_EXEC)
    perm |= PTE_X;
  if (flags & ELF_PROG_FLAG_WRITE)
    perm |= PTE_W;
  return perm;
}

// Copy sz bytes at offset off of ip into the pages mapped at page-aligned va in pagetable.
static int loadseg(pagetable_t pagetable, uint64 va, struct inode *ip, uint off, uint sz) {
  for (uint i = 0; i < sz; i += PGSIZE) {
    uint64 pa = walkaddr(pagetable, va + i);
    if (pa == 0)
      panic("loadseg: page not mapped");
    uint n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if (readi(ip, 0, pa, off + i, n) != n)
      return -1;
  }
  return 0;
}

// Read and check the ELF header and program headers of ip (locked). Returns the number of
// program headers read into ph[], or -1 if the file is not an executable we can load.
static int read_headers(struct inode *ip, struct elfhdr *elf, struct proghdr *ph) {
  if (readi(ip, 0, (uint64)elf, 0, sizeof(*elf)) != sizeof(*elf))
    return -1;
  if (!elf_header_ok(elf, ip->size))
    return -1;
  int n = elf->phnum;
  for (int i = 0; i < n; i++) {
    uint off = elf->phoff + i * sizeof(struct proghdr);
    if (readi(ip, 0, (uint64)&ph[i], off, sizeof(ph[i])) != sizeof(ph[i]))
      return -1;
    // Segments end below the user stack's guard page and stack, which go above them.
    if (ph[i].type == ELF_PROG_LOAD &&
        !elf_segment_ok(&ph[i], ip->size, USERTOP - (USERSTACK + 1) * PGSIZE))
      return -1;
  }
  if (elf_segments_overlap(ph, n))
    return -1;
  return n;
}

// Push the argument strings and the argv[] array onto the new user stack, whose top is
// *spp and bottom stackbase. Returns argc, or -1 if they do not fit.
static int push_args(pagetable_t pagetable, char **argv, uint64 *spp, uint64 stackbase,
                     uint64 *argv_addr) {
  uint64 ustack[MAXARG + 1];
  uint64 sp = *spp;
  int argc;
  for (argc = 0; argv[argc]; argc++) {
    if (argc >= MAXARG)
      return -1;
    sp -= strlen(argv[argc]) + 1;
    sp -= sp % 16; // the RISC-V ABI wants sp 16-byte aligned
    if (sp < stackbase)
      return -1;
    if (copyout(pagetable, sp, argv[argc], strlen(argv[argc]) + 1) < 0)
      return -1;
    ustack[argc] = sp;
  }
  ustack[argc] = 0;

  sp -= (argc + 1) * sizeof(uint64);
  sp -= sp % 16;
  if (sp < stackbase)
    return -1;
  if (copyout(pagetable, sp, (char *)ustack, (argc + 1) * sizeof(uint64)) < 0)
    return -1;
  *spp = sp;
  *argv_addr = sp;
  return argc;
}

// Not inlined, and p stays in a0 at its first instruction, so that a debugger's breakpoint
// there sees every exec.
__attribute__((noinline)) void exec_done(struct proc *p) {
  asm volatile("" : : "r"(p) : "memory");
}

int exec(char *path, char **argv) {
  struct proc *p = myproc();
  struct elfhdr elf;
  struct proghdr ph[ELF_MAX_PHNUM];
  pagetable_t pagetable = 0;
  struct file *program = 0; // lazyexec: the file the new image reads its pages from
  uint64 sz = 0;

  // The other threads end first, outside any file-system operation: they close files as
  // they go. So an exec that then fails leaves the process with this one thread.
  if (proc_single() < 0)
    return -1;

  begin_op();
  struct inode *ip = namei(path);
  if (ip == 0) {
    end_op();
    return -1;
  }
  ilock(ip);
  // BEGIN LAB fs
  if ((ip = follow_symlinks(ip)) == 0) {
    end_op();
    return -1;
  }
  // END LAB fs

  int nph = read_headers(ip, &elf, ph);
  if (nph < 0)
    goto bad;

  pagetable = proc_pagetable(p);
  if (pagetable == 0)
    goto bad;
  if (lazy) {
    if ((program = filealloc()) == 0)
      goto bad;
    program->type = FD_INODE;
    program->ip = idup(ip);
    program->readable = 1;
  }

  // Load each segment, mapping everything from 0 (or the end of the previous one) up to it;
  // or, lazily, mark its pages to be read from the file, and leave the gaps to the heap's
  // lazy allocation.
  for (int i = 0; i < nph; i++) {
    if (ph[i].type != ELF_PROG_LOAD || ph[i].memsz == 0)
      continue;
    uint64 end = ph[i].vaddr + ph[i].memsz;
    if (lazy) {
      if (uvm_map_program(pagetable, ph[i].vaddr, ph[i].memsz, ph[i].off, ph[i].filesz,
                          segment_perm(ph[i].flags)) < 0)
        goto bad;
      sz = end > sz ? end : sz;
      continue;
    }
    if (end > sz) {
      uint64 newsz = uvmalloc(pagetable, sz, end, segment_perm(ph[i].flags));
      if (newsz == 0)
        goto bad;
      sz = newsz;
    }
    if (loadseg(pagetable, ph[i].vaddr, ip, ph[i].off, ph[i].filesz) < 0)
      goto bad;
  }
  iunlockput(ip);
  end_op();
  ip = 0;

  // The user stack: USERSTACK pages above an inaccessible guard page.
  sz = PGROUNDUP(sz);
  uint64 newsz = uvmalloc(pagetable, sz, sz + (USERSTACK + 1) * PGSIZE, PTE_W);
  if (newsz == 0)
    goto bad;
  sz = newsz;
  uvmclear(pagetable, sz - (USERSTACK + 1) * PGSIZE);
  uint64 sp = sz;
  uint64 stackbase = sp - USERSTACK * PGSIZE;

  uint64 argv_addr;
  int argc = push_args(pagetable, argv, &sp, stackbase, &argv_addr);
  if (argc < 0)
    goto bad;

  // main(argc, argv): argc is the system call's return value (a0), argv goes in a1.
  p->trapframe->a1 = argv_addr;

  // The program's name for debugging: the last element of the path.
  char *last = path;
  for (char *s = path; *s; s++) {
    if (*s == '/')
      last = s + 1;
  }
  safestrcpy(p->name, last, sizeof(p->name));

  // BEGIN LAB mmap
  mmap_exit(p); // the old image's mappings go, written back, before it does
  // END LAB mmap
  // Commit to the new image.
  pagetable_t oldpagetable = p->pagetable;
  uint64 oldsz = p->sz;
  p->pagetable = pagetable;
  proc_setsize(p, sz);
  p->trapframe->epc = elf.entry;
  p->trapframe->sp = sp;
  proc_freepagetable(oldpagetable, oldsz, p->tfva);
  p->tfva = TRAPFRAME;
  // Same ASID, new mappings: no stale translation of the old image may survive.
  asid_changed(p->asid, VM_FLUSH_EXEC);
  struct file *old_program = proc_set_program(p, program);
  if (old_program)
    fileclose(old_program);
  exec_done(p);
  return argc;

bad:
  if (pagetable)
    proc_freepagetable(pagetable, sz, TRAPFRAME);
  if (ip) {
    iunlockput(ip);
    end_op();
  }
  if (program)
    fileclose(program);
  return -1;
}
