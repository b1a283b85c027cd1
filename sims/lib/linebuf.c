#include "linebuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pyfmt.h"

void lb_init(linebuf *b) {
  b->cap = 256;
  b->len = 0;
  b->text = malloc(b->cap);
  if (!b->text)
    abort();
}

void lb_free(linebuf *b) {
  free(b->text);
  b->text = NULL;
  b->len = b->cap = 0;
}

void lb_clear(linebuf *b) {
  b->len = 0;
}

static char *room(linebuf *b, size_t n) {
  if (b->len + n + 1 > b->cap) {
    while (b->len + n + 1 > b->cap)
      b->cap *= 2;
    b->text = realloc(b->text, b->cap);
    if (!b->text)
      abort();
  }
  return b->text + b->len;
}

static void append(linebuf *b, const char *s, size_t n) {
  memcpy(room(b, n), s, n);
  b->len += n;
}

void lb_str(linebuf *b, const char *s) {
  append(b, s, strlen(s));
}

void lb_char(linebuf *b, char c) {
  *room(b, 1) = c;
  b->len++;
}

static void pad(linebuf *b, size_t used, int width) {
  for (int i = (int)used; i < width; i++)
    lb_char(b, ' ');
}

/* Digits of v (with '-') right-aligned in width. */
static void put_int(linebuf *b, long long v, const char *suffix, int width) {
  char digits[32];
  char *p = digits + sizeof digits;
  unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    *--p = (char)('0' + mag % 10);
    mag /= 10;
  } while (mag);
  if (v < 0)
    *--p = '-';
  size_t n = (size_t)(digits + sizeof digits - p), slen = strlen(suffix);
  pad(b, n + slen, width);
  append(b, p, n);
  append(b, suffix, slen);
}

void lb_int(linebuf *b, long long v, int width) {
  put_int(b, v, "", width);
}

void lb_f2(linebuf *b, double x, int width) {
  /* whole numbers are the common case and need no rounding */
  if (x == floor(x) && fabs(x) < 1e15 && !(x == 0 && signbit(x))) {
    put_int(b, (long long)x, ".00", width);
    return;
  }
  int n = snprintf(NULL, 0, "%*.2f", width, x);
  snprintf(room(b, (size_t)n), (size_t)n + 1, "%*.2f", width, x);
  b->len += (size_t)n;
}

void lb_pct_d(linebuf *b, double x, int width) {
  if (fabs(x) < 9e18) {
    put_int(b, (long long)x, "", width);
    return;
  }
  char buf[48];
  const char *s = pyfmt_pct_d(x, buf);
  if (!s)
    s = "?";
  pad(b, strlen(s), width);
  lb_str(b, s);
}

void lb_float(linebuf *b, double x) {
  char buf[32];
  lb_str(b, pyfmt_float(x, buf));
}

void lb_flush(linebuf *b, FILE *out) {
  fwrite(b->text, 1, b->len, out);
  b->len = 0;
}
