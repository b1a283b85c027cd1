/* disk's JSON document and terminal picture. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

void record_add(disk_record *r, const disk_done *d) {
  r->total++;
  r->seek += d->seek;
  r->rotate += d->rotate;
  r->transfer += d->transfer;
  if (r->count >= r->limit)
    return;
  if (r->count == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 256;
    disk_done *items = realloc(r->items, cap * sizeof *items);
    if (!items) {
      r->limit = r->count; /* keep what fits */
      return;
    }
    r->items = items;
    r->cap = cap;
  }
  r->items[r->count++] = *d;
}

void record_free(disk_record *r) {
  free(r->items);
  r->items = NULL;
  r->count = r->cap = 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_ints(json_writer *w, const char *key, const long long *v, size_t n) {
  json_key(w, key);
  json_array_begin_compact(w);
  for (size_t i = 0; i < n; i++)
    json_int(w, v[i]);
  json_array_end(w);
}

/* -S and -R are texts the original reads as numbers. */
static bool speed_option(json_writer *w, const opt_spec *spec, void *ctx) {
  const disk_options *o = ctx;
  if (spec->short_name == 'S')
    json_double(w, o->seek_speed);
  else if (spec->short_name == 'R')
    json_double(w, o->rotate_speed);
  else
    return false;
  return true;
}

void disk_print_json(FILE *out, const disk_options *o, const disk_layout *l,
                     const long long *requests, size_t nrequests, const long long *late,
                     size_t nlate, const disk_record *r) {
  json_writer w;
  json_init(&w, out);
  json_document_begin(&w, "disk", speed_option, (void *)o);

  json_key(&w, "tracks");
  json_array_begin(&w);
  for (int t = 0; t < DISK_TRACKS; t++) {
    json_object_begin_compact(&w);
    json_kv_int(&w, "track", t);
    json_kv_int(&w, "angle_step", l->step[t]);
    json_kv_int(&w, "first_block", l->first[t]);
    json_kv_int(&w, "blocks", l->count[t]);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_key(&w, "blocks");
  json_array_begin(&w);
  for (int b = 0; b < l->nblocks; b++) {
    const disk_block *blk = &l->blocks[b];
    json_object_begin_compact(&w);
    json_kv_int(&w, "block", b);
    json_kv_int(&w, "track", blk->track);
    json_kv_int(&w, "angle", blk->angle);
    json_kv_int(&w, "start_angle", blk->start);
    json_kv_int(&w, "end_angle", blk->end);
    json_object_end(&w);
  }
  json_array_end(&w);

  json_ints(&w, "requests", requests, nrequests);
  json_ints(&w, "late_requests", late, nlate);

  json_key(&w, "schedule");
  json_array_begin(&w);
  for (size_t i = 0; i < r->count; i++) {
    const disk_done *d = &r->items[i];
    long long total = d->seek + d->rotate + d->transfer;
    json_object_begin_compact(&w);
    json_kv_int(&w, "block", d->block);
    json_kv_int(&w, "queue_index", d->index);
    json_kv_int(&w, "from_track", d->from_track);
    json_kv_int(&w, "track", d->track);
    json_kv_int(&w, "begin", d->begin);
    json_kv_int(&w, "seek", d->seek);
    json_kv_int(&w, "rotate", d->rotate);
    json_kv_int(&w, "transfer", d->transfer);
    json_kv_int(&w, "total", total);
    json_kv_int(&w, "end", d->begin + total);
    json_object_end(&w);
  }
  json_array_end(&w);

  json_key(&w, "totals");
  json_object_begin_compact(&w);
  json_kv_int(&w, "requests", (long long)r->total);
  json_kv_int(&w, "seek", r->seek);
  json_kv_int(&w, "rotate", r->rotate);
  json_kv_int(&w, "transfer", r->transfer);
  json_kv_int(&w, "time", r->clock);
  json_object_end(&w);
  json_object_end(&w);
  json_finish(&w);
}

/* ---- the picture -------------------------------------------------------- */

#define PLATTER_COLUMNS 90 /* 4 degrees each */
#define TIMELINE_WIDTH  48

static const char *track_names[DISK_TRACKS] = {"outer", "middle", "inner"};

/* Each track as a row, blocks placed at the angle where the head meets
 * them; a list when they are too close together to label. */
static void print_platter(FILE *out, const disk_layout *l) {
  bool room = true;
  for (int t = 0; t < DISK_TRACKS; t++)
    if (l->count[t] > 1 && l->step[t] < 16)
      room = false;
  fprintf(out, "Platter, unrolled: one row per track, the angle under the head from 0 to 359\n"
               "degrees left to right. The head starts over the outer track at angle 0; as the\n"
               "platter turns, the angle grows, so blocks pass the head from left to right.\n\n");
  if (room) {
    char scale[PLATTER_COLUMNS + 8];
    memset(scale, ' ', sizeof scale);
    const int marks[] = {0, 90, 180, 270};
    for (int i = 0; i < 4; i++) {
      char label[8];
      int n = snprintf(label, sizeof label, "%d", marks[i]);
      memcpy(scale + marks[i] / 4, label, (size_t)n);
    }
    int end = PLATTER_COLUMNS;
    while (end > 0 && scale[end - 1] == ' ')
      end--;
    scale[end] = '\0';
    fprintf(out, "  angle          |%s\n", scale);
    for (int t = 0; t < DISK_TRACKS; t++) {
      char row[PLATTER_COLUMNS + 8];
      memset(row, ' ', sizeof row);
      int last = 0;
      for (int k = 0; k < l->count[t]; k++) {
        const disk_block *b = &l->blocks[l->first[t] + k];
        int col = b->angle / 4;
        char label[16];
        int n = snprintf(label, sizeof label, "%d", l->first[t] + k);
        int at = col - (n - 1) / 2;
        if (at < 0)
          at = 0;
        if (at + n > PLATTER_COLUMNS + 4)
          at = PLATTER_COLUMNS + 4 - n;
        memcpy(row + at, label, (size_t)n);
        if (at + n > last)
          last = at + n;
      }
      row[last] = '\0';
      fprintf(out, "  track %d %-6s |%s\n", t, track_names[t], row);
    }
  } else {
    for (int t = 0; t < DISK_TRACKS; t++) {
      fprintf(out, "  track %d %-6s (block@angle):", t, track_names[t]);
      int col = 32;
      for (int k = 0; k < l->count[t]; k++) {
        int b = l->first[t] + k;
        char item[32];
        int n = snprintf(item, sizeof item, " %d@%d", b, l->blocks[b].angle);
        if (col + n > 78) {
          fprintf(out, "\n   ");
          col = 3;
        }
        fputs(item, out);
        col += n;
      }
      fputc('\n', out);
    }
  }
  fputc('\n', out);
}

/* The head's move for one request: from its track to the block's. */
static void head_path(char path[10], int from, int to) {
  memset(path, ' ', 9);
  path[9] = '\0';
  int a = from < to ? from : to, b = from < to ? to : from;
  for (int c = a * 4; c <= b * 4; c++)
    path[c] = '-';
  path[from * 4] = '+';
  path[to * 4] = 'o';
}

/* Which phase covers most of [lo, hi): 's'eek, 'r'otate, 't'ransfer. */
static char phase_at(const disk_done *d, long long lo, long long hi) {
  long long edges[4] = {d->begin, d->begin + d->seek, d->begin + d->seek + d->rotate,
                        d->begin + d->seek + d->rotate + d->transfer};
  const char marks[3] = {'-', '.', '#'};
  long long best = 0;
  char mark = ' ';
  for (int p = 0; p < 3; p++) {
    long long a = edges[p] > lo ? edges[p] : lo, b = edges[p + 1] < hi ? edges[p + 1] : hi;
    if (b - a > best) {
      best = b - a;
      mark = marks[p];
    }
  }
  return mark;
}

void disk_print_picture(FILE *out, const disk_options *o, const disk_layout *l,
                        const disk_record *r) {
  (void)o;
  print_platter(out, l);
  if (r->count == 0) {
    fprintf(out, "No requests.\n");
    return;
  }
  const disk_done *lastd = &r->items[r->count - 1];
  long long span = lastd->begin + lastd->seek + lastd->rotate + lastd->transfer;
  long long unit = (span + TIMELINE_WIDTH - 1) / TIMELINE_WIDTH;
  if (unit < 1)
    unit = 1;
  fprintf(out,
          "Requests in the order served. Head path: the tracks outer, middle, inner\n"
          "left to right; + where the head was, o where the block is. Timeline: one\n"
          "column is %lld time unit%s; - seek, . rotate, # transfer.\n\n",
          unit, unit == 1 ? "" : "s");
  fprintf(out, "    #  block  seek rotate xfer  begin  head path  timeline\n");
  for (size_t i = 0; i < r->count; i++) {
    const disk_done *d = &r->items[i];
    char path[10];
    head_path(path, d->from_track, d->track);
    fprintf(out, "%5zu  %5d %5lld %6lld %4lld %6lld  %s  |", i + 1, d->block, d->seek, d->rotate,
            d->transfer, d->begin, path);
    long long end = d->begin + d->seek + d->rotate + d->transfer;
    long long last_col = (end - 1) / unit;
    char line[TIMELINE_WIDTH + 1];
    int n = 0;
    for (long long c = 0; c <= last_col && c < TIMELINE_WIDTH; c++)
      line[n++] = phase_at(d, c * unit, (c + 1) * unit);
    /* Short phases still show: the seek's first column, the transfer's
     * last. */
    if (d->seek > 0 && d->begin / unit < n)
      line[d->begin / unit] = '-';
    if (d->transfer > 0 && n > 0)
      line[n - 1] = '#';
    fwrite(line, 1, (size_t)n, out);
    if (end == d->begin)
      fputc('|', out);
    fputc('\n', out);
  }
  if (r->total > r->count)
    fprintf(out, "  ... %zu more request%s not drawn\n", r->total - r->count,
            r->total - r->count == 1 ? "" : "s");
  fprintf(out, "\n  total: seek %lld, rotate %lld, transfer %lld; all done at time %lld\n", r->seek,
          r->rotate, r->transfer, r->clock);
}
