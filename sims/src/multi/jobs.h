/* Reading multi.py's job and affinity lists, and printing names the way
 * Python prints a list of strings. */
#ifndef MULTI_JOBS_H
#define MULTI_JOBS_H

#include <stdio.h>

#include "multi.h"

/* Job names to indexes. */
typedef struct {
  int *slots;
  size_t cap;
} name_table;

int name_table_init(name_table *t, size_t expected); /* -1 if out of memory */
/* Index of name among jobs[], or -1. */
int name_table_find(const name_table *t, const multi_job *jobs, const char *name);
void name_table_add(name_table *t, const multi_job *jobs, int index);
void name_table_free(name_table *t);

typedef enum {
  AFFINITY_OK,
  AFFINITY_REFUSED, /* one of the original's own checks: message for stdout, status 1 */
  AFFINITY_INVALID, /* the original would crash: message for a one-line error */
} affinity_parse;

/* Parses 'name:cpu.cpu,...' into the jobs' affinity lists; on failure
 * writes the message (without newline) into msg. */
affinity_parse multi_parse_affinity(const char *spec, multi_job *jobs, const name_table *names,
                                    int num_cpus, char *msg, size_t msg_size);

#endif
