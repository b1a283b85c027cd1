// Physical page allocator: a free list of the 4096-byte pages between the end of the
// kernel image and PHYSTOP. Pages are for user memory, page tables, kernel stacks and pipes.

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/mem/kalloc.h"

extern char end[]; // first address after the kernel image, from kernel.ld

struct free_page {
  struct free_page *next;
};

static struct {
  struct spinlock lock;
  struct free_page *head;
  uint64 npages; // pages on the free list
} pool;

// BEGIN LAB cow
// How many page tables map each page: fork shares pages copy-on-write, and a shared page is
// freed only when the last one lets go. kalloc starts a page at 1, kfree drops one.
static struct {
  struct spinlock lock;
  uint16 count[(PHYSTOP - KERNBASE) / PGSIZE];
} refs;

static uint16 *ref_of(void *pa) {
  return &refs.count[((uint64)pa - KERNBASE) / PGSIZE];
}

// One more reference to page pa; 0, or -1 if the count would overflow (then copy instead).
int kref_inc(void *pa) {
  acquire(&refs.lock);
  int ok = *ref_of(pa) < 0xffff;
  if (ok)
    (*ref_of(pa))++;
  release(&refs.lock);
  return ok ? 0 : -1;
}

int kref_count(void *pa) {
  acquire(&refs.lock);
  int n = *ref_of(pa);
  release(&refs.lock);
  return n;
}
// END LAB cow

static void free_page(void *pa) {
  struct free_page *fp = pa;
  acquire(&pool.lock);
  fp->next = pool.head;
  pool.head = fp;
  pool.npages++;
  release(&pool.lock);
}

// BEGIN LAB pgtbl
// Superpages: 2 MB of aligned memory each. kinit keeps every whole aligned 2 MB of free
// memory on this list; kalloc splits one into 4 KB pages when its own list runs dry, and
// superalloc gathers one back from 512 free 4 KB pages when this list is empty.
static struct {
  struct free_page *head; // under pool.lock
  uint64 count;
} supers;

#define SUPER_PAGES (SUPERPGSIZE / PGSIZE)
#define NSUPER      ((PHYSTOP - KERNBASE) / SUPERPGSIZE)

static void push_super(void *pa) {
  struct free_page *fp = pa;
  fp->next = supers.head;
  supers.head = fp;
  supers.count++;
}

// Put the 512 pages of one superpage on the 4 KB list. pool.lock is held.
static void split_super(void) {
  char *sp = (char *)supers.head;
  supers.head = supers.head->next;
  supers.count--;
  for (int i = 0; i < SUPER_PAGES; i++) {
    struct free_page *fp = (struct free_page *)(sp + i * PGSIZE);
    fp->next = pool.head;
    pool.head = fp;
  }
  pool.npages += SUPER_PAGES;
}

// Find an aligned 2 MB whose 4 KB pages are all free, take them off the 4 KB list and make
// them a superpage again. One pass to count, one to unlink. pool.lock is held.
static void gather_super(void) {
  static uint16 free_in[NSUPER];
  memset(free_in, 0, sizeof(free_in));
  for (struct free_page *fp = pool.head; fp; fp = fp->next)
    free_in[((uint64)fp - KERNBASE) / SUPERPGSIZE]++;
  int whole = 0;
  while (whole < NSUPER && free_in[whole] != SUPER_PAGES)
    whole++;
  if (whole == NSUPER)
    return;
  for (struct free_page **link = &pool.head; *link;) {
    if (((uint64)*link - KERNBASE) / SUPERPGSIZE == whole)
      *link = (*link)->next;
    else
      link = &(*link)->next;
  }
  pool.npages -= SUPER_PAGES;
  push_super((void *)(KERNBASE + (uint64)whole * SUPERPGSIZE));
}

// 2 MB of aligned physical memory, or 0 when there is none.
void *superalloc(void) {
  acquire(&pool.lock);
  if (supers.head == 0)
    gather_super();
  struct free_page *fp = supers.head;
  if (fp) {
    supers.head = fp->next;
    supers.count--;
  }
  release(&pool.lock);
  return fp;
}

void superfree(void *pa) {
  if ((uint64)pa % SUPERPGSIZE != 0 || (char *)pa < end || (uint64)pa >= PHYSTOP)
    panic("superfree: bad physical address");
  memset(pa, 0x5a, SUPERPGSIZE);
  acquire(&pool.lock);
  push_super(pa);
  release(&pool.lock);
}
// END LAB pgtbl

void kinit(void) {
  initlock(&pool.lock, "kalloc");
  // BEGIN LAB cow
  initlock(&refs.lock, "kref");
  // END LAB cow
  // No junk fill here: writing all of RAM would slow down booting a lot under QEMU.
  for (char *p = (char *)PGROUNDUP((uint64)end); p + PGSIZE <= (char *)PHYSTOP; p += PGSIZE) {
    // BEGIN LAB pgtbl
    if ((uint64)p % SUPERPGSIZE == 0 && p + SUPERPGSIZE <= (char *)PHYSTOP) {
      push_super(p);
      p += SUPERPGSIZE - PGSIZE;
      continue;
    }
    // END LAB pgtbl
    free_page(p);
  }
}

// Return page pa (from kalloc) to the pool.
void kfree(void *pa) {
  if ((uint64)pa % PGSIZE != 0 || (char *)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree: bad physical address");
  // BEGIN LAB cow
  acquire(&refs.lock);
  if (*ref_of(pa) == 0)
    panic("kfree: page not allocated");
  int left = --*ref_of(pa);
  release(&refs.lock);
  if (left > 0)
    return; // still shared
  // END LAB cow
  // Junk the contents so that a use after free shows up quickly.
  memset(pa, 0x5a, PGSIZE);
  free_page(pa);
}

// One page of physical memory, or 0 when none is left.
void *kalloc(void) {
  acquire(&pool.lock);
  // BEGIN LAB pgtbl
  if (pool.head == 0 && supers.head)
    split_super();
  // END LAB pgtbl
  struct free_page *fp = pool.head;
  if (fp) {
    pool.head = fp->next;
    pool.npages--;
  }
  release(&pool.lock);
  if (fp)
    memset(fp, 0xa5, PGSIZE); // junk: callers must initialise what they use
  // BEGIN LAB cow
  if (fp) {
    acquire(&refs.lock);
    *ref_of(fp) = 1;
    release(&refs.lock);
  }
  // END LAB cow
  return fp;
}

uint64 kfreemem(void) {
  acquire(&pool.lock);
  uint64 n = pool.npages;
  // BEGIN LAB pgtbl
  n += supers.count * SUPER_PAGES;
  // END LAB pgtbl
  release(&pool.lock);
  return n * PGSIZE;
}
