/* paging-linear-translate: the size checks, the random table, and
 * translation (the book's chapter "Paging: Introduction"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/paging-linear-translate/linear.h"

static void test_book_example(void **state) {
  (void)state;
  /* A 64-byte address space of 16-byte pages in 128 bytes of memory.
     * Virtual page 1 lives in frame 7, so "movl 21, %eax" loads from
     * physical address 117 (VPN 1, offset 5). */
  linear_table t;
  const char *message;
  assert_int_equal(linear_check(&t, 64, 128, 16, &message), LINEAR_OK);
  assert_int_equal(t.npages, 4);
  assert_int_equal(t.nframes, 8);
  assert_int_equal(t.page_bits, 4);
  int32_t frames[4] = {3, 7, 5, 2}; /* the book's Figure 18.2 */
  t.pfn = frames;
  long long pa;
  assert_int_equal(linear_vpn(&t, 21), 1);
  assert_true(linear_translate(&t, 21, &pa));
  assert_int_equal(pa, 117);
  assert_true(linear_translate(&t, 0, &pa));
  assert_int_equal(pa, 48);
  frames[2] = -1;
  assert_false(linear_translate(&t, 40, &pa));
}

static void expect_refused(long long as, long long pm, long long ps, linear_status want,
                           const char *text) {
  linear_table t;
  const char *message = NULL;
  assert_int_equal(linear_check(&t, as, pm, ps, &message), want);
  assert_non_null(strstr(message, text));
}

static void test_size_checks(void **state) {
  (void)state;
  expect_refused(16384, 1, 4096, LINEAR_REFUSED, "non-zero physical memory");
  expect_refused(0, 65536, 4096, LINEAR_REFUSED, "non-zero address-space");
  expect_refused(65536, 65536, 4096, LINEAR_REFUSED, "GREATER");
  expect_refused(16384, 1LL << 30, 4096, LINEAR_REFUSED, "less than 1 GB");
  expect_refused(16384, 65536, 0, LINEAR_BAD, "page size");
  expect_refused(16384, 65536, 3072, LINEAR_REFUSED, "address space must be a multiple");
  expect_refused(16384, 65536 + 1024, 2048, LINEAR_REFUSED, "physical memory must be a multiple");
  expect_refused(3072, 65536, 1024, LINEAR_REFUSED, "power of 2");
  /* A negative page size that divides both sizes crashes the original. */
  expect_refused(16384, 65536, -4096, LINEAR_BAD, "page size");
  expect_refused(1 << 29, (1 << 29) + 2, 1, LINEAR_BAD, "entries");
}

static void test_seed_zero_table(void **state) {
  (void)state;
  /* The original, seed 0, defaults: entries 0x8000000c, 0, 0, 0x80000006
     * and the first address 0x3229 maps to 0x6229. */
  linear_table t;
  const char *message;
  assert_int_equal(linear_check(&t, 16384, 65536, 4096, &message), LINEAR_OK);
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  assert_true(linear_fill(&t, &rng, 50));
  assert_int_equal(t.pfn[0], 12);
  assert_int_equal(t.pfn[1], -1);
  assert_int_equal(t.pfn[2], -1);
  assert_int_equal(t.pfn[3], 6);
  long long va = (long long)(16384 * pyrandom_random(&rng)), pa;
  assert_int_equal(va, 0x3229);
  assert_true(linear_translate(&t, va, &pa));
  assert_int_equal(pa, 0x6229);
  linear_free(&t);
}

static void test_used_extremes(void **state) {
  (void)state;
  linear_table t;
  const char *message;
  pyrandom rng;
  pyrandom_seed(&rng, 1);
  /* Nothing used: every entry invalid. */
  assert_int_equal(linear_check(&t, 1024, 2048, 16, &message), LINEAR_OK);
  assert_true(linear_fill(&t, &rng, 0));
  for (long long v = 0; v < t.npages; v++)
    assert_int_equal(t.pfn[v], -1);
  linear_free(&t);
  /* Everything used, with one spare frame: all valid, all distinct. */
  assert_int_equal(linear_check(&t, 1024, 1040, 16, &message), LINEAR_OK);
  assert_true(linear_fill(&t, &rng, 100));
  char seen[65] = {0};
  for (long long v = 0; v < t.npages; v++) {
    assert_in_range(t.pfn[v], 0, 64);
    assert_int_equal(seen[t.pfn[v]], 0);
    seen[t.pfn[v]] = 1;
  }
  linear_free(&t);
}

static void test_vpn_wraps_at_32_bits(void **state) {
  (void)state;
  linear_table t;
  const char *message;
  assert_int_equal(linear_check(&t, 16384, 65536, 4096, &message), LINEAR_OK);
  assert_int_equal(linear_vpn(&t, (1LL << 32) + 5000), 1);
  assert_int_equal(linear_vpn(&t, -(1LL << 32)), 0);
  assert_int_equal(linear_vpn(&t, -1), 0xFFFFF);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_book_example),         cmocka_unit_test(test_size_checks),
      cmocka_unit_test(test_seed_zero_table),      cmocka_unit_test(test_used_extremes),
      cmocka_unit_test(test_vpn_wraps_at_32_bits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
