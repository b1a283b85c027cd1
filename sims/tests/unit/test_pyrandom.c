/* pyrandom against values printed by CPython 3.11's random module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pyrandom.h"

static void expect_two_randoms(const char *seed, double first, double second) {
  pyrandom r;
  assert_int_equal(pyrandom_seed_str(&r, seed), 0);
  assert_true(pyrandom_random(&r) == first);
  assert_true(pyrandom_random(&r) == second);
}

static void test_random_after_seed(void **state) {
  (void)state;
  expect_two_randoms("0", 0.8444218515250481, 0.7579544029403025);
  expect_two_randoms("1", 0.13436424411240122, 0.8474337369372327);
  expect_two_randoms("5", 0.6229016948897019, 0.7417869892607294);
  expect_two_randoms("123456789", 0.6414006161858726, 0.5421892680969495);
}

static void test_negative_seed_is_abs(void **state) {
  (void)state;
  expect_two_randoms("-5", 0.6229016948897019, 0.7417869892607294);
  pyrandom r;
  pyrandom_seed(&r, -5);
  assert_true(pyrandom_random(&r) == 0.6229016948897019);
}

static void test_multi_limb_seeds(void **state) {
  (void)state;
  expect_two_randoms("4294967296", 0.11299430095636409, 0.41782886486292836);
  expect_two_randoms("4294967297", 0.2309331037176915, 0.5124118614342635);
  expect_two_randoms("10000000000000000000000", 0.22618793345198662, 0.5188023297843888);
  expect_two_randoms("18446744073709551623", 0.9625990769630326, 0.3272511366623422);
  pyrandom r;
  pyrandom_seed(&r, 4294967296LL);
  assert_true(pyrandom_random(&r) == 0.11299430095636409);
}

static void test_seed_str_rejects_non_integers(void **state) {
  (void)state;
  pyrandom r;
  assert_int_equal(pyrandom_seed_str(&r, ""), -1);
  assert_int_equal(pyrandom_seed_str(&r, "12a"), -1);
  assert_int_equal(pyrandom_seed_str(&r, "-"), -1);
  assert_int_equal(pyrandom_seed_str(&r, " 7 "), 0);
}

static void test_raw_words(void **state) {
  (void)state;
  pyrandom r;
  pyrandom_seed(&r, 0);
  assert_int_equal(pyrandom_u32(&r), 3626764237u);
  assert_int_equal(pyrandom_u32(&r), 1654615998u);
  assert_int_equal(pyrandom_u32(&r), 3255389356u);
}

static void test_getrandbits(void **state) {
  (void)state;
  pyrandom r;
  pyrandom_seed(&r, 3);
  assert_true(pyrandom_getrandbits(&r, 64) == 10932295209482665981ull);
  assert_true(pyrandom_getrandbits(&r, 40) == 144071367498ull);
  assert_true(pyrandom_getrandbits(&r, 1) == 0);
  assert_true(pyrandom_getrandbits(&r, 33) == 8228920309ull);
  /* getrandbits(0) draws nothing */
  pyrandom a, b;
  pyrandom_seed(&a, 1);
  pyrandom_seed(&b, 1);
  assert_true(pyrandom_getrandbits(&a, 0) == 0);
  assert_true(pyrandom_random(&a) == pyrandom_random(&b));
}

static void test_randrange_randint(void **state) {
  (void)state;
  pyrandom r;
  pyrandom_seed(&r, 0);
  const long long want[] = {6, 6, 0, 4, 8};
  for (int i = 0; i < 5; i++)
    assert_int_equal(pyrandom_randrange(&r, 0, 10), want[i]);

  pyrandom_seed(&r, 0);
  assert_int_equal(pyrandom_randint(&r, 1, 100), 50);

  pyrandom_seed(&r, 7);
  const long long want7[] = {-1, -2, 0, 2, -3, -3, 3, 1};
  for (int i = 0; i < 8; i++)
    assert_int_equal(pyrandom_randint(&r, -3, 3), want7[i]);

  pyrandom_seed(&r, 2);
  assert_true(pyrandom_randbelow(&r, (1ull << 63) + 5) == 1689441204489037471ull);
}

static void test_choice(void **state) {
  (void)state;
  pyrandom r;
  pyrandom_seed(&r, 9);
  const size_t want[] = {3, 4, 2, 2, 1, 1};
  for (int i = 0; i < 6; i++)
    assert_int_equal(pyrandom_choice(&r, 5), want[i]);

  /* choice of a one-item list still consumes draws */
  pyrandom_seed(&r, 0);
  for (int i = 0; i < 3; i++)
    assert_int_equal(pyrandom_choice(&r, 1), 0);
  assert_true(pyrandom_random(&r) == 0.25891675029296335);
}

static void test_shuffle(void **state) {
  (void)state;
  pyrandom r;
  pyrandom_seed(&r, 0);
  int x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  const int want[8] = {4, 1, 5, 2, 0, 3, 7, 6};
  pyrandom_shuffle_ints(&r, x, 8);
  assert_memory_equal(x, want, sizeof want);
  assert_true(pyrandom_random(&r) == 0.4049341374504143);

  pyrandom_seed(&r, 11);
  int y[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int want11[10] = {2, 6, 0, 1, 5, 4, 3, 9, 8, 7};
  pyrandom_shuffle_ints(&r, y, 10);
  assert_memory_equal(y, want11, sizeof want11);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_after_seed),
      cmocka_unit_test(test_negative_seed_is_abs),
      cmocka_unit_test(test_multi_limb_seeds),
      cmocka_unit_test(test_seed_str_rejects_non_integers),
      cmocka_unit_test(test_raw_words),
      cmocka_unit_test(test_getrandbits),
      cmocka_unit_test(test_randrange_randint),
      cmocka_unit_test(test_choice),
      cmocka_unit_test(test_shuffle),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
