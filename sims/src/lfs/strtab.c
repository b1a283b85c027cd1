/* See strtab.h. */
#include "strtab.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_text(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

void strtab_init(strtab *t) {
  memset(t, 0, sizeof *t);
}

void strtab_free(strtab *t) {
  for (long long i = 0; i < t->count; i++)
    free(t->text[i]);
  free(t->text);
  free(t->len);
  free(t->table);
  memset(t, 0, sizeof *t);
}

int32_t strtab_find(const strtab *t, const char *s, size_t n) {
  if (!t->table_cap)
    return -1;
  uint64_t mask = (uint64_t)t->table_cap - 1;
  for (uint64_t i = hash_text(s, n) & mask;; i = (i + 1) & mask) {
    int32_t id = t->table[i] - 1;
    if (id < 0)
      return -1;
    if (t->len[id] == n && memcmp(t->text[id], s, n) == 0)
      return id;
  }
}

static void place(strtab *t, int32_t id) {
  uint64_t mask = (uint64_t)t->table_cap - 1;
  uint64_t i = hash_text(t->text[id], t->len[id]) & mask;
  while (t->table[i])
    i = (i + 1) & mask;
  t->table[i] = id + 1;
}

int32_t strtab_intern(strtab *t, const char *s, size_t n) {
  int32_t id = strtab_find(t, s, n);
  if (id >= 0)
    return id;
  if (t->count >= INT32_MAX - 1)
    return -1;
  if (2 * (t->count + 1) > t->table_cap) {
    long long cap = t->table_cap ? 2 * t->table_cap : 64;
    int32_t *table = calloc((size_t)cap, sizeof *table);
    if (!table)
      return -1;
    free(t->table);
    t->table = table;
    t->table_cap = cap;
    for (int32_t i = 0; i < t->count; i++)
      place(t, i);
  }
  if (t->count == t->cap) {
    long long cap = t->cap ? 2 * t->cap : 64;
    char **text = realloc(t->text, (size_t)cap * sizeof *text);
    if (!text)
      return -1;
    t->text = text;
    size_t *len = realloc(t->len, (size_t)cap * sizeof *len);
    if (!len)
      return -1;
    t->len = len;
    t->cap = cap;
  }
  char *copy = malloc(n + 1);
  if (!copy)
    return -1;
  memcpy(copy, s, n);
  copy[n] = '\0';
  id = (int32_t)t->count++;
  t->text[id] = copy;
  t->len[id] = n;
  place(t, id);
  return id;
}
