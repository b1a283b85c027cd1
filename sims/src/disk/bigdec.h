/* Small sums on integers kept as decimal text (the originals take integer
 * options of any size and print them back). */
#ifndef DISK_BIGDEC_H
#define DISK_BIGDEC_H

/* The value modulo m (m > 0), as Python's % gives it: 0..m-1. */
int bigdec_mod(const char *decimal, int m);
/* The value clamped to [-limit, limit]. */
long long bigdec_clamp(const char *decimal, long long limit);
/* Twice the value, as decimal text in buf (size at least strlen + 3). */
void bigdec_double(const char *decimal, char *buf);

#endif
