// usertests: tests of the kernel through its system calls.
//   usertests [-s] [name]   -s adds the slow tests; name runs only that test
//                           (an unknown name lists the tests there are).
// Each test runs in its own process with a time limit, so a crash or a hang
// fails only that test. Prints "test NAME: OK" or "test NAME: FAILED" for each,
// then "ALL TESTS PASSED" or "SOME TESTS FAILED".
#include "user/usertests.h"

const char *current_test = "usertests";

#define QUICK_LIMIT (60 * TICKS_PER_SECOND)  // time limit of one quick test
#define SLOW_LIMIT  (600 * TICKS_PER_SECOND) // ... and of one slow test

int fork_checked(void) {
  int pid = fork();
  if (pid < 0)
    FAIL("fork failed");
  return pid;
}

int wait_pid(int pid) {
  int status, got;
  while ((got = wait(&status)) >= 0)
    if (got == pid)
      return status;
  FAIL("wait: child %d not found", pid);
}

int run_in_child(void (*fn)(void)) {
  int pid = fork_checked();
  if (pid == 0) {
    fn();
    exit(0);
  }
  return wait_pid(pid);
}

int make_file(const char *name, const void *data, int n) {
  int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0)
    return -1;
  int r = write(fd, data, n);
  close(fd);
  return r == n ? 0 : -1;
}

int read_file(const char *name, void *buf, int max) {
  int fd = open(name, O_RDONLY);
  if (fd < 0)
    return -1;
  int total = 0, n;
  while (total < max && (n = read(fd, (char *)buf + total, max - total)) > 0)
    total += n;
  close(fd);
  return total;
}

// Kept out of line and small, so that its frame lies in the stack's top page.
__attribute__((noinline)) uint64 stack_bottom(void) {
  volatile char here;
  uint64 top = PGROUNDUP((uint64)&here);
  return top - USERSTACK * PGSIZE;
}

// Runs one test in a child, with a watchdog process that kills it at the time
// limit. Returns 1 if it passed. The watchdog starts first: once the test runs, this process
// only waits, so that a test that uses up all memory cannot starve it of a page it would
// need (its memory may be shared copy-on-write with the test's).
static int run_test(struct test *t) {
  current_test = t->name;
  int watchdog = fork();
  if (watchdog == 0) {
    sleep(t->slow ? SLOW_LIMIT : QUICK_LIMIT);
    exit(0);
  }
  int pid = fork();
  if (pid < 0) {
    printf("test %s: FAILED (fork)\n", t->name);
    if (watchdog > 0)
      kill(watchdog);
    return 0;
  }
  if (pid == 0) {
    t->run();
    exit(0);
  }
  int status = -1, test_done = 0, timed_out = 0;
  for (;;) {
    int st, got = wait(&st);
    if (got < 0)
      break;
    if (got == pid) {
      status = st;
      test_done = 1;
      if (watchdog > 0)
        kill(watchdog);
    } else if (got == watchdog) {
      watchdog = -1;
      if (!test_done) {
        timed_out = 1;
        kill(pid);
      }
    }
  }
  int ok = !timed_out && status == 0;
  if (timed_out)
    printf("test %s: FAILED (time limit)\n", t->name);
  else
    printf("test %s: %s\n", t->name, ok ? "OK" : "FAILED");
  current_test = "usertests";
  return ok;
}

static struct test *tables[] = {mem_tests, proc_tests, fs_tests, fs2_tests, thread_tests};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static struct test *find_test(const char *name) {
  for (int i = 0; i < NTABLES; i++)
    for (struct test *t = tables[i]; t->name != 0; t++)
      if (strcmp(t->name, name) == 0)
        return t;
  return 0;
}

// Prints the heading and the names of the slow tests (or of the others),
// wrapped at 72 columns.
static void print_names(const char *heading, int slow) {
  int col = strlen(heading);
  fprintf(2, "%s", heading);
  for (int i = 0; i < NTABLES; i++)
    for (struct test *t = tables[i]; t->name != 0; t++) {
      if (t->slow != slow)
        continue;
      int n = strlen(t->name);
      if (col + 1 + n > 72) {
        fprintf(2, "\n ");
        col = 1;
      }
      fprintf(2, " %s", t->name);
      col += 1 + n;
    }
  fprintf(2, "\n");
}

int main(int argc, char *argv[]) {
  int slow = 0;
  const char *only = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-s") == 0)
      slow = 1;
    else if (argv[i][0] == '-' || only != 0) {
      fprintf(2, "usage: usertests [-s] [testname]\n");
      exit(1);
    } else
      only = argv[i];
  }
  if (only && find_test(only) == 0) {
    fprintf(2, "usertests: no test named %s\n", only);
    print_names("tests:", 0);
    print_names("slow tests (run with -s, or by name):", 1);
    exit(1);
  }

  // Tests create their files in a directory of their own, away from the programs.
  mkdir("/utmp");
  if (chdir("/utmp") < 0) {
    fprintf(2, "usertests: cannot use directory /utmp\n");
    exit(1);
  }

  printf("usertests starting\n");
  int ran = 0, failed = 0;
  for (int i = 0; i < NTABLES; i++) {
    for (struct test *t = tables[i]; t->name != 0; t++) {
      if (only ? strcmp(only, t->name) != 0 : (t->slow && !slow))
        continue;
      ran++;
      if (!run_test(t))
        failed++;
    }
  }
  if (failed) {
    printf("SOME TESTS FAILED (%d of %d)\n", failed, ran);
    exit(1);
  }
  printf("ALL TESTS PASSED\n");
  exit(0);
}
