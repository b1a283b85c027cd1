/* How ffs presents a run: the original's dump and spans, the picture of
 * the groups filling up, and the JSON document. */
#ifndef FFS_REPORT_H
#define FFS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "ffs.h"
#include "json.h"

typedef struct {
  bool compute, show_block_addresses, show_symbol_map, per_file_stats;
} ffs_view;

/* The original's dump(). Returns false (with fs->error set) where the
 * original would fail to find a symbol. */
bool ffs_print_dump(ffs_fs *fs, const ffs_view *v, FILE *out);

/* Spans of files and directories (-T). */
typedef struct {
  char *path;
  long long inum;
  long long span;
} ffs_span;

typedef struct {
  ffs_span *files, *dirs;
  size_t nfiles, ndirs;
  long long file_sum, dir_sum;
  int failed; /* 1 or 2: the original fails among the files or the
                 directories, after printing those before */
} ffs_spans;

/* Computes the spans; false (fs->error set) where the original crashes. */
bool ffs_compute_spans(ffs_fs *fs, ffs_spans *s);
void ffs_free_spans(ffs_spans *s);
/* Prints the spans; after a failure, what the original printed before it. */
void ffs_print_spans(const ffs_spans *s, bool compute, FILE *out);

/* The picture: one row per step of the workload with each group's data
 * fill, then a bar per group. */
typedef struct ffs_picture ffs_picture;
ffs_picture *ffs_picture_new(const ffs_fs *fs);
/* Records the state after a command (label: "mkdir /a" ...). */
void ffs_picture_step(ffs_picture *p, const ffs_fs *fs, const char *label, bool ok);
void ffs_picture_print(ffs_picture *p, const ffs_fs *fs, FILE *out);
void ffs_picture_free(ffs_picture *p);

/* JSON pieces. */
void ffs_json_state(json_writer *w, ffs_fs *fs);
void ffs_json_spans(json_writer *w, const ffs_spans *s);

#endif
