/* Unit tests of the TLB model and the trace generator: the book's array walk,
 * LRU against FIFO, conflicts in a direct-mapped TLB, flushes and ASIDs, the
 * random policy's draws, and the fast model against a plain one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tlb.h"
#include "trace.h"

/* Runs pages through a TLB of one address space; returns the hits and fills
 * victims[i] with the evicted page or -1. */
static int run(const long long *pages, int n, long long entries, long long ways, tlb_policy p,
               long long *victims) {
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  tlb *t = tlb_new(entries, ways, p, &rng);
  assert_non_null(t);
  int hits = 0;
  for (int i = 0; i < n; i++) {
    tlb_result r;
    tlb_access(t, 0, pages[i], &r);
    hits += r.hit;
    if (victims)
      victims[i] = r.evicted ? r.victim_vpn : -1;
  }
  tlb_free(t);
  return hits;
}

/* OSTEP chapter 19: ten ints from virtual address 100, 16-byte pages. The
 * walk touches pages 6, 7 and 8: miss, hit, hit, miss, hit x3, miss, hit x2. */
static void test_book_array_walk(void **state) {
  (void)state;
  long long pages[10];
  for (int i = 0; i < 10; i++)
    pages[i] = (100 + 4 * i) / 16;
  assert_int_equal(run(pages, 10, 16, 0 + 16, TLB_LRU, NULL), 7);
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  tlb *t = tlb_new(16, 16, TLB_LRU, &rng);
  const bool expect[10] = {0, 1, 1, 0, 1, 1, 1, 0, 1, 1};
  for (int i = 0; i < 10; i++) {
    tlb_result r;
    tlb_access(t, 0, pages[i], &r);
    assert_int_equal(r.hit, expect[i]);
  }
  tlb_free(t);
}

static void test_lru_and_fifo(void **state) {
  (void)state;
  const long long pages[] = {0, 1, 2, 0, 3, 0};
  long long v[6];
  /* LRU: the hit on 0 saves it; 3 evicts 1; 0 hits again */
  assert_int_equal(run(pages, 6, 3, 3, TLB_LRU, v), 2);
  assert_int_equal(v[4], 1);
  /* FIFO: 3 evicts 0, the oldest, so the last 0 misses and evicts 1 */
  assert_int_equal(run(pages, 6, 3, 3, TLB_FIFO, v), 1);
  assert_int_equal(v[4], 0);
  assert_int_equal(v[5], 1);
}

static void test_direct_mapped_conflicts(void **state) {
  (void)state;
  /* two sets of one way: pages 0 and 2 share set 0 and keep evicting each other */
  const long long same[] = {0, 2, 0, 2};
  assert_int_equal(run(same, 4, 2, 1, TLB_LRU, NULL), 0);
  const long long apart[] = {0, 1, 0, 1};
  assert_int_equal(run(apart, 4, 2, 1, TLB_LRU, NULL), 2);
  /* fully associative, the same four references hit twice */
  assert_int_equal(run(same, 4, 2, 2, TLB_LRU, NULL), 2);
}

static void test_sets_and_ways(void **state) {
  (void)state;
  tlb *t = tlb_new(8, 2, TLB_FIFO, NULL);
  assert_int_equal(tlb_sets(t), 4);
  tlb_result r;
  tlb_access(t, 0, 13, &r); /* 13 % 4 = set 1, first way */
  assert_int_equal(r.set, 1);
  assert_int_equal(r.way, 0);
  tlb_access(t, 0, 5, &r);
  assert_int_equal(r.set, 1);
  assert_int_equal(r.way, 1);
  tlb_access(t, 0, 9, &r); /* set full: FIFO evicts 13 from way 0 */
  assert_true(r.evicted);
  assert_int_equal(r.victim_vpn, 13);
  assert_int_equal(r.way, 0);
  long long vpn, asid;
  assert_true(tlb_entry(t, 1, 0, &vpn, &asid));
  assert_int_equal(vpn, 9);
  assert_false(tlb_entry(t, 2, 0, &vpn, &asid));
  tlb_free(t);
}

static void test_flush_and_asids(void **state) {
  (void)state;
  tlb *t = tlb_new(4, 4, TLB_LRU, NULL);
  tlb_result r;
  tlb_access(t, 0, 1, &r);
  tlb_access(t, 0, 2, &r);
  /* the same page of another address space is another translation */
  tlb_access(t, 1, 1, &r);
  assert_false(r.hit);
  tlb_access(t, 0, 1, &r);
  assert_true(r.hit);
  assert_int_equal(tlb_flush(t), 3);
  assert_int_equal(tlb_flush(t), 0);
  tlb_access(t, 0, 1, &r);
  assert_false(r.hit);
  assert_int_equal(r.way, 0);
  tlb_free(t);
}

static void test_rand_draws(void **state) {
  (void)state;
  pyrandom rng, check;
  pyrandom_seed(&rng, 5);
  pyrandom_seed(&check, 5);
  tlb *t = tlb_new(4, 4, TLB_RAND, &rng);
  tlb_result r;
  for (long long p = 0; p < 4; p++)
    tlb_access(t, 0, p, &r); /* fills draw nothing */
  for (long long p = 4; p < 20; p++) {
    tlb_access(t, 0, p, &r);
    assert_true(r.evicted);
    assert_int_equal(r.way, (long long)(4.0 * pyrandom_random(&check)));
  }
  tlb_free(t);
}

/* A plain model: arrays scanned per access, ages for LRU and FIFO. */
static void check_against_plain(long long entries, long long ways, tlb_policy p, int npages,
                                int flush_every, unsigned seed) {
  long long sets = entries / ways;
  long long *vp = malloc(entries * sizeof *vp), *as = malloc(entries * sizeof *as);
  long long *age = malloc(entries * sizeof *age);
  for (long long i = 0; i < entries; i++)
    vp[i] = -1;
  pyrandom rng, rng2;
  pyrandom_seed(&rng, seed);
  pyrandom_seed(&rng2, seed);
  tlb *t = tlb_new(entries, ways, p, &rng);
  srand(seed);
  for (long long clock = 1; clock < 20000; clock++) {
    if (flush_every && clock % flush_every == 0) {
      tlb_flush(t);
      for (long long i = 0; i < entries; i++)
        vp[i] = -1;
    }
    long long page = rand() % npages, asid = rand() % 3;
    long long set = page % sets, base = set * ways, found = -1, free_way = -1;
    for (long long w = 0; w < ways; w++) {
      if (vp[base + w] == page && as[base + w] == asid)
        found = w;
      if (vp[base + w] < 0 && free_way < 0)
        free_way = w;
    }
    tlb_result r;
    tlb_access(t, asid, page, &r);
    assert_int_equal(r.hit, found >= 0);
    if (found >= 0) {
      assert_int_equal(r.way, found);
      if (p == TLB_LRU)
        age[base + found] = clock;
      continue;
    }
    long long w = free_way;
    if (w < 0) {
      if (p == TLB_RAND) {
        w = (long long)((double)ways * pyrandom_random(&rng2));
      } else {
        w = 0;
        for (long long k = 1; k < ways; k++)
          if (age[base + k] < age[base + w])
            w = k;
      }
      assert_true(r.evicted);
      assert_int_equal(r.victim_vpn, vp[base + w]);
      assert_int_equal(r.victim_asid, as[base + w]);
    } else {
      assert_false(r.evicted);
    }
    assert_int_equal(r.way, w);
    vp[base + w] = page;
    as[base + w] = asid;
    age[base + w] = clock;
  }
  tlb_free(t);
  free(vp);
  free(as);
  free(age);
}

static void test_against_plain_model(void **state) {
  (void)state;
  const tlb_policy policies[] = {TLB_LRU, TLB_FIFO, TLB_RAND};
  for (int k = 0; k < 3; k++) {
    check_against_plain(16, 16, policies[k], 40, 0, 1);
    check_against_plain(16, 4, policies[k], 64, 0, 2);
    check_against_plain(8, 1, policies[k], 30, 0, 3);
    check_against_plain(64, 8, policies[k], 200, 97, 4);
    check_against_plain(256, 256, policies[k], 300, 1000, 5);
  }
}

static void test_trace_generation(void **state) {
  (void)state;
  pyrandom rng, check;
  pyrandom_seed(&rng, 0);
  pyrandom_seed(&check, 0);
  tlb_trace tr;
  /* full locality: a walk by the stride from a random start, wrapping */
  assert_true(trace_random(&rng, 5, 64, 100.0, 20, 0, 1, &tr));
  long long start = (long long)(64 * pyrandom_random(&check));
  for (int i = 0; i < 5; i++)
    assert_int_equal(tr.addrs[i], (start + 20 * i) % 64);
  trace_free(&tr);
  /* processes switch every 2 references, round robin */
  assert_int_equal(trace_process(0, 2, 3), 0);
  assert_int_equal(trace_process(3, 2, 3), 1);
  assert_int_equal(trace_process(6, 2, 3), 0);
  assert_int_equal(trace_process(7, 0, 3), 0);
}

static void test_trace_lists(void **state) {
  (void)state;
  tlb_trace tr;
  char msg[256];
  assert_true(trace_from_list("100, 0x10,0b11", 256, &tr, msg, sizeof msg));
  assert_int_equal(tr.count, 3);
  assert_int_equal(tr.addrs[1], 16);
  assert_int_equal(tr.addrs[2], 3);
  trace_free(&tr);
  assert_false(trace_from_list("1,256", 256, &tr, msg, sizeof msg));
  assert_non_null(strstr(msg, "outside the address space"));
  assert_false(trace_from_list("1,,2", 256, &tr, msg, sizeof msg));
  assert_non_null(strstr(msg, "item 2"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_book_array_walk),
      cmocka_unit_test(test_lru_and_fifo),
      cmocka_unit_test(test_direct_mapped_conflicts),
      cmocka_unit_test(test_sets_and_ways),
      cmocka_unit_test(test_flush_and_asids),
      cmocka_unit_test(test_rand_draws),
      cmocka_unit_test(test_against_plain_model),
      cmocka_unit_test(test_trace_generation),
      cmocka_unit_test(test_trace_lists),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
