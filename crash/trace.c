// Reading the block trace and the workload list for explore (see trace.h).
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "crash/trace.h"

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "explore: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(2);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    die("out of memory");
  return p;
}

// ---- the trace ----

struct event *ev;
int nev;
static int cap_ev;
static uchar **writes; // contents of every W line, by number, for "=k"
static int nwrites, cap_writes;

static struct event *new_event(char kind) {
  if (nev == cap_ev) {
    cap_ev = cap_ev ? 2 * cap_ev : 4096;
    ev = realloc(ev, cap_ev * sizeof(*ev));
    if (ev == NULL)
      die("out of memory");
  }
  struct event *e = &ev[nev++];
  memset(e, 0, sizeof(*e));
  e->kind = kind;
  return e;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

void parse_trace(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL)
    die("%s: cannot open", path);
  size_t cap = 0;
  char *line = NULL;
  ssize_t len;
  int lineno = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = 0;
    char *bt = strstr(line, "BT ");
    if (bt == NULL)
      continue;
    if (bt != line || len < 4 || line[4] != ' ')
      die("%s:%d: a damaged trace line (other output mixed in?)", path, lineno);
    char kind = line[3];
    char *rest = line + 5, *end;
    if (kind == 'I')
      continue;
    struct event *e = new_event(kind);
    if (kind == 'M') {
      e->num = strtol(rest, &end, 10);
      snprintf(e->text, sizeof(e->text), "%s", *end == ' ' ? end + 1 : "");
      continue;
    }
    e->call = strtoull(rest, &end, 10);
    if (end == rest)
      die("%s:%d: a damaged trace line", path, lineno);
    if (kind == 'S') {
      e->num = strtol(end, &end, 10);
    } else if (kind == 'W') {
      e->blockno = strtoul(end, &end, 10);
      if (*end != ' ')
        die("%s:%d: a damaged write line", path, lineno);
      end++;
      e->data = xmalloc(BSIZE);
      memset(e->data, 0, BSIZE);
      if (*end == '=') {
        long k = strtol(end + 1, NULL, 10);
        if (k < 0 || k >= nwrites)
          die("%s:%d: names write %ld, not yet seen", path, lineno, k);
        memmove(e->data, writes[k], BSIZE);
      } else if (*end == '~') {
        long k = strtol(end + 1, &end, 10);
        if (k < 0 || k >= nwrites)
          die("%s:%d: names write %ld, not yet seen", path, lineno, k);
        memmove(e->data, writes[k], BSIZE);
        while (*end == ',') {
          long off = strtol(end + 1, &end, 10);
          if (*end != ':')
            die("%s:%d: a damaged write line", path, lineno);
          end++;
          for (; hexval(end[0]) >= 0 && hexval(end[1]) >= 0; end += 2, off++) {
            if (off < 0 || off >= BSIZE)
              die("%s:%d: a change past the end of the block", path, lineno);
            e->data[off] = hexval(end[0]) << 4 | hexval(end[1]);
          }
        }
        if (*end != 0)
          die("%s:%d: a damaged write line", path, lineno);
      } else if (strcmp(end, "-") != 0) {
        size_t n = strlen(end);
        if (n % 2 || n > 2 * BSIZE)
          die("%s:%d: a damaged write line", path, lineno);
        for (size_t i = 0; i < n / 2; i++) {
          int hi = hexval(end[2 * i]), lo = hexval(end[2 * i + 1]);
          if (hi < 0 || lo < 0)
            die("%s:%d: a damaged write line", path, lineno);
          e->data[i] = hi << 4 | lo;
        }
      }
      if (nwrites == cap_writes) {
        cap_writes = cap_writes ? 2 * cap_writes : 4096;
        writes = realloc(writes, cap_writes * sizeof(*writes));
        if (writes == NULL)
          die("out of memory");
      }
      writes[nwrites++] = e->data;
    } else if (kind == 'R') {
      e->num = strtol(end, NULL, 10);
    } else if (kind != 'F' && kind != 'C') {
      die("%s:%d: unknown trace line", path, lineno);
    }
  }
  free(line);
  fclose(f);
}

// ---- workloads ----

char *descr[1 << 16];

void load_workloads(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL)
    die("%s: cannot open", path);
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    if (len > 0 && line[len - 1] == '\n')
      line[len - 1] = 0;
    char *end;
    long id = strtol(line, &end, 10);
    if (end != line && *end == '|' && id >= 0 && id < (1 << 16))
      descr[id] = strdup(end + 1);
  }
  free(line);
  fclose(f);
}
