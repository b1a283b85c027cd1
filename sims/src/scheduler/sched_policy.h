/* The policies of the scheduler simulator: FIFO, SJF and round robin over
 * jobs that all arrive at time 0, with the float arithmetic done in the same
 * order as the original so that every printed figure matches. */
#ifndef SCHED_POLICY_H
#define SCHED_POLICY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    long id;       /* job number, as printed */
    double length; /* run time */
} sched_job;

typedef struct {
    long id;
    double response, turnaround, wait;
} sched_job_stats;

typedef struct {
    /* per job, in the order the statistics are listed: run order for
     * FIFO/SJF, job number order for RR */
    sched_job_stats *jobs;
    size_t njobs;
    double avg_response, avg_turnaround, avg_wait;
} sched_result;

/* Called for every slice of CPU time, in time order. */
typedef void (*sched_slice_fn)(void *ctx, long id, double start, double ran, bool done);

/* Stable sort by length: SJF is FIFO on the sorted list. */
void sched_sjf_order(sched_job *jobs, size_t n);

/* Runs the jobs in the given order, each to completion. n >= 1. */
sched_result sched_fifo(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx);

/* Round robin with a FIFO run queue; jobs[i].id must be i. quantum > 0, n >= 1. */
sched_result sched_rr(const sched_job *jobs, size_t n, double quantum, sched_slice_fn on_slice, void *ctx);

/* Number of slices RR will produce (to refuse runs that would never end). */
double sched_rr_slices(const sched_job *jobs, size_t n, double quantum);

void sched_result_free(sched_result *r);

#endif
