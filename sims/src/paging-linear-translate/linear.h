/* A linear (one-level) page table: its random contents, and address
 * translation through it. */
#ifndef LINEAR_H
#define LINEAR_H

#include <stdbool.h>
#include <stdint.h>

#include "pyrandom.h"

/* Limits of ours (the original would take hours beyond them). */
#define LINEAR_MAX_ENTRIES (1LL << 26)
#define LINEAR_MAX_FRAMES  (1LL << 28)

/* Sizes must stay below this (1 GiB), as in the original. */
#define LINEAR_SIZE_LIMIT (1LL << 30)

typedef struct {
  long long address_space, physical_memory, page_size; /* bytes */
  long long npages;                                    /* virtual pages: entries of the table */
  long long nframes;                                   /* physical frames */
  int page_bits;
  int32_t *pfn; /* per virtual page: its frame, or -1 when not valid */
} linear_table;

typedef enum {
  LINEAR_OK,
  /* The original prints linear_check's message on stdout, exit status 1. */
  LINEAR_REFUSED,
  /* The original would crash: ours reports the message as a usage error. */
  LINEAR_BAD,
} linear_status;

/* Checks the three sizes (bytes) as the original does, in its order, and
 * fills in the geometry. *message explains a refusal. */
linear_status linear_check(linear_table *t, long long address_space, long long physical_memory,
                           long long page_size, const char **message);

/* Fills the table, drawing as the original: per virtual page a random()
 * against used_percent, then, if valid, a random frame until a free one is
 * found (redrawing the validity too). Returns false when out of memory. */
bool linear_fill(linear_table *t, pyrandom *rng, long long used_percent);
void linear_free(linear_table *t);

/* The VPN the original computes for an address: the address is cut to its
 * low 32 bits first, so large and negative ones wrap. */
long long linear_vpn(const linear_table *t, long long vaddr);

/* Translates: false when the page is not valid. The VPN must be inside the
 * table (vpn < npages). */
bool linear_translate(const linear_table *t, long long vaddr, long long *paddr);

#endif
