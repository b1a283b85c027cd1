/* How fsck presents a run: the original's text, the JSON document and the
 * picture. */
#ifndef FSCK_REPORT_H
#define FSCK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "fsck.h"
#include "json.h"

typedef struct {
  char *seed, *seed_corrupt, *which_text; /* decimal text, any size */
  long long ninodes, ndata, nrequests;
  long long which; /* -w, when it fits; else which_fits is false */
  bool which_fits;
  bool print_final, compute, dont_corrupt, json, picture;
} fsck_options;

/* The original's dump of the on-disk state (four lines). */
void fsck_print_state(const fsck_fs *fs, FILE *out);
/* The answer line after "CORRUPTION::" (may span two lines). */
void fsck_print_corruption(const fsck_fs *fs, const fsck_corruption *c, FILE *out);
/* Python's repr of the files and directories lists. */
void fsck_print_files(const fsck_fs *fs, FILE *out);
void fsck_print_dirs(const fsck_fs *fs, FILE *out);

/* A picture of the final state, one line per allocated inode and block;
 * with c (and mark set) the corrupted structure is marked. */
void fsck_print_picture(const fsck_fs *fs, const fsck_corruption *c, bool mark, FILE *out);

/* JSON: the caller writes the start, the states and the end as the run
 * goes (the state before corruption is gone after it). */
void fsck_json_state(json_writer *w, const char *key, const fsck_fs *fs);
void fsck_json_corruption(json_writer *w, const fsck_fs *fs, const fsck_corruption *c);
void fsck_json_end(json_writer *w, const fsck_fs *fs);

/* Name of a corruption kind in snake_case ("inode_bitmap"). */
const char *fsck_kind_name(int kind);

#endif
