#include "live.h"

#include <stdlib.h>

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    abort();
  return q;
}

static void rebuild(live_list *l) {
  for (size_t i = 1; i <= l->cap; i++)
    l->tree[i] = i <= l->n && l->alive[i - 1];
  for (size_t i = 1; i <= l->cap; i++) {
    size_t j = i + (i & (~i + 1));
    if (j <= l->cap)
      l->tree[j] += l->tree[i];
  }
}

static void resize(live_list *l, size_t cap) {
  l->cap = cap;
  l->id = xrealloc(l->id, cap * sizeof *l->id);
  l->ptr = xrealloc(l->ptr, cap * sizeof *l->ptr);
  l->alive = xrealloc(l->alive, cap * sizeof *l->alive);
  l->tree = xrealloc(l->tree, (cap + 1) * sizeof *l->tree);
}

void live_init(live_list *l) {
  *l = (live_list){0};
  resize(l, 1024);
  rebuild(l);
}

void live_destroy(live_list *l) {
  free(l->id);
  free(l->ptr);
  free(l->alive);
  free(l->tree);
  *l = (live_list){0};
}

void live_append(live_list *l, long long id, long long ptr) {
  if (l->n == l->cap) {
    size_t out = 0; /* squeeze out the dead, keeping the order */
    for (size_t i = 0; i < l->n; i++)
      if (l->alive[i]) {
        l->id[out] = l->id[i];
        l->ptr[out] = l->ptr[i];
        l->alive[out++] = true;
      }
    l->n = out;
    if (2 * out > l->cap)
      resize(l, 2 * l->cap);
    rebuild(l);
  }
  size_t pos = l->n++;
  l->id[pos] = id;
  l->ptr[pos] = ptr;
  l->alive[pos] = true;
  for (size_t i = pos + 1; i <= l->cap; i += i & (~i + 1))
    l->tree[i]++;
  l->nlive++;
}

void live_take(live_list *l, size_t d, long long *id, long long *ptr) {
  size_t pos = 0, k = d + 1, step = 1;
  while (step * 2 <= l->cap)
    step *= 2;
  for (; step; step /= 2)
    if (pos + step <= l->cap && (size_t)l->tree[pos + step] < k) {
      pos += step;
      k -= (size_t)l->tree[pos];
    }
  /* pos is the 0-based position of the d-th live entry */
  *id = l->id[pos];
  *ptr = l->ptr[pos];
  l->alive[pos] = false;
  for (size_t i = pos + 1; i <= l->cap; i += i & (~i + 1))
    l->tree[i]--;
  l->nlive--;
}
