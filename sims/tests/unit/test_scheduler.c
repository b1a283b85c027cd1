/* The scheduler's policies on the examples of OSTEP chapter 7
 * ("Scheduling: Introduction"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sched_policy.h"

static sched_job jobs3(sched_job *j, double a, double b, double c)
{
    j[0] = (sched_job){0, a};
    j[1] = (sched_job){1, b};
    j[2] = (sched_job){2, c};
    return j[0];
}

/* Figure 7.1: A, B and C of 10 each under FIFO: average turnaround 20. */
static void test_fifo_equal_jobs(void **state)
{
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
static void test_fifo_convoy(void **state)
{
    (void)state;
    sched_job j[3];
    jobs3(j, 100, 10, 10);
    sched_result r = sched_fifo(j, 3, NULL, NULL);
    assert_true(r.avg_turnaround == 110.0);
    assert_true(r.jobs[2].turnaround == 120.0);
    sched_result_free(&r);
}

/* Figure 7.3: SJF runs B and C first: average turnaround 50. */
static void test_sjf(void **state)
{
    (void)state;
    sched_job j[3];
    jobs3(j, 100, 10, 10);
    sched_sjf_order(j, 3);
    assert_int_equal(j[0].id, 1);
    assert_int_equal(j[1].id, 2); /* ties keep their order */
    assert_int_equal(j[2].id, 0);
    sched_result r = sched_fifo(j, 3, NULL, NULL);
    assert_true(r.avg_turnaround == 50.0);
    assert_int_equal(r.jobs[0].id, 1); /* listed in run order */
    sched_result_free(&r);
}

static void test_sjf_is_stable(void **state)
{
    (void)state;
    sched_job j[5] = {{0, 5}, {1, 3}, {2, 5}, {3, 3}, {4, 1}};
    sched_sjf_order(j, 5);
    const long want[5] = {4, 1, 3, 0, 2};
    for (int i = 0; i < 5; i++)
        assert_int_equal(j[i].id, want[i]);
}

typedef struct {
    int slices;
    long order[32];
} trace;

static void record(void *ctx, long id, double start, double ran, bool done)
{
    (void)start, (void)ran, (void)done;
    trace *t = ctx;
    if (t->slices < 32)
        t->order[t->slices] = id;
    t->slices++;
}

/* Figures 7.6/7.7: three jobs of 5 with a 1-tick slice: response 0, 1, 2
 * (average 1), and they finish at 13, 14, 15. */
static void test_rr_response(void **state)
{
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
    r = sched_fifo(j, 3, NULL, NULL);
    assert_true(r.avg_response == 5.0);
    sched_result_free(&r);
}

/* A job that finishes drops out; the others keep their turns. */
static void test_rr_uneven(void **state)
{
    (void)state;
    sched_job j[3];
    jobs3(j, 1, 3, 2);
    trace t = {0};
    sched_result r = sched_rr(j, 3, 1.0, record, &t);
    const long want[6] = {0, 1, 2, 1, 2, 1};
    assert_int_equal(t.slices, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(t.order[i], want[i]);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_equal_jobs),
        cmocka_unit_test(test_fifo_convoy),
        cmocka_unit_test(test_sjf),
        cmocka_unit_test(test_sjf_is_stable),
        cmocka_unit_test(test_rr_response),
        cmocka_unit_test(test_rr_uneven),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
