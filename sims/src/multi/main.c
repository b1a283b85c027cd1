/* multi: a drop-in for OSTEP's cpu-sched-multi/multi.py, with --json and
 * --gantt. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gantt.h"
#include "jobs.h"
#include "json.h"
#include "lists.h"
#include "multi.h"
#include "pyfmt.h"
#include "linebuf.h"
#include "opts.h"
#include "pyrandom.h"

#define MAX_CPUS 1024
#define MAX_JOBS 100000000LL

typedef struct {
  char *seed;
  long long job_num, max_run, max_wset, num_cpus, quantum, peek_interval, warmup_time, warm_rate,
      cache_size;
  const char *job_list, *affinity;
  bool per_cpu_queues, random_order, trace, trace_time_left, trace_cache, trace_sched, compute,
      json, gantt;
} options;

static char default_seed[] = "0";

/* o must outlive the JSON output, which reads the option table. */
static void parse_options(options *o, int argc, char **argv) {
  *o = (options){.seed = default_seed,
                 .job_num = 3,
                 .max_run = 100,
                 .max_wset = 200,
                 .job_list = "",
                 .affinity = "",
                 .num_cpus = 2,
                 .quantum = 10,
                 .peek_interval = 30,
                 .warmup_time = 10,
                 .warm_rate = 2,
                 .cache_size = 100};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o->seed, "SEED", "seed of the random generator [default: 0]"},
      {'j', "job_num", OPT_INT, &o->job_num, "JOB_NUM",
       "how many random jobs to make [default: 3]"},
      {'R', "max_run", OPT_INT, &o->max_run, "MAX_RUN",
       "longest run time of a random job [default: 100]"},
      {'W', "max_wset", OPT_INT, &o->max_wset, "MAX_WSET",
       "largest working set of a random job [default: 200]"},
      {'L', "job_list", OPT_STRING, &o->job_list, "JOB_LIST",
       "the jobs, as comma-separated name:run_time:working_set triples (e.g. a:10:100,b:10:50); "
       "replaces the random ones"},
      {'p', "per_cpu_queues", OPT_FLAG, &o->per_cpu_queues, NULL,
       "give each CPU its own scheduling queue instead of one central queue"},
      {'A', "affinity", OPT_STRING, &o->affinity, "AFFINITY",
       "CPUs each job may use, as name:cpu.cpu pairs separated by commas (e.g. a:0.1,b:2 keeps a "
       "on "
       "CPUs 0 and 1, b on CPU 2)"},
      {'n', "num_cpus", OPT_INT, &o->num_cpus, "NUM_CPUS", "number of CPUs [default: 2]"},
      {'q', "quantum", OPT_INT, &o->quantum, "TIME_SLICE", "length of a time slice [default: 10]"},
      {'P', "peek_interval", OPT_INT, &o->peek_interval, "PEEK_INTERVAL",
       "with per-CPU queues, how often an idle CPU looks for work in another queue; 0 never "
       "[default: 30]"},
      {'w', "warmup_time", OPT_INT, &o->warmup_time, "WARMUP_TIME",
       "ticks a job runs on a CPU before that CPU's cache is warm for it [default: 10]"},
      {'r', "warm_rate", OPT_INT, &o->warm_rate, "WARM_RATE",
       "how many times faster a job runs with a warm cache [default: 2]"},
      {'M', "cache_size", OPT_INT, &o->cache_size, "CACHE_SIZE",
       "size of each CPU's cache, in working-set units [default: 100]"},
      {'o', "rand_order", OPT_FLAG, &o->random_order, NULL,
       "let the CPUs pick jobs in a random order each tick"},
      {'t', "trace", OPT_FLAG, &o->trace, NULL, "trace which job runs on which CPU at each tick"},
      {'T', "trace_time_left", OPT_FLAG, &o->trace_time_left, NULL,
       "trace also the time left of each job"},
      {'C', "trace_cache", OPT_FLAG, &o->trace_cache, NULL, "trace also whose caches are warm"},
      {'S', "trace_sched", OPT_FLAG, &o->trace_sched, NULL, "trace also the scheduling queues"},
      {'c', "compute", OPT_FLAG, &o->compute, NULL, "compute and show the answers"},
      {0, "json", OPT_FLAG, &o->json, NULL,
       "print the jobs, timeline and statistics as one JSON document instead"},
      {0, "gantt", OPT_FLAG, &o->gantt, NULL, "draw which job ran on which CPU at each tick"},
  };
  opts_result parsed = opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  free(parsed.positional); /* positional words are ignored, as in the original */
}

static void validate(const options *o) {
  opts_check_range("-R/--max_run", NULL, o->max_run, 0, INT32_MAX);
  opts_check_range("-W/--max_wset", NULL, o->max_wset, 0, INT32_MAX);
  opts_check_range("-n/--num_cpus", NULL, o->num_cpus, 1, MAX_CPUS);
  opts_check_range("-q/--quantum", NULL, o->quantum, 1, INT64_MAX);
  opts_check_range("-P/--peek_interval", NULL, o->peek_interval, 0, INT64_MAX);
  opts_check_range("-w/--warmup_time", NULL, o->warmup_time, 0, INT64_MAX);
  opts_check_range("-r/--warm_rate", NULL, o->warm_rate, 1, INT64_MAX);
  opts_check_range("-M/--cache_size", NULL, o->cache_size, 0, INT64_MAX);
  if (!o->job_list[0])
    opts_check_range("-j/--job_num", NULL, o->job_num, INT64_MIN, MAX_JOBS);
  if (o->json && o->gantt)
    opts_die("option --gantt: cannot be combined with --json");
}

static void print_args(const options *o) {
  printf("ARG seed %s\n", o->seed);
  printf("ARG job_num %lld\n", o->job_num);
  printf("ARG max_run %lld\n", o->max_run);
  printf("ARG max_wset %lld\n", o->max_wset);
  printf("ARG job_list %s\n", o->job_list);
  printf("ARG affinity %s\n", o->affinity);
  printf("ARG per_cpu_queues %s\n", pyfmt_bool(o->per_cpu_queues));
  printf("ARG num_cpus %lld\n", o->num_cpus);
  printf("ARG quantum %lld\n", o->quantum);
  printf("ARG peek_interval %lld\n", o->peek_interval);
  printf("ARG warmup_time %lld\n", o->warmup_time);
  printf("ARG cache_size %lld\n", o->cache_size);
  printf("ARG random_order %s\n", pyfmt_bool(o->random_order));
  printf("ARG trace %s\n", pyfmt_bool(o->trace));
  printf("ARG trace_time %s\n", pyfmt_bool(o->trace_time_left));
  printf("ARG trace_cache %s\n", pyfmt_bool(o->trace_cache));
  printf("ARG trace_sched %s\n", pyfmt_bool(o->trace_sched));
  printf("ARG compute %s\n\n", pyfmt_bool(o->compute));
}

static bool json_mode;

/* One of the original's own checks failed: it prints the message and exits
 * with status 1. Under --json the message becomes a one-line error. */
__attribute__((format(printf, 1, 2))) static noreturn void refuse(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (json_mode)
    opts_die("%s", msg);
  printf("%s\n", msg);
  exit(1);
}

static void *checked_alloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    opts_die("out of memory");
  return p;
}

/* The jobs, from -L or drawn at random, printed as they are read. */
static multi_job *make_jobs(const options *o, pyrandom *rng, size_t *njobs, name_table *names) {
  if (!o->job_list[0]) {
    if (o->job_num <= 0)
      refuse("bad job description []: needs triple of name:runtime:working_set_size");
    size_t n = (size_t)o->job_num;
    multi_job *jobs = checked_alloc(n, sizeof *jobs);
    if (name_table_init(names, n) < 0)
      opts_die("out of memory");
    for (size_t j = 0; j < n; j++) {
      /* run time first, then working set, each rounded down to tens */
      jobs[j].run_time = (long long)((pyrandom_random(rng) * (double)o->max_run) / 10.0) * 10;
      jobs[j].wset = (long long)((pyrandom_random(rng) * (double)o->max_wset) / 10.0) * 10;
      char name[24];
      snprintf(name, sizeof name, "%zu", j);
      jobs[j].name = strdup(name);
      if (!jobs[j].name)
        opts_die("out of memory");
      if (!json_mode)
        printf("Job name:%s run_time:%lld working_set_size:%lld\n", name, jobs[j].run_time,
               jobs[j].wset);
      name_table_add(names, jobs, (int)j);
    }
    *njobs = n;
    if (!json_mode)
      printf("\n");
    return jobs;
  }

  str_list entries = list_split(o->job_list, ',');
  if (entries.count > (size_t)MAX_JOBS)
    opts_die("option -L/--job_list: too many jobs (at most %lld)", MAX_JOBS);
  multi_job *jobs = checked_alloc(entries.count, sizeof *jobs);
  if (name_table_init(names, entries.count) < 0)
    opts_die("out of memory");
  for (size_t j = 0; j < entries.count; j++) {
    switch (multi_parse_job(entries.items[j], &jobs[j])) {
    case JOB_OK: break;
    case JOB_NOT_TRIPLE:
      refuse("bad job description [%s]: needs triple of name:runtime:working_set_size",
             entries.items[j]);
    case JOB_BAD_NUMBER:
      opts_die("option -L/--job_list: %s: run time and working set must be integers",
               opts_repr(entries.items[j]));
    case JOB_NEGATIVE:
      opts_die("option -L/--job_list: %s: run time and working set must not be negative",
               opts_repr(entries.items[j]));
    case JOB_RANGE:
      opts_die("option -L/--job_list: %s: run time and working set must be at most %d",
               opts_repr(entries.items[j]), INT32_MAX);
    }
    if (!json_mode)
      printf("Job name:%s run_time:%lld working_set_size:%lld\n", jobs[j].name, jobs[j].run_time,
             jobs[j].wset);
    if (name_table_find(names, jobs, jobs[j].name) >= 0)
      refuse("repeated job name %s", jobs[j].name);
    name_table_add(names, jobs, (int)j);
  }
  *njobs = entries.count;
  list_free(&entries);
  if (!json_mode)
    printf("\n");
  return jobs;
}

/* Python's repr of the queue's list of names: ['a', 'b'] */
static void print_queue(const multi_sim *sim, int q) {
  linebuf b;
  lb_init(&b);
  lb_char(&b, '[');
  for (int j = sim->queues[q].head; j >= 0; j = sim->jobs[j].next) {
    if (j != sim->queues[q].head)
      lb_str(&b, ", ");
    lb_repr(&b, sim->jobs[j].name);
  }
  lb_char(&b, ']');
  lb_flush(&b, stdout);
  lb_free(&b);
}

static void print_queues_at_start(const multi_sim *sim) {
  if (sim->cfg.per_cpu_queues) {
    for (int c = 0; c < sim->cfg.num_cpus; c++) {
      printf("Scheduler CPU %d queue: ", c);
      print_queue(sim, c);
      printf("\n");
    }
    printf("\n");
  } else {
    printf("Scheduler central queue: ");
    print_queue(sim, 0);
    printf("\n\n");
  }
}

/* One line of the trace for the tick just simulated. */
static void print_trace_line(const multi_sim *sim, const options *o) {
  int n = sim->cfg.num_cpus;
  if (sim->last_tick_interrupted) {
    long long width = 8 + 7LL * n - 5;
    if (o->trace_time_left)
      width += 6LL * n;
    if (o->trace_cache)
      width += 8LL * n + (long long)sim->njobs * n;
    for (long long i = 0; i < width; i++)
      putchar('-');
    putchar('\n');
  }
  printf(" %3lld   ", sim->time - 1);
  for (int c = 0; c < n; c++) {
    int j = sim->cpus[c].ran;
    if (j >= 0) {
      printf("%s ", sim->jobs[j].name);
      if (o->trace_time_left)
        printf("[%3lld] ", sim->jobs[j].time_left);
    } else {
      fputs("- ", stdout);
      if (o->trace_time_left)
        fputs("[   ] ", stdout);
    }
    if (o->trace_cache) {
      fputs("cache[", stdout);
      for (size_t k = 0; k < sim->njobs; k++)
        putchar(multi_cache_mark(sim, c, (int)k));
      fputs("]", stdout);
    }
    fputs("     ", stdout);
  }
  if (o->trace_sched) {
    int nq = sim->cfg.per_cpu_queues ? n : 1;
    for (int q = 0; q < nq; q++) {
      if (sim->cfg.per_cpu_queues)
        printf("Q%d: ", q);
      else
        fputs("Q: ", stdout);
      for (int j = sim->queues[q].head; j >= 0; j = sim->jobs[j].next)
        printf("%s ", sim->jobs[j].name);
      if (sim->cfg.per_cpu_queues)
        fputs("  ", stdout);
    }
    fputs("    ", stdout);
  }
  putchar('\n');
}

static void run(multi_sim *sim, const options *o, bool trace) {
  for (;;) {
    multi_status st = multi_tick(sim);
    if (trace)
      print_trace_line(sim, o);
    switch (st) {
    case MULTI_DONE: return;
    case MULTI_RUNNING: break;
    case MULTI_STEAL_ALONE:
      opts_die("option -p: at tick %lld the only CPU has no other queue to steal from "
               "(the original fails here); use -n 2 or more, or -P 0",
               sim->time - 1);
    case MULTI_LIVELOCK:
      opts_die(
          "livelock at tick %lld: %zu job(s) left that no CPU may ever run (work stealing moved "
          "them off the CPUs of their -A/--affinity)",
          sim->time - 1, sim->njobs - sim->finished);
    case MULTI_NO_MEMORY: opts_die("out of memory at tick %lld", sim->time - 1);
    }
    if (!trace)
      multi_skip_idle(sim);
  }
}

static double percent(long long part, long long whole) {
  return 100.0 * (double)part / (double)whole;
}

static void print_stats(const multi_sim *sim) {
  printf("\nFinished time %lld\n\n", sim->time);
  printf("Per-CPU stats\n");
  for (int c = 0; c < sim->cfg.num_cpus; c++)
    printf("  CPU %d  utilization %3.2f [ warm %3.2f ]\n", c,
           percent(sim->cpus[c].busy_ticks, sim->time),
           percent(sim->cpus[c].warm_ticks, sim->time));
  printf("\n");
}

static int by_cpu_then_start(const void *a, const void *b) {
  const multi_segment *x = a, *y = b;
  if (x->cpu != y->cpu)
    return x->cpu < y->cpu ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void print_gantt(const multi_sim *sim) {
  gantt *g = gantt_new(sim->njobs, (double)sim->time, sim->cfg.num_cpus);
  if (!g)
    opts_die("out of memory");
  for (size_t i = 0; i < sim->nsegments; i++) {
    const multi_segment *seg = &sim->segments[i];
    gantt_run(g, (size_t)seg->job, seg->cpu, (double)seg->start, (double)(seg->end - seg->start));
  }
  for (size_t j = 0; j < sim->njobs; j++)
    gantt_span(g, j, 0, (double)sim->jobs[j].finish);
  /* the chart numbers its rows; say which name each number stands for */
  bool named = false;
  for (size_t j = 0; j < sim->njobs && !named; j++) {
    char number[24];
    snprintf(number, sizeof number, "%zu", j);
    named = strcmp(number, sim->jobs[j].name) != 0;
  }
  if (named) {
    printf("\nJobs:");
    for (size_t j = 0; j < sim->njobs && j < GANTT_MAX_ROWS; j++)
      printf(" %zu=%s", j, sim->jobs[j].name);
    printf("%s\n", sim->njobs > GANTT_MAX_ROWS ? " ..." : "");
  }
  gantt_print(g, stdout);
  gantt_free(g);
}

static void print_json(multi_sim *sim, const options *o) {
  json_writer w;
  json_init(&w, stdout);
  json_document_begin(&w, "multi", NULL, NULL);

  double sum_response = 0, sum_turnaround = 0, sum_wait = 0;
  json_key(&w, "jobs");
  json_array_begin(&w);
  for (size_t j = 0; j < sim->njobs; j++) {
    const multi_job *job = &sim->jobs[j];
    long long wait = job->finish - job->ticks_run;
    sum_response += (double)job->first_run;
    sum_turnaround += (double)job->finish;
    sum_wait += (double)wait;
    json_object_begin_compact(&w);
    json_kv_string(&w, "name", job->name);
    json_kv_int(&w, "run_time", job->run_time);
    json_kv_int(&w, "working_set", job->wset);
    json_key(&w, "affinity");
    json_array_begin_compact(&w);
    for (size_t k = 0; k < job->naffinity; k++)
      json_int(&w, job->affinity[k]);
    json_array_end(&w);
    json_kv_int(&w, "response", job->first_run);
    json_kv_int(&w, "turnaround", job->finish);
    json_kv_int(&w, "wait", wait);
    json_kv_int(&w, "ticks_run", job->ticks_run);
    json_kv_int(&w, "warm_ticks", job->warm_ticks);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_key(&w, "averages");
  json_object_begin_compact(&w);
  json_kv_double(&w, "response", sum_response / (double)sim->njobs);
  json_kv_double(&w, "turnaround", sum_turnaround / (double)sim->njobs);
  json_kv_double(&w, "wait", sum_wait / (double)sim->njobs);
  json_object_end(&w);

  json_key(&w, "cpus");
  json_array_begin(&w);
  for (int c = 0; c < sim->cfg.num_cpus; c++) {
    json_object_begin_compact(&w);
    json_kv_int(&w, "cpu", c);
    json_kv_int(&w, "busy_ticks", sim->cpus[c].busy_ticks);
    json_kv_int(&w, "warm_ticks", sim->cpus[c].warm_ticks);
    json_kv_double(&w, "utilization", percent(sim->cpus[c].busy_ticks, sim->time));
    json_kv_double(&w, "warm_utilization", percent(sim->cpus[c].warm_ticks, sim->time));
    json_object_end(&w);
  }
  json_array_end(&w);
  json_kv_int(&w, "finish_time", sim->time);

  qsort(sim->segments, sim->nsegments, sizeof *sim->segments, by_cpu_then_start);
  json_key(&w, "timeline");
  json_array_begin(&w);
  for (size_t i = 0; i < sim->nsegments; i++) {
    const multi_segment *seg = &sim->segments[i];
    json_object_begin_compact(&w);
    json_kv_int(&w, "cpu", seg->cpu);
    json_kv_string(&w, "job", sim->jobs[seg->job].name);
    json_kv_int(&w, "start", seg->start);
    json_kv_int(&w, "end", seg->end);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_object_end(&w);
  json_finish(&w);
}

int main(int argc, char **argv) {
  static char out_buffer[1 << 16];
  setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);

  options o;
  parse_options(&o, argc, argv);
  validate(&o);
  json_mode = o.json;
  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o.seed));
  if (!o.json)
    print_args(&o);

  name_table names;
  size_t njobs;
  multi_job *jobs = make_jobs(&o, &rng, &njobs, &names);
  if (o.affinity[0]) {
    char msg[1024];
    switch (multi_parse_affinity(o.affinity, jobs, &names, (int)o.num_cpus, msg, sizeof msg)) {
    case AFFINITY_OK: break;
    case AFFINITY_REFUSED: refuse("%s", msg);
    case AFFINITY_INVALID: opts_die("%s", msg);
    }
  }
  name_table_free(&names);

  multi_config cfg = {.num_cpus = (int)o.num_cpus,
                      .per_cpu_queues = o.per_cpu_queues,
                      .random_order = o.random_order,
                      .quantum = o.quantum,
                      .peek_interval = o.peek_interval,
                      .warmup_time = o.warmup_time,
                      .warm_rate = o.warm_rate,
                      .cache_size = o.cache_size};
  multi_sim *sim = multi_new(&cfg, jobs, njobs, &rng, o.json || o.gantt);
  if (!sim)
    opts_die("out of memory for %zu jobs", njobs);
  if (!o.json)
    print_queues_at_start(sim);

  bool trace = !o.json && (o.trace || o.trace_time_left || o.trace_cache || o.trace_sched);
  run(sim, &o, trace);
  if (o.json) {
    print_json(sim, &o);
  } else {
    if (o.compute)
      print_stats(sim);
    if (o.gantt)
      print_gantt(sim);
  }
  multi_free(sim);
  if (o.seed != default_seed)
    free(o.seed); /* the parser's copy */
  return 0;
}
