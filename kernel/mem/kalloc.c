// Physical page allocator: free lists of the 4096-byte pages between the end of the kernel
// image and PHYSTOP. Pages are for user memory, page tables, kernel stacks and pipes.

#include "kernel/types.h"
#include "kernel/arch/riscv.h"
#include "kernel/arch/memlayout.h"
#include "kernel/arch/cpu.h"
#include "kernel/param.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "kernel/lib/bootargs.h"
#include "kernel/mem/kalloc.h"

extern char end[]; // first address after the kernel image, from kernel.ld

struct free_page {
  struct free_page *next;
};

struct free_list {
  struct spinlock lock;
  struct free_page *head;
  uint64 npages; // pages on this list
};

// BEGIN LAB lock
// One free list per hart: a hart allocates from and frees to its own list, so harts wait
// for each other only when one runs dry and takes pages from another's list.
#define NFREE_LISTS NCPU
// STUB LAB lock
// #define NFREE_LISTS 1 // one list, under one lock, for every hart
// END LAB lock

static struct free_list lists[NFREE_LISTS];

// The list this hart allocates from and frees to. Interrupts are off (push_off), so that
// the process cannot move to another hart meanwhile.
static struct free_list *my_list(void) {
  // BEGIN LAB lock
  return &lists[cpuid()];
  // STUB LAB lock
  // return &lists[0];
  // END LAB lock
}

static void push_page(struct free_list *l, struct free_page *fp) {
  fp->next = l->head;
  l->head = fp;
  l->npages++;
}

static struct free_page *pop_page(struct free_list *l) {
  struct free_page *fp = l->head;
  if (fp) {
    l->head = fp->next;
    l->npages--;
  }
  return fp;
}

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
  push_off();
  struct free_list *own = my_list();
  acquire(&own->lock);
  push_page(own, pa);
  release(&own->lock);
  pop_off();
}

// BEGIN LAB lock
#define STEAL_BATCH 32 // pages taken at once, so that a hart that ran dry steals rarely

// This hart's list is empty: take up to STEAL_BATCH pages from the first other list that
// has any, return one and put the rest on this hart's list. Only one list lock is held at
// a time, so two harts stealing from each other cannot deadlock. 0 when every list is empty.
static struct free_page *steal(struct free_list *own) {
  for (int i = 0; i < NFREE_LISTS; i++) {
    struct free_list *victim = &lists[i];
    if (victim == own)
      continue;
    acquire(&victim->lock);
    struct free_page *taken = victim->head, *last = 0;
    int n = 0;
    for (struct free_page *fp = taken; fp && n < STEAL_BATCH; fp = fp->next, n++)
      last = fp;
    if (n > 0) {
      victim->head = last->next;
      victim->npages -= n;
    }
    release(&victim->lock);
    if (n == 0)
      continue;
    if (n > 1) {
      acquire(&own->lock);
      last->next = own->head;
      own->head = taken->next;
      own->npages += n - 1;
      release(&own->lock);
    }
    return taken;
  }
  return 0;
}
// END LAB lock

// BEGIN LAB pgtbl
// Superpages: 2 MB of aligned memory each. kinit keeps every whole aligned 2 MB of free
// memory on this list; kalloc splits one into 4 KB pages when its hart's list runs dry, and
// superalloc gathers one back from 512 free 4 KB pages when this list is empty. Lock order:
// the free lists' locks, in index order, before this one.
static struct {
  struct spinlock lock;
  struct free_page *head;
  uint64 count;
} supers;

#define SUPER_PAGES (SUPERPGSIZE / PGSIZE)
#define NSUPER      ((PHYSTOP - KERNBASE) / SUPERPGSIZE)

static void push_super(void *pa) {
  acquire(&supers.lock);
  struct free_page *fp = pa;
  fp->next = supers.head;
  supers.head = fp;
  supers.count++;
  release(&supers.lock);
}

static void *pop_super(void) {
  acquire(&supers.lock);
  struct free_page *fp = supers.head;
  if (fp) {
    supers.head = fp->next;
    supers.count--;
  }
  release(&supers.lock);
  return fp;
}

// Put the 512 pages of one superpage on list l, whose lock is held. 0 if there is none.
static int split_super(struct free_list *l) {
  char *sp = pop_super();
  if (sp == 0)
    return 0;
  for (int i = 0; i < SUPER_PAGES; i++)
    push_page(l, (struct free_page *)(sp + i * PGSIZE));
  return 1;
}

// Find an aligned 2 MB whose 4 KB pages are all free, on any lists, and take them off the
// lists: one pass to count, one to unlink. Every list's lock is held. 0 if there is none.
static void *gather_super(void) {
  static uint16 free_in[NSUPER];
  memset(free_in, 0, sizeof(free_in));
  for (int i = 0; i < NFREE_LISTS; i++) {
    for (struct free_page *fp = lists[i].head; fp; fp = fp->next)
      free_in[((uint64)fp - KERNBASE) / SUPERPGSIZE]++;
  }
  int whole = 0;
  while (whole < NSUPER && free_in[whole] != SUPER_PAGES)
    whole++;
  if (whole == NSUPER)
    return 0;
  for (int i = 0; i < NFREE_LISTS; i++) {
    for (struct free_page **link = &lists[i].head; *link;) {
      if (((uint64)*link - KERNBASE) / SUPERPGSIZE == whole) {
        *link = (*link)->next;
        lists[i].npages--;
      } else {
        link = &(*link)->next;
      }
    }
  }
  return (void *)(KERNBASE + (uint64)whole * SUPERPGSIZE);
}

// 2 MB of aligned physical memory, or 0 when there is none.
void *superalloc(void) {
  void *sp = pop_super();
  if (sp)
    return sp;
  for (int i = 0; i < NFREE_LISTS; i++)
    acquire(&lists[i].lock);
  sp = gather_super();
  for (int i = NFREE_LISTS - 1; i >= 0; i--)
    release(&lists[i].lock);
  return sp;
}

void superfree(void *pa) {
  if ((uint64)pa % SUPERPGSIZE != 0 || (char *)pa < end || (uint64)pa >= PHYSTOP)
    panic("superfree: bad physical address");
  memset(pa, 0x5a, SUPERPGSIZE);
  push_super(pa);
}
// END LAB pgtbl

void kinit(void) {
  // Every hart's lock has the same name, so the lock statistics count them as one.
  for (int i = 0; i < NFREE_LISTS; i++)
    initlock(&lists[i].lock, "kalloc");
  // BEGIN LAB pgtbl
  initlock(&supers.lock, "ksuper");
  // END LAB pgtbl
  // BEGIN LAB cow
  initlock(&refs.lock, "kref");
  // END LAB cow
  // Boot parameter freepages=N hands out only N pages, so that tests can run the machine short
  // of memory (swapping, the out-of-memory killer); the rest of RAM stays unused.
  char *top = (char *)PHYSTOP;
  uint64 limit = bootarg_int("freepages", 0);
  if (limit > 0 && PGROUNDUP((uint64)end) + limit * PGSIZE < PHYSTOP) {
    top = (char *)PGROUNDUP((uint64)end) + limit * PGSIZE;
    printf("kalloc: %d free pages (boot parameter freepages)\n", (int)limit);
  }
  // No junk fill here: writing all of RAM would slow down booting a lot under QEMU. Every
  // page starts on the booting hart's list; the others take what they need from it.
  for (char *p = (char *)PGROUNDUP((uint64)end); p + PGSIZE <= top; p += PGSIZE) {
    // BEGIN LAB pgtbl
    if ((uint64)p % SUPERPGSIZE == 0 && p + SUPERPGSIZE <= top) {
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
  push_off();
  struct free_list *own = my_list();
  acquire(&own->lock);
  // BEGIN LAB pgtbl
  if (own->head == 0)
    split_super(own);
  // END LAB pgtbl
  struct free_page *fp = pop_page(own);
  release(&own->lock);
  // BEGIN LAB lock
  if (fp == 0)
    fp = steal(own);
  // END LAB lock
  pop_off();
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

// Every list's lock is held while counting, so that pages moving onto a list (from the
// pgtbl lab's superpages) are counted exactly once. (A batch that one hart is stealing from another is on no list for a
// moment, and not counted then.)
uint64 kfreemem(void) {
  uint64 n = 0;
  for (int i = 0; i < NFREE_LISTS; i++) {
    acquire(&lists[i].lock);
    n += lists[i].npages;
  }
  // BEGIN LAB pgtbl
  acquire(&supers.lock);
  n += supers.count * SUPER_PAGES;
  release(&supers.lock);
  // END LAB pgtbl
  for (int i = NFREE_LISTS - 1; i >= 0; i--)
    release(&lists[i].lock);
  return n * PGSIZE;
}
