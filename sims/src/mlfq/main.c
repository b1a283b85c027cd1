/* mlfq: multi-level feedback queue homework (OSTEP chapter 8), a drop-in for
 * mlfq.py with --json and --gantt added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gantt.h"
#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "mlfq_sim.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "pyrandom.h"

/* Bounds that keep a run finite and its output proportional to the input. */
#define MAX_QUEUES    1000
#define MAX_JOBS      10000000LL
#define MAX_TICKS     10000000LL  /* per value */
#define MAX_RUN_TICKS 100000000LL /* for a whole run */

typedef struct {
  char *seed;
  long long nqueues, quantum, allotment, jobs, maxlen, maxio, boost, io_time;
  const char *quantum_list, *allotment_list, *jlist;
  bool stay, iobump, solve, json, gantt;
} options;

typedef struct {
  mlfq_config cfg;
  long long *quantum, *allotment;
  mlfq_job *jobs;
  size_t njobs;
} problem;

/* o must outlive the JSON output, which reads the option table. */
static void parse_options(options *o, int argc, char **argv) {
  *o = (options){.nqueues = 3,
                 .quantum = 10,
                 .allotment = 1,
                 .jobs = 3,
                 .maxlen = 100,
                 .maxio = 10,
                 .boost = 0,
                 .io_time = 5,
                 .quantum_list = "",
                 .allotment_list = "",
                 .jlist = ""};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o->seed, "SEED", "the random seed"},
      {'n', "numQueues", OPT_INT, &o->nqueues, "NUMQUEUES",
       "number of queues in MLFQ (if not using -Q)"},
      {'q', "quantum", OPT_INT, &o->quantum, "QUANTUM", "length of time slice (if not using -Q)"},
      {'a', "allotment", OPT_INT, &o->allotment, "ALLOTMENT",
       "length of allotment (if not using -A)"},
      {'Q', "quantumList", OPT_STRING, &o->quantum_list, "QUANTUMLIST",
       "length of time slice per queue level, specified as x,y,z,... where x is the quantum length "
       "for the highest priority queue, y the next highest, and so forth"},
      {'A', "allotmentList", OPT_STRING, &o->allotment_list, "ALLOTMENTLIST",
       "length of time allotment per queue level, specified as x,y,z,... where x is the # of time "
       "slices for the highest priority queue, y the next highest, and so forth"},
      {'j', "numJobs", OPT_INT, &o->jobs, "NUMJOBS", "number of jobs in the system"},
      {'m', "maxlen", OPT_INT, &o->maxlen, "MAXLEN",
       "max run-time of a job (if randomly generating)"},
      {'M', "maxio", OPT_INT, &o->maxio, "MAXIO",
       "max I/O frequency of a job (if randomly generating)"},
      {'B', "boost", OPT_INT, &o->boost, "BOOST",
       "how often to boost the priority of all jobs back to high priority"},
      {'i', "iotime", OPT_INT, &o->io_time, "IOTIME",
       "how long an I/O should last (fixed constant)"},
      {'S', "stay", OPT_FLAG, &o->stay, NULL,
       "reset and stay at same priority level when issuing I/O"},
      {'I', "iobump", OPT_FLAG, &o->iobump, NULL,
       "if specified, jobs that finished I/O move immediately to front of current queue"},
      {'l', "jlist", OPT_STRING, &o->jlist, "JLIST",
       "a comma-separated list of jobs to run, in the form x1,y1,z1:x2,y2,z2:... where x is start "
       "time, y is run time, and z is how often the job issues an I/O request"},
      {'c', NULL, OPT_FLAG, &o->solve, NULL, "compute answers for me", "solve"},
      {0, "json", OPT_FLAG, &o->json, NULL,
       "print the problem and its solution as one JSON document"},
      {0, "gantt", OPT_FLAG, &o->gantt, NULL, "draw which job ran at each tick after the output"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  if (!o->seed && !(o->seed = strdup("0")))
    abort();
}

/* int(text) as Python does it, or a one-line error naming the option. */
static long long int_item(const char *text, const char *option, const char *what) {
  long long v;
  if (pyint_parse(text, PYINT_PLAIN, &v) != PYNUM_OK)
    opts_die("option %s: %s is not an integer (%s)", option, opts_repr(text), what);
  return v;
}

/* Queues are stored lowest priority first; the lists name the highest first. */
static void build_queues(const options *o, problem *p) {
  if (o->quantum_list[0]) {
    str_list items = list_split(o->quantum_list, ',');
    if (items.count > MAX_QUEUES)
      opts_die("option -Q/--quantumList: at most %d queues", MAX_QUEUES);
    p->cfg.nqueues = (int)items.count;
    p->quantum = calloc(items.count, sizeof *p->quantum);
    for (size_t i = 0; i < items.count; i++) {
      long long q = int_item(items.items[i], "-Q/--quantumList",
                             "want positive slice lengths, e.g. 10,20,40");
      opts_check_range("-Q/--quantumList", NULL, q, 1, MAX_TICKS);
      p->quantum[items.count - 1 - i] = q;
    }
    list_free(&items);
  } else {
    opts_check_range("-n/--numQueues", NULL, o->nqueues, 1, MAX_QUEUES);
    opts_check_range("-q/--quantum", NULL, o->quantum, 1, MAX_TICKS);
    p->cfg.nqueues = (int)o->nqueues;
    p->quantum = calloc((size_t)o->nqueues, sizeof *p->quantum);
    for (int i = 0; i < p->cfg.nqueues; i++)
      p->quantum[i] = o->quantum;
  }
  int n = p->cfg.nqueues;
  p->allotment = calloc((size_t)n, sizeof *p->allotment);
  if (!p->quantum || !p->allotment)
    abort();
  if (o->allotment_list[0]) {
    str_list items = list_split(o->allotment_list, ',');
    if ((long long)items.count != n) {
      /* the original's own check: message on stdout, exit 1 */
      printf("number of allotments specified must match number of quantums\n");
      exit(1);
    }
    for (int i = 0; i < n; i++) {
      int q = n - 1 - i;
      p->allotment[q] =
          int_item(items.items[i], "-A/--allotmentList", "want positive counts, e.g. 1,2,4");
      if (q != 0 && p->allotment[q] <= 0) {
        printf("allotment must be positive integer\n");
        exit(1);
      }
      opts_check_range("-A/--allotmentList", NULL, p->allotment[q], -MAX_TICKS, MAX_TICKS);
    }
    list_free(&items);
  } else {
    opts_check_range("-a/--allotment", NULL, o->allotment, 1, MAX_TICKS);
    for (int i = 0; i < n; i++)
      p->allotment[i] = o->allotment;
  }
  p->cfg.quantum = p->quantum;
  p->cfg.allotment = p->allotment;
}

static void build_jobs(const options *o, problem *p, pyrandom *rng) {
  if (o->jlist[0]) {
    str_list specs = list_split(o->jlist, ':');
    p->njobs = specs.count;
    p->jobs = calloc(p->njobs, sizeof *p->jobs);
    if (!p->jobs)
      abort();
    for (size_t i = 0; i < specs.count; i++) {
      str_list f = list_split(specs.items[i], ',');
      if (f.count != 3) {
        /* the original's own check: message on stdout, exit 1 */
        printf("Badly formatted job string. Should be x1,y1,z1:x2,y2,z2:...\n"
               "where x is the startTime, y is the runTime, and z is the I/O frequency.\n");
        exit(1);
      }
      const char *what = "want start,run,io triples, e.g. 0,100,5:10,50,0";
      mlfq_job *j = &p->jobs[i];
      j->start = int_item(f.items[0], "-l/--jlist", what);
      j->run = int_item(f.items[1], "-l/--jlist", what);
      j->io_freq = int_item(f.items[2], "-l/--jlist", what);
      opts_check_range("-l/--jlist", "a start time", j->start, 0, MAX_TICKS);
      opts_check_range("-l/--jlist", "a run time", j->run, 1, MAX_TICKS);
      list_free(&f);
    }
    list_free(&specs);
    return;
  }
  p->njobs = (size_t)o->jobs;
  p->jobs = calloc(p->njobs ? p->njobs : 1, sizeof *p->jobs);
  if (!p->jobs)
    abort();
  for (size_t i = 0; i < p->njobs; i++) {
    double r1 = pyrandom_random(rng), r2 = pyrandom_random(rng);
    p->jobs[i].run = (long long)(r1 * (double)(o->maxlen - 1) + 1);
    p->jobs[i].io_freq = (long long)(r2 * (double)(o->maxio - 1) + 1);
  }
}

static void validate(const options *o) {
  if (!o->jlist[0]) {
    opts_check_range("-j/--numJobs", NULL, o->jobs, 0, MAX_JOBS);
    opts_check_range("-m/--maxlen", NULL, o->maxlen, 1, MAX_TICKS);
    opts_check_range("-M/--maxio", NULL, o->maxio, 0, MAX_TICKS);
  }
  opts_check_range("-B/--boost", NULL, o->boost, 0, MAX_TICKS);
  opts_check_range("-i/--iotime", NULL, o->io_time, 0, MAX_TICKS);
}

static void print_problem(const options *o, const problem *p) {
  printf("Here is the list of inputs:\nOPTIONS jobs %zu\nOPTIONS queues %d\n", p->njobs,
         p->cfg.nqueues);
  for (int i = p->cfg.nqueues - 1; i >= 0; i--) {
    printf("OPTIONS allotments for queue %2d is %3lld\n", i, p->allotment[i]);
    printf("OPTIONS quantum length for queue %2d is %3lld\n", i, p->quantum[i]);
  }
  printf("OPTIONS boost %lld\nOPTIONS ioTime %lld\nOPTIONS stayAfterIO %s\nOPTIONS iobump %s\n\n\n",
         o->boost, o->io_time, pyfmt_bool(o->stay), pyfmt_bool(o->iobump));
  printf("For each job, three defining characteristics are given:\n"
         "  startTime : at what time does the job enter the system\n"
         "  runTime   : the total CPU time needed by the job to finish\n"
         "  ioFreq    : every ioFreq time units, the job issues an I/O\n"
         "              (the I/O takes ioTime units to complete)\n\n"
         "Job List:\n");
  for (size_t i = 0; i < p->njobs; i++)
    printf("  Job %2zu: startTime %3lld - runTime %3lld - ioFreq %3lld\n", i, p->jobs[i].start,
           p->jobs[i].run, p->jobs[i].io_freq);
  printf("\n");
}

typedef struct {
  bool text;
  linebuf line;
  json_writer *json;
  gantt *chart;
} event_sink;

static const char *event_name(mlfq_event_kind k) {
  switch (k) {
  case MLFQ_BOOST: return "boost";
  case MLFQ_BEGIN: return "begin";
  case MLFQ_IO_DONE: return "io_done";
  case MLFQ_IDLE: return "idle";
  case MLFQ_RUN: return "run";
  case MLFQ_FINISHED: return "finished";
  case MLFQ_IO_START: return "io_start";
  }
  return "?";
}

static void text_event(linebuf *b, const mlfq_event *e, long long boost) {
  lb_str(b, "[ time ");
  lb_int(b, e->time, 0);
  lb_str(b, " ] ");
  switch (e->kind) {
  case MLFQ_BOOST:
    lb_str(b, "BOOST ( every ");
    lb_int(b, boost, 0);
    lb_str(b, " )");
    break;
  case MLFQ_BEGIN:
  case MLFQ_IO_DONE:
  case MLFQ_IO_START:
    lb_str(b, e->kind == MLFQ_BEGIN     ? "JOB BEGINS by JOB "
              : e->kind == MLFQ_IO_DONE ? "IO_DONE by JOB "
                                        : "IO_START by JOB ");
    lb_int(b, e->job, 0);
    /* the original prints this right after every IO_START */
    if (e->kind == MLFQ_IO_START)
      lb_str(b, "\nIO DONE");
    break;
  case MLFQ_IDLE: lb_str(b, "IDLE"); break;
  case MLFQ_RUN:
    lb_str(b, "Run JOB ");
    lb_int(b, e->job, 0);
    lb_str(b, " at PRIORITY ");
    lb_int(b, e->queue, 0);
    lb_str(b, " [ TICKS ");
    lb_int(b, e->ticks_left, 0);
    lb_str(b, " ALLOT ");
    lb_int(b, e->allot_left, 0);
    lb_str(b, " TIME ");
    lb_int(b, e->time_left, 0);
    lb_str(b, " (of ");
    lb_int(b, e->run_time, 0);
    lb_str(b, ") ]");
    break;
  case MLFQ_FINISHED:
    lb_str(b, "FINISHED JOB ");
    lb_int(b, e->job, 0);
    break;
  }
  lb_char(b, '\n');
  lb_flush(b, stdout);
}

static long long boost_period, io_time;

/* The chart shows the queue a job ran in: 0-9, then a-z for 10-35, then
 * '+'. */
static char queue_mark(int queue) {
  return queue < 10 ? (char)('0' + queue) : queue < 36 ? (char)('a' + queue - 10) : '+';
}

static void on_event(void *ctx, const mlfq_event *e) {
  event_sink *sink = ctx;
  if (sink->text)
    text_event(&sink->line, e, boost_period);
  if (sink->json) {
    json_writer *w = sink->json;
    json_object_begin_compact(w);
    json_kv_int(w, "time", e->time);
    json_kv_string(w, "event", event_name(e->kind));
    if (e->kind != MLFQ_BOOST && e->kind != MLFQ_IDLE)
      json_kv_int(w, "job", e->job);
    if (e->kind == MLFQ_RUN) {
      json_kv_int(w, "priority", e->queue);
      json_kv_int(w, "ticks_left", e->ticks_left);
      json_kv_int(w, "allot_left", e->allot_left);
      json_kv_int(w, "time_left", e->time_left);
    }
    json_object_end(w);
  }
  if (sink->chart && e->kind == MLFQ_RUN)
    gantt_run_mark(sink->chart, (size_t)e->job, queue_mark(e->queue), (double)e->time, 1);
  if (sink->chart && e->kind == MLFQ_IO_START)
    gantt_io(sink->chart, (size_t)e->job, (double)e->time, (double)io_time);
}

static void print_stats(const problem *p, const mlfq_result *res) {
  printf("\nFinal statistics:\n");
  long long response_sum = 0, turnaround_sum = 0;
  for (size_t i = 0; i < p->njobs; i++) {
    long long response = res[i].first_run - p->jobs[i].start;
    long long turnaround = res[i].end - p->jobs[i].start;
    printf("  Job %2zu: startTime %3lld - response %3lld - turnaround %3lld\n", i, p->jobs[i].start,
           response, turnaround);
    response_sum += response;
    turnaround_sum += turnaround;
  }
  /* the original labels the average with the last job's number */
  printf("\n  Avg %2zu: startTime n/a - response %.2f - turnaround %.2f\n\n\n", p->njobs - 1,
         (double)response_sum / (double)p->njobs, (double)turnaround_sum / (double)p->njobs);
}

static void write_json(const options *o, const problem *p, mlfq_result *res) {
  json_writer *w = malloc(sizeof *w);
  if (!w)
    abort();
  json_init(w, stdout);
  json_document_begin(w, "mlfq", NULL, NULL);
  json_key(w, "queues");
  json_array_begin(w);
  for (int q = p->cfg.nqueues - 1; q >= 0; q--) {
    json_object_begin_compact(w);
    json_kv_int(w, "priority", q);
    json_kv_int(w, "quantum", p->quantum[q]);
    json_kv_int(w, "allotment", p->allotment[q]);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "jobs");
  json_array_begin(w);
  for (size_t i = 0; i < p->njobs; i++) {
    json_object_begin_compact(w);
    json_kv_int(w, "job", (long long)i);
    json_kv_int(w, "start", p->jobs[i].start);
    json_kv_int(w, "run", p->jobs[i].run);
    json_kv_int(w, "io_freq", p->jobs[i].io_freq);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "timeline");
  json_array_begin(w);
  event_sink sink = {false, {0}, w, NULL};
  mlfq_simulate(&p->cfg, p->jobs, p->njobs, res, on_event, &sink);
  json_array_end(w);
  json_key(w, "stats");
  json_array_begin(w);
  long long response_sum = 0, turnaround_sum = 0;
  for (size_t i = 0; i < p->njobs; i++) {
    long long response = res[i].first_run - p->jobs[i].start,
              turnaround = res[i].end - p->jobs[i].start;
    json_object_begin_compact(w);
    json_kv_int(w, "job", (long long)i);
    json_kv_int(w, "first_run", res[i].first_run);
    json_kv_int(w, "end", res[i].end);
    json_kv_int(w, "response", response);
    json_kv_int(w, "turnaround", turnaround);
    json_object_end(w);
    response_sum += response;
    turnaround_sum += turnaround;
  }
  json_array_end(w);
  json_key(w, "average");
  json_object_begin_compact(w);
  json_kv_double(w, "response", (double)response_sum / (double)p->njobs);
  json_kv_double(w, "turnaround", (double)turnaround_sum / (double)p->njobs);
  json_object_end(w);
  json_object_end(w);
  json_finish(w);
  free(w);
}

/* An upper bound on the ticks a run takes: the CPU only idles before the
 * last start or while every job waits for I/O. */
static double run_bound(const problem *p, long long io_time) {
  double ticks = 0, last_start = 0;
  for (size_t i = 0; i < p->njobs; i++) {
    const mlfq_job *j = &p->jobs[i];
    double ios = j->io_freq > 0 ? (double)(j->run / j->io_freq) : 0;
    ticks += (double)j->run + ios * (double)io_time;
    if ((double)j->start > last_start)
      last_start = (double)j->start;
  }
  return ticks + last_start;
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o;
  parse_options(&o, argc, argv);
  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o.seed));
  problem p = {0};
  build_queues(&o, &p);
  validate(&o);
  build_jobs(&o, &p, &rng);
  if (p.njobs == 0 && (o.solve || o.json))
    opts_die("option -j/--numJobs: -c and --json need at least one job");
  if ((o.solve || o.json || o.gantt) && run_bound(&p, o.io_time) > MAX_RUN_TICKS)
    opts_die(
        "option %s: the run would take over %lld ticks; use fewer or shorter jobs, or less I/O",
        o.jlist[0] ? "-l/--jlist" : "-j/--numJobs", MAX_RUN_TICKS);
  p.cfg.boost = o.boost;
  p.cfg.io_time = o.io_time;
  p.cfg.stay = o.stay;
  p.cfg.iobump = o.iobump;
  boost_period = o.boost;
  io_time = o.io_time;

  mlfq_result *res = calloc(p.njobs ? p.njobs : 1, sizeof *res);
  if (!res)
    abort();
  if (o.json) {
    write_json(&o, &p, res);
  } else {
    print_problem(&o, &p);
    gantt *chart = NULL;
    if (o.gantt && p.njobs > 0) {
      /* a first, silent run gives the length of the chart */
      mlfq_simulate(&p.cfg, p.jobs, p.njobs, res, NULL, NULL);
      long long last = 0;
      for (size_t i = 0; i < p.njobs; i++)
        last = res[i].end > last ? res[i].end : last;
      chart = gantt_new(p.njobs, (double)last, 1);
      static char legend[128];
      snprintf(legend, sizeof legend,
               "digit = queue it ran in, %c the top, '*' several; 'o' doing I/O; '.' ready",
               queue_mark(p.cfg.nqueues - 1));
      gantt_legend(chart, legend);
    }
    if (!o.solve) {
      printf("Compute the execution trace for the given workloads.\n"
             "If you would like, also compute the response and turnaround\n"
             "times for each of the jobs.\n\n"
             "Use the -c flag to get the exact results when you are finished.\n\n");
    }
    if (o.solve || chart) {
      event_sink sink = {o.solve, {0}, NULL, chart};
      lb_init(&sink.line);
      if (o.solve)
        printf("\nExecution Trace:\n\n");
      mlfq_simulate(&p.cfg, p.jobs, p.njobs, res, on_event, &sink);
      lb_free(&sink.line);
      if (o.solve)
        print_stats(&p, res);
    }
    if (chart) {
      for (size_t i = 0; i < p.njobs; i++)
        gantt_span(chart, i, (double)p.jobs[i].start, (double)res[i].end);
      gantt_print(chart, stdout);
      gantt_free(chart);
    }
  }
  free(res);
  free(p.jobs);
  free(p.quantum);
  free(p.allotment);
  free(o.seed);
  return 0;
}
