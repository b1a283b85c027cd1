/* malloc: the free-list allocator's searches, splitting, list orders and
 * coalescing (the book's chapter "Free-Space Management"), and the live
 * pointer list of random mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/malloc/heap.h"
#include "../../src/malloc/live.h"

/* The chapter's example list: chunks of 10, 30 and 20 bytes. */
static void three_chunks(heap *h, heap_policy policy) {
  heap_init(h, 100, 0, 0, -1, policy, HEAP_INSERT_BACK, false);
  h->free_list[0] = (heap_chunk){0, 10};
  h->free_list[1] = (heap_chunk){20, 30};
  h->free_list[2] = (heap_chunk){60, 20};
  h->nfree = 3;
}

static void test_fits(void **state) {
  (void)state;
  /* A request of 15: best fit takes the 20, worst and first the 30. */
  heap h;
  long long addr, searched;
  three_chunks(&h, HEAP_BEST);
  assert_int_equal(heap_alloc(&h, 15, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 60);
  assert_int_equal(searched, 3);
  assert_int_equal(h.free_list[2].addr, 75);
  assert_int_equal(h.free_list[2].size, 5);
  heap_destroy(&h);
  three_chunks(&h, HEAP_WORST);
  assert_int_equal(heap_alloc(&h, 15, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 20);
  assert_int_equal(searched, 3);
  heap_destroy(&h);
  three_chunks(&h, HEAP_FIRST);
  assert_int_equal(heap_alloc(&h, 15, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 20);
  assert_int_equal(searched, 2);
  /* an exact fit removes the chunk; too large a request fails */
  assert_int_equal(heap_alloc(&h, 10, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 0);
  assert_int_equal(h.nfree, 2);
  assert_int_equal(heap_alloc(&h, 21, &addr, &searched), HEAP_NO_SPACE);
  assert_int_equal(searched, 2);
  heap_destroy(&h);
}

static void test_readme_example(void **state) {
  (void)state;
  /* 100 bytes at 1000, 4-byte headers, 4-byte alignment: Alloc(3) takes
   * 8 bytes at 1000; freeing it leaves [1000, 8] [1008, 92]; Alloc(5)
   * takes 12 bytes at 1008 (best fit skips the 8). */
  heap h;
  long long addr, searched;
  heap_init(&h, 100, 1000, 4, 4, HEAP_BEST, HEAP_ADDRSORT, false);
  assert_int_equal(heap_alloc(&h, 3, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 1000);
  assert_int_equal(heap_free(&h, 1000), 0);
  assert_int_equal(h.nfree, 2);
  assert_int_equal(h.free_list[0].size, 8);
  assert_int_equal(h.free_list[1].addr, 1008);
  assert_int_equal(heap_alloc(&h, 5, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(addr, 1008);
  assert_int_equal(searched, 2);
  assert_int_equal(h.free_list[1].addr, 1020);
  assert_int_equal(heap_free(&h, 1008), 0);
  assert_int_equal(heap_free(&h, 1008), -1); /* not allocated any more */
  assert_int_equal(h.nfree, 3);
  heap_destroy(&h);
}

static void test_coalesce(void **state) {
  (void)state;
  heap h;
  long long a, b, c, searched;
  heap_init(&h, 100, 0, 0, -1, HEAP_FIRST, HEAP_ADDRSORT, true);
  heap_alloc(&h, 10, &a, &searched);
  heap_alloc(&h, 20, &b, &searched);
  heap_alloc(&h, 30, &c, &searched);
  heap_free(&h, a);
  heap_free(&h, c); /* [0,10] and [30,70] merge with nothing... */
  assert_int_equal(h.nfree, 2);
  assert_int_equal(h.free_list[1].addr, 30);
  assert_int_equal(h.free_list[1].size, 70);
  heap_free(&h, b); /* ...until the middle returns */
  assert_int_equal(h.nfree, 1);
  assert_int_equal(h.free_list[0].addr, 0);
  assert_int_equal(h.free_list[0].size, 100);
  heap_destroy(&h);
}

static void test_orders(void **state) {
  (void)state;
  heap h;
  long long addr[4], searched;
  /* SIZESORT-: largest first, equal sizes in the order they were freed */
  heap_init(&h, 100, 0, 0, -1, HEAP_FIRST, HEAP_SIZESORT_DOWN, false);
  for (int i = 0; i < 4; i++)
    heap_alloc(&h, i == 2 ? 20 : 10, &addr[i], &searched);
  heap_free(&h, addr[3]);
  heap_free(&h, addr[0]);
  heap_free(&h, addr[2]);
  long long want[][2] = {{50, 50}, {20, 20}, {40, 10}, {0, 10}};
  assert_int_equal(h.nfree, 4);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(h.free_list[i].addr, want[i][0]);
    assert_int_equal(h.free_list[i].size, want[i][1]);
  }
  heap_destroy(&h);
  /* INSERT-FRONT: the last freed first */
  heap_init(&h, 100, 0, 0, -1, HEAP_FIRST, HEAP_INSERT_FRONT, false);
  heap_alloc(&h, 10, &addr[0], &searched);
  heap_alloc(&h, 10, &addr[1], &searched);
  heap_free(&h, addr[0]);
  heap_free(&h, addr[1]);
  assert_int_equal(h.free_list[0].addr, 10);
  assert_int_equal(h.free_list[1].addr, 0);
  assert_int_equal(h.free_list[2].addr, 20);
  heap_destroy(&h);
}

static void test_zero_byte_twice(void **state) {
  (void)state;
  heap h;
  long long addr, searched;
  heap_init(&h, 100, 0, 0, -1, HEAP_BEST, HEAP_ADDRSORT, false);
  assert_int_equal(heap_alloc(&h, 0, &addr, &searched), HEAP_ALLOCATED);
  assert_int_equal(heap_alloc(&h, 0, &addr, &searched), HEAP_DUPLICATE);
  heap_destroy(&h);
}

static void test_many_blocks(void **state) {
  (void)state;
  /* Thousands of blocks through the table: every one found and freed. */
  heap h;
  long long addr, searched;
  heap_init(&h, 100000, 0, 0, -1, HEAP_FIRST, HEAP_INSERT_BACK, false);
  for (int i = 0; i < 5000; i++)
    assert_int_equal(heap_alloc(&h, 7, &addr, &searched), HEAP_ALLOCATED);
  for (int i = 0; i < 5000; i += 2)
    assert_int_equal(heap_free(&h, 7LL * i), 0);
  for (int i = 0; i < 5000; i++)
    assert_int_equal(heap_free(&h, 7LL * i), i % 2 ? 0 : -1);
  heap_destroy(&h);
}

static void test_live_list(void **state) {
  (void)state;
  /* The same takes from a plain array (Python's del L[d]) and from ours. */
  live_list l;
  live_init(&l);
  long long *plain = malloc(10000 * sizeof *plain);
  size_t n = 0;
  unsigned seed = 12345;
  for (long long next = 0; next < 10000;) {
    seed = seed * 1103515245u + 12345u;
    if ((seed >> 16) % 3 != 0 || n == 0) {
      live_append(&l, next, 100 * next);
      plain[n++] = next++;
    } else {
      size_t d = (seed >> 8) % n;
      long long id, ptr;
      live_take(&l, d, &id, &ptr);
      assert_int_equal(id, plain[d]);
      assert_int_equal(ptr, 100 * plain[d]);
      memmove(&plain[d], &plain[d + 1], (n - d - 1) * sizeof *plain);
      n--;
    }
    assert_int_equal(l.nlive, n);
  }
  free(plain);
  live_destroy(&l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fits),
      cmocka_unit_test(test_readme_example),
      cmocka_unit_test(test_coalesce),
      cmocka_unit_test(test_orders),
      cmocka_unit_test(test_zero_byte_twice),
      cmocka_unit_test(test_many_blocks),
      cmocka_unit_test(test_live_list),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
