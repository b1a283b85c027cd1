#include "refs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "opts.h"
#include "pynum.h"

static ref_status failure(const char *fmt, ...) {
  ref_status st = {0, ""};
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st.message, sizeof st.message, fmt, ap);
  va_end(ap);
  return st;
}

static const ref_status success = {1, ""};

static int push(ref_list *list, size_t *cap, long long page) {
  if (list->count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 1024;
    long long *grown = realloc(list->pages, ncap * sizeof *grown);
    if (!grown)
      return -1;
    list->pages = grown;
    *cap = ncap;
  }
  list->pages[list->count++] = page;
  return 0;
}

/* int(text) of a page number; the quoted text goes into messages. */
static ref_status parse_page(const char *text, size_t len, long long *page, const char *where) {
  char shown[40];
  snprintf(shown, sizeof shown, "%.*s%s", (int)(len > 32 ? 32 : len), text, len > 32 ? "..." : "");
  char *copy = malloc(len + 1);
  if (!copy)
    return failure("out of memory");
  memcpy(copy, text, len);
  copy[len] = '\0';
  pynum_status st = memchr(text, '\0', len) ? PYNUM_INVALID : pyint_parse(copy, PYINT_PLAIN, page);
  free(copy);
  if (st == PYNUM_INVALID)
    return failure("%s: not an integer: %s", where, opts_repr(shown));
  if (st == PYNUM_RANGE)
    return failure("%s: page number out of range: %s", where, opts_repr(shown));
  return success;
}

ref_status refs_from_file(const char *path, ref_list *out) {
  *out = (ref_list){NULL, 0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return failure("option -f/--addressfile: cannot open %s: %s", opts_repr(path), strerror(errno));
  size_t cap = 0, size = 0, used = 0;
  char *text = NULL;
  for (;;) {
    if (used == size) {
      size = size ? size * 2 : 65536;
      char *grown = realloc(text, size);
      if (!grown) {
        free(text);
        fclose(f);
        return failure("out of memory reading %s", opts_repr(path));
      }
      text = grown;
    }
    size_t got = fread(text + used, 1, size - used, f);
    used += got;
    if (got == 0)
      break;
  }
  int read_error = ferror(f);
  fclose(f);
  if (read_error) {
    free(text);
    return failure("option -f/--addressfile: cannot read %s", opts_repr(path));
  }

  ref_status st = success;
  size_t line_no = 0;
  for (size_t start = 0; start < used && st.ok;) {
    size_t end = start;
    while (end < used && text[end] != '\n' && text[end] != '\r')
      end++;
    line_no++;
    char where[64];
    snprintf(where, sizeof where, "option -f/--addressfile: line %zu", line_no);
    long long page;
    st = parse_page(text + start, end - start, &page, where);
    if (st.ok && push(out, &cap, page) < 0)
      st = failure("out of memory reading %s", opts_repr(path));
    if (end < used && text[end] == '\r' && end + 1 < used && text[end + 1] == '\n')
      end++;
    start = end + 1;
  }
  free(text);
  if (!st.ok)
    refs_free(out);
  return st;
}

ref_status refs_from_list(const char *s, ref_list *out) {
  *out = (ref_list){NULL, 0};
  str_list items = list_split(s, ',');
  out->pages = malloc(items.count * sizeof *out->pages);
  if (!out->pages) {
    list_free(&items);
    return failure("out of memory");
  }
  ref_status st = success;
  for (size_t i = 0; i < items.count && st.ok; i++) {
    char where[64];
    snprintf(where, sizeof where, "option -a/--addresses: item %zu", i + 1);
    st = parse_page(items.items[i], strlen(items.items[i]), &out->pages[i], where);
    out->count = i + 1;
  }
  list_free(&items);
  if (!st.ok)
    refs_free(out);
  return st;
}

ref_status refs_random(pyrandom *rng, long long n, long long maxpage, ref_list *out) {
  *out = (ref_list){NULL, 0};
  if (n <= 0)
    return success;
  out->pages = malloc((size_t)n * sizeof *out->pages);
  if (!out->pages)
    return failure("option -n/--numaddrs: cannot hold %lld references in memory", n);
  for (long long i = 0; i < n; i++)
    out->pages[i] = (long long)((double)maxpage * pyrandom_random(rng));
  out->count = (size_t)n;
  return success;
}

void refs_free(ref_list *list) {
  free(list->pages);
  list->pages = NULL;
  list->count = 0;
}
