/* See spool.h. */
#include "spool.h"

FILE *spool_open(void) {
  FILE *f = tmpfile();
  return f ? f : stdout;
}

void spool_finish(FILE *spool) {
  if (spool == stdout)
    return;
  rewind(spool);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
    fwrite(buf, 1, n, stdout);
  fclose(spool);
}
