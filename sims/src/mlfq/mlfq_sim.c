#include "mlfq_sim.h"

#include <stdlib.h>
#include <string.h>

/* A growable ring buffer of job numbers. */
typedef struct {
  size_t *items;
  size_t head, count, cap;
} deque;

static void dq_grow(deque *d) {
  size_t cap = d->cap ? d->cap * 2 : 8;
  size_t *items = malloc(cap * sizeof *items);
  if (!items)
    abort();
  for (size_t i = 0; i < d->count; i++)
    items[i] = d->items[(d->head + i) % d->cap];
  free(d->items);
  d->items = items;
  d->head = 0;
  d->cap = cap;
}

static void dq_push_back(deque *d, size_t v) {
  if (d->count == d->cap)
    dq_grow(d);
  d->items[(d->head + d->count++) % d->cap] = v;
}

static void dq_push_front(deque *d, size_t v) {
  if (d->count == d->cap)
    dq_grow(d);
  d->head = (d->head + d->cap - 1) % d->cap;
  d->items[d->head] = v;
  d->count++;
}

static size_t dq_front(const deque *d) {
  return d->items[d->head];
}

static size_t dq_pop_front(deque *d) {
  size_t v = d->items[d->head];
  d->head = (d->head + 1) % d->cap;
  d->count--;
  return v;
}

typedef struct {
  int pri;
  long long ticks_left, allot_left, time_left;
  long long boosts_seen; /* boosts already applied to this job */
} job_state;

typedef struct {
  const mlfq_config *cfg;
  job_state *st;
  long long boosts; /* boosts so far */
} sim;

/* Boosts reset every unfinished job. Applying them when a job is next looked
 * at gives the same state: nothing else touches a job in between, and
 * several boosts in a row set the same values. */
static void catch_up(sim *s, size_t j) {
  job_state *js = &s->st[j];
  if (js->boosts_seen == s->boosts)
    return;
  js->boosts_seen = s->boosts;
  if (js->time_left > 0) {
    int hi = s->cfg->nqueues - 1;
    js->pri = hi;
    js->ticks_left = s->cfg->quantum[hi];
    js->allot_left = s->cfg->allotment[hi];
  }
}

static void emit(mlfq_event_fn fn, void *ctx, mlfq_event_kind kind, long long time, size_t job) {
  if (!fn)
    return;
  mlfq_event e = {kind, time, (long)job, 0, 0, 0, 0, 0};
  fn(ctx, &e);
}

static int by_start(const void *a, const void *b, const mlfq_job *jobs) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (jobs[x].start != jobs[y].start)
    return jobs[x].start < jobs[y].start ? -1 : 1;
  return (x > y) - (x < y);
}

static const mlfq_job *sort_jobs;
static int by_start_cmp(const void *a, const void *b) {
  return by_start(a, b, sort_jobs);
}

int mlfq_simulate(const mlfq_config *cfg, const mlfq_job *jobs, size_t n, mlfq_result *results,
                  mlfq_event_fn on_event, void *ctx) {
  for (size_t i = 0; i < n; i++)
    if (jobs[i].run < 1)
      return -1;
  int hi = cfg->nqueues - 1;
  sim s = {cfg, calloc(n ? n : 1, sizeof(job_state)), 0};
  deque *queue = calloc((size_t)cfg->nqueues, sizeof *queue);
  size_t *arrivals = malloc((n ? n : 1) * sizeof *arrivals);
  /* I/O completes io_time after it starts, so completions come due in the
     * order they were issued: a FIFO of (time, job) is enough. */
  deque io_jobs = {0};
  long long *io_due = malloc((n ? n : 1) * sizeof *io_due); /* by job */
  if (!s.st || !queue || !arrivals || !io_due)
    abort();
  for (size_t i = 0; i < n; i++) {
    s.st[i] = (job_state){hi, cfg->quantum[hi], cfg->allotment[hi], jobs[i].run, 0};
    results[i] = (mlfq_result){-1, -1};
    arrivals[i] = i;
  }
  /* jobs begin in start-time order, ties in job order */
  sort_jobs = jobs;
  qsort(arrivals, n, sizeof *arrivals, by_start_cmp);

  size_t next_arrival = 0, finished = 0;
  int top = hi; /* no queue above top holds a job */
  long long now = 0;
  while (finished < n) {
    if (cfg->boost > 0 && now != 0 && now % cfg->boost == 0) {
      emit(on_event, ctx, MLFQ_BOOST, now, 0);
      for (int q = 0; q < hi; q++)
        while (queue[q].count)
          dq_push_back(&queue[hi], dq_pop_front(&queue[q]));
      s.boosts++;
      top = hi;
    }
    while (next_arrival < n && jobs[arrivals[next_arrival]].start == now) {
      size_t j = arrivals[next_arrival++];
      catch_up(&s, j);
      emit(on_event, ctx, MLFQ_BEGIN, now, j);
      dq_push_back(&queue[s.st[j].pri], j);
      if (s.st[j].pri > top)
        top = s.st[j].pri;
    }
    while (io_jobs.count && io_due[dq_front(&io_jobs)] == now) {
      size_t j = dq_pop_front(&io_jobs);
      catch_up(&s, j);
      emit(on_event, ctx, MLFQ_IO_DONE, now, j);
      if (cfg->iobump)
        dq_push_front(&queue[s.st[j].pri], j);
      else
        dq_push_back(&queue[s.st[j].pri], j);
      if (s.st[j].pri > top)
        top = s.st[j].pri;
    }

    while (top >= 0 && queue[top].count == 0)
      top--;
    if (top < 0) {
      emit(on_event, ctx, MLFQ_IDLE, now, 0);
      top = hi;
      now++;
      continue;
    }
    int cq = top;
    size_t j = dq_front(&queue[cq]);
    catch_up(&s, j);
    job_state *js = &s.st[j];
    js->time_left--;
    js->ticks_left--;
    if (results[j].first_run < 0)
      results[j].first_run = now;
    long long ticks_left = js->ticks_left;
    if (on_event) {
      mlfq_event e = {MLFQ_RUN,       now,           (long)j,    cq, ticks_left,
                      js->allot_left, js->time_left, jobs[j].run};
      on_event(ctx, &e);
    }
    now++;

    if (js->time_left == 0) {
      emit(on_event, ctx, MLFQ_FINISHED, now, j);
      finished++;
      results[j].end = now;
      dq_pop_front(&queue[cq]);
      continue;
    }

    bool issued_io = false;
    long long done = jobs[j].run - js->time_left;
    if (jobs[j].io_freq > 0 && done % jobs[j].io_freq == 0) {
      emit(on_event, ctx, MLFQ_IO_START, now, j);
      issued_io = true;
      dq_pop_front(&queue[cq]);
      if (cfg->stay) {
        js->ticks_left = cfg->quantum[cq];
        js->allot_left = cfg->allotment[cq];
      }
      io_due[j] = now + cfg->io_time;
      dq_push_back(&io_jobs, j);
    }

    /* quantum expiry looks at the tick count from before an -S reset */
    if (ticks_left == 0) {
      if (!issued_io)
        dq_pop_front(&queue[cq]);
      js->allot_left--;
      int dest = cq;
      if (js->allot_left == 0) {
        if (cq > 0)
          dest = cq - 1;
        js->pri = dest;
        js->ticks_left = cfg->quantum[dest];
        js->allot_left = cfg->allotment[dest];
      } else {
        js->ticks_left = cfg->quantum[cq];
      }
      if (!issued_io)
        dq_push_back(&queue[dest], j);
    }
  }

  for (int q = 0; q < cfg->nqueues; q++)
    free(queue[q].items);
  free(queue);
  free(io_jobs.items);
  free(io_due);
  free(arrivals);
  free(s.st);
  return 0;
}
