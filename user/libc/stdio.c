// stdio for POSIX programs: the printf engine (with %f, %e and %g), and FILEs that are file
// descriptors with no buffer of their own, so output reaches the kernel in call order.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "user/libc/libc.h"

static FILE files[3] = {{0, 0, 0, -1}, {1, 0, 0, -1}, {2, 0, 0, -1}};
FILE *stdin = &files[0];
FILE *stdout = &files[1];
FILE *stderr = &files[2];

// Where formatted output goes: a string (buf), or fd through a small buffer that is written
// out when full and at the end of the call.
struct sink {
  int fd;
  char *buf;
  size_t size;
  size_t len; // bytes produced so far, stored or not
  int used;   // bytes in data
  char data[256];
};

static void put(struct sink *s, char c) {
  if (s->buf) {
    if (s->len + 1 < s->size)
      s->buf[s->len] = c;
  } else {
    if (s->used == sizeof(s->data)) {
      write(s->fd, s->data, s->used);
      s->used = 0;
    }
    s->data[s->used++] = c;
  }
  s->len++;
}

static void put_n(struct sink *s, char c, int n) {
  for (; n > 0; n--)
    put(s, c);
}

struct spec {
  int left, plus, space, alt, zero;
  int width;
  int prec; // -1: none given
};

// Writes prefix (sign, 0x), zeros, then body, padded to the width as the flags say.
static void field(struct sink *s, const struct spec *sp, const char *prefix, int zeros,
                  const char *body, int len) {
  int plen = strlen(prefix);
  int pad = sp->width - plen - zeros - len;
  if (pad < 0)
    pad = 0;
  if (!sp->left && !sp->zero)
    put_n(s, ' ', pad);
  for (int i = 0; i < plen; i++)
    put(s, prefix[i]);
  if (!sp->left && sp->zero)
    put_n(s, '0', pad);
  put_n(s, '0', zeros);
  for (int i = 0; i < len; i++)
    put(s, body[i]);
  if (sp->left)
    put_n(s, ' ', pad);
}

static void integer(struct sink *s, struct spec sp, unsigned long long v, int negative, int base,
                    int upper, char conv) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[32];
  int n = sizeof(tmp), len;
  if (!(v == 0 && sp.prec == 0))
    do {
      tmp[--n] = digits[v % base];
      v /= base;
    } while (v);
  len = sizeof(tmp) - n;
  int zeros = sp.prec > len ? sp.prec - len : 0;
  if (sp.prec >= 0)
    sp.zero = 0; // a precision overrides the '0' flag
  const char *prefix = negative ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  if (conv == 'p' || (sp.alt && base == 16 && len > 0 && tmp[n] != '0'))
    prefix = upper ? "0X" : "0x";
  if (sp.alt && base == 8 && zeros == 0 && (len == 0 || tmp[n] != '0'))
    zeros = 1;
  field(s, &sp, prefix, zeros, tmp + n, len);
}

// Decimal digits of a double are computed in binary128 (_Float128, in software): v * 10^k is
// then exact for up to 25 digits after the point, so the rounding (half to even) is glibc's.
typedef _Float128 wide;
typedef unsigned __int128 u128;

static wide wide_pow10(int k) {
  wide p = 1;
  for (; k > 0; k--)
    p *= 10;
  return p;
}

static u128 int_pow10(int k) {
  u128 p = 1;
  for (; k > 0; k--)
    p *= 10;
  return p;
}

// Sets *n to v * 10^k rounded to an integer, half to even; 0 if that has more than 34 digits.
static int scaled(double v, int k, u128 *n) {
  wide x = k >= 0 ? (wide)v * wide_pow10(k) : (wide)v / wide_pow10(-k);
  if (x >= wide_pow10(34))
    return 0;
  u128 i = (u128)x;
  wide rest = x - (wide)i;
  if (rest > (wide)0.5 || (rest == (wide)0.5 && (i & 1)))
    i++;
  *n = i;
  return 1;
}

// The decimal digits of n, at least min of them; returns how many.
static int digits(char *out, u128 n, int min) {
  char tmp[40];
  int t = sizeof(tmp);
  do {
    tmp[--t] = '0' + (int)(n % 10);
    n /= 10;
  } while (n != 0 || (int)sizeof(tmp) - t < min);
  memcpy(out, tmp + t, sizeof(tmp) - t);
  return sizeof(tmp) - t;
}

// Puts a decimal point before the last prec of the len characters in out, if want.
static int point(char *out, int len, int prec, int want) {
  if (!want)
    return len;
  memmove(out + len - prec + 1, out + len - prec, prec);
  out[len - prec] = '.';
  return len + 1;
}

// The decimal exponent of v > 0, give or take one: 10^e <= v < 10^(e+1).
static int exponent(double v) {
  int e = 0;
  while (v >= 10) {
    v /= 10;
    e++;
  }
  while (v < 1) {
    v *= 10;
    e--;
  }
  return e;
}

#define MAXPREC 30 // digits after the point that are computed; any more are zeros

// v >= 0 with prec digits after the point; returns the length. Only the first 34 significant
// digits are computed (a double has 17 that mean anything): the rest are zeros.
static int fixed(char *out, double v, int prec, int alt) {
  u128 d;
  int p = prec > MAXPREC ? MAXPREC : prec; // digits after the point computed
  if (v != 0 && 33 - exponent(v) < p)
    p = 33 - exponent(v);
  while (!scaled(v, p, &d))
    p--;
  int n = digits(out, d, p > 0 ? p + 1 : 1);
  for (int i = p; i < 0; i++) // integer digits past the 34th
    out[n++] = '0';
  if (p < 0)
    p = 0;
  n = point(out, n, p, alt || prec > 0);
  for (int i = p; i < prec; i++)
    out[n++] = '0';
  return n;
}

// d.ddde+XX with prec digits after the point; *exp gets the exponent printed.
static int expo(char *out, double v, int prec, int alt, int upper, int *exp) {
  int p = prec > 33 ? 33 : prec, e = 0;
  u128 d = 0;
  if (v != 0) {
    e = exponent(v);
    for (;;) { // make 10^e <= v < 10^(e+1) hold exactly, not just in doubles
      wide m = e >= 0 ? (wide)v / wide_pow10(e) : (wide)v * wide_pow10(-e);
      if (m < 1)
        e--;
      else if (m >= 10)
        e++;
      else
        break;
    }
    scaled(v, p - e, &d);
    if (d == int_pow10(p + 1)) { // 9.99... rounded up to 10.0
      e++;
      d = int_pow10(p);
    }
  }
  int n = point(out, digits(out, d, p + 1), p, alt || prec > 0);
  for (int i = p; i < prec; i++)
    out[n++] = '0';
  *exp = e;
  out[n++] = upper ? 'E' : 'e';
  out[n++] = e < 0 ? '-' : '+';
  if (e < 0)
    e = -e;
  if (e >= 100)
    out[n++] = '0' + e / 100;
  out[n++] = '0' + e / 10 % 10;
  out[n++] = '0' + e % 10;
  return n;
}

static void floating(struct sink *s, struct spec sp, double v, char conv) {
  char tmp[400];
  int n, upper = conv == 'F' || conv == 'E' || conv == 'G';
  int negative = v < 0 || (v == 0 && 1 / v < 0);
  const char *prefix = negative ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  if (negative)
    v = -v;
  if (v != v || v > 1.7976931348623157e308) { // NaN or infinity: no zero padding
    sp.zero = 0;
    field(s, &sp, prefix, 0, v != v ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
    return;
  }
  int prec = sp.prec < 0 ? 6 : sp.prec;
  if (prec > 300)
    prec = 300;
  if (conv == 'f' || conv == 'F') {
    if (v >= 1e18 && prec > 60)
      prec = 60; // the integer digits may take up to 309 characters
    n = fixed(tmp, v, prec, sp.alt);
  } else if (conv == 'e' || conv == 'E') {
    int e;
    n = expo(tmp, v, prec, sp.alt, upper, &e);
  } else { // %g: %e or %f, whichever the exponent calls for, without trailing zeros
    if (prec == 0)
      prec = 1;
    int e; // the exponent %e would print at this precision
    n = expo(tmp, v, prec - 1, 0, 0, &e);
    if (e >= -4 && e < prec)
      n = fixed(tmp, v, prec - 1 - e, sp.alt);
    else
      n = expo(tmp, v, prec - 1, sp.alt, upper, &e);
    if (!sp.alt) {
      int end = n, mark = n; // where the mantissa ends (before any 'e')
      for (int i = 0; i < n; i++)
        if (tmp[i] == 'e' || tmp[i] == 'E')
          mark = i;
      int stop = mark;
      if (memchr(tmp, '.', mark)) {
        while (stop > 0 && tmp[stop - 1] == '0')
          stop--;
        if (stop > 0 && tmp[stop - 1] == '.')
          stop--;
      }
      memmove(tmp + stop, tmp + mark, end - mark);
      n = stop + (end - mark);
    }
  }
  field(s, &sp, prefix, 0, tmp, n);
}

int __format(int fd, char *buf, size_t size, const char *fmt, va_list ap) {
  struct sink s;
  s.fd = fd;
  s.buf = buf;
  s.size = size;
  s.len = 0;
  s.used = 0;
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(&s, *fmt);
      continue;
    }
    const char *start = fmt++;
    struct spec sp = {0, 0, 0, 0, 0, 0, -1};
    for (;; fmt++) {
      if (*fmt == '-')
        sp.left = 1;
      else if (*fmt == '+')
        sp.plus = 1;
      else if (*fmt == ' ')
        sp.space = 1;
      else if (*fmt == '#')
        sp.alt = 1;
      else if (*fmt == '0')
        sp.zero = 1;
      else
        break;
    }
    if (*fmt == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) {
        sp.left = 1;
        sp.width = -sp.width;
      }
      fmt++;
    }
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
      sp.width = sp.width * 10 + (*fmt - '0');
    if (*fmt == '.') {
      fmt++;
      sp.prec = 0;
      if (*fmt == '*') {
        sp.prec = va_arg(ap, int);
        if (sp.prec < 0)
          sp.prec = -1;
        fmt++;
      }
      for (; *fmt >= '0' && *fmt <= '9'; fmt++)
        sp.prec = sp.prec * 10 + (*fmt - '0');
    }
    if (sp.left)
      sp.zero = 0;
    int size_mod = 0; // -2 hh, -1 h, 0 int, 1 long, 2 long long (and size_t, intmax_t, ...)
    for (;; fmt++) {
      if (*fmt == 'h')
        size_mod--;
      else if (*fmt == 'l')
        size_mod++;
      else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't' || *fmt == 'L' || *fmt == 'q')
        size_mod = 2;
      else
        break;
    }
    char c = *fmt;
    switch (c) {
    case 'd':
    case 'i': {
      long long v = size_mod >= 1 ? va_arg(ap, long long) : va_arg(ap, int);
      if (size_mod == -1)
        v = (short)v;
      else if (size_mod <= -2)
        v = (signed char)v;
      integer(&s, sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0, 10, 0, c);
      break;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      unsigned long long v = size_mod >= 1 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
      if (size_mod == -1)
        v = (unsigned short)v;
      else if (size_mod <= -2)
        v = (unsigned char)v;
      sp.plus = sp.space = 0;
      integer(&s, sp, v, 0, c == 'u' ? 10 : c == 'o' ? 8 : 16, c == 'X', c);
      break;
    }
    case 'p': {
      void *p = va_arg(ap, void *);
      if (p == NULL) {
        sp.zero = 0;
        field(&s, &sp, "", 0, "(nil)", 5);
      } else {
        integer(&s, sp, (unsigned long long)(unsigned long)p, 0, 16, 0, c);
      }
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': floating(&s, sp, va_arg(ap, double), c); break;
    case 's': {
      const char *str = va_arg(ap, const char *);
      if (str == NULL)
        str = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
      int len = sp.prec < 0 ? (int)strlen(str) : (int)strnlen(str, sp.prec);
      sp.zero = 0;
      field(&s, &sp, "", 0, str, len);
      break;
    }
    case 'c': {
      char ch = va_arg(ap, int);
      sp.zero = 0;
      field(&s, &sp, "", 0, &ch, 1);
      break;
    }
    case 'n': {
      int *np = va_arg(ap, int *);
      *np = s.len;
      break;
    }
    case '%': put(&s, '%'); break;
    case '\0':
      fmt--; // a lone '%' at the end: print it
    // fall through
    default: // an unknown conversion is printed as written
      for (const char *p = start; p <= fmt; p++)
        put(&s, *p);
      break;
    }
  }
  if (buf && size > 0)
    buf[s.len < size ? s.len : size - 1] = '\0';
  if (!buf && s.used > 0)
    write(fd, s.data, s.used);
  return s.len;
}

int vdprintf(int fd, const char *fmt, va_list ap) {
  return __format(fd, NULL, 0, fmt, ap);
}
int vfprintf(FILE *f, const char *fmt, va_list ap) {
  return __format(f->fd, NULL, 0, fmt, ap);
}
int vprintf(const char *fmt, va_list ap) {
  return __format(1, NULL, 0, fmt, ap);
}
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap) {
  static char dummy; // snprintf(NULL, 0, ...) measures
  return __format(-1, buf ? buf : &dummy, buf ? n : 0, fmt, ap);
}
int vsprintf(char *buf, const char *fmt, va_list ap) {
  return __format(-1, buf, (size_t)-1 >> 1, fmt, ap);
}

#define VA(call)                                                                                   \
  va_list ap;                                                                                      \
  va_start(ap, fmt);                                                                               \
  int r = call;                                                                                    \
  va_end(ap);                                                                                      \
  return r

int printf(const char *fmt, ...) {
  VA(vprintf(fmt, ap));
}
int fprintf(FILE *f, const char *fmt, ...) {
  VA(vfprintf(f, fmt, ap));
}
int dprintf(int fd, const char *fmt, ...) {
  VA(vdprintf(fd, fmt, ap));
}
int sprintf(char *buf, const char *fmt, ...) {
  VA(vsprintf(buf, fmt, ap));
}
int snprintf(char *buf, size_t n, const char *fmt, ...) {
  VA(vsnprintf(buf, n, fmt, ap));
}

static int out(FILE *f, const void *p, size_t n) {
  if (n == 0)
    return 0;
  if (write(f->fd, p, n) != (ssize_t)n) {
    f->error = 1;
    errno = EIO;
    return EOF;
  }
  return 0;
}

int fputc(int c, FILE *f) {
  unsigned char ch = c;
  return out(f, &ch, 1) == EOF ? EOF : ch;
}
int putc(int c, FILE *f) {
  return fputc(c, f);
}
int putchar(int c) {
  return fputc(c, stdout);
}
int fputs(const char *str, FILE *f) {
  return out(f, str, strlen(str)) == EOF ? EOF : 1;
}

// One write for the line and its newline, so that lines from several threads stay whole.
int puts(const char *str) {
  size_t n = strlen(str);
  char line[256];
  if (n < sizeof(line)) {
    memcpy(line, str, n);
    line[n] = '\n';
    return out(stdout, line, n + 1) == EOF ? EOF : 1;
  }
  if (out(stdout, str, n) == EOF || out(stdout, "\n", 1) == EOF)
    return EOF;
  return 1;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f) {
  if (size == 0 || n == 0)
    return 0;
  return out(f, p, size * n) == EOF ? 0 : n;
}

int fflush(FILE *f) {
  (void)f; // nothing is buffered
  return 0;
}

void perror(const char *msg) {
  if (msg && *msg)
    fprintf(stderr, "%s: %s\n", msg, strerror(errno));
  else
    fprintf(stderr, "%s\n", strerror(errno));
}

int fgetc(FILE *f) {
  unsigned char c;
  if (f->unget >= 0) {
    c = f->unget;
    f->unget = -1;
    return c;
  }
  int n = read(f->fd, &c, 1);
  if (n == 1)
    return c;
  if (n == 0)
    f->eof = 1;
  else
    f->error = 1;
  return EOF;
}
int getc(FILE *f) {
  return fgetc(f);
}
int getchar(void) {
  return fgetc(stdin);
}

int ungetc(int c, FILE *f) {
  if (c == EOF || f->unget >= 0)
    return EOF;
  f->unget = (unsigned char)c;
  f->eof = 0;
  return (unsigned char)c;
}

// Reads byte by byte: there is no buffer to hold what would follow the line.
char *fgets(char *buf, int size, FILE *f) {
  int i = 0;
  while (i + 1 < size) {
    int c = fgetc(f);
    if (c == EOF)
      break;
    buf[i++] = c;
    if (c == '\n')
      break;
  }
  if (i == 0 || size <= 0)
    return NULL;
  buf[i] = '\0';
  return buf;
}

size_t fread(void *p, size_t size, size_t n, FILE *f) {
  size_t want = size * n, got = 0;
  if (want == 0)
    return 0;
  if (f->unget >= 0) {
    ((char *)p)[got++] = f->unget;
    f->unget = -1;
  }
  while (got < want) {
    ssize_t r = read(f->fd, (char *)p + got, want - got);
    if (r <= 0) {
      if (r == 0)
        f->eof = 1;
      else
        f->error = 1;
      break;
    }
    got += r;
  }
  return got / size;
}

int feof(FILE *f) {
  return f->eof;
}
int ferror(FILE *f) {
  return f->error;
}
void clearerr(FILE *f) {
  f->eof = f->error = 0;
}
int fileno(FILE *f) {
  return f->fd;
}
