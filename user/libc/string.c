// The string functions ulib.c lacks, for POSIX programs.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n])
    n++;
  return n;
}

char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++)
    dst[i] = src[i];
  for (; i < n; i++) // the rest is zeros, as the standard says
    dst[i] = '\0';
  return dst;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  char *d = dst + strlen(dst);
  size_t i = 0;
  for (; i < n && src[i]; i++)
    d[i] = src[i];
  d[i] = '\0';
  return dst;
}

int strncmp(const char *p, const char *q, size_t n) {
  for (; n > 0; n--, p++, q++) {
    if (*p != *q)
      return (unsigned char)*p - (unsigned char)*q;
    if (*p == '\0')
      return 0;
  }
  return 0;
}

static int lower(int c) {
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int strncasecmp(const char *p, const char *q, size_t n) {
  for (; n > 0; n--, p++, q++) {
    int a = lower((unsigned char)*p), b = lower((unsigned char)*q);
    if (a != b)
      return a - b;
    if (a == '\0')
      return 0;
  }
  return 0;
}

int strcasecmp(const char *p, const char *q) {
  return strncasecmp(p, q, (size_t)-1);
}

// Finds c, the terminating '\0' included (xv6's strchr stops before it).
char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c)
      return (char *)s;
    if (*s == '\0')
      return NULL;
  }
}

char *strrchr(const char *s, int c) {
  const char *found = NULL;
  for (;; s++) {
    if (*s == (char)c)
      found = s;
    if (*s == '\0')
      return (char *)found;
  }
}

char *strstr(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (strncmp(hay, needle, n) == 0)
      return (char *)hay;
  return n == 0 ? (char *)hay : NULL;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n]))
    n++;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n]))
    n++;
  return n;
}

char *strpbrk(const char *s, const char *accept) {
  s += strcspn(s, accept);
  return *s ? (char *)s : NULL;
}

char *strdup(const char *s) {
  return strndup(s, (size_t)-1);
}

char *strndup(const char *s, size_t max) {
  size_t n = strnlen(s, max);
  char *d = malloc(n + 1);
  if (d == NULL)
    return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *strtok_r(char *s, const char *delim, char **save) {
  if (s == NULL)
    s = *save;
  if (s == NULL)
    return NULL;
  s += strspn(s, delim);
  if (*s == '\0') {
    *save = s;
    return NULL;
  }
  char *end = s + strcspn(s, delim);
  if (*end) {
    *end = '\0';
    *save = end + 1;
  } else {
    *save = end;
  }
  return s;
}

char *strtok(char *s, const char *delim) {
  static char *save;
  return strtok_r(s, delim, &save);
}

void *memchr(const void *p, int c, size_t n) {
  const unsigned char *s = p;
  for (; n > 0; n--, s++)
    if (*s == (unsigned char)c)
      return (void *)s;
  return NULL;
}

char *strerror(int e) {
  static char unknown[32];
  switch (e) {
  case 0: return "Success";
  case EPERM: return "Operation not permitted";
  case ENOENT: return "No such file or directory";
  case ESRCH: return "No such process";
  case EINTR: return "Interrupted system call";
  case EIO: return "Input/output error";
  case E2BIG: return "Argument list too long";
  case ENOEXEC: return "Exec format error";
  case EBADF: return "Bad file descriptor";
  case ECHILD: return "No child processes";
  case EAGAIN: return "Resource temporarily unavailable";
  case ENOMEM: return "Cannot allocate memory";
  case EACCES: return "Permission denied";
  case EFAULT: return "Bad address";
  case EBUSY: return "Device or resource busy";
  case EEXIST: return "File exists";
  case ENOTDIR: return "Not a directory";
  case EISDIR: return "Is a directory";
  case EINVAL: return "Invalid argument";
  case EMFILE: return "Too many open files";
  case ENOSPC: return "No space left on device";
  case EPIPE: return "Broken pipe";
  case EDOM: return "Numerical argument out of domain";
  case ERANGE: return "Numerical result out of range";
  case EDEADLK: return "Resource deadlock avoided";
  case ENOSYS: return "Function not implemented";
  case ETIMEDOUT: return "Connection timed out";
  }
  snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
  return unknown;
}
