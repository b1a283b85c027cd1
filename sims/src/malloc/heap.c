#include "heap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    abort();
  return q;
}

bool heap_policy_parse(const char *name, heap_policy *out) {
  static const char *names[] = {"BEST", "WORST", "FIRST"};
  for (int i = 0; i < 3; i++)
    if (!strcmp(name, names[i])) {
      *out = (heap_policy)i;
      return true;
    }
  return false;
}

bool heap_order_parse(const char *name, heap_order *out) {
  static const char *names[] = {"ADDRSORT", "SIZESORT+", "SIZESORT-", "INSERT-FRONT",
                                "INSERT-BACK"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(name, names[i])) {
      *out = (heap_order)i;
      return true;
    }
  return false;
}

void heap_init(heap *h, long long size, long long start, long long header, long long align,
               heap_policy policy, heap_order order, bool coalesce) {
  *h = (heap){.size = size,
              .header = header,
              .align = align,
              .policy = policy,
              .order = order,
              .coalesce = coalesce};
  h->free_cap = 16;
  h->free_list = xrealloc(NULL, h->free_cap * sizeof *h->free_list);
  h->free_list[h->nfree++] = (heap_chunk){start, size};
  h->block_cap = 16;
  h->blocks = xrealloc(NULL, h->block_cap * sizeof *h->blocks);
  h->used = calloc(h->block_cap, sizeof *h->used);
  if (!h->used)
    abort();
}

void heap_destroy(heap *h) {
  free(h->free_list);
  free(h->blocks);
  free(h->used);
  free(h->scratch);
  *h = (heap){0};
}

/* ---- the table of allocated blocks ---- */

static size_t slot_of(const heap *h, long long addr) {
  uint64_t x = (uint64_t)addr + 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return (size_t)(x ^ (x >> 31)) & (h->block_cap - 1);
}

/* The slot holding addr, or the empty slot where it would go. */
static size_t find_slot(const heap *h, long long addr) {
  size_t i = slot_of(h, addr);
  while (h->used[i] && h->blocks[i].addr != addr)
    i = (i + 1) & (h->block_cap - 1);
  return i;
}

static void put_block(heap *h, long long addr, long long size);

static void grow_blocks(heap *h) {
  heap_chunk *old = h->blocks;
  bool *old_used = h->used;
  size_t old_cap = h->block_cap;
  h->block_cap *= 2;
  h->blocks = xrealloc(NULL, h->block_cap * sizeof *h->blocks);
  h->used = calloc(h->block_cap, sizeof *h->used);
  if (!h->used)
    abort();
  h->nblocks = 0;
  for (size_t i = 0; i < old_cap; i++)
    if (old_used[i])
      put_block(h, old[i].addr, old[i].size);
  free(old);
  free(old_used);
}

static void put_block(heap *h, long long addr, long long size) {
  if (2 * (h->nblocks + 1) > h->block_cap)
    grow_blocks(h);
  size_t i = find_slot(h, addr);
  h->blocks[i] = (heap_chunk){addr, size};
  h->used[i] = true;
  h->nblocks++;
}

/* Removes the block in slot i, shifting later entries of its probe run back
 * so that no lookup needs tombstones. */
static void remove_slot(heap *h, size_t i) {
  size_t mask = h->block_cap - 1;
  h->used[i] = false;
  h->nblocks--;
  for (size_t j = (i + 1) & mask; h->used[j]; j = (j + 1) & mask) {
    size_t home = slot_of(h, h->blocks[j].addr);
    /* j's entry may move to i when i lies cyclically in [home, j) */
    if (((j - home) & mask) >= ((j - i) & mask)) {
      h->blocks[i] = h->blocks[j];
      h->used[i] = true;
      h->used[j] = false;
      i = j;
    }
  }
}

void heap_each_block(const heap *h, void (*fn)(void *ctx, long long addr, long long size),
                     void *ctx) {
  for (size_t i = 0; i < h->block_cap; i++)
    if (h->used[i])
      fn(ctx, h->blocks[i].addr, h->blocks[i].size);
}

/* ---- allocation ---- */

static long long floor_mod(long long a, long long n) {
  long long r = a % n;
  return r < 0 ? r + n : r;
}

heap_alloc_status heap_alloc(heap *h, long long request, long long *addr, long long *searched) {
  long long size = request;
  if (h->align != -1) {
    long long left = floor_mod(size, h->align);
    size += left ? h->align - left : 0;
  }
  size += h->header;

  long long best_size = h->policy == HEAP_BEST ? h->size + 1 : -1;
  size_t best = SIZE_MAX, count = 0;
  for (size_t i = 0; i < h->nfree; i++) {
    long long esize = h->free_list[i].size;
    count++;
    if (esize < size)
      continue;
    if (h->policy == HEAP_FIRST) {
      best = i;
      break;
    }
    if ((h->policy == HEAP_BEST && esize < best_size) ||
        (h->policy == HEAP_WORST && esize > best_size)) {
      best = i;
      best_size = esize;
    }
  }
  *searched = (long long)count;
  if (best == SIZE_MAX)
    return HEAP_NO_SPACE;
  heap_chunk chosen = h->free_list[best];
  if (chosen.size > size) {
    h->free_list[best] = (heap_chunk){chosen.addr + size, chosen.size - size};
  } else {
    memmove(&h->free_list[best], &h->free_list[best + 1],
            (h->nfree - best - 1) * sizeof *h->free_list);
    h->nfree--;
  }
  *addr = chosen.addr;
  if (h->used[find_slot(h, chosen.addr)])
    return HEAP_DUPLICATE;
  put_block(h, chosen.addr, size);
  return HEAP_ALLOCATED;
}

/* ---- freeing ---- */

static long long key_of(const heap *h, heap_chunk c) {
  return h->order == HEAP_ADDRSORT ? c.addr : c.size;
}

/* a comes strictly before b in the list's sort order */
static bool before(const heap *h, heap_chunk a, heap_chunk b) {
  return h->order == HEAP_SIZESORT_DOWN ? key_of(h, a) > key_of(h, b) : key_of(h, a) < key_of(h, b);
}

/* Python's sorted(): a stable merge sort of the whole list. */
static void stable_sort(heap *h) {
  size_t n = h->nfree;
  if (h->scratch_cap < n) {
    h->scratch_cap = n;
    h->scratch = xrealloc(h->scratch, n * sizeof *h->scratch);
  }
  heap_chunk *a = h->free_list, *b = h->scratch;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        b[k++] = before(h, a[j], a[i]) ? a[j++] : a[i++];
      while (i < mid)
        b[k++] = a[i++];
      while (j < hi)
        b[k++] = a[j++];
    }
    heap_chunk *t = a;
    a = b;
    b = t;
  }
  if (a != h->free_list)
    memcpy(h->free_list, a, n * sizeof *a);
}

/* The chunk just appended at the end goes where a stable sort puts it. */
static void sort_in_last(heap *h) {
  size_t n = h->nfree - 1;
  for (size_t i = 1; i < n; i++)
    if (before(h, h->free_list[i], h->free_list[i - 1])) {
      stable_sort(h);
      return;
    }
  /* The rest is sorted: the new chunk goes after every chunk not after it. */
  heap_chunk c = h->free_list[n];
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (before(h, c, h->free_list[mid]))
      hi = mid;
    else
      lo = mid + 1;
  }
  memmove(&h->free_list[lo + 1], &h->free_list[lo], (n - lo) * sizeof c);
  h->free_list[lo] = c;
}

/* One pass over the list in its order, merging each chunk into the one
 * before it when they touch. */
static void coalesce(heap *h) {
  size_t out = 0;
  for (size_t i = 1; i < h->nfree; i++) {
    heap_chunk *cur = &h->free_list[out];
    if (h->free_list[i].addr == cur->addr + cur->size)
      cur->size += h->free_list[i].size;
    else
      h->free_list[++out] = h->free_list[i];
  }
  h->nfree = out + 1;
}

int heap_free(heap *h, long long addr) {
  size_t slot = find_slot(h, addr);
  if (!h->used[slot])
    return -1;
  heap_chunk c = h->blocks[slot];
  if (h->nfree == h->free_cap) {
    h->free_cap *= 2;
    h->free_list = xrealloc(h->free_list, h->free_cap * sizeof *h->free_list);
  }
  if (h->order == HEAP_INSERT_FRONT) {
    memmove(&h->free_list[1], &h->free_list[0], h->nfree * sizeof c);
    h->free_list[0] = c;
    h->nfree++;
  } else {
    h->free_list[h->nfree++] = c;
    if (h->order != HEAP_INSERT_BACK)
      sort_in_last(h);
  }
  if (h->coalesce)
    coalesce(h);
  remove_slot(h, slot);
  return 0;
}
