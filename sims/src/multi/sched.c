/* The tick loop of multi.py: interrupts, stealing, assignment, running.
 *
 * Queues are doubly linked lists threaded through the jobs (a job sits in
 * at most one queue). Each CPU's cache is a set of (cpu, job) entries, listed
 * per job; the warm ones form a list, newest first, from whose
 * tail jobs are evicted, as in the original. Nothing here scans all jobs per
 * tick, so a run costs O(ticks x CPUs). */
#include "multi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- queues ---- */

static void queue_append(multi_sim *s, int q, int j) {
  multi_job *job = &s->jobs[j];
  job->queue = q;
  job->prev = s->queues[q].tail;
  job->next = -1;
  if (job->prev >= 0)
    s->jobs[job->prev].next = j;
  else
    s->queues[q].head = j;
  s->queues[q].tail = j;
}

static void queue_remove(multi_sim *s, int j) {
  multi_job *job = &s->jobs[j];
  multi_queue *q = &s->queues[job->queue];
  if (job->prev >= 0)
    s->jobs[job->prev].next = job->next;
  else
    q->head = job->next;
  if (job->next >= 0)
    s->jobs[job->next].prev = job->prev;
  else
    q->tail = job->prev;
  job->queue = -1;
}

static int queue_of(const multi_sim *s, int cpu) {
  return s->cfg.per_cpu_queues ? cpu : 0;
}

bool multi_allowed(const multi_sim *s, int j, int cpu) {
  const multi_job *job = &s->jobs[j];
  if (job->naffinity == 0)
    return true;
  for (size_t i = 0; i < job->naffinity; i++)
    if (job->affinity[i] == cpu)
      return true;
  return false;
}

/* The original's steal test asks whether the CPU number is a field of the
 * job record, so it compares it with the run time and the working set
 * instead of the affinity list. Reproduced on purpose. */
static bool steal_test(const multi_sim *s, int j, int cpu) {
  const multi_job *job = &s->jobs[j];
  return job->naffinity == 0 || job->run_time == cpu || job->wset == cpu;
}

/* ---- caches ---- */

/* A job has met few CPUs, so its own short list finds an entry faster
 * than a hash table over all (cpu, job) pairs would. */
static int entry_find(const multi_sim *s, int cpu, int job) {
  int e = s->jobs[job].cache_entries;
  while (e >= 0 && s->entries[e].cpu != cpu)
    e = s->entries[e].next_of_job;
  return e;
}

/* A new entry (the pair must not exist yet); -1 when out of memory. */
static int entry_add(multi_sim *s, int cpu, int job) {
  if (s->nentries == s->entries_cap) {
    size_t cap = s->entries_cap * 2;
    cache_entry *grown = realloc(s->entries, cap * sizeof *grown);
    if (!grown)
      return -1;
    s->entries = grown;
    s->entries_cap = cap;
  }
  int e = (int)s->nentries++;
  s->entries[e] = (cache_entry){
      .job = job, .cpu = cpu, .prev = -1, .next = -1, .next_of_job = s->jobs[job].cache_entries};
  s->jobs[job].cache_entries = e;
  return e;
}

char multi_cache_mark(const multi_sim *s, int cpu, int job) {
  int e = entry_find(s, cpu, job);
  return e >= 0 && s->entries[e].state == CACHE_WARM ? 'w' : ' ';
}

/* Working sets that no longer fit leave from the oldest end and must warm
 * up again. The newest one itself may go if it is too big on its own. */
static void fit_cache(multi_sim *s, int cpu) {
  multi_cpu *c = &s->cpus[cpu];
  while (c->warm_sum > s->cfg.cache_size && c->warm_tail >= 0) {
    cache_entry *old = &s->entries[c->warm_tail];
    c->warm_tail = old->prev;
    if (c->warm_tail >= 0)
      s->entries[c->warm_tail].next = -1;
    else
      c->warm_head = -1;
    old->state = CACHE_WARMING;
    old->countdown = s->cfg.warmup_time;
    c->warm_sum -= s->jobs[old->job].wset;
  }
}

static void make_warm(multi_sim *s, int e) {
  cache_entry *entry = &s->entries[e];
  multi_cpu *c = &s->cpus[entry->cpu];
  entry->state = CACHE_WARM;
  entry->prev = -1;
  entry->next = c->warm_head;
  if (c->warm_head >= 0)
    s->entries[c->warm_head].prev = e;
  else
    c->warm_tail = e;
  c->warm_head = e;
  c->warm_sum += s->jobs[entry->job].wset;
  fit_cache(s, entry->cpu);
}

/* The job starts on cpu: the cache begins warming for it, or, with no
 * warm-up time, holds it at once. Returns the entry, -1 if out of memory. */
static int cache_start(multi_sim *s, int cpu, int job) {
  int e = entry_find(s, cpu, job);
  if (e >= 0)
    return e;
  e = entry_add(s, cpu, job);
  if (e < 0)
    return -1;
  s->entries[e].state = CACHE_WARMING;
  s->entries[e].countdown = s->cfg.warmup_time;
  if (s->cfg.warmup_time == 0)
    make_warm(s, e);
  return e;
}

/* ---- setup ---- */

/* Round-robin over the CPUs, each taking the first job it may run that no
 * CPU has taken yet, until all are placed. A cursor per CPU makes the
 * "first job it may run" search linear overall. */
static bool fill_per_cpu_queues(multi_sim *s) {
  int n = s->cfg.num_cpus;
  size_t *cursor = calloc((size_t)n, sizeof *cursor);
  int *live = malloc((size_t)n * sizeof *live);
  bool *placed = calloc(s->njobs + 1, sizeof *placed);
  if (!cursor || !live || !placed) {
    free(cursor);
    free(live);
    free(placed);
    return false;
  }
  for (int c = 0; c < n; c++)
    live[c] = c;
  int nlive = n;
  size_t left = s->njobs;
  while (left > 0 && nlive > 0) {
    int kept = 0;
    for (int i = 0; i < nlive; i++) {
      int c = live[i];
      while (cursor[c] < s->njobs && (placed[cursor[c]] || !multi_allowed(s, (int)cursor[c], c)))
        cursor[c]++;
      if (cursor[c] == s->njobs)
        continue; /* nothing more for this CPU, ever */
      if (left > 0) {
        placed[cursor[c]] = true;
        queue_append(s, c, (int)cursor[c]);
        left--;
      }
      live[kept++] = c;
    }
    nlive = kept;
  }
  free(cursor);
  free(live);
  free(placed);
  return left == 0;
}

multi_sim *multi_new(const multi_config *cfg, multi_job *jobs, size_t njobs, pyrandom *rng,
                     bool record) {
  multi_sim *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->cfg = *cfg;
  s->jobs = jobs;
  s->njobs = njobs;
  s->rng = rng;
  s->record = record;
  int n = cfg->num_cpus, nqueues = cfg->per_cpu_queues ? n : 1;
  s->cpus = calloc((size_t)n, sizeof *s->cpus);
  s->queues = malloc((size_t)nqueues * sizeof *s->queues);
  s->cpu_order = malloc((size_t)n * sizeof *s->cpu_order);
  s->open_segment = malloc((size_t)n * sizeof *s->open_segment);
  s->entries_cap = 64;
  s->entries = malloc(s->entries_cap * sizeof *s->entries);
  if (!s->cpus || !s->queues || !s->cpu_order || !s->open_segment || !s->entries) {
    multi_free(s);
    return NULL;
  }
  for (int c = 0; c < n; c++) {
    s->cpus[c] = (multi_cpu){
        .running = -1, .running_entry = -1, .ran = -1, .warm_head = -1, .warm_tail = -1};
    s->open_segment[c] = -1;
  }
  for (int q = 0; q < nqueues; q++)
    s->queues[q] = (multi_queue){-1, -1};
  for (size_t j = 0; j < njobs; j++) {
    jobs[j].time_left = jobs[j].run_time;
    jobs[j].queue = -1;
    jobs[j].first_run = jobs[j].finish = -1;
    jobs[j].ticks_run = jobs[j].warm_ticks = 0;
    jobs[j].cache_entries = -1;
  }
  if (cfg->per_cpu_queues) {
    if (!fill_per_cpu_queues(s)) {
      multi_free(s);
      return NULL;
    }
  } else {
    for (size_t j = 0; j < njobs; j++)
      queue_append(s, 0, (int)j);
  }
  return s;
}

void multi_free(multi_sim *s) {
  if (!s)
    return;
  for (size_t j = 0; j < s->njobs; j++) {
    free(s->jobs[j].name);
    free(s->jobs[j].affinity);
  }
  free(s->jobs);
  free(s->cpus);
  free(s->queues);
  free(s->cpu_order);
  free(s->open_segment);
  free(s->entries);
  free(s->segments);
  free(s);
}

/* ---- one tick ---- */

static void interrupt_all(multi_sim *s) {
  for (int c = 0; c < s->cfg.num_cpus; c++) {
    multi_cpu *cpu = &s->cpus[c];
    if (cpu->running >= 0) {
      queue_append(s, queue_of(s, c), cpu->running);
      cpu->running = -1;
      s->nrunning--;
    }
  }
}

/* Each CPU with an empty queue looks into a random other CPU's queue and
 * takes the first job that passes the (buggy) test. */
static bool steal(multi_sim *s) {
  int n = s->cfg.num_cpus;
  for (int c = 0; c < n; c++) {
    if (s->queues[c].head >= 0)
      continue;
    if (n == 1)
      return false;
    int other = (int)pyrandom_choice(s->rng, (size_t)n - 1);
    if (other >= c)
      other++; /* the list of other CPUs skips c */
    for (int j = s->queues[other].head; j >= 0; j = s->jobs[j].next)
      if (steal_test(s, j, c)) {
        queue_remove(s, j);
        queue_append(s, c, j);
        break;
      }
  }
  return true;
}

static bool pick_job(multi_sim *s, int c) {
  int q = queue_of(s, c);
  for (int j = s->queues[q].head; j >= 0; j = s->jobs[j].next)
    if (multi_allowed(s, j, c)) {
      queue_remove(s, j);
      int e = cache_start(s, c, j);
      if (e < 0)
        return false;
      s->cpus[c].running = j;
      s->cpus[c].running_entry = e;
      s->nrunning++;
      return true;
    }
  return true;
}

static bool assign(multi_sim *s) {
  int n = s->cfg.num_cpus;
  for (int c = 0; c < n; c++)
    s->cpu_order[c] = c;
  if (s->cfg.random_order)
    pyrandom_shuffle_ints(s->rng, s->cpu_order, (size_t)n);
  for (int i = 0; i < n; i++) {
    int c = s->cpu_order[i];
    if (s->cpus[c].running < 0 && !pick_job(s, c))
      return false;
  }
  return true;
}

static bool record_tick(multi_sim *s, int c, int j) {
  long long open = s->open_segment[c];
  if (open >= 0 && s->segments[open].job == j && s->segments[open].end == s->time) {
    s->segments[open].end++;
    return true;
  }
  if (s->nsegments == s->segments_cap) {
    size_t cap = s->segments_cap ? s->segments_cap * 2 : 256;
    multi_segment *grown = realloc(s->segments, cap * sizeof *grown);
    if (!grown)
      return false;
    s->segments = grown;
    s->segments_cap = cap;
  }
  s->segments[s->nsegments] = (multi_segment){c, j, s->time, s->time + 1};
  s->open_segment[c] = (long long)s->nsegments++;
  return true;
}

static void run_one(multi_sim *s, int c) {
  multi_cpu *cpu = &s->cpus[c];
  int j = cpu->running;
  multi_job *job = &s->jobs[j];
  cache_entry *entry = &s->entries[cpu->running_entry];
  long long rate = entry->state == CACHE_WARM ? s->cfg.warm_rate : 1;
  cpu->busy_ticks++;
  job->ticks_run++;
  if (rate > 1) {
    cpu->warm_ticks++;
    job->warm_ticks++;
  }
  if (job->first_run < 0)
    job->first_run = s->time;
  job->time_left = job->time_left > rate ? job->time_left - rate : 0;
  if (entry->state == CACHE_WARMING && --entry->countdown <= 0)
    make_warm(s, cpu->running_entry);
  if (job->time_left <= 0) {
    cpu->running = -1;
    s->nrunning--;
    s->finished++;
    job->finish = s->time + 1;
  }
}

/* Whether some unfinished job could still get onto a CPU it may run on.
 * With every CPU idle, only stealing moves jobs, and stealing only moves a
 * job to a CPU equal to its run time or working set. */
static bool any_job_can_run(const multi_sim *s) {
  for (size_t j = 0; j < s->njobs; j++) {
    const multi_job *job = &s->jobs[j];
    if (job->finish >= 0)
      continue;
    if (job->naffinity == 0)
      return true;
    long long reach[2] = {job->run_time, job->wset};
    for (int i = 0; i < 2; i++)
      if (reach[i] >= 0 && reach[i] < s->cfg.num_cpus && multi_allowed(s, (int)j, (int)reach[i]))
        return true;
  }
  return false;
}

/* Rounds of stealing in a row, every CPU idle, after which a run counts as
 * stuck even though a lucky steal could in principle still free it. */
#define IDLE_ROUNDS_LIMIT 10000

multi_status multi_tick(multi_sim *s) {
  const multi_config *cfg = &s->cfg;
  s->last_tick_interrupted = s->time > 0 && s->time % cfg->quantum == 0;
  if (s->last_tick_interrupted)
    interrupt_all(s);
  bool steal_now = cfg->per_cpu_queues && cfg->peek_interval > 0 && s->time > 0 &&
                   s->time % cfg->peek_interval == 0;
  if (steal_now && !steal(s))
    return MULTI_STEAL_ALONE;
  if (!assign(s))
    return MULTI_NO_MEMORY;
  for (int c = 0; c < cfg->num_cpus; c++) {
    multi_cpu *cpu = &s->cpus[c];
    cpu->ran = cpu->running;
    if (cpu->running >= 0) {
      if (s->record && !record_tick(s, c, cpu->running))
        return MULTI_NO_MEMORY;
      run_one(s, c);
    }
  }
  bool all_idle = true;
  for (int c = 0; c < cfg->num_cpus && all_idle; c++)
    all_idle = s->cpus[c].ran < 0;
  s->time++;
  s->last_tick_idle = all_idle;
  if (s->finished == s->njobs)
    return MULTI_DONE;
  if (!all_idle) {
    s->idle_rounds = 0;
    s->stranded_checked = false;
    return MULTI_RUNNING;
  }
  /* nothing ran: only stealing can change that */
  if (!cfg->per_cpu_queues || cfg->peek_interval <= 0)
    return MULTI_LIVELOCK;
  if (!s->stranded_checked) {
    if (!any_job_can_run(s))
      return MULTI_LIVELOCK;
    s->stranded_checked = true;
  }
  if (steal_now && ++s->idle_rounds > IDLE_ROUNDS_LIMIT)
    return MULTI_LIVELOCK;
  return MULTI_RUNNING;
}

void multi_skip_idle(multi_sim *s) {
  if (!s->last_tick_idle || !s->cfg.per_cpu_queues || s->cfg.peek_interval <= 0)
    return;
  long long next_steal = (s->time / s->cfg.peek_interval + 1) * s->cfg.peek_interval;
  if (s->time % s->cfg.peek_interval == 0 && s->time > 0)
    return; /* this very tick steals */
  for (; s->time < next_steal; s->time++)
    if (s->cfg.random_order && s->cfg.num_cpus > 1) {
      for (int c = 0; c < s->cfg.num_cpus; c++)
        s->cpu_order[c] = c;
      pyrandom_shuffle_ints(s->rng, s->cpu_order, (size_t)s->cfg.num_cpus);
    }
}
