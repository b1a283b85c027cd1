// Host check of the POSIX library's printf engine (user/libc/stdio.c): random conversions, flags,
// widths, precisions and values, formatted by our snprintf and by the host's glibc, must agree.
// Our library is compiled for the host and its symbols renamed with a my_ prefix (user/user.mk,
// test-libc-host). Known differences are not drawn: more than 34 significant digits (ours are
// zeros) and %#g (glibc drops a zero when rounding carries: 99.96 gives "1.e+02").
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int my_snprintf(char *, size_t, const char *, ...);

// What the library calls besides itself.
int my_errno;
void *my___posix_malloc(size_t n) {
  return malloc(n);
}
void *my_memcpy(void *d, const void *s, size_t n) {
  return memcpy(d, s, n);
}
void *my_memmove(void *d, const void *s, size_t n) {
  return memmove(d, s, n);
}
char *my_strcpy(char *d, const char *s) {
  return strcpy(d, s);
}
size_t my_strlen(const char *s) {
  return strlen(s);
}
long my_read(int fd, void *b, size_t n) {
  return read(fd, b, n);
}
long my_write(int fd, const void *b, size_t n) {
  return write(fd, b, n);
}

static unsigned long long state = 88172645463325252ULL;
static unsigned long long next(void) { // xorshift64: the same cases on every host
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static int below(int n) {
  return next() % n;
}

// A random format: '%', flags, width, precision below maxprec, length, conversion.
static void format(char *fmt, const char *convs, int maxprec, const char *length) {
  int k = 0;
  fmt[k++] = '%';
  for (int i = below(3); i > 0; i--)
    fmt[k++] = "-0+ #"[below(5)];
  if (below(2))
    k += sprintf(fmt + k, "%d", below(25));
  if (below(2))
    k += sprintf(fmt + k, ".%d", below(maxprec + 1));
  k += sprintf(fmt + k, "%s%c", length, convs[below(strlen(convs))]);
}

static int checked, differ;

static void compare(const char *fmt, const char *want, int wn, const char *got, int gn) {
  checked++;
  if (wn == gn && strcmp(want, got) == 0)
    return;
  if (differ++ < 20)
    printf("  %-10s glibc [%s] %d, ours [%s] %d\n", fmt, want, wn, got, gn);
}

#define BOTH(fmt, ...)                                                                             \
  do {                                                                                             \
    char a_[512], b_[512];                                                                         \
    int an_ = snprintf(a_, sizeof(a_), fmt, __VA_ARGS__);                                          \
    int bn_ = my_snprintf(b_, sizeof(b_), fmt, __VA_ARGS__);                                       \
    compare(fmt, a_, an_, b_, bn_);                                                                \
  } while (0)

static double random_double(void) {
  double v;
  switch (below(5)) {
  case 0: v = (double)below(100000) / 100; break;          // times and sizes, as OSTEP prints
  case 1: v = (double)(next() >> below(64)) / 4096; break; // any magnitude up to 4e15
  case 2: v = (double)below(1 << 30) / (1 << 30) / (1 << below(40)); break;
  case 3: v = below(20000) / 8.0; break; // exact halves, quarters, eighths: round half to even
  default: v = (double)below(1000) * 1e15; break;
  }
  return below(2) ? -v : v;
}

static int report(const char *name) {
  printf("test %s: %s (%d of %d differ)\n", name, differ ? "FAILED" : "OK", differ, checked);
  int ok = differ == 0;
  checked = differ = 0;
  return ok;
}

int main(void) {
  int passed = 0, failed = 0;
  char fmt[64];

  for (int i = 0; i < 100000; i++) {
    int size = below(3);
    unsigned long long v = next() >> below(64);
    format(fmt, "diuxXo", 20, (const char *[]){"", "l", "ll"}[size]);
    if (size == 0)
      BOTH(fmt, (int)v);
    else
      BOTH(fmt, (long long)v);
  }
  report("integers") ? passed++ : failed++;

  for (int i = 0; i < 100000; i++) {
    double v = random_double();
    format(fmt, "fFeEgG", 17, "");
    if (strchr(fmt, '#') && strpbrk(fmt, "gG"))
      continue;
    BOTH(fmt, v);
  }
  report("doubles") ? passed++ : failed++;

  for (int i = 0; i < 20000; i++) {
    format(fmt, "sc", 12, "");
    if (strchr(fmt, '0') || strchr(fmt, '+') || strchr(fmt, ' ') || strchr(fmt, '#'))
      continue; // undefined for %s and %c
    if (fmt[strlen(fmt) - 1] == 's')
      BOTH(fmt, "hello, world");
    else
      BOTH(fmt, 'Z');
  }
  BOTH("%p %p %%", (void *)0x1234, (void *)0);
  report("strings") ? passed++ : failed++;

  for (int i = 0; i < 20000; i++) { // truncation: the same prefix and the same count
    char a[64], b[64];
    size_t n = below(20);
    memset(a, '#', sizeof(a));
    memset(b, '#', sizeof(b));
    int an = snprintf(a, n, "%d:%s:%.3f", i, "abcdefgh", i / 7.0);
    int bn = my_snprintf(b, n, "%d:%s:%.3f", i, "abcdefgh", i / 7.0);
    a[sizeof(a) - 1] = b[sizeof(b) - 1] = '\0'; // n == 0 writes nothing, not even a '\0'
    compare("truncated", a, an, b, bn);
  }
  report("truncation") ? passed++ : failed++;

  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
