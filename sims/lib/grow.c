#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool grow_array(void *items, size_t *cap, size_t needed, size_t item_size, size_t first_cap) {
  if (needed <= *cap)
    return true;
  size_t n = *cap ? *cap : first_cap;
  while (n < needed) {
    if (n > SIZE_MAX / 2)
      return false;
    n *= 2;
  }
  if (n > SIZE_MAX / item_size)
    return false;
  void *old;
  memcpy(&old, items, sizeof old);
  void *more = realloc(old, n * item_size);
  if (!more)
    return false;
  memcpy(items, &more, sizeof more);
  *cap = n;
  return true;
}
