// Memory and string helpers for the kernel (there is no C library here).
// Also compiled for host tests, so it uses nothing but its own code.

#include "kernel/lib/string.h"

void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  for (uint i = 0; i < n; i++)
    d[i] = (uchar)c;
  return dst;
}

int memcmp(const void *v1, const void *v2, uint n) {
  const uchar *a = v1, *b = v2;
  for (uint i = 0; i < n; i++) {
    if (a[i] != b[i])
      return a[i] - b[i];
  }
  return 0;
}

// Copies correctly even when the regions overlap.
void *memmove(void *dst, const void *src, uint n) {
  const uchar *s = src;
  uchar *d = dst;
  if (n == 0)
    return dst;
  if (s < d && s + n > d) {
    while (n-- > 0)
      d[n] = s[n];
  } else {
    for (uint i = 0; i < n; i++)
      d[i] = s[i];
  }
  return dst;
}

// The compiler may emit calls to memcpy for structure copies.
void *memcpy(void *dst, const void *src, uint n) {
  return memmove(dst, src, n);
}

int strncmp(const char *p, const char *q, uint n) {
  for (; n > 0; n--, p++, q++) {
    if (*p != *q)
      return (uchar)*p - (uchar)*q;
    if (*p == 0)
      return 0;
  }
  return 0;
}

// Copies at most n bytes; like the C library's, it does not terminate a string that fills all n.
char *strncpy(char *s, const char *t, int n) {
  int i = 0;
  for (; i < n && t[i]; i++)
    s[i] = t[i];
  for (; i < n; i++)
    s[i] = 0;
  return s;
}

// Like strncpy, but the result is always NUL-terminated.
char *safestrcpy(char *s, const char *t, int n) {
  if (n <= 0)
    return s;
  int i = 0;
  for (; i < n - 1 && t[i]; i++)
    s[i] = t[i];
  s[i] = 0;
  return s;
}

int strlen(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}
