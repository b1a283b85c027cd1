/* segmentation: two segments growing in opposite directions, the
 * original's checks and its random placement (the book's chapter
 * "Segmentation"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/segmentation/seg.h"
#include "vmsim.h"

static void test_book_example(void **state) {
  (void)state;
  /* A 16 KB address space: code at physical 32 KB (2 KB long), the stack's
   * base at 28 KB growing down 2 KB. Virtual 100 is physical 32868; the
   * stack's virtual 15 KB is physical 27 KB (offset -1 KB from its base). */
  seg_problem p = {.address_space = 16384, .physical_memory = 65536};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  const char *message = NULL;
  assert_int_equal(seg_place(&p, 2048, 2048, 32768, 28672, &rng, &message), SEG_OK);
  assert_int_equal(p.base1, 26624); /* the low end */
  long long pa;
  assert_int_equal(seg_segment(&p, 100), 0);
  assert_true(seg_translate(&p, 100, &pa));
  assert_int_equal(pa, 32868);
  assert_int_equal(seg_segment(&p, 15 * 1024), 1);
  assert_true(seg_translate(&p, 15 * 1024, &pa));
  assert_int_equal(pa, 27 * 1024);
  assert_false(seg_translate(&p, 2048, &pa));  /* past the code */
  assert_false(seg_translate(&p, 14335, &pa)); /* below the stack */
  assert_true(seg_translate(&p, 14336, &pa));
  assert_int_equal(pa, 26624);
  assert_false(seg_overlap(&p));
}

static void test_seed_zero(void **state) {
  (void)state;
  /* The chapter's README: seed 0, 1k in 16k: segment 0 at 6890 (472 long),
   * segment 1's base 4692 (450 long); 523 faults in segment 1, 414 maps to
   * 7304 and 802 to 4470. */
  seg_problem p = {.address_space = 1024, .physical_memory = 16384};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  const char *message = NULL;
  assert_int_equal(seg_place(&p, -1, -1, -1, -1, &rng, &message), SEG_OK);
  assert_int_equal(p.base0, 6890);
  assert_int_equal(p.len0, 472);
  assert_int_equal(p.base1 + p.len1, 4692);
  assert_int_equal(p.len1, 450);
  long long pa;
  assert_int_equal(vm_draw_below(1024, &rng), 523);
  assert_false(seg_translate(&p, 523, &pa));
  assert_int_equal(vm_draw_below(1024, &rng), 414);
  assert_true(seg_translate(&p, 414, &pa));
  assert_int_equal(pa, 7304);
  assert_int_equal(vm_draw_below(1024, &rng), 802);
  assert_true(seg_translate(&p, 802, &pa));
  assert_int_equal(pa, 4470);
}

static void expect(long long as, long long pm, long long l0, long long l1, long long b0,
                   long long b1, seg_status want, const char *text) {
  seg_problem p = {.address_space = as, .physical_memory = pm};
  pyrandom rng;
  pyrandom_seed(&rng, 1);
  const char *message = NULL;
  assert_int_equal(seg_place(&p, l0, l1, b0, b1, &rng, &message), want);
  assert_non_null(strstr(message, text));
}

static void test_checks(void **state) {
  (void)state;
  assert_non_null(strstr(seg_size_error(16, 4), "bigger physical"));
  assert_non_null(strstr(seg_size_error(0, 64), "non-zero"));
  assert_non_null(strstr(seg_size_error(64, 64), "physical memory size >"));
  assert_null(seg_size_error(16, 64));
  expect(1024, 2048, -1, -1, -1, -1, SEG_REFUSED, "2x GREATER");
  expect(1024, 2048, 200, 100, 1900, 1000, SEG_REFUSED, "seg0 is not");
  expect(1024, 2048, 200, 100, 0, 2200, SEG_REFUSED, "seg1 is not");
  expect(1024, 4096, 513, -1, -1, -1, SEG_REFUSED, "length0");
  expect(1024, 4096, 100, 600, -1, -1, SEG_REFUSED, "length1");
  /* random bases that can never fit: the original draws forever */
  expect(1024, 4096, 5000, -1, -1, -1, SEG_BAD, "forever");
  expect(1024, 4096, 500, 3000, 1000, -1, SEG_BAD, "segment 1");
}

static void test_overlap(void **state) {
  (void)state;
  seg_problem p = {.address_space = 1024, .physical_memory = 4096};
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  const char *message = NULL;
  /* segment 0 at 100..299, segment 1 at 250..349 */
  assert_int_equal(seg_place(&p, 200, 100, 100, 350, &rng, &message), SEG_OK);
  assert_true(seg_overlap(&p));
}

static void test_segment_one_avoids_segment_zero(void **state) {
  (void)state;
  /* Only 0 .. 9 and 31 .. 40 are free for segment 1 (length 10) around a
   * segment 0 at 20 .. 29 in 52 bytes: every seed must land there. */
  for (int seed = 0; seed < 200; seed++) {
    seg_problem p = {.address_space = 20, .physical_memory = 52};
    pyrandom rng;
    pyrandom_seed(&rng, seed);
    const char *message = NULL;
    assert_int_equal(seg_place(&p, 10, 10, 20, -1, &rng, &message), SEG_OK);
    assert_true(p.base1 + 10 < 20 || p.base1 > 30);
    assert_true(p.base1 + 10 < 52);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_book_example),
      cmocka_unit_test(test_seed_zero),
      cmocka_unit_test(test_checks),
      cmocka_unit_test(test_overlap),
      cmocka_unit_test(test_segment_one_avoids_segment_zero),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
