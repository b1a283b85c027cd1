#include "gantt.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* What a cell shows. Cells that say a job ran: CELL_CPU + cpu, or
 * CELL_MARK + a character given by the caller. */
enum {
  CELL_EMPTY = 0,
  CELL_WAIT = 1,
  CELL_IO = 2,
  CELL_MANY = 3,
  CELL_CPU = 16,
  CELL_MARK = 0x8000
};

struct gantt {
  size_t njobs, rows;
  int ncpus;
  double total;
  long columns;
  double ticks_per_column;
  const char *legend;    /* NULL: the default for ncpus */
  unsigned short *cells; /* rows x columns */
};

gantt *gantt_new(size_t njobs, double total_ticks, int ncpus) {
  gantt *g = calloc(1, sizeof *g);
  if (!g)
    abort();
  g->njobs = njobs;
  g->rows = njobs < GANTT_MAX_ROWS ? njobs : GANTT_MAX_ROWS;
  g->ncpus = ncpus;
  g->total = total_ticks > 0 && isfinite(total_ticks) ? total_ticks : 0;
  double ticks = ceil(g->total);
  /* whole ticks per column, so the axis labels stay integers */
  g->ticks_per_column = ticks <= GANTT_WIDTH ? 1 : ceil(ticks / GANTT_WIDTH);
  g->columns = (long)ceil(ticks / g->ticks_per_column);
  if (g->columns < 1)
    g->columns = 1;
  g->cells = calloc(g->rows * (size_t)g->columns, sizeof *g->cells);
  if (!g->cells)
    abort();
  return g;
}

/* Columns overlapped by [from, to); empty when the span is empty. */
static void column_range(const gantt *g, double from, double to, long *first, long *last) {
  *first = (long)floor(from / g->ticks_per_column);
  *last = to > from ? (long)ceil(to / g->ticks_per_column) - 1 : *first - 1;
  if (*first < 0)
    *first = 0;
  if (*last >= g->columns)
    *last = g->columns - 1;
}

/* Marks the columns of [start, start + length) of a job's row with a run
 * cell: it replaces waiting and I/O, and two different runs in one column
 * show as several. */
static void put_run(gantt *g, size_t job, double start, double length, unsigned short mark) {
  if (job >= g->rows || !(length > 0))
    return;
  long first, last;
  column_range(g, start, start + length, &first, &last);
  for (long c = first; c <= last; c++) {
    unsigned short *cell = &g->cells[job * (size_t)g->columns + (size_t)c];
    if (*cell < CELL_MANY)
      *cell = mark;
    else if (*cell != mark)
      *cell = CELL_MANY;
  }
}

/* Fills the columns of [from, to) that show nothing better with state. */
static void put_state(gantt *g, size_t job, double from, double to, unsigned short state) {
  if (job >= g->rows)
    return;
  long first, last;
  column_range(g, from, to, &first, &last);
  for (long c = first; c <= last; c++) {
    unsigned short *cell = &g->cells[job * (size_t)g->columns + (size_t)c];
    if (*cell < state)
      *cell = state;
  }
}

void gantt_run(gantt *g, size_t job, int cpu, double start, double length) {
  int c = cpu < 0 ? 0 : cpu > 1000 ? 1000 : cpu;
  put_run(g, job, start, length, (unsigned short)(CELL_CPU + c));
}

void gantt_run_mark(gantt *g, size_t job, char mark, double start, double length) {
  put_run(g, job, start, length, (unsigned short)(CELL_MARK + (unsigned char)mark));
}

void gantt_io(gantt *g, size_t job, double start, double length) {
  if (length > 0)
    put_state(g, job, start, start + length, CELL_IO);
}

void gantt_span(gantt *g, size_t job, double arrive, double finish) {
  put_state(g, job, arrive, finish, CELL_WAIT);
}

void gantt_legend(gantt *g, const char *legend) {
  g->legend = legend;
}

static char cell_char(const gantt *g, unsigned short cell) {
  if (cell == CELL_EMPTY)
    return ' ';
  if (cell == CELL_WAIT)
    return '.';
  if (cell == CELL_IO)
    return 'o';
  if (cell == CELL_MANY)
    return '*';
  if (cell >= CELL_MARK)
    return (char)(cell - CELL_MARK);
  if (g->ncpus <= 1)
    return '#';
  int cpu = cell - CELL_CPU;
  return cpu < 10 ? (char)('0' + cpu) : '+';
}

void gantt_print(const gantt *g, FILE *out) {
  long step = (long)g->ticks_per_column;
  const char *legend = g->legend       ? g->legend
                       : g->ncpus <= 1 ? "'#' running, '.' waiting"
                                       : "digit = CPU running the job, '*' several, '.' waiting";
  fprintf(out, "\nGantt chart (one column = %ld tick%s; %s):\n", step, step == 1 ? "" : "s",
          legend);
  /* rows are labelled 'Job N' with N as wide as the largest shown */
  int idwidth = snprintf(NULL, 0, "%zu", g->rows ? g->rows - 1 : 0);
  int margin = 4 + idwidth + 1;
  /* axis: a time label and a tick mark every 10 columns */
  fprintf(out, "%*s", margin, "");
  for (long c = 0; c < g->columns; c += 10) {
    char label[32];
    int n = snprintf(label, sizeof label, "%ld", c * step);
    fprintf(out, c + 10 < g->columns ? "%-10s" : "%s", n <= 10 ? label : "");
  }
  fprintf(out, "\n%*s", margin, "");
  for (long c = 0; c < g->columns; c += 10)
    fputs(c + 10 < g->columns ? "|         " : "|", out);
  fputc('\n', out);
  for (size_t j = 0; j < g->rows; j++) {
    fprintf(out, "Job %*zu ", idwidth, j);
    const unsigned short *row = &g->cells[j * (size_t)g->columns];
    long len = g->columns;
    while (len > 0 && row[len - 1] == CELL_EMPTY)
      len--;
    for (long c = 0; c < len; c++)
      fputc(cell_char(g, row[c]), out);
    fputc('\n', out);
  }
  if (g->njobs > g->rows)
    fprintf(out, "(%zu more jobs not shown)\n", g->njobs - g->rows);
}

void gantt_free(gantt *g) {
  if (!g)
    return;
  free(g->cells);
  free(g);
}
