/* The TLB model: a set-associative cache of translations, tagged with the
 * virtual page number and the address-space id of the process.
 *
 *   tlb *t = tlb_new(entries, ways, TLB_LRU, rng);
 *   tlb_result r;
 *   tlb_access(t, asid, vpn, &r);     // hit or miss, set, what left
 *   tlb_flush(t);                     // a switch without ASIDs
 *
 * A set is chosen by vpn % sets. A miss fills the lowest free way of its set;
 * in a full set LRU evicts the least recently used entry, FIFO the oldest
 * filled, RAND the way int(ways * random()) (one draw per eviction). */
#ifndef TLB_TLB_H
#define TLB_TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pyrandom.h"

typedef enum { TLB_LRU, TLB_FIFO, TLB_RAND } tlb_policy;

/* "LRU", "FIFO", "RAND" -> policy; false for anything else. */
bool tlb_policy_from_name(const char *name, tlb_policy *out);
const char *tlb_policy_name(tlb_policy p);

typedef struct {
  bool hit;
  long long set;         /* the set the page maps to */
  long long way;         /* the way that holds it now */
  bool evicted;          /* a valid entry was replaced */
  long long victim_vpn;  /* its page, when evicted */
  long long victim_asid; /* its address space, when evicted */
} tlb_result;

typedef struct tlb tlb;

/* entries >= 1, ways in 1..entries and dividing entries. rng is used by RAND
 * only (may be NULL otherwise). NULL when out of memory. */
tlb *tlb_new(long long entries, long long ways, tlb_policy policy, pyrandom *rng);
void tlb_free(tlb *t);
/* Looks up (asid, vpn) and, on a miss, fills it in. vpn >= 0, asid >= 0. */
void tlb_access(tlb *t, long long asid, long long vpn, tlb_result *r);
/* Invalidates every entry; returns how many were valid. */
long long tlb_flush(tlb *t);
long long tlb_sets(const tlb *t);
/* Way w of set s: false when invalid, else its page and address space. */
bool tlb_entry(const tlb *t, long long set, long long way, long long *vpn, long long *asid);

#endif
