/* The optparse-compatible parser: accepted spellings, stored values, and the
 * one-line errors (checked in a child process, since errors exit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "gantt.h"
#include "json.h"
#include "lists.h"
#include "opts.h"

typedef struct {
  long long jobs;
  char *seed;
  const char *policy;
  bool compute;
  bool stay;
  double rate;
} values;

static values v;
static opt_spec specs[5 + 1];

static int setup_specs(void) {
  v = (values){3, NULL, "FIFO", false, false, 1.5};
  const opt_spec s[] = {
      {'s', "seed", OPT_BIGINT, &v.seed, "SEED", "the random seed"},
      {'j', "jobs", OPT_INT, &v.jobs, "JOBS", "number of jobs in the system"},
      {'p', "policy", OPT_STRING, &v.policy, "POLICY", "sched policy to use: SJF, FIFO, RR"},
      {'c', NULL, OPT_FLAG, &v.compute, NULL, "compute answers for me", "solve"},
      {'S', "stay", OPT_FLAG, &v.stay, NULL,
       "reset and stay at same priority level when issuing I/O"},
      {'r', "rate", OPT_FLOAT, &v.rate, "RATE", NULL},
  };
  memcpy(specs, s, sizeof s);
  return 6;
}

static opts_result parse(int n, char **argv) {
  return opts_parse(n, argv, specs, setup_specs());
}

#define ARGV(...)  ((char *[]){"/some/dir/sim", __VA_ARGS__, NULL})
#define ARGC(...)  ((int)(sizeof((char *[]){"/some/dir/sim", __VA_ARGS__}) / sizeof(char *)))
#define PARSE(...) parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_defaults_and_prog(void **state) {
  (void)state;
  char *argv[] = {"/x/y/scheduler", NULL};
  opts_result r = parse(1, argv);
  assert_string_equal(r.prog, "scheduler");
  assert_string_equal(opts_prog(), "scheduler");
  assert_int_equal(v.jobs, 3);
  assert_string_equal(v.policy, "FIFO");
  assert_false(v.compute);
  assert_null(v.seed);
  free(r.positional);
}

static void test_clusters_and_attached_values(void **state) {
  (void)state;
  opts_result r = PARSE("-cs5", "-pRR", "-j", "-5");
  assert_true(v.compute);
  assert_string_equal(v.seed, "5");
  assert_string_equal(v.policy, "RR");
  assert_int_equal(v.jobs, -5);
  free(r.positional);
  free(v.seed);
}

static void test_long_forms_and_prefixes(void **state) {
  (void)state;
  opts_result r = PARSE("--seed=0x10", "--jo", "010", "--pol=SJF", "--st", "--rate", "2e1");
  assert_string_equal(v.seed, "16");
  assert_int_equal(v.jobs, 8);
  assert_string_equal(v.policy, "SJF");
  assert_true(v.stay);
  assert_true(v.rate == 20.0);
  free(r.positional);
  free(v.seed);
}

static void test_positionals_and_double_dash(void **state) {
  (void)state;
  opts_result r = PARSE("a", "-c", "-", "b", "--", "-j", "7");
  assert_true(v.compute);
  assert_int_equal(v.jobs, 3);
  assert_int_equal(r.npositional, 5);
  assert_string_equal(r.positional[0], "a");
  assert_string_equal(r.positional[1], "-");
  assert_string_equal(r.positional[3], "-j");
  free(r.positional);
}

static void test_big_seed_kept_exact(void **state) {
  (void)state;
  opts_result r = PARSE("-s", "1_000_000_000_000_000_000_000");
  assert_string_equal(v.seed, "1000000000000000000000");
  free(r.positional);
  free(v.seed);
}

/* Runs the parser in a child; returns its exit status and what it wrote. */
static int run_child(int argc, char **argv, char *out, size_t outsize, char *err, size_t errsize) {
  int po[2], pe[2];
  assert_int_equal(pipe(po), 0);
  assert_int_equal(pipe(pe), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(po[1], 1);
    dup2(pe[1], 2);
    parse(argc, argv);
    fflush(stdout);
    _exit(0);
  }
  close(po[1]);
  close(pe[1]);
  ssize_t n;
  size_t got = 0;
  while ((n = read(pe[0], err + got, errsize - 1 - got)) > 0)
    got += (size_t)n;
  err[got] = '\0';
  got = 0;
  while ((n = read(po[0], out + got, outsize - 1 - got)) > 0)
    got += (size_t)n;
  out[got] = '\0';
  close(po[0]);
  close(pe[0]);
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void expect_error(int argc, char **argv, const char *message) {
  char out[4096], err[1024];
  assert_int_equal(run_child(argc, argv, out, sizeof out, err, sizeof err), 2);
  assert_string_equal(out, "");
  assert_string_equal(err, message);
}

#define EXPECT_ERROR(msg, ...) expect_error(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), msg)

static void test_errors(void **state) {
  (void)state;
  EXPECT_ERROR("sim: error: no such option: -x\n", "-x");
  EXPECT_ERROR("sim: error: no such option: -x\n", "-cx");
  EXPECT_ERROR("sim: error: no such option: --bogus\n", "--bogus");
  EXPECT_ERROR("sim: error: ambiguous option: --s (--seed, --stay?)\n", "--s", "1");
  EXPECT_ERROR("sim: error: option -s: invalid integer value: '08'\n", "-s", "08");
  EXPECT_ERROR("sim: error: option --jobs: invalid integer value: 'x'\n", "--jobs=x");
  EXPECT_ERROR("sim: error: option -j: invalid integer value: ''\n", "-j", "");
  /* a byte that is not UTF-8, quoted as Python quotes it */
  EXPECT_ERROR("sim: error: option -j: invalid integer value: 'caf\xc3\xa9\\udcff'\n", "-j",
               "caf\xc3\xa9\xff");
  EXPECT_ERROR("sim: error: option -r: invalid floating-point value: \"a'b\"\n", "-r", "a'b");
  EXPECT_ERROR("sim: error: -j option requires 1 argument\n", "-j");
  EXPECT_ERROR("sim: error: --seed option requires 1 argument\n", "--seed");
  EXPECT_ERROR("sim: error: --stay option does not take a value\n", "--stay=1");
  EXPECT_ERROR("sim: error: option -j: integer value out of range: '99999999999999999999'\n", "-j",
               "99999999999999999999");
}

static void test_help(void **state) {
  (void)state;
  char out[4096], err[1024];
  setenv("COLUMNS", "80", 1);
  assert_int_equal(run_child(ARGC("-ch"), ARGV("-ch"), out, sizeof out, err, sizeof err), 0);
  assert_string_equal(err, "");
  assert_string_equal(
      out, "Usage: sim [options]\n"
           "\n"
           "Options:\n"
           "  -h, --help            show this help message and exit\n"
           "  -s SEED, --seed=SEED  the random seed\n"
           "  -j JOBS, --jobs=JOBS  number of jobs in the system\n"
           "  -p POLICY, --policy=POLICY\n"
           "                        sched policy to use: SJF, FIFO, RR\n"
           "  -c                    compute answers for me\n"
           "  -S, --stay            reset and stay at same priority level when issuing I/O\n"
           "  -r RATE, --rate=RATE  \n");
}

static void test_list_split(void **state) {
  (void)state;
  str_list l = list_split("10,,20", ',');
  assert_int_equal(l.count, 3);
  assert_string_equal(l.items[0], "10");
  assert_string_equal(l.items[1], "");
  assert_string_equal(l.items[2], "20");
  list_free(&l);
  l = list_split("", ',');
  assert_int_equal(l.count, 1);
  assert_string_equal(l.items[0], "");
  list_free(&l);
  l = list_split("a:b:", ':');
  assert_int_equal(l.count, 3);
  assert_string_equal(l.items[2], "");
  list_free(&l);
}

static void test_json_writer(void **state) {
  (void)state;
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  json_writer w;
  json_init(&w, f);
  json_object_begin(&w);
  json_kv_string(&w, "policy", "R\"R\n");
  json_key(&w, "jobs");
  json_array_begin(&w);
  json_object_begin_compact(&w);
  json_kv_int(&w, "id", 0);
  json_kv_double(&w, "len", 2.0);
  json_object_end(&w);
  json_double(&w, 1.0 / 0.0);
  json_array_end(&w);
  json_key(&w, "empty");
  json_array_begin(&w);
  json_array_end(&w);
  json_kv_bool(&w, "ok", true);
  json_object_end(&w);
  json_finish(&w);
  fclose(f);
  assert_string_equal(buf, "{\n"
                           "  \"policy\": \"R\\\"R\\n\",\n"
                           "  \"jobs\": [\n"
                           "    {\"id\": 0, \"len\": 2.0},\n"
                           "    null\n"
                           "  ],\n"
                           "  \"empty\": [],\n"
                           "  \"ok\": true\n"
                           "}\n");
  free(buf);
}

/* The project's --json convention: the simulator's name, then every option
 * by its snake_case name, the seed as a number. */
static void test_json_document(void **state) {
  (void)state;
  opts_result r = PARSE("-s", "0x10", "-c", "--stay", "-p", "RR");
  free(r.positional);
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  json_writer w;
  json_init(&w, f);
  json_document_begin(&w, "sim", NULL, NULL);
  json_kv_int(&w, "result", 1);
  json_object_end(&w);
  json_finish(&w);
  fclose(f);
  assert_string_equal(buf, "{\n"
                           "  \"simulator\": \"sim\",\n"
                           "  \"options\": {\n"
                           "    \"seed\": 16,\n"
                           "    \"jobs\": 3,\n"
                           "    \"policy\": \"RR\",\n"
                           "    \"solve\": true,\n"
                           "    \"stay\": true,\n"
                           "    \"rate\": 1.5\n"
                           "  },\n"
                           "  \"result\": 1\n"
                           "}\n");
  free(buf);
  free(v.seed);
  char key[64];
  const opt_spec dashed = {'x', "warm-up", OPT_FLAG, NULL, NULL, NULL, NULL};
  assert_string_equal(json_option_key(&dashed, key), "warm_up");
  const opt_spec camel = {'x', "stayAfterIO", OPT_FLAG, NULL, NULL, NULL, NULL};
  assert_string_equal(json_option_key(&camel, key), "stay_after_io");
}

static void test_gantt(void **state) {
  (void)state;
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  gantt *g = gantt_new(2, 5, 1);
  gantt_run(g, 0, 0, 0, 2);
  gantt_run(g, 1, 0, 2, 3);
  gantt_span(g, 1, 0, 5);
  gantt_run(g, 7, 0, 0, 1); /* rows past the chart are ignored */
  gantt_print(g, f);
  gantt_free(g);
  fclose(f);
  assert_string_equal(buf, "\nGantt chart (one column = 1 tick; '#' running, '.' waiting):\n"
                           "      0\n"
                           "      |\n"
                           "Job 0 ##\n"
                           "Job 1 ..###\n");
  free(buf);

  /* long runs are scaled; several CPUs show their numbers */
  f = open_memstream(&buf, &size);
  g = gantt_new(50, 640, 2);
  gantt_run(g, 0, 1, 0, 20);
  gantt_run(g, 0, 0, 15, 10); /* shares column 1 with CPU 1 */
  gantt_print(g, f);
  gantt_free(g);
  fclose(f);
  assert_non_null(strstr(buf, "one column = 10 ticks"));
  assert_non_null(strstr(buf, "Job  0 1*0\n"));
  assert_non_null(strstr(buf, "(10 more jobs not shown)"));
  free(buf);

  /* marks chosen by the simulator, I/O, and a legend of its own: a run
     beats I/O, I/O beats waiting */
  f = open_memstream(&buf, &size);
  g = gantt_new(1, 8, 1);
  gantt_legend(g, "digit = queue");
  gantt_run_mark(g, 0, '2', 0, 2);
  gantt_io(g, 0, 2, 3);
  gantt_run_mark(g, 0, '1', 4, 2); /* ends the I/O early */
  gantt_run_mark(g, 0, '0', 5, 1); /* a second mark in one column */
  gantt_span(g, 0, 0, 8);
  gantt_print(g, f);
  gantt_free(g);
  fclose(f);
  assert_string_equal(buf, "\nGantt chart (one column = 1 tick; digit = queue):\n"
                           "      0\n"
                           "      |\n"
                           "Job 0 22oo1*..\n");
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults_and_prog),
      cmocka_unit_test(test_clusters_and_attached_values),
      cmocka_unit_test(test_long_forms_and_prefixes),
      cmocka_unit_test(test_positionals_and_double_dash),
      cmocka_unit_test(test_big_seed_kept_exact),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_help),
      cmocka_unit_test(test_list_split),
      cmocka_unit_test(test_json_writer),
      cmocka_unit_test(test_json_document),
      cmocka_unit_test(test_gantt),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
