#include "tlb.h"

#include <stdlib.h>
#include <string.h>

/* Slots are numbered set * ways + way. Each set keeps its valid slots in a
 * doubly linked list, oldest (FIFO) or least recently used (LRU) first; a
 * hash table maps (asid, vpn) to its slot, so a lookup costs O(1) whatever
 * the associativity. */
struct tlb {
  long long entries, ways, sets;
  tlb_policy policy;
  pyrandom *rng;
  long long *vpn, *asid; /* per slot */
  int64_t *prev, *next;  /* per slot: the set's order list */
  int64_t *head, *tail;  /* per set */
  long long *used;       /* per set: valid ways (always ways 0..used-1) */
  int64_t *filled;       /* slots made valid since the last flush */
  long long nfilled;
  uint64_t *keys; /* hash table, linear probing; key 0 = empty */
  int64_t *vals;
  uint64_t mask;
};

bool tlb_policy_from_name(const char *name, tlb_policy *out) {
  if (!strcmp(name, "LRU"))
    *out = TLB_LRU;
  else if (!strcmp(name, "FIFO"))
    *out = TLB_FIFO;
  else if (!strcmp(name, "RAND"))
    *out = TLB_RAND;
  else
    return false;
  return true;
}

const char *tlb_policy_name(tlb_policy p) {
  return p == TLB_LRU ? "LRU" : p == TLB_FIFO ? "FIFO" : "RAND";
}

/* A non-zero key for (asid, vpn): both are below 2^31 and 2^48 in practice,
 * mixed so that neighbouring pages spread over the table. */
static uint64_t key_of(long long asid, long long vpn) {
  return ((uint64_t)vpn << 16 ^ (uint64_t)asid) + 1;
}

static uint64_t hash_of(uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key;
}

static int64_t map_find(const tlb *t, uint64_t key) {
  for (uint64_t i = hash_of(key) & t->mask;; i = (i + 1) & t->mask) {
    if (t->keys[i] == key)
      return t->vals[i];
    if (t->keys[i] == 0)
      return -1;
  }
}

static void map_put(tlb *t, uint64_t key, int64_t slot) {
  uint64_t i = hash_of(key) & t->mask;
  while (t->keys[i] != 0)
    i = (i + 1) & t->mask;
  t->keys[i] = key;
  t->vals[i] = slot;
}

/* Removal with backward shift, so no tombstones pile up. */
static void map_remove(tlb *t, uint64_t key) {
  uint64_t i = hash_of(key) & t->mask;
  while (t->keys[i] != key)
    i = (i + 1) & t->mask;
  for (uint64_t j = i;;) {
    j = (j + 1) & t->mask;
    if (t->keys[j] == 0)
      break;
    uint64_t home = hash_of(t->keys[j]) & t->mask;
    /* j's entry may move to i when its home is not within (i, j] */
    bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!stays) {
      t->keys[i] = t->keys[j];
      t->vals[i] = t->vals[j];
      i = j;
    }
  }
  t->keys[i] = 0;
}

tlb *tlb_new(long long entries, long long ways, tlb_policy policy, pyrandom *rng) {
  tlb *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->entries = entries;
  t->ways = ways;
  t->sets = entries / ways;
  t->policy = policy;
  t->rng = rng;
  size_t n = (size_t)entries, s = (size_t)t->sets;
  uint64_t cap = 16;
  while (cap < 2 * (uint64_t)entries)
    cap *= 2;
  t->mask = cap - 1;
  t->vpn = malloc(n * sizeof *t->vpn);
  t->asid = malloc(n * sizeof *t->asid);
  t->prev = malloc(n * sizeof *t->prev);
  t->next = malloc(n * sizeof *t->next);
  t->filled = malloc(n * sizeof *t->filled);
  t->head = malloc(s * sizeof *t->head);
  t->tail = malloc(s * sizeof *t->tail);
  t->used = calloc(s, sizeof *t->used);
  t->keys = calloc(cap, sizeof *t->keys);
  t->vals = malloc(cap * sizeof *t->vals);
  if (!t->vpn || !t->asid || !t->prev || !t->next || !t->filled || !t->head || !t->tail ||
      !t->used || !t->keys || !t->vals) {
    tlb_free(t);
    return NULL;
  }
  for (size_t i = 0; i < s; i++)
    t->head[i] = t->tail[i] = -1;
  return t;
}

void tlb_free(tlb *t) {
  if (!t)
    return;
  free(t->vpn);
  free(t->asid);
  free(t->prev);
  free(t->next);
  free(t->filled);
  free(t->head);
  free(t->tail);
  free(t->used);
  free(t->keys);
  free(t->vals);
  free(t);
}

static void list_unlink(tlb *t, long long set, int64_t slot) {
  if (t->prev[slot] >= 0)
    t->next[t->prev[slot]] = t->next[slot];
  else
    t->head[set] = t->next[slot];
  if (t->next[slot] >= 0)
    t->prev[t->next[slot]] = t->prev[slot];
  else
    t->tail[set] = t->prev[slot];
}

static void list_append(tlb *t, long long set, int64_t slot) {
  t->prev[slot] = t->tail[set];
  t->next[slot] = -1;
  if (t->tail[set] >= 0)
    t->next[t->tail[set]] = slot;
  else
    t->head[set] = slot;
  t->tail[set] = slot;
}

void tlb_access(tlb *t, long long asid, long long vpn, tlb_result *r) {
  long long set = vpn % t->sets;
  uint64_t key = key_of(asid, vpn);
  int64_t slot = map_find(t, key);
  r->set = set;
  r->evicted = false;
  r->victim_vpn = r->victim_asid = -1;
  if (slot >= 0) {
    r->hit = true;
    r->way = slot - set * t->ways;
    if (t->policy == TLB_LRU) {
      list_unlink(t, set, slot);
      list_append(t, set, slot);
    }
    return;
  }
  r->hit = false;
  if (t->used[set] < t->ways) {
    slot = set * t->ways + t->used[set]++;
    t->filled[t->nfilled++] = slot;
  } else {
    if (t->policy == TLB_RAND)
      slot = set * t->ways + (int64_t)((double)t->ways * pyrandom_random(t->rng));
    else
      slot = t->head[set];
    r->evicted = true;
    r->victim_vpn = t->vpn[slot];
    r->victim_asid = t->asid[slot];
    map_remove(t, key_of(t->asid[slot], t->vpn[slot]));
    list_unlink(t, set, slot);
  }
  t->vpn[slot] = vpn;
  t->asid[slot] = asid;
  map_put(t, key, slot);
  list_append(t, set, slot);
  r->way = slot - set * t->ways;
}

long long tlb_flush(tlb *t) {
  long long n = t->nfilled;
  for (long long i = 0; i < n; i++) {
    int64_t slot = t->filled[i];
    long long set = slot / t->ways;
    map_remove(t, key_of(t->asid[slot], t->vpn[slot]));
    t->used[set] = 0;
    t->head[set] = t->tail[set] = -1;
  }
  t->nfilled = 0;
  return n;
}

long long tlb_sets(const tlb *t) {
  return t->sets;
}

bool tlb_entry(const tlb *t, long long set, long long way, long long *vpn, long long *asid) {
  if (way >= t->used[set])
    return false;
  int64_t slot = set * t->ways + way;
  *vpn = t->vpn[slot];
  *asid = t->asid[slot];
  return true;
}
