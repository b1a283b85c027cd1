/* membar: the one-line memory pictures of relocation, segmentation and
 * malloc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "membar.h"

static void test_columns(void **state) {
  (void)state;
  membar b;
  membar_init(&b, 0, 1024, 64);
  assert_int_equal(b.per_col, 16);
  assert_int_equal(b.width, 64);
  membar_init(&b, 1000, 1100, 64); /* 100 bytes: 2 a column, 50 columns */
  assert_int_equal(b.per_col, 2);
  assert_int_equal(b.width, 50);
  membar_init(&b, 0, 10, 64);
  assert_int_equal(b.per_col, 1);
  assert_int_equal(b.width, 10);
  membar_init(&b, 5, 5, 64);
  assert_int_equal(b.width, 0);
}

static void test_majority(void **state) {
  (void)state;
  membar b;
  char line[MEMBAR_MAX_WIDTH + 1];
  membar_init(&b, 0, 8, 4); /* 2 bytes a column */
  membar_add(&b, 0, 3, 0);  /* column 0 full, column 1 half: a tie goes to the mark */
  membar_add(&b, 6, 8, 1);
  membar_render(&b, "ab", '.', line);
  assert_string_equal(line, "aa.b");
}

static void test_small_range_stays_visible(void **state) {
  (void)state;
  membar b;
  char line[MEMBAR_MAX_WIDTH + 1];
  membar_init(&b, 0, 16384, 64);   /* 256 bytes a column */
  membar_add(&b, 12418, 12428, 0); /* 10 bytes */
  membar_add(&b, -50, 20, 1);      /* clipped to 20 bytes */
  membar_add(&b, 20000, 30000, 2); /* outside: nothing */
  membar_render(&b, "AB", '.', line);
  assert_int_equal(strlen(line), 64);
  assert_int_equal(line[12418 / 256], 'A');
  assert_int_equal(line[0], 'B');
  assert_int_equal(strspn(line + 1, "."), 12418 / 256 - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_columns),
      cmocka_unit_test(test_majority),
      cmocka_unit_test(test_small_range_stays_visible),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
