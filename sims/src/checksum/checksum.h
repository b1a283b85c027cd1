/* The three checksums of OSTEP's data-integrity chapter over a list of
 * values, and the original's ways of showing a value in hex and binary. */
#ifndef CHECKSUM_CHECKSUM_H
#define CHECKSUM_CHECKSUM_H

#include <stddef.h>

typedef struct {
  long long add;        /* sum mod 256 */
  long long xor_all;    /* xor of every value (two's complement, any sign) */
  long long fletcher_a; /* running sum mod 255 */
  long long fletcher_b; /* sum of the running sums mod 255 */
} checksums;

void checksum_init(checksums *c);
void checksum_add(checksums *c, long long value);

/* The original's hex: '0x0' then '%x' below 16, '0x' then '%x' from 16 on,
 * with Python's '%x' of a negative number ('-5'), so -5 gives '0x0-5'.
 * Returns the length written to buf (at least 24 bytes). */
size_t checksum_hex(long long v, char *buf);
/* The original's binary: Python's bin(v) padded with zeros after '0b' to
 * ten characters; for a negative number the '-' is dropped and the 'b' kept
 * ('0b0000b101' for -5). Returns the length written to buf (at least 80
 * bytes). */
size_t checksum_bin(long long v, char *buf);

#endif
