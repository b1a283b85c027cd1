// Memory and string helpers for the kernel (there is no C library here).
// Also compiled for host tests, so it uses nothing but its own code.

#include "kernel/lib/string.h"

// Whole words where the pointers allow it: a page is 512 stores, not 4,096. Under QEMU a
// byte loop costs more than the instructions say when it straddles a code page (its jumps
// back cannot be chained), so the kernel's speed would depend on where the linker put it.
typedef uint64 __attribute__((may_alias)) word;

void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  if (((uint64)d & 7) == 0) {
    word w = (uchar)c * 0x0101010101010101ULL;
    for (; n >= 8; n -= 8, d += 8)
      *(word *)d = w;
  }
  for (; n > 0; n--)
    *d++ = (uchar)c;
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

// Copies correctly even when the regions overlap. With both pointers aligned, their distance
// is a multiple of 8, so copying whole words in the right direction is safe too.
void *memmove(void *dst, const void *src, uint n) {
  const uchar *s = src;
  uchar *d = dst;
  int words = (((uint64)s | (uint64)d) & 7) == 0;
  if (s < d && s + n > d) { // backwards, from the end
    if (words) {
      for (; n % 8 != 0; n--)
        d[n - 1] = s[n - 1];
      for (; n > 0; n -= 8)
        *(word *)(d + n - 8) = *(const word *)(s + n - 8);
    }
    for (; n > 0; n--)
      d[n - 1] = s[n - 1];
  } else {
    if (words) {
      for (; n >= 8; n -= 8, d += 8, s += 8)
        *(word *)d = *(const word *)s;
    }
    for (; n > 0; n--)
      *d++ = *s++;
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
