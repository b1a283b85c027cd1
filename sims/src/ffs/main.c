/* ffs: FFS's placement of files and directories in cylinder groups, run
 * from a workload file. A drop-in for OSTEP's ffs.py. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ffs.h"
#include "json.h"
#include "opts.h"
#include "pynum.h"
#include "report.h"

/* Ours: the bitmaps hold one 32-bit slot per inode and per block. */
#define MAX_SLOTS 50000000LL

typedef struct {
  char *seed;
  long long ngroups, blocks_per_group, inodes_per_group, large_file_exception;
  const char *input_file;
  bool spread_inodes, spread_data;
  long long faraway, contig;
  bool show_spans, show_symbol_map, show_block_addresses, per_file_stats, show_file_ops;
  bool compute, json, picture;
} options;

/* The workload file, read whole and cut into lines the way Python's text
 * mode does (\n, \r\n and \r all end a line). */
typedef struct {
  char *text;
  size_t len, pos;
  long long line;
} workload;

static bool read_workload(const char *path, workload *w) {
  memset(w, 0, sizeof *w);
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  size_t cap = 1 << 16;
  w->text = malloc(cap);
  for (;;) {
    if (!w->text) {
      fclose(f);
      errno = ENOMEM;
      return false;
    }
    w->len += fread(w->text + w->len, 1, cap - w->len - 1, f);
    if (w->len < cap - 1)
      break;
    cap *= 2;
    char *more = realloc(w->text, cap);
    if (!more)
      free(w->text);
    w->text = more;
  }
  bool err = ferror(f);
  fclose(f);
  if (err) {
    free(w->text);
    errno = EIO;
    return false;
  }
  w->text[w->len] = '\0';
  return true;
}

static bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* The words of the next line (the line's text is cut in place). Returns
 * false at the end of the file. */
#define MAX_WORDS 4
static bool next_line(workload *w, char **words, int *nwords) {
  if (w->pos >= w->len)
    return false;
  char *p = w->text + w->pos, *end = w->text + w->len;
  char *eol = p;
  while (eol < end && *eol != '\n' && *eol != '\r')
    eol++;
  size_t next = (size_t)(eol - w->text) + 1;
  if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
    next++;
  *eol = '\0';
  w->pos = next;
  w->line++;
  *nwords = 0;
  while (p < eol) {
    while (p < eol && is_space(*p))
      p++;
    if (p >= eol)
      break;
    if (*nwords < MAX_WORDS)
      words[*nwords] = p;
    (*nwords)++;
    while (p < eol && !is_space(*p))
      p++;
    *p++ = '\0';
  }
  return true;
}

/* --- the run ------------------------------------------------------------- */

typedef struct {
  const options *o;
  ffs_fs fs;
  ffs_view view;
  json_writer *json;
  ffs_picture *picture;
  const char *file;
  long long line;
} run;

noreturn static void crashed(run *r) {
  fflush(stdout);
  if (r->line == 0) /* at the end, in the final dump or the spans */
    opts_die("%s, after the workload: %s", r->file, r->fs.error);
  opts_die("%s line %lld: %s", r->file, r->line, r->fs.error);
}

static void json_result(run *r, const char *op, const char *path, const char *size_text,
                        const ffs_result *res) {
  json_writer *w = r->json;
  json_object_begin_compact(w);
  json_kv_int(w, "line", r->line);
  json_kv_string(w, "op", op);
  if (path)
    json_kv_string(w, "path", path);
  if (size_text) {
    json_key(w, "size");
    json_raw(w, size_text);
  }
  if (res) {
    json_kv_bool(w, "ok", res->ok);
    if (!res->ok) {
      json_kv_string(w, "reason", res->reason);
    } else if (strcmp(op, "delete") != 0) {
      json_kv_int(w, "inode", res->inum);
      json_kv_int(w, "group", res->group);
      if (res->target_alloc != -1)
        json_kv_int(w, "data_group", res->target_alloc);
      const ffs_inode *rec = ffs_inode_of(&r->fs, res->inum);
      json_key(w, "blocks");
      json_array_begin_compact(w);
      for (size_t k = 0; rec && k < rec->nblocks; k++)
        json_int(w, rec->blocks[k]);
      json_array_end(w);
    } else {
      json_kv_int(w, "inode", res->inum);
    }
  }
  json_object_end(w);
}

static void stopped(run *r, ffs_step step) {
  if (step == FFS_STEP_CRASH)
    crashed(r);
  /* FFS_STEP_EXIT: the original printed its message and exits 1 */
  if (r->json)
    opts_die("%s line %lld: path already in mapping (the original's internal error)", r->file,
             r->line);
  exit(1);
}

static void after(run *r, const char *op, const char *path, const char *size_text,
                  const ffs_result *res, ffs_step step) {
  if (step != FFS_STEP_OK)
    stopped(r, step);
  if (r->json)
    json_result(r, op, path, size_text, res);
  if (r->picture) {
    char label[64];
    const char *word = !strcmp(op, "create") ? "file" : !strcmp(op, "mkdir") ? "dir" : op;
    snprintf(label, sizeof label, "%s %.40s%s%.12s", word, path, size_text ? " " : "",
             size_text ? size_text : "");
    ffs_picture_step(r->picture, &r->fs, label, res->ok);
  }
}

static void dump(run *r) {
  if (r->json) {
    json_result(r, "dump", NULL, NULL, NULL);
    return;
  }
  if (!ffs_print_dump(&r->fs, &r->view, stdout))
    crashed(r);
}

static void run_command(run *r, char **words, int nwords) {
  ffs_result res;
  const char *cmd = words[0];
  if (!strcmp(cmd, "file")) {
    if (nwords != 3)
      opts_die("%s line %lld: 'file' takes a path and a size (the original fails an assertion)",
               r->file, r->line);
    char *size_text;
    long long size;
    pynum_status st = pyint_parse_decimal(words[2], PYINT_PLAIN, &size_text);
    if (st == PYNUM_INVALID)
      opts_die("%s line %lld: invalid size '%s' (the original raises ValueError)", r->file, r->line,
               words[2]);
    if (pyint_parse(size_text, PYINT_PLAIN, &size) == PYNUM_RANGE)
      size = size_text[0] == '-' ? LLONG_MIN : LLONG_MAX;
    ffs_step step = ffs_create(&r->fs, words[1], size, size_text, &res);
    after(r, "create", words[1], size_text, &res, step);
    free(size_text);
  } else if (!strcmp(cmd, "dir")) {
    if (nwords != 2)
      opts_die("%s line %lld: 'dir' takes one path (the original fails an assertion)", r->file,
               r->line);
    after(r, "mkdir", words[1], NULL, &res, ffs_mkdir(&r->fs, words[1], &res));
  } else if (!strcmp(cmd, "delete")) {
    if (nwords != 2)
      opts_die("%s line %lld: 'delete' takes one path (the original fails an assertion)", r->file,
               r->line);
    after(r, "delete", words[1], NULL, &res, ffs_delete(&r->fs, words[1], &res));
  } else if (!strcmp(cmd, "dump")) {
    if (nwords != 1)
      opts_die("%s line %lld: 'dump' takes nothing (the original fails an assertion)", r->file,
               r->line);
    dump(r);
  } else {
    if (r->json)
      opts_die("%s line %lld: command not recognized: %s", r->file, r->line, cmd);
    printf("command not recognized %s\n", cmd);
    exit(1);
  }
}

static void validate(const options *o) {
  opts_check_range("-n/--num_groups", NULL, o->ngroups, 1, MAX_SLOTS);
  opts_check_range("-d/--datablocks_per_groups", NULL, o->blocks_per_group, 1, MAX_SLOTS);
  opts_check_range("-i/--inodes_per_group", NULL, o->inodes_per_group, 1, MAX_SLOTS);
  if (o->ngroups > MAX_SLOTS / o->blocks_per_group || o->ngroups > MAX_SLOTS / o->inodes_per_group)
    opts_die("options -n, -d, -i: at most %lld data blocks and %lld inodes in all", MAX_SLOTS,
             MAX_SLOTS);
  if (o->json && o->picture)
    opts_die("options --json and --picture cannot be combined");
}

int main(int argc, char **argv) {
  options o = {
      .seed = "0",
      .ngroups = 10,
      .blocks_per_group = 30,
      .inodes_per_group = 10,
      .large_file_exception = 30,
      .input_file = "/no/such/file",
      .faraway = 1,
      .contig = 1,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'n', "num_groups", OPT_INT, &o.ngroups, NULL, "number of block groups"},
      {'d', "datablocks_per_groups", OPT_INT, &o.blocks_per_group, NULL, "data blocks per group"},
      {'i', "inodes_per_group", OPT_INT, &o.inodes_per_group, NULL, "inodes per group"},
      {'L', "large_file_exception", OPT_INT, &o.large_file_exception, NULL,
       "0:off, N>0:blocks in group before spreading file to next group"},
      {'f', "input_file", OPT_STRING, &o.input_file, NULL, "command file"},
      {'I', "spread_inodes", OPT_FLAG, &o.spread_inodes, NULL,
       "Instead of putting file inodes in parent dir group, spread them evenly around all "
       "groups"},
      {'D', "spread_data", OPT_FLAG, &o.spread_data, NULL,
       "Instead of putting data near inode, spread them evenly around all groups"},
      {'A', "allocate_faraway", OPT_INT, &o.faraway, NULL,
       "When picking a group, examine this many groups at a time"},
      {'C', "contig_allocation_policy", OPT_INT, &o.contig, NULL,
       "number of contig free blocks needed to alloc"},
      {'T', "show_spans", OPT_FLAG, &o.show_spans, NULL, "show file and directory spans"},
      {'M', "show_symbol_map", OPT_FLAG, &o.show_symbol_map, NULL, "show symbol map"},
      {'B', "show_block_addresses", OPT_FLAG, &o.show_block_addresses, NULL,
       "show block addresses alongside groups"},
      {'S', "do_per_file_stats", OPT_FLAG, &o.per_file_stats, NULL,
       "print out detailed inode stats"},
      {'v', "show_file_ops", OPT_FLAG, &o.show_file_ops, NULL,
       "print out detailed per-op success/failure"},
      {'c', "compute", OPT_FLAG, &o.compute, NULL, "compute answers for me"},
      {0, "json", OPT_FLAG, &o.json, NULL,
       "print every operation, the groups, the files and the spans as JSON"},
      {0, "picture", OPT_FLAG, &o.picture, NULL,
       "after the output, draw the cylinder groups filling up, step by step"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  validate(&o);

  run r = {.o = &o, .file = o.input_file};
  r.view = (ffs_view){o.compute, o.show_block_addresses, o.show_symbol_map, o.per_file_stats};
  ffs_config cfg = {o.ngroups, o.blocks_per_group, o.inodes_per_group, o.large_file_exception,
                    o.contig,  o.faraway,          o.spread_inodes,    o.spread_data};
  if (!ffs_init(&r.fs, &cfg))
    opts_die("out of memory for %lld groups", o.ngroups);
  r.fs.out = o.json ? NULL : stdout;
  r.fs.verbose = o.show_file_ops && !o.json;

  workload w;
  if (!read_workload(o.input_file, &w))
    opts_die("option -f: cannot read '%s': %s", o.input_file, strerror(errno));

  if (o.json) {
    r.json = malloc(sizeof *r.json);
    if (!r.json)
      opts_die("out of memory");
    json_init(r.json, stdout);
    json_document_begin(r.json, "ffs", NULL, NULL);
    json_key(r.json, "operations");
    json_array_begin(r.json);
  }
  if (o.picture && !(r.picture = ffs_picture_new(&r.fs)))
    opts_die("out of memory");

  char *words[MAX_WORDS];
  int nwords;
  while (next_line(&w, words, &nwords)) {
    r.line = w.line;
    if (nwords > 0)
      run_command(&r, words, nwords > MAX_WORDS ? MAX_WORDS : nwords);
  }
  r.line = 0;

  ffs_spans spans = {0};
  bool spans_ok = !o.show_spans && !o.json ? true : ffs_compute_spans(&r.fs, &spans);
  if (o.json) {
    json_array_end(r.json);
    if (!spans_ok)
      crashed(&r);
    ffs_json_state(r.json, &r.fs);
    ffs_json_spans(r.json, &spans);
    json_object_end(r.json);
    json_finish(r.json);
    free(r.json);
  } else {
    if (!ffs_print_dump(&r.fs, &r.view, stdout))
      crashed(&r);
    if (o.show_spans) {
      ffs_print_spans(&spans, o.compute, stdout);
      if (!spans_ok)
        crashed(&r);
    }
    if (r.picture)
      ffs_picture_print(r.picture, &r.fs, stdout);
  }
  ffs_free_spans(&spans);
  ffs_picture_free(r.picture);
  free(w.text);
  ffs_free(&r.fs);
  return 0;
}
