/* vsfs: how a very simple file system's inodes, bitmaps and directory blocks
 * change under mkdir, creat, write, link and unlink. A drop-in for OSTEP's
 * vsfs.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"
#include "json.h"
#include "linebuf.h"
#include "opts.h"
#include "pyrandom.h"
#include "report.h"
#include "vsfs.h"

/* A limit of ours: the tables are held in memory and printed whole. */
#define MAX_SIZE 10000000LL

static linebuf out;

static void flush_if_big(void) {
  if (out.len > (1 << 16))
    lb_flush(&out, stdout);
}

static const char *const out_of_inodes =
    "File system out of inodes; rerun with more via command-line flag?";
static const char *const out_of_data =
    "File system out of data blocks; rerun with more via command-line flag?";

/* Python's repr() of a list of names (they hold only '/' and letters). */
static void name_list(linebuf *b, const vsfs_fs *fs, bool files) {
  lb_char(b, '[');
  size_t n = files ? fs->nfiles : fs->ndirs;
  size_t shown = 0;
  for (size_t slot = 0; shown < n; slot++) {
    const vsfs_name *name;
    if (files) {
      if (!fs->live[slot])
        continue;
      name = &fs->files[slot];
    } else {
      name = &fs->dirs[slot];
    }
    if (shown++ > 0)
      lb_str(b, ", ");
    lb_char(b, '\'');
    lb_str(b, name->path);
    lb_char(b, '\'');
    flush_if_big();
  }
  lb_char(b, ']');
}

typedef struct {
  char *seed;
  long long ninodes, ndata, nrequests;
  bool reverse, print_final, compute, json, picture;
} vsfs_options;

static void json_names(json_writer *w, const char *key, const vsfs_fs *fs, bool files) {
  json_key(w, key);
  json_array_begin_compact(w);
  size_t n = files ? fs->nfiles : fs->ndirs, shown = 0;
  for (size_t slot = 0; shown < n; slot++) {
    if (files && !fs->live[slot])
      continue;
    json_string(w, files ? fs->files[slot].path : fs->dirs[slot].path);
    shown++;
  }
  json_array_end(w);
}

/* The whole run as JSON; returns the exit status (1 when the file system
 * filled up, as the original). */
static int run_json(const vsfs_options *o, vsfs_fs *fs, pyrandom *rng) {
  json_writer w;
  json_init(&w, stdout);
  json_document_begin(&w, "vsfs", NULL, NULL);
  json_key(&w, "initial");
  vsfs_json_state(&w, fs);
  json_key(&w, "operations");
  json_array_begin(&w);
  const char *stopped = NULL;
  linebuf text;
  lb_init(&text);
  for (long long i = 0; i < o->nrequests && !stopped; i++) {
    vsfs_op op;
    bool done = false;
    long long failed = 0;
    while (!done && !stopped) {
      done = vsfs_attempt(fs, rng, &op);
      if (!done)
        failed++;
      if (fs->imap.nfree == 0)
        stopped = out_of_inodes;
      else if (fs->dmap.nfree == 0)
        stopped = out_of_data;
    }
    if (!done)
      break;
    static const char *const kinds[] = {"write", "unlink", "link", "mkdir", "creat"};
    json_object_begin(&w);
    json_kv_string(&w, "op", kinds[op.kind]);
    json_kv_string(&w, "path", op.path);
    if (op.kind == OP_LINK)
      json_kv_string(&w, "target", op.target);
    if (op.kind == OP_APPEND) {
      char s[2] = {op.data, '\0'};
      json_kv_string(&w, "data", s);
    }
    lb_clear(&text);
    vsfs_op_text(&text, &op);
    lb_char(&text, '\0');
    json_kv_string(&w, "call", text.text);
    json_kv_int(&w, "failed_tries", failed);
    json_key(&w, "state");
    vsfs_json_state(&w, fs);
    json_object_end(&w);
  }
  lb_free(&text);
  json_array_end(&w);
  json_key(&w, "stopped");
  if (stopped)
    json_string(&w, stopped);
  else
    json_null(&w);
  json_names(&w, "files", fs, true);
  json_names(&w, "directories", fs, false);
  json_object_end(&w);
  json_finish(&w);
  return stopped ? 1 : 0;
}

int main(int argc, char **argv) {
  vsfs_options o = {.seed = "0", .ninodes = 8, .ndata = 8, .nrequests = 10};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'i', "numInodes", OPT_INT, &o.ninodes, NULL, "number of inodes in file system"},
      {'d', "numData", OPT_INT, &o.ndata, NULL, "number of data blocks in file system"},
      {'n', "numRequests", OPT_INT, &o.nrequests, NULL, "number of requests to simulate"},
      {'r', "reverse", OPT_FLAG, &o.reverse, NULL, "instead of printing state, print ops"},
      {'p', "printFinal", OPT_FLAG, &o.print_final, NULL, "print the final set of files/dirs"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute answers for me"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the run, state by state, as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "draw the bitmaps and the directory tree after each operation"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  lb_init(&out);

  if (!o.json) {
    lb_str(&out, "ARG seed ");
    lb_str(&out, o.seed);
    lb_str(&out, "\nARG numInodes ");
    lb_int(&out, o.ninodes, 0);
    lb_str(&out, "\nARG numData ");
    lb_int(&out, o.ndata, 0);
    lb_str(&out, "\nARG numRequests ");
    lb_int(&out, o.nrequests, 0);
    lb_str(&out, "\nARG reverse ");
    lb_str(&out, pyfmt_bool(o.reverse));
    lb_str(&out, "\nARG printFinal ");
    lb_str(&out, pyfmt_bool(o.print_final));
    lb_str(&out, "\n\n");
  }
  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0) {
    lb_flush(&out, stdout);
    opts_die("option -s: invalid seed '%s'", o.seed);
  }
  if (o.ninodes < 1 || o.ndata < 1 || o.ninodes > MAX_SIZE || o.ndata > MAX_SIZE) {
    lb_flush(&out, stdout);
    opts_die("options -i and -d: the file system needs 1 to %lld inodes and data blocks, not "
             "%lld and %lld",
             MAX_SIZE, o.ninodes, o.ndata);
  }
  vsfs_fs fs;
  if (!vsfs_init(&fs, o.ninodes, o.ndata)) {
    lb_flush(&out, stdout);
    opts_die("out of memory for %lld inodes and %lld data blocks", o.ninodes, o.ndata);
  }
  if (o.json) {
    int rc = run_json(&o, &fs, &rng);
    vsfs_free(&fs);
    lb_free(&out);
    return rc;
  }

  bool print_ops = o.reverse || o.compute;
  bool print_state = !o.reverse || o.compute;

  lb_str(&out, "Initial state\n\n");
  vsfs_dump(&out, &fs);
  if (o.picture)
    vsfs_picture(&out, &fs);
  lb_char(&out, '\n');
  int rc = 0;
  for (long long i = 0; i < o.nrequests && rc == 0; i++) {
    if (!print_ops)
      lb_str(&out, "Which operation took place?\n");
    bool done = false;
    while (!done) {
      vsfs_op op;
      done = vsfs_attempt(&fs, &rng, &op);
      if (done && print_ops) {
        vsfs_op_text(&out, &op);
        lb_char(&out, '\n');
      }
      const char *full = fs.imap.nfree == 0   ? out_of_inodes
                         : fs.dmap.nfree == 0 ? out_of_data
                                              : NULL;
      if (full) {
        lb_str(&out, full);
        lb_char(&out, '\n');
        rc = 1;
        break;
      }
    }
    if (rc)
      break;
    if (print_state) {
      lb_char(&out, '\n');
      vsfs_dump(&out, &fs);
    } else {
      lb_str(&out, "\n  State of file system (inode bitmap, inodes, data bitmap, data)?\n");
    }
    if (o.picture)
      vsfs_picture(&out, &fs);
    lb_char(&out, '\n');
    flush_if_big();
  }
  if (rc == 0 && o.print_final) {
    lb_str(&out, "\nSummary of files, directories::\n\n  Files:       ");
    name_list(&out, &fs, true);
    lb_str(&out, "\n  Directories: ");
    name_list(&out, &fs, false);
    lb_str(&out, "\n\n");
  }
  lb_flush(&out, stdout);
  vsfs_free(&fs);
  lb_free(&out);
  return rc;
}
