#include "linear.h"

#include <stdlib.h>

static bool is_power_of_two(long long x) {
  return x > 0 && (x & (x - 1)) == 0;
}

static int log2_floor(long long x) {
  int bits = 0;
  while (x > 1) {
    x >>= 1;
    bits++;
  }
  return bits;
}

linear_status linear_check(linear_table *t, long long address_space, long long physical_memory,
                           long long page_size, const char **message) {
  *t = (linear_table){
      .address_space = address_space,
      .physical_memory = physical_memory,
      .page_size = page_size,
  };
  if (physical_memory <= 1) {
    *message = "Error: must specify a non-zero physical memory size.";
    return LINEAR_REFUSED;
  }
  if (address_space < 1) {
    *message = "Error: must specify a non-zero address-space size.";
    return LINEAR_REFUSED;
  }
  if (physical_memory <= address_space) {
    *message = "Error: physical memory size must be GREATER than address space size (for "
               "this simulation)";
    return LINEAR_REFUSED;
  }
  if (physical_memory >= LINEAR_SIZE_LIMIT || address_space >= LINEAR_SIZE_LIMIT) {
    *message = "Error: must use smaller sizes (less than 1 GB) for this simulation.";
    return LINEAR_REFUSED;
  }
  if (page_size == 0) {
    *message = "option -P: the page size must be a positive power of two, not 0";
    return LINEAR_BAD;
  }
  /* The original asks whether the float quotient is whole; for sizes
     * below 1 GiB that is exact divisibility. */
  if (address_space % page_size != 0) {
    *message = "Error in argument: address space must be a multiple of the pagesize";
    return LINEAR_REFUSED;
  }
  if (physical_memory % page_size != 0) {
    *message = "Error in argument: physical memory must be a multiple of the pagesize";
    return LINEAR_REFUSED;
  }
  if (!is_power_of_two(address_space)) {
    *message = "Error in argument: address space must be a power of 2";
    return LINEAR_REFUSED;
  }
  if (page_size < 0) {
    *message = "option -P: the page size must be a positive power of two";
    return LINEAR_BAD;
  }
  if (!is_power_of_two(page_size)) { /* cannot happen: it divides a power of two */
    *message = "Error in argument: page size must be a power of 2";
    return LINEAR_REFUSED;
  }
  t->npages = address_space / page_size;
  t->nframes = physical_memory / page_size;
  t->page_bits = log2_floor(page_size);
  if (t->npages > LINEAR_MAX_ENTRIES) {
    *message = "options -a and -P: the page table would have more than 67108864 entries "
               "(use a larger -P or a smaller -a)";
    return LINEAR_BAD;
  }
  if (t->nframes > LINEAR_MAX_FRAMES) {
    *message = "options -p and -P: physical memory would have more than 268435456 frames "
               "(use a larger -P or a smaller -p)";
    return LINEAR_BAD;
  }
  return LINEAR_OK;
}

bool linear_fill(linear_table *t, pyrandom *rng, long long used_percent) {
  t->pfn = malloc((size_t)t->npages * sizeof *t->pfn);
  uint64_t *taken = calloc((size_t)(t->nframes + 63) / 64, sizeof *taken);
  if (!t->pfn || !taken) {
    free(taken);
    linear_free(t);
    return false;
  }
  double threshold = 100.0 - (double)used_percent;
  for (long long vpn = 0; vpn < t->npages; vpn++) {
    t->pfn[vpn] = -1;
    while (pyrandom_random(rng) * 100.0 > threshold) {
      long long frame = (long long)((double)t->nframes * pyrandom_random(rng));
      uint64_t bit = 1ULL << (frame % 64);
      if (!(taken[frame / 64] & bit)) {
        taken[frame / 64] |= bit;
        t->pfn[vpn] = (int32_t)frame;
        break;
      }
    }
  }
  free(taken);
  return true;
}

void linear_free(linear_table *t) {
  free(t->pfn);
  t->pfn = NULL;
}

static long long page_mask(const linear_table *t) {
  return (1LL << t->page_bits) - 1;
}

long long linear_vpn(const linear_table *t, long long vaddr) {
  uint64_t low32 = (uint64_t)vaddr & 0xFFFFFFFFu;
  return (long long)((low32 & ~(uint64_t)page_mask(t)) >> t->page_bits);
}

bool linear_translate(const linear_table *t, long long vaddr, long long *paddr) {
  int32_t frame = t->pfn[linear_vpn(t, vaddr)];
  if (frame < 0)
    return false;
  /* Python's & on a negative number sees its two's complement, as here. */
  *paddr = ((long long)frame << t->page_bits) | (long long)((uint64_t)vaddr & page_mask(t));
  return true;
}
