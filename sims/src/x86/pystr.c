#include "pystr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

bool py_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

static void *py_must(void *p) {
  if (!p)
    opts_die("out of memory");
  return p;
}

char *py_ndup(const char *s, size_t n) {
  char *d = py_must(malloc(n + 1));
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *py_dup(const char *s) {
  return py_ndup(s, strlen(s));
}

char *py_strip(const char *s) {
  size_t n = strlen(s);
  while (n > 0 && py_space(s[n - 1]))
    n--;
  size_t i = 0;
  while (i < n && py_space(s[i]))
    i++;
  return py_ndup(s + i, n - i);
}

char *py_rstrip(const char *s) {
  size_t n = strlen(s);
  while (n > 0 && py_space(s[n - 1]))
    n--;
  return py_ndup(s, n);
}

static void list_add(pystr_list *l, char *item) {
  l->items = py_must(realloc(l->items, (size_t)(l->count + 1) * sizeof *l->items));
  l->items[l->count++] = item;
}

pystr_list py_split_ws(const char *s) {
  pystr_list l = {NULL, 0};
  size_t i = 0, n = strlen(s);
  for (;;) {
    while (i < n && py_space(s[i]))
      i++;
    if (i >= n)
      break;
    size_t j = i;
    while (j < n && !py_space(s[j]))
      j++;
    list_add(&l, py_ndup(s + i, j - i));
    i = j;
  }
  return l;
}

pystr_list py_split(const char *s, const char *sep, int maxsplit) {
  pystr_list l = {NULL, 0};
  size_t seplen = strlen(sep);
  const char *p = s;
  for (;;) {
    const char *hit = maxsplit != 0 ? strstr(p, sep) : NULL;
    if (!hit) {
      list_add(&l, py_dup(p));
      return l;
    }
    list_add(&l, py_ndup(p, (size_t)(hit - p)));
    p = hit + seplen;
    if (maxsplit > 0)
      maxsplit--;
  }
}

void py_split_first(const char *s, char **first, char **rest) {
  size_t i = 0, n = strlen(s);
  while (i < n && py_space(s[i]))
    i++;
  size_t j = i;
  while (j < n && !py_space(s[j]))
    j++;
  *first = py_ndup(s + i, j - i);
  size_t k = j;
  while (k < n && py_space(s[k]))
    k++;
  *rest = k < n ? py_ndup(s + k, n - k) : NULL;
}

char *py_replace(const char *s, const char *old, const char *with) {
  size_t oldlen = strlen(old), withlen = strlen(with), n = 0;
  for (const char *p = strstr(s, old); p; p = strstr(p + oldlen, old))
    n++;
  char *out = py_must(malloc(strlen(s) + n * withlen + 1)), *o = out;
  const char *p = s;
  for (const char *hit = strstr(p, old); hit; hit = strstr(p, old)) {
    memcpy(o, p, (size_t)(hit - p));
    o += hit - p;
    memcpy(o, with, withlen);
    o += withlen;
    p = hit + oldlen;
  }
  strcpy(o, p);
  return out;
}

bool py_isdigit(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

bool py_isalpha_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void pystr_list_free(pystr_list *l) {
  for (int i = 0; i < l->count; i++)
    free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->count = 0;
}

char *py_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = py_must(malloc((size_t)n + 1));
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}
