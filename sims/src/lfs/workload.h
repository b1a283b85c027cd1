/* lfs's commands: drawn at random as the original draws them, into the
 * same "c,/ab1:w,/ab1,0,3:..." text a -L option gives. */
#ifndef LFS_WORKLOAD_H
#define LFS_WORKLOAD_H

#include <stdbool.h>

#include "pyrandom.h"

/* The share of each command, as [lo, hi) ranges of a random() draw. */
typedef struct {
  double lo[6], hi[6]; /* c, w, d, r, l, s */
} lfs_percents;

typedef enum {
  PERCENTS_OK,
  PERCENTS_NEGATIVE, /* "percentages must be positive or zero" */
  PERCENTS_NOT_100,  /* "percentages do not add to 100" */
  PERCENTS_BAD_CMD,  /* "bad command X" (*bad holds X) */
  PERCENTS_CRASH,    /* an empty item or a value that is not an integer */
} percents_status;

/* Parses -p ("c30,w30,d10,r20,l10,s0") as the original does. */
percents_status lfs_parse_percents(const char *text, lfs_percents *p, char *bad);

typedef enum {
  GEN_OK,
  GEN_ABORT, /* the original's "abort: internal error with percent operations" */
  GEN_HANGS, /* no command could ever be drawn: the original loops forever */
  GEN_NOMEM,
} gen_status;

/* Draws n commands; *out gets the malloc'd text ("" for none). */
gen_status lfs_generate(pyrandom *r, long long n, const lfs_percents *p, char **out);

#endif
