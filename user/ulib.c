// The small C library every user program links with.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/vm.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "user/user.h"

// Program entry: exec passes argc in a0 and argv in a1. Returning from main
// is the same as exit(0), as in xv6 (main's return value is not used because
// a freestanding main that falls off its end returns garbage). A POSIX program's atexit
// functions run then too; the hook is linked only into programs that call atexit.
__attribute__((section(".text.start"))) void _start(int argc, char **argv) {
  extern int main(int, char **);
  extern void __posix_atexit_run(void) __attribute__((weak));
  asm volatile(".cfi_undefined ra"); // the outermost frame: a debugger's backtrace ends here
  main(argc, argv);
  if (__posix_atexit_run)
    __posix_atexit_run();
  exit(0);
}

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

int strcmp(const char *p, const char *q) {
  while (*p && *p == *q) {
    p++;
    q++;
  }
  return (uchar)*p - (uchar)*q;
}

uint strlen(const char *s) {
  uint n = 0;
  while (s[n])
    n++;
  return n;
}

void *memset(void *dst, int c, uint n) {
  uchar *d = dst;
  while (n-- > 0)
    *d++ = c;
  return dst;
}

char *strchr(const char *s, char c) {
  for (; *s; s++)
    if (*s == c)
      return (char *)s;
  return 0;
}

// Reads a line (up to max-1 bytes, newline kept) from fd 0.
char *gets(char *buf, int max) {
  int i = 0;
  while (i + 1 < max) {
    char c;
    if (read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  buf[i] = '\0';
  return buf;
}

int stat(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}

int atoi(const char *s) {
  int n = 0;
  while (*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return n;
}

void *memmove(void *dst, const void *src, int n) {
  char *d = dst;
  const char *s = src;
  if (d == s || n <= 0)
    return dst;
  if (d < s) {
    while (n-- > 0)
      *d++ = *s++;
  } else { // overlapping with dst above src: copy from the end
    d += n;
    s += n;
    while (n-- > 0)
      *--d = *--s;
  }
  return dst;
}

int memcmp(const void *a, const void *b, uint n) {
  const uchar *p = a, *q = b;
  for (; n > 0; n--, p++, q++)
    if (*p != *q)
      return *p - *q;
  return 0;
}

void *memcpy(void *dst, const void *src, uint n) {
  return memmove(dst, src, n);
}

char *sbrk(int n) {
  return sys_sbrk(n, SBRK_EAGER);
}

char *sbrklazy(int n) {
  return sys_sbrk(n, SBRK_LAZY);
}

// The kernel keeps the process's id in the page it shares at USYSCALL (the pgtbl lab).
int ugetpid(void) {
  return ((struct usyscall *)USYSCALL)->pid;
}
