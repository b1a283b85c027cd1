// synctest: tests of the thread library's mutex, condition variables, semaphores, barriers and
// reader-writer locks (the sync lab, labs/sync/README.md).
//   synctest [name...]   runs the named tests, or all of them
// Each test runs in a process of its own, watched by another that kills it if it hangs (a
// lost wake-up leaves a thread asleep for good), and prints "test NAME: OK" or "test NAME:
// FAILED" (after a line saying why); then "ALL TESTS PASSED" or "SOME TESTS FAILED".
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/testing.h"
#include "user/thread.h"

#define NELEM(a)   ((int)(sizeof(a) / sizeof((a)[0])))
#define TEST_LIMIT (8 * TICKS_PER_SECOND) // a test still running by then hangs
#define SETTLE     3                      // ticks for woken or sleeping threads to get there

#define CHECK(cond, why)                                                                           \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      test_fail(why);                                                                              \
  } while (0)

static int load(volatile int *p) {
  return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static int add(volatile int *p, int n) {
  return __atomic_add_fetch(p, n, __ATOMIC_SEQ_CST);
}

static void spawn(void (*fn)(void *), long arg) {
  CHECK(thread_create(fn, (void *)arg) > 0, "thread_create failed (the threads lab first)");
}

static void join_all(int n) {
  for (int i = 0; i < n; i++)
    CHECK(thread_join() > 0, "thread_join failed");
}

// Waits until *count reaches n, then a little longer, so that threads that said they are
// about to sleep are asleep.
static void wait_arrivals(volatile int *count, int n) {
  while (load(count) < n)
    sleep(1);
  sleep(SETTLE);
}

// ---- mutex: mutual exclusion, waking the sleepers, trylock

#define MUTEX_THREADS 4
#define MUTEX_ROUNDS  3000

static mutex_t mutex;
static volatile int arrived, inside, overlapped, counter;

static void critical_section(void) {
  if (add(&inside, 1) != 1)
    overlapped = 1;
  int c = counter;
  for (volatile int i = 0; i < 20; i++)
    ;
  counter = c + 1;
  add(&inside, -1);
}

static void lock_once(void *arg) {
  add(&arrived, 1);
  mutex_lock(&mutex);
  critical_section();
  mutex_unlock(&mutex);
}

static void lock_many(void *arg) {
  for (int i = 0; i < MUTEX_ROUNDS; i++) {
    mutex_lock(&mutex);
    critical_section();
    mutex_unlock(&mutex);
  }
}

static void test_mutex(void) {
  mutex_init(&mutex);
  CHECK(mutex_trylock(&mutex) == 1, "mutex_trylock of a free mutex failed");
  CHECK(mutex_trylock(&mutex) == 0, "mutex_trylock of a held mutex took it");
  mutex_unlock(&mutex);
  CHECK(mutex_trylock(&mutex) == 1, "mutex_trylock after mutex_unlock failed");
  mutex_unlock(&mutex);

  // Threads go to sleep on a held mutex; each unlock must wake one.
  mutex_lock(&mutex);
  for (int i = 0; i < MUTEX_THREADS; i++)
    spawn(lock_once, 0);
  wait_arrivals(&arrived, MUTEX_THREADS);
  CHECK(counter == 0, "a thread got past mutex_lock while main held the mutex");
  mutex_unlock(&mutex);
  join_all(MUTEX_THREADS);
  CHECK(counter == MUTEX_THREADS, "not every thread got the mutex");

  counter = 0;
  for (int i = 0; i < MUTEX_THREADS; i++)
    spawn(lock_many, 0);
  join_all(MUTEX_THREADS);
  CHECK(!overlapped, "two threads were inside the mutex at once");
  CHECK(counter == MUTEX_THREADS * MUTEX_ROUNDS, "increments under the mutex were lost");
}

// ---- cond: signal and broadcast wake sleepers; the mutex is released while waiting

#define COND_WAITERS 4
#define PINGPONG     200

static cond_t cond;
static volatile int turn, go, woken;

static void pingpong_partner(void *arg) {
  for (int i = 0; i < PINGPONG; i++) {
    mutex_lock(&mutex);
    while (turn != 1)
      cond_wait(&cond, &mutex);
    turn = 0;
    cond_signal(&cond);
    mutex_unlock(&mutex);
  }
}

static void wait_for_go(void *arg) {
  mutex_lock(&mutex);
  add(&arrived, 1);
  while (!go)
    cond_wait(&cond, &mutex);
  add(&woken, 1);
  mutex_unlock(&mutex);
}

static void test_cond(void) {
  mutex_init(&mutex);
  cond_init(&cond);
  turn = 0;
  spawn(pingpong_partner, 0);
  for (int i = 0; i < PINGPONG; i++) {
    mutex_lock(&mutex);
    turn = 1;
    cond_signal(&cond);
    while (turn != 0)
      cond_wait(&cond, &mutex);
    mutex_unlock(&mutex);
  }
  join_all(1);

  // Every waiter sleeps in cond_wait, having let go of the mutex (or main could not take it).
  for (int i = 0; i < COND_WAITERS; i++)
    spawn(wait_for_go, 0);
  wait_arrivals(&arrived, COND_WAITERS);
  mutex_lock(&mutex);
  go = 1;
  cond_broadcast(&cond);
  mutex_unlock(&mutex);
  join_all(COND_WAITERS);
  CHECK(woken == COND_WAITERS, "cond_broadcast did not wake every waiter");
}

// ---- sema: counting, no wake-up lost, and no waiter through on a spurious wake-up

#define SEMA_WAITERS 4
#define SEMA_ROUNDS  20

static sema_t sema;
static volatile int passed;

static void sema_waiter(void *arg) {
  add(&arrived, 1);
  sema_wait(&sema);
  add(&passed, 1);
}

static void test_sema(void) {
  sema_init(&sema, 3);
  for (int i = 0; i < 3; i++)
    sema_wait(&sema); // does not block: the value was 3
  CHECK(sema.value == 0, "three sema_waits from 3 did not leave 0");

  // Waiters asleep in sema_wait on 0 must stay there through a spurious wake-up, which a
  // condition variable may always give: here a broadcast on the semaphore's own.
  for (int i = 0; i < SEMA_WAITERS; i++)
    spawn(sema_waiter, 0);
  wait_arrivals(&arrived, SEMA_WAITERS);
  mutex_lock(&sema.m);
  cond_broadcast(&sema.c);
  mutex_unlock(&sema.m);
  // Woken waiters may wait long for a hart on a loaded host: give them time to pass wrongly.
  for (int t = 0; t < 4 * SETTLE && load(&passed) == 0; t++)
    sleep(1);
  CHECK(passed == 0, "a spurious wake-up let a waiter through sema_wait on 0 (if, not while?)");
  for (int i = 0; i < SEMA_WAITERS; i++)
    sema_post(&sema);
  join_all(SEMA_WAITERS);
  CHECK(passed == SEMA_WAITERS, "not every post let a waiter through");

  // Posts in a burst, faster than the woken waiters run: each must count and wake one.
  for (int round = 0; round < SEMA_ROUNDS; round++) {
    arrived = passed = 0;
    for (int i = 0; i < SEMA_WAITERS; i++)
      spawn(sema_waiter, 0);
    while (load(&arrived) < SEMA_WAITERS)
      sleep(1);
    for (int i = 0; i < SEMA_WAITERS; i++)
      sema_post(&sema);
    join_all(SEMA_WAITERS);
    CHECK(sema.value == 0, "the semaphore's value is not 0 after as many posts as waits");
  }
}

// ---- buffer: a bounded buffer with semaphores; several producers and consumers, every item
// delivered exactly once

#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS     300 // per producer
#define SLOTS     4

static sema_t empty, full;
static mutex_t buffer_lock;
static int buffer[SLOTS], fill_at, use_at;
static volatile int delivered[PRODUCERS * ITEMS];

static void put(int item) {
  sema_wait(&empty);
  mutex_lock(&buffer_lock);
  buffer[fill_at] = item;
  fill_at = (fill_at + 1) % SLOTS;
  mutex_unlock(&buffer_lock);
  sema_post(&full);
}

static int get(void) {
  sema_wait(&full);
  mutex_lock(&buffer_lock);
  int item = buffer[use_at];
  buffer[use_at] = -2; // taken: a second get of this slot sees it
  use_at = (use_at + 1) % SLOTS;
  mutex_unlock(&buffer_lock);
  sema_post(&empty);
  return item;
}

static void producer(void *arg) {
  int first = (int)(uint64)arg * ITEMS;
  for (int i = 0; i < ITEMS; i++)
    put(first + i);
}

static void consumer(void *arg) {
  for (;;) {
    int item = get();
    if (item == -1)
      return; // the end
    if (item < 0 || item >= PRODUCERS * ITEMS)
      test_fail("a consumer got an item nobody put (an empty slot taken twice?)");
    if (__atomic_add_fetch(&delivered[item], 1, __ATOMIC_SEQ_CST) != 1)
      test_fail("an item was delivered twice");
  }
}

static void test_buffer(void) {
  sema_init(&empty, SLOTS);
  sema_init(&full, 0);
  mutex_init(&buffer_lock);
  for (int i = 0; i < SLOTS; i++)
    buffer[i] = -2;
  for (int i = 0; i < CONSUMERS; i++)
    spawn(consumer, 0);
  for (int i = 0; i < PRODUCERS; i++)
    spawn(producer, i);
  // The producers end first (the consumers wait for their end markers).
  join_all(PRODUCERS);
  for (int i = 0; i < CONSUMERS; i++)
    put(-1);
  join_all(CONSUMERS);
  for (int i = 0; i < PRODUCERS * ITEMS; i++) {
    CHECK(delivered[i] == 1, "an item was never delivered");
  }
}

// ---- barrier: nobody passes before everyone has arrived, round after round

#define BARRIER_THREADS 4
#define BARRIER_ROUNDS  30

static barrier_t barrier;
static volatile int reached[BARRIER_THREADS], early;

static void barrier_thread(void *arg) {
  int me = (int)(uint64)arg;
  for (int round = 1; round <= BARRIER_ROUNDS; round++) {
    reached[me] = round;
    barrier_wait(&barrier);
    for (int k = 0; k < BARRIER_THREADS; k++)
      if (reached[k] < round)
        early = 1;
    barrier_wait(&barrier);
  }
}

static void test_barrier(void) {
  barrier_init(&barrier, BARRIER_THREADS);
  for (int i = 0; i < BARRIER_THREADS; i++)
    spawn(barrier_thread, i);
  join_all(BARRIER_THREADS);
  CHECK(!early, "a thread passed the barrier before the others arrived");
}

// ---- rwlock: readers together, a writer alone; and a waiting writer is not starved by a
// stream of readers (the lock's promise: once a writer waits, no new reader gets in)

#define READERS    4
#define WRITERS    2
#define RW_ROUNDS  100
#define LONE_TICKS 5 // a reader alone in the lock waits this long for company, then leaves

static rwlock_t rw;
static volatile int readers_in, writers_in, rw_bad, stop, writer_done;

static void rw_reader(void *arg) {
  for (int i = 0; i < RW_ROUNDS; i++) {
    rwlock_read_lock(&rw);
    add(&readers_in, 1);
    if (load(&writers_in) != 0)
      rw_bad = 1;
    add(&readers_in, -1);
    rwlock_read_unlock(&rw);
  }
}

static void rw_writer(void *arg) {
  for (int i = 0; i < RW_ROUNDS; i++) {
    rwlock_write_lock(&rw);
    if (add(&writers_in, 1) != 1 || load(&readers_in) != 0)
      rw_bad = 1;
    add(&writers_in, -1);
    rwlock_write_unlock(&rw);
  }
}

// Leaves the lock only while another reader is inside (or after waiting LONE_TICKS alone):
// with new readers let in freely, the lock is never free of readers.
static void streaming_reader(void *arg) {
  while (!load(&stop)) {
    rwlock_read_lock(&rw);
    add(&readers_in, 1);
    if (load(&writers_in) != 0)
      rw_bad = 1;
    for (int waited = 0;; waited++) {
      int n = load(&readers_in);
      if (n >= 2 && __atomic_compare_exchange_n(&readers_in, &n, n - 1, 0, __ATOMIC_SEQ_CST,
                                                __ATOMIC_SEQ_CST))
        break;
      if (waited >= LONE_TICKS || load(&stop)) {
        add(&readers_in, -1);
        break;
      }
      sleep(1);
    }
    rwlock_read_unlock(&rw);
  }
}

static void waiting_writer(void *arg) {
  rwlock_write_lock(&rw);
  if (add(&writers_in, 1) != 1 || load(&readers_in) != 0)
    rw_bad = 1;
  writer_done = !load(&stop);
  add(&writers_in, -1);
  rwlock_write_unlock(&rw);
}

static void test_rwlock(void) {
  rwlock_init(&rw);
  for (int i = 0; i < READERS; i++)
    spawn(rw_reader, 0);
  for (int i = 0; i < WRITERS; i++)
    spawn(rw_writer, 0);
  join_all(READERS + WRITERS);
  CHECK(!rw_bad, "a writer was inside the lock with someone else");

  for (int i = 0; i < READERS; i++)
    spawn(streaming_reader, 0);
  while (load(&readers_in) == 0)
    sleep(1);
  sleep(SETTLE);
  spawn(waiting_writer, 0);
  for (int t = 0; t < 4 * TICKS_PER_SECOND && !load(&writer_done); t++)
    sleep(1);
  int starved = !load(&writer_done);
  __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
  join_all(READERS + 1);
  CHECK(!rw_bad, "a writer was inside the lock with readers");
  CHECK(!starved, "a waiting writer got in only once the stream of readers stopped");
}

static const struct test tests[] = {
    {"mutex", test_mutex},   {"cond", test_cond},       {"sema", test_sema},
    {"buffer", test_buffer}, {"barrier", test_barrier}, {"rwlock", test_rwlock},
};

int main(int argc, char *argv[]) {
  test_main("synctest", tests, NELEM(tests),
            (struct test_limit){TEST_LIMIT, "a lost wake-up or a deadlock?"}, argc, argv);
}
