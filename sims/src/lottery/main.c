/* lottery: lottery scheduling homework (OSTEP chapter 9), a drop-in for
 * lottery.py with --json and --gantt added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gantt.h"
#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "lottery_sim.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"

#define MAX_JOBS      10000000LL
#define MAX_VALUE     1000000000LL /* per -m, -T, -q and -l value */
#define MAX_RUN_TOTAL 50000000LL   /* draws (and lines) the run may need */

typedef struct {
  char *seed;
  long long jobs, maxlen, maxticket, quantum;
  const char *jlist;
  bool solve, json, gantt;
} options;

typedef struct {
  lottery_job *jobs;
  size_t n;
  long long run_total;
} problem;

/* o must outlive the JSON output, which reads the option table. */
static void parse_options(options *o, int argc, char **argv) {
  *o = (options){NULL, 3, 10, 100, 1, "", false, false, false};
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o->seed, "SEED", "the random seed"},
      {'j', "jobs", OPT_INT, &o->jobs, "JOBS", "number of jobs in the system"},
      {'l', "jlist", OPT_STRING, &o->jlist, "JLIST",
       "instead of random jobs, provide a comma-separated list of run times and ticket values "
       "(e.g., "
       "10:100,20:100 would have two jobs with run-times of 10 and 20, each with 100 tickets)"},
      {'m', "maxlen", OPT_INT, &o->maxlen, "MAXLEN", "max length of job"},
      {'T', "maxticket", OPT_INT, &o->maxticket, "MAXTICKET",
       "maximum ticket value, if randomly assigned"},
      {'q', "quantum", OPT_INT, &o->quantum, "QUANTUM", "length of time slice"},
      {'c', "compute", OPT_FLAG, &o->solve, NULL, "compute answers for me"},
      {0, "json", OPT_FLAG, &o->json, NULL,
       "print the problem and its solution as one JSON document"},
      {0, "gantt", OPT_FLAG, &o->gantt, NULL, "draw which job ran at each tick after the output"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));
  if (!o->seed && !(o->seed = strdup("0")))
    abort();
}

static long long list_int(const char *text) {
  long long v;
  if (pyint_parse(text, PYINT_PLAIN, &v) != PYNUM_OK)
    opts_die("option -l/--jlist: %s is not an integer (want run:tickets pairs, e.g. 10:100,20:50)",
             opts_repr(text));
  return v;
}

static problem make_jobs(const options *o, pyrandom *rng) {
  problem p = {NULL, 0, 0};
  if (o->jlist[0] == '\0') {
    opts_check_range("-j/--jobs", NULL, o->jobs, 0, MAX_JOBS);
    if (o->jobs > 0) {
      /* the original redraws until a value is non-zero: 1 would loop forever */
      opts_check_range("-m/--maxlen", NULL, o->maxlen, 2, MAX_VALUE);
      opts_check_range("-T/--maxticket", NULL, o->maxticket, 2, MAX_VALUE);
    }
    p.n = (size_t)o->jobs;
    p.jobs = calloc(p.n ? p.n : 1, sizeof *p.jobs);
    if (!p.jobs)
      abort();
    for (size_t i = 0; i < p.n; i++) {
      long long len = 0, tix = 0;
      while (len == 0)
        len = (long long)((double)o->maxlen * pyrandom_random(rng));
      while (tix == 0)
        tix = (long long)((double)o->maxticket * pyrandom_random(rng));
      p.jobs[i] = (lottery_job){len, tix};
      p.run_total += len;
    }
  } else {
    str_list items = list_split(o->jlist, ',');
    p.n = items.count;
    p.jobs = calloc(p.n, sizeof *p.jobs);
    if (!p.jobs)
      abort();
    for (size_t i = 0; i < items.count; i++) {
      str_list f = list_split(items.items[i], ':');
      if (f.count != 2)
        opts_die("option -l/--jlist: %s is not run:tickets (e.g. 10:100,20:50)",
                 opts_repr(items.items[i]));
      lottery_job *j = &p.jobs[i];
      j->length = list_int(f.items[0]);
      j->tickets = list_int(f.items[1]);
      opts_check_range("-l/--jlist", "a run time", j->length, 0, MAX_VALUE);
      opts_check_range("-l/--jlist", "a ticket count", j->tickets, 1, MAX_VALUE);
      p.run_total += j->length;
      list_free(&f);
    }
    list_free(&items);
  }
  if (p.run_total > MAX_RUN_TOTAL)
    opts_die("option %s: the jobs' run times add up to %lld, more than %lld",
             o->jlist[0] ? "-l/--jlist" : "-j/--jobs", p.run_total, MAX_RUN_TOTAL);
  return p;
}

static void print_problem(const options *o, const problem *p) {
  printf("ARG jlist %s\nARG jobs %lld\nARG maxlen %lld\nARG maxticket %lld\nARG quantum %lld\nARG "
         "seed %s\n\n",
         o->jlist, o->jobs, o->maxlen, o->maxticket, o->quantum, o->seed);
  printf("Here is the job list, with the run time of each job: \n");
  for (size_t i = 0; i < p->n; i++)
    printf("  Job %zu ( length = %lld, tickets = %lld )\n", i, p->jobs[i].length,
           p->jobs[i].tickets);
  printf("\n\n");
}

typedef struct {
  bool text;
  linebuf line;
  json_writer *json;
  gantt *chart;
  long long *done_at; /* per job, for the chart */
  long long quantum;
} draw_sink;

static void note_end(void *ctx, const lottery_draw *d, const lottery_job *jobs, size_t n) {
  (void)jobs, (void)n;
  *(long long *)ctx = d->clock;
}

static void text_draw(linebuf *b, const lottery_draw *d, const lottery_job *jobs, size_t n) {
  lb_str(b, "Random ");
  lb_int(b, d->random, 0);
  lb_str(b, " -> Winning ticket ");
  lb_int(b, d->winner, 0);
  lb_str(b, " (of ");
  lb_int(b, d->total, 0);
  lb_str(b, ") -> Run ");
  lb_int(b, (long long)d->job, 0);
  lb_str(b, "\n  Jobs:\n");
  for (size_t i = 0; i < n; i++) {
    lb_str(b, i == d->job ? " (* job:" : " (  job:");
    lb_int(b, (long long)i, 0);
    lb_str(b, " timeleft:");
    lb_int(b, jobs[i].length, 0);
    lb_str(b, " tix:");
    if (jobs[i].length > 0)
      lb_int(b, jobs[i].tickets, 0);
    else
      lb_str(b, "---");
    lb_str(b, " ) ");
    if (b->len > 4096)
      lb_flush(b, stdout);
  }
  lb_char(b, '\n');
  if (d->done) {
    lb_str(b, "--> JOB ");
    lb_int(b, (long long)d->job, 0);
    lb_str(b, " DONE at time ");
    lb_int(b, d->clock, 0);
    lb_char(b, '\n');
  }
  lb_flush(b, stdout);
}

static void on_draw(void *ctx, const lottery_draw *d, const lottery_job *jobs, size_t n) {
  draw_sink *sink = ctx;
  if (sink->text)
    text_draw(&sink->line, d, jobs, n);
  if (sink->json) {
    json_writer *w = sink->json;
    json_object_begin_compact(w);
    json_kv_int(w, "random", d->random);
    json_kv_int(w, "winner", d->winner);
    json_kv_int(w, "total", d->total);
    json_kv_int(w, "job", (long long)d->job);
    json_kv_int(w, "start", d->clock - sink->quantum);
    json_kv_int(w, "time_left",
                jobs[d->job].length >= sink->quantum ? jobs[d->job].length - sink->quantum : 0);
    json_kv_bool(w, "done", d->done);
    json_object_end(w);
  }
  if (sink->chart) {
    /* the slice is the whole quantum even when the job needed less */
    gantt_run(sink->chart, d->job, 0, (double)(d->clock - sink->quantum), (double)sink->quantum);
    if (d->done)
      sink->done_at[d->job] = d->clock;
  }
}

static void write_json(const options *o, problem *p, pyrandom *rng) {
  json_writer *w = malloc(sizeof *w);
  if (!w)
    abort();
  json_init(w, stdout);
  json_document_begin(w, "lottery", NULL, NULL);
  json_key(w, "jobs");
  json_array_begin(w);
  for (size_t i = 0; i < p->n; i++) {
    json_object_begin_compact(w);
    json_kv_int(w, "job", (long long)i);
    json_kv_int(w, "length", p->jobs[i].length);
    json_kv_int(w, "tickets", p->jobs[i].tickets);
    json_object_end(w);
  }
  json_array_end(w);
  json_key(w, "draws");
  json_array_begin(w);
  draw_sink sink = {false, {0}, w, NULL, NULL, o->quantum};
  bool all_done = lottery_run(p->jobs, p->n, p->run_total, o->quantum, rng, on_draw, &sink);
  json_array_end(w);
  json_kv_bool(w, "all_done", all_done);
  json_object_end(w);
  json_finish(w);
  free(w);
}

int main(int argc, char **argv) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  options o;
  parse_options(&o, argc, argv);
  opts_check_range("-q/--quantum", NULL, o.quantum, 1, MAX_VALUE);
  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s/--seed: invalid integer value: %s", opts_repr(o.seed));
  problem p = make_jobs(&o, &rng);

  if (o.json) {
    write_json(&o, &p, &rng);
  } else {
    print_problem(&o, &p);
    if (!o.solve) {
      printf("Here is the set of random numbers you will need (at most):\n");
      linebuf b;
      lb_init(&b);
      /* the answers' random numbers come from the state after these */
      pyrandom answers = rng;
      for (long long i = 0; i < p.run_total; i++) {
        lb_str(&b, "Random ");
        lb_int(&b, (long long)(pyrandom_random(&rng) * 1000001), 0);
        lb_char(&b, '\n');
        lb_flush(&b, stdout);
      }
      lb_free(&b);
      rng = answers;
    } else {
      printf("** Solutions **\n\n");
    }
    if (o.solve || o.gantt) {
      draw_sink sink = {o.solve, {0}, NULL, NULL, NULL, o.quantum};
      if (o.gantt && p.n > 0) {
        /* a silent first pass on copies gives the chart's length */
        lottery_job *copy = malloc(p.n * sizeof *copy);
        sink.done_at = malloc(p.n * sizeof *sink.done_at);
        if (!copy || !sink.done_at)
          abort();
        memcpy(copy, p.jobs, p.n * sizeof *copy);
        pyrandom trial = rng;
        long long end = 0;
        lottery_run(copy, p.n, p.run_total, o.quantum, &trial, note_end, &end);
        free(copy);
        for (size_t i = 0; i < p.n; i++)
          sink.done_at[i] = end;
        sink.chart = gantt_new(p.n, (double)end, 1);
      }
      lb_init(&sink.line);
      bool all_done = lottery_run(p.jobs, p.n, p.run_total, o.quantum, &rng, on_draw, &sink);
      lb_free(&sink.line);
      if (o.solve && all_done)
        printf("\n");
      if (sink.chart) {
        for (size_t i = 0; i < p.n; i++)
          gantt_span(sink.chart, i, 0, (double)sink.done_at[i]);
        gantt_print(sink.chart, stdout);
        gantt_free(sink.chart);
        free(sink.done_at);
      }
    }
  }
  free(p.jobs);
  free(o.seed);
  return 0;
}
