// bench: times basic kernel operations. For each one it finds an iteration
// count that lasts at least MIN_TICKS (the clock only counts timer ticks),
// times RUNS runs of that many iterations, and prints the median run with the
// derived time per operation.   Usage: bench [runs [name]]; with a name, only the operations
// whose name contains it (bench 5 thread).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/kstats.h"
#include "kernel/riscv.h"
#include "user/user.h"
#include "user/thread.h"

#define MIN_TICKS  5
#define MAX_RUNS   15
#define FILE_BYTES (1024 * 1024)
#define FILE_PARTS 4 // 1 MB does not fit in one file (MAXFILE blocks), so use 4

static void die(const char *what) {
  fprintf(2, "bench: %s failed\n", what);
  exit(1);
}

static void op_getpid(int n) {
  for (int i = 0; i < n; i++)
    getpid();
}

static void op_fork(int n) {
  for (int i = 0; i < n; i++) {
    int pid = fork();
    if (pid < 0)
      die("fork");
    if (pid == 0)
      exit(0);
    wait(0);
  }
}

static void op_fork_exec(int n) {
  char *argv[] = {"nop", 0};
  for (int i = 0; i < n; i++) {
    int pid = fork();
    if (pid < 0)
      die("fork");
    if (pid == 0) {
      exec("/nop", argv);
      die("exec /nop");
    }
    wait(0);
  }
}

static void op_pipe(int n) {
  int there[2], back[2];
  if (pipe(there) < 0 || pipe(back) < 0)
    die("pipe");
  int pid = fork();
  if (pid < 0)
    die("fork");
  char c = 'x';
  if (pid == 0) { // echo every byte back
    close(there[1]);
    close(back[0]);
    while (read(there[0], &c, 1) == 1)
      write(back[1], &c, 1);
    exit(0);
  }
  close(there[0]);
  close(back[1]);
  for (int i = 0; i < n; i++)
    if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
      die("pipe round trip");
  close(there[1]);
  close(back[0]);
  wait(0);
}

static char file_buf[8 * BSIZE];

static void op_file(int n) {
  char name[] = "benchf0";
  for (int i = 0; i < n; i++) {
    for (int part = 0; part < FILE_PARTS; part++) {
      name[6] = '0' + part;
      int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
      if (fd < 0)
        die("create");
      for (int done = 0; done < FILE_BYTES / FILE_PARTS; done += sizeof(file_buf))
        if (write(fd, file_buf, sizeof(file_buf)) != sizeof(file_buf))
          die("write");
      close(fd);
    }
    for (int part = 0; part < FILE_PARTS; part++) {
      name[6] = '0' + part;
      int fd = open(name, O_RDONLY);
      if (fd < 0)
        die("open");
      while (read(fd, file_buf, sizeof(file_buf)) > 0)
        ;
      close(fd);
    }
  }
  for (int part = 0; part < FILE_PARTS; part++) {
    name[6] = '0' + part;
    unlink(name);
  }
}

static void op_create_unlink(int n) {
  char name[] = "bc00";
  for (int i = 0; i < n; i++) {
    for (int f = 0; f < 100; f++) {
      name[2] = '0' + f / 10;
      name[3] = '0' + f % 10;
      int fd = open(name, O_CREATE | O_RDWR);
      if (fd < 0)
        die("create");
      close(fd);
    }
    for (int f = 0; f < 100; f++) {
      name[2] = '0' + f / 10;
      name[3] = '0' + f % 10;
      if (unlink(name) < 0)
        die("unlink");
    }
  }
}

// Grow the heap by size bytes (eagerly or lazily), touch one page, give it back.
static void grow_touch_shrink(int n, int size, int lazy) {
  for (int i = 0; i < n; i++) {
    char *p = lazy ? sbrklazy(size) : sbrk(size);
    if (p == SBRK_ERROR)
      die("sbrk");
    p[size / 2] = 1;
    if (sbrk(-size) == SBRK_ERROR)
      die("sbrk shrink");
  }
}
static void op_sbrk_1mb(int n) {
  grow_touch_shrink(n, 1 << 20, 0);
}
static void op_sbrklazy_1mb(int n) {
  grow_touch_shrink(n, 1 << 20, 1);
}
static void op_sbrklazy_64mb(int n) {
  grow_touch_shrink(n, 64 << 20, 1);
}

// fork+exit+wait of a process with a 1 MB heap, every page of it written.
static void op_fork_1mb(int n) {
  char *heap = sbrk(1 << 20);
  if (heap == SBRK_ERROR)
    die("sbrk");
  memset(heap, 'h', 1 << 20);
  op_fork(n);
  sbrk(-(1 << 20));
}

// ---- threads and their synchronization (user/thread.h)

static mutex_t bench_mutex;
static cond_t bench_cond;
static sema_t bench_sem_a, bench_sem_b;
static volatile int bench_turn, bench_rounds;

static void op_mutex(int n) {
  mutex_init(&bench_mutex);
  for (int i = 0; i < n; i++) {
    mutex_lock(&bench_mutex);
    mutex_unlock(&bench_mutex);
  }
}

static void lock_loop(void *arg) {
  for (int i = 0; i < bench_rounds; i++) {
    mutex_lock(&bench_mutex);
    bench_turn++;
    mutex_unlock(&bench_mutex);
  }
}

// Two threads take turns at one mutex: n acquisitions in all.
static void op_mutex_contended(int n) {
  mutex_init(&bench_mutex);
  bench_rounds = (n + 1) / 2;
  if (thread_create(lock_loop, 0) < 0 || thread_create(lock_loop, 0) < 0)
    die("thread_create");
  thread_join();
  thread_join();
}

static void cond_partner(void *arg) {
  mutex_lock(&bench_mutex);
  for (int i = 0; i < bench_rounds; i++) {
    while (bench_turn != 1)
      cond_wait(&bench_cond, &bench_mutex);
    bench_turn = 0;
    cond_signal(&bench_cond);
  }
  mutex_unlock(&bench_mutex);
}

// A round trip: main hands the turn to the thread, which hands it back.
static void op_cond_pingpong(int n) {
  mutex_init(&bench_mutex);
  cond_init(&bench_cond);
  bench_turn = 0;
  bench_rounds = n;
  if (thread_create(cond_partner, 0) < 0)
    die("thread_create");
  mutex_lock(&bench_mutex);
  for (int i = 0; i < n; i++) {
    bench_turn = 1;
    cond_signal(&bench_cond);
    while (bench_turn != 0)
      cond_wait(&bench_cond, &bench_mutex);
  }
  mutex_unlock(&bench_mutex);
  thread_join();
}

static void sema_partner(void *arg) {
  for (int i = 0; i < bench_rounds; i++) {
    sema_wait(&bench_sem_a);
    sema_post(&bench_sem_b);
  }
}

static void op_sema_pingpong(int n) {
  sema_init(&bench_sem_a, 0);
  sema_init(&bench_sem_b, 0);
  bench_rounds = n;
  if (thread_create(sema_partner, 0) < 0)
    die("thread_create");
  for (int i = 0; i < n; i++) {
    sema_post(&bench_sem_a);
    sema_wait(&bench_sem_b);
  }
  thread_join();
}

static void nothing(void *arg) {}

static void op_thread(int n) {
  for (int i = 0; i < n; i++) {
    if (thread_create(nothing, 0) < 0)
      die("thread_create");
    if (thread_join() < 0)
      die("thread_join");
  }
}

static int time_run(void (*op)(int), int n) {
  int start = uptime();
  op(n);
  return uptime() - start;
}

static void sort(int *a, int n) {
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
      int t = a[j];
      a[j] = a[j - 1];
      a[j - 1] = t;
    }
}

static int strncmp_prefix(const char *s, const char *prefix) {
  while (*prefix && *s == *prefix) {
    s++;
    prefix++;
  }
  return *prefix == 0;
}

static const char *only; // run only the operations whose name contains this

static int contains(const char *s, const char *part) {
  for (; *s; s++)
    if (strncmp_prefix(s, part))
      return 1;
  return *part == 0;
}

static void bench(const char *name, void (*op)(int), int runs) {
  if (only && !contains(name, only))
    return;
  int n = 1;
  while (time_run(op, n) < MIN_TICKS && n < (1 << 24))
    n *= 2;
  int ticks[MAX_RUNS];
  struct kstats before, after;
  kstats(&before);
  for (int r = 0; r < runs; r++)
    ticks[r] = time_run(op, n);
  kstats(&after);
  sort(ticks, runs);
  int median = ticks[runs / 2];
  // Nanoseconds per operation, from ticks of 1/TICKS_PER_SECOND s.
  uint64 ns = (uint64)median * (1000000000UL / TICKS_PER_SECOND) / n;
  // Disk requests per operation, in hundredths.
  uint64 ops = (uint64)n * runs;
  uint64 writes = (after.disk_writes - before.disk_writes) * 100 / ops;
  uint64 flushes = (after.disk_flushes - before.disk_flushes) * 100 / ops;
  printf("%-22s %8d %10d %8lu.%02lu %7lu.%02lu %7lu.%02lu\n", name, n, median, ns / 1000,
         ns % 1000 / 10, writes / 100, writes % 100, flushes / 100, flushes % 100);
}

int main(int argc, char *argv[]) {
  int runs = 5;
  if (argc > 3 || (argc >= 2 && ((runs = atoi(argv[1])) < 1 || runs > MAX_RUNS))) {
    fprintf(2, "usage: bench [runs (1-%d) [part of an operation's name]]\n", MAX_RUNS);
    exit(1);
  }
  if (argc == 3)
    only = argv[2];
  memset(file_buf, 'b', sizeof(file_buf));
  printf("bench: median of %d runs; 1 tick = %d ms\n", runs, 1000 / TICKS_PER_SECOND);
  printf("%-22s %8s %10s %11s %10s %10s\n", "operation", "iters", "ticks/run", "us/op", "writes/op",
         "flushes/op");
  bench("getpid", op_getpid, runs);
  bench("fork+exit+wait", op_fork, runs);
  bench("fork+exec+wait", op_fork_exec, runs);
  bench("pipe round trip", op_pipe, runs);
  bench("write+read 1 MB file", op_file, runs);
  bench("create+unlink 100", op_create_unlink, runs);
  bench("fork 1 MB heap", op_fork_1mb, runs);
  bench("sbrk 1 MB, touch 1", op_sbrk_1mb, runs);
  bench("sbrklazy 1 MB, touch 1", op_sbrklazy_1mb, runs);
  bench("sbrklazy 64 MB,touch 1", op_sbrklazy_64mb, runs);
  // A lab's handout has no threads (labs/threads) and no mutex (labs/sync): skip their rows.
  if (thread_create(nothing, 0) < 0 || thread_join() < 0) {
    printf("(no threads here: the thread and synchronization rows are skipped)\n");
    exit(0);
  }
  bench("mutex lock+unlock", op_mutex, runs);
  bench("mutex, 2 threads", op_mutex_contended, runs);
  bench("condvar ping-pong", op_cond_pingpong, runs);
  bench("semaphore ping-pong", op_sema_pingpong, runs);
  bench("thread create+join", op_thread, runs);
  exit(0);
}
