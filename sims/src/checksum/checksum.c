#include "checksum.h"

#include <string.h>

static long long floor_mod(long long a, long long n) {
  long long r = a % n;
  return r < 0 ? r + n : r;
}

void checksum_init(checksums *c) {
  memset(c, 0, sizeof *c);
}

void checksum_add(checksums *c, long long value) {
  c->add = (c->add + floor_mod(value, 256)) % 256;
  c->xor_all ^= value;
  c->fletcher_a = (c->fletcher_a + floor_mod(value, 255)) % 255;
  c->fletcher_b = (c->fletcher_b + c->fletcher_a) % 255;
}

/* Digits of |v| in base 2^shift, most significant first; returns the count. */
static size_t digits(unsigned long long u, int shift, char *out) {
  char tmp[64];
  size_t n = 0;
  unsigned long long mask = (1ULL << shift) - 1;
  do {
    tmp[n++] = "0123456789abcdef"[u & mask];
    u >>= shift;
  } while (u);
  for (size_t i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

static unsigned long long magnitude(long long v) {
  return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}

size_t checksum_hex(long long v, char *buf) {
  size_t len = 0;
  buf[len++] = '0';
  buf[len++] = 'x';
  if (v < 16)
    buf[len++] = '0';
  if (v < 0)
    buf[len++] = '-';
  len += digits(magnitude(v), 4, buf + len);
  buf[len] = '\0';
  return len;
}

size_t checksum_bin(long long v, char *buf) {
  /* bin(v): '-0b...' or '0b...' */
  char bits[64];
  size_t nbits = digits(magnitude(v), 1, bits);
  size_t bin_len = nbits + 2 + (v < 0);
  size_t len = 0;
  buf[len++] = '0';
  buf[len++] = 'b';
  for (size_t i = bin_len; i < 10; i++)
    buf[len++] = '0';
  if (v < 0)
    buf[len++] = 'b'; /* what is left of '-0b...' after its first two characters */
  memcpy(buf + len, bits, nbits);
  len += nbits;
  buf[len] = '\0';
  return len;
}
