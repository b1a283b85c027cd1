// Tests of the C library for POSIX programs (user/include, user/libc), written as a POSIX
// program itself. Prints "test NAME: OK" or "test NAME: FAILED" per test, then a verdict
// (kernel/tests/usertests.py runs it: make test-libc).
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures; // checks failed in the current test

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      printf("  line %d: %s\n", __LINE__, #cond);                                                  \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

static void check_str(int line, const char *got, const char *want) {
  if (strcmp(got, want) != 0) {
    printf("  line %d: got \"%s\", want \"%s\"\n", line, got, want);
    failures++;
  }
}
#define CHECK_STR(got, want) check_str(__LINE__, got, want)

// snprintf's output for one format, against what glibc prints.
#define FMT(want, ...)                                                                             \
  do {                                                                                             \
    char b_[128];                                                                                  \
    int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                                                \
    check_str(__LINE__, b_, want);                                                                 \
    if (n_ != (int)strlen(want)) {                                                                 \
      printf("  line %d: returned %d, want %d\n", __LINE__, n_, (int)strlen(want));                \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

static void printf_integers(void) {
  FMT("42 -42 42", "%d %i %u", 42, -42, 42u);
  FMT("4294967295", "%u", 4294967295u);
  FMT("ff FF 0xff 777", "%x %X %#x %o", 255, 255, 255, 0777);
  FMT("-9223372036854775808", "%ld", LONG_MIN);
  FMT("18446744073709551615", "%lu", ULONG_MAX);
  FMT("-1234567890123 1234567890123", "%lld %llu", -1234567890123LL, 1234567890123ULL);
  FMT("deadbeefcafe", "%lx", 0xdeadbeefcafeUL);
  FMT("[   42][42   ][00042][-0042]", "[%5d][%-5d][%05d][%05d]", 42, 42, 42, -42);
  FMT("[  007][+7][ 7]", "[%5.3d][%+d][% d]", 7, 7, 7);
  FMT("[  -3]", "[%*d]", 4, -3);
  FMT("7 -1 255", "%zu %hd %hhu", (size_t)7, (short)-1, 255);
  FMT("0x1234 (nil)", "%p %p", (void *)0x1234, (void *)0);
  FMT("100% x", "100%% %c", 'x');
}

static void printf_strings(void) {
  FMT("hello", "%s", "hello");
  FMT("[  abc][abc  ][ab]", "[%5s][%-5s][%.2s]", "abc", "abc", "abc");
  FMT("[   ab]", "[%5.2s]", "abcdef");
  const char *volatile none = 0; // hidden from gcc, which warns of a constant null
  FMT("(null)", "%s", none);
  FMT("[ x][y ]", "[%2c][%-2c]", 'x', 'y');
  // truncation: the count is what would have been written
  char small[6];
  CHECK(snprintf(small, sizeof(small), "%s", "truncated") == 9);
  CHECK_STR(small, "trunc");
  CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
  char big[32];
  CHECK(sprintf(big, "%s-%d", "a", 1) == 3);
  CHECK_STR(big, "a-1");
}

static void printf_doubles(void) {
  FMT("3.141593", "%f", 3.14159265);
  FMT("3.14 -2.50 0.00", "%.2f %.2f %.2f", 3.14159, -2.5, 0.0);
  FMT("1 2 1.0", "%.0f %.0f %.1f", 1.4, 1.6, 0.96);
  FMT("[  1.50][1.50  ][001.50]", "[%6.2f][%-6.2f][%06.2f]", 1.5, 1.5, 1.5);
  FMT("1048576.00 MB", "%.2f MB", 1024.0 * 1024.0);
  FMT("12345678901.250", "%.3f", 12345678901.25);
  FMT("0.000001", "%f", 0.000001);
  FMT("1.000000e+06 2.5E-03", "%e %.1E", 1e6, 0.0025);
  FMT("0.1 100000 1e+06 1.5e-05", "%g %g %g %g", 0.1, 100000.0, 1000000.0, 0.000015);
  FMT("inf -inf nan", "%f %f %f", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0);
  // arithmetic on doubles works at all: the user ABI computes them in software
  volatile double third = 1.0 / 3.0;
  CHECK(third * 3.0 > 0.9999999 && third * 3.0 < 1.0000001);
  CHECK((long)(2.75 * 4) == 11);
}

// Parses argv as OSTEP's homework does; returns the letters seen (with ARG= for arguments).
static void run_getopt(int argc, char **argv, const char *opts, char *out) {
  int c;
  out[0] = '\0';
  optind = 1;
  opterr = 0;
  while ((c = getopt(argc, argv, opts)) != -1) {
    char piece[64];
    if (c == '?' || c == ':')
      snprintf(piece, sizeof(piece), "%c(%c)", c, optopt);
    else if (optarg)
      snprintf(piece, sizeof(piece), "%c=%s", c, optarg);
    else
      snprintf(piece, sizeof(piece), "%c", c);
    strcat(out, piece);
    strcat(out, " ");
  }
  char rest[16];
  snprintf(rest, sizeof(rest), "| %d", optind);
  strcat(out, rest);
}

static void getopt_vectors(void) {
  char out[256];
  char *a[] = {"prog", "-l", "5", "-m", "3", "-vt", "-p7", NULL};
  run_getopt(7, a, "l:m:p:c:P:C:vt", out);
  CHECK_STR(out, "l=5 m=3 v t p=7 | 7");
  char *b[] = {"prog", "-a", "-x", "file", "-b", NULL};
  run_getopt(5, b, "ab:c", out); // stops at the first non-option
  CHECK_STR(out, "a ?(x) | 3");
  char *c[] = {"prog", "-c", "--", "-a", NULL};
  run_getopt(4, c, "ab:c", out);
  CHECK_STR(out, "c | 3");
  char *d[] = {"prog", "-b", NULL};
  run_getopt(2, d, "ab:c", out); // missing argument
  CHECK_STR(out, "?(b) | 2");
  run_getopt(2, d, ":ab:c", out);
  CHECK_STR(out, ":(b) | 2");
  char *e[] = {"prog", "-bval", "-", "x", NULL};
  run_getopt(4, e, "ab:c", out); // "-" alone is an operand
  CHECK_STR(out, "b=val | 2");
  char *f[] = {"prog", NULL};
  run_getopt(1, f, "ab:c", out);
  CHECK_STR(out, "| 1");
}

static void strings(void) {
  char text[] = "1,2,0:2,3,4,5";
  char *outer, *inner, got[64] = "";
  for (char *p = strtok_r(text, ":", &outer); p; p = strtok_r(NULL, ":", &outer)) {
    char *copy = strdup(p);
    CHECK(copy != NULL && copy != p);
    for (char *q = strtok_r(copy, ",", &inner); q; q = strtok_r(NULL, ",", &inner)) {
      strcat(got, q);
      strcat(got, ".");
    }
    strcat(got, "|");
    free(copy);
  }
  CHECK_STR(got, "1.2.0.|2.3.4.5.|");
  char spaced[] = "  a  bb c ";
  CHECK_STR(strtok(spaced, " "), "a");
  CHECK_STR(strtok(NULL, " "), "bb");
  CHECK_STR(strtok(NULL, " "), "c");
  CHECK(strtok(NULL, " ") == NULL);
  const char *s = "hello world";
  CHECK(strchr(s, 'o') == s + 4 && strrchr(s, 'o') == s + 7 && strchr(s, 0) == s + 11);
  CHECK(strchr(s, 'z') == NULL && strstr(s, "wor") == s + 6 && strstr(s, "") == s);
  CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("abcx", "abcy", 4) < 0);
  CHECK(strcmp("b", "a") > 0 && strlen(s) == 11 && strspn("aab", "a") == 2);
  char pad[6];
  strncpy(pad, "ab", sizeof(pad));
  CHECK(memcmp(pad, "ab\0\0\0\0", 6) == 0);
  char *d = strndup("abcdef", 3);
  CHECK_STR(d, "abc");
  free(d);
  CHECK_STR(strerror(ENOMEM), "Cannot allocate memory");
  CHECK(isdigit('7') && !isdigit('a') && isspace('\n') && isalpha('Q') && isalnum('3'));
  CHECK(isupper('A') && islower('a') && toupper('b') == 'B' && tolower('B') == 'b');
  CHECK(isprint(' ') && !isprint('\n'));
}

static void numbers(void) {
  char *end;
  CHECK(atoi("42") == 42 && atol("-17") == -17 && abs(-3) == 3);
  CHECK(strtol("  -123abc", &end, 10) == -123 && *end == 'a');
  CHECK(strtol("0x1f", NULL, 0) == 31 && strtol("017", NULL, 0) == 15 &&
        strtol("z", &end, 36) == 35);
  errno = 0;
  CHECK(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
  errno = 0;
  CHECK(strtol("-9223372036854775808", NULL, 10) == LONG_MIN && errno == 0);
  const char *none = "xyz";
  CHECK(strtol(none, &end, 10) == 0 && end == none);
  srand(7);
  int r1 = rand(), r2 = rand();
  srand(7);
  CHECK(rand() == r1 && rand() == r2 && r1 >= 0 && r1 <= RAND_MAX && r1 != r2);
}

static int by_value(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

static void memory(void) {
  // calloc must zero a block that malloc handed out dirty before
  unsigned char *dirty = malloc(1000);
  CHECK(dirty != NULL);
  memset(dirty, 0xAA, 1000);
  free(dirty);
  unsigned char *z = calloc(250, 4);
  CHECK(z != NULL);
  int nonzero = 0;
  for (int i = 0; z && i < 1000; i++)
    nonzero += z[i] != 0;
  CHECK(nonzero == 0);
  free(z);
  int *v = malloc(10 * sizeof(int));
  for (int i = 0; i < 10; i++)
    v[i] = i * i;
  int *other = malloc(64); // so that growing cannot happen in place
  v = realloc(v, 10000 * sizeof(int));
  CHECK(v != NULL);
  int same = 1;
  for (int i = 0; v && i < 10; i++)
    same &= v[i] == i * i;
  CHECK(same);
  v[9999] = 1;
  CHECK(realloc(NULL, 16) != NULL);
  free(v);
  free(other);
  CHECK(malloc(5UL << 30) == NULL); // 5 GB: refused, not cut to 1 GB
  int a[] = {5, 3, 9, 1, 7, 3};
  qsort(a, 6, sizeof(int), by_value);
  CHECK(a[0] == 1 && a[1] == 3 && a[2] == 3 && a[3] == 5 && a[4] == 7 && a[5] == 9);
}

// Runs fn in a child whose stdout and stderr are a pipe; returns what it wrote and its status.
static int capture(void (*fn)(void), char *buf, int size, int *status) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
  int pid = fork();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(2);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    fn();
    exit(0);
  }
  close(p[1]);
  int n = 0, r;
  while (n < size - 1 && (r = read(p[0], buf + n, size - 1 - n)) > 0)
    n += r;
  buf[n] = '\0';
  close(p[0]);
  waitpid(pid, status, 0);
  return n;
}

static void failing_assert(void) {
  int x = 2;
  assert(x + 1 == 4);
  printf("not reached\n");
}

// The message is "FILE:LINE: FUNCTION: Assertion `EXPR' failed." on stderr, then the child dies.
static void assert_message(void) {
  char buf[256], head[64];
  const char *tail = ": failing_assert: Assertion `x + 1 == 4' failed.\n";
  int status = 0;
  capture(failing_assert, buf, sizeof(buf), &status);
  snprintf(head, sizeof(head), "%s:", __FILE__);
  char *line = buf + strlen(head), *end;
  CHECK(strncmp(buf, head, strlen(head)) == 0);
  CHECK(strtol(line, &end, 10) > 0 && end > line);
  CHECK_STR(end, tail);
  CHECK(status != 0 && strstr(buf, "not reached") == NULL);
}

static void interleaved(void) {
  printf("out1 ");
  fprintf(stderr, "err ");
  printf("out2");
  putchar(' ');
  fputs("fputs ", stdout);
  fflush(stdout);
  puts("puts");
}

static void run_echo(void) {
  char *argv[] = {"echo", "from", "execv", NULL};
  execv("/echo", argv);
  printf("execv failed\n");
}

static void run_echo_l(void) {
  execlp("echo", "echo", "from", "execlp", (char *)NULL); // no '/': found in the root
  printf("execlp failed\n");
}

static void bye(void) {
  printf("atexit ran\n");
}
static void exit_three(void) {
  atexit(bye);
  exit(3);
}

static void output_order(void) {
  char buf[128];
  int status = -1;
  capture(interleaved, buf, sizeof(buf), &status);
  CHECK_STR(buf, "out1 err out2 fputs puts\n");
  CHECK(status == 0);
  capture(exit_three, buf, sizeof(buf), &status);
  CHECK_STR(buf, "atexit ran\n");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
  capture(run_echo, buf, sizeof(buf), &status);
  CHECK_STR(buf, "from execv\n");
  capture(run_echo_l, buf, sizeof(buf), &status);
  CHECK_STR(buf, "from execlp\n");
}

static double seconds(void) {
  struct timeval t;
  int rc = gettimeofday(&t, NULL);
  assert(rc == 0);
  CHECK(t.tv_usec >= 0 && t.tv_usec < 1000000);
  return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static void time_of_day(void) {
  double t0 = seconds(), prev = t0;
  for (int i = 0; i < 200; i++) { // never goes backwards
    double t = seconds();
    CHECK(t >= prev);
    prev = t;
  }
  usleep(250000); // at least 2.5 ticks
  double t1 = seconds();
  CHECK(t1 - t0 >= 0.2);
  sleep(1); // seconds here, not ticks
  double t2 = seconds();
  CHECK(t2 - t1 >= 0.9 && t2 - t1 < 5);
  CHECK(time(NULL) >= (time_t)t2 - 1);
}

// pthreads: a counter under a mutex reaches exactly N * LOOPS; join hands back each
// thread's value, in any order asked; pthread_exit's value too.
#define NTHREADS 6
#define LOOPS    2000
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *count(void *arg) {
  for (int i = 0; i < LOOPS; i++) {
    pthread_mutex_lock(&counter_lock);
    counter++;
    if (i % 100 == 0)
      sched_yield(); // holding the lock: the others must wait, not slip in
    pthread_mutex_unlock(&counter_lock);
  }
  return (void *)((long)arg * 10);
}

static void *leave_early(void *arg) {
  pthread_exit((void *)(long)arg);
}

static void threads(void) {
  pthread_t t[NTHREADS];
  for (long i = 0; i < NTHREADS; i++)
    CHECK(pthread_create(&t[i], NULL, count, (void *)i) == 0);
  for (int i = NTHREADS - 1; i >= 0; i--) { // the last made first: join collects the others
    void *value;
    CHECK(pthread_join(t[i], &value) == 0);
    CHECK((long)value == i * 10);
  }
  CHECK(counter == NTHREADS * LOOPS);
  pthread_t e;
  void *value = 0;
  CHECK(pthread_create(&e, NULL, leave_early, (void *)77L) == 0);
  CHECK(pthread_join(e, &value) == 0 && (long)value == 77);
  CHECK(pthread_join(e, NULL) == ESRCH); // joined already
  CHECK(pthread_self() == getpid() && pthread_equal(pthread_self(), getpid()));
  pthread_attr_t attr;
  CHECK(pthread_create(&e, &attr, count, NULL) == EINVAL);
  CHECK(pthread_mutex_trylock(&counter_lock) == 0);
  CHECK(pthread_mutex_trylock(&counter_lock) == EBUSY);
  CHECK(pthread_mutex_unlock(&counter_lock) == 0);
}

// A condition variable hands a token back and forth; semaphores count.
static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn, rounds_seen;
static sem_t items;

static void *pong(void *arg) {
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&turn_lock);
    while (turn != 1)
      pthread_cond_wait(&turn_changed, &turn_lock);
    rounds_seen++;
    turn = 0;
    pthread_cond_signal(&turn_changed);
    pthread_mutex_unlock(&turn_lock);
  }
  for (int i = 0; i < 20; i++)
    sem_post(&items);
  return NULL;
}

static void conditions(void) {
  CHECK(sem_init(&items, 0, 0) == 0);
  CHECK(sem_trywait(&items) == -1 && errno == EAGAIN);
  pthread_t t;
  CHECK(pthread_create(&t, NULL, pong, NULL) == 0);
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&turn_lock);
    while (turn != 0)
      pthread_cond_wait(&turn_changed, &turn_lock);
    turn = 1;
    pthread_cond_broadcast(&turn_changed);
    pthread_mutex_unlock(&turn_lock);
  }
  for (int i = 0; i < 20; i++)
    CHECK(sem_wait(&items) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(rounds_seen == 50);
  int value = -1;
  CHECK(sem_getvalue(&items, &value) == 0 && value == 0);
  CHECK(sem_init(&items, 1, 0) == -1); // no semaphores between processes
}

static struct {
  void (*fn)(void);
  const char *name;
} tests[] = {
    {printf_integers, "printf-integers"},
    {printf_strings, "printf-strings"},
    {printf_doubles, "printf-doubles"},
    {getopt_vectors, "getopt"},
    {strings, "strings"},
    {numbers, "numbers"},
    {memory, "memory"},
    {assert_message, "assert"},
    {output_order, "stdout-stderr-exit-exec"},
    {time_of_day, "gettimeofday-sleep"},
    {threads, "pthreads"},
    {conditions, "pthread-cond-sem"},
};

int main(int argc, char *argv[]) {
  int failed = 0;
  printf("libctest starting\n");
  for (int i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
    if (argc > 1 && strcmp(argv[1], tests[i].name) != 0)
      continue;
    failures = 0;
    tests[i].fn();
    printf("test %s: %s\n", tests[i].name, failures ? "FAILED" : "OK");
    failed += failures != 0;
  }
  printf(failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failed ? 1 : 0);
}
