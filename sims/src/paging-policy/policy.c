/* Page replacement, decision for decision the same as paging-policy.py.
 *
 * Memory is kept as a doubly linked list in the original's list order.
 * Pages get a compact id; each id remembers whether it is resident.
 * RAND and CLOCK pick "the k-th page of the list": a Fenwick tree over
 * insertion slots finds it in O(log n). OPT and UNOPT need the resident page
 * whose next use is furthest (nearest): a heap keyed by (next use, slot),
 * with stale entries dropped lazily, gives it in O(log n). The slot breaks
 * ties the way the original's scan does: OPT keeps the last page of the list
 * among equals, UNOPT the first. */
#include "policy.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const policy_names[] = {
    [PP_FIFO] = "FIFO",   [PP_LRU] = "LRU",   [PP_MRU] = "MRU",     [PP_OPT] = "OPT",
    [PP_UNOPT] = "UNOPT", [PP_RAND] = "RAND", [PP_CLOCK] = "CLOCK",
};

bool pp_policy_from_name(const char *name, pp_policy *out) {
  for (size_t i = 0; i < sizeof policy_names / sizeof policy_names[0]; i++)
    if (strcmp(name, policy_names[i]) == 0) {
      *out = (pp_policy)i;
      return true;
    }
  return false;
}

const char *pp_policy_name(pp_policy policy) {
  return policy_names[policy];
}

typedef struct {
  int key;  /* next use of the page after its last access (nrefs = never) */
  int slot; /* when the page entered memory */
  int page;
} heap_entry;

struct pp_sim {
  pp_policy policy;
  const long long *refs;
  int nrefs, next_ref;
  long long cache_size, clock_bits;
  pyrandom *rng;

  int *page_of_ref; /* compact page id of each reference */
  int *next_use;    /* index of the next reference to the same page */
  long long *page_value;

  /* per page id */
  bool *resident;
  int *prev, *next, *slot, *key;
  long long *clock_ref;
  int head, tail;
  size_t count, hits, misses;

  int *fenwick;   /* RAND, CLOCK: 1 at each slot holding a resident page */
  int *slot_page; /* page id that entered at a slot */
  int fenwick_top;

  heap_entry *heap; /* OPT, UNOPT */
  size_t heap_len;
};

/* ---- page ids ---- */

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/* Numbers the distinct pages in order of first reference. Returns the
 * number of pages, or -1 when out of memory. */
static int number_pages(pp_sim *s) {
  size_t cap = 16;
  while (cap < 2 * (size_t)s->nrefs)
    cap *= 2;
  int *table = malloc(cap * sizeof *table);
  if (!table)
    return -1;
  for (size_t i = 0; i < cap; i++)
    table[i] = -1;
  int npages = 0;
  for (int i = 0; i < s->nrefs; i++) {
    long long v = s->refs[i];
    size_t h = mix((uint64_t)v) & (cap - 1);
    while (table[h] >= 0 && s->page_value[table[h]] != v)
      h = (h + 1) & (cap - 1);
    if (table[h] < 0) {
      table[h] = npages;
      s->page_value[npages++] = v;
    }
    s->page_of_ref[i] = table[h];
  }
  free(table);
  return npages;
}

/* ---- memory list ---- */

static void list_append(pp_sim *s, int p) {
  s->prev[p] = s->tail;
  s->next[p] = -1;
  if (s->tail >= 0)
    s->next[s->tail] = p;
  else
    s->head = p;
  s->tail = p;
}

static void list_unlink(pp_sim *s, int p) {
  if (s->prev[p] >= 0)
    s->next[s->prev[p]] = s->next[p];
  else
    s->head = s->next[p];
  if (s->next[p] >= 0)
    s->prev[s->next[p]] = s->prev[p];
  else
    s->tail = s->prev[p];
}

/* ---- k-th resident page (RAND, CLOCK) ---- */

static void fenwick_add(pp_sim *s, int slot, int delta) {
  for (int i = slot + 1; i <= s->nrefs; i += i & -i)
    s->fenwick[i] += delta;
}

/* Page at 0-based position k of the list (the list is in slot order for
 * these policies, since a hit does not move a page). */
static int fenwick_kth(const pp_sim *s, long long k) {
  int pos = 0;
  for (int step = s->fenwick_top; step > 0; step >>= 1)
    if (pos + step <= s->nrefs && s->fenwick[pos + step] <= k) {
      pos += step;
      k -= s->fenwick[pos];
    }
  return s->slot_page[pos]; /* pos is the 0-based slot */
}

/* ---- furthest / nearest next use (OPT, UNOPT) ---- */

/* Whether a comes out of the heap before b. */
static bool heap_before(const pp_sim *s, heap_entry a, heap_entry b) {
  if (a.key != b.key)
    return s->policy == PP_OPT ? a.key > b.key : a.key < b.key;
  return s->policy == PP_OPT ? a.slot > b.slot : a.slot < b.slot;
}

static void heap_push(pp_sim *s, heap_entry e) {
  size_t i = s->heap_len++;
  while (i > 0 && heap_before(s, e, s->heap[(i - 1) / 2])) {
    s->heap[i] = s->heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  s->heap[i] = e;
}

static void heap_pop(pp_sim *s) {
  heap_entry last = s->heap[--s->heap_len];
  size_t i = 0, n = s->heap_len;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && heap_before(s, s->heap[c + 1], s->heap[c]))
      c++;
    if (!heap_before(s, s->heap[c], last))
      break;
    s->heap[i] = s->heap[c];
    i = c;
  }
  if (n > 0)
    s->heap[i] = last;
}

static bool heap_entry_live(const pp_sim *s, heap_entry e) {
  return s->resident[e.page] && s->slot[e.page] == e.slot && s->key[e.page] == e.key;
}

/* ---- the simulation ---- */

pp_sim *pp_sim_new(pp_policy policy, const long long *refs, size_t nrefs, long long cache_size,
                   long long clock_bits, pyrandom *rng) {
  if (nrefs >= INT_MAX || cache_size < 1)
    return NULL;
  pp_sim *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  int n = (int)nrefs;
  *s = (pp_sim){.policy = policy,
                .refs = refs,
                .nrefs = n,
                .cache_size = cache_size,
                .clock_bits = clock_bits,
                .rng = rng,
                .head = -1,
                .tail = -1};
  size_t m = nrefs + 1;
  s->page_of_ref = malloc(m * sizeof(int));
  s->next_use = malloc(m * sizeof(int));
  s->page_value = malloc(m * sizeof(long long));
  if (!s->page_of_ref || !s->next_use || !s->page_value)
    goto fail;
  int npages = number_pages(s);
  if (npages < 0)
    goto fail;
  size_t np = (size_t)npages + 1;
  s->resident = calloc(np, sizeof(bool));
  s->prev = malloc(np * sizeof(int));
  s->next = malloc(np * sizeof(int));
  s->slot = malloc(np * sizeof(int));
  s->key = malloc(np * sizeof(int));
  s->clock_ref = malloc(np * sizeof(long long));
  if (!s->resident || !s->prev || !s->next || !s->slot || !s->key || !s->clock_ref)
    goto fail;

  if (policy == PP_OPT || policy == PP_UNOPT) {
    /* next_use[i]: the next reference to the same page, scanning back */
    int *last_seen = s->key; /* borrowed as scratch */
    for (int p = 0; p < npages; p++)
      last_seen[p] = n;
    for (int i = n - 1; i >= 0; i--) {
      s->next_use[i] = last_seen[s->page_of_ref[i]];
      last_seen[s->page_of_ref[i]] = i;
    }
    s->heap = malloc(m * sizeof *s->heap);
    if (!s->heap)
      goto fail;
  }
  if (policy == PP_RAND || policy == PP_CLOCK) {
    s->fenwick = calloc(m, sizeof(int));
    s->slot_page = malloc(m * sizeof(int));
    if (!s->fenwick || !s->slot_page)
      goto fail;
    s->fenwick_top = 1;
    while (s->fenwick_top * 2 <= n)
      s->fenwick_top *= 2;
  }
  return s;
fail:
  pp_sim_free(s);
  return NULL;
}

void pp_sim_free(pp_sim *s) {
  if (!s)
    return;
  free(s->page_of_ref);
  free(s->next_use);
  free(s->page_value);
  free(s->resident);
  free(s->prev);
  free(s->next);
  free(s->slot);
  free(s->key);
  free(s->clock_ref);
  free(s->fenwick);
  free(s->slot_page);
  free(s->heap);
  free(s);
}

static void remove_page(pp_sim *s, int p) {
  list_unlink(s, p);
  s->resident[p] = false;
  if (s->fenwick)
    fenwick_add(s, s->slot[p], -1);
}

/* int(random.random() * count): a position in the list. */
static long long random_position(pp_sim *s) {
  return (long long)(pyrandom_random(s->rng) * (double)s->count);
}

/* The page to replace when memory is full. */
static int choose_victim(pp_sim *s) {
  switch (s->policy) {
  case PP_FIFO:
  case PP_LRU: return s->head;
  case PP_MRU: return s->tail;
  case PP_RAND: return fenwick_kth(s, random_position(s));
  case PP_CLOCK:
    /* probe random pages, wearing their counters down, until one is 0 */
    for (;;) {
      int p = fenwick_kth(s, random_position(s));
      if (s->clock_ref[p] < 1)
        return p;
      s->clock_ref[p]--;
    }
  case PP_OPT:
  case PP_UNOPT:
    while (!heap_entry_live(s, s->heap[0]))
      heap_pop(s);
    return s->heap[0].page;
  }
  return s->head;
}

bool pp_sim_step(pp_sim *s, pp_step *out) {
  if (s->next_ref >= s->nrefs)
    return false;
  int i = s->next_ref++;
  int p = s->page_of_ref[i];
  *out = (pp_step){.page = s->refs[i], .hit = s->resident[p]};

  if (out->hit) {
    s->hits++;
    if (s->policy == PP_LRU || s->policy == PP_MRU) {
      list_unlink(s, p);
      list_append(s, p);
    }
    /* counters grow by one per access, up to the clock bits */
    if (s->clock_ref[p] + 1 > s->clock_bits)
      s->clock_ref[p] = s->clock_bits;
    else
      s->clock_ref[p]++;
  } else {
    s->misses++;
    if ((long long)s->count == s->cache_size) {
      int victim = choose_victim(s);
      remove_page(s, victim);
      out->evicted = true;
      out->victim = s->page_value[victim];
    } else {
      s->count++;
    }
    list_append(s, p);
    s->resident[p] = true;
    s->slot[p] = i;
    s->clock_ref[p] = 1; /* a new page starts at 1, whatever the bits */
    if (s->fenwick) {
      s->slot_page[i] = p;
      fenwick_add(s, i, +1);
    }
  }
  if (s->heap) {
    s->key[p] = s->next_use[i];
    heap_push(s, (heap_entry){.key = s->key[p], .slot = s->slot[p], .page = p});
  }
  return true;
}

size_t pp_sim_hits(const pp_sim *s) {
  return s->hits;
}

size_t pp_sim_misses(const pp_sim *s) {
  return s->misses;
}

int pp_sim_first(const pp_sim *s) {
  return s->head;
}

int pp_sim_next(const pp_sim *s, int handle) {
  return s->next[handle];
}

long long pp_sim_page(const pp_sim *s, int handle) {
  return s->page_value[handle];
}

size_t pp_sim_resident(const pp_sim *s) {
  return s->count;
}
