/* Lottery scheduling (OSTEP chapter 9): the ticket index, shares, and the
 * book's unfairness measure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lottery_sim.h"

/* The job holding ticket w, by walking the jobs as the original does. */
static size_t linear_find(const lottery_job *jobs, size_t n, long long w) {
  long long sum = 0;
  for (size_t i = 0; i < n; i++) {
    sum += jobs[i].tickets;
    if (sum > w)
      return i;
  }
  return n;
}

static void test_ticket_index_matches_walk(void **state) {
  (void)state;
  pyrandom rng;
  pyrandom_seed(&rng, 1);
  for (size_t n = 1; n < 40; n++) {
    lottery_job jobs[40];
    for (size_t i = 0; i < n; i++)
      jobs[i] = (lottery_job){1, pyrandom_randint(&rng, 0, 5)};
    jobs[n - 1].tickets += 1; /* at least one ticket in all */
    ticket_index idx;
    tickets_init(&idx, jobs, n);
    for (int round = 0; round < 3; round++) {
      long long total = 0;
      for (size_t i = 0; i < n; i++)
        total += jobs[i].tickets;
      assert_int_equal(idx.total, total);
      for (long long w = 0; w < total; w++)
        assert_int_equal(tickets_find(&idx, w), linear_find(jobs, n, w));
      /* a job finishing gives up its tickets */
      size_t j = (size_t)pyrandom_randbelow(&rng, n);
      if (total - jobs[j].tickets > 0) {
        tickets_set(&idx, j, jobs[j].tickets, 0);
        jobs[j].tickets = 0;
      }
    }
    tickets_free(&idx);
  }
}

typedef struct {
  long long wins[2];
  long long done_at[2];
} tally;

static void count(void *ctx, const lottery_draw *d, const lottery_job *jobs, size_t n) {
  (void)jobs, (void)n;
  tally *t = ctx;
  t->wins[d->job]++;
  if (d->done)
    t->done_at[d->job] = d->clock;
}

/* Tickets are shares: with 75 and 25 tickets, the first job wins about three
 * quarters of the draws (checked over 40000 draws). */
static void test_shares_follow_tickets(void **state) {
  (void)state;
  lottery_job jobs[2] = {{1000000, 75}, {1000000, 25}};
  pyrandom rng;
  pyrandom_seed(&rng, 42);
  tally t = {{0, 0}, {0, 0}};
  lottery_run(jobs, 2, 40000, 1, &rng, count, &t);
  double share = (double)t.wins[0] / 40000.0;
  assert_true(share > 0.74 && share < 0.76);
}

/* Figure 9.2: two jobs of equal length and tickets; unfairness U = time the
 * first finishes / time the second finishes tends to 1 for long jobs. */
static void test_unfairness_shrinks_with_length(void **state) {
  (void)state;
  double short_u = 0, long_u = 0;
  for (long long seed = 0; seed < 20; seed++) {
    long long lengths[2] = {5, 500};
    for (int k = 0; k < 2; k++) {
      lottery_job jobs[2] = {{lengths[k], 100}, {lengths[k], 100}};
      pyrandom rng;
      pyrandom_seed(&rng, seed);
      tally t = {{0, 0}, {0, 0}};
      bool done = lottery_run(jobs, 2, 2 * lengths[k], 1, &rng, count, &t);
      assert_true(done);
      long long first = t.done_at[0] < t.done_at[1] ? t.done_at[0] : t.done_at[1];
      long long second = t.done_at[0] < t.done_at[1] ? t.done_at[1] : t.done_at[0];
      assert_int_equal(second, 2 * lengths[k]);
      double u = (double)first / (double)second;
      if (k == 0)
        short_u += u / 20;
      else
        long_u += u / 20;
    }
  }
  assert_true(long_u > 0.9);
  assert_true(short_u < long_u);
}

/* The first draw after seeding with 0 is int(0.8444218515250481 * 1000001)
 * = 844422; with 140 tickets in all that is ticket 82, which falls in the
 * second job's range [75, 100). */
static void test_first_draw_matches_python(void **state) {
  (void)state;
  lottery_job jobs[3] = {{8, 75}, {4, 25}, {5, 40}};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  ticket_index idx;
  tickets_init(&idx, jobs, 3);
  long long r = (long long)(pyrandom_random(&rng) * 1000001);
  assert_int_equal(r, 844422);
  assert_int_equal(r % idx.total, 82);
  assert_int_equal(tickets_find(&idx, r % idx.total), 1);
  assert_int_equal(tickets_find(&idx, 79), 1);
  assert_int_equal(tickets_find(&idx, 74), 0);
  assert_int_equal(tickets_find(&idx, 100), 2);
  tickets_free(&idx);
}

/* A quantum longer than the job finishes it in one slice. */
static void test_quantum(void **state) {
  (void)state;
  lottery_job jobs[1] = {{5, 10}};
  pyrandom rng;
  pyrandom_seed(&rng, 3);
  tally t = {{0, 0}, {0, 0}};
  assert_true(lottery_run(jobs, 1, 5, 10, &rng, count, &t));
  assert_int_equal(t.wins[0], 1);
  assert_int_equal(t.done_at[0], 10);
  assert_int_equal(jobs[0].tickets, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ticket_index_matches_walk),
      cmocka_unit_test(test_shares_follow_tickets),
      cmocka_unit_test(test_unfairness_shrinks_with_length),
      cmocka_unit_test(test_first_draw_matches_python),
      cmocka_unit_test(test_quantum),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
