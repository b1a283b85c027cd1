/* Terminal Gantt charts for the scheduling simulators (--gantt): one row per
 * job, one column per tick, or per several ticks when the run is long.
 *
 *   '#'   the job ran (on a one-CPU machine)
 *   0-9   the CPU it ran on (machines with several CPUs; '*' = more than one
 *         CPU within the column, '+' = CPU 10 or above)
 *   '.'   the job was waiting: arrived, not finished, not running
 *
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
/* Job was in the system (waiting when not running) from arrive to finish. */
void gantt_span(gantt *g, size_t job, double arrive, double finish);
/* Prints the chart; row labels are 'Job N'. */
void gantt_print(const gantt *g, FILE *out);
void gantt_free(gantt *g);

#endif
