// malloc and free: a first-fit allocator over a free list kept in address
// order, so that free() can merge a block with both neighbours in one pass.
// Every block starts with a 16-byte header; payloads are 16-byte aligned.
#include "kernel/types.h"
#include "user/user.h"

struct block {
  uint64 size;        // bytes, header included; a multiple of 16
  struct block *next; // next free block at a higher address (free blocks only)
};

#define HEADER   sizeof(struct block)
#define GROW_MIN (64 * 1024) // ask the kernel for at least this much at a time

static struct block *free_list; // lowest free block, or 0

// Threads share the heap: a spin lock (amoswap) around the free list. Its critical sections
// are short and make no system call but sbrk.
static uint heap_locked;
static void heap_lock(void) {
  while (__atomic_exchange_n(&heap_locked, 1, __ATOMIC_ACQUIRE))
    ;
}
static void heap_unlock(void) {
  __atomic_store_n(&heap_locked, 0, __ATOMIC_RELEASE);
}

// Inserts b into the free list, merging it with adjacent free blocks.
static void insert_free(struct block *b) {
  struct block *prev = 0, *cur = free_list;
  while (cur != 0 && cur < b) {
    prev = cur;
    cur = cur->next;
  }
  if (cur != 0 && (char *)b + b->size == (char *)cur) { // merge with the next block
    b->size += cur->size;
    b->next = cur->next;
  } else {
    b->next = cur;
  }
  if (prev != 0 && (char *)prev + prev->size == (char *)b) { // merge into the previous one
    prev->size += b->size;
    prev->next = b->next;
  } else if (prev != 0) {
    prev->next = b;
  } else {
    free_list = b;
  }
}

// Gets at least `need` bytes from the kernel and adds them to the free list.
static int grow(uint64 need) {
  uint64 pad = -(uint64)sbrk(0) & 15; // keep blocks 16-byte aligned
  uint64 amount = need < GROW_MIN ? GROW_MIN : need;
  char *p = sbrk(amount + pad);
  if (p == (char *)-1 && amount > need) { // memory is short: try for just enough
    amount = need;
    p = sbrk(amount + pad);
  }
  if (p == (char *)-1)
    return -1;
  struct block *b = (struct block *)(p + pad);
  b->size = amount;
  insert_free(b);
  return 0;
}

static void *malloc_locked(uint64 nbytes) {
  if (nbytes == 0)
    nbytes = 1;
  if (nbytes > 0x7fffffff) // sbrk takes an int
    return 0;
  uint64 need = (nbytes + HEADER + 15) & ~15UL;
  if (need > 0x7fffffff)
    return 0;
  for (;;) {
    struct block *prev = 0, *cur = free_list;
    for (; cur != 0; prev = cur, cur = cur->next) {
      if (cur->size < need)
        continue;
      struct block *rest;
      if (cur->size - need >= 2 * HEADER) { // split, keeping the tail free
        rest = (struct block *)((char *)cur + need);
        rest->size = cur->size - need;
        rest->next = cur->next;
        cur->size = need;
      } else {
        rest = cur->next;
      }
      if (prev != 0)
        prev->next = rest;
      else
        free_list = rest;
      return (char *)cur + HEADER;
    }
    if (grow(need) < 0)
      return 0;
  }
}

// POSIX's malloc (user/include/stdlib.h): the same allocator with a 64-bit size, so that a
// request of 4 GB fails rather than being cut to its low 32 bits.
void *__posix_malloc(uint64 nbytes) {
  heap_lock();
  void *p = malloc_locked(nbytes);
  heap_unlock();
  return p;
}

void *malloc(uint nbytes) {
  return __posix_malloc(nbytes);
}

void free(void *ptr) {
  if (ptr == 0)
    return;
  heap_lock();
  insert_free((struct block *)((char *)ptr - HEADER));
  heap_unlock();
}

// calloc and realloc, for POSIX programs (user/include/stdlib.h).
void *calloc(uint64 n, uint64 size) {
  if (size != 0 && n > 0x7fffffff / size)
    return 0;
  void *p = __posix_malloc(n * size);
  if (p != 0)
    memset(p, 0, n * size); // a reused block holds old data
  return p;
}

void *realloc(void *ptr, uint64 nbytes) {
  if (ptr == 0)
    return __posix_malloc(nbytes);
  if (nbytes == 0) {
    free(ptr);
    return 0;
  }
  uint64 have = ((struct block *)((char *)ptr - HEADER))->size - HEADER;
  if (nbytes <= have)
    return ptr;
  void *p = __posix_malloc(nbytes);
  if (p == 0)
    return 0; // the old block stays allocated, as the standard says
  memmove(p, ptr, have);
  free(ptr);
  return p;
}
