/* scheduler: FIFO, SJF and round-robin homework (OSTEP chapter 7), a drop-in
 * for scheduler.py with --json, --gantt, --arrivals and STCF added. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gantt.h"
#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "opts.h"
#include "pyfmt.h"
#include "pynum.h"
#include "pyrandom.h"
#include "sched_policy.h"

#define MAX_JOBS      10000000LL
#define MAX_MAXLEN    1000000000LL
#define MAX_RR_SLICES 1e8

typedef struct {
  char *seed;
  long long jobs, maxlen, quantum;
  const char *jlist, *policy;
  const char *arrivals; /* NULL: every job arrives at 0 */
  bool solve, json, gantt;
} options;

typedef struct {
  sched_job *jobs;
  size_t n;
} workload;

/* Where each slice of CPU time goes: the text trace, the JSON timeline, the
 * Gantt chart, or several of them. */
typedef struct {
  bool text;
  bool rr_format; /* RR pads the job number and says DONE only at the end */
  json_writer *json;
  gantt *chart;
  linebuf line; /* scratch for the text trace */
} slice_sink;

static void on_slice(void *ctx, long id, double start, double ran, bool done) {
  slice_sink *sink = ctx;
  if (sink->text) {
    linebuf *b = &sink->line;
    lb_str(b, "  [ time ");
    lb_pct_d(b, start, 3);
    lb_str(b, " ] Run job ");
    lb_int(b, id, sink->rr_format ? 3 : 0);
    lb_str(b, " for ");
    lb_f2(b, ran, 0);
    lb_str(b, " secs");
    if (done) {
      lb_str(b, " ( DONE at ");
      lb_f2(b, start + ran, 0);
      lb_str(b, " )");
    }
    lb_char(b, '\n');
    lb_flush(b, stdout);
  }
  if (sink->json) {
    json_object_begin_compact(sink->json);
    json_kv_int(sink->json, "job", id);
    json_kv_double(sink->json, "start", start);
    json_kv_double(sink->json, "ran", ran);
    json_kv_bool(sink->json, "done", done);
    json_object_end(sink->json);
  }
  if (sink->chart)
    gantt_run(sink->chart, (size_t)id, 0, start, ran);
}

/* o must outlive the JSON output, which reads the option table. */
static void parse_options(options *o, int argc, char **argv) {
  *o = (options){NULL, 3, 10, 1, "", "FIFO", NULL, false, false, false};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o->seed, "SEED", "the random seed"},
      {'j', "jobs", OPT_INT, &o->jobs, "JOBS", "number of jobs in the system"},
      {'l', "jlist", OPT_STRING, &o->jlist, "JLIST",
       "instead of random jobs, provide a comma-separated list of run times"},
      {'m', "maxlen", OPT_INT, &o->maxlen, "MAXLEN", "max length of job"},
      {'p', "policy", OPT_STRING, &o->policy, "POLICY", "sched policy to use: SJF, FIFO, RR, STCF"},
      {'q', "quantum", OPT_INT, &o->quantum, "QUANTUM", "length of time slice for RR policy"},
      {'c', NULL, OPT_FLAG, &o->solve, NULL, "compute answers for me", "solve"},
      {0, "json", OPT_FLAG, &o->json, NULL,
       "print the problem and its solution as one JSON document"},
      {0, "gantt", OPT_FLAG, &o->gantt, NULL, "draw which job ran at each tick after the output"},
      {0, "arrivals", OPT_STRING, &o->arrivals, "LIST",
       "comma-separated arrival times, one per job (default: all at 0)"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  if (!o->seed && !(o->seed = strdup("0")))
    abort();
}

static bool policy_known(const char *p) {
  return strcmp(p, "FIFO") == 0 || strcmp(p, "SJF") == 0 || strcmp(p, "RR") == 0 ||
         strcmp(p, "STCF") == 0;
}

/* Checks everything up front, so that no run starts that the original would
 * end with a traceback or never end at all. */
static void validate(const options *o) {
  /* the text output handles an unknown policy as the original does */
  if (!policy_known(o->policy) && (o->json || o->gantt))
    opts_die("option -p/--policy: unknown policy %s (use FIFO, SJF, RR or STCF)",
             opts_repr(o->policy));
  opts_check_range("-q/--quantum", NULL, o->quantum, 1, LLONG_MAX);
  if (o->jlist[0] == '\0') {
    opts_check_range("-j/--jobs", NULL, o->jobs, 0, MAX_JOBS);
    if (o->jobs == 0 && (o->solve || o->json))
      opts_die("option -j/--jobs: -c and --json need at least one job");
    opts_check_range("-m/--maxlen", NULL, o->maxlen, 0, MAX_MAXLEN);
  }
}

static workload make_jobs(const options *o, pyrandom *rng) {
  workload w = {NULL, 0};
  if (o->jlist[0] == '\0') {
    w.n = (size_t)o->jobs;
    w.jobs = calloc(w.n ? w.n : 1, sizeof *w.jobs);
    if (!w.jobs)
      opts_die("option -j/--jobs: not enough memory for %lld jobs", o->jobs);
    for (size_t i = 0; i < w.n; i++)
      w.jobs[i] = (sched_job){(long)i, trunc((double)o->maxlen * pyrandom_random(rng)) + 1, 0.0};
    return w;
  }
  str_list items = list_split(o->jlist, ',');
  w.n = items.count;
  w.jobs = calloc(w.n, sizeof *w.jobs);
  if (!w.jobs)
    abort();
  for (size_t i = 0; i < w.n; i++) {
    double len;
    if (pyfloat_parse(items.items[i], &len) != PYNUM_OK || !isfinite(len) || len < 0)
      opts_die("option -l/--jlist: %s is not a run time (want non-negative numbers, e.g. 10,15,20)",
               opts_repr(items.items[i]));
    w.jobs[i] = (sched_job){(long)i, len, 0.0};
  }
  list_free(&items);
  return w;
}

static void set_arrivals(const options *o, workload *w) {
  str_list items = list_split(o->arrivals, ',');
  if (items.count != w->n)
    opts_die("option --arrivals: %zu arrival time%s for %zu job%s (give one per job)", items.count,
             items.count == 1 ? "" : "s", w->n, w->n == 1 ? "" : "s");
  for (size_t i = 0; i < w->n; i++) {
    double t;
    if (pyfloat_parse(items.items[i], &t) != PYNUM_OK || !isfinite(t) || t < 0)
      opts_die("option --arrivals: %s is not an arrival time (want non-negative numbers, e.g. "
               "0,10,10)",
               opts_repr(items.items[i]));
    w->jobs[i].arrival = t;
  }
  list_free(&items);
}

static void print_problem(const options *o, const workload *w) {
  printf("ARG policy %s\n", o->policy);
  if (o->jlist[0] == '\0')
    printf("ARG jobs %lld\nARG maxlen %lld\nARG seed %s\n", o->jobs, o->maxlen, o->seed);
  else
    printf("ARG jlist %s\n", o->jlist);
  if (o->arrivals)
    printf("ARG arrivals %s\n", o->arrivals);
  printf("\nHere is the job list, with the run time of each job: \n");
  for (size_t i = 0; i < w->n; i++) {
    char buf[48];
    /* random lengths are Python ints, listed ones floats */
    const char *len = o->jlist[0] == '\0' ? pyfmt_pct_d(w->jobs[i].length, buf)
                                          : pyfmt_float(w->jobs[i].length, buf);
    printf("  Job %zu ( length = %s )\n", i, len);
  }
  printf("\n\n");
}

static void print_no_solution_hint(void) {
  printf("Compute the turnaround time, response time, and wait time for each job.\n"
         "When you are done, run this program again, with the same arguments,\n"
         "but with -c, which will thus provide you with the answers. You can use\n"
         "-s <somenumber> or your own job list (-l 10,15,20 for example)\n"
         "to generate different problems for yourself.\n\n");
}

/* '  Job %3d -- Response: %3.2f  Turnaround %3.2f  Wait %3.2f' and the
 * average line, which has the same shape. */
static void stats_line(linebuf *b, const char *label, const sched_job_stats *s) {
  lb_str(b, label);
  lb_str(b, " -- Response: ");
  lb_f2(b, s->response, 3);
  lb_str(b, "  Turnaround ");
  lb_f2(b, s->turnaround, 3);
  lb_str(b, "  Wait ");
  lb_f2(b, s->wait, 3);
  lb_char(b, '\n');
  lb_flush(b, stdout);
}

static void print_stats(const sched_result *r) {
  linebuf b;
  lb_init(&b);
  printf("\nFinal statistics:\n");
  for (size_t i = 0; i < r->njobs; i++) {
    lb_str(&b, "  Job ");
    lb_int(&b, r->jobs[i].id, 3);
    stats_line(&b, "", &r->jobs[i]);
  }
  sched_job_stats avg = {0, r->avg_response, r->avg_turnaround, r->avg_wait};
  stats_line(&b, "\n  Average", &avg);
  putchar('\n');
  lb_free(&b);
}

/* Runs the policy; slices go to the sink. The stats come back in the
 * order the original prints them (STCF: in the order the jobs finish). */
static sched_result run_policy(const options *o, const workload *w, slice_sink *sink) {
  if (strcmp(o->policy, "RR") == 0) {
    sink->rr_format = true;
    return sched_rr(w->jobs, w->n, (double)o->quantum, on_slice, sink);
  }
  if (strcmp(o->policy, "SJF") == 0)
    return sched_sjf(w->jobs, w->n, on_slice, sink);
  if (strcmp(o->policy, "STCF") == 0)
    return sched_stcf(w->jobs, w->n, on_slice, sink);
  return sched_fifo(w->jobs, w->n, on_slice, sink);
}

static void chart_spans(gantt *chart, const workload *w, const sched_result *r) {
  for (size_t i = 0; i < r->njobs; i++) {
    double arrival = w->jobs[r->jobs[i].id].arrival;
    gantt_span(chart, (size_t)r->jobs[i].id, arrival, arrival + r->jobs[i].turnaround);
  }
}

static void write_json(const options *o, const workload *w) {
  json_writer jw;
  json_init(&jw, stdout);
  json_document_begin(&jw, "scheduler", NULL, NULL);
  json_key(&jw, "jobs");
  json_array_begin(&jw);
  for (size_t i = 0; i < w->n; i++) {
    json_object_begin_compact(&jw);
    json_kv_int(&jw, "job", w->jobs[i].id);
    json_kv_double(&jw, "length", w->jobs[i].length);
    if (o->arrivals)
      json_kv_double(&jw, "arrival", w->jobs[i].arrival);
    json_object_end(&jw);
  }
  json_array_end(&jw);

  json_key(&jw, "timeline");
  json_array_begin(&jw);
  slice_sink sink = {false, false, &jw, NULL, {0}};
  sched_result r = run_policy(o, w, &sink);
  json_array_end(&jw);

  /* stats by job number, whatever order the policy ran them in */
  sched_job_stats *by_id = calloc(r.njobs, sizeof *by_id);
  if (!by_id)
    abort();
  for (size_t i = 0; i < r.njobs; i++)
    by_id[r.jobs[i].id] = r.jobs[i];
  json_key(&jw, "stats");
  json_array_begin(&jw);
  for (size_t i = 0; i < r.njobs; i++) {
    json_object_begin_compact(&jw);
    json_kv_int(&jw, "job", by_id[i].id);
    json_kv_double(&jw, "response", by_id[i].response);
    json_kv_double(&jw, "turnaround", by_id[i].turnaround);
    json_kv_double(&jw, "wait", by_id[i].wait);
    json_object_end(&jw);
  }
  json_array_end(&jw);
  json_key(&jw, "average");
  json_object_begin_compact(&jw);
  json_kv_double(&jw, "response", r.avg_response);
  json_kv_double(&jw, "turnaround", r.avg_turnaround);
  json_kv_double(&jw, "wait", r.avg_wait);
  json_object_end(&jw);
  json_object_end(&jw);
  json_finish(&jw);
  free(by_id);
  sched_result_free(&r);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o;
  parse_options(&o, argc, argv);
  validate(&o);

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o.seed));
  workload w = make_jobs(&o, &rng);
  if (o.arrivals)
    set_arrivals(&o, &w);
  if (w.n == 0 && o.gantt)
    o.gantt = false; /* nothing to draw */
  if (strcmp(o.policy, "RR") == 0 && (o.solve || o.json || o.gantt) &&
      sched_rr_slices(w.jobs, w.n, (double)o.quantum) > MAX_RR_SLICES)
    opts_die("option -q/--quantum: round robin would need over %.0f time slices; use shorter jobs "
             "(-l, -m) or a longer quantum",
             MAX_RR_SLICES);

  /* the chart is a picture for the terminal: not part of the JSON */
  gantt *chart = o.gantt && !o.json ? gantt_new(w.n, sched_makespan(w.jobs, w.n), 1) : NULL;
  if (o.json) {
    write_json(&o, &w);
  } else {
    print_problem(&o, &w);
    if (o.solve && !policy_known(o.policy)) {
      /* the original's own message, on stdout, exit status 0 */
      printf("** Solutions **\n\nError: Policy %s is not available.\n", o.policy);
    } else if (o.solve) {
      printf("** Solutions **\n\nExecution trace:\n");
      slice_sink sink = {true, false, NULL, chart, {0}};
      lb_init(&sink.line);
      sched_result r = run_policy(&o, &w, &sink);
      lb_free(&sink.line);
      print_stats(&r);
      if (chart)
        chart_spans(chart, &w, &r);
      sched_result_free(&r);
    } else {
      print_no_solution_hint();
      if (chart) {
        slice_sink sink = {false, false, NULL, chart, {0}};
        sched_result r = run_policy(&o, &w, &sink);
        chart_spans(chart, &w, &r);
        sched_result_free(&r);
      }
    }
  }
  if (chart) {
    gantt_print(chart, stdout);
    gantt_free(chart);
  }
  free(w.jobs);
  free(o.seed);
  return 0;
}
