/* The multi-CPU scheduling simulation of OSTEP's multi.py: one central
 * queue or one queue per CPU, CPU affinity, cache warmth per CPU, work
 * stealing (with the original's bug in its affinity test), quantum
 * interrupts, and the same random draws in the same order. */
#ifndef MULTI_H
#define MULTI_H

#include <stdbool.h>
#include <stddef.h>

#include "pyrandom.h"

typedef struct {
  char *name;
  long long run_time, wset; /* as given */
  int *affinity;            /* CPUs it may run on; none = any */
  size_t naffinity;
  long long time_left;
  int queue;                   /* queue holding the job, -1 when running or finished */
  int prev, next;              /* neighbours in that queue */
  long long first_run, finish; /* tick of first run, tick it ended (-1: not yet) */
  long long ticks_run, warm_ticks;
  int cache_entries; /* this job's entries in the CPUs' caches (a list) */
} multi_job;

typedef struct {
  int num_cpus;
  bool per_cpu_queues, random_order;
  long long quantum;       /* >= 1 */
  long long peek_interval; /* steal every this many ticks; 0 = never */
  long long warmup_time;   /* ticks on a CPU before its cache is warm */
  long long warm_rate;     /* work per tick when warm (cold is 1) */
  long long cache_size;
} multi_config;

enum { CACHE_WARMING = 1, CACHE_WARM = 2 };

/* What a CPU's cache knows about one job. */
typedef struct {
  int job, cpu;
  int state;           /* CACHE_WARMING or CACHE_WARM */
  long long countdown; /* ticks of running left until warm */
  int prev, next;      /* in the CPU's list of warm jobs, newest first */
  int next_of_job;     /* the job's entry on another CPU */
} cache_entry;

typedef struct {
  int running;       /* job, or -1 when idle */
  int running_entry; /* its cache entry here */
  int ran;           /* job that ran in the last tick, -1 if idle */
  long long busy_ticks, warm_ticks;
  int warm_head, warm_tail; /* warm jobs, newest first */
  long long warm_sum;       /* their working sets */
} multi_cpu;

typedef struct {
  int head, tail;
} multi_queue;

/* One stretch of ticks that a job ran on a CPU. */
typedef struct {
  int cpu, job;
  long long start, end;
} multi_segment;

typedef enum {
  MULTI_RUNNING,     /* ticks left to do */
  MULTI_DONE,        /* every job finished */
  MULTI_STEAL_ALONE, /* the original's choice() on an empty list (one CPU) */
  MULTI_LIVELOCK,    /* jobs left that can never run again */
  MULTI_NO_MEMORY,
} multi_status;

typedef struct {
  multi_config cfg;
  multi_job *jobs;
  size_t njobs;
  multi_cpu *cpus;
  multi_queue *queues; /* one per CPU, or one shared */
  pyrandom *rng;
  long long time; /* the next tick to simulate */
  size_t finished;
  int nrunning;
  bool last_tick_interrupted; /* the last tick began with quantum interrupts */
  bool last_tick_idle;        /* no CPU ran anything in the last tick */

  cache_entry *entries; /* pool; never shrinks */
  size_t nentries, entries_cap;

  int *cpu_order;        /* scratch for the random assignment order */
  long long idle_rounds; /* steal rounds in a row with every CPU idle */
  bool stranded_checked; /* this idle stretch was already found escapable */

  bool record; /* keep the timeline below */
  multi_segment *segments;
  size_t nsegments, segments_cap;
  long long *open_segment; /* per CPU: index into segments, or -1 */
} multi_sim;

/* A job from 'name:run:wset' text; the caller owns the strings. */
typedef enum { JOB_OK, JOB_NOT_TRIPLE, JOB_BAD_NUMBER, JOB_NEGATIVE, JOB_RANGE } job_parse;
job_parse multi_parse_job(const char *entry, multi_job *job);

/* Creates the simulation over jobs[0..njobs) (taken over: freed by
 * multi_free), with the jobs' affinity already set, and fills the queues as
 * the original does. Returns NULL when memory runs out. */
multi_sim *multi_new(const multi_config *cfg, multi_job *jobs, size_t njobs, pyrandom *rng,
                     bool record);
void multi_free(multi_sim *sim);

/* Simulates one tick. */
multi_status multi_tick(multi_sim *sim);
/* With every CPU idle, skips ahead to the next tick that can change
 * anything (drawing what the skipped ticks would draw). For quiet runs. */
void multi_skip_idle(multi_sim *sim);

/* Whether job j may run on cpu. */
bool multi_allowed(const multi_sim *sim, int job, int cpu);
/* 'w' if job's working set is in cpu's cache, else ' '. */
char multi_cache_mark(const multi_sim *sim, int cpu, int job);

#endif
