/* generator: writes C programs that fork, wait and sleep, for the student to
 * predict what they print (OSTEP chapter 5). A drop-in for generator.py,
 * with --json added. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "gen.h"
#include "json.h"
#include "linebuf.h"
#include "opts.h"
#include "pynum.h"
#include "pyrandom.h"

typedef struct {
  char *seed, *actions_text, *sleep_text;
  const char *readable, *runnable, *action_list;
  long long fork_chance, wait_chance, exit_chance;
  bool solve, json;
} options;

/* Writes a whole file; false if it cannot. */
static bool write_file(const char *path, const linebuf *b) {
  FILE *f = fopen(path, "w");
  if (!f)
    return false;
  bool ok = fwrite(b->text, 1, b->len, f) == b->len;
  return fclose(f) == 0 && ok;
}

static char *c_file(const char *base) {
  size_t n = strlen(base);
  char *path = malloc(n + 3);
  if (!path)
    abort();
  memcpy(path, base, n);
  memcpy(path + n, ".c", 3);
  return path;
}

static void print_json(const options *o, const gen_program *p, const char *read_path,
                       const char *run_path, const linebuf *readable) {
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_kv_string(&w, "simulator", "generator");
  json_key(&w, "options");
  json_object_begin(&w);
  json_key(&w, "seed");
  json_raw(&w, o->seed);
  json_kv_string(&w, "readable", o->readable);
  json_kv_string(&w, "runnable", o->runnable);
  json_key(&w, "num_actions");
  json_raw(&w, o->actions_text);
  json_kv_int(&w, "fork_chance", o->fork_chance);
  json_kv_int(&w, "wait_chance", o->wait_chance);
  json_kv_int(&w, "exit_chance", o->exit_chance);
  json_key(&w, "sleep_time");
  json_raw(&w, o->sleep_text);
  json_kv_string(&w, "action_list", o->action_list);
  json_kv_bool(&w, "compute", o->solve);
  json_kv_bool(&w, "json", true);
  json_object_end(&w);
  json_key(&w, "actions");
  json_array_begin(&w);
  for (size_t i = 0; i < p->n; i++) {
    const gen_action *a = &p->items[i];
    json_object_begin_compact(&w);
    json_kv_string(&w, "op", a->kind == GEN_FORK ? "fork" : a->kind == GEN_WAIT ? "wait" : "exit");
    if (a->kind == GEN_FORK) {
      json_kv_string(&w, "child", a->name);
      json_kv_string(&w, "sleep", a->sleep);
    }
    json_object_end(&w);
  }
  json_array_end(&w);
  json_key(&w, "files");
  json_object_begin(&w);
  json_kv_string(&w, "readable", read_path);
  json_kv_string(&w, "runnable", run_path);
  json_object_end(&w);
  char *text = malloc(readable->len + 1);
  if (!text)
    abort();
  memcpy(text, readable->text, readable->len);
  text[readable->len] = '\0';
  json_kv_string(&w, "readable_program", text);
  free(text);
  json_object_end(&w);
  json_finish(&w);
}

/* The original lists the readable file with cat, and print() adds a line. */
static void cat(const char *path) {
  FILE *f = fopen(path, "r");
  if (f) {
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
      fwrite(buf, 1, n, stdout);
    fclose(f);
  } else {
    fprintf(stderr, "cat: %s: cannot open\n", path);
  }
  fputc('\n', stdout);
}

int main(int argc, char **argv) {
  options o = {
      .seed = "-1",
      .readable = "read",
      .runnable = "run",
      .actions_text = "10",
      .fork_chance = 30,
      .wait_chance = 40,
      .exit_chance = 30,
      .sleep_text = "10",
      .action_list = "none",
  };
  const opt_spec specs[] = {
      {'s', "seed", OPT_BIGINT, &o.seed, NULL, "the random seed (-1: a different run each time)"},
      {'r', "readable", OPT_STRING, &o.readable, NULL,
       "base name of the program shown to you (\"read\" writes read.c)"},
      {'R', "runnable", OPT_STRING, &o.runnable, NULL,
       "base name of the program that -c compiles and runs (\"run\" writes run.c)"},
      {'n', "num_actions", OPT_BIGINT, &o.actions_text, NULL, "how many forks and waits to draw"},
      {'f', "fork_chance", OPT_INT, &o.fork_chance, NULL, "percent chance of a fork (1 to 99)"},
      {'w', "wait_chance", OPT_INT, &o.wait_chance, NULL, "percent chance of a wait (1 to 99)"},
      {'e', "exit_chance", OPT_INT, &o.exit_chance, NULL, "percent chance of an exit (1 to 99)"},
      {'S', "sleep_time", OPT_BIGINT, &o.sleep_text, "MAX_SLEEP_TIME",
       "longest sleep of a forked process, in seconds"},
      {'A', "action_list", OPT_STRING, &o.action_list, NULL,
       "the program instead of a random one, e.g. \"fork b,10 {} wait\": a forks b, which "
       "sleeps 10 seconds, and waits for it (see the manual)"},
      {'c', "compute", OPT_FLAG, &o.solve, NULL, "compile and run the program to show its output"},
      {0, "json", OPT_FLAG, &o.json, NULL, "print the program's actions and text as JSON"},
  };
  opts_parse(argc, argv, specs, (int)(sizeof specs / sizeof specs[0]));

  pyrandom rng;
  bool random_program = strcmp(o.action_list, "none") == 0;
  if (!strcmp(o.seed, "-1")) {
    unsigned long long r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
      r = (unsigned long long)time(NULL);
    pyrandom_seed(&rng, (long long)(r >> 1));
  } else if (pyrandom_seed_str(&rng, o.seed) != 0) {
    opts_die("option -s: invalid seed '%s'", o.seed);
  }

  const char *problem = NULL;
  long long sleep_max;
  if (pyint_parse(o.sleep_text, PYINT_PLAIN, &sleep_max) == PYNUM_RANGE)
    sleep_max = o.sleep_text[0] == '-' ? LLONG_MIN : LLONG_MAX;
  if (sleep_max < 1)
    problem = "max sleep time must be >= 1";
  else if (o.fork_chance < 1 || o.fork_chance > 99)
    problem = "fork chance must be between 1 and 99";
  else if (o.wait_chance < 1 || o.wait_chance > 99)
    problem = "wait chance must be between 1 and 99";
  else if (o.exit_chance < 1 || o.exit_chance > 99)
    problem = "exit chance must be between 1 and 99";
  if (problem) {
    if (o.json)
      opts_die("%s", problem);
    printf("%s\n", problem);
    return 1;
  }

  gen_program prog = {0};
  char *message = NULL;
  gen_status st;
  if (random_program) {
    long long total = o.fork_chance + o.wait_chance + o.exit_chance;
    if (total != 100) {
      if (o.json)
        opts_die("fork/wait/exit chance must sum to 100, but sums to %lld", total);
      printf("fork/wait/exit chance must sum to 100, but sums to %lld\n", total);
      return 1;
    }
    double max_sleep = strtod(o.sleep_text, NULL);
    if (isinf(max_sleep))
      opts_die("option -S: %s is too large for the original's arithmetic", o.sleep_text);
    long long n;
    if (pyint_parse(o.actions_text, PYINT_PLAIN, &n) == PYNUM_RANGE)
      n = o.actions_text[0] == '-' ? 0 : LLONG_MAX;
    st = gen_random(&rng, n, max_sleep, o.fork_chance, o.wait_chance, &prog, &message);
  } else {
    st = gen_parse(o.action_list, &prog, &message);
  }
  if (st == GEN_EXIT1) {
    if (o.json) {
      message[strcspn(message, "\n")] = '\0';
      opts_die("%s", message);
    }
    fputs(message, stdout);
    return 1;
  }
  if (st == GEN_CRASH)
    opts_die("option -A: %s", message);

  char *read_path = c_file(o.readable), *run_path = c_file(o.runnable);
  linebuf readable, runnable;
  lb_init(&readable);
  lb_init(&runnable);
  gen_readable(&prog, &readable);
  if (!write_file(read_path, &readable))
    opts_die("cannot write %s", read_path);
  st = gen_runnable(&prog, &runnable, &message);
  if (!write_file(run_path, &runnable))
    opts_die("cannot write %s", run_path);
  if (st == GEN_EXIT1) {
    fputs(message, stdout);
    return 1;
  }
  if (st == GEN_CRASH)
    opts_die("option -A: %s", message);

  if (o.json) {
    print_json(&o, &prog, read_path, run_path, &readable);
  } else if (o.solve) {
    /* As the original: compile with gcc, then run it, through the shell. */
    char *compile = malloc(2 * strlen(o.runnable) + 32);
    char *run = malloc(strlen(o.runnable) + 8);
    if (!compile || !run)
      abort();
    sprintf(compile, "gcc -o %s %s.c -Wall", o.runnable, o.runnable);
    sprintf(run, "./%s", o.runnable);
    fflush(stdout);
    if (system(compile) == -1 || system(run) == -1)
      opts_die("cannot run a shell");
    free(compile);
    free(run);
  } else {
    cat(read_path);
  }
  lb_free(&readable);
  lb_free(&runnable);
  free(read_path);
  free(run_path);
  gen_program_free(&prog);
  free(message);
  return 0;
}
