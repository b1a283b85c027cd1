/* Where the page references come from: an address file, a comma list, or
 * the random generator, each read the way paging-policy.py reads them. */
#ifndef PAGING_REFS_H
#define PAGING_REFS_H

#include <stddef.h>

#include "pyrandom.h"

typedef struct {
  long long *pages;
  size_t count;
} ref_list;

/* Outcome of reading; on failure 'message' says what is wrong (static). */
typedef struct {
  int ok;
  char message[256];
} ref_status;

/* One int() per line; lines end in \n, \r\n or \r, as Python's text mode
 * splits them. */
ref_status refs_from_file(const char *path, ref_list *out);
/* s.split(',') and int() of each item. */
ref_status refs_from_list(const char *s, ref_list *out);
/* n draws of int(maxpage * random.random()). */
ref_status refs_random(pyrandom *rng, long long n, long long maxpage, ref_list *out);

void refs_free(ref_list *list);

#endif
