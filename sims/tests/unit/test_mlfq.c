/* MLFQ on the scenarios of OSTEP chapter 8 ("Multi-Level Feedback Queue"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "mlfq_sim.h"

#define MAX_TICKS 1000

/* Which job ran at each tick and at what priority; -1 = idle. */
typedef struct {
  int job[MAX_TICKS], pri[MAX_TICKS];
  int boosts, io_starts;
} record;

static void on_event(void *ctx, const mlfq_event *e) {
  record *r = ctx;
  if (e->kind == MLFQ_RUN && e->time < MAX_TICKS) {
    r->job[e->time] = (int)e->job;
    r->pri[e->time] = e->queue;
  }
  r->boosts += e->kind == MLFQ_BOOST;
  r->io_starts += e->kind == MLFQ_IO_START;
}

static const long long q10[3] = {10, 10, 10}, allot1[3] = {1, 1, 1};

static record *run(mlfq_config cfg, const mlfq_job *jobs, size_t n, mlfq_result *res) {
  record *r = calloc(1, sizeof *r);
  for (int i = 0; i < MAX_TICKS; i++)
    r->job[i] = r->pri[i] = -1;
  assert_int_equal(mlfq_simulate(&cfg, jobs, n, res, on_event, r), 0);
  return r;
}

static mlfq_config three_queues(void) {
  return (mlfq_config){3, q10, allot1, 0, 1, false, false};
}

/* Figure 8.2: a long job drops one level per 10-tick slice, then stays at the
 * bottom. */
static void test_long_job_sinks(void **state) {
  (void)state;
  mlfq_job a = {0, 200, 0};
  mlfq_result res;
  record *r = run(three_queues(), &a, 1, &res);
  assert_int_equal(r->pri[0], 2);
  assert_int_equal(r->pri[9], 2);
  assert_int_equal(r->pri[10], 1);
  assert_int_equal(r->pri[19], 1);
  assert_int_equal(r->pri[20], 0);
  assert_int_equal(r->pri[199], 0);
  assert_int_equal(res.end, 200);
  free(r);
}

/* Figure 8.3: a short job arriving at 100 enters the top queue, preempts the
 * long one and finishes by 120 (response 0, turnaround 20). */
static void test_short_job_first(void **state) {
  (void)state;
  mlfq_job jobs[2] = {{0, 200, 0}, {100, 20, 0}};
  mlfq_result res[2];
  record *r = run(three_queues(), jobs, 2, res);
  for (int t = 100; t < 120; t++)
    assert_int_equal(r->job[t], 1);
  assert_int_equal(r->pri[100], 2);
  assert_int_equal(r->pri[110], 1);
  assert_int_equal(res[1].first_run, 100);
  assert_int_equal(res[1].end, 120);
  assert_int_equal(res[0].end, 220);
  free(r);
}

/* Priority boost: every unfinished job goes back to the top queue with a
 * fresh quantum and allotment there, so it runs a whole slice (10 ticks) at
 * the top before it sinks again. */
static void test_boost(void **state) {
  (void)state;
  mlfq_job a = {0, 100, 0};
  mlfq_result res;
  mlfq_config cfg = three_queues();
  cfg.boost = 50;
  record *r = run(cfg, &a, 1, &res);
  assert_int_equal(r->pri[49], 0);
  assert_int_equal(r->pri[50], 2);
  assert_int_equal(r->pri[59], 2);
  assert_int_equal(r->pri[60], 1);
  assert_int_equal(r->boosts, 1);
  free(r);

  /* no boost: it never comes back up */
  r = run(three_queues(), &a, 1, &res);
  assert_int_equal(r->pri[50], 0);
  assert_int_equal(r->boosts, 0);
  free(r);
}

/* Figure 8.6: a job that does I/O just before its slice ends keeps the top
 * priority when -S resets its counters, and sinks without it. */
static void test_gaming_with_stay(void **state) {
  (void)state;
  mlfq_job jobs[2] = {{0, 200, 0}, {80, 90, 9}};
  mlfq_result res[2];
  mlfq_config cfg = three_queues();
  cfg.stay = true;
  record *r = run(cfg, jobs, 2, res);
  int top = 0, total = 0;
  for (int t = 0; t < MAX_TICKS; t++)
    if (r->job[t] == 1) {
      total++;
      top += r->pri[t] == 2;
    }
  assert_int_equal(total, 90);
  assert_int_equal(top, 90);
  free(r);

  r = run(three_queues(), jobs, 2, res);
  int bottom = 0;
  for (int t = 0; t < MAX_TICKS; t++)
    bottom += r->job[t] == 1 && r->pri[t] == 0;
  assert_int_equal(bottom, 70);
  free(r);
}

/* I/O: a job issuing I/O every tick leaves the CPU to the other job while its
 * I/O runs; the CPU idles when nobody is ready. */
static void test_io_and_idle(void **state) {
  (void)state;
  mlfq_job a = {0, 3, 1};
  mlfq_result res;
  mlfq_config cfg = three_queues();
  cfg.io_time = 2;
  record *r = run(cfg, &a, 1, &res);
  /* runs at 0, I/O 1..3, runs at 3, I/O 4..6, runs at 6 and finishes */
  assert_int_equal(r->job[0], 0);
  assert_int_equal(r->job[1], -1);
  assert_int_equal(r->job[3], 0);
  assert_int_equal(r->job[6], 0);
  assert_int_equal(res.end, 7);
  assert_int_equal(r->io_starts, 2);
  free(r);
}

/* -I: a job back from I/O goes to the front of its queue. */
static void test_iobump(void **state) {
  (void)state;
  mlfq_job jobs[2] = {{0, 50, 0}, {0, 4, 1}};
  mlfq_result res[2];
  mlfq_config cfg = {1, q10, allot1, 0, 0, false, true};
  record *r = run(cfg, jobs, 2, res);
  /* job 0 runs first; job 1 is queued behind it and only runs when job 0's
     * slice ends at 10; then, with -I, it cuts in line after each I/O */
  assert_int_equal(r->job[10], 1);
  assert_int_equal(r->job[11], 1);
  assert_int_equal(res[1].end, 14);
  free(r);

  cfg.iobump = false;
  r = run(cfg, jobs, 2, res);
  assert_int_equal(r->job[10], 1);
  assert_int_equal(r->job[11], 0);
  free(r);
}

static void test_rejects_empty_job(void **state) {
  (void)state;
  mlfq_job a = {0, 0, 0};
  mlfq_result res;
  mlfq_config cfg = three_queues();
  assert_int_equal(mlfq_simulate(&cfg, &a, 1, &res, NULL, NULL), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_long_job_sinks),
      cmocka_unit_test(test_short_job_first),
      cmocka_unit_test(test_boost),
      cmocka_unit_test(test_gaming_with_stay),
      cmocka_unit_test(test_io_and_idle),
      cmocka_unit_test(test_iobump),
      cmocka_unit_test(test_rejects_empty_job),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
