/* Base and bounds (the book's chapter "Address Translation"): one address
 * space placed whole in physical memory at a base, with a limit (bounds)
 * on the virtual addresses. */
#ifndef RELOC_H
#define RELOC_H

#include <stdbool.h>

#include "pyrandom.h"

typedef struct {
  long long address_space, physical_memory; /* bytes */
  long long base, limit;
} reloc_problem;

/* The original's checks on the two sizes, in its order: NULL when they are
 * fine, else its message (which it prints on stdout, exit status 1). */
const char *reloc_size_error(long long address_space, long long physical_memory);

/* Sets the registers as the original does: a limit of -1 is drawn (a
 * quarter to a half of the address space), then a base of -1 is drawn until
 * base + limit < physical memory; other values are kept. Returns NULL, or
 * why the base cannot be drawn (nothing drawn then). */
const char *reloc_place(reloc_problem *p, long long limit, long long base, pyrandom *rng);

/* The original's check on given registers: the address space must end
 * inside physical memory. */
bool reloc_fits(const reloc_problem *p);

/* Translates a virtual address: false for a segmentation violation (at or
 * beyond the limit; the original lets negative addresses through). */
bool reloc_translate(const reloc_problem *p, long long va, long long *pa);

#endif
