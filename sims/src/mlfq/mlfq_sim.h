/* The multi-level feedback queue of OSTEP chapter 8, tick by tick, with the
 * original simulator's rules and quirks (see mlfq(1)). */
#ifndef MLFQ_SIM_H
#define MLFQ_SIM_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  long long start, run, io_freq; /* io_freq <= 0: never does I/O */
} mlfq_job;

typedef struct {
  int nqueues;                /* queue nqueues-1 is the highest priority */
  const long long *quantum;   /* per queue, ticks per slice, >= 1 */
  const long long *allotment; /* per queue, slices before demotion */
  long long boost;            /* boost period in ticks, 0 = never */
  long long io_time;          /* ticks an I/O takes, >= 0 */
  bool stay;                  /* -S: reset ticks and allotment on I/O */
  bool iobump;                /* -I: a job back from I/O goes to the front */
} mlfq_config;

typedef enum {
  MLFQ_BOOST,    /* every job back to the top queue */
  MLFQ_BEGIN,    /* a job enters the system */
  MLFQ_IO_DONE,  /* a job's I/O completed */
  MLFQ_IDLE,     /* nothing to run this tick */
  MLFQ_RUN,      /* a job ran for this tick */
  MLFQ_FINISHED, /* the job that ran is done (time is the tick after) */
  MLFQ_IO_START, /* the job that ran issued an I/O */
} mlfq_event_kind;

typedef struct {
  mlfq_event_kind kind;
  long long time;
  long job;
  /* MLFQ_RUN only: the queue it ran in and its counters after the tick */
  int queue;
  long long ticks_left, allot_left, time_left, run_time;
} mlfq_event;

typedef void (*mlfq_event_fn)(void *ctx, const mlfq_event *e);

typedef struct {
  long long first_run, end;
} mlfq_result;

/* Runs all jobs to completion; results[i] gets job i's first run and end
 * time. Returns 0, or -1 if a job has a run time below 1 (which the original
 * cannot simulate either). Memory is O(jobs); time O(ticks). */
int mlfq_simulate(const mlfq_config *cfg, const mlfq_job *jobs, size_t n, mlfq_result *results,
                  mlfq_event_fn on_event, void *ctx);

#endif
