#ifndef USER_USERTESTS_H
#define USER_USERTESTS_H
// Shared by the parts of usertests: the test table type and small helpers.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/kstats.h"
#include "kernel/vmstat.h"
#include "user/user.h"

struct test {
  const char *name;
  void (*run)(void);
  int slow; // only with -s
};

extern const char *current_test;

// Fails the running test (each test runs in its own process) with a message.
#define FAIL(...)                                                                                  \
  do {                                                                                             \
    fprintf(2, "%s: ", current_test);                                                              \
    fprintf(2, __VA_ARGS__);                                                                       \
    fprintf(2, "\n");                                                                              \
    exit(1);                                                                                       \
  } while (0)

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      FAIL(__VA_ARGS__);                                                                           \
  } while (0)

// Runs fn in a child process and returns its exit status (fn's child exits 0
// if fn returns). -1 is what a process killed by the kernel reports.
int run_in_child(void (*fn)(void));
int fork_checked(void);
int wait_pid(int pid); // waits for pid (reaping others on the way); returns its status
int make_file(const char *name, const void *data, int n);
int read_file(const char *name, void *buf, int max);

// The address where the user stack's guard page ends (i.e. the stack's lowest byte).
uint64 stack_bottom(void);

extern struct test mem_tests[];
extern struct test proc_tests[];
extern struct test fs_tests[];
extern struct test fs2_tests[];
extern struct test thread_tests[];
#endif
