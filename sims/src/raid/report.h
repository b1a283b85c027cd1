/* The ways raid presents a run besides the original's text: a JSON
 * document and a picture of the layout. */
#ifndef RAID_REPORT_H
#define RAID_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "raid.h"

/* The command line, as given and as understood. */
typedef struct {
  char *seed; /* decimal text */
  long long ndisks, nrequests, write_percent, range, level;
  const char *chunk_text, *size_text, *workload_text, *raid5_text;
  bool reverse, timing, compute, json, layout;
  /* derived from the texts */
  long long chunk_blocks, size_blocks;
  bool sequential, left_symmetric;
} raid_options;

/* Draws which logical block and which parity lives at each offset of each
 * disk, for enough stripes to show the pattern. */
void raid_print_layout(const raid_array *a, FILE *out);

/* Runs the whole workload and writes it, with every physical op and the
 * per-disk totals, as one JSON document. Returns false, writing nothing,
 * when an op would fall beyond a disk; *bad_op and *bad_block then say
 * where. */
bool raid_run_json(const raid_options *o, raid_array *a, raid_workload *w, FILE *out,
                   raid_op *bad_op, long long *bad_block);

#endif
