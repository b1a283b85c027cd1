/* Unit tests of the paging-policy engine: the book's example trace, the
 * original's tie-breaks and random draws, and the fast OPT/UNOPT against a
 * straightforward scan of the future. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/paging-policy/policy.h"
#include "../../src/paging-policy/refs.h"

/* Runs a policy over refs; fills victims[i] (or -99 for none) and returns hits. */
static size_t run(pp_policy policy, const long long *refs, size_t n, long long cache,
                  long long bits, long long seed, long long *victims) {
  pyrandom rng;
  pyrandom_seed(&rng, seed);
  pp_sim *sim = pp_sim_new(policy, refs, n, cache, bits, &rng);
  assert_non_null(sim);
  pp_step step;
  size_t i = 0;
  while (pp_sim_step(sim, &step)) {
    if (victims)
      victims[i] = step.evicted ? step.victim : -99;
    i++;
  }
  assert_int_equal(i, n);
  size_t hits = pp_sim_hits(sim);
  assert_int_equal(hits + pp_sim_misses(sim), n);
  pp_sim_free(sim);
  return hits;
}

static size_t memory_of(pp_policy policy, const long long *refs, size_t n, long long cache,
                        long long *mem) {
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  pp_sim *sim = pp_sim_new(policy, refs, n, cache, 2, &rng);
  pp_step step;
  while (pp_sim_step(sim, &step))
    ;
  size_t k = 0;
  for (int h = pp_sim_first(sim); h >= 0; h = pp_sim_next(sim, h))
    mem[k++] = pp_sim_page(sim, h);
  assert_int_equal(k, pp_sim_resident(sim));
  pp_sim_free(sim);
  return k;
}

/* OSTEP chapter 22's trace, cache of 3 pages. */
static const long long book[] = {0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1};
#define BOOK_N (sizeof book / sizeof book[0])

static void test_book_hit_counts(void **state) {
  (void)state;
  assert_int_equal(run(PP_FIFO, book, BOOK_N, 3, 2, 0, NULL), 4); /* 36.4% */
  assert_int_equal(run(PP_LRU, book, BOOK_N, 3, 2, 0, NULL), 6);  /* 54.5% */
  assert_int_equal(run(PP_OPT, book, BOOK_N, 3, 2, 0, NULL), 6);  /* 54.5%, the optimum */
  assert_int_equal(run(PP_MRU, book, BOOK_N, 3, 2, 0, NULL), 6);
  assert_int_equal(run(PP_UNOPT, book, BOOK_N, 3, 2, 0, NULL), 2);
}

static void test_book_opt_victims(void **state) {
  (void)state;
  long long v[BOOK_N];
  run(PP_OPT, book, BOOK_N, 3, 2, 0, v);
  /* page 3 replaces 2 (used furthest ahead); page 2 later replaces 3 (never used again) */
  assert_int_equal(v[5], 2);
  assert_int_equal(v[9], 3);
  long long mem[4];
  assert_int_equal(memory_of(PP_OPT, book, BOOK_N, 3, mem), 3);
  assert_int_equal(mem[0], 0);
  assert_int_equal(mem[1], 1);
  assert_int_equal(mem[2], 2);
}

static void test_fifo_lru_order(void **state) {
  (void)state;
  const long long refs[] = {1, 2, 3, 1, 4};
  long long v[5], mem[3];
  run(PP_FIFO, refs, 5, 3, 2, 0, v);
  assert_int_equal(v[4], 1); /* a hit does not save the first in */
  run(PP_LRU, refs, 5, 3, 2, 0, v);
  assert_int_equal(v[4], 2); /* the hit on 1 moved it to the MRU end */
  memory_of(PP_LRU, refs, 5, 3, mem);
  assert_int_equal(mem[0], 3);
  assert_int_equal(mem[1], 1);
  assert_int_equal(mem[2], 4);
  run(PP_MRU, refs, 5, 3, 2, 0, v);
  assert_int_equal(v[4], 1); /* most recently used */
}

static void test_opt_unopt_ties(void **state) {
  (void)state;
  /* at 4, none of 1 2 3 is used again: OPT drops the last of the list, UNOPT the first */
  const long long refs[] = {1, 2, 3, 4};
  long long v[4];
  run(PP_OPT, refs, 4, 3, 2, 0, v);
  assert_int_equal(v[3], 3);
  run(PP_UNOPT, refs, 4, 3, 2, 0, v);
  assert_int_equal(v[3], 1);
  /* UNOPT takes the soonest used: 2 is needed next */
  const long long r2[] = {1, 2, 3, 4, 2, 1};
  long long v2[6];
  run(PP_UNOPT, r2, 6, 3, 2, 0, v2);
  assert_int_equal(v2[3], 2);
}

static void test_rand_draws(void **state) {
  (void)state;
  /* seed 0 draws 0.844..., 0.757...: int(r * 3) = 2 both times */
  const long long refs[] = {1, 2, 3, 1, 4, 1, 5};
  long long v[7];
  run(PP_RAND, refs, 7, 3, 2, 0, v);
  assert_int_equal(v[4], 3);
  assert_int_equal(v[6], 4);
}

static void test_clock_counters(void **state) {
  (void)state;
  /* at 4 the counters are 1:2 2:1 3:1; draws pick slot 2 twice: 3 wears down to 0, then goes */
  const long long refs[] = {1, 2, 3, 1, 4, 1, 5};
  long long v[7];
  run(PP_CLOCK, refs, 7, 3, 2, 0, v);
  assert_int_equal(v[4], 3);
  assert_int_equal(v[6], 2);
  /* one page of cache: the only page goes whatever the draws */
  const long long r1[] = {1, 1, 1, 2, 3};
  long long v1[5];
  run(PP_CLOCK, r1, 5, 1, 5, 1, v1);
  assert_int_equal(v1[3], 1);
  assert_int_equal(v1[4], 2);
}

/* The original's OPT/UNOPT: scan memory, look for each page's next use. */
static void naive_victims(pp_policy policy, const long long *refs, int n, int cache,
                          long long *victims) {
  long long mem[64];
  int count = 0;
  for (int i = 0; i < n; i++) {
    victims[i] = -99;
    int found = -1;
    for (int k = 0; k < count; k++)
      if (mem[k] == refs[i])
        found = k;
    if (found >= 0)
      continue;
    if (count == cache) {
      long long best = policy == PP_OPT ? -1 : n + 1;
      int at = -1;
      for (int k = 0; k < count; k++) {
        long long when = n;
        for (int j = i + 1; j < n; j++)
          if (refs[j] == mem[k]) {
            when = j;
            break;
          }
        if (policy == PP_OPT ? when >= best : when < best) {
          best = when;
          at = k;
        }
      }
      victims[i] = mem[at];
      memmove(mem + at, mem + at + 1, (size_t)(count - at - 1) * sizeof mem[0]);
      count--;
    }
    mem[count++] = refs[i];
  }
}

static void test_opt_matches_scan(void **state) {
  (void)state;
  srand(42);
  for (int trial = 0; trial < 200; trial++) {
    int n = 1 + rand() % 400, cache = 1 + rand() % 40, pages = 1 + rand() % 80;
    long long *refs = malloc((size_t)n * sizeof *refs), *fast = malloc((size_t)n * sizeof *fast),
              *slow = malloc((size_t)n * sizeof *slow);
    for (int i = 0; i < n; i++)
      refs[i] = rand() % pages - 2;
    for (int p = 0; p < 2; p++) {
      pp_policy policy = p ? PP_UNOPT : PP_OPT;
      run(policy, refs, (size_t)n, cache, 2, 0, fast);
      naive_victims(policy, refs, n, cache, slow);
      assert_memory_equal(fast, slow, (size_t)n * sizeof *fast);
    }
    free(refs);
    free(fast);
    free(slow);
  }
}

static void test_policy_names(void **state) {
  (void)state;
  pp_policy p;
  assert_true(pp_policy_from_name("CLOCK", &p));
  assert_int_equal(p, PP_CLOCK);
  assert_true(pp_policy_from_name("MRU", &p));
  assert_false(pp_policy_from_name("lru", &p));
  assert_false(pp_policy_from_name("", &p));
  assert_string_equal(pp_policy_name(PP_UNOPT), "UNOPT");
}

static void test_refs_from_list(void **state) {
  (void)state;
  ref_list l;
  ref_status st = refs_from_list(" 1, -2,3_0,+4", &l);
  assert_true(st.ok);
  assert_int_equal(l.count, 4);
  assert_int_equal(l.pages[1], -2);
  assert_int_equal(l.pages[2], 30);
  refs_free(&l);
  assert_false(refs_from_list("", &l).ok);
  assert_false(refs_from_list("1,,2", &l).ok);
  assert_false(refs_from_list("0x10", &l).ok);
  st = refs_from_list("1,99999999999999999999", &l);
  assert_false(st.ok);
  assert_non_null(strstr(st.message, "out of range"));
}

static void test_refs_from_file(void **state) {
  (void)state;
  char path[] = "/tmp/test_paging_refsXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char text[] = "7\r\n 3 \n5\r4";
  assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
  close(fd);
  ref_list l;
  assert_true(refs_from_file(path, &l).ok);
  assert_int_equal(l.count, 4);
  assert_int_equal(l.pages[0], 7);
  assert_int_equal(l.pages[1], 3);
  assert_int_equal(l.pages[2], 5);
  assert_int_equal(l.pages[3], 4);
  refs_free(&l);
  FILE *f = fopen(path, "w");
  fputs("1\n\n2\n", f);
  fclose(f);
  ref_status st = refs_from_file(path, &l);
  assert_false(st.ok);
  assert_non_null(strstr(st.message, "line 2"));
  unlink(path);
  assert_false(refs_from_file("/nonexistent/file", &l).ok);
}

static void test_refs_random(void **state) {
  (void)state;
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  ref_list l;
  assert_true(refs_random(&rng, 3, 10, &l).ok);
  /* int(10 * r) for r = 0.844, 0.757, 0.420 */
  assert_int_equal(l.pages[0], 8);
  assert_int_equal(l.pages[1], 7);
  assert_int_equal(l.pages[2], 4);
  refs_free(&l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_book_hit_counts),  cmocka_unit_test(test_book_opt_victims),
      cmocka_unit_test(test_fifo_lru_order),   cmocka_unit_test(test_opt_unopt_ties),
      cmocka_unit_test(test_rand_draws),       cmocka_unit_test(test_clock_counters),
      cmocka_unit_test(test_opt_matches_scan), cmocka_unit_test(test_policy_names),
      cmocka_unit_test(test_refs_from_list),   cmocka_unit_test(test_refs_from_file),
      cmocka_unit_test(test_refs_random),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
