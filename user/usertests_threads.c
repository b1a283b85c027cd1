// usertests: threads (clone/join and the thread library), futexes and lock statistics.
#include "user/usertests.h"
#include "user/thread.h"
#include "kernel/lockstat.h"

// ---- lock statistics

static void lockstat_test(void) {
  static struct lockstat st[NLOCKSTAT];
  int n = lockstat(st, NLOCKSTAT);
  CHECK(n > 0 && n <= NLOCKSTAT, "lockstat returned %d", n);
  int proc_lock = -1;
  for (int i = 0; i < n; i++)
    if (strcmp(st[i].name, "proc") == 0)
      proc_lock = i;
  CHECK(proc_lock >= 0, "no \"proc\" lock in the statistics");
  uint64 before = st[proc_lock].acquires;
  for (int i = 0; i < 10; i++)
    getpid();
  int pid = fork_checked();
  if (pid == 0)
    exit(0);
  wait_pid(pid);
  CHECK(lockstat(st, NLOCKSTAT) == n || lockstat(st, NLOCKSTAT) > 0, "lockstat failed");
  CHECK(st[proc_lock].acquires > before, "fork and wait took no proc lock");
  // The parent's and the child's proc locks at least, each counted once however often taken.
  CHECK(st[proc_lock].locks >= 2 && st[proc_lock].locks < st[proc_lock].acquires,
        "%lu proc locks taken in %lu acquisitions", st[proc_lock].locks, st[proc_lock].acquires);
  CHECK(lockstat((struct lockstat *)KERNBASE, NLOCKSTAT) == -1, "lockstat to a kernel address");
  CHECK(lockstat(st, 1) == n || lockstat(st, 1) > 0, "lockstat of one entry");
}

// ---- futexes: bad arguments

static void futex_args(void) {
  int x = 5;
  CHECK(futex_wait(&x, 6) == 0, "futex_wait with another value did not return 0");
  CHECK(futex_wake(&x, 1) == 0, "futex_wake with no waiters woke someone");
  CHECK(futex_wait((int *)((char *)&x + 1), 5) == -1, "futex_wait on a misaligned address");
  CHECK(futex_wake((int *)((char *)&x + 2), 1) == -1, "futex_wake on a misaligned address");
  int *unmapped = (int *)(PGROUNDUP((uint64)sbrk(0)) + 64 * PGSIZE);
  CHECK(futex_wait(unmapped, 0) == -1, "futex_wait on an unmapped address");
  CHECK(futex_wake(unmapped, 1) == -1, "futex_wake on an unmapped address");
  CHECK(futex_wait((int *)KERNBASE, 0) == -1, "futex_wait on a kernel address");
  CHECK(futex_wait((int *)TRAPFRAME, 0) == -1, "futex_wait on the trapframe");
}

// The tests below need threads and the primitives of the threads and sync labs, which a
// handout leaves to the students: there the labs' own test programs stand in for them.
// BEGIN LAB threads
#define NTHREADS 8
#define NINCR    1000

static uint64 pages_free(void) {
  struct vmstats v;
  CHECK(vmstats(0, &v) == 0, "vmstats failed");
  return v.pages_free;
}

// Runs fn and fails unless the free pages are the same after as before. Other processes
// allocate too (usertests forks the time-limit watchdog while a test starts), so a
// difference is measured again, up to three times: a real leak shows every time.
static void no_leak(const char *what, void (*fn)(void)) {
  uint64 before = 0, after = 0;
  for (int attempt = 0; attempt < 3; attempt++) {
    before = pages_free();
    fn();
    after = pages_free();
    if (before == after)
      return;
    sleep(1);
  }
  FAIL("free pages %lu before %s, %lu after", before, what, after);
}

// ---- sharing memory

static volatile int shared_value;
static int *shared_heap;

static void set_shared(void *arg) {
  shared_value = (int)(uint64)arg;
  shared_heap[0] = shared_value + 1; // the creator's heap, seen from the thread
}

static void thread_shared(void) {
  shared_heap = malloc(sizeof(int));
  shared_heap[0] = 0;
  int tid = thread_create(set_shared, (void *)(uint64)41);
  CHECK(tid > 0, "thread_create failed");
  CHECK(tid != getpid(), "the thread has the creator's pid %d", tid);
  CHECK(thread_join() == tid, "thread_join did not return the thread's id");
  CHECK(shared_value == 41, "a global the thread set reads %d", shared_value);
  CHECK(shared_heap[0] == 42, "heap memory the thread set reads %d", shared_heap[0]);
  CHECK(thread_join() == -1, "a second thread_join found a thread");
}

// ---- swapping: pages that went to swap before the first thread come back in any thread, two
// at once; a process with threads takes no resident-set limit (it pages nothing out)

#define SWAP_PAGES 16
static char *swap_heap;
static volatile int swap_release;

static void read_swapped(void *arg) {
  for (int i = (int)(uint64)arg; i < SWAP_PAGES; i += 2)
    for (int off = 0; off < PGSIZE; off += 256)
      CHECK(swap_heap[i * PGSIZE + off] == 'A' + i, "page %d read in a thread is wrong", i);
  while (!swap_release)
    ;
}

static void thread_swap_child(void) {
  char *h = sbrklazy((SWAP_PAGES + 1) * PGSIZE);
  CHECK(h != SBRK_ERROR, "sbrklazy failed");
  swap_heap = (char *)PGROUNDUP((uint64)h);
  CHECK(rsslimit(3) == 0, "rsslimit(3) failed");
  for (int i = 0; i < SWAP_PAGES; i++)
    memset(swap_heap + i * PGSIZE, 'A' + i, PGSIZE);
  swap_release = 0;
  CHECK(thread_create(read_swapped, (void *)0) > 0, "thread_create failed");
  CHECK(thread_create(read_swapped, (void *)1) > 0, "thread_create failed");
  CHECK(rsslimit(2) == -1, "rsslimit succeeded in a process with threads");
  swap_release = 1;
  CHECK(thread_join() > 0 && thread_join() > 0, "thread_join failed");
  for (int i = 0; i < SWAP_PAGES; i++)
    CHECK(swap_heap[i * PGSIZE] == 'A' + i, "page %d is wrong after the threads", i);
}

static void thread_swap(void) {
  if (rsslimit(1) < 0)
    return; // no swap disk
  rsslimit(0);
  struct vmstats before, after;
  CHECK(vmstats(0, &before) == 0, "vmstats failed");
  CHECK(run_in_child(thread_swap_child) == 0, "the swapping process failed");
  CHECK(vmstats(0, &after) == 0, "vmstats failed");
  CHECK(after.swap_slots_used == before.swap_slots_used, "swap slots leaked: %d before, %d after",
        (int)before.swap_slots_used, (int)after.swap_slots_used);
}

// ---- many threads, each lock

static mutex_t counter_mutex;
static tas_lock_t counter_tas;
static ticket_lock_t counter_ticket;
static volatile int counter;

static void add_mutex(void *arg) {
  for (int i = 0; i < NINCR; i++) {
    mutex_lock(&counter_mutex);
    counter = counter + 1;
    mutex_unlock(&counter_mutex);
  }
}

static void add_tas(void *arg) {
  for (int i = 0; i < NINCR; i++) {
    tas_lock(&counter_tas);
    counter = counter + 1;
    tas_unlock(&counter_tas);
  }
}

static void add_ticket(void *arg) {
  for (int i = 0; i < NINCR; i++) {
    ticket_lock(&counter_ticket);
    counter = counter + 1;
    ticket_unlock(&counter_ticket);
  }
}

static void count_with(const char *lock, void (*fn)(void *)) {
  counter = 0;
  for (int i = 0; i < NTHREADS; i++)
    CHECK(thread_create(fn, 0) > 0, "thread_create %d failed", i);
  for (int i = 0; i < NTHREADS; i++)
    CHECK(thread_join() > 0, "thread_join %d failed", i);
  CHECK(counter == NTHREADS * NINCR, "%d threads x %d increments under the %s: %d", NTHREADS, NINCR,
        lock, counter);
}

static void thread_many(void) {
  mutex_init(&counter_mutex);
  tas_init(&counter_tas);
  ticket_init(&counter_ticket);
  count_with("mutex", add_mutex);
  count_with("test-and-set lock", add_tas);
  count_with("ticket lock", add_ticket);
}

// ---- join returns every thread once, in whatever order they end

static void sleep_a_little(void *arg) {
  sleep((int)(uint64)arg);
}

static void thread_join_any(void) {
  int tids[4];
  for (int i = 0; i < 4; i++) {
    tids[i] = thread_create(sleep_a_little, (void *)(uint64)(4 - i)); // the first ends last
    CHECK(tids[i] > 0, "thread_create %d failed", i);
  }
  int seen = 0;
  for (int i = 0; i < 4; i++) {
    int tid = thread_join();
    int k = 0;
    while (k < 4 && tids[k] != tid)
      k++;
    CHECK(k < 4, "thread_join returned %d, not a thread made here", tid);
    CHECK(!(seen & (1 << k)), "thread_join returned %d twice", tid);
    seen |= 1 << k;
  }
  CHECK(thread_join() == -1, "thread_join found a fifth thread");
}

// ---- exit, faults and kill end the whole process

static void exit_seven(void *arg) {
  exit(7);
}

static void forever(void) {
  for (;;)
    sleep(1);
}

static void spin_forever(void *arg) {
  for (;;)
    ;
}

static void exits_from_thread(void) {
  thread_create(spin_forever, 0);
  thread_create(exit_seven, 0);
  forever();
}

static void store_to_kernel(void *arg) {
  *(volatile int *)KERNBASE = 1;
}

static void faults_in_thread(void) {
  thread_create(spin_forever, 0);
  thread_create(store_to_kernel, 0);
  forever();
}

static void returns_from_clone(void *a, void *b) {
  // clone's thread has nothing to return to: this faults.
}

static void clone_returns(void) {
  char *stack = malloc(2 * PGSIZE);
  char *page = (char *)PGROUNDUP((uint64)stack);
  clone(returns_from_clone, 0, 0, page);
  forever();
}

static void thread_exit_all(void) {
  CHECK(run_in_child(exits_from_thread) == 7, "a thread's exit(7) did not end the process with 7");
  CHECK(run_in_child(faults_in_thread) == -1, "a thread's fault did not kill the process");
  CHECK(run_in_child(clone_returns) == -1, "returning from clone's function did not kill");
}

static int kill_pipe[2];

static void kill_target(void) {
  int tid = thread_create(spin_forever, 0);
  thread_create(spin_forever, 0);
  write(kill_pipe[1], &tid, sizeof(tid));
  forever();
}

static void thread_kill(void) {
  // Kill a process by one of its threads' ids.
  CHECK(pipe(kill_pipe) == 0, "pipe failed");
  int pid = fork_checked();
  if (pid == 0)
    kill_target();
  int tid = 0;
  CHECK(read(kill_pipe[0], &tid, sizeof(tid)) == sizeof(tid) && tid > 0, "no thread id");
  CHECK(kill(tid) == 0, "kill of the thread's id %d failed", tid);
  CHECK(wait_pid(pid) == -1, "killing a thread did not end its process with -1");
}

// ---- stacks and trapframes are given back

static void nothing(void *arg) {}

static void clone_nothing(void *a, void *b) {
  exit_thread();
}

static void twenty_threads(void) {
  for (int i = 0; i < 20; i++) {
    CHECK(thread_create(nothing, 0) > 0, "thread_create failed");
    CHECK(thread_join() > 0, "thread_join failed");
  }
}

static char *clone_page;

static void ten_clones(void) {
  for (int i = 0; i < 10; i++) {
    int tid = clone(clone_nothing, 0, 0, clone_page);
    CHECK(tid > 0, "clone failed");
    void *stack = 0;
    CHECK(join(&stack) == tid, "join did not return clone's tid");
    CHECK(stack == clone_page, "join gave stack %p, clone had %p", stack, clone_page);
  }
}

static void thread_stacks_freed(void) {
  // One round first: malloc keeps the heap it grows.
  CHECK(thread_create(nothing, 0) > 0 && thread_join() > 0, "thread_create/join failed");
  no_leak("20 threads", twenty_threads);
  char *mem = malloc(2 * PGSIZE);
  clone_page = (char *)PGROUNDUP((uint64)mem);
  no_leak("10 clones", ten_clones);
  free(mem);
}

// ---- the other calls with threads: sbrk, wait, fork, exec

static char *thread_brk;

static void grow_heap(void *arg) {
  thread_brk = sbrk(PGSIZE);
  if (thread_brk != SBRK_ERROR)
    thread_brk[100] = 'T';
}

static void fork_in_thread(void *arg) {
  int pid = fork();
  if (pid == 0)
    exit(5);
  int status = -1;
  *(int *)arg = wait(&status) == pid ? status : -2;
}

static void exec_in_thread(void *arg) {
  char *argv[] = {"nop", 0};
  exec("/nop", argv);
  exit(99);
}

static void execs_from_thread(void) {
  thread_create(spin_forever, 0);
  thread_create(exec_in_thread, 0);
  forever();
}

static void thread_calls(void) {
  // A first thread makes malloc grow the heap for the stacks, so the next one's sbrk is the
  // first since before.
  CHECK(thread_create(nothing, 0) > 0 && thread_join() > 0, "thread failed");
  char *before = sbrk(0);
  CHECK(thread_create(grow_heap, 0) > 0 && thread_join() > 0, "thread failed");
  CHECK(thread_brk == before, "the thread's sbrk started at %p, not %p", thread_brk, before);
  CHECK(sbrk(0) == before + PGSIZE, "the creator does not see the thread's sbrk");
  CHECK(thread_brk[100] == 'T', "the thread's new heap page reads wrong here");

  CHECK(thread_create(sleep_a_little, (void *)2) > 0, "thread_create failed");
  CHECK(wait(0) == -1, "wait reaped a thread");
  CHECK(thread_join() > 0, "thread_join failed");

  int status = 0;
  CHECK(thread_create(fork_in_thread, &status) > 0 && thread_join() > 0, "thread failed");
  CHECK(status == 5, "a child forked by a thread exited with %d, not 5", status);
  int pid = fork_checked();
  if (pid == 0) {
    // A child forked by the process is not a thread: join does not reap it.
    exit(join(0) == -1 ? 3 : 4);
  }
  CHECK(wait_pid(pid) == 3, "join in a new child found a thread");
  status = run_in_child(execs_from_thread);
  CHECK(status == 0, "exec in a thread: the process ended with %d, not as nop", status);
}

// Every way a threaded process can end gives all its memory back: its threads' trapframes,
// the page table they share, the pages of the heap they grew.
static void busy_thread(void *arg) {
  char *p = sbrk(PGSIZE);
  if (p != SBRK_ERROR)
    p[0] = 1;
  for (;;)
    ;
}

static void threads_then(int how) {
  for (int i = 0; i < 3; i++)
    thread_create(busy_thread, 0);
  if (how == 0)
    thread_create(exit_seven, 0);
  else if (how == 1)
    thread_create(exec_in_thread, 0);
  else
    thread_create(store_to_kernel, 0);
  forever();
}

static void threads_exit_ok(void) {
  threads_then(0);
}
static void threads_exec(void) {
  threads_then(1);
}

static void threads_fault(void) {
  threads_then(2);
}

static void threaded_endings(void) {
  for (int round = 0; round < 3; round++) {
    CHECK(run_in_child(threads_exit_ok) == 7, "exit(7) from a thread");
    CHECK(run_in_child(threads_exec) == 0, "exec of nop from a thread");
    CHECK(run_in_child(threads_fault) == -1, "a fault in a thread");
  }
}

static void thread_leak(void) {
  CHECK(run_in_child(threads_exit_ok) == 7, "exit(7) from a thread");
  no_leak("threaded processes ended", threaded_endings);
}

// Slow: many threaded processes at once, their threads growing the heap lazily and eagerly,
// calling malloc and fork, until one exits; nothing leaks and the status is the exit's.
static mutex_t storm_mutex;
static volatile int storm_count;

static void storm_thread(void *arg) {
  int me = (int)(uint64)arg;
  for (int i = 0; i < 60; i++) {
    char *p = (i & 1) ? sbrklazy(PGSIZE) : sbrk(PGSIZE);
    if (p != SBRK_ERROR)
      p[PGSIZE - 1] = (char)i;
    free(malloc(100 + i));
    mutex_lock(&storm_mutex);
    storm_count++;
    mutex_unlock(&storm_mutex);
    if (i == 30) {
      int pid = fork();
      if (pid == 0)
        exit(0);
      if (pid > 0)
        wait(0);
    }
  }
  if (me == 0)
    exit(40 + storm_count % 2); // ends the others wherever they are
}

static void storm_process(void) {
  mutex_init(&storm_mutex);
  for (int i = 3; i >= 0; i--)
    thread_create(storm_thread, (void *)(uint64)i);
  forever();
}

static void storm_rounds(void) {
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < 3; i++) {
      if (fork_checked() == 0)
        storm_process();
    }
    for (int i = 0; i < 3; i++) {
      int status = -1;
      CHECK(wait(&status) > 0, "round %d: a threaded process was lost", round);
      CHECK(status == 40 || status == 41, "round %d: a threaded process ended with %d", round,
            status);
    }
  }
}

static void thread_storm(void) {
  no_leak("threaded processes forked, grew and ended", storm_rounds);
}

// ---- bad arguments

static void thread_bad_args(void) {
  char *mem = malloc(3 * PGSIZE);
  char *page = (char *)PGROUNDUP((uint64)mem);
  CHECK(clone((void (*)(void *, void *))KERNBASE, 0, 0, page) == -1,
        "clone with a kernel function address");
  CHECK(clone(clone_nothing, 0, 0, page + 8) == -1, "clone with an unaligned stack");
  CHECK(clone(clone_nothing, 0, 0, (void *)PGROUNDUP((uint64)sbrk(0)) + 16 * PGSIZE) == -1,
        "clone with an unmapped stack");
  CHECK(clone(clone_nothing, 0, 0, (void *)KERNBASE) == -1, "clone with a kernel stack");
  void *stack;
  CHECK(join(&stack) == -1, "join with no threads");
  int tid = clone(clone_nothing, 0, 0, page);
  CHECK(tid > 0, "clone failed");
  CHECK(join((void **)KERNBASE) == -1, "join storing to a kernel address");
  CHECK(join(&stack) == tid, "join after a bad one did not find the thread");
  free(mem);
}

// ---- futexes

static int futex_word;
static volatile int futex_ready;

// Sleeps once: the word stays 0 until every waiter is gone, so only a wake ends the wait.
static void futex_waiter(void *arg) {
  __atomic_fetch_add(&futex_ready, 1, __ATOMIC_SEQ_CST);
  futex_wait(&futex_word, 0);
}

static void thread_futex(void) {
  // Three waiters: every wake reports at most what it was allowed, and all of them
  // together exactly three.
  futex_word = 0;
  futex_ready = 0;
  for (int i = 0; i < 3; i++)
    CHECK(thread_create(futex_waiter, 0) > 0, "thread_create failed");
  while (futex_ready < 3)
    sleep(1);
  sleep(1);
  int total = 0;
  for (int tries = 0; total < 3 && tries < 50; tries++) {
    int n = futex_wake(&futex_word, 2);
    CHECK(n >= 0 && n <= 2, "futex_wake(2) returned %d", n);
    total += n;
    if (total < 3)
      sleep(1);
  }
  CHECK(total == 3, "the wakes woke %d of 3 waiters", total);
  __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
  for (int i = 0; i < 3; i++)
    CHECK(thread_join() > 0, "a woken waiter did not end");
  CHECK(futex_wake(&futex_word, 5) == 0, "futex_wake woke someone after all ended");
}

// ---- condition variables, semaphores, reader-writer locks, barriers

#define ROUNDS 200
static mutex_t pp_mutex;
static cond_t pp_cond;
static volatile int pp_turn; // 0: main's turn, 1: the thread's
static sema_t sem_a, sem_b;
static volatile int sem_count;

static void cond_partner(void *arg) {
  for (int i = 0; i < ROUNDS; i++) {
    mutex_lock(&pp_mutex);
    while (pp_turn != 1)
      cond_wait(&pp_cond, &pp_mutex);
    pp_turn = 0;
    cond_signal(&pp_cond);
    mutex_unlock(&pp_mutex);
  }
}

static void sema_partner(void *arg) {
  for (int i = 0; i < ROUNDS; i++) {
    sema_wait(&sem_a);
    sem_count++;
    sema_post(&sem_b);
  }
}

static barrier_t barrier;
static volatile int arrivals[3];
static volatile int barrier_bad;

static void barrier_thread(void *arg) {
  int me = (int)(uint64)arg;
  for (int round = 0; round < 20; round++) {
    arrivals[me] = round + 1;
    barrier_wait(&barrier);
    for (int k = 0; k < 3; k++)
      if (arrivals[k] < round + 1)
        barrier_bad = 1; // somebody passed the barrier early
    barrier_wait(&barrier);
  }
}

static rwlock_t rw;
static volatile int rw_readers, rw_writers, rw_bad;

static void rw_thread(void *arg) {
  int writer = (int)(uint64)arg;
  for (int i = 0; i < 100; i++) {
    if (writer) {
      rwlock_write_lock(&rw);
      if (__atomic_fetch_add(&rw_writers, 1, __ATOMIC_SEQ_CST) != 0 || rw_readers != 0)
        rw_bad = 1;
      __atomic_fetch_sub(&rw_writers, 1, __ATOMIC_SEQ_CST);
      rwlock_write_unlock(&rw);
    } else {
      rwlock_read_lock(&rw);
      __atomic_fetch_add(&rw_readers, 1, __ATOMIC_SEQ_CST);
      if (rw_writers != 0)
        rw_bad = 1;
      __atomic_fetch_sub(&rw_readers, 1, __ATOMIC_SEQ_CST);
      rwlock_read_unlock(&rw);
    }
  }
}

static void thread_sync(void) {
  mutex_init(&pp_mutex);
  cond_init(&pp_cond);
  pp_turn = 0;
  CHECK(thread_create(cond_partner, 0) > 0, "thread_create failed");
  for (int i = 0; i < ROUNDS; i++) {
    mutex_lock(&pp_mutex);
    pp_turn = 1;
    cond_signal(&pp_cond);
    while (pp_turn != 0)
      cond_wait(&pp_cond, &pp_mutex);
    mutex_unlock(&pp_mutex);
  }
  CHECK(thread_join() > 0, "condition-variable ping-pong did not end");

  sema_init(&sem_a, 0);
  sema_init(&sem_b, 0);
  sem_count = 0;
  CHECK(thread_create(sema_partner, 0) > 0, "thread_create failed");
  for (int i = 0; i < ROUNDS; i++) {
    sema_post(&sem_a);
    sema_wait(&sem_b);
    CHECK(sem_count == i + 1, "semaphore round %d: the partner counted %d", i, sem_count);
  }
  CHECK(thread_join() > 0, "semaphore ping-pong did not end");

  barrier_init(&barrier, 3);
  for (int i = 0; i < 3; i++)
    CHECK(thread_create(barrier_thread, (void *)(uint64)i) > 0, "thread_create failed");
  for (int i = 0; i < 3; i++)
    CHECK(thread_join() > 0, "a barrier thread did not end");
  CHECK(!barrier_bad, "a thread passed the barrier before the others arrived");

  rwlock_init(&rw);
  for (int i = 0; i < 4; i++)
    CHECK(thread_create(rw_thread, (void *)(uint64)(i == 0)) > 0, "thread_create failed");
  for (int i = 0; i < 4; i++)
    CHECK(thread_join() > 0, "a reader-writer thread did not end");
  CHECK(!rw_bad, "a writer was inside the reader-writer lock with someone else");
}

struct test thread_tests[] = {
    {"threadshared", thread_shared, 0},
    {"threadmany", thread_many, 0},
    {"threadjoin", thread_join_any, 0},
    {"threadexit", thread_exit_all, 0},
    {"threadkill", thread_kill, 0},
    {"threadstacks", thread_stacks_freed, 0},
    {"threadcalls", thread_calls, 0},
    {"threadleak", thread_leak, 0},
    {"threadstorm", thread_storm, 1},
    {"threadbadargs", thread_bad_args, 0},
    {"threadswap", thread_swap, 0}, // swapped pages read in from two threads at once
    {"futex", thread_futex, 0},
    {"threadsync", thread_sync, 0},
    {"futexargs", futex_args, 0},
    {"lockstat", lockstat_test, 0},
    {0, 0, 0},
};
// STUB LAB threads
// struct test thread_tests[] = {
//     {"futexargs", futex_args, 0},
//     {"lockstat", lockstat_test, 0},
//     {0, 0, 0},
// };
// END LAB threads
