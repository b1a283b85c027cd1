/* A Python list of integers that only grows at the end: append, x[i] and
 * del x[i] in logarithmic time (a Fenwick tree over insertion slots, the
 * deleted slots squeezed out now and then). The simulators' random
 * workloads draw by index from lists that lose items from the middle
 * (ssd's valid addresses, lfs's existing files); a plain array would make
 * a million draws quadratic. */
#ifndef SIMS_SEQLIST_H
#define SIMS_SEQLIST_H

#include <stdbool.h>

typedef struct {
  long long *value;     /* per slot, in insertion order */
  unsigned char *alive; /* per slot */
  int *tree;            /* Fenwick tree of alive counts, 1-based */
  long long nslots, cap, top_bit;
  long long count; /* len(x) */
} seqlist;

void seqlist_init(seqlist *l);
void seqlist_free(seqlist *l);
/* x.append(v); false when out of memory. */
bool seqlist_append(seqlist *l, long long v);
/* x[i], 0 <= i < count. */
long long seqlist_get(const seqlist *l, long long i);
/* del x[i], 0 <= i < count. */
void seqlist_remove_at(seqlist *l, long long i);

#endif
