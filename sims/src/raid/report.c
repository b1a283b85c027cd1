#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "opts.h"

/* --- layout picture ------------------------------------------------------ */

#define LAYOUT_MAX_ROWS 64
#define LABEL_LEN       24

static const char *level_name(const raid_array *a) {
  switch (a->level) {
  case 0: return "RAID-0 (striping)";
  case 1: return "RAID-1 (mirrored pairs)";
  case 4: return "RAID-4 (parity disk)";
  default:
    return a->left_symmetric ? "RAID-5 (rotated parity, left-symmetric)"
                             : "RAID-5 (rotated parity, left-asymmetric)";
  }
}

/* Stripes worth drawing: a full parity rotation for RAID-5, else a few. */
static long long layout_stripes(const raid_array *a) {
  return a->level == 5 ? a->ndisks : 4;
}

/* Data blocks in one stripe (one row of chunks across the disks). */
static long long stripe_blocks(const raid_array *a) {
  switch (a->level) {
  case 0: return a->ndisks * a->chunk;
  case 1: return a->ndisks / 2 * a->chunk;
  default: return a->stripe_data;
  }
}

void raid_print_layout(const raid_array *a, FILE *out) {
  long long rows = layout_stripes(a) * a->chunk;
  bool truncated = rows > LAYOUT_MAX_ROWS;
  if (truncated)
    rows = LAYOUT_MAX_ROWS;
  int ndisks = a->ndisks;
  char(*cells)[LABEL_LEN] = calloc((size_t)(rows * ndisks), LABEL_LEN);
  if (!cells)
    return;
#define CELL(row, disk) cells[(row)*ndisks + (disk)]

  long long nblocks = layout_stripes(a) * stripe_blocks(a);
  for (long long b = 0; b < nblocks; b++) {
    int disk;
    long long offset;
    raid_map(a, b, &disk, &offset);
    if (offset >= rows)
      continue;
    snprintf(CELL(offset, disk), LABEL_LEN, "%lld", b);
    if (a->level == 1)
      snprintf(CELL(offset, disk + 1), LABEL_LEN, "%lld", b);
  }
  if (a->level == 4 || a->level == 5)
    for (long long row = 0; row < rows; row++)
      snprintf(CELL(row, raid_parity_disk(a, row / a->chunk)), LABEL_LEN, "P%lld", row / a->chunk);

  int width = 6;
  for (long long i = 0; i < rows * ndisks; i++)
    if ((int)strlen(cells[i]) + 2 > width)
      width = (int)strlen(cells[i]) + 2;

  fprintf(out, "%s: %d disks, chunk of %lld block%s (%lld bytes)\n", level_name(a), ndisks,
          a->chunk, a->chunk == 1 ? "" : "s", a->chunk * RAID_BLOCK_SIZE);
  fprintf(out, "Each cell is the logical block stored at that offset of that disk");
  fprintf(out, a->level == 4 || a->level == 5 ? "; Pn is the parity of stripe n.\n" : ".\n");
  fprintf(out, "\n%-8s", "offset");
  for (int d = 0; d < ndisks; d++) {
    char head[24];
    snprintf(head, sizeof head, "disk %d", d);
    fprintf(out, "%*s", width + 1, head);
  }
  fprintf(out, "\n");
  for (long long row = 0; row < rows; row++) {
    fprintf(out, "%-8lld", row);
    for (int d = 0; d < ndisks; d++)
      fprintf(out, "%*s", width + 1, CELL(row, d));
    fprintf(out, "\n");
    /* A rule between stripes when chunks span several rows. */
    if (a->chunk > 1 && (row + 1) % a->chunk == 0 && row + 1 < rows) {
      fprintf(out, "%-8s", "");
      for (int i = 0; i < (width + 1) * ndisks; i++)
        fputc('-', out);
      fputc('\n', out);
    }
  }
  if (truncated)
    fprintf(out, "%-8s(the pattern continues)\n", "...");
#undef CELL
  free(cells);
}

/* --- JSON ---------------------------------------------------------------- */

typedef struct {
  json_writer *w;
  long long reads, writes;
} json_ctx;

static void json_op(void *ctx, const raid_op *op) {
  json_ctx *j = ctx;
  json_object_begin_compact(j->w);
  json_kv_string(j->w, "op", op->write ? "write" : "read");
  json_kv_int(j->w, "disk", op->disk);
  json_kv_int(j->w, "offset", op->offset);
  json_object_end(j->w);
  if (op->write)
    j->writes++;
  else
    j->reads++;
}

/* The options, then what the array made of them. */
static void json_args(json_writer *w, const raid_options *o) {
  json_document_begin(w, "raid", NULL, NULL);
  json_kv_int(w, "block_size", RAID_BLOCK_SIZE);
  json_kv_int(w, "chunk_blocks", o->chunk_blocks);
  json_kv_int(w, "request_blocks", o->size_blocks);
  json_kv_bool(w, "sequential", o->sequential);
}

static void json_disks(json_writer *w, const raid_array *a) {
  double total;
  bool any_io = raid_total_time(a, &total);
  json_key(w, "disks");
  json_array_begin(w);
  for (int d = 0; d < a->ndisks; d++) {
    const raid_disk *disk = &a->disks[d];
    json_object_begin_compact(w);
    json_kv_int(w, "disk", d);
    json_kv_int(w, "ios", disk->ios);
    json_kv_int(w, "sequential", disk->sequential);
    json_kv_int(w, "nearly", disk->nearly);
    json_kv_int(w, "random", disk->random);
    json_kv_double(w, "busy_time", disk->busy);
    json_kv_double(w, "utilization", total > 0.0 ? 100.0 * disk->busy / total : 0.0);
    json_object_end(w);
  }
  json_array_end(w);
  if (any_io)
    json_kv_double(w, "total_time", total);
  else
    json_kv_int(w, "total_time", 0);
}

/* Runs the workload without output, to learn whether it fits the disks. */
static bool dry_run(const raid_options *o, const raid_array *a, raid_workload w, raid_op *bad_op,
                    long long *bad_block) {
  raid_array probe;
  if (!raid_init(&probe, a->level, a->ndisks, a->chunk, a->left_symmetric))
    opts_die("out of memory for %d disks", a->ndisks);
  bool ok = true;
  for (long long i = 0; i < o->nrequests && ok; i++) {
    long long block;
    bool write;
    raid_workload_next(&w, &block, &write);
    ok = raid_request(&probe, block, o->size_blocks, write, NULL, NULL, bad_op);
    if (!ok)
      *bad_block = block;
  }
  raid_free(&probe);
  return ok;
}

bool raid_run_json(const raid_options *o, raid_array *a, raid_workload *wl, FILE *out,
                   raid_op *bad_op, long long *bad_block) {
  /* A failing run prints nothing, so it is tried quietly first. */
  if (!dry_run(o, a, *wl, bad_op, bad_block))
    return false;
  json_writer w;
  json_init(&w, out);
  json_ctx ctx = {.w = &w};
  long long nwrites = 0;

  json_args(&w, o);
  json_key(&w, "requests");
  json_array_begin(&w);
  for (long long i = 0; i < o->nrequests; i++) {
    long long block;
    bool write;
    raid_workload_next(wl, &block, &write);
    nwrites += write;
    json_object_begin_compact(&w);
    json_kv_int(&w, "block", block);
    json_kv_int(&w, "blocks", o->size_blocks);
    json_kv_string(&w, "kind", write ? "write" : "read");
    json_key(&w, "ops");
    json_array_begin_compact(&w);
    raid_request(a, block, o->size_blocks, write, json_op, &ctx, NULL);
    json_array_end(&w);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_disks(&w, a);
  json_key(&w, "totals");
  json_object_begin_compact(&w);
  json_kv_int(&w, "requests", o->nrequests > 0 ? o->nrequests : 0);
  json_kv_int(&w, "logical_writes", nwrites);
  json_kv_int(&w, "physical_reads", ctx.reads);
  json_kv_int(&w, "physical_writes", ctx.writes);
  json_object_end(&w);
  json_object_end(&w);
  json_finish(&w);
  return true;
}
