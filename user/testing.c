#include "kernel/types.h"
#include "user/user.h"
#include "user/testing.h"

const char *test_name = "test";

void test_fail(const char *why) {
  printf("%s: %s\n", test_name, why);
  exit(1);
}

void test_main(const char *prog, const struct test *tests, int ntests, int argc, char *argv[]) {
  int failed = 0, ran = 0;
  test_name = prog;
  for (int i = 0; i < ntests; i++) {
    int wanted = argc == 1 && !tests[i].named;
    for (int a = 1; a < argc; a++)
      wanted |= strcmp(argv[a], tests[i].name) == 0;
    if (!wanted)
      continue;
    ran++;
    test_name = tests[i].name;
    int pid = fork();
    if (pid == 0) {
      tests[i].run();
      exit(0);
    }
    int status = -1;
    if (pid < 0 || wait(&status) < 0 || status != 0) {
      printf("test %s: FAILED\n", test_name);
      failed++;
    } else {
      printf("test %s: OK\n", test_name);
    }
  }
  if (ran < argc - 1) {
    printf("%s: unknown test name; the tests are:", prog);
    for (int i = 0; i < ntests; i++)
      printf(" %s", tests[i].name);
    printf("\n");
    exit(1);
  }
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failed != 0);
}
