// threadtest: tests of clone, join and thread_create/thread_join (the threads lab,
// labs/threads/README.md).
//   threadtest [name...]   runs the named tests, or all of them
// Each test runs in a process of its own, watched by another that kills it if it hangs, and
// prints "test NAME: OK" or "test NAME: FAILED" (after a line saying why); then "ALL TESTS
// PASSED" or "SOME TESTS FAILED". The tests use only atomics and spin locks, not the sync
// lab's mutex.
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/vmstat.h"
#include "user/user.h"
#include "user/testing.h"
#include "user/thread.h"

#define NELEM(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define TEST_LIMIT (10 * TICKS_PER_SECOND) // a test still running by then hangs
#define EXIT_LIMIT (3 * TICKS_PER_SECOND)  // how long a process may outlive its thread's exit

#define CHECK(cond, why)                                                                           \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      test_fail(why);                                                                              \
  } while (0)

// A page-aligned page of the heap, for clone.
static char *stack_page(void) {
  char *mem = malloc(2 * PGSIZE);
  CHECK(mem != 0, "malloc failed");
  return (char *)PGROUNDUP((uint64)mem);
}

// Runs fn in a child and returns its exit status (-1 if the kernel killed it).
static int status_of(void (*fn)(void)) {
  int pid = fork();
  CHECK(pid >= 0, "fork failed");
  if (pid == 0) {
    fn();
    exit(0);
  }
  int status = -2;
  CHECK(wait(&status) == pid, "wait did not return the child");
  return status;
}

// ---- shared: threads share the creator's memory: globals, heap and stack

static volatile int shared_global;
static int *shared_heap;
static volatile int clone_sum;

static void set_shared(void *arg) {
  shared_global = 41;
  shared_heap[0] = 42;
  *(volatile int *)arg = 43; // a local of the creator's stack
}

static void add_args(void *a, void *b) {
  clone_sum = (int)(uint64)a + (int)(uint64)b;
  exit_thread();
}

static void test_shared(void) {
  volatile int on_stack = 0;
  shared_heap = malloc(sizeof(int));
  shared_heap[0] = 0;
  int tid = thread_create(set_shared, (void *)&on_stack);
  CHECK(tid > 0, "thread_create failed");
  CHECK(tid != getpid(), "the thread got the creator's pid");
  CHECK(thread_join() == tid, "thread_join did not return the thread's id");
  CHECK(shared_global == 41, "a global the thread wrote reads wrong in the creator");
  CHECK(shared_heap[0] == 42, "heap memory the thread wrote reads wrong in the creator");
  CHECK(on_stack == 43, "the creator's stack variable the thread wrote reads wrong");
  CHECK(thread_join() == -1, "a second thread_join found a thread");

  char *page = stack_page();
  tid = clone(add_args, (void *)1000, (void *)234, page);
  CHECK(tid > 0, "clone failed");
  void *stack = 0;
  CHECK(join(&stack) == tid, "join did not return clone's thread id");
  CHECK(stack == page, "join did not give back the stack clone was given");
  CHECK(clone_sum == 1234, "clone's thread did not get both arguments");
}

// ---- many: threads up to the process table's limit; one more fails and nothing breaks

static volatile int go;
static volatile int started;
static tas_lock_t count_lock;
static volatile int counted;

static void wait_for_go(void *arg) {
  __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
  while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
    sleep(1);
  for (int i = 0; i < 100; i++) {
    tas_lock(&count_lock);
    counted = counted + 1;
    tas_unlock(&count_lock);
  }
}

static void clone_ends(void *a, void *b) {
  exit_thread();
}

static void test_many(void) {
  static int tids[NPROC + 1];
  int n = 0;
  tas_init(&count_lock);
  while (n <= NPROC) {
    int tid = thread_create(wait_for_go, 0);
    if (tid < 0)
      break;
    for (int k = 0; k < n; k++)
      CHECK(tids[k] != tid, "thread_create returned an id twice");
    tids[n++] = tid;
  }
  CHECK(n > 0, "thread_create failed");
  CHECK(n < NPROC, "thread_create never failed with the process table full");
  CHECK(n >= NPROC - 12, "thread_create failed long before the process table was full");
  CHECK(clone(clone_ends, 0, 0, stack_page()) == -1, "clone with the table full did not fail");
  CHECK(fork() == -1, "fork with the table full did not fail");
  while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
    sleep(1);
  __atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
  for (int i = 0; i < n; i++) {
    int tid = thread_join();
    int k = 0;
    while (k < n && tids[k] != tid)
      k++;
    CHECK(k < n, "thread_join returned an id thread_create never did");
    tids[k] = 0;
  }
  CHECK(thread_join() == -1, "thread_join found a thread after all were joined");
  CHECK(counted == 100 * n, "the threads' counts under the spin lock do not add up");
  int tid = thread_create(wait_for_go, 0);
  CHECK(tid > 0, "thread_create failed after the threads were joined");
  CHECK(thread_join() == tid, "thread_join failed after the threads were joined");
}

// ---- join: every thread once, each with its own stack, in the order they end

#define NJOIN 4

static void sleep_then_end(void *ticks, void *unused) {
  sleep((int)(uint64)ticks);
  exit_thread();
}

static void test_join(void) {
  char *pages[NJOIN];
  int tids[NJOIN];
  for (int i = 0; i < NJOIN; i++) {
    pages[i] = stack_page();
    // the first made ends last
    tids[i] = clone(sleep_then_end, (void *)(uint64)(2 * (NJOIN - i)), 0, pages[i]);
    CHECK(tids[i] > 0, "clone failed");
  }
  for (int i = NJOIN - 1; i >= 0; i--) {
    void *stack = 0;
    int tid = join(&stack);
    int k = 0;
    while (k < NJOIN && tids[k] != tid)
      k++;
    CHECK(k < NJOIN, "join returned an id clone never did (or one twice)");
    CHECK(stack == pages[k], "join gave back another thread's stack");
    CHECK(k == i, "join did not return the threads in the order they ended");
    tids[k] = 0;
  }
  void *stack = 0;
  CHECK(join(&stack) == -1, "join found a thread after all were joined");

  // A child process is not a thread: join leaves it to wait.
  int pid = fork();
  CHECK(pid >= 0, "fork failed");
  if (pid == 0)
    exit(3);
  sleep(2);
  CHECK(join(&stack) == -1, "join returned a child process");
  int status = 0;
  CHECK(wait(&status) == pid && status == 3, "wait did not find the child after join");
}

// ---- exit: a thread's exit ends the whole process

static void spin(void *arg) {
  for (;;)
    ;
}

static void exit_seven(void *arg) {
  exit(7);
}

static void exit_seven_later(void *arg) {
  sleep(2);
  exit(7);
}

static void outlive(void) {
  sleep(EXIT_LIMIT);
  printf("%s: the process still runs after its thread called exit\n", test_name);
  exit(1);
}

static void thread_exits(void) {
  CHECK(thread_create(spin, 0) > 0, "thread_create failed");
  CHECK(thread_create(exit_seven, 0) > 0, "thread_create failed");
  outlive();
}

static void main_exits(void) {
  CHECK(thread_create(spin, 0) > 0, "thread_create failed");
  CHECK(thread_create(spin, 0) > 0, "thread_create failed");
  exit(5);
}

static void joiner_exits_under(void) {
  // The thread's exit ends the creator even while it sleeps in join.
  CHECK(thread_create(exit_seven_later, 0) > 0, "thread_create failed");
  CHECK(thread_create(spin, 0) > 0, "thread_create failed");
  thread_join();
  thread_join();
  outlive();
}

static void test_exit(void) {
  CHECK(status_of(thread_exits) == 7, "a thread's exit(7) did not end its process with 7");
  CHECK(status_of(main_exits) == 5, "exit(5) with threads running did not end with 5");
  CHECK(status_of(joiner_exits_under) == 7, "exit(7) did not end a process waiting in join");
}

// ---- stacks: threads give back every page

static void nothing(void *arg) {}

static uint64 free_pages(void) {
  struct vmstats v;
  CHECK(vmstats(0, &v) == 0, "vmstats failed");
  return v.pages_free;
}

static char *clone_page;

static void rounds(void) {
  for (int i = 0; i < 30; i++) {
    CHECK(thread_create(nothing, 0) > 0, "thread_create failed");
    CHECK(thread_join() > 0, "thread_join failed");
  }
  for (int i = 0; i < 20; i++) {
    CHECK(clone(clone_ends, 0, 0, clone_page) > 0, "clone failed");
    void *stack;
    CHECK(join(&stack) > 0, "join failed");
  }
}

static void test_stacks(void) {
  // One round first: malloc keeps the heap it grows.
  CHECK(thread_create(nothing, 0) > 0 && thread_join() > 0, "thread_create/join failed");
  clone_page = stack_page();
  // Other processes may allocate meanwhile: a real leak shows in every attempt.
  uint64 before = 0, after = 0;
  for (int attempt = 0; attempt < 3; attempt++) {
    before = free_pages();
    rounds();
    after = free_pages();
    if (after == before)
      return;
    sleep(1);
  }
  printf("%s: %d pages free before 50 threads made and joined, %d after\n", test_name, (int)before,
         (int)after);
  test_fail("threads do not give back their pages");
}

// ---- badargs: bad arguments fail with -1 and harm nothing

static void test_badargs(void) {
  char *page = stack_page();
  CHECK(clone((void (*)(void *, void *))KERNBASE, 0, 0, page) == -1,
        "clone of a function at a kernel address did not fail");
  CHECK(clone(clone_ends, 0, 0, page + 8) == -1, "clone with an unaligned stack did not fail");
  char *past = (char *)PGROUNDUP((uint64)sbrk(0)) + 16 * PGSIZE;
  CHECK(clone(clone_ends, 0, 0, past) == -1, "clone with an unmapped stack did not fail");
  CHECK(clone(clone_ends, 0, 0, (void *)KERNBASE) == -1,
        "clone with a stack at a kernel address did not fail");
  CHECK(clone(clone_ends, 0, 0, (void *)TRAPFRAME) == -1,
        "clone with the trapframe as its stack did not fail");
  void *stack;
  CHECK(join(&stack) == -1, "join with no threads did not fail");
  CHECK(thread_join() == -1, "thread_join with no threads did not fail");
  int tid = clone(clone_ends, 0, 0, page);
  CHECK(tid > 0, "clone failed");
  CHECK(join((void **)KERNBASE) == -1, "join storing to a kernel address did not fail");
  CHECK(join(&stack) == tid, "join after a failed one did not find the thread");
  CHECK(stack == page, "join gave back another stack");
}

static const struct test tests[] = {
    {"shared", test_shared}, {"many", test_many},     {"join", test_join},
    {"exit", test_exit},     {"stacks", test_stacks}, {"badargs", test_badargs},
};

int main(int argc, char *argv[]) {
  test_main("threadtest", tests, NELEM(tests),
            (struct test_limit){TEST_LIMIT, "a thread or join that never ends?"}, argc, argv);
}
