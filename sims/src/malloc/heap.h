/* The free-list allocator of the book's chapter "Free-Space Management", as
 * the original simulates it: one free list of (address, size) chunks kept
 * in one of five orders, searched best-, worst- or first-fit, split on
 * allocation, optionally coalesced (by one pass over the list in its order)
 * on every free. Allocated blocks are remembered by address. */
#ifndef HEAP_H
#define HEAP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { HEAP_BEST, HEAP_WORST, HEAP_FIRST } heap_policy;

typedef enum {
  HEAP_ADDRSORT,      /* by address */
  HEAP_SIZESORT_UP,   /* SIZESORT+: by size, smallest first */
  HEAP_SIZESORT_DOWN, /* SIZESORT-: by size, largest first */
  HEAP_INSERT_FRONT,  /* freed chunks go to the front */
  HEAP_INSERT_BACK,   /* freed chunks go to the back */
} heap_order;

typedef struct {
  long long addr, size;
} heap_chunk;

typedef struct {
  long long size;   /* of the heap */
  long long header; /* bytes of header added to each request */
  long long align;  /* requests round up to a multiple; -1: no alignment */
  heap_policy policy;
  heap_order order;
  bool coalesce;
  heap_chunk *free_list; /* in list order */
  size_t nfree, free_cap;
  /* allocated blocks: an open-addressing table of (address, size) with
   * linear probing; `used` marks the slots that hold one */
  heap_chunk *blocks;
  bool *used;
  size_t nblocks, block_cap; /* block_cap is a power of two */
  heap_chunk *scratch;       /* for the merge sort */
  size_t scratch_cap;
} heap;

/* Parses the original's policy and order names; false when unknown. */
bool heap_policy_parse(const char *name, heap_policy *out);
bool heap_order_parse(const char *name, heap_order *out);

/* A heap of `size` bytes at `start`: one free chunk (whatever its size). */
void heap_init(heap *h, long long size, long long start, long long header, long long align,
               heap_policy policy, heap_order order, bool coalesce);
void heap_destroy(heap *h);

typedef enum {
  HEAP_ALLOCATED,
  HEAP_NO_SPACE,  /* no chunk is large enough: the original returns -1 */
  HEAP_DUPLICATE, /* the block's address is already allocated (a request of
                     0 bytes leaves the chunk where it was): the original
                     fails an assertion */
} heap_alloc_status;

/* Allocates a request of `request` bytes (aligned, plus the header): the
 * block's address in *addr, the number of free-list entries looked at in
 * *searched. */
heap_alloc_status heap_alloc(heap *h, long long request, long long *addr, long long *searched);

/* Frees the block at addr: 0, or -1 when no block is allocated there. */
int heap_free(heap *h, long long addr);

/* Calls fn for every allocated block (in no particular order). */
void heap_each_block(const heap *h, void (*fn)(void *ctx, long long addr, long long size),
                     void *ctx);

#endif
