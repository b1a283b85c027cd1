// Unit tests for path-name splitting (kernel/path.c).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/fs/path.h"

static void test_next_splits_first_element(void **state) {
  char name[DIRSIZ + 1];
  const char *rest = path_next("a/bb/c", name);
  assert_string_equal(name, "a");
  assert_string_equal(rest, "bb/c");
  rest = path_next(rest, name);
  assert_string_equal(name, "bb");
  assert_string_equal(rest, "c");
  rest = path_next(rest, name);
  assert_string_equal(name, "c");
  assert_string_equal(rest, "");
  assert_null(path_next(rest, name));
}

static void test_next_skips_repeated_slashes(void **state) {
  char name[DIRSIZ + 1];
  const char *rest = path_next("///a//bb//", name);
  assert_string_equal(name, "a");
  assert_string_equal(rest, "bb//");
  rest = path_next(rest, name);
  assert_string_equal(name, "bb");
  assert_string_equal(rest, "");
}

static void test_next_of_empty_or_slashes_is_null(void **state) {
  char name[DIRSIZ + 1] = "untouched";
  assert_null(path_next("", name));
  assert_null(path_next("/", name));
  assert_null(path_next("////", name));
  assert_string_equal(name, "untouched");
}

static void test_next_single_element(void **state) {
  char name[DIRSIZ + 1];
  const char *rest = path_next("README", name);
  assert_string_equal(name, "README");
  assert_string_equal(rest, "");
  rest = path_next("/README", name);
  assert_string_equal(name, "README");
  assert_string_equal(rest, "");
}

static void test_next_keeps_dot_and_dotdot(void **state) {
  char name[DIRSIZ + 1];
  const char *rest = path_next("./../x", name);
  assert_string_equal(name, ".");
  rest = path_next(rest, name);
  assert_string_equal(name, "..");
  assert_string_equal(rest, "x");
}

static void test_next_cuts_long_names_to_dirsiz(void **state) {
  char name[DIRSIZ + 1];
  memset(name, 'z', sizeof(name));
  const char *rest = path_next("abcdefghijklmnopqrstuvwxyz/next", name);
  assert_int_equal(strlen(name), DIRSIZ);
  assert_memory_equal(name, "abcdefghijklmn", DIRSIZ);
  assert_string_equal(rest, "next");
}

static void test_next_name_of_exactly_dirsiz(void **state) {
  char name[DIRSIZ + 1];
  const char *rest = path_next("abcdefghijklmn", name);
  assert_string_equal(name, "abcdefghijklmn");
  assert_string_equal(rest, "");
}

static void test_name_equal(void **state) {
  assert_true(path_name_equal("abc", "abc"));
  assert_false(path_name_equal("abc", "abd"));
  assert_false(path_name_equal("abc", "abcd"));
  assert_false(path_name_equal("", "a"));
  assert_true(path_name_equal("", ""));
  // Only the first DIRSIZ characters count, as a directory entry holds no more.
  assert_true(path_name_equal("abcdefghijklmnXX", "abcdefghijklmnYY"));
  // A directory entry of exactly DIRSIZ characters has no terminating NUL.
  char entry[DIRSIZ];
  memcpy(entry, "abcdefghijklmn", DIRSIZ);
  assert_true(path_name_equal("abcdefghijklmn", entry));
}

static void test_dot_or_dotdot(void **state) {
  assert_true(path_is_dot_or_dotdot("."));
  assert_true(path_is_dot_or_dotdot(".."));
  assert_false(path_is_dot_or_dotdot("..."));
  assert_false(path_is_dot_or_dotdot(".a"));
  assert_false(path_is_dot_or_dotdot(""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_next_splits_first_element),
      cmocka_unit_test(test_next_skips_repeated_slashes),
      cmocka_unit_test(test_next_of_empty_or_slashes_is_null),
      cmocka_unit_test(test_next_single_element),
      cmocka_unit_test(test_next_keeps_dot_and_dotdot),
      cmocka_unit_test(test_next_cuts_long_names_to_dirsiz),
      cmocka_unit_test(test_next_name_of_exactly_dirsiz),
      cmocka_unit_test(test_name_equal),
      cmocka_unit_test(test_dot_or_dotdot),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
