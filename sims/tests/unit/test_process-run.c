/* process-run: the state traces of the chapter "The Abstraction: The
 * Process" (figures 4.3 and 4.4 and the homework's questions), the two
 * switching policies, the two I/O-completion policies, and the loaders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/process-run/prun.h"
#include "../../src/process-run/timeline.h"

#define MAX 1000000

static pr_sim programs(const char *const *texts, size_t n, bool on_end, bool immediate,
                       long long io_length) {
  pr_sim s;
  pr_init(&s, on_end, immediate, io_length);
  for (size_t i = 0; i < n; i++) {
    const char *bad, *why;
    assert_int_equal(pr_load_program(&s, texts[i], MAX, &bad, &why), PR_LOAD_OK);
  }
  return s;
}

/* Marks of each process per tick, as the timeline draws them. */
typedef struct {
  char rows[4][64];
  int ticks;
} marks;

static void record(void *ctx, const pr_sim *s, const pr_tick *t) {
  marks *m = ctx;
  for (size_t pid = 0; pid < s->n && pid < 4; pid++)
    m->rows[pid][m->ticks] = pr_timeline_mark(s, t, pid);
  m->ticks++;
}

static marks run(pr_sim *s) {
  marks m;
  memset(&m, 0, sizeof m);
  assert_true(pr_run(s, record, &m));
  return m;
}

static void test_cpu_only(void **state) {
  (void)state;
  /* Figure 4.3 in spirit: two CPU-bound processes run one after the other. */
  const char *p[] = {"c5", "c5"};
  pr_sim s = programs(p, 2, false, false, 5);
  marks m = run(&s);
  assert_int_equal(s.tick, 10);
  assert_int_equal(s.cpu_busy, 10);
  assert_int_equal(s.io_busy, 0);
  assert_string_equal(m.rows[0], "#####     ");
  assert_string_equal(m.rows[1], ".....#####");
  pr_free(&s);
}

static void test_io_overlaps_cpu(void **state) {
  (void)state;
  /* Figure 4.4: process 0 starts an I/O; process 1 runs while it waits. */
  const char *p[] = {"i", "c4"};
  pr_sim s = programs(p, 2, false, false, 5);
  marks m = run(&s);
  assert_int_equal(s.tick, 7);
  assert_int_equal(s.cpu_busy, 6);
  assert_int_equal(s.io_busy, 5);
  assert_string_equal(m.rows[0], "i=====d");
  assert_string_equal(m.rows[1], ".####  ");
  pr_free(&s);
}

static void test_switch_on_end(void **state) {
  (void)state;
  /* The same processes, but the CPU idles while process 0 waits. */
  const char *p[] = {"i", "c4"};
  pr_sim s = programs(p, 2, true, false, 5);
  marks m = run(&s);
  assert_int_equal(s.tick, 11);
  assert_int_equal(s.cpu_busy, 6);
  assert_string_equal(m.rows[0], "i=====d    ");
  assert_string_equal(m.rows[1], ".......####");
  pr_free(&s);
}

static void test_io_run_immediate(void **state) {
  (void)state;
  /* Homework question 7: an I/O-bound process among three CPU-bound ones
     * keeps the CPU and the disk both busy when it runs at once after each
     * I/O (21 ticks), and not when it waits for its turn (31 ticks). */
  const char *p[] = {"i,i,i", "c5", "c5", "c5"};
  pr_sim later = programs(p, 4, false, false, 5);
  run(&later);
  assert_int_equal(later.tick, 31);
  assert_int_equal(later.cpu_busy, 21);
  assert_int_equal(later.io_busy, 15);
  pr_free(&later);

  pr_sim now = programs(p, 4, false, true, 5);
  marks m = run(&now);
  assert_int_equal(now.tick, 21);
  assert_int_equal(now.cpu_busy, 21);
  assert_string_equal(m.rows[0], "i=====di=====di=====d");
  pr_free(&now);
}

static void test_empty_process_and_zero_io(void **state) {
  (void)state;
  /* A process with no instructions still spends a tick on the CPU. */
  const char *p[] = {"c0", "c2"};
  pr_sim s = programs(p, 2, false, false, 5);
  run(&s);
  assert_int_equal(s.tick, 3);
  assert_int_equal(s.cpu_busy, 2);
  pr_free(&s);
  /* An I/O of length 0 completes on the next tick. */
  const char *q[] = {"i"};
  s = programs(q, 1, false, false, 0);
  marks m = run(&s);
  assert_int_equal(s.tick, 2);
  assert_string_equal(m.rows[0], "id");
  pr_free(&s);
}

static void test_loaders(void **state) {
  (void)state;
  pr_sim s;
  pr_init(&s, false, false, 5);
  const char *bad = NULL, *why = NULL;
  assert_int_equal(pr_load_program(&s, "c2,i,c1", MAX, &bad, &why), PR_LOAD_OK);
  assert_int_equal(s.procs[0].len, 5);
  assert_int_equal(s.procs[0].code[2], PR_IO);
  assert_int_equal(s.procs[0].code[3], PR_IO_DONE);
  assert_int_equal(pr_load_program(&s, "c1,x2", MAX, &bad, &why), PR_LOAD_BAD_OPCODE);
  assert_string_equal(bad, "x2");
  assert_int_equal(pr_load_program(&s, "c1,", MAX, &bad, &why), PR_LOAD_CRASH);
  assert_int_equal(pr_load_program(&s, "cx", MAX, &bad, &why), PR_LOAD_CRASH);
  assert_int_equal(pr_load_program(&s, "c100", 50, &bad, &why), PR_LOAD_TOO_BIG);

  pyrandom rng;
  pyrandom_seed(&rng, 0);
  pr_sim t;
  pr_init(&t, false, false, 5);
  assert_int_equal(pr_load_description(&t, "10:100", &rng, MAX, &why), PR_LOAD_OK);
  assert_int_equal(t.procs[0].len, 10);
  assert_int_equal(pr_load_description(&t, "3:0", &rng, MAX, &why), PR_LOAD_OK);
  assert_int_equal(t.procs[1].len, 6);
  assert_int_equal(pr_load_description(&t, "5", &rng, MAX, &why), PR_LOAD_BAD_DESCRIPTION);
  assert_int_equal(pr_load_description(&t, "a:5", &rng, MAX, &why), PR_LOAD_CRASH);
  pr_free(&s);
  pr_free(&t);
}

static void test_random_draws(void **state) {
  (void)state;
  /* Seed 0's first draws are 0.844, 0.758, 0.421: with Y = 50 the first
     * two are I/Os and the third uses the CPU. */
  pyrandom rng;
  pyrandom_seed(&rng, 0);
  pr_sim s;
  pr_init(&s, false, false, 5);
  const char *why;
  assert_int_equal(pr_load_description(&s, "3:50", &rng, MAX, &why), PR_LOAD_OK);
  const unsigned char want[] = {PR_IO, PR_IO_DONE, PR_IO, PR_IO_DONE, PR_CPU};
  assert_int_equal(s.procs[0].len, 5);
  assert_memory_equal(s.procs[0].code, want, 5);
  pr_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cpu_only),
      cmocka_unit_test(test_io_overlaps_cpu),
      cmocka_unit_test(test_switch_on_end),
      cmocka_unit_test(test_io_run_immediate),
      cmocka_unit_test(test_empty_process_and_zero_io),
      cmocka_unit_test(test_loaders),
      cmocka_unit_test(test_random_draws),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
