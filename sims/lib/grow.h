/* Growing an array by doubling, for the simulators' lists whose length is
 * known only as they fill:
 *
 *   if (!grow_array(&list->items, &list->cap, list->count + 1, sizeof *list->items, 16))
 *     return false;          // out of memory; the old array is untouched
 *   list->items[list->count++] = item;
 */
#ifndef SIMS_GROW_H
#define SIMS_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* Makes room for `needed` items of item_size bytes in *items (a pointer to
 * the array pointer), doubling *cap from first_cap. */
bool grow_array(void *items, size_t *cap, size_t needed, size_t item_size, size_t first_cap);

#endif
