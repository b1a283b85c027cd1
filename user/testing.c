#include "kernel/types.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/testing.h"

const char *test_name = "test";

void test_fail(const char *why) {
  printf("%s: %s\n", test_name, why);
  exit(1);
}

static int find(const struct test *tests, int ntests, const char *name) {
  for (int i = 0; i < ntests; i++)
    if (strcmp(tests[i].name, name) == 0)
      return i;
  return -1;
}

// Runs t in a child (with a watchdog child when there is a limit); whether it passed.
static int run(const struct test *t, struct test_limit limit) {
  test_name = t->name;
  int watchdog = -1;
  if (limit.ticks > 0 && (watchdog = fork()) == 0) {
    sleep(limit.ticks);
    exit(0);
  }
  int pid = fork();
  if (pid == 0) {
    t->run();
    exit(0);
  }
  int status = -1, done = 0, timed_out = 0;
  for (int got, st; (got = wait(&st)) >= 0;) {
    if (got == pid) {
      status = st;
      done = 1;
      if (watchdog > 0)
        kill(watchdog);
    } else if (got == watchdog) {
      watchdog = -1;
      if (!done) {
        timed_out = 1;
        kill(pid);
      }
    }
  }
  if (timed_out)
    printf("%s: still running after %d seconds (%s)\n", t->name, limit.ticks / TICKS_PER_SECOND,
           limit.hang);
  if (pid < 0)
    printf("%s: fork failed\n", t->name);
  int ok = pid > 0 && !timed_out && status == 0;
  printf("test %s: %s\n", t->name, ok ? "OK" : "FAILED");
  return ok;
}

void test_main(const char *prog, const struct test *tests, int ntests, struct test_limit limit,
               int argc, char *argv[]) {
  for (int a = 1; a < argc; a++) {
    if (find(tests, ntests, argv[a]) < 0) {
      fprintf(2, "%s: no test %s (tests:", prog, argv[a]);
      for (int i = 0; i < ntests; i++)
        fprintf(2, " %s", tests[i].name);
      fprintf(2, ")\n");
      exit(2);
    }
  }
  int failed = 0;
  for (int i = 0; i < ntests; i++) {
    int wanted = argc == 1 && !tests[i].named;
    for (int a = 1; a < argc; a++)
      wanted |= strcmp(argv[a], tests[i].name) == 0;
    if (wanted && !run(&tests[i], limit))
      failed++;
  }
  test_name = prog;
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failed != 0);
}
