/* lfs: a log-structured file system; every change appends new versions of
 * data, inodes, directory blocks and inode-map chunks to the log. A
 * drop-in for OSTEP's lfs.py. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lfs.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"
#include "report.h"
#include "spool.h"
#include "strtab.h"
#include "workload.h"

#define MAX_COMMANDS 100000000LL

typedef struct {
  char *seed;
  bool no_force, no_final, use_disk_cr, compute, show_ops, show_inter, show_rc, show_paths;
  const char *num_commands, *percentages, *policy, *command_list;
  bool json, picture;
} options;

/* ---- the lists of live paths (-v) --------------------------------------- */

/* A Python list of paths with append, 'in' and remove() of the first
 * occurrence in constant time: a linked list, plus per path the queue of
 * its nodes. */
typedef struct {
  int32_t id;
  long long prev, next, next_same;
} path_node;

typedef struct {
  strtab *paths;
  path_node *node;
  long long nnodes, cap, head, tail;
  long long *first, *last; /* per path id */
  long long ids_cap;
} path_list;

static void path_list_init(path_list *l, strtab *paths) {
  memset(l, 0, sizeof *l);
  l->paths = paths;
  l->head = l->tail = -1;
}

static void path_list_free(path_list *l) {
  free(l->node);
  free(l->first);
  free(l->last);
}

static void grow_or_die(void **p, long long *cap, long long need, size_t size, long long *extra,
                        void **p2) {
  if (need <= *cap)
    return;
  long long c = *cap ? *cap : 64;
  while (c < need)
    c *= 2;
  void *q = realloc(*p, (size_t)c * size);
  if (!q)
    opts_die("out of memory");
  *p = q;
  if (p2) {
    void *q2 = realloc(*p2, (size_t)c * size);
    if (!q2)
      opts_die("out of memory");
    *p2 = q2;
    for (long long i = *cap; i < c; i++)
      ((long long *)*p)[i] = ((long long *)*p2)[i] = -1;
  }
  (void)extra;
  *cap = c;
}

static void path_list_reserve_id(path_list *l, int32_t id) {
  grow_or_die((void **)&l->first, &l->ids_cap, (long long)id + 1, sizeof(long long), NULL,
              (void **)&l->last);
}

static bool path_list_contains(path_list *l, int32_t id) {
  path_list_reserve_id(l, id);
  return l->first[id] >= 0;
}

static void path_list_append(path_list *l, int32_t id) {
  path_list_reserve_id(l, id);
  grow_or_die((void **)&l->node, &l->cap, l->nnodes + 1, sizeof(path_node), NULL, NULL);
  long long k = l->nnodes++;
  l->node[k] = (path_node){id, l->tail, -1, -1};
  if (l->tail >= 0)
    l->node[l->tail].next = k;
  else
    l->head = k;
  l->tail = k;
  if (l->last[id] >= 0)
    l->node[l->last[id]].next_same = k;
  else
    l->first[id] = k;
  l->last[id] = k;
}

static void path_list_remove(path_list *l, int32_t id) {
  long long k = l->first[id];
  l->first[id] = l->node[k].next_same;
  if (l->first[id] < 0)
    l->last[id] = -1;
  path_node *n = &l->node[k];
  if (n->prev >= 0)
    l->node[n->prev].next = n->next;
  else
    l->head = n->next;
  if (n->next >= 0)
    l->node[n->next].prev = n->prev;
  else
    l->tail = n->prev;
}

static void path_list_print(const path_list *l) {
  putchar('[');
  for (long long k = l->head; k >= 0; k = l->node[k].next) {
    lfs_print_repr(strtab_text(l->paths, l->node[k].id), stdout);
    if (l->node[k].next >= 0)
      fputs(", ", stdout);
  }
  putchar(']');
}

static void path_list_json(const path_list *l, json_writer *w) {
  json_array_begin_compact(w);
  for (long long k = l->head; k >= 0; k = l->node[k].next)
    json_string(w, strtab_text(l->paths, l->node[k].id));
  json_array_end(w);
}

static int32_t path_id(strtab *paths, const char *s) {
  int32_t id = strtab_intern(paths, s, strlen(s));
  if (id < 0)
    opts_die("out of memory");
  return id;
}

/* ---- running the commands ----------------------------------------------- */

typedef struct {
  const options *o;
  lfs *f;
  long long dump_last;
  json_writer *w; /* NULL in text mode */
  strtab paths;
  path_list files, dirs;
  bool have_rc;
  long long rc;
} runner;

static void crashed(const lfs *f, long long index) {
  opts_die("command %lld: %s (the original crashes here)", index, f->error);
}

/* int() of a write's offset or size. */
static long long int_arg(const char *text, long long index, const char *what) {
  char *decimal;
  if (pyint_parse_decimal(text, PYINT_PLAIN, &decimal) != PYNUM_OK)
    opts_die("command %lld: the write's %s '%s' is not an integer (the original crashes here)",
             index, what, text);
  errno = 0;
  long long v = strtoll(decimal, NULL, 10);
  free(decimal);
  if (errno == ERANGE)
    opts_die("command %lld: the write's %s %s is too large", index, what, text);
  return v;
}

static void wrong_args(long long index, const char *cmd) {
  opts_die("command %lld: '%s' has the wrong number of arguments (the original fails an "
           "assertion)",
           index, cmd);
}

static void dump_partial(runner *r, bool show_checkpoint) {
  lfs *f = r->f;
  if (show_checkpoint || !f->no_force)
    lfs_print_blocks(f, 0, 1, r->o->compute, stdout);
  if (!f->no_force)
    fputs("...\n", stdout);
  lfs_print_blocks(f, r->dump_last, f->len, r->o->compute, stdout);
  r->dump_last = f->len;
}

static void run_command(runner *r, char *cmd, long long index) {
  const options *o = r->o;
  lfs *f = r->f;
  bool text = r->w == NULL;
  /* cmd.split(',') */
  char *args[4];
  int nargs = 0;
  for (char *p = cmd;;) {
    char *comma = strchr(p, ',');
    if (nargs < 4)
      args[nargs] = p;
    nargs++;
    if (!comma)
      break;
    *comma = '\0';
    p = comma + 1;
  }
  const char *kind = args[0];
  long long start = f->len;
  bool known = true;
  long long rc = 0;
  if (!strcmp(kind, "c") || !strcmp(kind, "d")) {
    bool file = kind[0] == 'c';
    if (nargs != 2)
      wrong_args(index, kind);
    if (o->show_ops && text)
      printf(file ? "create file %s " : "create dir  %s ", args[1]);
    rc = lfs_create(f, args[1], file);
    if (rc == LFS_CRASH)
      crashed(f, index);
    if (rc == 0)
      path_list_append(file ? &r->files : &r->dirs, path_id(&r->paths, args[1]));
  } else if (!strcmp(kind, "r")) {
    if (nargs != 2)
      wrong_args(index, kind);
    if (o->show_ops && text)
      printf("delete file %s ", args[1]);
    rc = lfs_delete(f, args[1]);
    if (rc == LFS_CRASH)
      crashed(f, index);
    if (rc == 0) {
      int32_t id = path_id(&r->paths, args[1]);
      if (path_list_contains(&r->files, id))
        path_list_remove(&r->files, id);
      else if (text)
        printf("warning: cannot find file %s\n", args[1]);
    }
  } else if (!strcmp(kind, "l")) {
    if (nargs != 3)
      wrong_args(index, kind);
    if (o->show_ops && text)
      printf("link file   %s %s ", args[1], args[2]);
    rc = lfs_link(f, args[1], args[2]);
    if (rc == LFS_CRASH)
      crashed(f, index);
    if (rc == 0)
      path_list_append(&r->files, path_id(&r->paths, args[2]));
  } else if (!strcmp(kind, "w")) {
    if (nargs != 4)
      wrong_args(index, kind);
    long long offset = int_arg(args[2], index, "offset");
    long long size = int_arg(args[3], index, "size");
    if (o->show_ops && text)
      printf("write file  %s offset=%lld size=%lld ", args[1], offset, size);
    rc = lfs_write(f, args[1], offset, size);
    if (rc == LFS_CRASH)
      crashed(f, index);
  } else if (!strcmp(kind, "s")) {
    if (o->show_ops && text)
      fputs("sync ", stdout);
    rc = lfs_sync(f);
  } else {
    known = false;
    if (text)
      printf("command not understood so skipping [%s]\n", kind);
  }
  if (known) {
    r->have_rc = true;
    r->rc = rc;
  }

  if (!text) {
    json_writer *w = r->w;
    json_object_begin_compact(w);
    json_kv_int(w, "index", index);
    json_kv_string(w, "command", kind);
    json_key(w, "args");
    json_array_begin_compact(w);
    for (int i = 1; i < nargs && i < 4; i++)
      json_string(w, args[i]);
    json_array_end(w);
    json_key(w, "rc");
    if (r->have_rc)
      json_int(w, r->rc);
    else
      json_null(w);
    json_key(w, "errors");
    json_array_begin_compact(w);
    for (int i = 0; i < f->nerrors; i++)
      json_string(w, f->errors[i]);
    json_array_end(w);
    json_kv_int(w, "log_start", start);
    json_kv_int(w, "log_end", f->len);
    json_object_end(w);
    return;
  }

  if (!o->show_ops)
    fputs("command? ", stdout);
  if (o->show_inter) {
    fputs("\n\n", stdout);
    dump_partial(r, !strcmp(kind, "s"));
    fputs("\n", stdout);
  }
  if (o->show_rc) {
    if (!r->have_rc)
      opts_die("command %lld: no return code to show yet (the original crashes here)", index);
    printf("-> %lld\n", r->rc);
    for (int i = 0; i < f->nerrors; i++)
      printf("  %s\n", f->errors[i]);
  } else {
    fputs("\n", stdout);
  }
}

static void run_all(runner *r, char *list) {
  if (list[0] == '\0')
    return;
  long long index = 0;
  for (char *p = list;; index++) {
    char *colon = strchr(p, ':');
    if (colon)
      *colon = '\0';
    run_command(r, p, index);
    if (!colon)
      break;
    p = colon + 1;
  }
}

/* -n is a string option that the original reads with int(): a number. */
static bool json_num_commands(json_writer *w, const opt_spec *spec, void *ctx) {
  (void)ctx;
  if (strcmp(spec->long_name, "num_commands") != 0)
    return false;
  char *decimal;
  if (pyint_parse_decimal(*(const char **)spec->dest, PYINT_PLAIN, &decimal) != PYNUM_OK)
    return false;
  json_raw(w, decimal);
  free(decimal);
  return true;
}

static void run_json(runner *r, char *list) {
  /* assembled in a temporary file: a run the original crashes on leaves
   * stdout empty */
  FILE *out = spool_open();
  json_writer *w = malloc(sizeof *w);
  if (!w)
    opts_die("out of memory");
  json_init(w, out);
  r->w = w;
  const lfs *f = r->f;
  json_document_begin(w, "lfs", json_num_commands, NULL);
  json_kv_string(w, "commands_text", list);
  json_key(w, "commands");
  json_array_begin(w);
  char *copy = strdup(list);
  if (!copy)
    opts_die("out of memory");
  run_all(r, copy);
  free(copy);
  json_array_end(w);
  json_key(w, "final");
  json_object_begin(w);
  json_key(w, "checkpoint_region");
  json_array_begin_compact(w);
  for (int c = 0; c < LFS_CR_PTRS; c++)
    json_int(w, f->cr[c]);
  json_array_end(w);
  json_key(w, "inode_map");
  json_array_begin_compact(w);
  for (int i = 0; i < LFS_NUM_INODES; i++)
    if (f->imap[i] != -1) {
      json_object_begin_compact(w);
      json_kv_int(w, "inum", i);
      json_kv_int(w, "address", f->imap[i]);
      json_object_end(w);
    }
  json_array_end(w);
  json_key(w, "live_directories");
  path_list_json(&r->dirs, w);
  json_key(w, "live_files");
  path_list_json(&r->files, w);
  json_key(w, "blocks");
  json_array_begin(w);
  for (long long i = 0; i < f->len; i++)
    lfs_json_block(f, i, w);
  json_array_end(w);
  json_object_end(w);
  json_object_end(w);
  json_finish(w);
  free(w);
  spool_finish(out);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o = {
      .seed = "0",
      .num_commands = "3",
      .percentages = "c30,w30,d10,r20,l10,s0",
      .policy = "s",
      .command_list = "",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'N', "no_force", OPT_FLAG, &o.no_force, NULL,
       "do not write the checkpoint region after every update"},
      {'F', "no_final", OPT_FLAG, &o.no_final, NULL, "do not show the final file system"},
      {'D', "use_disk_cr", OPT_FLAG, &o.use_disk_cr, NULL,
       "find inodes through the checkpoint region on disk (maybe stale)"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute the answers (which blocks are live)"},
      {'o', "show_operations", OPT_FLAG, &o.show_ops, NULL, "show each operation"},
      {'i', "show_intermediate", OPT_FLAG, &o.show_inter, NULL,
       "show the blocks each operation adds to the log"},
      {'e', "show_return_codes", OPT_FLAG, &o.show_rc, NULL,
       "show each operation's return code and errors"},
      {'v', "show_live_paths", OPT_FLAG, &o.show_paths, NULL,
       "show the live directories and files at the end"},
      {'n', "num_commands", OPT_STRING, &o.num_commands, NULL, "number of random commands"},
      {'p', "percentages", OPT_STRING, &o.percentages, NULL,
       "random commands: percent of create file, write, create dir, delete, link, sync "
       "(c30,w30,d10,r20,l10,s0)"},
      {'a', "allocation_policy", OPT_STRING, &o.policy, "INODE_POLICY",
       "inode allocation: \"s\" sequential or \"r\" random"},
      {'L', "command_list", OPT_STRING, &o.command_list, NULL,
       "commands instead of random ones: c,/file d,/dir w,/file,offset,blocks "
       "r,/file l,/old,/new s, separated by ':'"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the whole run as one JSON document"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after the run, draw the log as segments of live and dead blocks"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: '%s'", o.seed);

  char *decimal;
  if (pyint_parse_decimal(o.num_commands, PYINT_PLAIN, &decimal) != PYNUM_OK)
    opts_die("option -n/--num_commands: '%s' is not an integer", o.num_commands);
  errno = 0;
  long long ncommands = strtoll(decimal, NULL, 10);
  bool n_huge = errno == ERANGE;
  free(decimal);

  lfs_percents percents;
  char bad[2];
  switch (lfs_parse_percents(o.percentages, &percents, bad)) {
  case PERCENTS_OK: break;
  case PERCENTS_NEGATIVE:
    if (o.json)
      opts_die("percentages must be positive or zero");
    puts("percentages must be positive or zero");
    return 1;
  case PERCENTS_NOT_100:
    if (o.json)
      opts_die("percentages do not add to 100");
    puts("percentages do not add to 100");
    return 1;
  case PERCENTS_BAD_CMD:
    if (o.json)
      opts_die("bad command %s", bad);
    printf("bad command %s\n", bad);
    return 1;
  case PERCENTS_CRASH:
    opts_die("option -p/--percentages: each item must be a letter and an integer, not '%s'",
             o.percentages);
  }
  bool random_alloc = false;
  if (!strcmp(o.policy, "r")) {
    random_alloc = true;
  } else if (strcmp(o.policy, "s")) {
    if (o.json)
      opts_die("bad policy %s", o.policy);
    printf("bad policy %s\n", o.policy);
    return 1;
  }

  lfs f;
  if (!lfs_init(&f, o.use_disk_cr, o.no_force, random_alloc, &rng))
    opts_die("out of memory");

  char *list;
  if (o.command_list[0] == '\0') {
    if (ncommands < 0 && !n_huge) {
      if (o.json)
        opts_die("num_commands must be greater than zero %lld", ncommands);
      printf("num_commands must be greater than zero %lld\n", ncommands);
      return 1;
    }
    if (ncommands > MAX_COMMANDS || n_huge)
      opts_die("option -n/--num_commands: at most %lld commands, not %s", MAX_COMMANDS,
               o.num_commands);
    switch (lfs_generate(&rng, ncommands, &percents, &list)) {
    case GEN_OK: break;
    case GEN_ABORT:
      if (o.json)
        opts_die("abort: internal error with percent operations");
      puts("abort: internal error with percent operations");
      return 1;
    case GEN_HANGS:
      opts_die("option -p/--percentages: only writes, deletes and links can be drawn, and they "
               "need a file first (the original loops forever)");
    case GEN_NOMEM: opts_die("out of memory");
    }
  } else {
    list = strdup(o.command_list);
    if (!list)
      opts_die("out of memory");
  }

  runner r = {.o = &o, .f = &f, .dump_last = 4};
  strtab_init(&r.paths);
  path_list_init(&r.files, &r.paths);
  path_list_init(&r.dirs, &r.paths);
  if (o.json) {
    run_json(&r, list);
  } else {
    fputs("\nINITIAL file system contents:\n", stdout);
    lfs_print_blocks(&f, 0, f.len, true, stdout);
    fputs("\n", stdout);
    run_all(&r, list);
    if (!o.no_final) {
      fputs("\nFINAL file system contents:\n", stdout);
      lfs_print_blocks(&f, 0, f.len, o.compute, stdout);
      fputs("\n", stdout);
      if (o.show_paths) {
        fputs("Live directories:  ", stdout);
        path_list_print(&r.dirs);
        fputs("\nLive files:  ", stdout);
        path_list_print(&r.files);
        fputs("\n\n", stdout);
      }
    } else {
      fputs("\n", stdout);
    }
    if (o.picture)
      lfs_print_picture(&f, stdout);
  }
  free(list);
  path_list_free(&r.files);
  path_list_free(&r.dirs);
  strtab_free(&r.paths);
  lfs_free(&f);
  return 0;
}
