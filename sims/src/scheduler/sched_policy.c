#include "sched_policy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    abort();
  return p;
}

static sched_result new_result(size_t n) {
  return (sched_result){xcalloc(n, sizeof(sched_job_stats)), n, 0, 0, 0};
}

static void average(sched_result *r) {
  double response = 0.0, turnaround = 0.0, wait = 0.0;
  for (size_t i = 0; i < r->njobs; i++) {
    response += r->jobs[i].response;
    turnaround += r->jobs[i].turnaround;
    wait += r->jobs[i].wait;
  }
  r->avg_response = response / (double)r->njobs;
  r->avg_turnaround = turnaround / (double)r->njobs;
  r->avg_wait = wait / (double)r->njobs;
}

/* The jobs in order of arrival, and the next one still to arrive. */
typedef struct {
  const sched_job *order;
  sched_job *sorted; /* a sorted copy, or NULL when the jobs were in order */
  size_t n, next;
} arrivals;

static int by_arrival_then_id(const void *a, const void *b) {
  const sched_job *x = a, *y = b;
  if (x->arrival != y->arrival)
    return x->arrival < y->arrival ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static arrivals arrivals_new(const sched_job *jobs, size_t n) {
  arrivals a = {jobs, NULL, n, 0};
  bool in_order = true; /* always so without --arrivals */
  for (size_t i = 1; i < n && in_order; i++)
    in_order = jobs[i - 1].arrival <= jobs[i].arrival;
  if (!in_order) {
    a.sorted = xcalloc(n, sizeof(sched_job));
    memcpy(a.sorted, jobs, n * sizeof(sched_job));
    qsort(a.sorted, n, sizeof(sched_job), by_arrival_then_id);
    a.order = a.sorted;
  }
  return a;
}

/* Takes the next job that has arrived by now, if any. */
static bool take_arrived(arrivals *a, double now, size_t *id) {
  if (a->next == a->n || a->order[a->next].arrival > now)
    return false;
  *id = (size_t)a->order[a->next++].id;
  return true;
}

/* With nothing ready to run, the CPU idles until the next arrival. */
static void idle_until_arrival(const arrivals *a, double *now) {
  if (a->next < a->n && *now < a->order[a->next].arrival)
    *now = a->order[a->next].arrival;
}

/* Ready jobs, least time (length for SJF, time left for STCF) first, ties
 * by job number: a binary heap. A job's time does not change while it is in
 * the heap, so it is kept in the entry. */
typedef struct {
  double time;
  size_t job;
} ready_job;

typedef struct {
  ready_job *item;
  size_t n;
} ready_heap;

static ready_heap heap_new(size_t n) {
  return (ready_heap){xcalloc(n, sizeof(ready_job)), 0};
}

static bool ahead(ready_job x, ready_job y) {
  return x.time < y.time || (x.time == y.time && x.job < y.job);
}

static void heap_push(ready_heap *h, double time, size_t job) {
  ready_job e = {time, job};
  size_t i = h->n++;
  while (i > 0 && ahead(e, h->item[(i - 1) / 2])) {
    h->item[i] = h->item[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->item[i] = e;
}

static size_t heap_pop(ready_heap *h) {
  size_t top = h->item[0].job, i = 0;
  ready_job last = h->item[--h->n];
  for (size_t c = 1; c < h->n; c = 2 * i + 1) {
    if (c + 1 < h->n && ahead(h->item[c + 1], h->item[c]))
      c++;
    if (!ahead(h->item[c], last))
      break;
    h->item[i] = h->item[c];
    i = c;
  }
  h->item[i] = last;
  return top;
}

/* One job run to completion from now: FIFO and SJF. The original keeps two
 * clocks that add the same lengths in the same order (one starts as an int,
 * the other as 0.0): one suffices. */
static sched_job_stats run_to_completion(const sched_job *j, double *now, sched_slice_fn on_slice,
                                         void *ctx) {
  if (on_slice)
    on_slice(ctx, j->id, *now, j->length, true);
  sched_job_stats s = {j->id, *now - j->arrival, *now + j->length - j->arrival, *now - j->arrival};
  *now += j->length;
  return s;
}

sched_result sched_fifo(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx) {
  sched_result r = new_result(n);
  arrivals a = arrivals_new(jobs, n);
  double now = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (now < a.order[i].arrival)
      now = a.order[i].arrival;
    r.jobs[i] = run_to_completion(&a.order[i], &now, on_slice, ctx);
  }
  free(a.sorted);
  average(&r);
  return r;
}

sched_result sched_sjf(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx) {
  sched_result r = new_result(n);
  arrivals a = arrivals_new(jobs, n);
  ready_heap ready = heap_new(n);
  double now = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (ready.n == 0)
      idle_until_arrival(&a, &now);
    size_t id;
    while (take_arrived(&a, now, &id))
      heap_push(&ready, jobs[id].length, id);
    r.jobs[i] = run_to_completion(&jobs[heap_pop(&ready)], &now, on_slice, ctx);
  }
  free(ready.item);
  free(a.sorted);
  average(&r);
  return r;
}

sched_result sched_stcf(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx) {
  sched_result r = new_result(n);
  arrivals a = arrivals_new(jobs, n);
  double *left = xcalloc(n, sizeof *left);
  double *last_ran = xcalloc(n, sizeof *last_ran);
  bool *started = xcalloc(n, sizeof *started);
  sched_job_stats *stats = xcalloc(n, sizeof *stats); /* by job number */
  ready_heap ready = heap_new(n);
  for (size_t i = 0; i < n; i++) {
    left[i] = jobs[i].length;
    last_ran[i] = jobs[i].arrival;
  }

  double now = 0.0;
  size_t finished = 0;
  while (finished < n) {
    if (ready.n == 0)
      idle_until_arrival(&a, &now);
    size_t id;
    while (take_arrived(&a, now, &id))
      heap_push(&ready, left[id], id);
    size_t j = heap_pop(&ready);
    if (!started[j]) {
      started[j] = true;
      stats[j].response = now - jobs[j].arrival;
    }
    stats[j].wait += now - last_ran[j];

    /* Run j until it finishes or an arrival leaves a shorter job ready.
         * The pieces add up in the order SJF adds, so that without arrivals
         * every figure is SJF's. */
    double start = now, ran = 0.0;
    bool done = false, preempted = false;
    while (!done && !preempted) {
      if (a.next < n && a.order[a.next].arrival < now + left[j]) {
        double piece = a.order[a.next].arrival - now;
        left[j] -= piece;
        ran += piece;
        now = a.order[a.next].arrival;
        while (take_arrived(&a, now, &id))
          heap_push(&ready, left[id], id);
        preempted = ahead(ready.item[0], (ready_job){left[j], j});
      } else {
        ran += left[j];
        now += left[j];
        left[j] = 0;
        done = true;
      }
    }
    if (on_slice)
      on_slice(ctx, jobs[j].id, start, ran, done);
    if (done) {
      stats[j].id = jobs[j].id;
      stats[j].turnaround = now - jobs[j].arrival;
      r.jobs[finished++] = stats[j];
    } else {
      last_ran[j] = now;
      heap_push(&ready, left[j], j);
    }
  }
  free(ready.item);
  free(stats);
  free(started);
  free(last_ran);
  free(left);
  free(a.sorted);
  average(&r);
  return r;
}

double sched_rr_slices(const sched_job *jobs, size_t n, double quantum) {
  double slices = 0;
  for (size_t i = 0; i < n; i++)
    slices += jobs[i].length > quantum ? ceil(jobs[i].length / quantum) : 1;
  return slices;
}

sched_result sched_rr(const sched_job *jobs, size_t n, double quantum, sched_slice_fn on_slice,
                      void *ctx) {
  sched_result r = new_result(n);
  arrivals a = arrivals_new(jobs, n);
  double *left = xcalloc(n, sizeof *left);
  double *last_ran = xcalloc(n, sizeof *last_ran);
  bool *started = xcalloc(n, sizeof *started);
  /* Circular run queue: every job is in it at most once, so n slots do. */
  size_t *queue = xcalloc(n, sizeof *queue);
  size_t head = 0, count = 0, finished = 0, id;
  for (size_t i = 0; i < n; i++) {
    left[i] = jobs[i].length;
    last_ran[i] = jobs[i].arrival;
    r.jobs[i].id = jobs[i].id;
  }

  double now = 0.0;
  while (finished < n) {
    if (count == 0)
      idle_until_arrival(&a, &now);
    while (take_arrived(&a, now, &id))
      queue[(head + count++) % n] = id;
    size_t j = queue[head];
    head = (head + 1) % n;
    count--;
    if (!started[j]) {
      started[j] = true;
      r.jobs[j].response = now - jobs[j].arrival;
    }
    r.jobs[j].wait += now - last_ran[j];
    bool done = left[j] <= quantum;
    double ran = done ? left[j] : quantum;
    if (on_slice)
      on_slice(ctx, jobs[j].id, now, ran, done);
    if (done) {
      r.jobs[j].turnaround = now + ran - jobs[j].arrival;
      finished++;
    } else {
      left[j] -= quantum;
    }
    now += ran;
    last_ran[j] = now;
    /* arrivals first: they join the queue ahead of the preempted job */
    while (take_arrived(&a, now, &id))
      queue[(head + count++) % n] = id;
    if (!done)
      queue[(head + count++) % n] = j;
  }
  free(left);
  free(last_ran);
  free(started);
  free(queue);
  free(a.sorted);
  average(&r);
  return r;
}

double sched_makespan(const sched_job *jobs, size_t n) {
  arrivals a = arrivals_new(jobs, n);
  double now = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (now < a.order[i].arrival)
      now = a.order[i].arrival;
    now += a.order[i].length;
  }
  free(a.sorted);
  return now;
}

void sched_result_free(sched_result *r) {
  free(r->jobs);
  r->jobs = NULL;
  r->njobs = 0;
}
