/* Memory bars: see membar.h. */
#include "membar.h"

#include <stdbool.h>
#include <string.h>

void membar_init(membar *b, long long lo, long long hi, int max_width) {
  memset(b, 0, sizeof *b);
  b->lo = lo;
  b->hi = hi;
  if (max_width < 1)
    max_width = 1;
  if (max_width > MEMBAR_MAX_WIDTH)
    max_width = MEMBAR_MAX_WIDTH;
  if (hi <= lo)
    return;
  unsigned long long span = (unsigned long long)hi - (unsigned long long)lo;
  unsigned long long per = (span + (unsigned)max_width - 1) / (unsigned)max_width;
  b->per_col = (long long)per;
  b->width = (int)((span + per - 1) / per);
}

static long long col_start(const membar *b, int c) {
  return b->lo + (long long)c * b->per_col;
}

static long long col_end(const membar *b, int c) {
  return c + 1 == b->width ? b->hi : col_start(b, c + 1);
}

void membar_add(membar *b, long long start, long long end, int mark) {
  if (mark < 0 || mark >= MEMBAR_MAX_MARKS || b->width == 0)
    return;
  if (start < b->lo)
    start = b->lo;
  if (end > b->hi)
    end = b->hi;
  if (end <= start)
    return;
  int first = (int)((start - b->lo) / b->per_col);
  int last = (int)((end - 1 - b->lo) / b->per_col);
  for (int c = first; c <= last; c++) {
    long long s = col_start(b, c), e = col_end(b, c);
    b->bytes[c][mark] += (end < e ? end : e) - (start > s ? start : s);
  }
}

void membar_render(const membar *b, const char *marks, char background, char *out) {
  int nmarks = (int)strlen(marks);
  if (nmarks > MEMBAR_MAX_MARKS)
    nmarks = MEMBAR_MAX_MARKS;
  bool shown[MEMBAR_MAX_MARKS] = {false};
  for (int c = 0; c < b->width; c++) {
    long long covered = 0, most = 0;
    int winner = -1;
    for (int m = 0; m < nmarks; m++) {
      covered += b->bytes[c][m];
      if (b->bytes[c][m] > most) {
        most = b->bytes[c][m];
        winner = m;
      }
    }
    long long uncovered = col_end(b, c) - col_start(b, c) - covered;
    if (winner >= 0 && most >= uncovered) {
      out[c] = marks[winner];
      shown[winner] = true;
    } else {
      out[c] = background;
    }
  }
  /* A mark that won no column takes the column where it has the most. */
  for (int m = 0; m < nmarks; m++) {
    int best = -1;
    for (int c = 0; c < b->width && !shown[m]; c++)
      if (b->bytes[c][m] > 0 && (best < 0 || b->bytes[c][m] > b->bytes[best][m]))
        best = c;
    if (!shown[m] && best >= 0)
      out[best] = marks[m];
  }
  out[b->width] = '\0';
}
