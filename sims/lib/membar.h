/* A stretch of memory drawn as one line of text, for the pictures of the
 * memory simulators (relocation, segmentation, malloc). Each column stands
 * for the same number of bytes and shows the mark of the range that holds
 * most of them; a range too small to win any column still gets the column
 * where it has the most bytes, so nothing placed is invisible.
 *
 *   membar b; membar_init(&b, 0, 1024, 64);   // 16 bytes a column
 *   membar_add(&b, 0, 472, 0);                // [0, 472) gets mark 0
 *   char line[MEMBAR_MAX_WIDTH + 1];
 *   membar_render(&b, "A", '.', line);        // "AAAA...." */
#ifndef SIMS_MEMBAR_H
#define SIMS_MEMBAR_H

#define MEMBAR_MAX_WIDTH 64
#define MEMBAR_MAX_MARKS 8

typedef struct {
  long long lo, hi;  /* the bytes [lo, hi) are drawn */
  long long per_col; /* bytes a column (the last one may hold fewer) */
  int width;         /* columns; 0 when hi <= lo */
  long long bytes[MEMBAR_MAX_WIDTH][MEMBAR_MAX_MARKS];
} membar;

/* A bar over [lo, hi) of at most max_width (<= MEMBAR_MAX_WIDTH) columns,
 * each of a whole number of bytes. */
void membar_init(membar *b, long long lo, long long hi, int max_width);
/* The bytes [start, end) (clipped to the bar) belong to mark (0 .. 7). */
void membar_add(membar *b, long long start, long long end, int mark);
/* Writes b->width characters and a NUL: marks[i] for mark i, background for
 * columns mostly outside every range. */
void membar_render(const membar *b, const char *marks, char background, char *out);

#endif
