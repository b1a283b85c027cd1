/* grow_array: room is made by doubling, and the items already there stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "grow.h"

static void test_doubles_and_keeps(void **state) {
  (void)state;
  int *items = NULL;
  size_t cap = 0, count = 0;
  for (int i = 0; i < 1000; i++) {
    assert_true(grow_array(&items, &cap, count + 1, sizeof *items, 4));
    items[count++] = i;
  }
  assert_int_equal(cap, 1024); /* 4, 8, ..., 1024 */
  for (int i = 0; i < 1000; i++)
    assert_int_equal(items[i], i);
  /* enough room already: nothing changes */
  int *before = items;
  assert_true(grow_array(&items, &cap, 10, sizeof *items, 4));
  assert_ptr_equal(items, before);
  free(items);
}

static void test_refuses_overflow(void **state) {
  (void)state;
  char *items = NULL;
  size_t cap = 0;
  assert_false(grow_array(&items, &cap, SIZE_MAX, 2, 16));
  assert_null(items);
  assert_int_equal(cap, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_doubles_and_keeps),
      cmocka_unit_test(test_refuses_overflow),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
