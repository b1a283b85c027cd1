/* Fast line assembly for simulators that print millions of lines: printf
 * parses its format on every call, these append directly. Numbers come out
 * exactly as the named printf / Python format would print them. */
#ifndef SIMS_LINEBUF_H
#define SIMS_LINEBUF_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
  char *text;
  size_t len, cap;
} linebuf;

void lb_init(linebuf *b);
void lb_free(linebuf *b);
void lb_clear(linebuf *b);
void lb_str(linebuf *b, const char *s);
void lb_char(linebuf *b, char c);
/* printf("%*lld", width, v) */
void lb_int(linebuf *b, long long v, int width);
/* printf("%*.2f", width, x) */
void lb_f2(linebuf *b, double x, int width);
/* Python '%*d' % x for a float x (truncation; x must be finite) */
void lb_pct_d(linebuf *b, double x, int width);
/* Python str(x) for a float */
void lb_float(linebuf *b, double x);
/* Python repr() of a str: s is decoded as UTF-8 with surrogateescape, as
 * Python decodes command-line words, so a byte that is not UTF-8 shows as
 * '\udcff'. The one repr of the simulators (messages, multi's job names). */
void lb_repr(linebuf *b, const char *s);
/* The text so far as a C string (valid until the buffer changes). */
const char *lb_text(linebuf *b);
/* Writes the text and clears the buffer. */
void lb_flush(linebuf *b, FILE *out);

#endif
