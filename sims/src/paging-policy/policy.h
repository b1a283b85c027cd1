/* Page replacement on a reference string: FIFO, LRU, MRU, OPT, UNOPT, RAND
 * and CLOCK, deciding exactly as OSTEP's paging-policy.py does, including
 * its tie-breaks and its random draws, but in O(log n) per reference. */
#ifndef PAGING_POLICY_H
#define PAGING_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

typedef enum { PP_FIFO, PP_LRU, PP_MRU, PP_OPT, PP_UNOPT, PP_RAND, PP_CLOCK } pp_policy;

/* Policy by its exact (case-sensitive) name; false if unknown. */
bool pp_policy_from_name(const char *name, pp_policy *out);
const char *pp_policy_name(pp_policy policy);

/* What one reference did. */
typedef struct {
  long long page;
  bool hit;
  bool evicted;     /* a page was replaced */
  long long victim; /* meaningful when evicted */
} pp_step;

typedef struct pp_sim pp_sim;

/* A simulation over refs[0..nrefs) (the array must outlive the sim). The
 * cache holds cache_size pages (>= 1). rng is used by RAND and CLOCK only.
 * Returns NULL when memory runs out. */
pp_sim *pp_sim_new(pp_policy policy, const long long *refs, size_t nrefs, long long cache_size,
                   long long clock_bits, pyrandom *rng);
void pp_sim_free(pp_sim *sim);

/* Processes the next reference; false once all are done. */
bool pp_sim_step(pp_sim *sim, pp_step *out);

size_t pp_sim_hits(const pp_sim *sim);
size_t pp_sim_misses(const pp_sim *sim);

/* The pages in memory in the original's list order (left to right):
 * for (int h = pp_sim_first(s); h >= 0; h = pp_sim_next(s, h)) pp_sim_page(s, h) */
int pp_sim_first(const pp_sim *sim);
int pp_sim_next(const pp_sim *sim, int handle);
long long pp_sim_page(const pp_sim *sim, int handle);
size_t pp_sim_resident(const pp_sim *sim);

#endif
