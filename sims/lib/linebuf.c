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
  size_t slen = strlen(suffix);
  char digits[24];
  size_t n = pyfmt_int(v, digits);
  pad(b, n + slen, width);
  append(b, digits, n);
  append(b, suffix, slen);
}

void lb_int(linebuf *b, long long v, int width) {
  if (width <= 0) /* the common case: the digits go straight in */
    b->len += pyfmt_int(v, room(b, 24));
  else
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

/* Length of the UTF-8 sequence at p and its code point, or 0 if it is not
 * valid UTF-8 (overlong, a surrogate, beyond U+10FFFF, cut short). */
static size_t utf8_length(const unsigned char *p, unsigned *code) {
  size_t n;
  unsigned c = p[0], min;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2, c &= 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, c &= 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, c &= 0x07, min = 0x10000;
  else
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (p[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *code = c;
  return n;
}

void lb_repr(linebuf *b, const char *s) {
  char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
  char esc[16];
  lb_char(b, quote);
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    unsigned c = *p, code;
    size_t n = c < 0x80 ? 1 : utf8_length(p, &code);
    if (c == (unsigned char)quote || c == '\\') {
      lb_char(b, '\\');
      lb_char(b, (char)c);
    } else if (c == '\n' || c == '\r' || c == '\t') {
      lb_str(b, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
    } else if (c < 0x20 || c == 0x7f) {
      snprintf(esc, sizeof esc, "\\x%02x", c);
      lb_str(b, esc);
    } else if (c < 0x80) {
      lb_char(b, (char)c);
    } else if (n == 0) {
      /* an undecodable byte: surrogateescape keeps it as a lone surrogate */
      snprintf(esc, sizeof esc, "\\udc%02x", c);
      lb_str(b, esc);
      n = 1;
    } else if (code <= 0xa0 || code == 0xad) {
      /* C1 controls, no-break space and soft hyphen are not printable */
      snprintf(esc, sizeof esc, "\\x%02x", code);
      lb_str(b, esc);
    } else {
      append(b, (const char *)p, n);
    }
    p += n;
  }
  lb_char(b, quote);
}

const char *lb_text(linebuf *b) {
  *room(b, 0) = '\0';
  return b->text;
}

void lb_flush(linebuf *b, FILE *out) {
  fwrite(b->text, 1, b->len, out);
  b->len = 0;
}
