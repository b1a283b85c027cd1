/* The original's list of live pointers in random mode: pointer numbers in
 * the order they were allocated, from which a free takes the d-th. Deleting
 * from the middle keeps the order, as Python's `del L[d]` does, but takes
 * O(log n) here (a Fenwick tree of live positions, compacted as it fills)
 * instead of O(n). */
#ifndef LIVE_H
#define LIVE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  long long *id, *ptr; /* per position: pointer number, its address */
  bool *alive;
  int *tree; /* Fenwick tree over positions 1 .. cap */
  size_t n, cap, nlive;
} live_list;

void live_init(live_list *l);
void live_destroy(live_list *l);
void live_append(live_list *l, long long id, long long ptr);
/* Removes the d-th live entry (0-based, d < nlive), giving its number and
 * address. */
void live_take(live_list *l, size_t d, long long *id, long long *ptr);

#endif
