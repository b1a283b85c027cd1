/* afs: AFS cache consistency (whole-file caching, callbacks). A drop-in for
 * OSTEP's dist-afs/afs.py, with --json and a --picture of the client caches
 * and the callbacks over time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afs.h"
#include "json.h"
#include "opts.h"
#include "pyfmt.h"

#define MAX_CLIENTS      10000
#define OUTPUT_LIMIT     (1ULL << 30) /* bytes of text */
#define JSON_LIMIT       (1ULL << 31) /* the same count, as a bound on work */
#define PICTURE_CLIENTS  16
#define PICTURE_MAX_ROWS 2000

typedef struct {
  const char *seed;
  bool json, picture;
} extras;

static const char *op_name(int op) {
  return op == AFS_OPEN ? "open" : op == AFS_READ ? "read" : op == AFS_WRITE ? "write" : "close";
}

static void check_ascii(const char *text, const char *name) {
  for (const unsigned char *p = (const unsigned char *)text; *p; p++)
    if (*p >= 0x80)
      opts_die("option %s: only ASCII characters are accepted", name);
}

/* ---- --json ---- */

typedef struct {
  json_writer *w;
  long long steps;
} json_ctx;

static void json_char(json_writer *w, char c) {
  char s[2] = {c, 0};
  json_string(w, s);
}

/* "key": "c<k>" */
static void json_kv_client(json_writer *w, const char *key, long long k) {
  char name[24];
  snprintf(name, sizeof name, "c%lld", k);
  json_kv_string(w, key, name);
}

/* "key": [{"file": "a", "<value_key>": 0}, ...] over the server's files */
static void json_files(json_writer *w, const afs_sim *s, const char *key, const char *value_key) {
  json_key(w, key);
  json_array_begin(w);
  for (int f = 'a'; f < 'a' + s->nfiles; f++) {
    json_object_begin_compact(w);
    json_key(w, "file");
    json_char(w, (char)f);
    json_kv_int(w, value_key, s->server_value[f]);
    json_object_end(w);
  }
  json_array_end(w);
}

static void json_on_step(void *ctx, const afs_sim *s, const afs_step *st) {
  (void)s;
  json_ctx *j = ctx;
  json_writer *w = j->w;
  json_object_begin_compact(w);
  json_kv_int(w, "step", j->steps++);
  json_kv_client(w, "client", st->client);
  json_kv_string(w, "op", op_name(st->act.op));
  json_kv_int(w, "fd", st->act.fd);
  json_key(w, "file");
  json_char(w, st->fname);
  json_key(w, "value");
  if (st->act.op == AFS_CLOSE && !st->stored)
    json_null(w);
  else
    json_int(w, st->value);
  json_key(w, "old_value");
  if (st->act.op == AFS_WRITE)
    json_int(w, st->old_value);
  else
    json_null(w);
  json_kv_bool(w, "fetched", st->fetched);
  json_kv_bool(w, "stored", st->stored);
  json_key(w, "callbacks");
  json_array_begin_compact(w);
  for (long long i = 0; i < st->ncallbacks; i++) {
    char name[24];
    snprintf(name, sizeof name, "c%lld", st->callbacks[i]);
    json_string(w, name);
  }
  json_array_end(w);
  json_object_end(w);
}

static void json_on_start(void *ctx, const afs_sim *s) {
  json_ctx *j = ctx;
  json_writer *w = j->w;
  json_files(w, s, "files", "initial");
  json_key(w, "clients");
  json_array_begin(w);
  for (long long k = 0; k < s->nclients; k++) {
    const afs_client *c = &s->clients[k];
    json_object_begin_compact(w);
    json_kv_client(w, "client", k);
    json_key(w, "actions");
    json_array_begin_compact(w);
    for (size_t i = 0; i < c->nacts; i++) {
      json_object_begin_compact(w);
      json_kv_string(w, "op", op_name(c->acts[i].op));
      json_key(w, "file");
      if (c->acts[i].op == AFS_OPEN)
        json_char(w, c->acts[i].fname);
      else
        json_null(w);
      json_kv_int(w, "fd", c->acts[i].fd);
      json_object_end(w);
    }
    json_array_end(w);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "steps");
  json_array_begin(w);
}

static void run_json(afs_sim *s, const extras *x) {
  json_writer *w = malloc(sizeof *w);
  if (!w)
    opts_die("out of memory");
  json_init(w, stdout);
  json_document_begin(w, "afs", NULL, NULL);
  json_ctx j = {w, 0};
  afs_hooks hooks = {&j, json_on_start, json_on_step};
  char err[256];
  afs_run(s, x->seed, NULL, &hooks, err, sizeof err); /* the dry run found no error */
  json_array_end(w);
  json_files(w, s, "final_files", "value");
  json_key(w, "server");
  json_object_begin_compact(w);
  json_kv_int(w, "gets", s->gets);
  json_kv_int(w, "puts", s->puts);
  json_object_end(w);
  json_key(w, "client_stats");
  json_array_begin(w);
  for (long long k = 0; k < s->nclients; k++) {
    const afs_client *c = &s->clients[k];
    json_object_begin_compact(w);
    json_kv_client(w, "client", k);
    json_kv_int(w, "reads", c->reads);
    json_kv_int(w, "writes", c->writes);
    json_kv_int(w, "hits", c->hits);
    json_kv_int(w, "misses", c->misses);
    json_kv_int(w, "invalidates", c->invalidates);
    json_object_end(w);
  }
  json_array_end(w);
  json_object_end(w);
  json_finish(w);
  free(w);
}

/* ---- --picture: one row per step, one column per client cache ---- */

typedef struct {
  long long ncols; /* 4 + clients */
  char **cells;    /* rows x ncols, malloc'd strings */
  long long rows, cap, skipped;
  bool solve;
} picture;

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = malloc((size_t)n + 1);
  if (!p)
    opts_die("out of memory");
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

static char *value_text(const picture *p, long long v) {
  return p->solve ? dupf("%lld", v) : dupf("?");
}

static char *server_cell(const picture *p, const afs_sim *s) {
  char *cell = dupf("%s", "");
  for (int f = 'a'; f < 'a' + s->nfiles; f++) {
    char *v = value_text(p, s->server_value[f]);
    char *next = dupf("%s%s%c=%s", cell, f > 'a' ? " " : "", f, v);
    free(v);
    free(cell);
    cell = next;
  }
  return cell;
}

static char *client_cell(const picture *p, const afs_client *c) {
  if (c->ncache == 0)
    return dupf("-");
  char *cell = dupf("%s", "");
  for (int i = 0; i < c->ncache; i++) {
    const afs_entry *e = &c->cache[i];
    char *v = value_text(p, e->data);
    char open[24] = "";
    if (e->refcnt != 0)
      snprintf(open, sizeof open, "+%lld", e->refcnt);
    char *next = dupf("%s%s%c=%s%s%s%s", cell, i ? " " : "", e->name, v, e->dirty ? "*" : "",
                      e->valid ? "" : "!", open);
    free(v);
    free(cell);
    cell = next;
  }
  return cell;
}

static char **new_row(picture *p) {
  if (p->rows == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 64;
    p->cells = realloc(p->cells, (size_t)(p->cap * p->ncols) * sizeof *p->cells);
    if (!p->cells)
      opts_die("out of memory");
  }
  return &p->cells[p->rows++ * p->ncols];
}

static void picture_start(void *ctx, const afs_sim *s) {
  picture *p = ctx;
  p->ncols = 5 + s->nclients;
  char **row = new_row(p);
  row[0] = dupf("step");
  row[1] = dupf("client");
  row[2] = dupf("action");
  row[3] = dupf("server");
  row[4] = dupf("callbacks broken");
  for (long long k = 0; k < s->nclients; k++)
    row[5 + k] = dupf("c%lld", k);
  row = new_row(p);
  row[0] = dupf("0");
  row[1] = dupf("%s", "");
  row[2] = dupf("%s", "");
  row[3] = server_cell(p, s);
  row[4] = dupf("%s", "");
  for (long long k = 0; k < s->nclients; k++)
    row[5 + k] = dupf("-");
}

static void picture_step(void *ctx, const afs_sim *s, const afs_step *st) {
  picture *p = ctx;
  if (p->rows >= PICTURE_MAX_ROWS + 2) {
    p->skipped++;
    return;
  }
  char **row = new_row(p);
  row[0] = dupf("%lld", p->rows - 2);
  row[1] = dupf("c%lld", st->client);
  char *v = value_text(p, st->value);
  switch (st->act.op) {
  case AFS_OPEN:
    row[2] = dupf("open:%c%s", st->fname, st->fetched ? " (fetch)" : " (cached)");
    break;
  case AFS_READ: row[2] = dupf("read:%c -> %s", st->fname, v); break;
  case AFS_WRITE:
    if (p->solve)
      row[2] = dupf("write:%c %lld -> %lld", st->fname, st->old_value, st->value);
    else
      row[2] = dupf("write:%c value? -> %lld", st->fname, st->value);
    break;
  default: row[2] = dupf("close:%c%s", st->fname, st->stored ? " (store)" : "");
  }
  free(v);
  row[3] = server_cell(p, s);
  char *cb = dupf("%s", "");
  for (long long i = 0; i < st->ncallbacks; i++) {
    char *next = dupf("%s%s%c@c%lld", cb, i ? " " : "", st->fname, st->callbacks[i]);
    free(cb);
    cb = next;
  }
  row[4] = cb;
  for (long long k = 0; k < s->nclients; k++)
    row[5 + k] = client_cell(p, &s->clients[k]);
}

static void picture_print(picture *p) {
  printf("\nClient caches and callbacks over time\n"
         "  cache entries: file=value, * dirty, ! invalidated by a callback, +N open N "
         "times\n"
         "  callbacks broken: file@client, sent when another client stored the file\n\n");
  long long *width = calloc((size_t)p->ncols, sizeof *width);
  if (!width)
    opts_die("out of memory");
  for (long long r = 0; r < p->rows; r++)
    for (long long c = 0; c < p->ncols; c++) {
      long long len = (long long)strlen(p->cells[r * p->ncols + c]);
      if (len > width[c])
        width[c] = len;
    }
  for (long long r = 0; r < p->rows; r++) {
    char **row = &p->cells[r * p->ncols];
    printf("%*s  %-*s  %-*s | %-*s | %-*s", (int)width[0], row[0], (int)width[1], row[1],
           (int)width[2], row[2], (int)width[3], row[3], (int)width[4], row[4]);
    for (long long c = 5; c < p->ncols; c++)
      printf(" | %-*s", c + 1 < p->ncols ? (int)width[c] : 0, row[c]);
    printf("\n");
  }
  if (p->skipped)
    printf("... %lld more steps not drawn\n", p->skipped);
  free(width);
}

static void picture_free(picture *p) {
  for (long long i = 0; i < p->rows * p->ncols; i++)
    free(p->cells[i]);
  free(p->cells);
}

/* The parser made a copy of a seed given on the command line. */
static void free_seed(extras *x, const char *default_seed) {
  if (x->seed != default_seed)
    free((char *)x->seed);
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
  afs_sim s = {.nclients_opt = 2,
               .nsteps = 2,
               .nfiles = 1,
               .detail = 0,
               .readratio = 0.5,
               .actions = "",
               .schedule = ""};
  static const char default_seed[] = "0";
  extras x = {.seed = default_seed};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &x.seed, NULL, "the random seed"},
      {'C', "clients", OPT_INT, &s.nclients_opt, "NUMCLIENTS", "number of clients"},
      {'n', "numsteps", OPT_INT, &s.nsteps, NULL, "file operations each client does"},
      {'f', "numfiles", OPT_INT, &s.nfiles, NULL, "number of files on the server (1 to 26)"},
      {'r', "readratio", OPT_FLOAT, &s.readratio, NULL,
       "fraction of random operations that are reads (0 to 1)"},
      {'A', "actions", OPT_STRING, &s.actions, NULL,
       "the clients' actions exactly, e.g. oa1:r1:c1,oa1:w1:c1: client 0 opens file a as "
       "descriptor 1, reads and closes it; client 1 writes it"},
      {'S', "schedule", OPT_STRING, &s.schedule, NULL,
       "exact order of the clients' steps, repeated, e.g. 01 alternates clients 0 and 1; "
       "random when empty"},
      {'p', "printstats", OPT_FLAG, &s.printstats, NULL, "print server and client statistics"},
      {'c', "compute", OPT_FLAG, &s.solve, NULL, "compute the answers"},
      {'d', "detail", OPT_INT, &s.detail, NULL,
       "detail of the answers, bits OR'ed together: 1 server gets and puts, 2 callbacks and "
       "invalidations, 4 client caches, 8 client labels"},
      {0, "json", OPT_FLAG, &x.json, NULL,
       "print the clients' actions and every step as one JSON document"},
      {0, "picture", OPT_FLAG, &x.picture, NULL,
       "after the trace, draw the client caches and the callbacks over time"},
  };
  opts_result parsed = opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  free(parsed.positional);
  check_ascii(s.actions, "-A/--actions");
  check_ascii(s.schedule, "-S/--schedule");
  if (s.nclients_opt > MAX_CLIENTS)
    opts_die("option -C/--clients: at most %d clients, not %lld", MAX_CLIENTS, s.nclients_opt);
  long long items = 1;
  for (const char *p = s.actions; *p; p++)
    items += *p == ',';
  if (s.actions[0] && items > MAX_CLIENTS)
    opts_die("option -A/--actions: at most %d clients, not %lld", MAX_CLIENTS, items);

  /* A dry run first: errors where the original would stop with a traceback
   * are reported before anything is printed. */
  char err[256] = "";
  afs_init(&s);
  s.byte_limit = x.json ? JSON_LIMIT : OUTPUT_LIMIT;
  afs_status st = afs_run(&s, x.seed, NULL, NULL, err, sizeof err);
  if (st == AFS_CRASH)
    opts_die("%s", err);
  if (st == AFS_TOO_BIG)
    opts_die("the trace would be longer than %llu MiB (use fewer clients or steps)",
             OUTPUT_LIMIT >> 20);
  s.byte_limit = 0;
  if (x.json) {
    if (st == AFS_ABORT)
      opts_die("%s", err);
    run_json(&s, &x);
    afs_free(&s);
    free_seed(&x, default_seed);
    return 0;
  }

  char buf[32];
  printf("ARG seed %s\n", x.seed);
  printf("ARG numclients %lld\n", s.nclients_opt);
  printf("ARG numsteps %lld\n", s.nsteps);
  printf("ARG numfiles %lld\n", s.nfiles);
  printf("ARG readratio %s\n", pyfmt_float(s.readratio, buf));
  printf("ARG actions %s\n", s.actions);
  printf("ARG schedule %s\n", s.schedule);
  printf("ARG detail %lld\n", s.detail);
  printf("\n");
  picture pic = {0};
  pic.solve = s.solve;
  afs_hooks hooks = {&pic, picture_start, picture_step};
  if (x.picture && (s.actions[0] ? items : s.nclients_opt) > PICTURE_CLIENTS)
    opts_die("option --picture: draws at most %d clients", PICTURE_CLIENTS);
  st = afs_run(&s, x.seed, stdout, x.picture ? &hooks : NULL, err, sizeof err);
  if (st == AFS_ABORT) {
    fflush(stdout);
    picture_free(&pic);
    afs_free(&s);
    free_seed(&x, default_seed);
    return 1;
  }
  if (x.picture && pic.rows > 0)
    picture_print(&pic);
  picture_free(&pic);
  afs_free(&s);
  free_seed(&x, default_seed);
  return 0;
}
