#include "lists.h"

#include <stdlib.h>
#include <string.h>

static char *copy_span(const char *s, size_t len) {
  char *c = malloc(len + 1);
  if (!c)
    abort();
  memcpy(c, s, len);
  c[len] = '\0';
  return c;
}

str_list list_split(const char *s, char sep) {
  str_list list = {NULL, 1};
  for (const char *p = s; *p; p++)
    list.count += *p == sep;
  list.items = malloc(list.count * sizeof *list.items);
  if (!list.items)
    abort();
  size_t i = 0;
  for (const char *start = s;; start++) {
    const char *stop = strchr(start, sep);
    if (!stop) {
      list.items[i++] = copy_span(start, strlen(start));
      break;
    }
    list.items[i++] = copy_span(start, (size_t)(stop - start));
    start = stop;
  }
  return list;
}

void list_free(str_list *list) {
  for (size_t i = 0; i < list->count; i++)
    free(list->items[i]);
  free(list->items);
  list->items = NULL;
  list->count = 0;
}
