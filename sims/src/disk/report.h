/* How disk presents a run besides the original's text: a JSON document and
 * a picture of the platter, the head's path and a timeline. */
#ifndef DISK_REPORT_H
#define DISK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "disk.h"

/* The command line, as given and as understood. */
typedef struct {
  char *seed, *window_text, *skew_text; /* decimal text */
  const char *addr, *addr_desc, *seek_text, *rotate_text, *policy_text, *zoning, *late_addr,
      *late_desc;
  bool graphics, compute, json, picture;
  double seek_speed, rotate_speed;
} disk_options;

/* What was served, in order (all of it for JSON; the first rows for the
 * picture). */
typedef struct {
  disk_done *items;
  size_t count, cap, limit;
  size_t total; /* requests served, also those not kept */
  long long seek, rotate, transfer, clock;
} disk_record;

void record_add(disk_record *r, const disk_done *d);
void record_free(disk_record *r);

/* The rows the picture shows at most. */
#define PICTURE_ROWS 40

void disk_print_json(FILE *out, const disk_options *o, const disk_layout *l,
                     const long long *requests, size_t nrequests, const long long *late,
                     size_t nlate, const disk_record *r);

void disk_print_picture(FILE *out, const disk_options *o, const disk_layout *l,
                        const disk_record *r);

#endif
