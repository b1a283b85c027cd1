/* Splitting the comma / colon lists the simulators take (-l 10,20,30 and
 * -l 0,5,2:0,5,2), with Python's str.split() semantics. */
#ifndef SIMS_LISTS_H
#define SIMS_LISTS_H

#include <stddef.h>

typedef struct {
  char **items; /* each a malloc'd, NUL-terminated copy */
  size_t count; /* always >= 1: ''.split(',') is [''] */
} str_list;

/* s.split(sep) */
str_list list_split(const char *s, char sep);
void list_free(str_list *list);

#endif
