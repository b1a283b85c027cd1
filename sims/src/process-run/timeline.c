#include "timeline.h"

#include <stdlib.h>
#include <string.h>

char pr_timeline_mark(const pr_sim *s, const pr_tick *t, size_t pid) {
  if (pid == t->proc && t->executed >= 0)
    return "#id"[t->executed];
  switch (s->procs[pid].state) {
  case PR_BLOCKED: return '=';
  case PR_DONE: return ' ';
  default: return '.';
  }
}

typedef struct {
  FILE *out;
  size_t rows;     /* process rows drawn */
  int label;       /* width of the row labels */
  long long first; /* tick of the block's first column */
  int filled;      /* columns of the block filled so far */
  char *cells;     /* (rows + 2) x TIMELINE_BLOCK */
} drawing;

static char *row(drawing *d, size_t r) {
  return d->cells + r * TIMELINE_BLOCK;
}

static void print_row(drawing *d, const char *label, const char *cells) {
  int n = d->filled;
  while (n > 0 && cells[n - 1] == ' ')
    n--;
  if (n == 0)
    fprintf(d->out, "%s\n", label);
  else
    fprintf(d->out, "%-*s%.*s\n", d->label, label, n, cells);
}

static void flush_block(drawing *d) {
  if (d->filled == 0)
    return;
  if (d->first > 1)
    fputc('\n', d->out);
  /* Tick numbers every ten columns, when they fit. */
  char axis[TIMELINE_BLOCK + 32];
  memset(axis, ' ', sizeof axis);
  int end = 0;
  for (int c = 0; c < d->filled; c++) {
    long long tick = d->first + c;
    if ((tick - 1) % 10 != 0 || c < end)
      continue;
    char num[24];
    int len = snprintf(num, sizeof num, "%lld", tick);
    memcpy(axis + c, num, (size_t)len);
    end = c + len + 1;
  }
  if (end > 0)
    end--;
  fprintf(d->out, "%-*s%.*s\n", d->label, "Time", end, axis);
  char label[32];
  for (size_t r = 0; r < d->rows; r++) {
    snprintf(label, sizeof label, "PID:%2zu", r);
    print_row(d, label, row(d, r));
  }
  print_row(d, "CPU", row(d, d->rows));
  print_row(d, "IOs", row(d, d->rows + 1));
  d->first += d->filled;
  d->filled = 0;
}

static void on_tick(void *ctx, const pr_sim *s, const pr_tick *t) {
  drawing *d = ctx;
  int c = d->filled++;
  for (size_t r = 0; r < d->rows; r++)
    row(d, r)[c] = pr_timeline_mark(s, t, r);
  row(d, d->rows)[c] = t->executed >= 0 ? '#' : ' ';
  row(d, d->rows + 1)[c] = t->ios == 0 ? ' ' : t->ios > 9 ? '+' : (char)('0' + t->ios);
  if (d->filled == TIMELINE_BLOCK)
    flush_block(d);
}

bool pr_print_timeline(pr_sim *s, FILE *out) {
  drawing d = {.out = out, .first = 1};
  d.rows = s->n < TIMELINE_MAX_ROWS ? s->n : TIMELINE_MAX_ROWS;
  char widest[32];
  d.label = snprintf(widest, sizeof widest, "PID:%2zu", d.rows ? d.rows - 1 : 0) + 2;
  d.cells = malloc((d.rows + 2) * TIMELINE_BLOCK);
  if (!d.cells)
    abort();
  fprintf(out, "\nTimeline, one column per tick: '#' runs a CPU instruction, 'i' starts an I/O,\n"
               "'d' handles its completion, '=' waits for the I/O, '.' is ready; the IOs row\n"
               "counts the I/Os in flight.\n\n");
  bool ok = pr_run(s, on_tick, &d);
  flush_block(&d);
  if (s->n > d.rows)
    fprintf(out, "(%zu more processes not drawn)\n", s->n - d.rows);
  free(d.cells);
  return ok;
}
