/* See workload.h. */
#include "workload.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pynum.h"
#include "seqlist.h"

static const char LETTERS[6] = {'c', 'w', 'd', 'r', 'l', 's'};

static int letter_index(char c) {
  const char *p = memchr(LETTERS, c, sizeof LETTERS);
  return p && c ? (int)(p - LETTERS) : -1;
}

/* int() of an item's value, saturated to the long long range. */
static bool item_value(const char *text, long long *v) {
  char *decimal;
  if (pyint_parse_decimal(text, PYINT_PLAIN, &decimal) != PYNUM_OK)
    return false;
  errno = 0;
  *v = strtoll(decimal, NULL, 10); /* saturates: a huge value cannot add to 100 */
  free(decimal);
  return true;
}

percents_status lfs_parse_percents(const char *text, lfs_percents *p, char *bad) {
  char *copy = strdup(text);
  if (!copy)
    return PERCENTS_CRASH;
  /* the items, split on ',' */
  long long nitems = 1;
  for (const char *s = copy; *s; s++)
    nitems += *s == ',';
  char **items = malloc((size_t)nitems * sizeof *items);
  long long *values = malloc((size_t)nitems * sizeof *values);
  percents_status st = PERCENTS_OK;
  if (!items || !values) {
    st = PERCENTS_CRASH;
    goto out;
  }
  items[0] = copy;
  for (long long i = 1, k = 0; copy[k]; k++)
    if (copy[k] == ',') {
      copy[k] = '\0';
      items[i++] = copy + k + 1;
    }
  __int128 sum = 0;
  for (long long i = 0; i < nitems; i++) {
    if (items[i][0] == '\0' || !item_value(items[i] + 1, &values[i])) {
      st = PERCENTS_CRASH;
      goto out;
    }
    if (values[i] < 0) {
      st = PERCENTS_NEGATIVE;
      goto out;
    }
    sum += values[i];
  }
  if (sum != 100) {
    st = PERCENTS_NOT_100;
    goto out;
  }
  for (int c = 0; c < 6; c++)
    p->lo[c] = p->hi[c] = 0;
  long long csum = 0;
  for (long long i = 0; i < nitems; i++) {
    int c = letter_index(items[i][0]);
    if (c < 0) {
      bad[0] = items[i][0];
      bad[1] = '\0';
      st = PERCENTS_BAD_CMD;
      goto out;
    }
    p->lo[c] = (double)csum / 100.0;
    p->hi[c] = (double)(csum + values[i]) / 100.0;
    csum += values[i];
  }
out:
  free(items);
  free(values);
  free(copy);
  return st;
}

/* A growing text. */
typedef struct {
  char *s;
  size_t len, cap;
  bool failed;
} text;

/* Room for n more bytes and a terminator. */
static bool reserve(text *t, size_t n) {
  if (t->failed)
    return false;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + n + 1)
      cap *= 2;
    char *p = realloc(t->s, cap);
    if (!p) {
      t->failed = true;
      return false;
    }
    t->s = p;
    t->cap = cap;
  }
  return true;
}

static void put(text *t, const char *s, size_t n) {
  if (!reserve(t, n))
    return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

/* The paths drawn so far, one after another: each its length (4 bytes),
 * its text and a NUL; a path is known by the offset of its text. */
typedef text arena;

static uint32_t path_len(const arena *a, long long at) {
  uint32_t n;
  memcpy(&n, a->s + at - 4, 4);
  return n;
}

static long long arena_add(arena *a, const char *s, size_t n) {
  if (!reserve(a, n + 5))
    return -1;
  uint32_t len = (uint32_t)n;
  memcpy(a->s + a->len, &len, 4);
  long long at = (long long)a->len + 4;
  memcpy(a->s + at, s, n);
  a->s[at + (long long)n] = '\0';
  a->len = (size_t)at + n + 1;
  return at;
}

/* parent + '/' + two letters and a digit (no doubled slash under '/'). */
static long long random_name(pyrandom *r, arena *paths, long long parent) {
  char tail[4];
  tail[0] = '/';
  tail[1] = (char)('a' + (int)(pyrandom_random(r) * 26));
  tail[2] = (char)('a' + (int)(pyrandom_random(r) * 26));
  tail[3] = (char)('0' + (int)(pyrandom_random(r) * 10));
  size_t n = path_len(paths, parent);
  if (n == 1 && paths->s[parent] == '/')
    n = 0;
  if (!reserve(paths, n + 9)) /* first: the parent's text may move */
    return -1;
  uint32_t len = (uint32_t)n + 4;
  memcpy(paths->s + paths->len, &len, 4);
  long long at = (long long)paths->len + 4;
  char *p = paths->s + at;
  memcpy(p, paths->s + parent, n);
  memcpy(p + n, tail, 4);
  p[n + 4] = '\0';
  paths->len = (size_t)at + n + 5;
  return at;
}

static void put_path(text *t, const arena *paths, long long at) {
  put(t, paths->s + at, path_len(paths, at));
}

static bool in_range(const lfs_percents *p, int c, double x) {
  return x >= p->lo[c] && x < p->hi[c];
}

gen_status lfs_generate(pyrandom *r, long long n, const lfs_percents *p, char **out) {
  *out = NULL;
  if (n > 0) {
    /* Creating a file, a directory or syncing always succeeds; writes,
     * deletes and links need a file first. If only they can be drawn and
     * every draw is one of them, the original never finishes. */
    bool progress = false, all_covered = true;
    for (int c = 0; c < 6; c++)
      if ((c == 0 || c == 2 || c == 5) && p->lo[c] < p->hi[c])
        progress = true;
    /* is [0, 1) covered by the w, r and l ranges? */
    double at = 0.0;
    for (bool moved = true; moved && at < 1.0;) {
      moved = false;
      for (int c = 1; c <= 4; c++)
        if (c != 2 && p->lo[c] <= at && at < p->hi[c]) {
          at = p->hi[c];
          moved = true;
        }
    }
    all_covered = at >= 1.0;
    if (!progress && all_covered)
      return GEN_HANGS;
  }
  arena paths = {0};
  seqlist files, dirs;
  seqlist_init(&files);
  seqlist_init(&dirs);
  text t = {0};
  put(&t, "", 0);
  gen_status st = GEN_OK;
  long long root = arena_add(&paths, "/", 1);
  if (root < 0 || !seqlist_append(&dirs, root)) {
    st = GEN_NOMEM;
    goto out;
  }
  while (n > 0) {
    double chance = pyrandom_random(r);
    size_t start = t.len;
    if (start > 0)
      put(&t, ":", 1);
    if (in_range(p, 0, chance) || in_range(p, 2, chance)) {
      bool file = in_range(p, 0, chance);
      long long dir = seqlist_get(&dirs, (long long)(pyrandom_random(r) * dirs.count));
      long long name = random_name(r, &paths, dir);
      if (name < 0 || !seqlist_append(file ? &files : &dirs, name)) {
        st = GEN_NOMEM;
        goto out;
      }
      put(&t, file ? "c," : "d,", 2);
      put_path(&t, &paths, name);
    } else if (in_range(p, 1, chance)) {
      if (files.count == 0) {
        t.len = start;
        continue;
      }
      long long f = seqlist_get(&files, (long long)(pyrandom_random(r) * files.count));
      int off = (int)(pyrandom_random(r) * 8);
      int len = (int)(pyrandom_random(r) * 8);
      put(&t, "w,", 2);
      put_path(&t, &paths, f);
      char nums[4] = {',', (char)('0' + off), ',', (char)('0' + len)};
      put(&t, nums, 4);
    } else if (in_range(p, 3, chance)) {
      if (files.count == 0) {
        t.len = start;
        continue;
      }
      long long index = (long long)(pyrandom_random(r) * files.count);
      put(&t, "r,", 2);
      put_path(&t, &paths, seqlist_get(&files, index));
      seqlist_remove_at(&files, index);
    } else if (in_range(p, 4, chance)) {
      if (files.count == 0) {
        t.len = start;
        continue;
      }
      long long index = (long long)(pyrandom_random(r) * files.count);
      long long src = seqlist_get(&files, index);
      long long dir = seqlist_get(&dirs, (long long)(pyrandom_random(r) * dirs.count));
      long long name = random_name(r, &paths, dir);
      if (name < 0 || !seqlist_append(&files, name)) {
        st = GEN_NOMEM;
        goto out;
      }
      put(&t, "l,", 2);
      put_path(&t, &paths, src);
      put(&t, ",", 1);
      put_path(&t, &paths, name);
    } else if (in_range(p, 5, chance)) {
      put(&t, "s", 1);
    } else {
      st = GEN_ABORT;
      goto out;
    }
    if (t.failed) {
      st = GEN_NOMEM;
      goto out;
    }
    t.s[t.len] = '\0';
    n--;
  }
out:
  free(paths.s);
  seqlist_free(&files);
  seqlist_free(&dirs);
  if (st == GEN_OK && !t.failed) {
    *out = t.s;
  } else {
    free(t.s);
    if (st == GEN_OK)
      st = GEN_NOMEM;
  }
  return st;
}
