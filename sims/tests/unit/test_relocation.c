/* relocation: base-and-bounds translation, the original's size checks and
 * its random registers (the book's chapter "Address Translation"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/relocation/reloc.h"
#include "vmsim.h"

static void test_book_example(void **state) {
  (void)state;
  /* A 16 KB address space relocated to 32 KB: virtual 128 is physical
   * 32896, virtual 15 KB is 47 KB, and 4400 past a 4 KB bound faults. */
  reloc_problem p = {
      .address_space = 16384, .physical_memory = 65536, .base = 32768, .limit = 16384};
  long long pa;
  assert_true(reloc_translate(&p, 128, &pa));
  assert_int_equal(pa, 32896);
  assert_true(reloc_translate(&p, 15 * 1024, &pa));
  assert_int_equal(pa, 47 * 1024);
  assert_false(reloc_translate(&p, 16384, &pa));
  p.limit = 4096;
  assert_false(reloc_translate(&p, 4400, &pa));
  assert_true(reloc_fits(&p));
  p.base = 65536 - 4095;
  assert_false(reloc_fits(&p));
}

static void test_seed_zero(void **state) {
  (void)state;
  /* The chapter's README: seed 0, 1k in 16k gives base 12418, limit 472;
   * 430 maps to 12848 and 523 is out of bounds. */
  reloc_problem p = {.address_space = 1024, .physical_memory = 16384};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  assert_null(reloc_place(&p, -1, -1, &rng));
  assert_int_equal(p.base, 12418);
  assert_int_equal(p.limit, 472);
  long long va = vm_draw_below(1024, &rng), pa;
  assert_int_equal(va, 430);
  assert_true(reloc_translate(&p, va, &pa));
  assert_int_equal(pa, 12848);
  vm_draw_below(1024, &rng);
  va = vm_draw_below(1024, &rng);
  assert_int_equal(va, 523);
  assert_false(reloc_translate(&p, va, &pa));
}

static void test_given_registers_draw_nothing(void **state) {
  (void)state;
  reloc_problem p = {.address_space = 1024, .physical_memory = 16384};
  pyrandom rng, before;
  pyrandom_seed(&rng, 5);
  before = rng;
  assert_null(reloc_place(&p, 100, 200, &rng));
  assert_int_equal(p.limit, 100);
  assert_int_equal(p.base, 200);
  assert_true(pyrandom_random(&rng) == pyrandom_random(&before));
}

static void test_size_checks(void **state) {
  (void)state;
  assert_non_null(strstr(reloc_size_error(1024, 1), "non-zero physical"));
  assert_non_null(strstr(reloc_size_error(0, 16384), "non-zero address-space"));
  assert_non_null(strstr(reloc_size_error(16384, 16384), "GREATER"));
  assert_null(reloc_size_error(1024, 16384));
  assert_null(reloc_size_error(-64, 16384)); /* the original goes on */
}

static void test_impossible_base(void **state) {
  (void)state;
  reloc_problem p = {.address_space = 1024, .physical_memory = 16384};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  /* base + limit < 16384 has no solution: the original loops forever */
  assert_non_null(strstr(reloc_place(&p, 16384, -1, &rng), "forever"));
  /* only base 0 fits in 1 GiB: about 2^30 draws */
  p.physical_memory = 1LL << 30;
  assert_non_null(strstr(reloc_place(&p, (1LL << 30) - 1, -1, &rng), "draws"));
  /* only base 0 fits in 16 KiB: a few thousand draws, fine */
  p.physical_memory = 16384;
  assert_null(reloc_place(&p, 16383, -1, &rng));
  assert_int_equal(p.base, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_book_example),
      cmocka_unit_test(test_seed_zero),
      cmocka_unit_test(test_given_registers_draw_nothing),
      cmocka_unit_test(test_size_checks),
      cmocka_unit_test(test_impossible_base),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
