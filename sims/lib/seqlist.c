/* See seqlist.h. */
#include "seqlist.h"

#include <stdlib.h>
#include <string.h>

void seqlist_init(seqlist *l) {
  memset(l, 0, sizeof *l);
}

void seqlist_free(seqlist *l) {
  free(l->value);
  free(l->alive);
  free(l->tree);
  memset(l, 0, sizeof *l);
}

/* Moves the live items to the first slots, in order, in arrays with room
 * for as many again. */
static bool compact(seqlist *l) {
  long long cap = 2 * l->count + 64;
  long long *value = malloc((size_t)cap * sizeof *value);
  unsigned char *alive = calloc((size_t)cap, 1);
  int *tree = calloc((size_t)cap + 1, sizeof *tree);
  if (!value || !alive || !tree) {
    free(value);
    free(alive);
    free(tree);
    return false;
  }
  long long n = 0;
  for (long long i = 0; i < l->nslots; i++)
    if (l->alive[i]) {
      value[n] = l->value[i];
      alive[n++] = 1;
    }
  for (long long i = 1; i <= cap; i++) { /* linear-time build */
    tree[i] += alive[i - 1];
    long long parent = i + (i & -i);
    if (parent <= cap)
      tree[parent] += tree[i];
  }
  free(l->value);
  free(l->alive);
  free(l->tree);
  l->value = value;
  l->alive = alive;
  l->tree = tree;
  l->cap = cap;
  l->nslots = n;
  l->top_bit = 1;
  while (l->top_bit * 2 <= cap)
    l->top_bit *= 2;
  return true;
}

static void tree_add(seqlist *l, long long slot, int delta) {
  for (long long i = slot + 1; i <= l->cap; i += i & -i)
    l->tree[i] += delta;
}

bool seqlist_append(seqlist *l, long long v) {
  if (l->nslots == l->cap && !compact(l))
    return false;
  l->value[l->nslots] = v;
  l->alive[l->nslots] = 1;
  tree_add(l, l->nslots, 1);
  l->nslots++;
  l->count++;
  return true;
}

/* The slot of item i: the first slot whose alive prefix count is i + 1. */
static long long slot_of(const seqlist *l, long long i) {
  long long pos = 0, want = i + 1;
  for (long long step = l->top_bit; step > 0; step /= 2)
    if (pos + step <= l->cap && l->tree[pos + step] < want) {
      pos += step;
      want -= l->tree[pos];
    }
  return pos;
}

long long seqlist_get(const seqlist *l, long long i) {
  return l->value[slot_of(l, i)];
}

void seqlist_remove_at(seqlist *l, long long i) {
  long long slot = slot_of(l, i);
  l->alive[slot] = 0;
  tree_add(l, slot, -1);
  l->count--;
}
