/* The policies of the scheduler simulator: FIFO, SJF and round robin as in
 * the original, with the float arithmetic done in the same order so that every
 * printed figure matches, plus two extensions: arrival times and STCF.
 *
 * Every policy takes the jobs in job-number order (jobs[i].id == i), n >= 1.
 * A job cannot run before its arrival; when no job has arrived the CPU idles
 * (no slice is reported). With every arrival at 0 the policies do exactly what
 * the original does. Response is first run - arrival, turnaround completion -
 * arrival, wait the time spent ready but not running (turnaround - length). */
#ifndef SCHED_POLICY_H
#define SCHED_POLICY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  long id;        /* job number, as printed */
  double length;  /* run time */
  double arrival; /* 0 unless given with --arrivals */
} sched_job;

typedef struct {
  long id;
  double response, turnaround, wait;
} sched_job_stats;

typedef struct {
  /* per job, in the order the statistics are listed: run order for
     * FIFO/SJF, completion order for STCF, job number order for RR */
  sched_job_stats *jobs;
  size_t njobs;
  double avg_response, avg_turnaround, avg_wait;
} sched_result;

/* Called for every slice of CPU time, in time order. */
typedef void (*sched_slice_fn)(void *ctx, long id, double start, double ran, bool done);

/* Each job to completion, in order of arrival (ties by job number). */
sched_result sched_fifo(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx);

/* Non-preemptive: whenever the CPU is free, the shortest job that has arrived
 * runs to completion (ties by job number). */
sched_result sched_sjf(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx);

/* Preemptive: at every arrival, the job with the least time left runs (ties
 * by job number). A job that keeps the CPU across an arrival stays in one
 * slice. */
sched_result sched_stcf(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx);

/* Round robin with a FIFO run queue, quantum > 0. A job joins the tail when it
 * arrives; jobs arriving during a slice, or when it ends, join before the job
 * whose slice ended. */
sched_result sched_rr(const sched_job *jobs, size_t n, double quantum, sched_slice_fn on_slice,
                      void *ctx);

/* Number of slices RR will produce (to refuse runs that would never end). */
double sched_rr_slices(const sched_job *jobs, size_t n, double quantum);

/* The time the last job finishes, the same under every policy here (none
 * idles while a job is ready). */
double sched_makespan(const sched_job *jobs, size_t n);

void sched_result_free(sched_result *r);

#endif
