/* fork: process trees of the chapter "Interlude: Process API" homework:
 * forks, exits with orphans going to the root or to the grandparent, the
 * leaf-only rule, the names, and the tree drawing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/fork/forktree.h"

/* The tree as 'name(parent)' in drawing order. */
typedef struct {
  char text[512];
} listing;

static void add(void *ctx, const char *name, const char *parent, int depth,
                const char *const *children, size_t nchildren) {
  listing *l = ctx;
  (void)depth, (void)children, (void)nchildren;
  size_t n = strlen(l->text);
  snprintf(l->text + n, sizeof l->text - n, "%s%s(%s)", n ? " " : "", name, parent ? parent : "");
}

static fk_tree *play(const char *const *actions, size_t n, bool leaf_only, bool local) {
  fk_tree *t = fk_tree_new(leaf_only, local);
  for (size_t i = 0; i < n; i++) {
    const char *text, *why;
    assert_int_equal(fk_apply(t, actions[i], &text, &why), FK_OK);
  }
  return t;
}

static const char *tree_of(const fk_tree *t, listing *l) {
  l->text[0] = '\0';
  assert_true(fk_visit(t, add, l));
  return l->text;
}

static void test_orphans_to_root(void **state) {
  (void)state;
  /* c exits: its children d and e are adopted by the root. */
  const char *a[] = {"a+b", "b+c", "c+d", "c+e", "c-"};
  listing l;
  fk_tree *t = play(a, 5, false, false);
  assert_string_equal(tree_of(t, &l), "a() b(a) d(a) e(a)");
  assert_int_equal(fk_alive(t), 4);
  fk_tree_free(t);
}

static void test_orphans_to_grandparent(void **state) {
  (void)state;
  const char *a[] = {"a+b", "b+c", "c+d", "c+e", "c-"};
  listing l;
  fk_tree *t = play(a, 5, false, true);
  assert_string_equal(tree_of(t, &l), "a() b(a) d(b) e(b)");
  fk_tree_free(t);
}

static void test_leaf_only_and_errors(void **state) {
  (void)state;
  fk_tree *t = fk_tree_new(true, false);
  const char *text, *why;
  assert_int_equal(fk_apply(t, "a+b", &text, &why), FK_OK);
  assert_string_equal(text, "a forks b");
  assert_int_equal(fk_apply(t, "b+c", &text, &why), FK_OK);
  assert_int_equal(fk_apply(t, "b-", &text, &why), FK_OK);
  assert_string_equal(text, "b EXITS (failed: has children)");
  assert_int_equal(fk_apply(t, "c-", &text, &why), FK_OK);
  assert_string_equal(text, "c EXITS");
  assert_int_equal(fk_apply(t, "c-", &text, &why), FK_EXIT1); /* c is gone */
  assert_int_equal(fk_apply(t, "a+b+c", &text, &why), FK_EXIT1);
  assert_int_equal(fk_apply(t, "x", &text, &why), FK_EXIT1);
  fk_tree_free(t);
  t = fk_tree_new(false, false);
  assert_int_equal(fk_apply(t, "a-", &text, &why), FK_EXIT1);
  assert_string_equal(text, "root process: cannot exit");
  fk_tree_free(t);
}

static void test_drawing(void **state) {
  (void)state;
  /* The README's tree: a forks b, c, e; b forks d. Drawn in memory. */
  const char *a[] = {"a+b", "a+c", "b+d", "a+e"};
  fk_tree *t = play(a, 4, false, false);
  fk_out out;
  fk_out_init(&out, 1 << 20, 1 << 20);
  const char *why;
  assert_int_equal(fk_print(t, FK_LINE1, "line1", &out, &why), FK_OK);
  const char *want = "                               a\n"
                     "                               +-- b\n"
                     "                               |   |-- d\n"
                     "                               +-- c\n"
                     "                               |-- e\n";
  assert_int_equal(out.buf.len, strlen(want));
  assert_memory_equal(out.buf.text, want, strlen(want));
  fk_out_free(&out);
  fk_tree_free(t);
}

static void test_names(void **state) {
  (void)state;
  char name[16];
  fk_name(0, name);
  assert_string_equal(name, "a");
  fk_name(1, name);
  assert_string_equal(name, "b");
  fk_name(51, name);
  assert_string_equal(name, "Z");
  fk_name(52, name);
  assert_string_equal(name, "aa");
  fk_name(52 + 52 * 52, name);
  assert_string_equal(name, "aaa");
}

static void test_random_actions(void **state) {
  (void)state;
  /* Seed 4 gives the README's example: a+b, a+c, b+d, d-, a+e. */
  pyrandom rng;
  pyrandom_seed(&rng, 4);
  char **a = fk_generate(&rng, 0.7, 5);
  const char *want[] = {"a+b", "a+c", "b+d", "d-", "a+e"};
  for (int i = 0; i < 5; i++) {
    assert_string_equal(a[i], want[i]);
    free(a[i]);
  }
  free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_orphans_to_root),
      cmocka_unit_test(test_orphans_to_grandparent),
      cmocka_unit_test(test_leaf_only_and_errors),
      cmocka_unit_test(test_drawing),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_random_actions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
