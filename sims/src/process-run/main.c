/* process-run: processes that compute and do I/O on one CPU, and when the
 * system switches between them (OSTEP chapter 4). A drop-in for
 * process-run.py, with --json and --timeline added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "linebuf.h"
#include "lists.h"
#include "opts.h"
#include "prun.h"
#include "pyrandom.h"
#include "timeline.h"

/* Limits of ours; the original would take days to reach them. */
#define MAX_CODE   100000000ULL /* instructions of all processes */
#define MAX_TICKS  1e9
#define MAX_OUTPUT 16e9 /* bytes of trace */
#define COL        14   /* width of the original's columns */

typedef struct {
  char *seed;
  const char *program, *process_list, *switch_text, *iodone_text;
  long long io_length;
  bool solve, print_stats, json, timeline;
} options;

/* Length of the first character of s (UTF-8), as Python's s[0] takes it. */
static int first_char_len(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  int n = u[0] >= 0xf0 && u[0] < 0xf5 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc2 && u[0] < 0xe0 ? 2 : 1;
  if (u[0] >= 0xf5)
    n = 1;
  for (int i = 1; i < n; i++)
    if ((u[i] & 0xc0) != 0x80)
      return 1;
  return n;
}

static void load(pr_sim *s, const options *o, pyrandom *rng) {
  bool programs = o->program[0] != '\0';
  str_list items = list_split(programs ? o->program : o->process_list, programs ? ':' : ',');
  for (size_t i = 0; i < items.count; i++) {
    const char *bad = NULL, *why = NULL;
    pr_load_status st = programs ? pr_load_program(s, items.items[i], MAX_CODE, &bad, &why)
                                 : pr_load_description(s, items.items[i], rng, MAX_CODE, &why);
    switch (st) {
    case PR_LOAD_OK: break;
    case PR_LOAD_BAD_OPCODE:
      if (o->json)
        opts_die("option -P: bad opcode %.*s (should be c or i)", first_char_len(bad), bad);
      printf("bad opcode %.*s (should be c or i)\n", first_char_len(bad), bad);
      exit(1);
    case PR_LOAD_BAD_DESCRIPTION:
      if (o->json)
        opts_die("option -l: bad description (%s): each process is X:Y", items.items[i]);
      printf("Bad description (%s): Must be number <x:y>\n"
             "  where X is the number of instructions\n"
             "  and Y is the percent change that an instruction is CPU not IO\n",
             items.items[i]);
      exit(1);
    case PR_LOAD_CRASH: opts_die("option %s: %s", programs ? "-P" : "-l", why);
    case PR_LOAD_TOO_BIG:
      opts_die("option %s: the processes may have at most %llu instructions in all",
               programs ? "-P" : "-l", MAX_CODE);
    }
  }
  list_free(&items);
}

static void print_listing(const pr_sim *s, const options *o) {
  linebuf b;
  lb_init(&b);
  lb_str(&b, "Produce a trace of what would happen when you run these processes:\n");
  for (size_t pid = 0; pid < s->n; pid++) {
    lb_str(&b, "Process ");
    lb_int(&b, (long long)pid, 0);
    lb_char(&b, '\n');
    const pr_proc *p = &s->procs[pid];
    for (size_t i = 0; i < p->len; i++) {
      lb_str(&b, "  ");
      lb_str(&b, pr_op_names[p->code[i]]);
      lb_char(&b, '\n');
      if (b.len > 60000)
        lb_flush(&b, stdout);
    }
    lb_char(&b, '\n');
  }
  lb_str(&b, "Important behaviors:\n  System will switch when ");
  lb_str(&b, s->switch_on_end ? "the current process is FINISHED\n"
                              : "the current process is FINISHED or ISSUES AN IO\n");
  lb_str(&b, "  After IOs, the process issuing the IO will ");
  lb_str(&b, s->io_immediate ? "run IMMEDIATELY\n" : "run LATER (when it is its turn)\n");
  lb_char(&b, '\n');
  lb_flush(&b, stdout);
  lb_free(&b);
  (void)o;
}

/* '%14s' % text */
static void pad(linebuf *b, const char *text, size_t len) {
  for (size_t i = len; i < COL; i++)
    lb_char(b, ' ');
  lb_str(b, text);
}

typedef struct {
  linebuf line;
  /* '%14s' of each state and of 'RUN:' + op, prepared once */
  char states[4][COL + 1], runs[3][COL + 4];
} trace_printer;

static void trace_tick(void *ctx, const pr_sim *s, const pr_tick *t) {
  trace_printer *tp = ctx;
  linebuf *b = &tp->line;
  lb_int(b, t->tick, 3);
  lb_char(b, t->io_done ? '*' : ' ');
  for (size_t pid = 0; pid < s->n; pid++) {
    if (pid == t->proc && t->executed >= 0)
      lb_str(b, tp->runs[t->executed]);
    else
      lb_str(b, tp->states[s->procs[pid].state]);
  }
  pad(b, t->executed >= 0 ? "1" : " ", 1);
  if (t->ios > 0)
    lb_int(b, (long long)t->ios, COL);
  else
    lb_str(b, "          ");
  lb_char(b, '\n');
  if (b->len > 60000)
    lb_flush(b, stdout);
}

static void check_size(const pr_sim *s, double bytes_per_process) {
  double ticks = pr_tick_bound(s);
  double bytes = ticks * (bytes_per_process * (double)s->n + 40);
  if (ticks > MAX_TICKS || bytes > MAX_OUTPUT)
    opts_die("the run could take up to %.0f ticks (%.0f bytes of trace); the limits are %.0f "
             "ticks and %.0f bytes (use fewer or shorter processes, or a smaller -L)",
             ticks, bytes, MAX_TICKS, MAX_OUTPUT);
}

noreturn static void assertion_failed(void) {
  opts_die("the original fails an internal assertion on these processes");
}

static void print_trace(pr_sim *s, const options *o) {
  trace_printer tp;
  lb_init(&tp.line);
  for (int i = 0; i < 4; i++)
    snprintf(tp.states[i], sizeof tp.states[i], "%*s", COL, pr_state_names[i]);
  for (int i = 0; i < 3; i++) {
    char run[16];
    snprintf(run, sizeof run, "RUN:%s", pr_op_names[i]);
    snprintf(tp.runs[i], sizeof tp.runs[i], "%*s", COL, run);
  }
  linebuf *b = &tp.line;
  lb_str(b, "Time");
  for (size_t pid = 0; pid < s->n; pid++) {
    char head[32];
    int len = snprintf(head, sizeof head, "PID:%2zu", pid);
    pad(b, head, (size_t)len);
  }
  pad(b, "CPU", 3);
  pad(b, "IOs", 3);
  lb_char(b, '\n');
  if (!pr_run(s, trace_tick, &tp)) {
    lb_flush(b, stdout);
    assertion_failed();
  }
  lb_flush(b, stdout);
  lb_free(b);
  if (o->print_stats) {
    double total = (double)s->tick;
    printf("\nStats: Total Time %lld\n", s->tick);
    printf("Stats: CPU Busy %lld (%.2f%%)\n", s->cpu_busy, 100.0 * (double)s->cpu_busy / total);
    printf("Stats: IO Busy  %lld (%.2f%%)\n\n", s->io_busy, 100.0 * (double)s->io_busy / total);
  }
}

static void json_tick(void *ctx, const pr_sim *s, const pr_tick *t) {
  json_writer *w = ctx;
  json_object_begin_compact(w);
  json_kv_int(w, "tick", t->tick);
  json_kv_bool(w, "io_done", t->io_done);
  json_key(w, "running");
  if (t->executed >= 0)
    json_int(w, (long long)t->proc);
  else
    json_null(w);
  json_key(w, "instruction");
  if (t->executed >= 0)
    json_string(w, pr_op_names[t->executed]);
  else
    json_null(w);
  json_key(w, "states");
  json_array_begin_compact(w);
  for (size_t pid = 0; pid < s->n; pid++)
    json_string(w, pr_state_names[s->procs[pid].state]);
  json_array_end(w);
  json_kv_int(w, "ios_in_flight", (long long)t->ios);
  json_object_end(w);
}

static void print_json(pr_sim *s, const options *o) {
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_kv_string(&w, "simulator", "process-run");
  json_key(&w, "options");
  json_object_begin(&w);
  json_key(&w, "seed");
  json_raw(&w, o->seed);
  json_kv_string(&w, "program", o->program);
  json_kv_string(&w, "processlist", o->process_list);
  json_kv_int(&w, "iolength", o->io_length);
  json_kv_string(&w, "switch", o->switch_text);
  json_kv_string(&w, "iodone", o->iodone_text);
  json_kv_bool(&w, "compute", o->solve);
  json_kv_bool(&w, "printstats", o->print_stats);
  json_kv_bool(&w, "json", true);
  json_kv_bool(&w, "timeline", o->timeline);
  json_object_end(&w);

  json_key(&w, "processes");
  json_array_begin(&w);
  for (size_t pid = 0; pid < s->n; pid++) {
    json_object_begin_compact(&w);
    json_kv_int(&w, "pid", (long long)pid);
    json_key(&w, "code");
    json_array_begin_compact(&w);
    for (size_t i = 0; i < s->procs[pid].len; i++)
      json_string(&w, pr_op_names[s->procs[pid].code[i]]);
    json_array_end(&w);
    json_object_end(&w);
  }
  json_array_end(&w);

  json_key(&w, "trace");
  json_array_begin(&w);
  if (!pr_run(s, json_tick, &w))
    assertion_failed();
  json_array_end(&w);

  json_key(&w, "stats");
  json_object_begin(&w);
  double total = (double)s->tick;
  json_kv_int(&w, "total_time", s->tick);
  json_kv_int(&w, "cpu_busy", s->cpu_busy);
  json_kv_int(&w, "io_busy", s->io_busy);
  json_kv_double(&w, "cpu_busy_percent", total > 0 ? 100.0 * (double)s->cpu_busy / total : 0);
  json_kv_double(&w, "io_busy_percent", total > 0 ? 100.0 * (double)s->io_busy / total : 0);
  json_object_end(&w);
  json_object_end(&w);
  json_finish(&w);
}

int main(int argc, char **argv) {
  options o = {
      .seed = "0",
      .program = "",
      .process_list = "",
      .switch_text = "SWITCH_ON_IO",
      .iodone_text = "IO_RUN_LATER",
      .io_length = 5,
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed"},
      {'P', "program", OPT_STRING, &o.program, NULL,
       "exact programs instead of -l: 'c3,i,c2:i' is a process that computes 3 ticks, "
       "does an I/O, computes 2 ticks, and a second process that does one I/O"},
      {'l', "processlist", OPT_STRING, &o.process_list, "PROCESS_LIST",
       "processes X1:Y1,X2:Y2,...: each runs X instructions, and each instruction uses the "
       "CPU with chance Y percent (100: CPU only) or else issues an I/O"},
      {'L', "iolength", OPT_INT, &o.io_length, "IO_LENGTH", "ticks an I/O takes"},
      {'S', "switch", OPT_STRING, &o.switch_text, "SWITCH",
       "when the CPU switches to another process: SWITCH_ON_IO or SWITCH_ON_END"},
      {'I', "iodone", OPT_STRING, &o.iodone_text, "IODONE",
       "what happens when an I/O completes: IO_RUN_LATER (the issuer waits its turn) or "
       "IO_RUN_IMMEDIATE (it runs at once)"},
      {'c', NULL, OPT_FLAG, &o.solve, NULL, "compute the answers (the trace)"},
      {'p', "printstats", OPT_FLAG, &o.print_stats, NULL,
       "with -c, print the total time and how busy the CPU and the I/O were"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the processes and the whole trace as JSON"},
      {0, "timeline", OPT_FLAG, &o.timeline, NULL,
       "draw, after the output, each process's CPU and I/O use per tick"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  pyrandom rng;
  if (pyrandom_seed_str(&rng, o.seed) != 0)
    opts_die("option -s: invalid seed '%s'", o.seed);
  bool switch_on_end = !strcmp(o.switch_text, "SWITCH_ON_END");
  if (!switch_on_end && strcmp(o.switch_text, "SWITCH_ON_IO"))
    opts_die("option -S: must be SWITCH_ON_IO or SWITCH_ON_END, not '%s'", o.switch_text);
  bool io_immediate = !strcmp(o.iodone_text, "IO_RUN_IMMEDIATE");
  if (!io_immediate && strcmp(o.iodone_text, "IO_RUN_LATER"))
    opts_die("option -I: must be IO_RUN_LATER or IO_RUN_IMMEDIATE, not '%s'", o.iodone_text);

  pr_sim s;
  pr_init(&s, switch_on_end, io_immediate, o.io_length);
  load(&s, &o, &rng);
  if (o.io_length < 0)
    opts_die("option -L: an I/O must take 0 ticks or more, not %lld", o.io_length);

  if (o.json) {
    check_size(&s, 12);
    print_json(&s, &o);
  } else if (!o.solve) {
    print_listing(&s, &o);
  } else {
    check_size(&s, COL);
    print_trace(&s, &o);
  }
  if (o.timeline && !o.json) {
    check_size(&s, 1);
    fflush(stdout);
    if (!pr_print_timeline(&s, stdout))
      assertion_failed();
  }
  pr_free(&s);
  return 0;
}
