/* generator: the -A syntax (the README's examples and its error checks),
 * the random programs, and the C text written for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/generator/gen.h"

static void test_parse_readme(void **state) {
  (void)state;
  /* a forks b (which forks c and d and waits for both), then waits for b. */
  gen_program p = {0};
  char *msg = NULL;
  assert_int_equal(gen_parse("fork b,1 {fork c,2 {} fork d,3 {} wait wait} wait", &p, &msg),
                   GEN_OK);
  const gen_kind want[] = {GEN_FORK, GEN_FORK, GEN_EXIT, GEN_FORK, GEN_EXIT,
                           GEN_WAIT, GEN_WAIT, GEN_EXIT, GEN_WAIT};
  assert_int_equal(p.n, 9);
  for (size_t i = 0; i < 9; i++)
    assert_int_equal(p.items[i].kind, want[i]);
  assert_string_equal(p.items[3].name, "d");
  assert_string_equal(p.items[3].sleep, "3");
  gen_program_free(&p);
}

static void test_parse_errors(void **state) {
  (void)state;
  const char *bad[] = {"fork b,1 {} }", "fork b,1 {", "fork b,1 {} fork c,1 {} wait",
                       "spawn",         "fork b {}",  "fork b,1 wait"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    gen_program p = {0};
    char *msg = NULL;
    assert_int_equal(gen_parse(bad[i], &p, &msg), GEN_EXIT1);
    assert_non_null(strstr(msg, "bad program: ["));
    free(msg);
    gen_program_free(&p);
  }
}

static void test_readable_text(void **state) {
  (void)state;
  gen_program p = {0};
  char *msg = NULL;
  assert_int_equal(gen_parse("fork b,1 {} wait", &p, &msg), GEN_OK);
  linebuf b;
  lb_init(&b);
  gen_readable(&p, &b);
  b.text[b.len] = '\0';
  const char *body = strstr(b.text, "int main");
  assert_non_null(body);
  assert_string_equal(body, "int main(int argc, char *argv[]) {\n"
                            "    // process a\n"
                            "    if (fork_or_die() == 0) {\n"
                            "        sleep(1);\n"
                            "        // process b\n"
                            "        exit(0);\n"
                            "    }\n"
                            "    wait_or_die();\n"
                            "    return 0;\n"
                            "}\n\n");
  lb_free(&b);
  gen_program_free(&p);
}

static void test_random_program(void **state) {
  (void)state;
  /* Seed 0, one action: the README's program, a forks b sleeping 6. */
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  gen_program p = {0};
  char *msg = NULL;
  assert_int_equal(gen_random(&rng, 1, 10, 30, 40, &p, &msg), GEN_OK);
  assert_int_equal(p.n, 3);
  assert_int_equal(p.items[0].kind, GEN_FORK);
  assert_string_equal(p.items[0].name, "b");
  assert_string_equal(p.items[0].sleep, "6");
  assert_int_equal(p.items[1].kind, GEN_EXIT);
  assert_int_equal(p.items[2].kind, GEN_WAIT);
  gen_program_free(&p);
}

static void test_runnable_wait_first(void **state) {
  (void)state;
  /* Waits balance forks in the count, but a waits before it forks: the
     * runnable program cannot be written. */
  gen_program p = {0};
  char *msg = NULL;
  assert_int_equal(gen_parse("wait fork b,1 {}", &p, &msg), GEN_OK);
  linebuf b;
  lb_init(&b);
  assert_int_equal(gen_runnable(&p, &b, &msg), GEN_CRASH);
  free(msg);
  lb_free(&b);
  gen_program_free(&p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_readme),        cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_readable_text),       cmocka_unit_test(test_random_program),
      cmocka_unit_test(test_runnable_wait_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
