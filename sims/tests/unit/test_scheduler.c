/* The scheduler's policies on the examples of OSTEP chapter 7
 * ("Scheduling: Introduction"), with and without arrival times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "sched_policy.h"

static sched_job jobs3(sched_job *j, double a, double b, double c) {
  j[0] = (sched_job){0, a, 0};
  j[1] = (sched_job){1, b, 0};
  j[2] = (sched_job){2, c, 0};
  return j[0];
}

/* Every slice: job, start, length, and whether the job finished. */
typedef struct {
  int slices;
  long order[32];
  double start[32], ran[32];
  bool done[32];
} trace;

static void record(void *ctx, long id, double start, double ran, bool done) {
  trace *t = ctx;
  if (t->slices < 32) {
    t->order[t->slices] = id;
    t->start[t->slices] = start;
    t->ran[t->slices] = ran;
    t->done[t->slices] = done;
  }
  t->slices++;
}

static void assert_order(const trace *t, const long *want, int n) {
  assert_int_equal(t->slices, n);
  for (int i = 0; i < n; i++)
    assert_int_equal(t->order[i], want[i]);
}

/* Figure 7.1: A, B and C of 10 each under FIFO: average turnaround 20. */
static void test_fifo_equal_jobs(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 10, 10, 10);
  sched_result r = sched_fifo(j, 3, NULL, NULL);
  assert_true(r.avg_turnaround == 20.0);
  assert_true(r.avg_response == 10.0);
  assert_true(r.avg_wait == 10.0);
  sched_result_free(&r);
}

/* Figure 7.2: the convoy effect, A=100 first: average turnaround 110. */
static void test_fifo_convoy(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 100, 10, 10);
  sched_result r = sched_fifo(j, 3, NULL, NULL);
  assert_true(r.avg_turnaround == 110.0);
  assert_true(r.jobs[2].turnaround == 120.0);
  sched_result_free(&r);
}

/* Figure 7.3: SJF runs B and C first: average turnaround 50. */
static void test_sjf(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 100, 10, 10);
  trace t = {0};
  sched_result r = sched_sjf(j, 3, record, &t);
  assert_order(&t, (const long[]){1, 2, 0}, 3); /* ties keep their order */
  assert_true(r.avg_turnaround == 50.0);
  assert_int_equal(r.jobs[0].id, 1); /* listed in run order */
  sched_result_free(&r);
}

static void test_sjf_is_stable(void **state) {
  (void)state;
  sched_job j[5] = {{0, 5, 0}, {1, 3, 0}, {2, 5, 0}, {3, 3, 0}, {4, 1, 0}};
  trace t = {0};
  sched_result r = sched_sjf(j, 5, record, &t);
  assert_order(&t, (const long[]){4, 1, 3, 0, 2}, 5);
  for (int i = 0; i < 5; i++)
    assert_int_equal(r.jobs[i].id, t.order[i]);
  sched_result_free(&r);
}

/* Figures 7.6/7.7: three jobs of 5 with a 1-tick slice: response 0, 1, 2
 * (average 1), and they finish at 13, 14, 15. */
static void test_rr_response(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 5, 5, 5);
  trace t = {0};
  sched_result r = sched_rr(j, 3, 1.0, record, &t);
  assert_int_equal(t.slices, 15);
  for (int i = 0; i < 15; i++)
    assert_int_equal(t.order[i], i % 3);
  assert_true(r.avg_response == 1.0);
  assert_true(r.jobs[0].turnaround == 13.0);
  assert_true(r.jobs[1].turnaround == 14.0);
  assert_true(r.jobs[2].turnaround == 15.0);
  assert_true(r.avg_turnaround == 14.0);
  /* wait = time in the queue: A waited 13 - 5 = 8 */
  assert_true(r.jobs[0].wait == 8.0);
  sched_result_free(&r);

  /* SJF on the same jobs: response 0, 5, 10 (average 5) */
  r = sched_sjf(j, 3, NULL, NULL);
  assert_true(r.avg_response == 5.0);
  sched_result_free(&r);
}

/* A job that finishes drops out; the others keep their turns. */
static void test_rr_uneven(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 1, 3, 2);
  trace t = {0};
  sched_result r = sched_rr(j, 3, 1.0, record, &t);
  assert_order(&t, (const long[]){0, 1, 2, 1, 2, 1}, 6);
  assert_true(r.jobs[0].turnaround == 1.0);
  assert_true(r.jobs[1].turnaround == 6.0);
  assert_true(r.jobs[2].turnaround == 5.0);
  sched_result_free(&r);

  /* a long quantum is FIFO */
  r = sched_rr(j, 3, 10.0, NULL, NULL);
  assert_true(r.jobs[2].turnaround == 6.0);
  assert_true(sched_rr_slices(j, 3, 10.0) == 3.0);
  assert_true(sched_rr_slices(j, 3, 1.0) == 6.0);
  sched_result_free(&r);
}

/* Figure 7.4: A=100 at 0, B and C of 10 arriving at 10. Non-preemptive SJF
 * must run A first: turnaround 100, 100, 110, average 103.33. */
static void test_sjf_late_arrivals(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 100, 10, 10);
  j[1].arrival = j[2].arrival = 10;
  trace t = {0};
  sched_result r = sched_sjf(j, 3, record, &t);
  assert_order(&t, (const long[]){0, 1, 2}, 3);
  assert_true(r.jobs[0].turnaround == 100.0);
  assert_true(r.jobs[1].turnaround == 100.0);
  assert_true(r.jobs[2].turnaround == 110.0);
  assert_true(fabs(r.avg_turnaround - 103.33) < 0.005);
  assert_true(r.jobs[1].response == 90.0);
  assert_true(r.jobs[1].wait == 90.0);
  sched_result_free(&r);

  /* FIFO does the same here */
  r = sched_fifo(j, 3, NULL, NULL);
  assert_true(r.avg_turnaround == 310.0 / 3);
  sched_result_free(&r);
}

/* Figure 7.5: STCF preempts A when B and C arrive: B finishes at 20, C at 30,
 * A at 120; turnaround 10, 20, 120, average 50. */
static void test_stcf_late_arrivals(void **state) {
  (void)state;
  sched_job j[3];
  jobs3(j, 100, 10, 10);
  j[1].arrival = j[2].arrival = 10;
  trace t = {0};
  sched_result r = sched_stcf(j, 3, record, &t);
  assert_order(&t, (const long[]){0, 1, 2, 0}, 4);
  assert_false(t.done[0]);
  assert_true(t.ran[0] == 10.0);
  assert_true(t.start[3] == 30.0 && t.ran[3] == 90.0 && t.done[3]);
  /* listed in the order the jobs finish */
  assert_int_equal(r.jobs[0].id, 1);
  assert_int_equal(r.jobs[1].id, 2);
  assert_int_equal(r.jobs[2].id, 0);
  assert_true(r.jobs[0].turnaround == 10.0);
  assert_true(r.jobs[1].turnaround == 20.0);
  assert_true(r.jobs[2].turnaround == 120.0);
  assert_true(r.avg_turnaround == 50.0);
  assert_true(r.jobs[2].response == 0.0); /* A ran first */
  assert_true(r.jobs[1].response == 10.0);
  assert_true(r.jobs[2].wait == 20.0); /* 120 - 100 */
  sched_result_free(&r);
}

/* With every job at 0 there is nothing to preempt for: STCF is SJF, figure
 * for figure, also on lengths that are not whole numbers. */
static void test_stcf_without_arrivals_is_sjf(void **state) {
  (void)state;
  sched_job j[5] = {{0, 0.3, 0}, {1, 0.1, 0}, {2, 2.7, 0}, {3, 0.1, 0}, {4, 1e-5, 0}};
  trace ts = {0}, tf = {0};
  sched_result s = sched_sjf(j, 5, record, &ts);
  sched_result f = sched_stcf(j, 5, record, &tf);
  assert_order(&tf, ts.order, 5);
  for (int i = 0; i < 5; i++) {
    assert_true(tf.start[i] == ts.start[i] && tf.ran[i] == ts.ran[i] && tf.done[i]);
    assert_int_equal(f.jobs[i].id, s.jobs[i].id);
    assert_true(f.jobs[i].response == s.jobs[i].response);
    assert_true(f.jobs[i].turnaround == s.jobs[i].turnaround);
    assert_true(f.jobs[i].wait == s.jobs[i].wait);
  }
  assert_true(f.avg_turnaround == s.avg_turnaround && f.avg_wait == s.avg_wait);
  sched_result_free(&s);
  sched_result_free(&f);
}

/* An arrival that leaves the same time to completion: the lower job number
 * runs, whether it is the newcomer or the running job. A job that keeps the
 * CPU across an arrival stays in one slice. */
static void test_stcf_ties(void **state) {
  (void)state;
  sched_job j[2] = {{0, 2, 2}, {1, 4, 0}};
  trace t = {0};
  sched_result r = sched_stcf(j, 2, record, &t);
  assert_order(&t, (const long[]){1, 0, 1}, 3);
  assert_true(t.ran[0] == 2.0 && !t.done[0]);
  sched_result_free(&r);

  sched_job k[2] = {{0, 4, 0}, {1, 2, 2}};
  t = (trace){0};
  r = sched_stcf(k, 2, record, &t);
  assert_order(&t, (const long[]){0, 1}, 2);
  assert_true(t.ran[0] == 4.0 && t.done[0]);
  sched_result_free(&r);
}

/* FIFO runs in order of arrival (ties by job number) and idles when nothing
 * has arrived; times count from each job's arrival. */
static void test_fifo_arrival_order_and_idle(void **state) {
  (void)state;
  sched_job j[3] = {{0, 2, 6}, {1, 3, 1}, {2, 1, 1}};
  trace t = {0};
  sched_result r = sched_fifo(j, 3, record, &t);
  assert_order(&t, (const long[]){1, 2, 0}, 3);
  assert_true(t.start[0] == 1.0); /* idle from 0 to 1 */
  assert_true(t.start[1] == 4.0);
  assert_true(t.start[2] == 6.0); /* idle from 5 to 6 */
  assert_true(r.jobs[0].response == 0.0 && r.jobs[0].turnaround == 3.0);
  assert_true(r.jobs[1].response == 3.0 && r.jobs[1].turnaround == 4.0 && r.jobs[1].wait == 3.0);
  assert_true(r.jobs[2].response == 0.0 && r.jobs[2].turnaround == 2.0 && r.jobs[2].wait == 0.0);
  assert_true(sched_makespan(j, 3) == 8.0);
  sched_result_free(&r);
}

/* SJF picks among the jobs that have arrived when the CPU frees, not among
 * all of them. */
static void test_sjf_picks_among_arrived(void **state) {
  (void)state;
  sched_job j[4] = {{0, 3, 5}, {1, 4, 0}, {2, 2, 1}, {3, 1, 1}};
  trace t = {0};
  sched_result r = sched_sjf(j, 4, record, &t);
  /* at 4: jobs 2 and 3 wait, 0 has not arrived; at 5: 2 and 0 */
  assert_order(&t, (const long[]){1, 3, 2, 0}, 4);
  assert_true(r.avg_turnaround == 4.75);
  sched_result_free(&r);
}

/* RR: a job arriving when a slice ends joins the queue before the job whose
 * slice ended, as in the book; the CPU idles until the next arrival. */
static void test_rr_arrivals(void **state) {
  (void)state;
  sched_job j[3] = {{0, 3, 0}, {1, 2, 1}, {2, 1, 9}};
  trace t = {0};
  sched_result r = sched_rr(j, 3, 1.0, record, &t);
  assert_order(&t, (const long[]){0, 1, 0, 1, 0, 2}, 6);
  assert_true(t.start[5] == 9.0);
  assert_true(r.jobs[0].turnaround == 5.0 && r.jobs[0].wait == 2.0);
  assert_true(r.jobs[1].response == 0.0 && r.jobs[1].turnaround == 3.0 && r.jobs[1].wait == 1.0);
  assert_true(r.jobs[2].response == 0.0 && r.jobs[2].turnaround == 1.0);
  sched_result_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fifo_equal_jobs),
      cmocka_unit_test(test_fifo_convoy),
      cmocka_unit_test(test_sjf),
      cmocka_unit_test(test_sjf_is_stable),
      cmocka_unit_test(test_rr_response),
      cmocka_unit_test(test_rr_uneven),
      cmocka_unit_test(test_sjf_late_arrivals),
      cmocka_unit_test(test_stcf_late_arrivals),
      cmocka_unit_test(test_stcf_without_arrivals_is_sjf),
      cmocka_unit_test(test_stcf_ties),
      cmocka_unit_test(test_fifo_arrival_order_and_idle),
      cmocka_unit_test(test_sjf_picks_among_arrived),
      cmocka_unit_test(test_rr_arrivals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
