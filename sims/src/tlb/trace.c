#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "pynum.h"

long long trace_process(size_t i, long long switch_every, long long procs) {
  if (switch_every <= 0)
    return 0;
  return (long long)((i / (unsigned long long)switch_every) % (unsigned long long)procs);
}

static long long wrap(long long a, long long asize) {
  long long r = a % asize;
  return r < 0 ? r + asize : r;
}

bool trace_random(pyrandom *rng, long long n, long long asize, double locality, long long stride,
                  long long switch_every, long long procs, tlb_trace *out) {
  *out = (tlb_trace){NULL, 0};
  if (n <= 0)
    return true;
  out->addrs = malloc((size_t)n * sizeof *out->addrs);
  long long *prev = malloc((size_t)procs * sizeof *prev);
  if (!out->addrs || !prev) {
    free(prev);
    trace_free(out);
    return false;
  }
  for (long long p = 0; p < procs; p++)
    prev[p] = -1;
  long long step = wrap(stride, asize);
  for (long long i = 0; i < n; i++) {
    long long p = trace_process((size_t)i, switch_every, procs);
    long long a;
    if (prev[p] >= 0 && pyrandom_random(rng) * 100.0 < locality) {
      a = prev[p] + step;
      if (a >= asize)
        a -= asize;
    } else {
      a = (long long)((double)asize * pyrandom_random(rng));
    }
    out->addrs[i] = prev[p] = a;
  }
  out->count = (size_t)n;
  free(prev);
  return true;
}

/* One address from text[0..len); where names it in messages. */
static bool parse_addr(const char *text, size_t len, long long asize, long long *a,
                       const char *where, char *msg, size_t msglen) {
  while (len > 0 && (*text == ' ' || *text == '\t')) {
    text++;
    len--;
  }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  char shown[40];
  snprintf(shown, sizeof shown, "%.*s%s", (int)(len > 32 ? 32 : len), text, len > 32 ? "..." : "");
  for (char *p = shown; *p; p++)
    if ((unsigned char)*p < 0x20)
      *p = '?';
  char *copy = malloc(len + 1);
  if (!copy) {
    snprintf(msg, msglen, "out of memory");
    return false;
  }
  memcpy(copy, text, len);
  copy[len] = '\0';
  pynum_status st = memchr(text, '\0', len) ? PYNUM_INVALID : pyint_parse(copy, PYINT_OPTPARSE, a);
  free(copy);
  if (st == PYNUM_INVALID) {
    snprintf(msg, msglen, "%s: not an address: '%s'", where, shown);
    return false;
  }
  if (st == PYNUM_RANGE || *a < 0 || *a >= asize) {
    snprintf(msg, msglen, "%s: address '%s' is outside the address space (0 to %lld)", where, shown,
             asize - 1);
    return false;
  }
  return true;
}

static bool push(tlb_trace *t, size_t *cap, long long a) {
  if (t->count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 1024;
    long long *grown = realloc(t->addrs, ncap * sizeof *grown);
    if (!grown)
      return false;
    t->addrs = grown;
    *cap = ncap;
  }
  t->addrs[t->count++] = a;
  return true;
}

bool trace_from_list(const char *s, long long asize, tlb_trace *out, char *msg, size_t msglen) {
  *out = (tlb_trace){NULL, 0};
  str_list items = list_split(s, ',');
  size_t cap = 0;
  bool ok = true;
  for (size_t i = 0; i < items.count && ok; i++) {
    char where[64];
    snprintf(where, sizeof where, "option -A/--addresses: item %zu", i + 1);
    long long a;
    ok = parse_addr(items.items[i], strlen(items.items[i]), asize, &a, where, msg, msglen);
    if (ok && !push(out, &cap, a)) {
      snprintf(msg, msglen, "out of memory");
      ok = false;
    }
  }
  list_free(&items);
  if (!ok)
    trace_free(out);
  return ok;
}

bool trace_from_file(const char *path, long long asize, tlb_trace *out, char *msg, size_t msglen) {
  *out = (tlb_trace){NULL, 0};
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(msg, msglen, "option -f/--addressfile: cannot open '%s': %s", path, strerror(errno));
    return false;
  }
  size_t size = 0, used = 0;
  char *text = NULL;
  bool ok = true;
  for (;;) {
    if (used == size) {
      size = size ? size * 2 : 65536;
      char *grown = realloc(text, size);
      if (!grown) {
        snprintf(msg, msglen, "out of memory reading '%s'", path);
        ok = false;
        break;
      }
      text = grown;
    }
    size_t got = fread(text + used, 1, size - used, f);
    used += got;
    if (got == 0)
      break;
  }
  if (ok && ferror(f)) {
    snprintf(msg, msglen, "option -f/--addressfile: cannot read '%s'", path);
    ok = false;
  }
  fclose(f);
  size_t cap = 0, line = 0;
  for (size_t start = 0; ok && start < used;) {
    size_t end = start;
    while (end < used && text[end] != '\n' && text[end] != '\r')
      end++;
    line++;
    char where[80];
    snprintf(where, sizeof where, "option -f/--addressfile: line %zu", line);
    long long a;
    ok = parse_addr(text + start, end - start, asize, &a, where, msg, msglen);
    if (ok && !push(out, &cap, a)) {
      snprintf(msg, msglen, "out of memory reading '%s'", path);
      ok = false;
    }
    if (end + 1 < used && text[end] == '\r' && text[end + 1] == '\n')
      end++;
    start = end + 1;
  }
  free(text);
  if (!ok)
    trace_free(out);
  return ok;
}

void trace_free(tlb_trace *t) {
  free(t->addrs);
  t->addrs = NULL;
  t->count = 0;
}
