/* MT19937 seeded the way CPython's random.seed(int) does it: the absolute
 * value of the seed, cut into 32-bit little-endian limbs, goes through
 * init_by_array(). Everything above the generator follows Lib/random.py. */
#include "pyrandom.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { MT_N = 624, MT_M = 397 };

static void init_genrand(pyrandom *r, uint32_t s) {
  r->mt[0] = s;
  for (int i = 1; i < MT_N; i++)
    r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
  r->index = MT_N;
}

static void init_by_array(pyrandom *r, const uint32_t *key, size_t key_length) {
  init_genrand(r, 19650218u);
  size_t i = 1, j = 0;
  for (size_t k = MT_N > key_length ? MT_N : key_length; k; k--) {
    r->mt[i] =
        (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
    i++, j++;
    if (i >= MT_N) {
      r->mt[0] = r->mt[MT_N - 1];
      i = 1;
    }
    if (j >= key_length)
      j = 0;
  }
  for (size_t k = MT_N - 1; k; k--) {
    r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
    i++;
    if (i >= MT_N) {
      r->mt[0] = r->mt[MT_N - 1];
      i = 1;
    }
  }
  r->mt[0] = 0x80000000u; /* non-zero initial state is assured */
  r->index = MT_N;
}

static void regenerate(pyrandom *r) {
  static const uint32_t mag01[2] = {0u, 0x9908b0dfu};
  uint32_t *mt = r->mt;
  int kk;
  uint32_t y;
  for (kk = 0; kk < MT_N - MT_M; kk++) {
    y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
    mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
  }
  for (; kk < MT_N - 1; kk++) {
    y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
    mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
  }
  y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
  mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
  r->index = 0;
}

uint32_t pyrandom_u32(pyrandom *r) {
  if (r->index >= MT_N)
    regenerate(r);
  uint32_t y = r->mt[r->index++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

void pyrandom_seed(pyrandom *r, long long seed) {
  unsigned long long mag = seed < 0 ? 0ull - (unsigned long long)seed : (unsigned long long)seed;
  uint32_t key[2] = {(uint32_t)mag, (uint32_t)(mag >> 32)};
  init_by_array(r, key, key[1] ? 2 : 1);
}

int pyrandom_seed_str(pyrandom *r, const char *decimal) {
  const char *p = decimal;
  while (isspace((unsigned char)*p))
    p++;
  if (*p == '+' || *p == '-')
    p++;
  size_t ndigits = 0;
  while (isdigit((unsigned char)p[ndigits]))
    ndigits++;
  const char *end = p + ndigits;
  while (isspace((unsigned char)*end))
    end++;
  if (ndigits == 0 || *end)
    return -1;

  /* Base-2^32 limbs, least significant first; each decimal digit needs
     * under 3.33 bits, so ndigits/9 + 1 limbs are plenty. */
  size_t cap = ndigits / 9 + 2, nlimbs = 1;
  uint32_t *limbs = calloc(cap, sizeof *limbs);
  if (!limbs)
    return -1;
  for (size_t d = 0; d < ndigits; d++) {
    uint64_t carry = (uint64_t)(p[d] - '0');
    for (size_t i = 0; i < nlimbs; i++) {
      uint64_t v = (uint64_t)limbs[i] * 10u + carry;
      limbs[i] = (uint32_t)v;
      carry = v >> 32;
    }
    if (carry)
      limbs[nlimbs++] = (uint32_t)carry;
  }
  while (nlimbs > 1 && limbs[nlimbs - 1] == 0)
    nlimbs--;
  init_by_array(r, limbs, nlimbs);
  free(limbs);
  return 0;
}

double pyrandom_random(pyrandom *r) {
  uint32_t a = pyrandom_u32(r) >> 5, b = pyrandom_u32(r) >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t pyrandom_getrandbits(pyrandom *r, int k) {
  if (k <= 0)
    return 0;
  if (k <= 32)
    return pyrandom_u32(r) >> (32 - k);
  /* Words come least significant first; the last one keeps its top bits. */
  uint64_t low = pyrandom_u32(r);
  uint64_t high = pyrandom_u32(r) >> (64 - k);
  return low | (high << 32);
}

static int bit_length(uint64_t n) {
  int bits = 0;
  while (n) {
    bits++;
    n >>= 1;
  }
  return bits;
}

uint64_t pyrandom_randbelow(pyrandom *r, uint64_t n) {
  int k = bit_length(n);
  uint64_t v;
  do
    v = pyrandom_getrandbits(r, k);
  while (v >= n);
  return v;
}

long long pyrandom_randrange(pyrandom *r, long long start, long long stop) {
  uint64_t width = (uint64_t)stop - (uint64_t)start;
  return (long long)((uint64_t)start + pyrandom_randbelow(r, width));
}

long long pyrandom_randint(pyrandom *r, long long a, long long b) {
  uint64_t width = (uint64_t)b - (uint64_t)a + 1u;
  return (long long)((uint64_t)a + pyrandom_randbelow(r, width));
}

size_t pyrandom_choice(pyrandom *r, size_t len) {
  return (size_t)pyrandom_randbelow(r, len);
}

void pyrandom_shuffle_ints(pyrandom *r, int *x, size_t n) {
  for (size_t i = n; i-- > 1;) {
    size_t j = (size_t)pyrandom_randbelow(r, i + 1);
    int tmp = x[i];
    x[i] = x[j];
    x[j] = tmp;
  }
}
