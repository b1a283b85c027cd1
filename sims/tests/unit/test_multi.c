/* Unit tests of the multi-CPU scheduler: cache warming, central queue,
 * affinity, per-CPU placement, the original's steal bug and the livelock it
 * causes, and the parsing helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/multi/jobs.h"
#include "../../src/multi/multi.h"
#include "linebuf.h"

static pyrandom rng;

/* Jobs from "name:run:wset,..." and affinity "name:cpu.cpu,...". */
static multi_sim *make_sim(const char *list, const char *affinity, multi_config cfg) {
  char *copy = strdup(list);
  size_t n = 1;
  for (const char *p = list; *p; p++)
    n += *p == ',';
  multi_job *jobs = calloc(n, sizeof *jobs);
  name_table names;
  assert_int_equal(name_table_init(&names, n), 0);
  size_t j = 0;
  for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","), j++) {
    assert_int_equal(multi_parse_job(tok, &jobs[j]), JOB_OK);
    name_table_add(&names, jobs, (int)j);
  }
  free(copy);
  if (affinity) {
    char msg[256];
    assert_int_equal(multi_parse_affinity(affinity, jobs, &names, cfg.num_cpus, msg, sizeof msg),
                     AFFINITY_OK);
  }
  name_table_free(&names);
  pyrandom_seed(&rng, 0);
  multi_sim *sim = multi_new(&cfg, jobs, n, &rng, true);
  assert_non_null(sim);
  return sim;
}

static multi_config config(int cpus) {
  return (multi_config){.num_cpus = cpus,
                        .quantum = 10,
                        .peek_interval = 30,
                        .warmup_time = 10,
                        .warm_rate = 2,
                        .cache_size = 100};
}

static multi_status run_all(multi_sim *sim) {
  multi_status st;
  while ((st = multi_tick(sim)) == MULTI_RUNNING)
    ;
  return st;
}

static void test_cold_job_runs_at_rate_one(void **state) {
  (void)state;
  multi_sim *sim = make_sim("a:30:200", NULL, config(1)); /* working set bigger than the cache */
  assert_int_equal(run_all(sim), MULTI_DONE);
  assert_int_equal(sim->time, 30);
  assert_int_equal(sim->cpus[0].warm_ticks, 0);
  multi_free(sim);
}

static void test_warm_cache_doubles_speed(void **state) {
  (void)state;
  multi_config cfg = config(1);
  cfg.cache_size = 300;
  multi_sim *sim = make_sim("a:30:200", NULL, cfg);
  assert_int_equal(run_all(sim), MULTI_DONE);
  /* 10 cold ticks do 10 units, then 10 warm ticks do the other 20 */
  assert_int_equal(sim->time, 20);
  assert_int_equal(sim->cpus[0].warm_ticks, 10);
  assert_int_equal(sim->jobs[0].finish, 20);
  multi_free(sim);
}

static void test_central_queue_bounces_jobs(void **state) {
  (void)state;
  multi_sim *sim = make_sim("a:100:100,b:100:50,c:100:50", NULL, config(2));
  assert_int_equal(run_all(sim), MULTI_DONE);
  /* three jobs rotate over two CPUs and never stay long enough to warm */
  assert_int_equal(sim->time, 150);
  assert_int_equal(sim->cpus[0].busy_ticks, 150);
  assert_int_equal(sim->cpus[0].warm_ticks, 0);
  multi_free(sim);
}

static void test_affinity_keeps_caches_warm(void **state) {
  (void)state;
  multi_sim *sim = make_sim("a:100:100,b:100:50,c:100:50", "a:0,b:1,c:1", config(2));
  assert_int_equal(run_all(sim), MULTI_DONE);
  assert_int_equal(sim->time, 110);
  assert_int_equal(sim->cpus[0].busy_ticks, 55);
  assert_int_equal(sim->cpus[1].warm_ticks, 90);
  multi_free(sim);

  multi_config small = config(2);
  small.cache_size = 50; /* b and c no longer fit together */
  sim = make_sim("a:100:100,b:100:50,c:100:50", "a:0,b:1,c:1", small);
  assert_int_equal(run_all(sim), MULTI_DONE);
  assert_int_equal(sim->time, 200);
  multi_free(sim);
}

static void test_per_cpu_placement(void **state) {
  (void)state;
  multi_config cfg = config(3);
  cfg.per_cpu_queues = true;
  multi_sim *sim = make_sim("a:1:1,b:1:1,c:1:1,d:1:1,e:1:1", "a:2,b:2", cfg);
  /* round robin, each CPU taking the first job it may run: [c e] [d] [a b] */
  assert_string_equal(sim->jobs[sim->queues[0].head].name, "c");
  assert_string_equal(sim->jobs[sim->queues[0].tail].name, "e");
  assert_string_equal(sim->jobs[sim->queues[1].head].name, "d");
  assert_string_equal(sim->jobs[sim->queues[2].head].name, "a");
  assert_string_equal(sim->jobs[sim->queues[2].tail].name, "b");
  multi_free(sim);
}

static void test_steal_bug_and_livelock(void **state) {
  (void)state;
  multi_config cfg = config(2);
  cfg.per_cpu_queues = true;
  cfg.peek_interval = 5;
  /* b may only run on CPU 0, but its working set is 1, so CPU 1 steals it */
  multi_sim *sim = make_sim("a:60:1,b:60:1,c:10:10", "a:0,b:0", cfg);
  for (int t = 0; t <= 5; t++)
    assert_int_equal(multi_tick(sim), MULTI_RUNNING);
  assert_string_equal(sim->jobs[sim->queues[1].head].name, "b");
  assert_int_equal(run_all(sim), MULTI_LIVELOCK);
  assert_int_equal(sim->finished, 2);
  multi_free(sim);
}

static void test_steal_from_nobody(void **state) {
  (void)state;
  multi_config cfg = config(1);
  cfg.per_cpu_queues = true;
  cfg.peek_interval = 5;
  multi_sim *sim = make_sim("a:20:1", NULL, cfg);
  assert_int_equal(run_all(sim), MULTI_STEAL_ALONE);
  multi_free(sim);
}

static void test_parse_job(void **state) {
  (void)state;
  multi_job job;
  assert_int_equal(multi_parse_job("a: 1_0 :20", &job), JOB_OK);
  assert_string_equal(job.name, "a");
  assert_int_equal(job.run_time, 10);
  assert_int_equal(job.wset, 20);
  free(job.name);
  assert_int_equal(multi_parse_job("a:1", &job), JOB_NOT_TRIPLE);
  assert_int_equal(multi_parse_job("a:1:2:3", &job), JOB_NOT_TRIPLE);
  assert_int_equal(multi_parse_job("a:x:2", &job), JOB_BAD_NUMBER);
  free(job.name);
  assert_int_equal(multi_parse_job("a:-1:2", &job), JOB_NEGATIVE);
  free(job.name);
  assert_int_equal(multi_parse_job("a:1:99999999999", &job), JOB_RANGE);
  free(job.name);
}

static void test_affinity_messages(void **state) {
  (void)state;
  multi_job jobs[1] = {{.name = "a"}};
  name_table names;
  name_table_init(&names, 1);
  name_table_add(&names, jobs, 0);
  char msg[256];
  assert_int_equal(multi_parse_affinity("a", jobs, &names, 2, msg, sizeof msg), AFFINITY_REFUSED);
  assert_string_equal(msg, "bad affinity spec a");
  assert_int_equal(multi_parse_affinity("b:0", jobs, &names, 2, msg, sizeof msg), AFFINITY_REFUSED);
  assert_string_equal(msg, "job name b in affinity list does not exist");
  assert_int_equal(multi_parse_affinity("a:0.2", jobs, &names, 2, msg, sizeof msg),
                   AFFINITY_REFUSED);
  assert_string_equal(msg, "bad cpu 2 specified in affinity a:0.2");
  assert_int_equal(multi_parse_affinity("a:x", jobs, &names, 2, msg, sizeof msg), AFFINITY_INVALID);
  free(jobs[0].affinity);
  name_table_free(&names);
}

static void test_py_repr(void **state) {
  (void)state;
  const char *cases[][2] = {
      {"a", "'a'"},
      {"it's", "\"it's\""},
      {"c'd\"e", "'c\\'d\"e'"},
      {"", "''"},
      {"x\\y", "'x\\\\y'"},
      {"\t\x01", "'\\t\\x01'"},
      {"\xc3\xa9", "'\xc3\xa9'"},
      {"\xff", "'\\udcff'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    linebuf b;
    lb_init(&b);
    lb_repr(&b, cases[i][0]);
    assert_string_equal(lb_text(&b), cases[i][1]);
    lb_free(&b);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cold_job_runs_at_rate_one),
      cmocka_unit_test(test_warm_cache_doubles_speed),
      cmocka_unit_test(test_central_queue_bounces_jobs),
      cmocka_unit_test(test_affinity_keeps_caches_warm),
      cmocka_unit_test(test_per_cpu_placement),
      cmocka_unit_test(test_steal_bug_and_livelock),
      cmocka_unit_test(test_steal_from_nobody),
      cmocka_unit_test(test_parse_job),
      cmocka_unit_test(test_affinity_messages),
      cmocka_unit_test(test_py_repr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
