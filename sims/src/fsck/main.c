/* fsck: builds a small random file system, corrupts one thing in it, and
 * asks what. A drop-in for OSTEP's fsck.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"
#include "fsck.h"
#include "json.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "report.h"

/* Ours: the dump prints every inode and block, and the generator probes at
 * random for free ones, so sizes stay where a run ends in seconds. */
#define MAX_ITEMS   10000000LL
#define MAX_PICTURE 4096LL

static void print_args(const fsck_options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG seedCorrupt %s\n", o->seed_corrupt);
  printf("ARG numInodes %lld\n", o->ninodes);
  printf("ARG numData %lld\n", o->ndata);
  printf("ARG numRequests %lld\n", o->nrequests);
  printf("ARG printFinal %s\n", pyfmt_bool(o->print_final));
  printf("ARG whichCorrupt %s\n", o->which_text);
  printf("ARG dontCorrupt %s\n", pyfmt_bool(o->dont_corrupt));
  printf("\n");
}

static void validate(fsck_options *o) {
  opts_check_range("-i/--numInodes", NULL, o->ninodes, 1, MAX_ITEMS);
  opts_check_range("-d/--numData", NULL, o->ndata, 1, MAX_ITEMS);
  o->which_fits = pyint_parse(o->which_text, PYINT_PLAIN, &o->which) == PYNUM_OK;
  if (o->json && o->picture)
    opts_die("options --json and --picture cannot be combined");
  if (o->picture && (o->ninodes > MAX_PICTURE || o->ndata > MAX_PICTURE))
    opts_die("option --picture: draws at most %lld inodes and %lld data blocks", MAX_PICTURE,
             MAX_PICTURE);
}

/* Where the original stops with its own message on stdout and exit 1. */
static void stop_with_message(const fsck_options *o, const char *msg) {
  if (o->json)
    opts_die("%s", msg);
  printf("%s\n", msg);
  exit(1);
}

static void finish_run(fsck_fs *fs, fsck_status st, const fsck_options *o) {
  if (st == FSCK_OUT_OF_INODES)
    stop_with_message(o, "File system out of inodes; rerun with more via command-line flag?");
  if (st == FSCK_OUT_OF_DATA)
    stop_with_message(o, "File system out of data blocks; rerun with more via command-line flag?");
  if (st == FSCK_NO_MEMORY) {
    fsck_free(fs);
    opts_die("out of memory");
  }
}

/* Corrupts per the options; returns false if the options ask for none. */
static bool corrupt(fsck_fs *fs, const fsck_options *o, fsck_corruption *c) {
  if (o->dont_corrupt)
    return false;
  /* -w -1 (the default) draws the kind; a number too large for us names
     * no corruption, like any other number outside 0..11 */
  bool given = !o->which_fits || o->which != -1;
  long long which = o->which_fits ? o->which : FSCK_NCORRUPTIONS;
  int rc = fsck_corrupt(fs, o->seed_corrupt, which, given, c);
  if (rc == 0) {
    if (o->json)
      opts_die("option -w: no such corruption (%s): choose 0 to 11, or -1 for a random one",
               o->which_text);
    printf("No such corruption (%s)\n", o->which_text);
    exit(1);
  }
  if (rc < 0) {
    fflush(stdout);
    switch (c->kind) {
    case FSCK_C_FILE_ORPHAN:
    case FSCK_C_DIR_ORPHAN:
      opts_die("corruption %d (%s) needs a free inode, and every inode is in use", c->kind,
               fsck_kind_name(c->kind));
    case FSCK_C_FILE_DEAD_BLOCK:
    case FSCK_C_DIR_DEAD_BLOCK:
      if (c->inode >= 0)
        opts_die("corruption %d (%s) needs a free data block, and every block is in use", c->kind,
                 fsck_kind_name(c->kind));
      /* fall through */
    default:
      opts_die("corruption %d (%s) needs a %s, and the file system has none", c->kind,
               fsck_kind_name(c->kind), c->kind < 6 ? "file" : "directory");
    }
  }
  return true;
}

static void run_json(fsck_fs *fs, const fsck_options *o) {
  finish_run(fs, fsck_run(fs, o->nrequests), o);
  json_writer *w = malloc(sizeof *w);
  if (!w)
    opts_die("out of memory");
  json_init(w, stdout);
  json_document_begin(w, "fsck", NULL, NULL);
  fsck_json_state(w, "initial", fs);
  fsck_corruption c;
  bool corrupted = corrupt(fs, o, &c);
  fsck_json_corruption(w, fs, corrupted ? &c : NULL);
  fsck_json_state(w, "final", fs);
  fsck_json_end(w, fs);
  free(w);
}

static void run_text(fsck_fs *fs, const fsck_options *o) {
  print_args(o);
  finish_run(fs, fsck_run(fs, o->nrequests), o);
  if (o->compute) {
    printf("Initial state of file system:\n\n");
    fsck_print_state(fs, stdout);
    printf("\n");
  }
  fsck_corruption c;
  bool corrupted = false;
  if (!o->dont_corrupt) {
    if (o->compute)
      printf("CORRUPTION::");
    corrupted = corrupt(fs, o, &c);
    if (o->compute)
      fsck_print_corruption(fs, &c, stdout);
  }
  if (o->compute)
    printf("\n");
  printf("Final state of file system:\n\n");
  fsck_print_state(fs, stdout);
  printf("\n");
  if (!o->compute && !o->dont_corrupt)
    printf("Can you figure out how the file system was corrupted?\n\n");
  if (!o->compute && o->dont_corrupt)
    printf("Can you figure out which files and directories exist?\n\n");
  if (o->print_final) {
    printf("\nSummary of files, directories::\n  Files:       ");
    fsck_print_files(fs, stdout);
    printf("\n  Directories: ");
    fsck_print_dirs(fs, stdout);
    printf("\n\n");
  }
  if (o->picture)
    fsck_print_picture(fs, corrupted ? &c : NULL, o->compute, stdout);
}

int main(int argc, char **argv) {
  fsck_options o = {
      .seed = "0",
      .seed_corrupt = "0",
      .which_text = "-1",
      .ninodes = 16,
      .ndata = 16,
      .nrequests = 15,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "first random seed (for a filesystem)"},
      {'S', "seedCorrupt", OPT_BIGINT, &o.seed_corrupt, NULL,
       "second random seed (for corruptions)"},
      {'i', "numInodes", OPT_INT, &o.ninodes, NULL, "number of inodes in file system"},
      {'d', "numData", OPT_INT, &o.ndata, NULL, "number of data blocks in file system"},
      {'n', "numRequests", OPT_INT, &o.nrequests, NULL, "number of requests to simulate"},
      {'p', "printFinal", OPT_FLAG, &o.print_final, NULL, "print the final set of files/dirs"},
      {'w', "whichCorrupt", OPT_BIGINT, &o.which_text, NULL,
       "do a specific corruption (0 to 11; -1: a random one)"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute answers for me"},
      {'D', "dontCorrupt", OPT_FLAG, &o.dont_corrupt, NULL, "don't actually corrupt file system"},
      {0, "json", OPT_FLAG, &o.json, NULL,
       "print the file system before and after, and the corruption, as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after the output, draw the final file system (with -c: the corruption marked)"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  validate(&o);

  fsck_fs fs;
  if (!fsck_init(&fs, o.ninodes, o.ndata, o.seed))
    opts_die("out of memory for %lld inodes and %lld data blocks", o.ninodes, o.ndata);
  if (o.json)
    run_json(&fs, &o);
  else
    run_text(&fs, &o);
  fsck_free(&fs);
  return 0;
}
