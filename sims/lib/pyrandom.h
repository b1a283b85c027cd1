/* CPython 3's `random` module (MT19937), reproduced bit for bit so that a
 * simulator seeded like the Python original draws the same numbers. */
#ifndef SIMS_PYRANDOM_H
#define SIMS_PYRANDOM_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint32_t mt[624];
  int index;
} pyrandom;

/* random.seed(int(decimal)): any number of digits, optional sign (ignored, as
 * Python seeds with abs()), surrounding blanks allowed. Returns 0, or -1 (state
 * untouched) when the text is not a decimal integer. */
int pyrandom_seed_str(pyrandom *r, const char *decimal);
/* random.seed(seed) */
void pyrandom_seed(pyrandom *r, long long seed);
/* Next 32-bit output of the generator. */
uint32_t pyrandom_u32(pyrandom *r);
/* random.random(): a double in [0, 1) built from two outputs. */
double pyrandom_random(pyrandom *r);
/* random.getrandbits(k), 0 <= k <= 64; k = 0 draws nothing. */
uint64_t pyrandom_getrandbits(pyrandom *r, int k);
/* random._randbelow(n), n >= 1: rejection sampling on bit_length(n) bits. */
uint64_t pyrandom_randbelow(pyrandom *r, uint64_t n);
/* random.randrange(start, stop), start < stop. */
long long pyrandom_randrange(pyrandom *r, long long start, long long stop);
/* random.randint(a, b), a <= b. */
long long pyrandom_randint(pyrandom *r, long long a, long long b);
/* Index that random.choice picks from a sequence of len >= 1 items. */
size_t pyrandom_choice(pyrandom *r, size_t len);
/* random.shuffle(x) in place. */
void pyrandom_shuffle_ints(pyrandom *r, int *x, size_t n);

#endif
