// stdlib for POSIX programs: numbers from strings, exit with atexit, rand, qsort.
// malloc, calloc and realloc live in user/umalloc.c, beside free.
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user/libc/libc.h"

int errno;

// Parses an optionally signed number in base (0: 0x.. hex, 0.. octal, else decimal); the
// magnitude is clamped to limit (+1 when negative, for LONG_MIN) with ERANGE.
static unsigned long long parse(const char *s, char **end, int base, unsigned long long limit,
                                int is_signed, int *negative) {
  const char *p = s;
  while (isspace((unsigned char)*p))
    p++;
  *negative = 0;
  if (*p == '-' || *p == '+')
    *negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  if (is_signed && *negative)
    limit++;
  unsigned long long v = 0;
  int any = 0, over = 0;
  for (;; p++) {
    int d;
    if (isdigit((unsigned char)*p))
      d = *p - '0';
    else if (isalpha((unsigned char)*p))
      d = tolower((unsigned char)*p) - 'a' + 10;
    else
      break;
    if (d >= base)
      break;
    any = 1;
    if (v > (limit - d) / base)
      over = 1;
    else
      v = v * base + d;
  }
  if (end)
    *end = (char *)(any ? p : s);
  if (over) {
    errno = ERANGE;
    v = limit;
    if (!is_signed)
      *negative = 0;
  }
  return v;
}

long long strtoll(const char *s, char **end, int base) {
  int neg;
  unsigned long long v = parse(s, end, base, LLONG_MAX, 1, &neg);
  return neg ? (long long)-v : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int neg;
  unsigned long long v = parse(s, end, base, ULLONG_MAX, 0, &neg);
  return neg ? -v : v;
}

long strtol(const char *s, char **end, int base) {
  return strtoll(s, end, base);
}
unsigned long strtoul(const char *s, char **end, int base) {
  return strtoull(s, end, base);
}
long atol(const char *s) {
  return strtol(s, NULL, 10);
}
long long atoll(const char *s) {
  return strtoll(s, NULL, 10);
}

int abs(int v) {
  return v < 0 ? -v : v;
}
long labs(long v) {
  return v < 0 ? -v : v;
}
long long llabs(long long v) {
  return v < 0 ? -v : v;
}

// The C standard's sample generator: small, and the same sequence on every run for a seed.
static unsigned int next = 1;
int rand_r(unsigned int *state) {
  *state = *state * 1103515245 + 12345;
  unsigned int hi = *state;
  *state = *state * 1103515245 + 12345;
  return ((hi >> 16) << 15 ^ (*state >> 16)) & RAND_MAX;
}
int rand(void) {
  return rand_r(&next);
}
void srand(unsigned int seed) {
  next = seed;
}

#define ATEXIT_MAX 32
static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

int atexit(void (*fn)(void)) {
  if (nhandlers == ATEXIT_MAX)
    return -1;
  handlers[nhandlers++] = fn;
  return 0;
}

// Called by exit and, weakly linked, by _start when main returns (user/ulib.c).
void __posix_atexit_run(void) {
  while (nhandlers > 0)
    handlers[--nhandlers]();
}

void exit(int status) {
  __posix_atexit_run();
  _exit(status);
}

// There are no signals: the process kills itself (wait then sees -1), and exits if that fails.
void abort(void) {
  kill(getpid());
  _exit(134);
}

char *getenv(const char *name) {
  (void)name; // there is no environment
  return NULL;
}

static void swap(char *a, char *b, size_t size) {
  for (size_t i = 0; i < size; i++) {
    char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

// Heap sort: no recursion, no extra memory, n log n whatever the input.
static void sift(char *base, size_t root, size_t n, size_t size,
                 int (*cmp)(const void *, const void *)) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
      child++;
    if (cmp(base + root * size, base + child * size) >= 0)
      return;
    swap(base + root * size, base + child * size, size);
    root = child;
  }
}

void qsort(void *p, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  char *base = p;
  if (n < 2)
    return;
  for (size_t i = n / 2; i-- > 0;)
    sift(base, i, n, size, cmp);
  for (size_t end = n - 1; end > 0; end--) {
    swap(base, base + end * size, size);
    sift(base, 0, end, size, cmp);
  }
}

void __assert_fail(const char *expr, const char *file, int line, const char *func) {
  fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}
