#ifndef USER_TESTING_H
#define USER_TESTING_H
// The main of the labs' test programs (cowtest, locktest, mmaptest, swaptest, threadtest,
// synctest). Each test runs in a child of its own, so a test that fails (test_fail, or a fault
// that kills it) cannot take the others down, and prints "test NAME: OK" or "test NAME:
// FAILED"; the graders read those lines.

struct test {
  const char *name;
  void (*run)(void);
  int named; // run only when named on the command line
};

// A limit on each test's time: a watchdog kills a test still running after `ticks` and it
// fails, with `hang` (what such a test probably does wrong) said. ticks 0: no limit.
struct test_limit {
  int ticks;
  const char *hang;
};
#define NO_TEST_LIMIT ((struct test_limit){0, 0})

// The test running, for messages; the program's name outside the tests.
extern const char *test_name;

// Prints "NAME: why" and ends the running test as failed.
void test_fail(const char *why) __attribute__((noreturn));

// Runs the tests named in argv[1..], or, with none named, every test not marked named; then
// prints ALL TESTS PASSED or SOME TESTS FAILED. Exits 0 when every test passed, 1 when one
// failed, 2 (before running any) when a name is not a test's.
void test_main(const char *prog, const struct test *tests, int ntests, struct test_limit limit,
               int argc, char *argv[]) __attribute__((noreturn));
#endif
