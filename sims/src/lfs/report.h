/* How lfs shows the disk: the original's block listing, and the --picture
 * of the log as segments of live and dead blocks. */
#ifndef LFS_REPORT_H
#define LFS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "lfs.h"

/* Blocks [start, end), one line each; liveness shown when show_live, else
 * as '?'. */
void lfs_print_blocks(const lfs *f, long long start, long long end, bool show_live, FILE *out);

/* The log as rows of segments: each block a letter for its kind, capital
 * when live; then the checkpoint region and the share of live blocks. */
void lfs_print_picture(const lfs *f, FILE *out);

/* Block i as a JSON object. */
void lfs_json_block(const lfs *f, long long i, json_writer *w);

/* Python's repr() of a str, appended to out. */
void lfs_print_repr(const char *s, FILE *out);

#endif
