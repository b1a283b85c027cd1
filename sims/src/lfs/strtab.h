/* Interned strings: each distinct text gets a small integer id, so names
 * compare as integers (directory entries, paths of the workload). */
#ifndef LFS_STRTAB_H
#define LFS_STRTAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char **text;
  size_t *len;
  long long count, cap;
  int32_t *table; /* open addressing: id + 1, 0 = empty */
  long long table_cap;
} strtab;

void strtab_init(strtab *t);
void strtab_free(strtab *t);
/* The id of the n bytes at s, or -1 when never interned. */
int32_t strtab_find(const strtab *t, const char *s, size_t n);
/* The id of the n bytes at s, added when new; -1 when out of memory. */
int32_t strtab_intern(strtab *t, const char *s, size_t n);
static inline const char *strtab_text(const strtab *t, int32_t id) {
  return t->text[id];
}
static inline size_t strtab_len(const strtab *t, int32_t id) {
  return t->len[id];
}

#endif
