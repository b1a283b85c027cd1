// printf and fprintf: %d %i %u %x %p %s %c %% with l/ll length modifiers, and
// an optional '-' or '0' flag with a field width. Output is collected in a
// buffer and written in few system calls, so lines from concurrent processes
// rarely interleave.
#include <stdarg.h>

#include "kernel/types.h"
#include "user/user.h"

struct outbuf {
  int fd;
  int len;
  char data[128];
};

static void flush(struct outbuf *out) {
  if (out->len > 0)
    write(out->fd, out->data, out->len);
  out->len = 0;
}

static void put(struct outbuf *out, char c) {
  if (out->len == sizeof(out->data))
    flush(out);
  out->data[out->len++] = c;
}

static void put_padded(struct outbuf *out, const char *s, int len, int width, int left, char pad) {
  if (!left)
    for (int i = len; i < width; i++)
      put(out, pad);
  for (int i = 0; i < len; i++)
    put(out, s[i]);
  if (left)
    for (int i = len; i < width; i++)
      put(out, ' ');
}

static void put_number(struct outbuf *out, uint64 value, int base, int negative, int width,
                       int left, char pad) {
  static const char digits[] = "0123456789abcdef";
  char tmp[24];
  int n = sizeof(tmp);
  do {
    tmp[--n] = digits[value % base];
    value /= base;
  } while (value != 0);
  if (negative) {
    if (pad == '0') { // sign goes before the zeros
      put(out, '-');
      width--;
    } else {
      tmp[--n] = '-';
    }
  }
  put_padded(out, tmp + n, sizeof(tmp) - n, width, left, pad);
}

static void format_to(int fd, const char *fmt, va_list ap) {
  struct outbuf out = {fd, 0, {0}};
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(&out, *fmt);
      continue;
    }
    fmt++;
    int left = 0, width = 0, longs = 0;
    char pad = ' ';
    for (; *fmt == '-' || *fmt == '0'; fmt++) {
      if (*fmt == '-')
        left = 1;
      else
        pad = '0';
    }
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
      width = width * 10 + (*fmt - '0');
    for (; *fmt == 'l'; fmt++)
      longs++;
    if (left)
      pad = ' ';
    if (longs && !strchr("diux", *fmt)) {
      // xv6's own "%l": a uint64 in decimal, with no conversion letter after it.
      put_number(&out, va_arg(ap, uint64), 10, 0, width, left, pad);
      fmt--;
      continue;
    }

    switch (*fmt) {
    case 'd':
    case 'i': {
      long v = longs ? va_arg(ap, long) : va_arg(ap, int);
      put_number(&out, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, width, left, pad);
      break;
    }
    case 'u':
      put_number(&out, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, width, left, pad);
      break;
    case 'x':
      put_number(&out, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, width, left, pad);
      break;
    case 'p':
      put(&out, '0');
      put(&out, 'x');
      put_number(&out, (uint64)va_arg(ap, void *), 16, 0, 16, 0, '0');
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == 0)
        s = "(null)";
      put_padded(&out, s, strlen(s), width, left, ' ');
      break;
    }
    case 'c': {
      char c = va_arg(ap, int);
      put_padded(&out, &c, 1, width, left, ' ');
      break;
    }
    case '%': put(&out, '%'); break;
    case '\0': // a lone '%' at the end
      fmt--;
      break;
    default: // unknown conversion: print it as written
      put(&out, '%');
      put(&out, *fmt);
      break;
    }
  }
  flush(&out);
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format_to(fd, fmt, ap);
  va_end(ap);
}

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format_to(1, fmt, ap);
  va_end(ap);
}
