/* Terminal Gantt charts for the scheduling simulators (--gantt): one row per
 * job, one column per tick, or per several ticks when the run is long.
 *
 *   '#'   the job ran (on a one-CPU machine)
 *   0-9   the CPU it ran on (machines with several CPUs; '*' = more than one
 *         CPU within the column, '+' = CPU 10 or above)
 *   '.'   the job was waiting: arrived, not finished, not running
 *   'o'   the job was doing I/O (gantt_io)
 *   other a mark the simulator chose for a run (gantt_run_mark), e.g. the
 *         queue the job ran in; the legend then says what it means
 *
 * In a column of several ticks a run beats I/O, and I/O beats waiting.
 * Rows beyond GANTT_MAX_ROWS are summarised in one line, so a million jobs
 * still give a short picture. */
#ifndef SIMS_GANTT_H
#define SIMS_GANTT_H

#include <stddef.h>
#include <stdio.h>

#define GANTT_MAX_ROWS 40
#define GANTT_WIDTH    64

typedef struct gantt gantt;

/* A chart of njobs rows over [0, total_ticks); ncpus decides the marks. */
gantt *gantt_new(size_t njobs, double total_ticks, int ncpus);
/* Job ran on cpu from start for length ticks. */
void gantt_run(gantt *g, size_t job, int cpu, double start, double length);
/* Job ran from start for length ticks, shown as mark. */
void gantt_run_mark(gantt *g, size_t job, char mark, double start, double length);
/* Job was doing I/O from start for length ticks. */
void gantt_io(gantt *g, size_t job, double start, double length);
/* Job was in the system (waiting when not running) from arrive to finish. */
void gantt_span(gantt *g, size_t job, double arrive, double finish);
/* Replaces the legend after the column width in the chart's title, e.g.
 * "digit = queue, 'o' doing I/O, '.' ready". The text must outlive g. */
void gantt_legend(gantt *g, const char *legend);
/* Prints the chart; row labels are 'Job N'. */
void gantt_print(const gantt *g, FILE *out);
void gantt_free(gantt *g);

#endif
